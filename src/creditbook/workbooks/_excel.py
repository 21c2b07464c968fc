"""Excel's rules for the compiled formulas: values, operators, native and CB_ functions.

Each function here turns compiled argument expressions (``Expr``: row → value) into the
expression of the call. A value whose Excel meaning is not certain here raises
``Fallback``; the column then goes to a full engine.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from creditbook.inputs.scalars import excel_number
from creditbook.workbooks import _engine
from creditbook.workbooks._engine import ERROR_CODES, ExcelError

Row = int
Expr = Callable[[Row], Any]


class Fallback(Exception):
    """This formula, or this row's values, need a full engine."""


class Waiting(Fallback):
    """The formula reads a formula cell that has no value yet."""


@dataclass(frozen=True)
class Block:
    """The values of a range reference, as rows (blank cells are None)."""

    rows: tuple[tuple[Any, ...], ...]

    def values(self) -> list[Any]:
        return [v for row in self.rows for v in row]


def scalar(value: Any) -> Any:
    if isinstance(value, Block):
        raise Fallback("a range where one value is expected")
    return value


def number(value: Any) -> Any:
    """A value as a number for arithmetic; an error passes through."""
    value = scalar(value)
    if isinstance(value, ExcelError):
        return value
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):  # as Excel: "211,488.11" is a number, "abc" #VALUE!
        found = excel_number(value)
        return ExcelError("#VALUE!") if found is None else found
    raise Fallback("a value of unknown kind used as a number")


def text(value: Any) -> Any:
    value = scalar(value)
    if isinstance(value, ExcelError | str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int) or (float(value).is_integer() and abs(value) < 1e15):
        return str(int(value))
    raise Fallback("a fraction as text")


def truth(value: Any) -> Any:
    value = scalar(value)
    if isinstance(value, ExcelError | bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float):
        return value != 0
    raise Fallback("text as a condition")


def arith(op: str, a: Any, b: Any) -> Any:
    a, b = number(a), number(b)
    for v in (a, b):
        if isinstance(v, ExcelError):
            return v
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return ExcelError("#DIV/0!") if b == 0 else a / b
    try:
        power = float(a) ** b
    except ZeroDivisionError:
        return ExcelError("#DIV/0!")
    except (OverflowError, ValueError):
        return ExcelError("#NUM!")
    return ExcelError("#NUM!") if isinstance(power, complex) else power


def _rank(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool):
        return 2, value
    if isinstance(value, str):
        return 1, value.lower()
    return 0, value


def compare(op: str, a: Any, b: Any) -> Any:
    if type(a) is str and type(b) is str:  # the usual A5="" : text with text, without case
        return _COMPARE[op]((1, a.lower()), (1, b.lower()))
    a, b = scalar(a), scalar(b)
    for v in (a, b):
        if isinstance(v, ExcelError):
            return v
    if a is None:
        a = "" if isinstance(b, str) else False if isinstance(b, bool) else 0
    if b is None:
        b = "" if isinstance(a, str) else False if isinstance(a, bool) else 0
    x, y = _rank(a), _rank(b)
    if x[0] != y[0] or (type(x[1]) in _ORDERED and type(y[1]) in _ORDERED):
        return _COMPARE[op](x, y)  # cannot fail: only the comparison asked for is made
    return {
        "=": x == y,
        "<>": x != y,
        "<": x < y,
        ">": x > y,
        "<=": x <= y,
        ">=": x >= y,
    }[op]


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}
_ORDERED = (int, float, str, bool)  # two values of these kinds of one rank always compare


def binary(op: str, left: Expr, right: Expr) -> Expr:
    if op == "&":

        def join(row: Row) -> Any:
            a, b = text(left(row)), text(right(row))
            return a if isinstance(a, ExcelError) else b if isinstance(b, ExcelError) else a + b

        return join
    if op in ("=", "<>", "<", ">", "<=", ">="):
        return lambda row: compare(op, left(row), right(row))
    return lambda row: arith(op, left(row), right(row))


# --- functions ----------------------------------------------------------------------------


def _if(args: list[Expr]) -> Expr:
    if not 2 <= len(args) <= 3:
        raise Fallback("IF arguments")
    test, then = args[0], args[1]
    otherwise = args[2] if len(args) == 3 else (lambda row: False)

    def call(row: Row) -> Any:
        condition = truth(test(row))
        if isinstance(condition, ExcelError):
            return condition
        return then(row) if condition else otherwise(row)

    return call


def _iferror(args: list[Expr]) -> Expr:
    if len(args) != 2:
        raise Fallback("IFERROR arguments")
    value, alternative = args

    def call(row: Row) -> Any:
        found = scalar(value(row))
        return alternative(row) if isinstance(found, ExcelError) else found

    return call


def _logical(combine: Callable[[list[bool]], bool]) -> Callable[[list[Expr]], Expr]:
    def build(args: list[Expr]) -> Expr:
        def call(row: Row) -> Any:
            found = []
            for arg in args:
                value = scalar(arg(row))
                if isinstance(value, ExcelError):
                    return value
                if not isinstance(value, bool | int | float):
                    raise Fallback("AND/OR over text or blank")
                found.append(bool(value))
            return combine(found) if found else ExcelError("#VALUE!")

        return call

    return build


def _one(function: Callable[[Any], Any]) -> Callable[[list[Expr]], Expr]:
    def build(args: list[Expr]) -> Expr:
        if len(args) != 1:
            raise Fallback("argument count")
        (arg,) = args

        def call(row: Row) -> Any:
            value = scalar(arg(row))
            return value if isinstance(value, ExcelError) else function(value)

        return call

    return build


def _n(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    return value if isinstance(value, int | float) else 0


def _trim(value: Any) -> Any:
    found = text(value)
    return found if isinstance(found, ExcelError) else re.sub(" +", " ", found).strip(" ")


def _len(value: Any) -> Any:
    found = text(value)
    if isinstance(found, ExcelError):
        return found
    if any(ord(ch) > 0xFFFF for ch in found):
        raise Fallback("LEN of characters outside the BMP")
    return len(found)


def _not(value: Any) -> Any:
    found = truth(value)
    return found if isinstance(found, ExcelError) else not found


def _numbers(values: list[Any]) -> Any:
    """The numbers of the arguments as Excel's statistics read them (ranges: numbers only)."""
    found: list[int | float] = []
    for value in values:
        cells = value.values() if isinstance(value, Block) else None
        for item in cells if cells is not None else [value]:
            if isinstance(item, ExcelError):
                return item
            if isinstance(item, bool):
                if cells is None:
                    found.append(int(item))
            elif isinstance(item, int | float):
                found.append(item)
            elif cells is None:
                raise Fallback("statistics of a text or blank argument")
    return found


def _statistic(reduce: Callable[[list[Any]], Any]) -> Callable[[list[Expr]], Expr]:
    def build(args: list[Expr]) -> Expr:
        def call(row: Row) -> Any:
            found = _numbers([arg(row) for arg in args])
            return found if isinstance(found, ExcelError) else reduce(found)

        return call

    return build


def _count(args: list[Expr]) -> Expr:
    def call(row: Row) -> Any:
        total = 0
        for arg in args:
            value = arg(row)
            if not isinstance(value, Block):
                raise Fallback("COUNT of a single value")
            total += sum(
                1 for v in value.values() if isinstance(v, int | float) and not isinstance(v, bool)
            )
        return total

    return call


def _average(found: list[Any]) -> Any:
    return sum(found) / len(found) if found else ExcelError("#DIV/0!")


NATIVE: dict[str, Callable[[list[Expr]], Expr]] = {
    "IF": _if,
    "IFERROR": _iferror,
    "AND": _logical(all),
    "OR": _logical(any),
    "NOT": _one(_not),
    "N": _one(_n),
    "TRIM": _one(_trim),
    "LEN": _one(_len),
    "COUNT": _count,
    "SUM": _statistic(sum),
    "AVERAGE": _statistic(_average),
    "MAX": _statistic(lambda found: max(found, default=0)),
    "MIN": _statistic(lambda found: min(found, default=0)),
}


# --- CB_ functions, handed their arguments as the formulas engine hands them -----------------


def udf(function: Callable[..., Any], args: list[Expr | None]) -> Expr:
    options = _engine._arg_options(function)
    defaults = _engine._defaults(function)
    converts = [
        _argument_converter(options[i] if i < len(options) else {}) for i in range(len(args))
    ]

    def call(row: Row) -> Any:
        values = []
        for i, arg in enumerate(args):
            if arg is None:
                values.append(defaults[i] if i < len(defaults) else None)
                continue
            value = converts[i](arg(row))
            if isinstance(value, ExcelError):
                return value
            values.append(value)
        try:
            result = function(*values)
        except Exception:  # a CB_ function must not raise; as in the engines, #VALUE!
            return ExcelError("#VALUE!")
        return _result(result)

    return call


def _argument_converter(options: dict[str, Any]) -> Callable[[Any], Any]:
    ndim = options.get("ndim")
    last: list[Any] = [None, None]  # the last Block converted, and what it became

    def convert(value: Any) -> Any:
        if isinstance(value, Block):
            if value is last[0]:  # a fixed range ($A$1:$B$9) is one Block for every row
                return last[1]
            rows = _engine.shaped([list(row) for row in value.rows], ndim)
            last[0], last[1] = value, _as_cell_rows(rows)
            return last[1]
        if ndim == 2:
            return [[value]]
        if ndim == 1:
            return [value]
        return value

    return convert


def _as_cell_rows(rows: Any) -> Any:
    """Rows that tidying leaves as they are, marked as such (``CellRows``): a CB_ function
    handed the same fixed range on every row then reads it once (``udfs._policy``), as
    with the engines' shared range arguments. Anything else is handed over unchanged."""
    from creditbook.udfs._cells import CellRows, content_key, tidy

    if not (isinstance(rows, list) and rows and all(isinstance(r, list) for r in rows)):
        return rows
    key = content_key(rows)
    if key is None or content_key(tidy(rows)) != key:
        return rows
    return CellRows(rows)


def _result(value: Any) -> Any:
    if isinstance(value, list | tuple):
        raise Fallback("a CB_ function returned an array")
    if value is None:
        return ""
    if isinstance(value, ExcelError):
        return value
    if isinstance(value, str):
        return ExcelError(value) if value in ERROR_CODES else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return ExcelError("#NUM!")
    if hasattr(value, "isoformat"):
        return _engine._excel_serial(value)
    return value
