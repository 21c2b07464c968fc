"""Money: Decimal amounts rounded to the fen in one place, and 人民币大写."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, SupportsInt

from creditbook.core.errors import ImpossibleValue, InvalidValue

if TYPE_CHECKING:
    import numpy as np

FEN = Decimal("0.01")
ZERO = Decimal("0.00")

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_SECTION_UNITS = ("", "万")
YI = 100_000_000
MAX_UPPER = Decimal("9999999999999.99")  # 玖万玖仟玖佰玖拾玖亿…: the largest 大写 amount


def to_decimal(value: object) -> Decimal:
    """Convert a number to Decimal; floats keep Excel's 15 significant digits.

    Excel stores 1.005 as the binary float 1.00499999999999989…, yet its ROUND gives 1.01
    because it works on 15 significant digits. Reading floats the same way makes
    ``money(1.005) == Decimal("1.01")`` as a finance user expects.
    """
    if isinstance(value, bool):
        raise InvalidValue(f"not an amount: {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValue(f"not a finite amount: {value!r}")
        result = Decimal(format(value, ".15g"))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidValue(f"not an amount: {value!r}") from None
    else:
        raise InvalidValue(f"not an amount: {value!r}")
    if not result.is_finite():
        raise InvalidValue(f"not a finite amount: {value!r}")
    return result


_UNIT_SUFFIX = re.compile(r"^(?P<number>.*?\d.*?)\s*(?P<unit>亿元|万元|千元|亿|万|千)$")
UNIT_SUFFIXES = {"亿": Decimal(100_000_000), "万": Decimal(10_000), "千": Decimal(1000)}


def split_unit(text: str) -> tuple[str, Decimal | None]:
    """'50万' → ('50', 10000); '1.2亿元' → ('1.2', 100000000); '500' → ('500', None).

    Only a unit after a number is split off; the caller parses the number part.
    """
    match = _UNIT_SUFFIX.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return text, None
    return match.group("number"), UNIT_SUFFIXES[match.group("unit")[0]]


def round_fen(amount: Decimal) -> Decimal:
    """Round to the fen (0.01), half away from zero, as Excel's ROUND(x, 2) does."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def money(value: object) -> Decimal:
    """Any number → Decimal rounded to the fen."""
    return round_fen(to_decimal(value))


def round_down_to(amount: Decimal, unit: Decimal) -> Decimal:
    """Round a non-negative amount down to a whole multiple of ``unit`` (e.g. 1,000)."""
    if unit <= 0:
        return round_fen(amount)
    return round_fen((amount / unit).to_integral_value(rounding="ROUND_FLOOR") * unit)


def to_fen(amount: object) -> int:
    """An amount → whole fen (int), rounded once by ``money``; for int64 ledger columns."""
    return int(money(amount) * 100)


def from_fen(fen: SupportsInt) -> Decimal:
    """Whole fen (int or numpy integer) → Decimal yuan with two places."""
    return Decimal(int(fen)).scaleb(-2)


def fen_from_floats(values: np.ndarray) -> np.ndarray:
    """Yuan as float64 → whole fen as int64, half away from zero like ``round_fen``.

    The vectorised form of ``to_fen`` for ledger columns read as floats: each value is first
    read to 6 decimals of a fen (so 1.005, stored as 1.00499999…, becomes 100.5 fen, as
    Excel's 15-digit reading gives), then rounded half up. NaN becomes 0; callers mark
    blanks separately.
    """
    import numpy as np

    scaled = np.round(np.nan_to_num(values.astype(np.float64), nan=0.0) * 100.0, 6)
    return (np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)).astype(np.int64)


def format_money(amount: Decimal) -> str:
    """30778.27 → '30,778.27'."""
    return f"{round_fen(amount):,.2f}"


def _integer_upper(number: int) -> str:
    """Digits with 拾佰仟, 万 and 亿; any run of zeros between digits reads as one 零.

    Above 亿 the part before 亿 is read on its own, so 亿 is never repeated:
    1,000,100,000,000 → 壹万零壹亿; 100,001,000 → 壹亿零壹仟.
    """
    if number >= YI:
        high, low = divmod(number, YI)
        text = _below_yi(high) + "亿"
        if low:
            text += ("零" if low < YI // 10 else "") + _below_yi(low)
        return text
    return _below_yi(number)


def _below_yi(number: int) -> str:
    digits = str(number)
    text = ""
    pending_zero = False
    section_has_digit = False
    for index, char in enumerate(digits):
        position = len(digits) - 1 - index
        digit = int(char)
        if digit:
            if pending_zero:
                text += "零"
                pending_zero = False
            text += _DIGITS[digit] + _SMALL_UNITS[position % 4]
            section_has_digit = True
        elif text:
            pending_zero = True
        if position % 4 == 0:
            if section_has_digit:
                text += _SECTION_UNITS[position // 4]
            section_has_digit = False
    return text


def rmb_upper(value: object) -> str:
    """Amount in Chinese capitals per the PBoC rules for 票据和结算凭证.

    16409.02 → 人民币壹万陆仟肆佰零玖元零贰分; 100000 → 人民币壹拾万元整; 0.07 → 人民币柒分.
    整 follows 元 when there are no 角/分; 零 follows 元 when 角 is 0 and 分 is not.
    Amounts up to 9,999,999,999,999.99 (in absolute value); larger ones are ImpossibleValue.
    """
    amount = money(value)
    sign = "负" if amount < 0 else ""
    amount = abs(amount)
    if amount > MAX_UPPER:
        raise ImpossibleValue(
            f"金额 {format_money(amount)} 超过大写上限 9,999,999,999,999.99 "
            f"amount too large for 大写"
        )
    fen_total = int(amount * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    text = ""
    if yuan:
        text = _integer_upper(yuan) + "元"
    if not jiao and not fen:
        return f"人民币{sign}{text or '零元'}整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    return f"人民币{sign}{text}"
