"""Dunning stages and the overdue lines that collection letters list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from ledger_rows import AS_OF, ledger

from creditbook.core.collections import dunning_cases, dunning_stage


@pytest.mark.parametrize(
    ("days", "stage"),
    [
        (0, None),
        (1, "付款提醒"),
        (30, "付款提醒"),
        (31, "催款"),
        (90, "催款"),
        (91, "最后催告"),
        (180, "最后催告"),
        (181, "法律程序"),
    ],
)
def test_stage_by_days_overdue(days, stage):
    found = dunning_stage(days)
    assert (found.stage if found else None) == stage


def test_one_case_per_customer_at_its_highest_stage_with_its_overdue_lines():
    frame = ledger(
        ("C1", "A", "2026-08-01", "2026-10-30", "1000.00", "200.00", "2026-11-01"),
        ("C1", "B", "2026-06-01", "2026-07-01", "500.00", "0", None),
        ("C1", "C", "2026-11-01", "2026-12-31", "300.00", "0", None),
        ("C2", "D", "2026-11-01", "2026-11-30", "300.00", "0", None),
        ("C3", "E", "2026-10-01", "2026-11-01", "300.00", "0", None),
    )
    cases = dunning_cases(frame, AS_OF, names={"C1": "上海甲商贸有限公司"})
    assert [c.customer_id for c in cases] == ["C1", "C3"]
    first = cases[0]
    assert first.customer_name == "上海甲商贸有限公司"
    assert first.stage.stage == "最后催告"  # B is 152 days overdue: its stage rules
    assert first.max_days_overdue == (AS_OF - dt.date(2026, 7, 1)).days
    assert first.amount_owed == Decimal("1600.00")
    assert first.overdue_amount == Decimal("1300.00")
    assert [line.invoice_no for line in first.lines] == ["B", "A"]
    line = first.lines[1]
    assert (line.amount, line.received, line.open, line.days_overdue) == (
        Decimal("1000.00"),
        Decimal("200.00"),
        Decimal("800.00"),
        31,
    )
    assert cases[1].stage.stage == "付款提醒"


def test_credits_are_netted_listed_after_the_invoices_and_can_leave_nothing_to_chase():
    from creditbook.core.collections import collection_review

    frame = ledger(
        ("C1", "A", "2026-08-01", "2026-09-30", "10000.00", "0", None),
        ("C1", "CN", "2026-11-10", "2026-12-10", "-3000.00", "0", None),  # not yet "due"
        ("C2", "B", "2026-10-01", "2026-11-10", "2000.00", "0", None),
        ("C2", "SK", "2026-11-20", "2026-11-20", "-2500.00", "0", None),
        ("C3", "C", "2026-09-01", "2026-10-16", "1000.00", "999.99", "2026-11-01"),
    )
    cases = {c.customer_id: c for c in collection_review(frame, AS_OF)}
    first = cases["C1"]
    assert first.overdue_amount == Decimal("7000.00") and not first.skip_reason
    assert [(ln.invoice_no, ln.open, ln.note) for ln in first.lines] == [
        ("A", Decimal("10000.00"), ""),
        ("CN", Decimal("-3000.00"), "贷项冲减"),
    ]
    assert cases["C2"].overdue_amount == Decimal("0.00") and cases["C2"].stage is None
    assert cases["C2"].skip_reason.startswith("红字发票/未核销收款冲抵后无逾期欠款")
    assert cases["C3"].stage.stage == "催款"  # 45 days, yet only 0.01 is left
    assert cases["C3"].skip_reason.startswith("逾期金额 ¥0.01 低于起催金额 ¥100.00")
    assert [c.customer_id for c in dunning_cases(frame, AS_OF)] == ["C1"]


def test_overdue_before_the_policys_first_stage_gets_no_letter_and_says_why():
    from creditbook.core.collections import collection_review
    from creditbook.core.policy import DEFAULT_PRESET, preset

    default = preset(DEFAULT_PRESET)
    later = tuple(s.model_copy(update={"min_days": s.min_days + 14}) for s in default.dunning)
    policy = default.model_copy(update={"dunning": later})  # 付款提醒 from day 15
    frame = ledger(
        ("C1", "A", "2026-10-01", "2026-11-25", "5000.00", "0", None),  # 5 days overdue
        ("C2", "B", "2026-10-01", "2026-11-10", "5000.00", "0", None),  # 20 days overdue
    )
    cases = {c.customer_id: c for c in collection_review(frame, AS_OF, policy)}
    assert cases["C1"].stage is None
    assert cases["C1"].skip_reason == (
        "最长逾期 5 天，未到首个催收阶段（逾期 15 天起） "
        "not yet at the policy's first dunning stage"
    )
    assert cases["C2"].stage.stage == "付款提醒" and cases["C2"].skip_reason == ""
    assert [c.customer_id for c in dunning_cases(frame, AS_OF, policy)] == ["C2"]


def test_the_letter_minimum_is_inclusive_to_the_fen():
    from creditbook.core.collections import skip_reason

    minimum = Decimal("100.00")
    assert skip_reason(Decimal("100.00"), minimum) == ""
    assert skip_reason(Decimal("99.99"), minimum) == (
        "逾期金额 ¥99.99 低于起催金额 ¥100.00 below the policy's minimum"
    )
    assert skip_reason(Decimal("0.00"), minimum) == (
        "红字发票/未核销收款冲抵后无逾期欠款 nothing overdue after credits"
    )
    assert skip_reason(Decimal("-0.01"), minimum).startswith("红字发票")


def test_each_credit_line_is_labelled_as_the_letter_prints_it():
    from creditbook.core.collections import collection_review

    frame = ledger(
        ("C1", "XS-01", "2026-08-01", "2026-09-30", "5000.00", "0", None),
        ("C1", "XS-02", "2026-09-01", "2026-10-31", "0.01", "0", None),  # one fen still open
        ("C1", "HZ-01", "2026-10-05", "2026-10-05", "-0.01", "0", None),  # 红字 of one fen
        ("C1", "XS-03", "2026-10-10", "2026-11-09", "1000.00", "1200.00", "2026-11-09"),
    )
    (case,) = collection_review(frame, AS_OF)
    assert [(ln.invoice_no, ln.open, ln.kind, ln.note) for ln in case.lines] == [
        ("XS-01", Decimal("5000.00"), "invoice", ""),
        ("XS-02", Decimal("0.01"), "invoice", ""),
        ("HZ-01", Decimal("-0.01"), "credit_note", "贷项冲减"),
        ("XS-03", Decimal("-200.00"), "receipt", "未核销收款"),
    ]
    assert case.overdue_amount == Decimal("4800.00")  # 5,000.00 + 0.01 − 0.01 − 200.00
