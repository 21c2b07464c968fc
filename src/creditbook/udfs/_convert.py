"""Cell values in, Excel values out: the one place where worksheet-side values are converted.

Every CB_ function is written as::

    @xw.func(category=CATEGORY)
    @xw.arg("amount", doc="金额 amount", **CELL)
    @xw.arg("table", doc="区域 range", **RANGE)
    @excel_safe
    def CB_X(amount: Any, table: Any = None) -> Any:
        return core_function(money_arg(amount), matrix(table))

Converters turn what any runtime hands over (classic Windows: datetime, float, error
strings with ``err_to_str``; Lite/Office.js: serial numbers for dates, JS nulls as None;
``formulas``: numpy scalars) into plain Python values, raising the core's errors:
blank → MissingValue (#N/A), wrong kind → InvalidValue (#VALUE!). An error value that came
from another cell raises :class:`CellError` so the same error comes out.
Range arguments (``RANGE``) skip xlwings' per-cell cleaning: ``_cells.Cells`` reads them
raw and cleans them once. No ``from __future__ import annotations`` in the UDF modules:
xlwings resolves the type hints on every call, and string annotations are compiled anew.
:func:`excel_safe` turns every exception into an Excel error string; the function never raises.
"""

import datetime as dt
import functools
import logging
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar, overload

from creditbook.core.errors import (
    CreditbookError,
    ImpossibleValue,
    InvalidValue,
    MissingValue,
    ZeroDenominator,
)
from creditbook.core.money import split_unit
from creditbook.inputs.scalars import (
    DIV0,
    EXCEL_ERRORS,
    NA,
    NUM,
    VALUE,
    CellError,
    checked_text,
    date_of,
    decimal_of,
    is_blank,
    is_sentinel,
    number_of,
    optional_flag_of,
    unwrap,
)
from creditbook.udfs import _classic
from creditbook.udfs._cells import CellRows, Cells, tidy
from creditbook.udfs._cells import cell as _raw_cell

__all__ = [
    "CATEGORY",
    "CELL",
    "DIV0",
    "EXCEL_ERRORS",
    "NA",
    "NUM",
    "RANGE",
    "VALUE",
    "CellError",
    "date_arg",
    "excel_error",
    "excel_safe",
    "fit_rows",
    "flag",
    "is_blank",
    "matrix",
    "money_arg",
    "number",
    "optional_date",
    "optional_flag",
    "optional_money",
    "optional_number",
    "optional_text",
    "text",
    "to_excel",
    "vector",
]

log = logging.getLogger(__name__)

# Excel's Insert Function dialog lists the CB_ functions under this category (classic
# xlwings; the Office.js runtimes ignore it).
CATEGORY = "信用管理"

# Options for every ``xw.arg``: error cells arrive as their text ("#DIV/0!") instead of
# None, so that the function can pass the same error on (classic, Lite and Server alike).
CELL: dict[str, Any] = {"err_to_str": True}
# Options for every range argument: xlwings' "raw" reader (no per-cell cleaning in xlwings)
# and one column-wise pass of our own (``_cells.Cells``); blanks, error cells and numbers
# come out as with CELL, a range always as a list of rows.
RANGE: dict[str, Any] = {"convert": Cells}

# Most specific class first: the first match in the exception's MRO wins.
_ERROR_OF: dict[type[BaseException], str] = {
    MissingValue: NA,
    InvalidValue: VALUE,
    ZeroDenominator: DIV0,
    ImpossibleValue: NUM,
}

F = TypeVar("F", bound=Callable[..., Any])


# ── Errors out ───────────────────────────────────────────────────────────────


def excel_error(error: BaseException) -> str:
    """The Excel error string for an exception (anything unexpected → #VALUE!)."""
    if isinstance(error, CellError):
        return error.code
    for cls in type(error).__mro__:
        if cls in _ERROR_OF:
            return _ERROR_OF[cls]
    return VALUE


def to_excel(result: Any) -> Any:
    """A Python result as a cell value: NaN/inf → #NUM!, Decimal/numpy → float, 2-D lists too."""
    if isinstance(result, (list, tuple)):
        return [to_excel(item) for item in result]
    if isinstance(result, bool) or result is None or isinstance(result, (str, dt.date)):
        return result
    if isinstance(result, Decimal):
        return float(result) if result.is_finite() else NUM
    if hasattr(result, "tolist") and hasattr(result, "dtype"):
        return to_excel(result.tolist())  # numpy scalars and arrays
    if isinstance(result, float) and not math.isfinite(result):
        return NUM
    return result


def excel_safe(func: F) -> F:
    """Make a worksheet function never raise: errors become Excel error strings.

    The wrapper keeps the wrapped function's name, docstring, annotations and signature
    (``functools.wraps`` sets ``__wrapped__``, which ``inspect.signature`` and
    ``typing.get_type_hints`` follow), so xlwings registers the same arguments and
    optional defaults. Apply it innermost, below ``@xw.func``/``@xw.arg``.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return to_excel(func(*args, **kwargs))
        except CreditbookError as error:
            return excel_error(error)
        except Exception:
            log.exception("unexpected error in %s", func.__name__)
            return VALUE

    return wrapper  # type: ignore[return-value]


# ── Scalars in ───────────────────────────────────────────────────────────────


def _scalar(value: Any) -> Any:
    """Unwrap a 1×1 range, a JS null/NaN blank and numpy scalars; re-raise error cells."""
    value = unwrap(value)
    if isinstance(value, dict) or is_sentinel(value):
        value = _raw_cell(value)  # Office.js error/data-type objects, blank sentinels
        if value is None:
            return None
    return checked_text(value)


def _decimal(value: Any) -> Decimal:
    return decimal_of(_scalar(value))


def number(value: Any) -> float:
    """A required number: blank → MissingValue; bool/text that is no number → InvalidValue."""
    return number_of(_scalar(value))


@overload
def optional_number(value: Any, default: float) -> float: ...
@overload
def optional_number(value: Any, default: None = None) -> float | None: ...
def optional_number(value: Any, default: float | None = None) -> float | None:
    """A number, or ``default`` when the cell is blank or the argument omitted."""
    return default if is_blank(_scalar(value)) else number(value)


def money_arg(value: Any) -> Decimal:
    """A required amount as Decimal (floats read with Excel's 15 digits; not yet rounded).

    Text may carry a Chinese unit, as statements are often typed: 50万, 1.2亿, 300千元.
    """
    value = _scalar(value)
    if isinstance(value, str):
        number, unit = split_unit(value)
        if unit is not None:
            return _decimal(number) * unit
    return _decimal(value)


@overload
def optional_money(value: Any, default: Decimal) -> Decimal: ...
@overload
def optional_money(value: Any, default: None = None) -> Decimal | None: ...
def optional_money(value: Any, default: Decimal | None = None) -> Decimal | None:
    """An amount, or ``default`` when the cell is blank or the argument omitted."""
    return default if is_blank(_scalar(value)) else money_arg(value)


def date_arg(value: Any) -> dt.date:
    """A required date: datetime/date, an Excel serial number, or ISO/Chinese text.

    The rules are the readers' (``inputs/scalars.date_of``): serials as Excel counts them,
    20261130 as yyyymmdd, 60 (Excel's fictitious 1900-02-29) → #NUM!.
    """
    return date_of(_scalar(value))


def optional_date(value: Any, default: dt.date | None = None) -> dt.date | None:
    return default if is_blank(_scalar(value)) else date_arg(value)


def flag(value: Any) -> bool:
    """是/否, Y/N, TRUE/FALSE, 1/0, √/× → bool; a blank cell is 否 (False)."""
    return optional_flag(value, False)  # type: ignore[return-value]


def optional_flag(value: Any, default: bool | None = None) -> bool | None:
    """Like :func:`flag`, but a blank cell gives ``default``."""
    return optional_flag_of(_scalar(value), default)


def text(value: Any) -> str:
    """Cell content as text: blank → '', 12.0 → '12', dates → ISO, error cells re-raised."""
    value = _scalar(value)
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def optional_text(value: Any, default: str = "") -> str:
    result = text(value)
    return result or default


# ── Ranges in ────────────────────────────────────────────────────────────────


def matrix(value: Any) -> list[list[Any]]:
    """A range as a rectangular list of rows, trailing blank rows and columns trimmed.

    A scalar becomes ``[[x]]``; a 2-D list (or numpy array / DataFrame values) is kept as
    rows. A 1-D list is read as a COLUMN (one item per row): the tables creditbook reads
    run downwards. (Range arguments from xlwings arrive as ``CellRows``, already tidied
    by the ``Cells`` converter, where a flat list was a single row.)
    Blank cells become None; error cells are kept as their text (the caller decides),
    except that a one-cell range holding an error raises CellError. A blank range raises
    MissingValue. Cells are cleaned column by column (see ``_cells.tidy``).
    """
    if isinstance(value, CellRows):
        rows: list[list[Any]] = value
    else:
        rows = tidy(_rows(value))
    if not rows or not rows[0]:
        raise MissingValue("区域为空 the range is blank")
    if len(rows) == 1 and len(rows[0]) == 1:
        _scalar(rows[0][0])  # a one-cell range holding an error passes the error on
    return rows


def _rows(value: Any) -> list[Any]:
    if hasattr(value, "to_numpy"):
        value = value.to_numpy()
    if hasattr(value, "tolist") and hasattr(value, "ndim"):
        value = value.tolist()
    if isinstance(value, tuple):
        value = list(value)
    if not isinstance(value, list):
        return [[value]]
    if value and not any(isinstance(item, (list, tuple)) for item in value):
        return [[item] for item in value]
    return value


def vector(value: Any) -> list[Any]:
    """A range flattened row by row (a row or a column gives its cells in order)."""
    return [cell for row in matrix(value) for cell in row]


# ── Arrays out ───────────────────────────────────────────────────────────────


def fit_rows(
    rows: list[list[Any]],
    size: Any,
    width: int,
    overflow: Callable[[list[list[Any]]], list[Any]],
) -> list[list[Any]]:
    """Rows for a legacy (Ctrl+Shift+Enter) array area of ``size`` rows.

    A legacy array shows #N/A in every cell the result does not cover, so the result is
    padded with blank rows to the area's size. When there are more rows than fit, the
    last row is ``overflow(hidden_rows)``: a visible marker that also carries the hidden
    rows' totals, so that sums below the area stay right. ``size`` blank: rows as they are
    (a dynamic-array formula spills to its own size).
    """
    if is_blank(_scalar(size)):
        return rows
    count = number(size)
    if count != int(count) or count < 1:
        raise ImpossibleValue(f"区域行数应为正整数 rows must be a whole number ≥ 1: {size!r}")
    count = int(count)
    if len(rows) > count:
        return [*rows[: count - 1], overflow(rows[count - 1 :])]
    return rows + [[None] * width for _ in range(count - len(rows))]


# Classic xlwings on Windows: the VBA wrappers turn the error texts into real errors.
_classic.hook()
