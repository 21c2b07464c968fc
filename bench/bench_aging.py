"""Aging 1,000,000 invoice lines: the vectorised core against a per-row Python loop.

Run: PYTHONPATH=src python bench/bench_aging.py [lines]
The loop is timed on a 50,000-line slice and scaled linearly to the full ledger (it
would take about a minute on the whole); the printout says so.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from creditbook.core.policy import preset
from creditbook.core.receivables import age

AS_OF = dt.date(2026, 11, 30)
LOOP_SLICE = 50_000


def synthetic_ledger(n: int, customers: int = 5_000, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    issued = np.datetime64("2023-01-01") + rng.integers(0, 1430, n).astype("timedelta64[D]")
    due = issued + rng.choice([30, 45, 60, 90], n).astype("timedelta64[D]")
    amount = rng.integers(10_000, 50_000_000, n)
    paid = np.where(rng.random(n) < 0.6, amount, np.where(rng.random(n) < 0.3, amount // 2, 0))
    paid_on = np.where(
        paid > 0, due + rng.integers(-20, 60, n).astype("timedelta64[D]"), np.datetime64("NaT")
    )
    ids = np.array([f"C{i:05d}" for i in range(customers)], dtype=object)
    who = ids[rng.integers(0, customers, n)]
    return pd.DataFrame(
        {
            "customer_id": who,
            "customer_name": who,
            "invoice_no": np.char.add("INV", np.arange(n).astype(str)),
            "invoice_date": issued.astype("datetime64[ns]"),
            "due_date": due.astype("datetime64[ns]"),
            "amount": amount,
            "paid_amount": paid,
            "paid_date": paid_on.astype("datetime64[ns]"),
        }
    )


def loop_aging(ledger: pd.DataFrame, as_of: dt.date) -> dict[str, dict[str, int]]:
    """The obvious implementation: one Python iteration per invoice line."""
    buckets = preset().aging.due
    table: dict[str, dict[str, int]] = {}
    for row in ledger.itertuples(index=False):
        if row.invoice_date.date() > as_of:
            continue
        received = row.paid_amount
        if not pd.isna(row.paid_date) and row.paid_date.date() > as_of:
            received = 0
        days = (as_of - row.due_date.date()).days
        label = next(b.label for b in buckets if b.max_days is None or days <= b.max_days)
        customer = table.setdefault(row.customer_id, {"total": 0, "max_days": 0})
        customer[label] = customer.get(label, 0) + row.amount - received
        customer["total"] += row.amount - received
        if days > 0 and row.amount - received > 0:
            customer["max_days"] = max(customer["max_days"], days)
    return table


def best_of(repeat: int, call: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    ledger = synthetic_ledger(n)
    ours = best_of(3, lambda: age(ledger, AS_OF))
    part = ledger.iloc[:LOOP_SLICE]
    loop_part = best_of(1, lambda: loop_aging(part, AS_OF))
    loop = loop_part * n / len(part)
    check = age(part, AS_OF).table.set_index("customer_id")["total"]
    expected = loop_aging(part, AS_OF)
    assert all(check.get(c, 0) == v["total"] for c, v in expected.items())
    print(f"aging {n:,} lines, 5,000 customers, as of {AS_OF}, load {os.getloadavg()[0]:.1f}")
    print(f"  creditbook age() vectorised : {ours:8.3f} s  (best of 3; target < 1 s)")
    print(
        f"  per-row Python loop         : {loop:8.3f} s  "
        f"(timed {loop_part:.3f} s on {len(part):,} lines, scaled ×{n / len(part):g})"
    )
    print(f"  ratio loop / vectorised     : {loop / ours:8.1f}×")


if __name__ == "__main__":
    main()
