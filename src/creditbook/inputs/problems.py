"""What could not be read, and where: every problem names file, sheet, row and column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from creditbook.core.errors import CreditbookError


@dataclass(frozen=True)
class ReadProblem:
    """One thing that could not be read, with where it is (Excel row and column letter)."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    header: str | None
    message: str
    kind: str = "value"  # value, blank, missing_column, unmapped_column, duplicate, consistency

    def __str__(self) -> str:
        cell = f"{self.column}{self.row}" if self.column and self.row else ""
        if self.row and not self.column:
            cell = f"{self.row}:{self.row}"
        place = f"{self.file} {self.sheet}!{cell}" if self.sheet else f"{self.file} {cell}"
        place = place.rstrip("!").rstrip()
        return (
            f"{place} {self.header}: {self.message}" if self.header else f"{place}: {self.message}"
        )


class ReadError(CreditbookError):
    """A ledger or register could not be read; ``problems`` lists every bad cell at once."""

    def __init__(self, problems: Iterable[ReadProblem | str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the input（输入有误）:\n{lines}")


def sorted_problems(problems: list[ReadProblem]) -> list[ReadProblem]:
    return sorted(
        problems, key=lambda p: (p.sheet or "", p.row or 0, len(p.column or ""), p.column or "")
    )
