"""One cell's value as a number, a flag or blank: shared by the file readers and the CB_ functions.

A value here is what a file reader (pandas, calamine) or a worksheet runtime hands over:
text, numbers, bools, numpy scalars, a 1×1 range. Error cells ("#N/A") raise
:class:`CellError`; blank → MissingValue, wrong kind → InvalidValue (the core's errors, which
the CB_ functions turn into #N/A and #VALUE!). Runtime-specific values (Office.js objects)
are the worksheet side's business (``creditbook.udfs._convert``), not this module's.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from creditbook.core.errors import CreditbookError, ImpossibleValue, InvalidValue, MissingValue
from creditbook.core.money import to_decimal

NA = "#N/A"
VALUE = "#VALUE!"
DIV0 = "#DIV/0!"
NUM = "#NUM!"
EXCEL_ERRORS = frozenset(
    {NA, VALUE, DIV0, NUM, "#REF!", "#NAME?", "#NULL!", "#DATA!", "#SPILL!", "#CALC!"}
)


class CellError(CreditbookError):
    """An input cell holds an Excel error; the function returns the same error."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"输入单元格为错误值 input cell is an error: {code}")


def is_sentinel(value: Any) -> bool:
    """Pyodide's JsNull (Office.js blank) and formulas' ``schedula.EMPTY`` token."""
    kind = type(value).__name__
    return kind == "JsNull" or (kind == "Token" and str(value) == "empty")


def unwrap(value: Any) -> Any:
    """Numpy scalars as Python values and a 1×1 range as its one cell; a larger range is refused."""
    if hasattr(value, "tolist") and hasattr(value, "dtype"):
        value = value.tolist()  # numpy scalars and arrays
    while isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if isinstance(value, (list, tuple)):
        if not value:
            return None
        raise InvalidValue(f"需要单个值，收到区域 expected one cell, got a range: {value!r}")
    return value


def checked_text(value: Any) -> Any:
    """Text stripped; an error cell's text ("#N/A") raises :class:`CellError`."""
    if isinstance(value, str):
        stripped = value.strip()
        if stripped in EXCEL_ERRORS:
            raise CellError(stripped)
        return stripped
    return value


def scalar(value: Any) -> Any:
    """A plain value (file readers): :func:`unwrap`, then :func:`checked_text`."""
    return checked_text(unwrap(value))


def is_blank(value: Any) -> bool:
    """True for an empty cell: None, '', whitespace, NaN (pandas' blank), runtime sentinels."""
    if value is None or is_sentinel(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    return False


_CURRENCY = re.compile(r"^(?:人民币|RMB|CNY|[¥$])\s*|\s*元$", re.IGNORECASE)


def numeric_text(value: str) -> Decimal:
    """'1,234.5' / '１２％' / '(1,000)' / '¥1,000元' → Decimal; percent gives the fraction."""
    clean = unicodedata.normalize("NFKC", value).strip().replace("−", "-")
    clean = _CURRENCY.sub("", clean).replace(",", "").replace(" ", "").replace("_", "")
    negative = clean.startswith("(") and clean.endswith(")")
    if negative:
        clean = clean[1:-1]
    percent = clean.endswith("%")
    if percent:
        clean = clean[:-1]
    try:
        result = Decimal(clean)
    except InvalidOperation:
        raise InvalidValue(f"不是数字 not a number: {value!r}") from None
    if not result.is_finite():
        raise InvalidValue(f"不是数字 not a number: {value!r}")
    if percent:
        result /= 100
    return -result if negative else result


def decimal_of(value: Any) -> Decimal:
    """A required number as Decimal, from a value already made plain (see :func:`scalar`)."""
    if is_blank(value):
        raise MissingValue("缺少必填值 a required value is blank")
    if isinstance(value, bool):
        raise InvalidValue(f"需要数字，收到逻辑值 expected a number, got {value!r}")
    if isinstance(value, str):
        return numeric_text(value)
    if isinstance(value, float) and math.isinf(value):
        raise ImpossibleValue(f"无穷大 infinite value: {value!r}")
    if isinstance(value, (int, float, Decimal)):
        return to_decimal(value)
    raise InvalidValue(f"需要数字 expected a number, got {value!r}")


def number_of(value: Any) -> float:
    """A required number from a plain value: blank → MissingValue; bool/text → InvalidValue."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if math.isnan(value):
            raise MissingValue("缺少必填值 a required value is blank")
        if math.isinf(value):
            raise ImpossibleValue(f"无穷大 infinite value: {value!r}")
        return float(value)
    return float(decimal_of(value))


_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "对", "有", "t", "真"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "✘", "不", "无", "f", "假", "-"}


def optional_flag_of(value: Any, default: bool | None = None) -> bool | None:
    """是/否, Y/N, TRUE/FALSE, 1/0, √/× from a plain value; a blank cell gives ``default``."""
    if is_blank(value):
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)) and value in (0, 1):
        return bool(value)
    key = unicodedata.normalize("NFKC", str(value)).strip().casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise InvalidValue(f"需要 是/否 expected yes/no, got {value!r}")


def optional_number(value: Any) -> float | None:
    """A file cell as a number, or None when it is blank."""
    value = scalar(value)
    return None if is_blank(value) else number_of(value)


def flag(value: Any) -> bool:
    """A file cell as 是/否 (bool); a blank cell is 否 (False)."""
    return bool(optional_flag_of(scalar(value), False))
