"""先进先出: receipts and credit memos settle the oldest open debits first."""

from __future__ import annotations

import datetime as dt

import pytest

from creditbook.core.fifo import Entry, Item, Memo, apply_fifo

D = dt.date


def opened(result):
    return [(i.voucher, i.open) for i in result.open_items()]


def test_a_receipt_spans_several_invoices_oldest_first():
    """期初 200.00; 销售 1,000.00 and 500.00; 收款 1,350.00 → 350.00 of the 500.00 stays open."""
    result = apply_fifo(
        [
            Entry(D(2026, 1, 5), 100000, 0, "V1"),
            Entry(D(2026, 2, 5), 50000, 0, "V2"),
            Entry(D(2026, 3, 1), 0, 135000, "R1"),
        ],
        opening=20000,
        opening_day=D(2026, 1, 1),
    )
    assert opened(result) == [("V2", 35000)]
    first, v1, v2 = result.items
    assert (first.opening, first.applied, first.settled_on) == (True, 20000, D(2026, 3, 1))
    assert (v1.applied, v1.settled_on) == (100000, D(2026, 3, 1))
    assert (v2.applied, v2.settled_on) == (15000, D(2026, 3, 1))
    assert result.unapplied == 0 and result.balance == 35000


def test_a_receipt_larger_than_everything_open_is_a_prepayment_used_by_later_invoices():
    result = apply_fifo(
        [
            Entry(D(2026, 4, 1), 30000, 0, "V1"),
            Entry(D(2026, 4, 20), 0, 50000, "R1"),
            Entry(D(2026, 5, 3), 12000, 0, "V2"),
        ]
    )
    assert opened(result) == []
    assert result.items[1].settled_on == D(2026, 5, 3)
    assert (result.unapplied, result.unapplied_since) == (8000, D(2026, 4, 20))
    assert result.balance == -8000


def test_a_red_debit_is_a_credit_memo_and_a_red_credit_reopens_a_debit():
    result = apply_fifo(
        [
            Entry(D(2026, 6, 1), 80000, 0, "V1"),
            Entry(D(2026, 6, 9), -5000, 0, "CM1", "销售退回"),
            Entry(D(2026, 6, 30), 0, 75000, "R1"),
            Entry(D(2026, 7, 2), 0, -75000, "R1-冲", "退票"),
        ]
    )
    assert opened(result) == [("R1-冲", 75000)]
    assert result.items[0].applied == 80000
    assert result.balance == 75000


def test_a_credit_opening_balance_waits_for_the_first_invoice():
    result = apply_fifo([Entry(D(2026, 2, 1), 1000, 0, "V1")], -3000, D(2026, 1, 1))
    assert opened(result) == []
    assert (result.unapplied, result.unapplied_since) == (2000, D(2026, 1, 1))


def test_one_fen_lines_each_settle_and_reopen_with_their_own_date_voucher_and_summary():
    """Every sign test sits at 0: a line of ¥0.01 is a line, on either side."""
    result = apply_fifo(
        [
            Entry(D(2026, 2, 1), 1, 0, "V1", "销售"),
            Entry(D(2026, 2, 2), -1, 0, "CM1", "红字冲销"),  # settles the opening 0.01
            Entry(D(2026, 2, 3), 0, 1, "R1", "收款"),  # settles V1
            Entry(D(2026, 2, 4), 0, -1, "R1-冲", "退票"),  # reopens 0.01 of its own
        ],
        opening=1,
        opening_day=D(2026, 1, 1),
    )
    assert result.items == (
        Item(
            D(2026, 1, 1),
            "期初余额",
            "期初余额",
            1,
            1,
            D(2026, 2, 2),
            opening=True,
            memos=(Memo(D(2026, 2, 2), "CM1", "红字冲销", 1),),  # settled by the memo alone
        ),
        Item(D(2026, 2, 1), "V1", "销售", 1, 1, D(2026, 2, 3), received_on=D(2026, 2, 3)),
        Item(D(2026, 2, 4), "R1-冲", "退票", 1, 0, None),
    )
    assert (result.unapplied, result.unapplied_since, result.balance) == (0, None, 1)


def test_a_one_fen_credit_opening_settles_the_first_invoice_on_its_day():
    result = apply_fifo([Entry(D(2026, 2, 1), 500, 0, "V1")], opening=-1, opening_day=D(2026, 1, 1))
    assert result.items == (
        Item(D(2026, 2, 1), "V1", "", 500, 1, D(2026, 2, 1), received_on=D(2026, 2, 1)),
    )
    assert (result.unapplied, result.unapplied_since, result.balance) == (0, None, 499)


def test_a_zero_opening_is_no_line_and_no_prepayment():
    result = apply_fifo([Entry(D(2026, 2, 1), 500, 0, "V1")], opening=0, opening_day=D(2026, 1, 1))
    assert result.items == (Item(D(2026, 2, 1), "V1", "", 500, 0, None),)
    assert (result.unapplied, result.unapplied_since) == (0, None)


def test_an_exactly_settled_invoice_leaves_the_queue_so_the_next_credit_is_a_prepayment():
    result = apply_fifo(
        [
            Entry(D(2026, 3, 1), 1000, 0, "V1"),
            Entry(D(2026, 3, 5), 0, 1000, "R1"),
            Entry(D(2026, 3, 9), 0, 300, "R2"),
        ]
    )
    assert result.items == (
        Item(D(2026, 3, 1), "V1", "", 1000, 1000, D(2026, 3, 5), received_on=D(2026, 3, 5)),
    )
    assert (result.unapplied, result.unapplied_since, result.balance) == (300, D(2026, 3, 9), -300)


def test_an_opening_debit_without_a_day_is_refused():
    with pytest.raises(ValueError, match=r"^an opening debit balance needs its day to be aged$"):
        apply_fifo([], opening=5000)


def test_each_credit_memo_is_kept_on_the_debits_it_settled_apart_from_the_receipts():
    """A 红字 −1,500.00 spans two debits (1,000.00 left of V1, 500.00 of V2); the receipt
    before it is V1's ``received``, the memo parts are each debit's ``memos``."""
    result = apply_fifo(
        [
            Entry(D(2026, 3, 1), 300000, 0, "V1", "销售"),
            Entry(D(2026, 3, 2), 200000, 0, "V2", "销售"),
            Entry(D(2026, 4, 1), 0, 200000, "R1", "收款"),
            Entry(D(2026, 4, 9), -150000, 0, "CM1", "红字退货"),
            Entry(D(2026, 5, 1), 0, 10000, "R2", "收款"),
        ]
    )
    v1, v2 = result.items
    assert (v1.applied, v1.received, v1.received_on) == (300000, 200000, D(2026, 4, 1))
    assert v1.memos == (Memo(D(2026, 4, 9), "CM1", "红字退货", 100000),)
    assert (v2.applied, v2.received, v2.received_on) == (60000, 10000, D(2026, 5, 1))
    assert v2.memos == (Memo(D(2026, 4, 9), "CM1", "红字退货", 50000),)
    assert (v2.settled_on, result.balance) == (D(2026, 5, 1), 140000)


def test_the_opening_item_carries_the_statements_own_words():
    """上年结转 stays 上年结转 on the open-items list a letter prints; unnamed, it is 期初余额."""
    named = apply_fifo([], opening=80000, opening_day=D(2026, 1, 1), opening_label="上年结转")
    assert [(i.voucher, i.summary, i.open) for i in named.open_items()] == [
        ("上年结转", "上年结转", 80000)
    ]
    plain = apply_fifo([], opening=80000, opening_day=D(2026, 1, 1))
    assert [(i.voucher, i.summary) for i in plain.items] == [("期初余额", "期初余额")]
