"""Promises to pay and disputed invoices from the contact log, applied to dunning cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from ledger_rows import AS_OF, ledger

from creditbook.core.collections import collection_review
from creditbook.core.promises import (
    Promise,
    apply_follow_ups,
    disputes_from,
    follow_ups,
    judge,
    promises_from,
    receipts_since,
)

COLUMNS = (
    "date",
    "customer_id",
    "staff",
    "purpose",
    "outcome",
    "promised_date",
    "promised_amount",
    "invoice_no",
    "dispute_reason",
)


def log(*rows: tuple) -> pd.DataFrame:
    """Rows of (日期, 客户编码, 经办人, 事由, 结果, 承诺日期, 承诺金额 yuan, 单据号, 争议原因)."""
    amounts = [None if r[6] is None else int(Decimal(r[6]) * 100) for r in rows]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("date", "promised_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    frame["promised_amount"] = pd.Series(amounts, dtype="Int64")
    frame["row"] = range(5, 5 + len(frame))
    return frame


# C1 owes A 60,000.00 (due 2026-10-01, 60 days overdue) and B 40,000.00 (due 2026-11-10,
# 20 days overdue): overdue 100,000.00, stage 催款 (A's 60 days).
BOOKS = ledger(
    ("C1", "A", "2026-09-01", "2026-10-01", "60000.00", "0", None),
    ("C1", "B", "2026-10-10", "2026-11-10", "40000.00", "0", None),
    ("C2", "C", "2026-10-01", "2026-11-20", "8000.00", "0", None),
)


def _case(contacts, customer="C1", policy=None):
    cases = collection_review(BOOKS, AS_OF, policy)
    changed = apply_follow_ups(cases, follow_ups(contacts, BOOKS, AS_OF, policy), policy)
    return next(c for c in changed if c.customer_id == customer)


def test_an_open_promise_for_the_whole_overdue_holds_the_letter_with_its_reason():
    contacts = log(
        ("2026-11-25", "C1", "周敏", "催收", "已承诺付款", "2026-12-10", "100000", "", ""),
    )
    case = _case(contacts)
    assert case.held == Decimal("100000.00")
    assert case.demanded == Decimal("0.00")
    assert case.skip_reason == "暂缓（承诺 2026-12-10 付 100,000.00）"


def test_a_partial_promise_leaves_a_letter_for_the_rest():
    contacts = log(
        ("2026-11-25", "C1", "周敏", "催收", "部分回款承诺", "2026-12-10", "50000", "", ""),
    )
    case = _case(contacts)
    assert (case.held, case.demanded, case.skip_reason) == (
        Decimal("50000.00"),
        Decimal("50000.00"),
        "",
    )
    assert case.stage.stage == "催款"  # an open promise does not change the stage


def test_a_promise_is_held_through_its_grace_days_then_broken_the_day_after():
    promise = Promise("C1", dt.date(2026, 11, 5), dt.date(2026, 11, 20), Decimal("50000.00"))
    assert judge(promise, Decimal("0"), dt.date(2026, 11, 23), 3).status == "open"
    late = judge(promise, Decimal("0"), dt.date(2026, 11, 24), 3)
    assert (late.status, late.remaining) == ("broken", Decimal("50000.00"))
    part = judge(promise, Decimal("20000.00"), dt.date(2026, 11, 24), 3)
    assert (part.status, part.remaining) == ("broken", Decimal("30000.00"))
    paid = judge(promise, Decimal("50000.00"), dt.date(2026, 11, 24), 3)
    assert (paid.status, paid.remaining) == ("kept", Decimal("0.00"))


def test_a_broken_promise_is_cited_and_moves_the_letter_one_stage_up():
    contacts = log(
        ("2026-11-05", "C1", "周敏", "催收", "已承诺付款", "2026-11-20", "50000", "", ""),
    )
    case = _case(contacts)
    assert case.stage.stage == "最后催告"
    assert case.escalated_from == "催款"
    assert case.held == Decimal("0.00")
    assert case.demanded == Decimal("100000.00")
    assert [p.citation for p in case.broken] == [
        "贵司于2026年11月5日承诺于2026年11月20日前支付人民币50,000.00元，截至本函发出之日仍未支付"
    ]


def test_the_policy_switch_keeps_the_stage_and_still_cites_the_broken_promise():
    from creditbook.core.policy import preset

    base = preset("abc")
    quiet = base.model_copy(
        update={
            "collections": base.collections.model_copy(update={"broken_promise_escalates": False})
        }
    )
    contacts = log(
        ("2026-11-05", "C1", "周敏", "催收", "已承诺付款", "2026-11-20", "50000", "", ""),
    )
    case = _case(contacts, policy=quiet)
    assert (case.stage.stage, case.escalated_from, len(case.broken)) == ("催款", "", 1)


def test_a_kept_promise_changes_nothing():
    books = ledger(
        ("C1", "A", "2026-09-01", "2026-10-01", "60000.00", "50000.00", "2026-11-18"),
    )
    contacts = log(
        ("2026-11-05", "C1", "周敏", "催收", "已承诺付款", "2026-11-20", "50000", "", ""),
    )
    assert receipts_since(books, "C1", dt.date(2026, 11, 5), AS_OF) == Decimal("50000.00")
    cases = collection_review(books, AS_OF)
    (case,) = apply_follow_ups(cases, follow_ups(contacts, books, AS_OF))
    assert (case.stage.stage, case.broken, case.held, case.demanded) == (
        "催款",
        (),
        Decimal("0.00"),
        Decimal("10000.00"),
    )


def test_receipts_before_the_promise_was_made_do_not_keep_it():
    books = ledger(
        ("C1", "A", "2026-09-01", "2026-10-01", "60000.00", "50000.00", "2026-11-04"),
    )
    contacts = log(
        ("2026-11-05", "C1", "周敏", "催收", "已承诺付款", "2026-11-20", "10000", "", ""),
    )
    (judged,) = follow_ups(contacts, books, AS_OF)["C1"].promises
    assert (judged.status, judged.received) == ("broken", Decimal("0.00"))


def test_the_staff_can_record_a_promise_as_kept_or_broken():
    promise = Promise(
        "C1", dt.date(2026, 11, 5), dt.date(2026, 11, 20), Decimal("500.00"), "未按承诺付款"
    )
    assert judge(promise, Decimal("0"), dt.date(2026, 11, 21), 3).status == "broken"
    kept = Promise(
        "C1", dt.date(2026, 11, 5), dt.date(2026, 11, 20), Decimal("500.00"), "已按承诺付款"
    )
    assert judge(kept, Decimal("0"), dt.date(2026, 11, 30), 3).status == "kept"


def test_promises_made_after_the_date_and_rows_without_a_date_or_amount_are_no_promise():
    contacts = log(
        ("2026-12-01", "C1", "周敏", "催收", "已承诺付款", "2026-12-10", "100", "", ""),
        ("2026-11-01", "C1", "周敏", "催收", "已承诺付款", None, None, "", ""),
        ("2026-11-02", "C1", "周敏", "客户回访", "已完成", None, "0", "", ""),
    )
    assert promises_from(contacts, AS_OF) == ()


def test_a_disputed_invoice_leaves_the_letter_and_is_listed_with_its_reason():
    contacts = log(
        ("2026-11-10", "C1", "周敏", "争议", "质量异议", None, None, "B", "第3批货物划伤"),
    )
    case = _case(contacts)
    assert [ln.invoice_no for ln in case.lines] == ["A"]
    assert [(d.line.invoice_no, d.reason, d.since) for d in case.disputed] == [
        ("B", "第3批货物划伤", dt.date(2026, 11, 10))
    ]
    assert (case.disputed_amount, case.demanded) == (Decimal("40000.00"), Decimal("60000.00"))


def test_a_resolved_dispute_is_demanded_again():
    contacts = log(
        ("2026-11-10", "C1", "周敏", "争议", "数量差异", None, None, "B", ""),
        ("2026-11-20", "C1", "周敏", "对账", "争议已解决", None, None, "B", ""),
    )
    assert disputes_from(contacts, BOOKS, AS_OF) == ()
    assert _case(contacts).demanded == Decimal("100000.00")


def test_a_ledger_column_marks_disputes_too():
    books = BOOKS.copy()
    books["争议"] = ["", "价格争议", "否"]
    (dispute,) = disputes_from(None, books, AS_OF)
    assert (dispute.customer_id, dispute.invoice_no, dispute.reason, dispute.since) == (
        "C1",
        "B",
        "价格争议",
        None,
    )


def test_dispute_and_promise_together_split_the_overdue_to_the_fen():
    contacts = log(
        ("2026-11-10", "C1", "周敏", "争议", "价格争议", None, None, "A", ""),
        ("2026-11-25", "C1", "周敏", "催收", "部分回款承诺", "2026-12-05", "25000.01", "", ""),
    )
    case = _case(contacts)
    assert case.disputed_amount == Decimal("60000.00")
    assert case.held == Decimal("25000.01")
    assert case.demanded == Decimal("14999.99")
    assert case.demanded + case.disputed_amount + case.held == case.overdue_amount


def test_a_promise_beyond_what_is_left_after_disputes_holds_only_that():
    contacts = log(
        ("2026-11-10", "C1", "周敏", "争议", "质量异议", None, None, "A", ""),
        ("2026-11-25", "C1", "周敏", "催收", "已承诺付款", "2026-12-05", "90000", "", ""),
    )
    case = _case(contacts)
    assert (case.held, case.demanded) == (Decimal("40000.00"), Decimal("0.00"))
    assert case.skip_reason == "暂缓（承诺 2026-12-05 付 90,000.00）"


def _signals(contacts, as_of=AS_OF):
    from creditbook.core.monitoring import review_customers

    reviews = review_customers(BOOKS, None, as_of, contacts=contacts)
    return {r.customer_id: [str(s) for s in r.signals] for r in reviews}


def test_monitor_warns_at_two_broken_promises_within_twelve_months():
    contacts = log(
        ("2026-10-01", "C1", "周敏", "催收", "已承诺付款", "2026-10-10", "1000", "", ""),
        ("2026-11-05", "C1", "周敏", "催收", "已承诺付款", "2026-11-20", "50000", "", ""),
        ("2025-10-01", "C2", "周敏", "催收", "已承诺付款", "2025-10-10", "1000", "", ""),
        ("2026-11-05", "C2", "周敏", "催收", "已承诺付款", "2026-11-20", "500", "", ""),
    )
    found = _signals(contacts)
    assert (
        "[预警] 近 12 个月未按承诺付款 2 次（承诺 2026-10-10 付 1,000.00、"
        "承诺 2026-11-20 付 50,000.00），达到预警线 2 次"
    ) in found["C1"]
    assert not [s for s in found["C2"] if "未按承诺付款" in s]  # one is 13 months old


def test_monitor_flags_a_dispute_older_than_thirty_days_for_escalation():
    contacts = log(
        ("2026-10-30", "C1", "周敏", "争议", "数量差异", None, None, "A", "少发 20 件"),
        ("2026-10-31", "C1", "周敏", "争议", "质量异议", None, None, "B", ""),
    )
    found = _signals(contacts)
    assert "[关注] 单据 A 争议已 31 天未解决（少发 20 件），超过 30 天，需升级处理" in found["C1"]
    assert not [s for s in found["C1"] if "单据 B" in s]  # 30 days: not yet


def test_monitor_without_a_contact_log_has_no_conversation_signals():
    found = _signals(None)
    assert not [s for s in found["C1"] if "承诺" in s or "争议" in s]


def test_a_handover_to_legal_moves_the_case_to_the_legal_stage_and_holds_nothing():
    from creditbook.core.promises import legal_handovers

    contacts = log(
        ("2026-11-20", "C1", "周敏", "催收", "已承诺付款", "2026-12-10", "50000", None, None),
        ("2026-11-24", "C1", "周敏", "催收", "已发律师函", None, None, None, None),
        ("2026-11-26", "C1", "周敏", "法律程序", "移交法务", None, None, None, None),
        ("2026-12-01", "C2", "周敏", "法律程序", "移交法务", None, None, None, None),
        ("2026-11-10", "C2", "周敏", "催收", "已承诺付款", "2026-11-12", "1", None, None),
    )
    assert legal_handovers(contacts, AS_OF) == {"C1": dt.date(2026, 11, 24)}
    case = _case(contacts)
    assert (case.stage.stage, case.stage.letter) == ("法律程序", "legal")
    assert case.handed_to_legal == dt.date(2026, 11, 24)
    assert (case.held, case.held_promises, case.skip_reason) == (Decimal(0), (), "")
    assert case.demanded == Decimal("100000.00")
    other = _case(contacts, "C2")  # handed over after the date: still its own stage
    assert other.handed_to_legal is None and other.stage.stage != "法律程序"


def test_monitor_shows_the_stage_a_broken_promise_raised_as_the_letters_do():
    # C2: 8,000.00 ten days overdue (付款提醒); it promised to pay on 2026-11-21 and did not,
    # so its letter is a 催款函 — monitor, given the same contact log, says 催款 as well.
    contacts = log(
        ("2026-11-05", "C2", "李四", "催收", "已承诺付款", "2026-11-21", "8000", "", ""),
    )
    assert _case(contacts, "C2").stage.stage == "催款"
    from creditbook.core.monitoring import review_customers

    reviews = {r.customer_id: r for r in review_customers(BOOKS, None, AS_OF, contacts=contacts)}
    assert reviews["C2"].dunning_stage == "催款"
    assert reviews["C1"].dunning_stage == "催款"  # no promise: the days decide
    plain = {r.customer_id: r for r in review_customers(BOOKS, None, AS_OF)}
    assert plain["C2"].dunning_stage == "付款提醒"
