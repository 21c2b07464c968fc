"""付款记录 and 账龄 figure by figure: on time on the due date, late by days, credit notes,
settled lines without a 收款日期, lines due today, and the totals row of the aging table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from ledger_rows import AS_OF, ledger

from creditbook.core.receivables import (
    CustomerAging,
    PaymentBehaviour,
    age,
    behaviour_record,
    payment_behaviour,
)

D = Decimal
ROWS = (
    ("KH01", "XS-1", "2026-06-01", "2026-07-01", "1000", "1000", "2026-07-01"),  # on the day
    ("KH01", "XS-2", "2026-07-01", "2026-08-01", "3000", "3000", "2026-08-11"),  # 10 days late
    ("KH01", "XS-3", "2026-09-01", "2026-10-01", "2000", "500", None),  # 1,500 open, 60 days
    ("KH01", "HC-1", "2026-09-15", "2026-09-15", "-400", "0", None),  # 红字 credit note
    ("KH01", "XS-4", "2026-11-10", "2026-11-30", "700", "0", None),  # due today: pending
    ("KH02", "XS-8", "2026-10-01", "2026-11-29", "900", "900", None),  # paid, date unknown
    ("KH02", "XS-9", "2026-11-01", "2026-12-01", "100", "100", None),  # paid before due
    ("KH03", "XS-7", "2026-01-01", "2026-02-01", "250.50", "0", None),  # 302 days
)


@pytest.fixture
def records():
    table = payment_behaviour(ledger(*ROWS), AS_OF)
    return {r.customer_id: r for r in map(behaviour_record, table.to_dict("records"))}


def test_late_lines_count_by_number_and_by_amount(records):
    first = records["KH01"]
    assert (first.judged, first.on_time, first.overdue_count) == (3, 1, 2)
    assert first.on_time_rate == pytest.approx(1 / 3)
    assert first.on_time_rate_amount == pytest.approx(1000 / 6000)
    assert (first.average_days_late, first.max_days_late) == (35.0, 60)
    assert first.overdue_amount == D("1100.00")  # 1,500 open less the 400 credit note
    assert first.first_invoice == dt.date(2026, 6, 1)


def test_a_settled_line_without_a_date_is_judged_only_if_not_yet_due(records):
    assert records["KH02"] == PaymentBehaviour(
        "KH02", 1, 1, 1.0, 1.0, 0, D("0.00"), None, 0, dt.date(2026, 10, 1)
    )


def test_an_unpaid_line_is_late_by_its_days_past_due(records):
    assert records["KH03"] == PaymentBehaviour(
        "KH03", 1, 0, 0.0, 0.0, 1, D("250.50"), 302.0, 302, dt.date(2026, 1, 1), 302
    )


def test_grace_days_forgive_a_payment_that_many_days_late_but_not_one_more():
    frame = ledger(
        ("KH05", "XS-1", "2026-06-01", "2026-07-01", "1000", "1000", "2026-07-06"),
        ("KH05", "XS-2", "2026-07-01", "2026-08-01", "1000", "1000", "2026-08-07"),
    )
    (row,) = payment_behaviour(frame, AS_OF, grace_days=5).to_dict("records")
    record = behaviour_record(row)
    assert (record.judged, record.on_time, record.overdue_count, record.max_days_late) == (
        2,
        1,
        1,
        6,
    )


def test_the_aging_table_by_bucket_and_its_totals():
    aging = age(ledger(*ROWS), AS_OF)
    assert [r.customer_id for r in aging.records()] == ["KH01", "KH03"]  # KH02 settled
    first = aging.records()[0]
    assert first == CustomerAging(
        "KH01",
        "KH01公司",
        (
            ("未到期", D("700.00")),
            ("1-30天", D("0.00")),
            ("31-60天", D("1500.00")),
            ("61-90天", D("-400.00")),
            ("91-180天", D("0.00")),
            ("181-365天", D("0.00")),
            ("365天以上", D("0.00")),
        ),
        D("1800.00"),
        D("1100.00"),
        60,
    )
    assert aging.totals() == {
        "未到期": 70000,
        "1-30天": 0,
        "31-60天": 150000,
        "61-90天": -40000,
        "91-180天": 0,
        "181-365天": 25050,
        "365天以上": 0,
        "total": 205050,
        "overdue": 135050,
        "max_days_overdue": 302,
    }


def test_settled_customers_are_kept_on_request_with_zero_balances():
    aging = age(ledger(*ROWS), AS_OF, include_settled=True)
    assert [(r.customer_id, r.total, r.max_days_overdue) for r in aging.records()] == [
        ("KH01", D("1800.00"), 60),
        ("KH02", D("0.00"), 0),
        ("KH03", D("250.50"), 302),
    ]


def test_an_empty_aging_has_zero_totals():
    aging = age(ledger(*ROWS), dt.date(2025, 1, 1))  # before any invoice
    assert aging.records() == ()
    assert aging.totals()["max_days_overdue"] == 0 and aging.totals()["total"] == 0
