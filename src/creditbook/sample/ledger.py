"""Eighteen months of invoices, receipts and credit notes with realistic payment habits."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from creditbook.core.models import Customer, Invoice

# Days paid after the due date: (share paid on time, late-days range when late).
HABITS: dict[str, tuple[float, tuple[int, int]]] = {
    "prompt": (0.95, (1, 8)),
    "mostly": (0.82, (3, 35)),
    "late": (0.55, (10, 70)),
    "chronic": (0.25, (30, 160)),
    "default": (0.45, (20, 90)),
}
# A defaulting customer stops paying invoices due from this many days before the demo date.
DEFAULT_STOP_DAYS = 260
# Forced open invoices guaranteeing each dunning stage: habit → (oldest, newest) days overdue.
STUCK_WINDOWS = {"mostly": (20, 3), "late": (75, 35), "chronic": (170, 100)}


@dataclass(frozen=True)
class Account:
    """What the ledger simulation needs to know about one customer."""

    customer: Customer
    habit: str
    monthly_sales: int
    term_days: int
    first_month: dt.date


def _fen(value: float) -> Decimal:
    return Decimal(round(value * 100)) / 100


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of each month from ``first``'s month to ``last``'s month."""
    result, current = [], first.replace(day=1)
    while current <= last:
        result.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return result


def _invoice_dates(rng: random.Random, account: Account, as_of: dt.date) -> list[dt.date]:
    dates = []
    for month in months(account.first_month, as_of):
        expected = account.monthly_sales / 220_000 * (0.6 if month.month == 2 else 1.0)
        count = int(expected) + (rng.random() < expected - int(expected))
        for _ in range(max(count, 1 if month == account.first_month else 0)):
            day = month + dt.timedelta(days=rng.randrange(0, 28))
            if day <= as_of:
                dates.append(day)
    return sorted(dates)


def _late_days(rng: random.Random, habit: str) -> int:
    on_time, (low, high) = HABITS[habit]
    return rng.randint(-10, 0) if rng.random() < on_time else rng.randint(low, high)


def _settle(
    rng: random.Random, amount: Decimal, due: dt.date, late: int, as_of: dt.date
) -> tuple[Decimal, dt.date | None]:
    """(paid amount, last receipt date) as of ``as_of``; big delays are often paid in parts."""
    final = due + dt.timedelta(days=late)
    if final <= as_of:
        return amount, max(final, due - dt.timedelta(days=25))
    if late > 30 and rng.random() < 0.35:
        first = due + dt.timedelta(days=late // 3)
        if first <= as_of:
            return _fen(float(amount) * rng.uniform(0.3, 0.7)), first
    return Decimal("0.00"), None


def _stuck_due(account: Account, as_of: dt.date) -> tuple[dt.date, dt.date] | None:
    window = STUCK_WINDOWS.get(account.habit)
    if window is None:
        return None
    return as_of - dt.timedelta(days=window[0]), as_of - dt.timedelta(days=window[1])


def simulate_account(
    rng: random.Random, account: Account, as_of: dt.date
) -> list[tuple[dt.date, Decimal, dt.date, Decimal, dt.date | None]]:
    """(invoice date, amount, due date, paid amount, paid date) rows for one customer."""
    rows = []
    stuck = _stuck_due(account, as_of)
    stop = as_of - dt.timedelta(days=DEFAULT_STOP_DAYS)
    per_invoice = account.monthly_sales / max(account.monthly_sales / 220_000, 1)
    for issued in _invoice_dates(rng, account, as_of):
        amount = _fen(per_invoice * rng.lognormvariate(0, 0.3))
        due = issued + dt.timedelta(days=account.term_days)
        late = _late_days(rng, account.habit)
        if account.habit == "default" and due >= stop:
            late = 10_000
        if stuck and stuck[0] <= due <= stuck[1]:
            late, stuck = 10_000, None
        paid, paid_on = _settle(rng, amount, due, late, as_of)
        rows.append((issued, amount, due, paid, paid_on))
    return rows


def _credit_notes(
    rng: random.Random, account: Account, rows: list, as_of: dt.date
) -> list[tuple[dt.date, Decimal, dt.date, Decimal, dt.date | None]]:
    """About one invoice in thirty gets a 红字 credit note (returns, price allowance)."""
    notes = []
    for issued, amount, *_ in rows:
        if rng.random() < 1 / 30:
            day = issued + dt.timedelta(days=rng.randint(5, 20))
            if day <= as_of:
                value = -_fen(float(amount) * rng.uniform(0.02, 0.08))
                notes.append((day, value, day, value, day))
    return notes


def build_invoices(
    rng: random.Random, accounts: list[Account], as_of: dt.date
) -> tuple[Invoice, ...]:
    """The whole ledger, numbered XS/HZ + yyyymm + serial in date order (unique)."""
    raw = []
    for account in accounts:
        rows = simulate_account(rng, account, as_of)
        for row in rows:
            raw.append((account.customer, "XS", row))
        for row in _credit_notes(rng, account, rows, as_of):
            raw.append((account.customer, "HZ", row))
    raw.sort(key=lambda item: (item[2][0], item[0].customer_id, item[1]))
    serials: dict[str, int] = {}
    invoices = []
    for customer, prefix, (issued, amount, due, paid, paid_on) in raw:
        key = f"{prefix}{issued:%Y%m}"
        serials[key] = serials.get(key, 0) + 1
        invoices.append(
            Invoice(
                customer_id=customer.customer_id,
                customer_name=customer.name,
                invoice_no=f"{key}-{serials[key]:04d}",
                invoice_date=issued,
                due_date=due,
                amount=amount,
                paid_amount=paid,
                paid_date=paid_on,
            )
        )
    return tuple(invoices)
