"""Collections (催收): the dunning stage by days overdue, and the lines each letter lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from creditbook.core.money import ZERO, format_money, from_fen, round_fen
from creditbook.core.policy import DunningStage, Policy, resolve_policy
from creditbook.core.receivables import OpenLines, balances, open_lines


def dunning_stage(max_days_overdue: int, policy: Policy | str | None = None) -> DunningStage | None:
    """The stage for a customer's longest overdue: 1–30 付款提醒 … over 180 法律程序.

    None when nothing is overdue (0 days or less).
    """
    found = None
    for stage in resolve_policy(policy).dunning:
        if max_days_overdue >= stage.min_days:
            found = stage
    return found


# How a letter labels a credit line: a negative line (红字发票, a receipt booked as a credit)
# or a line received beyond its amount.
LINE_KINDS = {"invoice": "", "credit_note": "贷项冲减", "receipt": "未核销收款"}


@dataclass(frozen=True)
class OverdueLine:
    """A line of a collection letter's table (Decimal yuan): an overdue invoice, or a credit
    that reduces what is owed (``kind`` credit_note: a negative line such as a 红字发票 or
    a receipt not yet applied; receipt: received beyond the line's amount)."""

    invoice_no: str
    invoice_date: dt.date
    due_date: dt.date
    amount: Decimal
    received: Decimal
    open: Decimal
    days_overdue: int
    kind: str = "invoice"

    @property
    def note(self) -> str:
        return LINE_KINDS[self.kind]


@dataclass(frozen=True)
class DunningCase:
    """One customer to collect from, as of a date: the stage is set by its longest overdue.

    Attributes:
        amount_owed: the whole open balance on the date (credits netted).
        overdue_amount: the amount overdue (``receivables.balances``): overdue invoices less
            every open credit; the letter demands exactly this.
        lines: the overdue invoices, longest overdue first, then the credits; their open
            amounts add up to ``overdue_amount``.
        skip_reason: why no letter goes out ('' when one does): nothing left overdue after
            the credits, or less than the policy's minimum, or held for a promise to pay.
        disputed: overdue invoices taken out of ``lines`` while their dispute is checked
            (``core.promises.DisputedLine``).
        held: the part of the overdue amount an open promise to pay holds back.
        held_promises / broken: the open promises holding it; the broken promise the
            letter cites (``core.promises.JudgedPromise``).
        escalated_from: the stage before a broken promise moved the case one stage up.
        handed_to_legal: the day the contact log records the customer handed to the legal
            department (移交法务): from then on no letter, only the legal list.
    """

    customer_id: str
    customer_name: str
    as_of: dt.date
    stage: DunningStage | None
    amount_owed: Decimal
    overdue_amount: Decimal
    max_days_overdue: int
    lines: tuple[OverdueLine, ...]
    skip_reason: str = ""
    disputed: tuple[Any, ...] = ()
    held: Decimal = ZERO
    held_promises: tuple[Any, ...] = ()
    broken: tuple[Any, ...] = ()
    escalated_from: str = ""
    handed_to_legal: dt.date | None = None

    @property
    def disputed_amount(self) -> Decimal:
        return round_fen(sum((d.line.open for d in self.disputed), ZERO))

    @property
    def demanded(self) -> Decimal:
        """What the letter demands: the overdue amount less disputed invoices and held
        promises."""
        return round_fen(self.overdue_amount - self.disputed_amount - self.held)


def dunning_cases(
    ledger: pd.DataFrame,
    as_of: dt.date,
    policy: Policy | str | None = None,
    names: dict[str, str] | None = None,
) -> tuple[DunningCase, ...]:
    """Every customer to send a letter to on ``as_of``, with its stage and lines.

    ``names`` (客户编码 → 客户名称, e.g. from the register) overrides the ledger's names.
    """
    return tuple(c for c in collection_review(ledger, as_of, policy, names) if not c.skip_reason)


def collection_review(
    ledger: pd.DataFrame,
    as_of: dt.date,
    policy: Policy | str | None = None,
    names: dict[str, str] | None = None,
) -> tuple[DunningCase, ...]:
    """Every customer with a debit line overdue on ``as_of``; those that get no letter say
    why in ``skip_reason`` (credits cover the overdue, it is below the minimum, or the
    policy's first dunning stage starts later than the longest overdue)."""
    policy = resolve_policy(policy)
    minimum = policy.monitoring.min_overdue_amount
    lines = open_lines(ledger, as_of)
    figures = balances(lines)
    debit_overdue = (lines.days_overdue > 0) & (lines.open > 0)
    shown = np.flatnonzero(debit_overdue | (lines.open < 0))
    credit_last = (lines.open[shown] < 0).astype(np.int64)
    shown = shown[np.lexsort((-lines.days_overdue[shown], credit_last, lines.customer[shown]))]
    records = _overdue_lines(ledger, lines, shown)
    by_customer: dict[int, list[OverdueLine]] = {}
    for code, record in zip(lines.customer[shown].tolist(), records, strict=True):
        by_customer.setdefault(code, []).append(record)
    cases = []
    for code in np.unique(lines.customer[debit_overdue]).tolist():
        overdue = from_fen(int(figures.overdue[code]))
        longest = int(figures.max_days_overdue[code])
        customer_id = str(lines.customers[code])
        stage = dunning_stage(longest, policy)
        reason = skip_reason(overdue, minimum)
        if not reason and stage is None:
            first = policy.dunning[0].min_days if policy.dunning else 0
            reason = (
                f"最长逾期 {longest} 天，未到首个催收阶段（逾期 {first} 天起） "
                "not yet at the policy's first dunning stage"
            )
        cases.append(
            DunningCase(
                customer_id=customer_id,
                customer_name=(names or {}).get(customer_id) or str(lines.names[code]),
                as_of=as_of,
                stage=stage,
                amount_owed=from_fen(int(figures.balance[code])),
                overdue_amount=overdue,
                max_days_overdue=longest,
                lines=tuple(by_customer[code]),
                skip_reason=reason,
            )
        )
    return tuple(cases)


def paid_after(
    cases: tuple[DunningCase, ...], ledger: pd.DataFrame, as_of: dt.date
) -> tuple[DunningCase, ...]:
    """The cases, those the ledger shows paid since ``as_of`` given a skip reason.

    Letters run as of a past date (month-end) from a ledger updated since would otherwise
    demand money already received: a customer whose overdue amount on ``as_of`` is nil once
    the receipts dated after it (收款日期 > ``as_of``) are counted gets no letter. The
    figures stay those of ``as_of``; a part payment since changes nothing."""
    lines = open_lines(ledger, as_of)
    paid = ledger["paid_amount"].to_numpy(np.int64)[lines.index]
    later = lines.received != paid
    if not later.any():
        return cases
    now = balances(replace(lines, received=paid, open=lines.amount - paid))
    when = pd.DatetimeIndex(ledger["paid_date"].to_numpy()[lines.index])
    code = {str(c): i for i, c in enumerate(lines.customers.tolist())}
    changed = []
    for case in cases:
        i = code.get(case.customer_id)
        mine = later & (lines.customer == i)
        if i is not None and not case.skip_reason and now.overdue[i] <= 0 and mine.any():
            received = from_fen(int((paid - lines.received)[mine].sum()))
            last = max(when[mine]).date().isoformat()
            case = replace(
                case,
                skip_reason=(
                    f"截止日 {as_of.isoformat()} 后已收款 {format_money(received)}"
                    f"（收款日期至 {last}），逾期欠款已付清 paid after the as-of date"
                ),
            )
        changed.append(case)
    return tuple(changed)


def skip_reason(overdue: Decimal, minimum: Decimal) -> str:
    """Why an overdue customer gets no letter ('' when it does)."""
    if overdue <= 0:
        return "红字发票/未核销收款冲抵后无逾期欠款 nothing overdue after credits"
    if overdue < minimum:
        return (
            f"逾期金额 ¥{format_money(overdue)} 低于起催金额 ¥{format_money(minimum)} "
            "below the policy's minimum"
        )
    return ""


def _overdue_lines(ledger: pd.DataFrame, lines: OpenLines, picked: np.ndarray) -> list[OverdueLine]:
    """The picked open lines as records, converting each column once (fen → yuan)."""
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
            kind=_kind(amount, still_open),
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


def _kind(amount: int, still_open: int) -> str:
    if still_open > 0:
        return "invoice"
    return "credit_note" if amount < 0 else "receipt"
