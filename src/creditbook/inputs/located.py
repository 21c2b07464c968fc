"""A table found in a sheet: its header, its data rows (non-data rows counted and set
aside) and the methods that parse a column while reporting each bad cell."""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from decimal import Decimal
from itertools import repeat, zip_longest
from operator import itemgetter
from typing import cast

import numpy as np

from creditbook.inputs import cells
from creditbook.inputs.amounts import conflict_problems
from creditbook.inputs.identifiers import IdentifierChanges
from creditbook.inputs.problems import ProblemKind, ReadProblem
from creditbook.inputs.sources import Grid
from creditbook.inputs.tables import Header, column_letter, find_header
from creditbook.inputs.vocabulary import (
    RowRules,
    normalise_header,
    row_rules,
    suspect_exceptions,
    suspects,
)


class Table:
    """A located table: the grid, its header and the data rows, and how to report a cell.

    Attributes:
        skipped: non-data rows set aside, per kind (total, carried, opening, footer, blank).
        marks: body position → kind, for every marked (non-blank) row, in sheet order.
    """

    def __init__(self, grid: Grid, header: Header) -> None:
        self.grid = grid
        self.header = header
        self.problems: list[ReadProblem] = []
        body = grid.rows[header.row + 1 :]
        lengths = set(map(len, body))
        width = max(len(header.labels), max(lengths, default=0))
        if lengths == {width}:  # every row as wide as the table (calamine's are): column by column
            columns = [list(map(itemgetter(col), body)) for col in range(width)]
        else:
            columns = [list(c) for c in zip_longest(*body, fillvalue=None)] if body else []
            columns += [[None] * len(body) for _ in range(width - len(columns))]
        self.body_columns = columns
        kept, self.marks, self.skipped = _data_rows(len(body), columns)
        self.length = len(kept)
        if self.length == len(body):
            self.columns = columns
        else:
            self.columns = [[column[i] for i in kept] for column in columns]
        self.first_body_row = grid.first_row + header.row + 1
        self.excel_rows = np.asarray(kept, dtype=np.int64) + self.first_body_row
        self.kept = kept

    def refuse_unevaluated(self) -> None:
        """Refuse each formula of a data row saved without a value that could not be
        computed (``inputs.sheetxml``), naming its cell: never read as 0 or blank."""
        if self.grid.unevaluated:
            self.problems += unevaluated_problems(self.grid, self.header, set(self.kept))

    def __len__(self) -> int:
        return self.length

    def has(self, name: str) -> bool:
        return name in self.header.columns

    def cells(self, col: int) -> list[object]:
        return self.columns[col]

    def column(self, name: str) -> list[object]:
        return self.cells(self.header.columns[name])

    def report(
        self, name: str, position: int, message: str, kind: ProblemKind = ProblemKind.VALUE
    ) -> None:
        """A problem at data row ``position`` of column ``name``."""
        self.report_at(name, int(self.excel_rows[position]), message, kind)

    def report_at(self, name: str, row: int, message: str, kind: ProblemKind) -> None:
        self.problems.append(self.problem_at(name, row, message, kind))

    def problem_at(
        self, name: str, row: int, message: str, kind: ProblemKind = ProblemKind.VALUE
    ) -> ReadProblem:
        """A problem at ``row`` (Excel row number) of a column, named by its header."""
        col = self.header.columns[name]
        return ReadProblem(
            self.grid.file,
            self.grid.sheet,
            row,
            column_letter(col),
            self.header.labels[col],  # a found column's header is never blank
            message,
            kind,
        )

    def report_cells(self, name: str, positions: list[int], message: str) -> None:
        raw = self.column(name)
        for i in positions:
            self.report(name, i, f'"{cells.text_value(raw[i])}" {message}')

    def amounts(self, name: str, required: bool) -> tuple[np.ndarray, np.ndarray]:
        raw, scale = self.column(name), self.header.scale(name)
        fen, blank, bad = cells.amount_column(raw, scale)
        large = [i for i in bad if cells.too_large(raw[i], scale)]
        other = [i for i in bad if i not in large]
        self.report_cells(name, other, "is not an amount（不是有效金额）")
        for i in large:  # a number cell as Excel shows it (1E+308), not its 309 digits
            value = raw[i]
            # too_large read it as Decimal(str(value)); a float() could overflow on a big int
            shown = (
                cells.text_value(value) if isinstance(value, str) else f"{Decimal(str(value)):.15G}"
            )
            self.report(name, i, f'"{shown}" {cells.TOO_LARGE}')
        if required:
            self.report_blank(name, blank)
        return fen, blank

    def dates(self, name: str, required: bool) -> np.ndarray:
        days, blank, bad = cells.date_column(self.column(name))
        self.report_cells(name, bad, "is not a date（不是有效日期）")
        if required:
            self.report_blank(name, blank)
        return days

    def texts(self, name: str, required: bool) -> list[str]:
        values = cells.text_column(self.column(name))
        if required:
            self.report_blank(name, _empty(values))
        return values

    def identifiers(self, name: str, required: bool, notes: list[str]) -> list[str]:
        """客户编码 (``customer_id``) or 客户名称 (``customer_name``) through the one
        normaliser (``identifiers``); what it changed is added to ``notes``."""
        raw = self.column(name)
        texts = cells.text_column(raw)
        what = "客户编码" if name == "customer_id" else "客户名称"
        changes = IdentifierChanges(what, code=name == "customer_id")
        letter = column_letter(self.header.columns[name])
        values, changed = texts, set()
        seen: dict[str, tuple[str, str | None]] = {}  # a column repeats few distinct values
        if not _unchanged(raw, texts, changes, seen):
            values = []
            for i, text in enumerate(texts):
                value = raw[i]
                if value.__class__ is str and not value.isascii():
                    if value not in seen:
                        seen[value] = changes.normalise(value, text)
                    text, written = seen[value]
                    if written is not None:
                        changes.changed[f"{letter}{self.excel_rows[i]}"] = (written, text)
                        changed.add(i)
                values.append(text)
        if changed:
            unchanged = {v for i, v in enumerate(values) if i not in changed}
            where = f"{self.grid.file} {self.grid.sheet or ''}".strip()
            notes += changes.notes(where, unchanged)
        if required:
            self.report_blank(name, _empty(values))
        return values

    def report_blank(self, name: str, blank: np.ndarray) -> None:
        """Each blank cell of a required column (a formula without a value is refused as
        that, not also as blank)."""
        col = self.header.columns[name]
        first = self.grid.first_row
        for i in np.flatnonzero(blank):
            if (int(self.excel_rows[i]) - first, col) in self.grid.unevaluated:
                continue
            self.report(name, int(i), "is blank（缺少必填值）", kind=ProblemKind.BLANK)

    def extras(self) -> dict[str, list[object]]:
        return {label: self.cells(col) for col, label in self.header.extras().items()}

    def report_duplicates(
        self, name: str, keys: Sequence[Hashable], shown: list[str], what: str
    ) -> None:
        """Report every row whose ``keys`` value repeats an earlier row's (blank keys aside)."""
        if len(set(keys)) == len(keys):  # no key repeats: nothing to report
            return
        first: dict[Hashable, int] = {}
        for i, key in enumerate(keys):
            if not shown[i]:
                continue
            if key in first:
                seen = int(self.excel_rows[first[key]])
                message = f'"{shown[i]}" duplicates row {seen}（{what}重复）'
                self.report(name, i, message, kind=ProblemKind.DUPLICATE)
            else:
                first[key] = i


def _empty(texts: list[str]) -> np.ndarray:
    """The blank texts of a column (a column without one is told by one search)."""
    if "" not in texts:
        return np.zeros(len(texts), dtype=bool)
    return np.fromiter(map(operator.not_, texts), dtype=bool, count=len(texts))


def _unchanged(
    raw: list[object],
    texts: list[str],
    changes: IdentifierChanges,
    seen: dict[str, tuple[str, str | None]],
) -> bool:
    """Whether normalising leaves every text of the column as it is, each distinct cell
    tested once (``seen`` keeps the answers): then the texts are the identifiers."""
    try:
        distinct = dict(zip(raw, texts, strict=True))
    except TypeError:  # an unhashable cell: the row-by-row path
        return False
    for value, text in distinct.items():
        if type(value) is str and not value.isascii():
            seen[value] = changes.normalise(value, text)
    return all(written is None and result == distinct[v] for v, (result, written) in seen.items())


UNEVALUATED = (
    "公式没有保存计算结果 formula saved without a value（文件由程序写出、未在 Excel 中打开过 "
    "written by a program, never opened in Excel）; 请在 Excel 中打开并保存后再读取 open it in "
    "Excel, save it and read it again"
)


def unevaluated_problems(grid: Grid, header: Header, kept: set[int]) -> list[ReadProblem]:
    """A formula with no saved value that could not be computed, in a data row of a column
    the reader uses: refused naming its cell (it is never read as 0 or blank). Such cells of
    an extra column are only counted in the reading report."""
    found = []
    used = set(header.columns.values())
    for (row, col), formula in sorted(grid.unevaluated.items()):
        if col in used and row - header.row - 1 in kept:
            found.append(
                ReadProblem(
                    grid.file,
                    grid.sheet,
                    grid.first_row + row,
                    column_letter(col),
                    header.labels.get(col) or None,
                    f'"={formula}" {UNEVALUATED}',
                )
            )
    return found


def _data_rows(
    length: int, columns: list[list[object]]
) -> tuple[list[int], dict[int, str], Counter[str]]:
    """Positions of the data rows, the marked non-data rows (合计, 承前页, 制表人 …) and the
    count of skipped rows per kind, blank rows included."""
    rules = row_rules()
    filled = np.zeros(length, dtype=bool)
    marks: dict[int, str] = {}
    for column in columns:
        if column and type(column[0]) in _NEVER_BLANK and set(map(type, column)) <= _NEVER_BLANK:
            # numbers and dates: no blank cell, no text to mark a row
            filled[:] = True
            continue
        if column and type(column[0]) is str and _varied(column) and _marks_nothing(column, rules):
            # a text column whose texts cannot mark a row: only its blank cells matter
            if "" in column:
                filled |= ~_blank_mask(column)
            else:
                filled[:] = True
            continue
        distinct = _distinct(column)
        if distinct is None or "" in distinct or None in distinct:
            filled |= ~_blank_mask(column)
        else:  # no empty cell in the column
            filled[:] = True
        marking = _marking_values(distinct, column, rules)
        if marking:
            for i, value in enumerate(column):
                if value.__class__ is str and value in marking:
                    marks.setdefault(i, marking[value])
    skipped = Counter(marks.values())
    blank = int(length - np.count_nonzero(filled))
    if blank:
        skipped["blank"] = blank
    for i in marks:
        filled[i] = False
    return np.flatnonzero(filled).tolist(), {i: marks[i] for i in sorted(marks)}, skipped


_NEVER_BLANK = {float, int, bool, Decimal, dt.date, dt.datetime, dt.time}
"""Cells of these kinds are neither blank ('' or None) nor text that could mark a row."""


def _distinct(column: list[object]) -> set[object] | None:
    """The distinct values of a column; None when a cell cannot be hashed."""
    try:
        return set(column)
    except TypeError:
        return None


def _marking_values(
    distinct: set[object] | None, column: list[object], rules: RowRules
) -> dict[str, str]:
    """The distinct texts of a column that mark a non-data row, with their kind (a column
    repeats few values, so each is tested once)."""
    if distinct is None:  # an unhashable cell
        distinct = {v for v in column if v.__class__ is str}
    firsts, lasts = rules.first_chars, rules.last_chars
    if not any(map(isinstance, distinct, repeat(str))):  # numbers, dates: nothing to test
        return {}
    texts = cast("set[str]", distinct)  # when it is not, joining the cells raises TypeError
    try:  # a text column: one search of its texts, a line each, usually rules it out
        lines = "\n" + "\n".join(texts) + "\n"
    except TypeError:  # texts mixed with other cells: each text is tested below
        pass
    else:
        starts, ends = _marking_patterns(firsts, lasts)
        if not starts.search(lines) and not ends.search(lines):
            return {}
    found: dict[str, str] = {}
    for value in distinct:
        if value.__class__ is str and (value[:1] in firsts or value[-1:] in lasts):
            kind = rules.kind(value)
            if kind:
                found[value] = kind
    return found


def _varied(column: list[object]) -> bool:
    """Whether nearly every one of the column's first 1,000 cells differs (invoice numbers):
    its texts are then searched joined (``_marks_nothing``) rather than gathered distinct."""
    head = column[:1000]
    try:
        return len(head) == 1000 and len(set(head)) > 900
    except TypeError:  # an unhashable cell
        return False


def _marks_nothing(column: list[object], rules: RowRules) -> bool:
    """Whether a column of text alone has no cell that could mark a row: one search of its
    cells joined a line each (repeats and all, cheaper than gathering the distinct ones).
    False for a column with any other kind of cell, which is tested value by value."""
    try:
        lines = "\n" + "\n".join(column) + "\n"  # type: ignore[arg-type]  # TypeError if not
    except TypeError:
        return False
    starts, ends = _marking_patterns(rules.first_chars, rules.last_chars)
    return not starts.search(lines) and not ends.search(lines)


@functools.cache
def _marking_patterns(
    firsts: frozenset[str], lasts: frozenset[str]
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A line starting with a first character, a line ending with a last one: what
    ``_marking_values`` looks for in a column's texts joined by line breaks. A text that
    holds a line break itself may match where it marks nothing; it is then tested alone."""
    first, last = re.escape("".join(sorted(firsts))), re.escape("".join(sorted(lasts)))
    return re.compile(f"\n[{first}]"), re.compile(f"[{last}]\n")


def _blank_mask(column: list[object]) -> np.ndarray:
    """Empty cells ('' from calamine and csv, None from openpyxl and DataFrames)."""
    try:  # each cell looked up once in C
        return np.fromiter(map(_EMPTY.__contains__, column), dtype=bool, count=len(column))
    except TypeError:  # an unhashable cell: compared one by one
        pass
    values = np.empty(len(column), dtype=object)
    values[:] = column
    blank: np.ndarray = (values == "") | (values == None)  # noqa: E711  (element-wise)
    return blank


_EMPTY = frozenset({"", None})


def suspect_problems(grid: Grid, header: Header, target: str) -> list[ReadProblem]:
    """Headers that look like money received, a balance, a due date or the customer but map
    to no column: refused, each with the --columns mapping that would fix it."""
    found = []
    words = suspects()
    known = set(header.columns.values()) | set(header.ignored) | set(header.passed_over)
    known |= {col for cols in header.candidates.values() for col in cols}
    for col, text in header.labels.items():
        key = normalise_header(text)
        if col in known or not key or key in suspect_exceptions():
            continue
        word = next((w for w in words if w in key), None)
        if word is None:
            continue
        fix = words[word]
        message = (
            f"looks like {fix} but is not a {target} column creditbook knows（未识别的列，"
            f'不会被静默忽略）; map it: --columns "{text}={fix}" (or "{text}=-" to keep it '
            "as an unchecked extra column)"
        )
        found.append(
            ReadProblem(
                grid.file,
                grid.sheet,
                grid.first_row + header.row,
                column_letter(col),
                text,
                message,
                ProblemKind.UNMAPPED_COLUMN,
            )
        )
    return found


def missing_message(field: str, label: str, accepted: tuple[str, ...]) -> str:
    names = "、".join(accepted)
    return (
        f"missing column {label} ({field})（缺少列）; accepted headers（可用表头）: {names}; "
        f'or map your own: --columns "你的表头={label}"'
    )


def locate(
    grid: Grid,
    aliases: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    labels: Mapping[str, str],
    mapping: Mapping[str, str] | None = None,
    choose: Callable[[Header], Header] | None = None,
) -> tuple[Table | None, list[ReadProblem]]:
    """The table in ``grid``, or the problems that say why its header cannot be used.
    ``choose`` settles columns that several headers could be (``amounts.choose_money``)."""
    header = find_header(grid.rows, aliases, required, mapping)
    if header is not None and choose is not None:
        header = choose(header)
    if header is None:
        wanted = "、".join(f"{labels[r]} ({r})" for r in required)
        message = (
            f"no header row naming {wanted} in the first rows（找不到表头）; "
            f'map your headers with --columns "你的表头={labels[required[0]]},…"'
        )
        return None, [
            ReadProblem(
                grid.file, grid.sheet, None, None, None, message, ProblemKind.MISSING_COLUMN
            )
        ]
    missing = [r for r in required if r not in header.columns]
    conflicted = {name for name, _ in header.conflicts}
    missing = [r for r in missing if r not in conflicted]
    if header.conflicts:
        return None, conflict_problems(grid, header, labels)
    if missing:
        row = grid.first_row + header.row
        return None, [
            ReadProblem(
                grid.file,
                grid.sheet,
                row,
                None,
                None,
                missing_message(r, labels[r], aliases[r]),
                ProblemKind.MISSING_COLUMN,
            )
            for r in missing
        ]
    return Table(grid, header), []
