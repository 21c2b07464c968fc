"""CB_ functions through xlwings' Office.js call path (xlwings Lite / Server) vs its overhead.

1. 10,000 scalar calls of CB_DEBT_RATIO vs 10,000 calls of an identity function: the
   ratio says what creditbook adds on top of xlwings' own per-call cost.
2. CB_AGING over a 100,000-row ledger range (target < 2 s) vs a naive Python loop that
   only sums the open amount per customer and bucket.

Run: python bench/bench_officejs.py [calls] [rows] [--cpython]

xlwings' Office.js engine tries ``from pyodide.ffi import JsNull`` for every cell; inside
xlwings Lite that import is cached, outside Pyodide it fails (and is retried) each time,
costing ~1 ms per cell. By default a stand-in ``pyodide.ffi`` is registered so that the
figures are those of xlwings Lite; ``--cpython`` measures the plain CPython (Server) path.
"""

from __future__ import annotations

import os

os.environ["XLWINGS_ON_SERVER"] = "true"  # before xlwings is imported: server decorators
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # measurement only

import random
import sys
import time
import types
from collections import defaultdict

if "--cpython" not in sys.argv:
    pyodide = types.ModuleType("pyodide")
    pyodide.ffi = types.ModuleType("pyodide.ffi")
    pyodide.ffi.JsNull = type("JsNull", (), {})
    sys.modules |= {"pyodide": pyodide, "pyodide.ffi": pyodide.ffi}

from xlwings.server import func

from creditbook.addin.officejs import OfficeJsCaller, server_module

AS_OF = 45747  # 2025-03-31 as an Excel serial number
HEADER = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"]
BUCKETS = [(0, "未到期"), (30, "1-30天"), (60, "31-60天"), (90, "61-90天"),
           (180, "91-180天"), (365, "181-365天")]  # fmt: skip


def identity_module() -> types.ModuleType:
    module = types.ModuleType("bench_identity")

    @func
    def IDENTITY(value, other):
        """Returns its first argument: xlwings' own cost of a two-argument call."""
        return value

    module.IDENTITY = IDENTITY
    return module


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def ratio_calls(calls: int) -> None:
    udfs = server_module()
    if not hasattr(udfs, "CB_DEBT_RATIO"):
        print("CB_DEBT_RATIO: not in creditbook.udfs yet, skipped")
        return
    ours, baseline = OfficeJsCaller(udfs), OfficeJsCaller(identity_module())
    rng = random.Random(1)
    pairs = [(rng.uniform(1e3, 1e7), rng.uniform(1e3, 1e7)) for _ in range(calls)]
    t_base = timed(lambda: [baseline("IDENTITY", [a, b]) for a, b in pairs])
    t_ours = timed(lambda: [ours("CB_DEBT_RATIO", [a, b]) for a, b in pairs])
    print(f"{calls:,} calls  identity (xlwings overhead): {t_base:.3f} s "
          f"({t_base / calls * 1e6:.0f} µs/call)")  # fmt: skip
    print(f"{calls:,} calls  CB_DEBT_RATIO:               {t_ours:.3f} s "
          f"({t_ours / calls * 1e6:.0f} µs/call)")  # fmt: skip
    t_func = timed(lambda: [udfs.CB_DEBT_RATIO(a, b) for a, b in pairs])
    print(f"{calls:,} calls  CB_DEBT_RATIO itself:        {t_func:.3f} s "
          f"({t_func / calls * 1e6:.0f} µs/call)")  # fmt: skip
    print(f"ratio CB_DEBT_RATIO / identity: {t_ours / t_base:.2f}")


def ledger(rows: int) -> list[list]:
    rng = random.Random(2)
    table = [HEADER]
    for i in range(rows):
        customer = rng.randrange(500)
        invoice = AS_OF - rng.randrange(600)
        amount = round(rng.uniform(100, 100000), 2)
        paid = round(amount * rng.choice([0, 0, 0.5, 1]), 2)
        table.append([f"C{customer:04d}", f"客户{customer}", f"INV{i}", invoice,
                      invoice + rng.choice([30, 60, 90]), amount, paid])  # fmt: skip
    return table


def naive_aging(table: list[list]) -> dict:
    totals: dict = defaultdict(float)
    for _, _, _, _, due, amount, paid in table[1:]:
        days = AS_OF - due
        label = next((name for limit, name in BUCKETS if days <= limit), "365天以上")
        totals[label] += amount - paid
    return totals


def aging(rows: int) -> None:
    udfs = server_module()
    if not hasattr(udfs, "CB_AGING"):
        print("CB_AGING: not in creditbook.udfs yet, skipped")
        return
    table = ledger(rows)
    caller = OfficeJsCaller(udfs)
    result = []
    t_ours = timed(lambda: result.append(caller("CB_AGING", [table, AS_OF, None])))
    t_func = timed(lambda: udfs.CB_AGING(table, AS_OF, None))
    t_naive = timed(lambda: naive_aging(table))
    shape = f"{len(result[0])}×{len(result[0][0])}"
    verdict = "OK" if t_ours < 2 else "over the 2 s target"
    print(f"CB_AGING over {rows:,} rows: {t_ours:.3f} s -> {shape} spill ({verdict})")
    print(f"  of which CB_AGING itself:  {t_func:.3f} s (the rest: xlwings' conversions)")
    print(f"naive loop (sums only):      {t_naive:.3f} s; ratio {t_ours / t_naive:.1f}")


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()]
    calls = numbers[0] if numbers else 10_000
    rows = numbers[1] if len(numbers) > 1 else 100_000
    print("path:", "CPython (xlwings Server)" if "--cpython" in sys.argv else "as in xlwings Lite")
    ratio_calls(calls)
    aging(rows)
