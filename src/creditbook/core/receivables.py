"""Receivables as of a date: open balances, aging buckets and payment behaviour, vectorised.

The ledger is a DataFrame with the canonical columns of ``models.LEDGER_COLUMNS``: money
as int64 fen, dates as datetime64. Everything is computed *as of* a date: invoices dated
after it are left out, and a payment whose 收款日期 is after it has not yet reduced the
balance. A line without a 收款日期 counts its 已收金额 as received.

Credit notes (negative amounts) and unapplied receipts (received more than the line's
amount) sit in the bucket of their own date and reduce the totals. ``balances`` is the one
place a customer's overdue amount is computed: every credit is applied to the overdue debit
lines first, whatever its own date, so 逾期合计 is what the customer can be asked to pay.
When nothing is left overdue after that, 最长逾期天数 is 0; otherwise it is the longest
overdue debit line. Aging, monitoring, collection letters, notices and the legal list all
read these figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd

from creditbook.core.money import from_fen
from creditbook.core.policy import Bucket, Policy, resolve_policy

View = Literal["due", "invoice"]


def day_numbers(dates: pd.Series | np.ndarray) -> np.ndarray:
    """datetime64 values → int64 days since 1970-01-01 (NaT → int64 min)."""
    values = np.asarray(dates).astype("datetime64[D]")
    return values.view(np.int64)


def day_number(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days


NAT_DAY = np.iinfo(np.int64).min


@dataclass(frozen=True)
class OpenLines:
    """Per-line figures as of a date, for the lines issued on or before it.

    Attributes:
        index: positions of those lines in the ledger.
        customer: integer code per line; ``customers`` holds the ids in code order.
        amount, received, open: fen; ``received`` counts only payments by the date.
        days_overdue: as-of minus due date (≤ 0 when not yet due).
        days_since_invoice: as-of minus invoice date.
    """

    as_of: dt.date
    index: np.ndarray
    customer: np.ndarray
    customers: np.ndarray
    names: np.ndarray
    amount: np.ndarray
    received: np.ndarray
    open: np.ndarray
    days_overdue: np.ndarray
    days_since_invoice: np.ndarray


def open_lines(ledger: pd.DataFrame, as_of: dt.date) -> OpenLines:
    """The ledger's lines issued by ``as_of`` with what was still open on that day."""
    today = day_number(as_of)
    issued = day_numbers(ledger["invoice_date"])
    index = np.flatnonzero(issued <= today)
    paid_on = day_numbers(ledger["paid_date"])[index]
    paid = ledger["paid_amount"].to_numpy(np.int64)[index]
    received = np.where(paid_on <= today, paid, 0)  # NaT is int64 min: counts as received
    amount = ledger["amount"].to_numpy(np.int64)[index]
    codes, customers = pd.factorize(ledger["customer_id"].to_numpy(object)[index], sort=True)
    names = np.empty(len(customers), dtype=object)
    line_names = ledger["customer_name"].to_numpy(object)[index]
    names[codes[::-1]] = line_names[::-1]  # the first name written for each customer
    return OpenLines(
        as_of=as_of,
        index=index,
        customer=codes,
        customers=np.asarray(customers, dtype=object),
        names=names,
        amount=amount,
        received=received,
        open=amount - received,
        days_overdue=today - day_numbers(ledger["due_date"])[index],
        days_since_invoice=today - issued[index],
    )


@dataclass(frozen=True)
class Balances:
    """Per-customer figures (fen, in ``OpenLines.customers`` order) every report shares.

    Attributes:
        balance: the whole open balance (credits netted).
        overdue_debits: open debit lines past due, before credits.
        credits: open credit lines (credit notes, unapplied receipts), ≤ 0.
        overdue: ``overdue_debits + credits``, never below 0 — the amount overdue.
        max_days_overdue: the longest overdue debit line; 0 when ``overdue`` is 0.
    """

    balance: np.ndarray
    overdue_debits: np.ndarray
    credits: np.ndarray
    overdue: np.ndarray
    max_days_overdue: np.ndarray


def balances(lines: OpenLines) -> Balances:
    """Each customer's balance and overdue amount, credits applied to overdue debits first."""
    n = len(lines.customers)
    debit_overdue = (lines.days_overdue > 0) & (lines.open > 0)
    credit = lines.open < 0
    overdue_debits = _sum_by(lines.customer[debit_overdue], lines.open[debit_overdue], n)
    credits = _sum_by(lines.customer[credit], lines.open[credit], n)
    overdue = np.maximum(overdue_debits + credits, 0)
    longest = np.zeros(n, dtype=np.int64)
    np.maximum.at(longest, lines.customer[debit_overdue], lines.days_overdue[debit_overdue])
    return Balances(
        balance=_sum_by(lines.customer, lines.open, n),
        overdue_debits=overdue_debits,
        credits=credits,
        overdue=overdue,
        max_days_overdue=np.where(overdue > 0, longest, 0),
    )


def bucket_codes(days: np.ndarray, buckets: tuple[Bucket, ...]) -> np.ndarray:
    """Bucket position per value: the first bucket whose max_days is ≥ the days."""
    bounds = np.array([b.max_days for b in buckets[:-1]], dtype=np.int64)
    return np.searchsorted(bounds, days, side="left")


def bucket_label(days: int, policy: Policy | None = None, view: View = "due") -> str:
    """账龄区间 of one line: 0 days overdue → 未到期, 1 → 1-30天, 31 → 31-60天 …"""
    buckets = _buckets(resolve_policy(policy), view)
    return buckets[int(bucket_codes(np.array([days]), buckets)[0])].label


def _buckets(policy: Policy, view: View) -> tuple[Bucket, ...]:
    return policy.aging.due if view == "due" else policy.aging.invoice


@dataclass(frozen=True)
class CustomerAging:
    """One customer's row of the aging table, in Decimal yuan."""

    customer_id: str
    customer_name: str
    buckets: tuple[tuple[str, Decimal], ...]
    total: Decimal
    overdue: Decimal
    max_days_overdue: int


@dataclass(frozen=True)
class Aging:
    """账龄分析表 as of a date.

    Attributes:
        table: one row per customer (sorted by 客户编码): customer_id, customer_name, one
            int64 fen column per bucket label, total, overdue, max_days_overdue.
        buckets: the bucket labels in order.
    """

    as_of: dt.date
    view: View
    buckets: tuple[str, ...]
    table: pd.DataFrame

    def totals(self) -> dict[str, int]:
        """Fen totals of every money column, and the largest 最长逾期天数."""
        sums = {c: int(self.table[c].sum()) for c in (*self.buckets, "total", "overdue")}
        most = int(self.table["max_days_overdue"].max()) if len(self.table) else 0
        return {**sums, "max_days_overdue": most}

    def records(self) -> tuple[CustomerAging, ...]:
        rows = self.table.to_dict("records")
        return tuple(
            CustomerAging(
                customer_id=str(row["customer_id"]),
                customer_name=str(row["customer_name"]),
                buckets=tuple((b, from_fen(row[b])) for b in self.buckets),
                total=from_fen(row["total"]),
                overdue=from_fen(row["overdue"]),
                max_days_overdue=int(row["max_days_overdue"]),
            )
            for row in rows
        )


def age(
    ledger: pd.DataFrame,
    as_of: dt.date,
    policy: Policy | str | None = None,
    view: View = "due",
    include_settled: bool = False,
) -> Aging:
    """Aging per customer: management view by due date, or accounting view by invoice date.

    In both views 逾期合计 and 最长逾期天数 are measured from the due date, with credits
    applied to the overdue lines first (``balances``). Customers whose every line is settled
    as of the date are left out unless ``include_settled``.
    """
    policy = resolve_policy(policy)
    buckets = _buckets(policy, view)
    lines = open_lines(ledger, as_of)
    days = lines.days_overdue if view == "due" else lines.days_since_invoice
    n, width = len(lines.customers), len(buckets)
    cells = lines.customer * width + bucket_codes(days, buckets)
    matrix = _sum_by(cells, lines.open, n * width).reshape(n, width)
    figures = balances(lines)
    active = np.ones(n, dtype=bool) if include_settled else _has_open(lines, n)
    table = pd.DataFrame({"customer_id": lines.customers, "customer_name": lines.names})
    for position, bucket in enumerate(buckets):
        table[bucket.label] = matrix[:, position]
    table["total"] = matrix.sum(axis=1)
    table["overdue"] = figures.overdue
    table["max_days_overdue"] = figures.max_days_overdue
    table = table[active].reset_index(drop=True)
    return Aging(as_of, view, tuple(b.label for b in buckets), table)


def _sum_by(codes: np.ndarray, fen: np.ndarray, size: int) -> np.ndarray:
    """Exact int64 sums of ``fen`` per code (float64 bincount is exact below 2**53 fen)."""
    return np.bincount(codes, weights=fen, minlength=size).round().astype(np.int64)


def _has_open(lines: OpenLines, n: int) -> np.ndarray:
    return np.bincount(lines.customer, weights=lines.open != 0, minlength=n) > 0


# ── Payment behaviour ─────────────────────────────────────────────────────────────────
#
# The one definition of the 信用记录 indicators (制度 2 三「付款及时性、有无违约行为」,
# 制度 5 五「付款准时率、逾期次数、逾期金额」; docs/policies.md): every route — the
# evaluation workbook's CB_PAYMENT_RECORD, the report, the approval form — reads them from
# ``payment_behaviour``.
# - 付款准时率 counts invoices (lines), not amounts: on-time judged lines ÷ judged lines.
# - A line is paid only when its 已收金额 reaches its 金额 by the date; a part payment with
#   a 收款日期 leaves the line open, and an open line more than the grace days past due is
#   late (one 逾期次数), however much of it was paid.
# - 逾期金额 is what is still open past due on the date, net of credits (``balances``).


def judge_payments(
    due: np.ndarray, paid_on: np.ndarray, settled: np.ndarray, today: int, grace_days: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whether each line can be judged yet, whether it was late, and its days late.

    All inputs are day numbers (``day_numbers``). A line settled by the date is judged on
    its 收款日期 (late when more than ``grace_days`` after due); a settled line without a
    date is on time only if it was not yet due, otherwise it cannot be judged. An unsettled
    line is late once more than ``grace_days`` past due; before that it is still pending.
    """
    known = paid_on != NAT_DAY
    paid_late_by = np.where(known, paid_on - due, 0)
    open_late_by = today - due
    judged_settled = settled & (known | (due >= today))
    judged_open = ~settled & (open_late_by > grace_days)
    judged = judged_settled | judged_open
    days_late = np.where(settled, paid_late_by, open_late_by)
    late = judged & (days_late > grace_days)
    return judged, late, np.where(late, days_late, 0)


@dataclass(frozen=True)
class PaymentBehaviour:
    """A customer's payment record as of a date (付款记录).

    Attributes:
        judged: lines that can be judged on time or late; ``on_time`` of them were.
        on_time_rate / on_time_rate_amount: 付款准时率 by count / by amount (None: nothing
            judged yet).
        overdue_count: 逾期次数 — late lines.  overdue_amount: 逾期金额 — past due, net of
            credits (``balances``).
        average_days_late / max_days_late: over the late lines.
        max_days_overdue: 最长逾期天数 now — the longest open line past due (``balances``).
    """

    customer_id: str
    judged: int
    on_time: int
    on_time_rate: float | None
    on_time_rate_amount: float | None
    overdue_count: int
    overdue_amount: Decimal
    average_days_late: float | None
    max_days_late: int
    first_invoice: dt.date | None
    max_days_overdue: int = 0


def payment_behaviour(
    ledger: pd.DataFrame,
    as_of: dt.date,
    policy: Policy | str | None = None,
    grace_days: int | None = None,
    since: dt.date | None = None,
) -> pd.DataFrame:
    """Per customer: judged, on_time, on_time_rate, on_time_rate_amount, overdue_count,
    overdue_amount (fen), average_days_late, max_days_late, first_invoice, max_days_overdue.

    ``since`` restricts the judgement to lines due on or after that date (a review window);
    overdue_amount always covers every open line.
    """
    policy = resolve_policy(policy)
    grace = policy.monitoring.grace_days if grace_days is None else grace_days
    lines = open_lines(ledger, as_of)
    today = day_number(as_of)
    due = today - lines.days_overdue
    paid_on = day_numbers(ledger["paid_date"])[lines.index]
    settled = lines.open <= 0
    judged, late, days_late = judge_payments(due, paid_on, settled, today, grace)
    debit = lines.amount > 0
    judged &= debit if since is None else debit & (due >= day_number(since))
    late &= judged
    n = len(lines.customers)
    count = np.bincount(lines.customer[judged], minlength=n)
    late_count = np.bincount(lines.customer[late], minlength=n)
    weight = _sum_by(lines.customer[judged], lines.amount[judged], n)
    late_weight = _sum_by(lines.customer[late], lines.amount[late], n)
    late_days = np.bincount(lines.customer[late], weights=days_late[late], minlength=n)
    longest = np.zeros(n, dtype=np.int64)
    np.maximum.at(longest, lines.customer[late], days_late[late])
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, lines.customer, today - lines.days_since_invoice)
    figures = balances(lines)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame(
            {
                "customer_id": lines.customers,
                "judged": count,
                "on_time": count - late_count,
                "on_time_rate": np.where(count > 0, 1 - late_count / count, np.nan),
                "on_time_rate_amount": np.where(weight > 0, 1 - late_weight / weight, np.nan),
                "overdue_count": late_count,
                "overdue_amount": figures.overdue,
                "average_days_late": np.where(late_count > 0, late_days / late_count, np.nan),
                "max_days_late": longest,
                "first_invoice": first.astype("datetime64[D]").astype("datetime64[ns]"),
                "max_days_overdue": figures.max_days_overdue,
            }
        )


def behaviour_record(row: Mapping[Hashable, Any]) -> PaymentBehaviour:
    """A ``payment_behaviour`` row as a frozen record."""

    def optional(value: Any) -> float | None:
        return None if pd.isna(value) else float(value)

    first = row.get("first_invoice")
    return PaymentBehaviour(
        customer_id=str(row["customer_id"]),
        judged=int(row["judged"]),
        on_time=int(row["on_time"]),
        on_time_rate=optional(row["on_time_rate"]),
        on_time_rate_amount=optional(row["on_time_rate_amount"]),
        overdue_count=int(row["overdue_count"]),
        overdue_amount=from_fen(row["overdue_amount"]),
        average_days_late=optional(row["average_days_late"]),
        max_days_late=int(row["max_days_late"]),
        first_invoice=None if pd.isna(first) else pd.Timestamp(first).date(),
        max_days_overdue=int(row.get("max_days_overdue", 0)),
    )
