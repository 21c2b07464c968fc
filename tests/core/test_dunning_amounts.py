"""What a dunning case says is owed: credit notes and part payments are netted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ledger_rows import AS_OF, ledger

from creditbook.core.collections import collection_review, dunning_cases, dunning_stage
from creditbook.core.policy import preset


def test_a_credit_note_reduces_what_is_owed():
    frame = ledger(
        ("KH0001", "XS-1001", "2026-08-01", "2026-09-30", "10000.00", "0", None),
        ("KH0001", "HC-0007", "2026-10-15", "2026-10-15", "-2000.00", "0", None),  # 红字
    )
    (case,) = dunning_cases(frame, AS_OF)
    assert case.amount_owed == Decimal("8000.00")
    assert case.overdue_amount == Decimal("8000.00")
    # the note is shown after the invoice, so the letter's table reads 10,000.00 − 2,000.00
    assert [(line.invoice_no, line.open, line.kind) for line in case.lines] == [
        ("XS-1001", Decimal("10000.00"), "invoice"),
        ("HC-0007", Decimal("-2000.00"), "credit_note"),
    ]
    assert case.max_days_overdue == 61


def test_a_part_payment_leaves_only_the_balance_open():
    frame = ledger(
        ("KH0002", "XS-2001", "2026-08-01", "2026-10-01", "10000.00", "4000.00", "2026-10-20"),
        ("KH0002", "XS-2002", "2026-11-01", "2026-12-31", "2500.50", "0", None),
    )
    (case,) = dunning_cases(frame, AS_OF)
    assert case.amount_owed == Decimal("8500.50")  # 6,000.00 overdue + 2,500.50 not yet due
    assert case.overdue_amount == Decimal("6000.00")
    (line,) = case.lines
    assert (line.amount, line.received, line.open) == (
        Decimal("10000.00"),
        Decimal("4000.00"),
        Decimal("6000.00"),
    )
    assert line.days_overdue == 60


def test_a_payment_received_after_the_as_of_date_is_still_owed_on_that_day():
    frame = ledger(
        ("KH0003", "XS-3001", "2026-08-01", "2026-10-01", "5000.00", "5000.00", "2026-12-05"),
    )
    (case,) = dunning_cases(frame, AS_OF)
    assert case.amount_owed == Decimal("5000.00")
    assert case.lines[0].received == Decimal("0.00")


def test_a_customer_whose_credit_notes_cover_the_overdue_invoice_owes_nothing_overdue():
    frame = ledger(
        ("KH0004", "XS-4001", "2026-08-01", "2026-10-01", "3000.00", "0", None),
        ("KH0004", "HC-4001", "2026-10-05", "2026-10-05", "-3000.00", "0", None),
    )
    assert dunning_cases(frame, AS_OF) == ()  # no letter
    (case,) = collection_review(frame, AS_OF)
    assert case.amount_owed == Decimal("0.00")
    assert case.overdue_amount == Decimal("0.00")
    assert case.skip_reason == "红字发票/未核销收款冲抵后无逾期欠款 nothing overdue after credits"


def test_an_invoice_due_today_is_owed_but_not_yet_demanded():
    frame = ledger(
        ("KH0005", "XS-5001", "2026-09-01", "2026-10-31", "1200.00", "0", None),
        ("KH0005", "XS-5002", "2026-10-31", "2026-11-30", "800.00", "0", None),  # due today
    )
    (case,) = dunning_cases(frame, AS_OF)
    assert (case.customer_id, case.customer_name, case.as_of) == ("KH0005", "KH0005公司", AS_OF)
    assert (case.amount_owed, case.overdue_amount) == (Decimal("2000.00"), Decimal("1200.00"))
    assert [line.invoice_no for line in case.lines] == ["XS-5001"]
    assert (case.lines[0].invoice_date, case.lines[0].due_date) == (
        dt.date(2026, 9, 1),
        dt.date(2026, 10, 31),
    )


def test_the_stages_come_from_the_policy_given():
    abc = preset("abc")
    stages = list(abc.dunning)
    stages[1] = stages[1].model_copy(update={"min_days": 15})
    quicker = abc.model_copy(update={"dunning": tuple(stages)})
    frame = ledger(("KH0006", "XS-6001", "2026-09-01", "2026-11-10", "500.00", "0", None))
    assert [c.stage.stage for c in dunning_cases(frame, AS_OF)] == ["付款提醒"]  # 20 days
    assert [c.stage.stage for c in dunning_cases(frame, AS_OF, quicker)] == ["催款"]
    assert dunning_stage(20, quicker).stage == "催款"
    assert dunning_stage(20).stage == "付款提醒"


def test_a_blank_name_in_the_register_keeps_the_ledger_name():
    frame = ledger(("KH0007", "XS-7001", "2026-09-01", "2026-10-01", "500.00", "0", None))
    (case,) = dunning_cases(frame, AS_OF, names={"KH0007": ""})
    assert case.customer_name == "KH0007公司"
