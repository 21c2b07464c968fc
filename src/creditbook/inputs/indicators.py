"""Read a CSV/XLSX of customers' indicator values; every bad cell is named by row and column.

Problems are ``ReadProblem`` records raised together in one ``ReadError``, as every reader's
are; the rows not scored (合计, 制表人 …) are an information ``Note`` on the frame."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from creditbook.core.errors import CreditbookError
from creditbook.core.policy import RATING_INDICATORS, SHARE_INDICATORS, canonical_indicator
from creditbook.core.portfolio import ID_COLUMNS, LIMIT_COLUMNS
from creditbook.core.scoring import check_share
from creditbook.inputs.notes import info
from creditbook.inputs.problems import ProblemKind, ReadError, ReadProblem
from creditbook.inputs.scalars import flag, is_blank, optional_number
from creditbook.inputs.sources import SourceError, pick_grids
from creditbook.inputs.tables import HEADER_SCAN_ROWS, column_letter
from creditbook.inputs.vocabulary import row_rules


def _file_problem(path: Path | str, message: str) -> ReadError:
    return ReadError([ReadProblem(str(path), None, None, None, None, message, ProblemKind.FILE)])


def _read_raw(path: Path, sheet: str | None) -> tuple[pd.DataFrame, int]:
    """The table below its header row (title rows above it skipped, as the ledger readers
    do) and the file row number of its first data row. CSV as the ledgers read it: UTF-8,
    or GBK/GB18030 as Excel saves it on Chinese Windows."""
    if not path.exists():
        raise _file_problem(path, "文件不存在 file not found")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm", ".xls"):
        raise _file_problem(path, "只支持 CSV 或 XLSX only CSV or XLSX files are read")
    if suffix == ".csv" and not path.read_bytes().strip():
        raise _file_problem(path, "文件是空的 the file is empty")
    try:
        grid = pick_grids(path, sheet, (), lambda g: _header_row(g.rows) is not None)[0]
    except SourceError as error:
        raise _file_problem("", str(error)) from None
    top = _header_row(grid.rows)
    if top is None:
        message = "没有指标列 no indicator columns (资产负债率, 品质 …)"
        raise ReadError(
            [ReadProblem(path.name, None, None, None, None, message, ProblemKind.MISSING_COLUMN)]
        )
    header = [_label(cell, index) for index, cell in enumerate(grid.rows[top])]
    body = [
        [None if is_blank(cell) else cell for cell in row] + [None] * (len(header) - len(row))
        for row in grid.rows[top + 1 :]
    ]
    frame = pd.DataFrame([row[: len(header)] for row in body], columns=header, dtype=object)
    return frame, grid.first_row + top + 1


def _header_row(rows: list[list[object]]) -> int | None:
    """The first of the top rows naming an indicator column (rows above it are titles)."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if any(_kind(cell) == "number" and canonical_indicator(str(cell)) for cell in row):
            return index
    return None


def _label(cell: object, index: int) -> str:
    text = "" if is_blank(cell) else str(cell).strip()
    return text or f"未命名列{column_letter(index)}"


def _kind(column: object) -> str | None:
    name = str(column).strip()
    if canonical_indicator(name) in RATING_INDICATORS:
        return "text"  # a rating label such as AA
    if canonical_indicator(name) is not None:
        return "number"
    folded = name.casefold()
    for chinese, english in LIMIT_COLUMNS.items():
        if folded in (chinese.casefold(), english):
            return "flag" if english == "is_new" else "number"
    if any(folded in (c.casefold(), e) for c, e in ID_COLUMNS.items()):
        return "text"
    return None


def read_indicator_table(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """The table with indicator and limit columns as numbers (NaN where blank).

    Headers: 客户编码, 客户名称, indicator names (资产负债率, DSO, 品质 …), and optionally
    月销售额, 净资产, 营运资金, 新客户, in the first row that names an indicator (title rows
    above it are skipped). Other columns are kept as they are. A share (付款准时率) outside
    0–100% is refused: 63.64 written for 63.64% would score as 6364%. Every bad cell is
    a problem of one ``ReadError``; the rows not scored are a note (``notes_of``).
    """
    path = Path(path)
    raw, first = _read_raw(path, sheet)
    problems: list[ReadProblem] = []
    frame = raw.copy()
    kinds = [_row_kind(row) for row in raw.itertuples(index=False)]
    last = max((i for i, kind in enumerate(kinds) if kind != "blank"), default=-1)
    kinds = [kind if i <= last else "after" for i, kind in enumerate(kinds)]
    for position, column in enumerate(raw.columns):
        kind = _kind(column)
        if kind not in ("number", "flag"):
            continue
        values: list[float | bool] = []
        share = canonical_indicator(str(column)) in SHARE_INDICATORS
        for index, cell in enumerate(raw[column], start=first):
            if kinds[index - first] is not None:  # a 合计 or 制表人 row is not scored
                values.append(float("nan"))
                continue
            try:
                if kind == "flag":
                    values.append(flag(cell))
                else:
                    number = optional_number(cell)
                    if share and number is not None:
                        check_share(canonical_indicator(str(column)) or "", number)
                    values.append(float("nan") if number is None else number)
            except CreditbookError as error:
                letter = column_letter(position)
                message = str(error)
                problems.append(ReadProblem(path.name, None, index, letter, str(column), message))
                values.append(float("nan"))
        frame[column] = values
    if problems:
        raise ReadError(problems)
    found = frame.loc[[kind is None for kind in kinds]]
    found.attrs["notes"] = info(_skipped_notes(path, kinds, first))
    return found


def _row_kind(row: tuple[object, ...]) -> str | None:
    """'blank', a non-data row's kind (total, carried, opening, footer: the ledger readers'
    row rules in vocabulary.toml), or None for a customer's row."""
    if all(is_blank(v) for v in row):
        return "blank"
    rules = row_rules()
    for cell in row:
        if isinstance(cell, str) and (kind := rules.kind(cell)) is not None:
            return kind
    return None


def _skipped_notes(path: Path, kinds: list[str | None], first: int) -> list[str]:
    """'跳过非数据行 skipped …': the count and file rows of each kind of row not scored."""
    rows: dict[str, list[int]] = {}
    for index, kind in enumerate(kinds):
        if kind not in (None, "after"):  # blank rows below the table are not rows of it
            rows.setdefault(kind, []).append(index + first)
    if not rows:
        return []
    labels = row_rules().labels
    parts = [
        f"{labels[kind]} {len(found)} 行（第{'、'.join(map(str, found[:10]))}"
        f"{'…' if len(found) > 10 else ''}行）"
        for kind, found in rows.items()
    ]
    return [f"跳过非数据行 skipped rows in {path.name}: " + "，".join(parts)]
