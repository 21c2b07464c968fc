"""Reading messy cell values column by column: amounts, dates, flags, whole numbers, text.

Each ``*_column`` function takes the raw cells of one column (as calamine, csv or pandas
gives them) and returns the parsed column plus the positions it could not read, so the
reader can report every bad cell at once. What one cell means (blank, amount text, date,
flag) is decided once, in ``inputs/scalars.py``, for the readers and the CB_ functions alike.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

import numpy as np

from creditbook.core.money import fen_from_floats, to_fen
from creditbook.inputs.scalars import (
    EXCEL_EPOCH,
    amount_text,
    flag_word,
    is_blank,
    parse_date,
)

__all__ = [
    "EXCEL_EPOCH",
    "MAX_YUAN",
    "TOO_LARGE",
    "amount_column",
    "date_column",
    "flag_column",
    "int_column",
    "is_blank",
    "parse_amount_text",
    "parse_date",
    "text_column",
    "text_value",
    "too_large",
]

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_NAT = np.iinfo(np.int64).min
_BLANK = _NAT + 1  # no date is this many days before 1970

MAX_YUAN = 10**13
"""The largest amount read (±10 万亿元): beyond it a cell is a typing slip such as '1e308',
and it would overflow the fen columns."""
TOO_LARGE = "is beyond ±10^13 元（金额超出范围 amount out of range）"


def text_value(value: object) -> str:
    """A cell as text; whole numbers lose their '.0' (客户编码 1001.0 → '1001')."""
    if value.__class__ is str:
        text = value.strip()
        if text.isascii() or unicodedata.is_normalized("NFKC", text):
            return text
        return unicodedata.normalize("NFKC", text).strip()
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip()


def text_column(cells: list[object]) -> list[str]:
    """``text_value`` of every cell, computed once per distinct value."""
    cache: dict[tuple[type, object], str] = {}
    texts: dict[str, str] = {}  # text cells, the most common, keyed by themselves
    result = []
    for value in cells:
        if type(value) is str:
            if value.isascii():  # text_value is a strip
                result.append(value.strip())
                continue
            text = texts.get(value)
            if text is None:
                text = texts[value] = text_value(value)
            result.append(text)
            continue
        key = (value.__class__, value)  # keeps 1, 1.0 and True apart
        try:
            text = cache[key]
        except KeyError:
            text = cache[key] = text_value(value)
        except TypeError:
            text = text_value(value)
        result.append(text)
    return result


def parse_amount_text(text: str) -> Decimal | None:
    """'¥1,234.50', '1,234.50元', '(300.00)', '-' → Decimal; None if not an amount."""
    return amount_text(text)


def amount_column(cells: list[object], scale: int = 1) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """→ (fen int64, blank mask, positions that are not amounts); ``scale`` is yuan per unit
    (10000 for a column in 万元), applied before rounding to the fen."""
    n = len(cells)
    floats = np.full(n, np.nan)
    blank = np.zeros(n, dtype=bool)
    exact: dict[int, int] = {}
    bad: list[int] = []
    for i, value in enumerate(cells):
        kind = type(value)
        if kind is float or kind is int:
            floats[i] = value
        elif is_blank(value):
            blank[i] = True
        elif isinstance(value, Decimal | str):
            amount = value if isinstance(value, Decimal) else parse_amount_text(value)
            if amount is None or not amount.is_finite() or abs(amount * scale) > MAX_YUAN:
                bad.append(i)
            else:
                exact[i] = to_fen(amount * scale)
        elif isinstance(value, int | float | np.number) and not isinstance(value, bool):
            floats[i] = float(value)
        else:
            bad.append(i)
    with np.errstate(invalid="ignore"):
        beyond = np.abs(floats * scale) > MAX_YUAN  # inf too; NaN (blank) is not beyond
    if beyond.any():
        bad.extend(int(i) for i in np.flatnonzero(beyond))
        floats[beyond] = np.nan
    fen = fen_from_floats(floats if scale == 1 else floats * scale)
    if exact:
        fen[list(exact)] = list(exact.values())
    return fen, blank, sorted(bad)


def too_large(value: object, scale: int = 1) -> bool:
    """A cell ``amount_column`` refused because it is a number beyond ±``MAX_YUAN``."""
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        value = parse_amount_text(value)
    try:
        return value is not None and abs(Decimal(str(value)) * scale) > MAX_YUAN
    except (InvalidOperation, ValueError, TypeError):
        return False


def _days(day: dt.date) -> int:
    return day.toordinal() - _EPOCH_ORDINAL


def date_column(cells: list[object]) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """→ (datetime64[ns] with NaT for blanks, blank mask, positions that are not dates)."""
    n = len(cells)
    try:
        distinct = set(cells)  # a date column repeats few values: each is read once
    except TypeError:  # an unhashable cell is blank or no date, never parsed
        days = np.fromiter(_codes_with_unhashable(cells), dtype=np.int64, count=n)
    else:
        code = {value: _day_code(value) for value in distinct}
        days = np.fromiter(map(code.__getitem__, cells), dtype=np.int64, count=n)
    blank = days == _BLANK
    bad = np.flatnonzero(days == _NAT).tolist()
    days[blank] = _NAT
    return days.view("datetime64[D]").astype("datetime64[ns]"), blank, bad


def _day_code(value: object) -> int:
    """A cell as days since 1970-01-01; ``_BLANK`` for a blank cell, ``_NAT`` for no date."""
    if is_blank(value):
        return _BLANK
    day = parse_date(value)
    return _NAT if day is None else _days(day)


def _codes_with_unhashable(cells: list[object]) -> Iterator[int]:
    cache: dict[object, int] = {}
    for value in cells:
        try:
            found = cache[value]
        except KeyError:
            found = cache[value] = _day_code(value)
        except TypeError:
            found = _BLANK if is_blank(value) else _NAT
        yield found


def flag_column(cells: list[object]) -> tuple[np.ndarray, list[int]]:
    """是/否 (Y/N, yes/no, 1/0, √/×; blank = 否) → bool array and the unreadable positions."""
    flags = np.zeros(len(cells), dtype=bool)
    bad: list[int] = []
    for i, value in enumerate(cells):
        if is_blank(value):
            continue
        word = flag_word(value)
        if word is None:
            bad.append(i)
        else:
            flags[i] = word
    return flags, bad


def int_column(cells: list[object]) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Whole numbers such as 信用期限(天): '60', 60.0, '60天' → int64, blank mask, bad positions."""
    values = np.zeros(len(cells), dtype=np.int64)
    blank = np.zeros(len(cells), dtype=bool)
    bad: list[int] = []
    for i, value in enumerate(cells):
        if is_blank(value):
            blank[i] = True
            continue
        text = text_value(value).removesuffix("天").strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            bad.append(i)
            continue
        if not number.is_finite() or number != number.to_integral_value() or number < 0:
            bad.append(i)
        else:
            values[i] = int(number)
    return values, blank, bad
