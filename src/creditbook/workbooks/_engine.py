"""The `formulas` engine behind headless recalculation, with every CB_ function registered.

The engine hands a worksheet function ``Ranges`` and numpy arrays; the CB_ functions expect
what xlwings hands them: a scalar for one cell, a list of rows for a range, ``None`` for a
blank. ``adapt`` translates both ways, so a CB_ function is called here exactly as in Excel.
"""

from __future__ import annotations

import functools
import inspect
import logging
import math
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from creditbook.inputs.scalars import excel_number

ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")

log = logging.getLogger(__name__)


class ExcelError(str):
    """An Excel error value such as ``#N/A``, as read from a calculated cell."""

    __slots__ = ()


def udf_module() -> ModuleType:
    import creditbook.udfs

    return creditbook.udfs


def cb_functions(module: ModuleType | None = None) -> dict[str, Callable[..., Any]]:
    """Every ``CB_*`` callable of the UDF module, by upper-case name."""
    module = module or udf_module()
    found = {}
    for name in dir(module):
        value = getattr(module, name)
        if name.upper().startswith("CB_") and callable(value):
            found[name.upper()] = value
    return found


def register(functions: dict[str, Callable[..., Any]]) -> None:
    """Add the functions to the engine's registry (it is process-wide in `formulas`)."""
    import formulas

    registry = formulas.get_functions()
    for name, function in functions.items():
        registry[name] = adapt(function)


def adapt(function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a worksheet function for the engine: convert arguments in, the result out."""
    options = _arg_options(function)
    defaults = _defaults(function)

    @functools.wraps(function)
    def call(*args: Any) -> Any:
        values = [
            defaults[i]
            if type(a) is _Omitted and i < len(defaults)
            else _from_engine(a, options[i] if i < len(options) else {})
            for i, a in enumerate(args)
        ]
        for value in values:  # an error passed as a single value propagates, as in Excel
            if isinstance(value, ExcelError):
                return _error(value)
        try:
            result = function(*values)
        except Exception as exc:  # a CB_ function must not raise; if it does, show #VALUE!
            log.warning("%s raised %r", function.__name__, exc)
            return _error("#VALUE!")
        return _to_engine(result)

    return call


def _defaults(function: Callable[..., Any]) -> list[Any]:
    """What an omitted argument becomes, as xlwings does: the parameter's default or None."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return []
    return [None if p.default is inspect.Parameter.empty else p.default for p in parameters]


def _arg_options(function: Callable[..., Any]) -> list[dict[str, Any]]:
    info = getattr(function, "__xlfunc__", None)
    if info:
        return [dict(arg.get("options", {})) for arg in info.get("args", [])]
    try:
        return [{} for _ in inspect.signature(function).parameters]
    except (TypeError, ValueError):
        return []


def _from_engine(arg: Any, options: dict[str, Any]) -> Any:
    from formulas.ranges import Ranges

    if type(arg) is _Omitted:
        return None

    if isinstance(arg, Ranges):
        arg = arg.value
    if isinstance(arg, np.ndarray) and arg.ndim == 2 and arg.size >= CACHED_CELLS:
        return _table(arg, options)
    if isinstance(arg, np.ndarray):
        rows = [[plain(v) for v in row] for row in np.atleast_2d(arg).tolist()]
        return shaped(rows, options.get("ndim"))
    value = plain(arg)
    if options.get("ndim") == 2:
        return [[value]]
    if options.get("ndim") == 1:
        return [value]
    return value


def _table(arg: np.ndarray, options: dict[str, Any]) -> Any:
    """A large 2-D range as xlwings hands a range argument over: rows of cleaned cells.

    The engine passes one array per referenced range to every formula that uses it, so
    the conversion is done once per array (a 政策 table referenced by thousands of cells).
    """
    known = _TABLES.get(id(arg))
    if known is not None and known[0] is arg:
        rows = known[1]
    else:
        from creditbook.udfs._cells import CellRows, tidy

        rows = CellRows(tidy([[plain(v) for v in row] for row in arg.tolist()]))
        if len(_TABLES) >= CACHED_TABLES:
            _TABLES.clear()
        _TABLES[id(arg)] = (arg, rows)
    if options.get("ndim") == 1:
        return [v for row in rows for v in row]
    return rows


CACHED_CELLS = 64
CACHED_TABLES = 32
# id → (the engine's array, its rows); the array is kept so that its id is not reused.
_TABLES: dict[int, tuple[np.ndarray, Any]] = {}


def _is_empty(value: Any) -> bool:
    import schedula as sh

    return value is sh.EMPTY


def _to_engine(result: Any) -> Any:
    if isinstance(result, (list, tuple, np.ndarray)):
        rows = np.atleast_2d(np.asarray(result, dtype=object))
        if rows.ndim != 2:
            return _error("#VALUE!")
        out = np.empty(rows.shape, dtype=object)
        for index, value in np.ndenumerate(rows):
            out[index] = _cell_out(value)
        return out
    return _cell_out(result)


def _cell_out(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value in ERROR_CODES:
        return _error(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return _error("#NUM!")
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return _excel_serial(value)
    return value


def _excel_serial(value: Any) -> float:
    from openpyxl.utils.datetime import to_excel

    return to_excel(value)


def _error(code: str) -> Any:
    from formulas.tokens.operand import Error

    return Error.errors[str(code)]


class _Omitted(int):
    """An omitted argument (``CB_X(a,,c)``): 0 to native functions, missing to CB_ ones."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<omitted>"


OMITTED = _Omitted(0)


def _mark_omitted() -> None:
    """The engine compiles an omitted argument to 0; Excel hands a UDF "missing" instead."""
    from formulas.tokens.operand import Empty

    Empty.compile = staticmethod(lambda: OMITTED)


def _excel_float(value: Any) -> float:
    """An operand of + - * / ^ as Excel coerces it (``inputs.scalars.excel_number``)."""
    if isinstance(value, str):
        found = excel_number(value)
        if found is None:
            raise ValueError(value)  # the engine shows #VALUE!
        return found
    return float(value)


def _excel_arithmetic() -> None:
    """The engine reads text in arithmetic with Python's float(): "211,488.11"*1 would be
    #VALUE!, where Excel (and the fill-down path) read 211488.11. Same rule for both."""
    from formulas.functions import operators, wrap_ufunc

    if getattr(operators, "_creditbook_numbers", False):
        return
    for op, func in {
        "+": lambda x, y: x + y,
        "-": lambda x, y: x - y,
        "U-": lambda x: -x,
        "*": lambda x, y: x * y,
        "^": lambda x, y: x**y,
        "%": lambda x: x / 100.0,
    }.items():
        operators.OPERATORS[op] = wrap_ufunc(func, input_parser=lambda *a: map(_excel_float, a))
    operators.OPERATORS["/"] = wrap_ufunc(
        lambda x, y: (x / y) if y else _div0(),
        input_parser=lambda *a: map(_excel_float, a),
    )
    operators._creditbook_numbers = True


def _statistic_numbers(args: tuple[Any, ...], count: bool) -> list[float] | ExcelError:
    """The numbers SUM, COUNT, AVERAGE, MAX and MIN take from their arguments, as Excel:
    from a reference only the numbers (text, TRUE and blanks skipped, so a "5" typed as text
    is not counted); a value given directly is read as in arithmetic ("1,000" → 1000, TRUE
    → 1, other text #VALUE!). An error stops the calculation, except for COUNT."""
    from formulas.ranges import Ranges

    found: list[float] = []
    for arg in args:
        if type(arg) is _Omitted:
            arg = 0
        if isinstance(arg, Ranges) or (isinstance(arg, np.ndarray) and arg.ndim > 0):
            cells = arg.value if isinstance(arg, Ranges) else arg
            for item in np.asarray(cells, dtype=object).ravel().tolist():
                item = plain(item)
                if isinstance(item, ExcelError):
                    if not count:
                        return item
                elif isinstance(item, int | float) and not isinstance(item, bool):
                    found.append(float(item))
            continue
        value = plain(arg.item() if isinstance(arg, np.ndarray) else arg)
        if isinstance(value, ExcelError):
            if not count:
                return value
        elif isinstance(value, int | float):  # TRUE given directly counts as 1
            found.append(float(value))
        elif isinstance(value, str):
            number = excel_number(value)
            if number is not None:
                found.append(number)
            elif not count:
                return ExcelError("#VALUE!")
    return found


def _statistic(reduce: Callable[[list[float]], Any], count: bool = False) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        found = _statistic_numbers(args, count)
        if isinstance(found, ExcelError):
            return _error(found)
        result = reduce(found)
        return _error(result) if isinstance(result, ExcelError) else result

    return call


STATISTICS: dict[str, Callable[..., Any]] = {
    "SUM": _statistic(lambda found: math.fsum(found)),
    "COUNT": _statistic(len, count=True),
    "AVERAGE": _statistic(
        lambda found: math.fsum(found) / len(found) if found else ExcelError("#DIV/0!")
    ),
    "MAX": _statistic(lambda found: max(found, default=0.0)),
    "MIN": _statistic(lambda found: min(found, default=0.0)),
}


def _div0() -> Any:
    from formulas.functions import Error

    return Error.errors["#DIV/0!"]


def _quiet() -> None:
    """The engine draws a progress bar on stderr while it builds its graph; not ours."""
    import types

    import formulas.excel
    import tqdm

    if not isinstance(formulas.excel.tqdm, types.SimpleNamespace):
        formulas.excel.tqdm = types.SimpleNamespace(tqdm=functools.partial(tqdm.tqdm, disable=True))


def calculate(path: str | Path) -> Iterator[tuple[str, str, Any]]:
    """Evaluate the workbook; yield (SHEET upper-case, cell or range, value array)."""
    import formulas

    _quiet()
    _mark_omitted()
    _excel_arithmetic()
    formulas.get_functions().update(STATISTICS)
    register(cb_functions())
    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    for key, value in solution.items():
        sheet, _, ref = str(key).rpartition("!")
        sheet = sheet.strip("'")
        sheet = sheet[sheet.index("]") + 1 :] if "]" in sheet else sheet
        yield sheet, ref, getattr(value, "value", value)


def plain(value: Any) -> Any:
    """An engine cell value as a Python value: number, text, bool, None or ExcelError."""
    from formulas.tokens.operand import XlError

    if isinstance(value, XlError):
        return ExcelError(str(value))
    if _is_empty(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def shaped(rows: list[list[Any]], ndim: int | None) -> Any:
    """A range's rows as xlwings hands them to a function: 2-D with ndim=2, flat with ndim=1;
    otherwise a single cell as a value and a single row or column as a flat list."""
    if ndim == 2:
        return rows
    if ndim == 1:
        return [v for row in rows for v in row]
    if len(rows) == 1 and len(rows[0]) == 1:
        return rows[0][0]
    if len(rows) == 1 or all(len(row) == 1 for row in rows):
        return [v for row in rows for v in row]
    return rows
