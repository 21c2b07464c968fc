"""CB_GRADE with the 政策 range vs with a preset name: what a policy range costs per call.

A workbook passes the same 政策 range to thousands of cells; the parsed policy is cached by
the range's content, so a call with the range should cost at most twice a preset call.
Paths: xlwings' Office.js call (xlwings Lite; classic Windows goes through the same Cells
converter), the headless recalculation engine's argument conversion, and for reference
the function called directly with plain lists (content hashed on every call).

Run: PYTHONPATH=src python bench/bench_policy_range.py [calls]
"""

from __future__ import annotations

import os

os.environ["XLWINGS_ON_SERVER"] = "true"  # before xlwings is imported: server decorators
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # measurement only

import sys
import time
import types

pyodide = types.ModuleType("pyodide")  # as in xlwings Lite (see bench_officejs.py)
pyodide.ffi = types.ModuleType("pyodide.ffi")
pyodide.ffi.JsNull = type("JsNull", (), {})
sys.modules |= {"pyodide": pyodide, "pyodide.ffi": pyodide.ffi}

from creditbook.addin.officejs import OfficeJsCaller, server_module  # noqa: E402
from creditbook.core.policy import preset  # noqa: E402
from creditbook.workbooks._policy_table import policy_rows  # noqa: E402

LIMIT = 2.0  # a range call may cost at most this many preset calls


def policy_grid() -> list[list[object]]:
    """The 政策 sheet's cells as Excel hands them over: a rectangle, blanks as None."""
    rows = policy_rows(preset("abc"))
    width = max(len(row) for row in rows)
    return [[None if v in ("", None) else v for v in row] + [None] * (width - len(row))
            for row in rows]  # fmt: skip


def per_call(run, calls: int) -> float:
    run()  # the first call parses the range; the others hit the cache
    start = time.perf_counter()
    for _ in range(calls):
        run()
    return (time.perf_counter() - start) / calls * 1e6


def main(calls: int) -> dict[str, tuple[float, float]]:
    udfs = server_module()
    grid = policy_grid()
    caller = OfficeJsCaller(udfs)
    engine_grade = _engine_function(udfs.CB_GRADE)
    engine_grid = _engine_range(grid)
    paths = {
        "direct": (lambda: udfs.CB_GRADE(75, grid), lambda: udfs.CB_GRADE(75, "ABC")),
        "Office.js (Lite)": (
            lambda: caller("CB_GRADE", [75, grid]),
            lambda: caller("CB_GRADE", [75, "ABC"]),
        ),
        "recalc engine": (
            lambda: engine_grade(75.0, engine_grid),
            lambda: engine_grade(75.0, "ABC"),
        ),
    }
    results = {}
    print(f"政策 range: {len(grid)} rows × {len(grid[0])} columns; {calls:,} calls each")
    for name, (with_range, with_preset) in paths.items():
        ranged, named = per_call(with_range, calls), per_call(with_preset, calls)
        verdict = "OK" if ranged <= LIMIT * named else f"over {LIMIT:.0f}×"
        if name == "direct":
            verdict = "plain Python lists: no runtime hands these over"
        print(f"{name:18} range {ranged:7.1f} µs  preset {named:7.1f} µs  "
              f"ratio {ranged / named:4.2f} ({verdict})")  # fmt: skip
        results[name] = (ranged, named)
    return results


def _engine_function(function):
    from creditbook.workbooks._engine import adapt

    return adapt(function)


def _engine_range(grid):
    import numpy as np
    import schedula as sh

    cells = np.array([[sh.EMPTY if v is None else v for v in row] for row in grid], dtype=object)
    return cells


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()]
    main(numbers[0] if numbers else 5_000)
