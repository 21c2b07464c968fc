"""CB_ functions through xlwings' Office.js call path (xlwings Lite / Server) vs its overhead.

1. 10,000 scalar calls of CB_DEBT_RATIO vs 10,000 calls of an identity function: the
   ratio says what creditbook adds on top of xlwings' own per-call cost.
2. CB_AGING over a 100,000-row ledger range (target < 2 s) vs a naive Python loop that
   only sums the open amount per customer and bucket.

Run: python bench/bench_officejs.py [calls] [rows]
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

from xlwings.server import func

from creditbook.addin.officejs import OfficeJsCaller, server_module

AS_OF = 45747  # 2025-03-31 as an Excel serial number
HEADER = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"]
BUCKETS = [(0, "未到期"), (30, "1-30天"), (60, "31-60天"), (90, "61-90天"),
           (180, "91-180天"), (365, "181-365天")]  # fmt: skip


def identity_module() -> types.ModuleType:
    module = types.ModuleType("bench_identity")

    @func
    def IDENTITY(value):
        """Returns its argument (xlwings' own cost of one call)."""
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
    t_base = timed(lambda: [baseline("IDENTITY", [a]) for a, _ in pairs])
    t_ours = timed(lambda: [ours("CB_DEBT_RATIO", [a, b]) for a, b in pairs])
    print(f"{calls:,} calls  identity (xlwings overhead): {t_base:.3f} s "
          f"({t_base / calls * 1e6:.0f} µs/call)")  # fmt: skip
    print(f"{calls:,} calls  CB_DEBT_RATIO:               {t_ours:.3f} s "
          f"({t_ours / calls * 1e6:.0f} µs/call)")  # fmt: skip
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
    t_naive = timed(lambda: naive_aging(table))
    shape = f"{len(result[0])}×{len(result[0][0])}"
    verdict = "OK" if t_ours < 2 else "over the 2 s target"
    print(f"CB_AGING over {rows:,} rows: {t_ours:.3f} s -> {shape} spill ({verdict})")
    print(f"naive loop (sums only):      {t_naive:.3f} s; ratio {t_ours / t_naive:.1f}")


if __name__ == "__main__":
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    ratio_calls(calls)
    aging(rows)
