"""Read groups of customers (集团 sheet) and the register's group and temporary-limit columns.

The register's optional columns 所属集团, 临时额度, 临时额度生效日, 临时额度到期日 and
临时额度审批编号 become ``group``, ``temporary_limit`` (Int64 fen), ``temporary_starts``,
``temporary_ends`` (datetime64) and ``temporary_approval``. A temporary amount or date that
cannot be read is never a problem that stops the command: it is left blank (so the limit
is the base 信用额度) and a warning names the cell. The 集团 sheet (集团名称 / 集团编码,
集团额度, 核定日期) is read by ``read_groups``; a bad 集团额度 is a problem.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from creditbook.core.exposure import Group
from creditbook.core.models import GROUP_COLUMNS, REGISTER_GROUP_COLUMNS
from creditbook.core.money import from_fen
from creditbook.inputlimits import check_package
from creditbook.inputs import cells
from creditbook.inputs.located import Table, locate
from creditbook.inputs.notes import Note, warning
from creditbook.inputs.problems import ProblemKind, ReadProblem, sorted_problems
from creditbook.inputs.sources import EXCEL_SUFFIXES, Book, Grid, pick_grid
from creditbook.inputs.tables import find_header
from creditbook.inputs.vocabulary import aliases

__all__ = [
    "GROUP_COLUMNS",
    "GROUP_SHEETS",
    "REGISTER_GROUP_COLUMNS",
    "groups_beside",
    "groups_in",
    "read_groups",
    "register_group_columns",
]

GROUP_SHEETS = ("集团", "集团额度", "集团客户", "groups")
GROUP_ALIASES = aliases("groups")
_NO_DATE = np.datetime64("NaT", "ns")


def register_group_columns(table: Table) -> tuple[dict[str, object], list[Note]]:
    """The group and temporary-limit columns the register has → (frame columns, warnings).

    Only columns present are returned. An unreadable 临时额度 or date is blank, with a
    warning: the customer keeps the base limit (missing data never raises a limit)."""
    data: dict[str, object] = {}
    warnings: list[Note] = []

    def warn(name: str, positions: list[int], what: str) -> None:
        raw = table.column(name)
        for i in positions:
            problem = table.problem_at(
                name,
                int(table.excel_rows[i]),
                f'"{cells.text_value(raw[i])}" {what}，临时额度不计，按信用额度 base limit',
            )
            warnings.append(warning(problem))

    for name in ("group", "temporary_approval"):
        if table.has(name):
            data[name] = table.texts(name, required=False)
    if table.has("temporary_limit"):
        raw = table.column("temporary_limit")
        fen, blank, bad = cells.amount_column(raw, table.header.scale("temporary_limit"))
        negative = [i for i in range(len(fen)) if not blank[i] and i not in bad and fen[i] < 0]
        warn("temporary_limit", [*bad, *negative], "is not an amount（不是有效金额）")
        series = pd.Series(fen, dtype="Int64")
        series[blank] = pd.NA
        for i in [*bad, *negative]:
            series[i] = pd.NA
        data["temporary_limit"] = series
    for name in ("temporary_starts", "temporary_ends"):
        if table.has(name):
            days, _, bad = cells.date_column(table.column(name))
            warn(name, bad, "is not a date（不是有效日期）")
            data[name] = days
    return data, warnings


def _fits(mapping: Mapping[str, str] | None = None) -> Callable[[Grid], bool]:
    def fits(grid: Grid) -> bool:
        header = find_header(grid.rows, GROUP_ALIASES, ("limit",), mapping)
        return (
            header is not None
            and "limit" in header.columns
            and ("name" in header.columns or "code" in header.columns)
        )

    return fits


def read_groups(
    source: str | Path | pd.DataFrame | Grid,
    sheet: str | None = None,
    *,
    password: str | None = None,
) -> tuple[list[Group], list[ReadProblem]]:
    """The 集团 sheet → (groups, problems): 集团名称 or 集团编码 (one of them), 集团额度
    (blank = not set, never 0), 核定日期. Blank rows, 合计 and footers are skipped."""
    grid = pick_grid(source, sheet, GROUP_SHEETS, _fits(), password)
    table, problems = locate(grid, GROUP_ALIASES, ("limit",), GROUP_COLUMNS)
    if table is None:
        return [], problems
    if not table.has("name") and not table.has("code"):
        problems.append(
            ReadProblem(
                grid.file,
                grid.sheet,
                grid.first_row + table.header.row,
                None,
                None,
                "missing column 集团名称 or 集团编码（缺少列：集团名称或集团编码）",
                ProblemKind.MISSING_COLUMN,
            )
        )
        return [], problems
    empty = [""] * len(table)
    names = table.texts("name", required=False) if table.has("name") else empty
    codes = table.texts("code", required=False) if table.has("code") else empty
    for i in [i for i in range(len(table)) if not names[i] and not codes[i]]:
        table.report(
            "name" if table.has("name") else "code",
            i,
            "is blank（缺少集团名称）",
            ProblemKind.BLANK,
        )
    fen, blank = table.amounts("limit", required=False)
    approved = (
        table.dates("approved_on", required=False)
        if table.has("approved_on")
        else np.full(len(table), _NO_DATE)
    )
    groups: list[Group] = []
    seen: dict[str, int] = {}
    for i in range(len(table)):
        if not names[i] and not codes[i]:
            continue
        for key, name in ((names[i], "name"), (codes[i], "code")):
            if key and key in seen:
                where = int(table.excel_rows[seen[key]])
                table.report(
                    name,
                    i,
                    f'"{key}" is listed twice（集团重复，见第 {where} 行）',
                    ProblemKind.DUPLICATE,
                )
            elif key:
                seen[key] = i
        groups.append(
            Group(
                name=names[i],
                code=codes[i],
                limit=None if blank[i] else from_fen(int(fen[i])),
                approved_on=None if pd.isna(approved[i]) else pd.Timestamp(approved[i]).date(),
                where=_cell(table, i),
            )
        )
    return groups, sorted_problems([*table.problems, *problems])


def _cell(table: Table, position: int) -> str:
    """'FILE SHEET!C5' of row ``position``'s 集团额度, for a message that names the cell."""
    at = table.problem_at("limit", int(table.excel_rows[position]), "")
    return (
        f"{at.file} {at.sheet}!{at.column}{at.row}"
        if at.sheet
        else f"{at.file} {at.column}{at.row}"
    )


def groups_beside(path: Path, password: str | None = None) -> tuple[list[Group], list[ReadProblem]]:
    """The 集团 sheet of a register workbook, when it has one (by name); else no groups."""
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return [], []
    check_package(path)  # the size and zip-bomb limits, as every reader checks them
    return groups_in(Book(path, password))


def groups_in(book: Book) -> tuple[list[Group], list[ReadProblem]]:
    """The 集团 sheet of an opened register workbook (``read_books`` keeps the one it read
    the register from, so the file is not opened again), when it has one; else no groups."""
    found = next((name for name in GROUP_SHEETS if name in book.names), None)
    if found is None:
        return [], []
    return read_groups(book.grid(found))
