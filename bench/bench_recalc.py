"""Recalculating a credit register of 2,000 customers: pycel vs the formulas engine.

Builds the register workbook (CB_AVAILABLE, CB_UTILIZATION, CB_WARNINGS and
CB_DUNNING_STAGE on every row, 8,000 formulas), then runs
``creditbook.workbooks.recalc.calculate`` with each engine (values written back into the
package both times) and checks that both give the same value in every cell.

    PYTHONPATH=src python bench/bench_recalc.py [customers]
"""

from __future__ import annotations

import datetime as dt
import math
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from creditbook.core.models import WARNING_FLAGS, RegisterEntry
from creditbook.core.policy import preset
from creditbook.workbooks import register
from creditbook.workbooks._sheet import BookContext, new_workbook
from creditbook.workbooks.build import workbook_bytes
from creditbook.workbooks.recalc import calculate


def register_rows(count: int) -> list[tuple[RegisterEntry, Decimal, int]]:
    rng = random.Random(2026)
    rows = []
    for n in range(count):
        grade = rng.choice("AABBC")
        limit = Decimal(rng.randrange(50, 2000) * 1000)
        entry = RegisterEntry(
            customer_id=f"KH{n + 1:05d}",
            customer_name=f"测试客户{n + 1:05d}有限公司",
            grade=grade,
            limit=limit,
            term_days={"A": 60, "B": 45, "C": 30}[grade],
            evaluated_on=dt.date(2026, 1, 1) + dt.timedelta(days=n % 300),
            flags=frozenset(f for f in WARNING_FLAGS if rng.random() < 0.03),
        )
        exposure = (limit * Decimal(rng.randrange(0, 130)) / 100).quantize(Decimal("0.01"))
        rows.append((entry, exposure, rng.choice([0, 0, 0, 5, 20, 45, 95, 200])))
    return rows


def build(count: int, folder: Path) -> Path:
    ctx = BookContext(company="基准测试公司", title=register.TITLE)
    workbook = new_workbook(ctx)
    register.build(workbook, ctx, preset(), register_rows(count))
    path = folder / "register.xlsx"
    path.write_bytes(workbook_bytes(workbook))
    return path


def timed(path: Path, engine: str):
    started = time.perf_counter()
    result = calculate(path, engine=engine)
    return time.perf_counter() - started, result


def same(a, b) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return (a if a is not None else "") == (b if b is not None else "")


def main(count: int = 2000) -> None:
    with tempfile.TemporaryDirectory() as temp:
        path = build(count, Path(temp))
        calculate(path, engine="pycel")  # imports (xlwings, pandas, scipy) outside the timing
        fast, by_pycel = timed(path, "pycel")
        slow, by_formulas = timed(path, "formulas")
    ours = by_pycel.values["信用档案"]
    theirs = by_formulas.values["信用档案"]
    differ = [c for c in theirs if not same(ours[c], theirs[c])]
    print(
        f"register of {count:,} customers, {by_pycel.formula_count:,} formulas "
        f"(recalc, values written back into the package)"
    )
    print(
        f"  pycel engine (recalc's choice for it): {fast:8.2f} s  "
        f"({len(by_pycel.errors)} error cells)"
    )
    print(
        f"  formulas engine:                       {slow:8.2f} s  "
        f"({len(by_formulas.errors)} error cells)"
    )
    print(f"  formulas / pycel: {slow / fast:.1f}x")
    print(
        f"  cells where the engines disagree: {len(differ)}"
        + (f" e.g. {differ[0]}: {ours[differ[0]]!r} vs {theirs[differ[0]]!r}" if differ else "")
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
