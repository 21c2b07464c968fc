"""The one cell-value module: blank, number, text number, percent, date, flag and error cells.

Shared by every file reader (``inputs/cells.py`` column by column, ``indicators.py``,
``evaluation_cells.py``) and every CB_ function (``udfs/_convert.py``), so that a cell means
the same to ``creditbook aging`` as to ``=CB_AGING(...)`` and to Excel. The rules:

- **Blank**: None, '', whitespace, NaN/NaT (pandas' blank), runtime sentinels (Office.js
  JsNull, the ``formulas`` engine's empty token). Excel arithmetic counts a blank as 0; a
  function decides where a blank is "missing" instead (MissingValue → #N/A).
- **Numbers in text**: as Excel coerces text in arithmetic (``="211,488.11"*1``): thousands
  separators, a leading currency sign (¥/$/人民币/RMB/CNY) or a trailing 元, full-width
  digits, (1,000) as -1,000, and a trailing % as the fraction ('12%' → 0.12).
  Amount columns (:func:`amount_text`) also read a lone dash as 0 (accounting zero) and
  refuse a percent. Units 万/亿/千元 are split by ``core.money.split_unit``.
- **Dates**: date/datetime as they are; a number is an Excel serial of the 1900 date system
  (1 = 1900-01-01, 59 = 1900-02-28; 60 is Excel's fictitious 1900-02-29 and no date; from 61
  on day 0 = 1899-12-30; 2958465 = 9999-12-31 is the last) — except a whole number
  19000101–29991231, which is far beyond the last serial and is read as yyyymmdd, the way
  ERP exports (用友, 金蝶) write dates as numbers. Text: 2026-11-30, 2026/11/30, 2026.11.30,
  2026年11月30日 (a time after it ignored), 20261130, or a five-digit serial typed as text.
- **Flags**: 是/否, Y/N, yes/no, TRUE/FALSE, 1/0, √/×, 有/无 …
- **Error cells** ("#N/A" …) raise :class:`CellError`, so a function passes the same error on.

Required values raise the core's errors: blank → MissingValue, wrong kind → InvalidValue,
impossible (serial 60, infinity) → ImpossibleValue — the CB_ functions turn them into
#N/A, #VALUE! and #NUM!; the readers use the ``parse_*`` forms that give None instead and
report the cell. Runtime-specific values (Office.js objects) are the worksheet side's
business (``creditbook.udfs._convert``), not this module's.
"""

from __future__ import annotations

import datetime as dt
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
    """True for an empty cell: None, '', whitespace, NaN/NaT (pandas' blank), runtime sentinels."""
    if value is None:
        return True
    kind = value.__class__
    if kind is str:
        return not value.strip()
    if kind is float:
        return bool(value != value)
    if kind is int or kind is bool:
        return False
    if isinstance(value, str):
        return not value.strip()
    if is_sentinel(value):
        return True
    try:
        return bool(value != value)  # NaN of numpy/Decimal, pandas NaT
    except (TypeError, ValueError, ArithmeticError):
        return False


# Currency marks and spaces anywhere in a number (NFKC has made ￥ ¥ and odd spaces plain).
_CURRENCY = re.compile(r"(?i)人民币|rmb|cny|元|¥|\$|,|\s|_")
_DASHES = frozenset({"-", "—", "–", "--", "−"})


def number_text(text: str, *, percent: bool = True, dash_is_zero: bool = False) -> Decimal | None:
    """'1,234.5' / '１２％' / '(1,000)' / '¥1,000元' → Decimal, or None when it is no number.

    ``percent``: a trailing % gives the fraction ('12%' → 0.12); otherwise it is no number.
    ``dash_is_zero``: a lone dash is 0, as accounts print a zero amount.
    """
    clean = unicodedata.normalize("NFKC", text).strip()
    if dash_is_zero and clean in _DASHES:
        return Decimal(0)
    clean = _CURRENCY.sub("", clean.replace("−", "-"))
    negative = clean.startswith("(") and clean.endswith(")")
    if negative:
        clean = clean[1:-1]
    is_percent = clean.endswith("%")
    if is_percent:
        if not percent:
            return None
        clean = clean[:-1]
    try:
        result = Decimal(clean)
    except InvalidOperation:
        return None
    if not result.is_finite():
        return None
    if is_percent:
        result /= 100
    return -result if negative else result


def amount_text(text: str) -> Decimal | None:
    """An amount typed as text ('¥1,234.50', '(300.00)', '-' for zero); None if not one."""
    return number_text(text, percent=False, dash_is_zero=True)


def numeric_text(value: str) -> Decimal:
    """:func:`number_text`, raising InvalidValue when the text is no number."""
    result = number_text(value)
    if result is None:
        raise InvalidValue(f"不是数字 not a number: {value!r}")
    return result


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


_TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "✔", "对", "有", "t", "真", "x", "●"})
_FALSE = frozenset({"否", "n", "no", "false", "0", "×", "✗", "✘", "不", "无", "f", "假", "-"})


def flag_word(value: Any) -> bool | None:
    """A non-blank cell as 是 (True) or 否 (False); None when it is neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)) and value in (0, 1):
        return bool(value)
    key = unicodedata.normalize("NFKC", str(value)).strip().casefold()
    return True if key in _TRUE else False if key in _FALSE else None


def optional_flag_of(value: Any, default: bool | None = None) -> bool | None:
    """是/否, Y/N, TRUE/FALSE, 1/0, √/× from a plain value; a blank cell gives ``default``."""
    if is_blank(value):
        return default
    found = flag_word(value)
    if found is not None:
        return found
    raise InvalidValue(f"需要 是/否 expected yes/no, got {value!r}")


def optional_number(value: Any) -> float | None:
    """A file cell as a number, or None when it is blank."""
    value = scalar(value)
    return None if is_blank(value) else number_of(value)


def flag(value: Any) -> bool:
    """A file cell as 是/否 (bool); a blank cell is 否 (False)."""
    return bool(optional_flag_of(scalar(value), False))


# ── Dates ────────────────────────────────────────────────────────────────────

EXCEL_EPOCH = dt.date(1899, 12, 30)
"""Day 0 of Excel's 1900 date system from serial 61 on (1900-03-01)."""
MAX_SERIAL = 2958465  # 9999-12-31
FIRST_YMD, LAST_YMD = 19000101, 29991231
"""Whole numbers read as yyyymmdd (all far beyond the last serial, so never ambiguous)."""
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# A serial typed as text (a CSV export): five digits, 1927-05-18 to 2173-10-14. Shorter
# numbers in a date column are typing slips, not the 1900s.
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")


def date_of_serial(serial: float) -> dt.date:
    """An Excel serial (or a yyyymmdd number) as a date; ImpossibleValue when it is none."""
    if not math.isfinite(serial):
        raise ImpossibleValue(f"不是有效的 Excel 日期序号 not a valid date serial: {serial!r}")
    if FIRST_YMD <= serial <= LAST_YMD and serial == int(serial):
        whole = int(serial)
        try:
            return dt.date(whole // 10000, whole // 100 % 100, whole % 100)
        except ValueError:
            raise ImpossibleValue(f"日期不存在 no such date: {whole}") from None
    day = math.floor(serial)
    if day < 1 or day > MAX_SERIAL:
        raise ImpossibleValue(f"不是有效的 Excel 日期序号 not a valid date serial: {serial!r}")
    if day == 60:
        raise ImpossibleValue("1900-02-29 不存在 (Excel 序号 60) — this date does not exist")
    if day < 60:
        return dt.date(1899, 12, 31) + dt.timedelta(days=day)
    return EXCEL_EPOCH + dt.timedelta(days=day)


def date_text(value: str) -> dt.date:
    """A date typed as text (see the module's rules); InvalidValue when it is none."""
    clean = unicodedata.normalize("NFKC", value).strip()
    match = _DATE_TEXT.match(clean) or _COMPACT_DATE.match(clean)
    if match:
        year, month, day = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise InvalidValue(f"日期不存在 no such date: {value!r}") from None
    if _SERIAL_TEXT.match(clean):
        return date_of_serial(float(clean))
    raise InvalidValue(f"不是日期 not a date: {value!r}")


def date_of(value: Any) -> dt.date:
    """A required date from a plain value: blank → MissingValue, no date → InvalidValue,
    an impossible serial → ImpossibleValue."""
    if is_blank(value):
        raise MissingValue("缺少日期 a required date is blank")
    if isinstance(value, dt.datetime):  # a pandas Timestamp too: it is a datetime
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise InvalidValue(f"需要日期 expected a date, got {value!r}")
    if hasattr(value, "item") and hasattr(value, "dtype"):
        value = value.item()  # numpy scalars
        if isinstance(value, dt.date | bool):
            return date_of(value)
    if isinstance(value, (int, float, Decimal)):
        return date_of_serial(float(value))
    if isinstance(value, str):
        return date_text(value)
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()  # type: ignore[no-any-return]
    raise InvalidValue(f"需要日期 expected a date, got {value!r}")


def parse_date(value: Any) -> dt.date | None:
    """:func:`date_of` for the readers: None when the cell is blank or holds no date."""
    try:
        return date_of(value)
    except (MissingValue, InvalidValue, ImpossibleValue, OverflowError, ValueError):
        return None


# ── Text in arithmetic ───────────────────────────────────────────────────────

_EXCEL_NUMBER = re.compile(r"^[+-]?[¥$]?\(?[+-]?(?:\d[\d,]*)?\.?\d+(?:e[+-]?\d+)?\)?%?$", re.I)


def serial_of(day: dt.date) -> int:
    """A date as Excel's 1900-system serial (1900-01-01 = 1; 1900-03-01 = 61)."""
    days = (day - EXCEL_EPOCH).days
    return days - 1 if days < 61 else days


def excel_number(text: str) -> float | None:
    """Text as Excel reads it in arithmetic (``="211,488.11"*1``), None for #VALUE!.

    What Excel coerces: a number with thousands separators, a leading sign and currency sign
    (¥/$), (1,000) as -1,000, a trailing % as the fraction, full-width digits, spaces round
    it, and a date typed as text (its serial). Not a word, a unit (元, 万) or a lone dash:
    those are #VALUE! in Excel, and so here.
    """
    clean = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if _EXCEL_NUMBER.match(clean):
        found = number_text(clean)
        return None if found is None else float(found)
    if _DATE_TEXT.match(clean):
        try:
            return float(serial_of(date_text(clean)))
        except InvalidValue:
            return None
    return None
