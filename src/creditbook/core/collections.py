"""Collections (催收): the dunning stage by days overdue, and each customer's overdue lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from creditbook.core.money import from_fen
from creditbook.core.policy import DunningStage, Policy, resolve_policy
from creditbook.core.receivables import OpenLines, open_lines


def dunning_stage(max_days_overdue: int, policy: Policy | str | None = None) -> DunningStage | None:
    """The stage for a customer's longest overdue: 1–30 付款提醒 … over 180 法律程序.

    None when nothing is overdue (0 days or less).
    """
    found = None
    for stage in resolve_policy(policy).dunning:
        if max_days_overdue >= stage.min_days:
            found = stage
    return found


@dataclass(frozen=True)
class OverdueLine:
    """An overdue invoice as listed in a collection letter (Decimal yuan)."""

    invoice_no: str
    invoice_date: dt.date
    due_date: dt.date
    amount: Decimal
    received: Decimal
    open: Decimal
    days_overdue: int


@dataclass(frozen=True)
class DunningCase:
    """One customer to collect from, as of a date: the stage is set by its longest overdue.

    Attributes:
        amount_owed: the whole open balance on the date (credit notes netted).
        overdue_amount: the part of it past due.
        lines: the overdue invoices, longest overdue first.
    """

    customer_id: str
    customer_name: str
    as_of: dt.date
    stage: DunningStage
    amount_owed: Decimal
    overdue_amount: Decimal
    max_days_overdue: int
    lines: tuple[OverdueLine, ...]


def dunning_cases(
    ledger: pd.DataFrame,
    as_of: dt.date,
    policy: Policy | str | None = None,
    names: dict[str, str] | None = None,
) -> tuple[DunningCase, ...]:
    """Every customer with a debit line overdue on ``as_of``, with its stage and lines.

    ``names`` (客户编码 → 客户名称, e.g. from the register) overrides the ledger's names.
    """
    policy = resolve_policy(policy)
    lines = open_lines(ledger, as_of)
    n = len(lines.customers)
    past_due = lines.days_overdue > 0
    owed = np.bincount(lines.customer, weights=lines.open, minlength=n).round()
    overdue_sum = np.bincount(
        lines.customer[past_due], weights=lines.open[past_due], minlength=n
    ).round()
    overdue = np.flatnonzero(past_due & (lines.open > 0))
    overdue = overdue[np.lexsort((-lines.days_overdue[overdue], lines.customer[overdue]))]
    records = _overdue_lines(ledger, lines, overdue)
    bounds = np.flatnonzero(np.diff(lines.customer[overdue])) + 1
    starts = [0, *bounds.tolist()]
    ends = [*bounds.tolist(), len(overdue)]
    cases = []
    for start, end in zip(starts, ends, strict=True):
        if start == end:
            continue
        code = lines.customer[overdue[start]]
        longest = int(lines.days_overdue[overdue[start]])
        stage = dunning_stage(longest, policy)
        if stage is None:
            continue
        customer_id = str(lines.customers[code])
        cases.append(
            DunningCase(
                customer_id=customer_id,
                customer_name=(names or {}).get(customer_id) or str(lines.names[code]),
                as_of=as_of,
                stage=stage,
                amount_owed=from_fen(int(owed[code])),
                overdue_amount=from_fen(int(overdue_sum[code])),
                max_days_overdue=longest,
                lines=tuple(records[start:end]),
            )
        )
    return tuple(cases)


def _overdue_lines(ledger: pd.DataFrame, lines: OpenLines, picked: np.ndarray) -> list[OverdueLine]:
    """The picked open lines as records, converting each column once."""
    rows = lines.index[picked]
    numbers = ledger["invoice_no"].to_numpy(object)[rows]
    issued = pd.DatetimeIndex(ledger["invoice_date"].to_numpy()[rows]).date
    due = pd.DatetimeIndex(ledger["due_date"].to_numpy()[rows]).date
    return [
        OverdueLine(
            invoice_no=str(number),
            invoice_date=issued_on,
            due_date=due_on,
            amount=from_fen(amount),
            received=from_fen(received),
            open=from_fen(still_open),
            days_overdue=days,
        )
        for number, issued_on, due_on, amount, received, still_open, days in zip(
            numbers,
            issued,
            due,
            lines.amount[picked].tolist(),
            lines.received[picked].tolist(),
            lines.open[picked].tolist(),
            lines.days_overdue[picked].tolist(),
            strict=True,
        )
    ]
