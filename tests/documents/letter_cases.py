"""Dunning cases for letter tests, shaped like the receivables core's DunningCase."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from creditbook.core.policy import preset

AS_OF = dt.date(2026, 11, 30)


@dataclass(frozen=True)
class Line:
    invoice_no: str
    invoice_date: dt.date
    due_date: dt.date
    amount: Decimal
    received: Decimal
    days_overdue: int


@dataclass(frozen=True)
class Case:
    customer_id: str
    customer_name: str
    stage: object
    max_days_overdue: int
    lines: tuple[Line, ...]


def make_case(customer_id: str, name: str, days: int, amount: str = "12128.27") -> Case:
    stage = next(s for s in reversed(preset("abc").dunning) if days >= s.min_days)
    due = AS_OF - dt.timedelta(days=days)
    line = Line(
        invoice_no=f"XS-{customer_id}-001",
        invoice_date=due - dt.timedelta(days=45),
        due_date=due,
        amount=Decimal(amount),
        received=Decimal("0.00"),
        days_overdue=days,
    )
    return Case(customer_id, name, stage, days, (line,))
