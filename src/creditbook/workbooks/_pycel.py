"""The pycel engine: faster than `formulas` for workbooks without array formulas.

pycel compiles each formula to Python and evaluates on demand; it has no spilled (array)
results, so it is used only for workbooks without array formulas, and any function it
does not know sends the workbook back to the `formulas` engine.
"""

from __future__ import annotations

import logging
import sys
import types
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from creditbook.workbooks import _engine

PLUGIN = "creditbook_cb_pycel"


class Unsupported(Exception):
    """pycel cannot evaluate this workbook faithfully; use the `formulas` engine."""


def _plugin() -> str:
    module = types.ModuleType(PLUGIN)
    for name, function in _engine.cb_functions().items():
        setattr(module, name.lower(), _adapt(function))
    sys.modules[PLUGIN] = module
    return PLUGIN


def _adapt(function: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        values = [_argument(a) for a in args]
        try:
            result = function(*values)
        except Exception:  # a CB_ function must not raise; if it does, show #VALUE!
            return "#VALUE!"
        if isinstance(result, list | tuple):
            raise Unsupported(f"{function.__name__} returned an array")
        out = _engine._cell_out(result)
        return str(out) if type(out).__name__ == "XlError" else out

    return call


def _argument(value: Any) -> Any:
    """pycel hands a range over as a tuple of row tuples; xlwings hands lists."""
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        rows = [list(row) for row in value]
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        if len(rows) == 1 or all(len(row) == 1 for row in rows):
            return [v for row in rows for v in row]
        return rows
    return value


def evaluate(path: Path, cells: Iterable[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """Values of the given (sheet, cell) formula cells, by SHEET (upper case) and cell."""
    from pycel import ExcelCompiler

    logging.getLogger("pycel").setLevel(logging.CRITICAL)
    try:
        compiler = ExcelCompiler(filename=str(path), plugins=[_plugin()])
    except Exception as error:
        raise Unsupported(str(error)) from error
    found: dict[str, dict[str, Any]] = {}
    for sheet, cell in cells:
        address = f"'{sheet}'!{cell}" if " " in sheet else f"{sheet}!{cell}"
        try:
            value = compiler.evaluate(address)
        except Unsupported:
            raise
        except Exception as error:  # unknown function, unsupported construct
            raise Unsupported(f"{address}: {error}") from error
        found.setdefault(sheet.upper(), {})[cell] = [[_value(value)]]
    return found


def _value(value: Any) -> Any:
    if isinstance(value, str) and value in _engine.ERROR_CODES:
        return _engine.ExcelError(value)
    if value is None:
        return 0  # a formula pointing at a blank cell shows 0, as in Excel
    return value
