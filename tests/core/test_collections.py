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
