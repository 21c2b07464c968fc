"""Reading an evaluation workbook's cells: amounts in Chinese units, dates, 1–5 ratings.

Every cell that cannot be read becomes one ``ReadProblem`` (shown as
``sheet!cell 字段: "value" reason``, the file named once above them); the reader collects
them all and refuses the workbook with the whole list, so nothing is
computed or written from a half-read evaluation.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from creditbook.core.errors import CreditbookError
from creditbook.core.money import money, split_unit, to_decimal
from creditbook.inputs.problems import ProblemKind, ReadProblem
from creditbook.inputs.scalars import amount_text, flag_word, is_blank, parse_date

# Units of a statement sheet or column (金额单位), in yuan.
UNITS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10_000)}
_UNIT_IN_TEXT = re.compile(r"单位\s*[:：]?\s*[(（]?\s*(千元|万元|元)")
_SHOWN = 40  # characters of a bad value quoted in a message


class EvaluationError(CreditbookError):
    """The evaluation workbook cannot be read; ``problems`` lists every bad cell."""

    def __init__(self, problems: Iterable[ReadProblem], source: str = "") -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  {p.in_file()}" for p in self.problems)
        head = f"{source}: " if source else ""
        super().__init__(
            f"{head}{len(self.problems)} 处无法读取 cell(s) cannot be read（评估表有误）:\n{lines}"
        )


def shown(value: Any) -> str:
    """A cell value quoted for a message: control characters escaped, long text cut."""
    text = value.isoformat() if isinstance(value, dt.datetime | dt.date) else str(value)
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    if len(text) > _SHOWN:
        text = text[:_SHOWN] + f"…（共 {len(text)} 字）"
    return f'"{text}"'


class Problems(list[ReadProblem]):
    """Problems of one workbook ``file``, each naming sheet, cell, field and the value found."""

    def __init__(self, file: str = "") -> None:
        super().__init__()
        self.file = file

    def bad(self, sheet: str, ref: str, field: str, value: Any, reason: str) -> None:
        self.at(sheet, ref, field, f"{shown(value)} {reason}", ProblemKind.VALUE)

    def blank(self, sheet: str, ref: str, field: str, reason: str = "必填 required") -> None:
        self.at(sheet, ref, field, f"空白 blank，{reason}", ProblemKind.BLANK)

    def at(
        self, sheet: str, ref: str | None, field: str | None, message: str, kind: ProblemKind
    ) -> None:
        """A problem at cell(s) ``ref`` of ``sheet`` (no ref: the sheet as a whole)."""
        self.append(ReadProblem(self.file, sheet, None, None, field, message, kind, ref))

    @property
    def only_blanks(self) -> bool:
        """Every problem is a required cell left blank (the form is still being filled)."""
        return bool(self) and all(problem.kind is ProblemKind.BLANK for problem in self)


def unit_of(text: Any) -> Decimal | None:
    """'万元' / '单位：万元' / '本期(万元)' → 10000; None when the text names no unit."""
    if not isinstance(text, str):
        return None
    clean = unicodedata.normalize("NFKC", text).strip()
    if clean in UNITS:
        return UNITS[clean]
    found = _UNIT_IN_TEXT.search(clean) or re.search(r"[(（](千元|万元|元)[)）]", clean)
    return UNITS[found.group(1)] if found else None


def parse_amount(value: Any, unit: Decimal = Decimal(1)) -> Decimal | None:
    """An amount cell → yuan rounded to the fen; None when blank.

    Numbers are in ``unit`` (the sheet's or the column's 元/千元/万元); text may carry its
    own unit (50万 → 500,000; 1.2亿 → 120,000,000; 300千元; 12元), else ``unit`` applies.
    Raises ValueError with the reason when the cell is not an amount.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool | dt.date):
        raise ValueError("不是金额 not an amount")
    if isinstance(value, int | float | Decimal):
        try:
            return money(to_decimal(value) * unit)
        except CreditbookError:
            raise ValueError("不是金额 not an amount") from None
    if not isinstance(value, str):
        raise ValueError("不是金额 not an amount（公式出错？formula error?）")
    text = unicodedata.normalize("NFKC", value).strip()
    text, own = split_unit(text)
    scale = own or unit
    if own is None and text.endswith("元") and amount_text(text) is not None:
        scale = Decimal(1)  # '12元': yuan, whatever the sheet's unit
    amount = amount_text(text)
    if amount is None:
        raise ValueError("不是金额 not an amount（可写 500000、50万、1.2亿）")
    return money(amount * scale)


def parse_day(value: Any) -> dt.date | None:
    """A date cell as the ledger reader reads it; None when blank; ValueError otherwise."""
    if is_blank(value):
        return None
    day = parse_date(value)
    if day is None:
        raise ValueError("不是日期 not a date（可写 2026-11-29、2026年11月29日）")
    return day


def parse_rating(value: Any) -> float | None:
    """A 1–5 rating (4, '4', '４分'); None when blank; ValueError otherwise."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError("评分须为 1–5 a rating is 1 to 5")
    number: Any = value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().removesuffix("分").strip()
        try:
            number = Decimal(text)
        except ArithmeticError:
            raise ValueError("评分须为 1–5 a rating is 1 to 5") from None
    if not isinstance(number, int | float | Decimal) or not 1 <= number <= 5:
        raise ValueError("评分须为 1–5 a rating is 1 to 5")
    return float(number)


def parse_yes_no(value: Any) -> bool | None:
    """是/否 as every reader reads a flag (Y/N, √/×, 1/0 …; blank → None); ValueError else."""
    if is_blank(value):
        return None
    found = flag_word(value)
    if found is None:
        raise ValueError("应填 是 或 否 expected 是/否")
    return found
