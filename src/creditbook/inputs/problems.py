"""What could not be read, and where: every problem names file, sheet, row and column.

One record, ``ReadProblem``, for everything the readers of ``inputs`` refuse: ledgers,
registers, orders, statements, the contact log, group sheets, evaluation workbooks,
indicator tables and policy ranges (政策). Its ``kind`` says what went wrong
(``ProblemKind``); ``str()`` is the line the user reads: the one renderer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum

from creditbook.core.errors import CreditbookError


class ProblemKind(Enum):
    """What went wrong with a cell, a column or a file."""

    VALUE = "value"  # a cell that is not what its column holds (not an amount, not a date)
    BLANK = "blank"  # a required cell left blank
    MISSING_COLUMN = "missing_column"  # a column (or customer, term, form item) not found
    MISSING_SHEET = "missing_sheet"  # a sheet the workbook must have
    UNMAPPED_COLUMN = "unmapped_column"  # a column that looks like one we need but is not
    DUPLICATE = "duplicate"  # a key given twice
    CONSISTENCY = "consistency"  # cells that disagree (a balance sheet that does not balance)
    FILE = "file"  # the file itself: missing, empty, of a form we do not read
    LAYOUT = "layout"  # a block whose header row is none the form has (a 政策 range's table)


@dataclass(frozen=True)
class ReadProblem:
    """One thing that could not be read, with where it is (Excel row and column letter).

    A form whose cells are named rather than counted (an evaluation workbook's B5, or the
    three cells of a balance check C5/C6/C13) gives them as ``ref``; ``cell`` is the one
    place either way."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    header: str | None
    message: str
    kind: ProblemKind = ProblemKind.VALUE
    ref: str | None = None

    @property
    def cell(self) -> str:
        """The cell as Excel names it (B7), a whole row (7:7), the form's ref, or ''."""
        if self.ref is not None:
            return self.ref
        if self.column and self.row:
            return f"{self.column}{self.row}"
        if self.row:
            return f"{self.row}:{self.row}"
        return ""

    def in_file(self) -> str:
        """The problem without its file, for a message that names the file once above."""
        return str(replace(self, file=""))

    def __str__(self) -> str:
        cell = self.cell
        place = f"{self.sheet}!{cell}" if self.sheet else cell
        if self.file:
            place = f"{self.file} {place}"
        if self.ref is None:
            place = place.rstrip("!").rstrip()
        if self.header:
            return f"{place} {self.header}: {self.message}"
        if not place:
            return self.message
        if self.kind is ProblemKind.CONSISTENCY and self.ref is not None:
            return f"{place} {self.message}"  # a sentence naming its own figures
        return f"{place}: {self.message}"


def range_place(row: int, header: str | None = None) -> str:
    """A cell of a range whose place on its sheet is not known (a 政策 range handed to a CB_
    function), as a ``ReadProblem.ref``: its row in the range and its column's header,
    '第9行「权重」列 row 9, column 权重', or the whole row '第7行 row 7'."""
    if header is None:
        return f"第{row}行 row {row}"
    return f"第{row}行「{header}」列 row {row}, column {header}"


class ReadError(CreditbookError):
    """A ledger or register could not be read; ``problems`` lists every bad cell at once."""

    def __init__(self, problems: Iterable[ReadProblem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the input（输入有误）:\n{lines}")


def sorted_problems(problems: list[ReadProblem]) -> list[ReadProblem]:
    return sorted(
        problems, key=lambda p: (p.sheet or "", p.row or 0, len(p.column or ""), p.column or "")
    )
