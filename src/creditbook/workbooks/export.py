"""Writing a result table (aging, monitoring) to .csv (UTF-8 with BOM) or a styled .xlsx."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from creditbook.core.errors import CreditbookError
from creditbook.files import atomic_path, atomic_write_bytes, check_output
from creditbook.usertext import XLSX_ROW_HEIGHT_MAX as MAX_ROW_HEIGHT
from creditbook.usertext import Figure, set_cell
from creditbook.usertext import csv_bytes as _csv_bytes

if TYPE_CHECKING:
    from openpyxl import Workbook

Kind = Literal["text", "money", "int", "pct"]
NUMBER_FORMATS = {"money": "#,##0.00", "int": "0", "pct": "0.0%", "text": "@"}
_HEADER_FILL = "1F4E78"
_TOTAL_FILL = "DDEBF7"


@dataclass(frozen=True)
class Column:
    """A column of an exported table: its Chinese header and kind (sets the number format)."""

    header: str
    kind: Kind = "text"
    width: float | None = None


@dataclass(frozen=True)
class ResultTable:
    """Rows of plain values (Decimal money, float ratios, int days, str) with a title.

    ``total`` is an optional last row shown bold (合计).
    """

    title: str
    sheet: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]
    total: tuple[object, ...] | None = None


def write_table(table: ResultTable, path: str | Path, force: bool = False) -> Path:
    """Write ``table`` to ``path`` by its suffix; nothing is left behind on failure."""
    path = Path(path)
    suffix = path.suffix.lower()
    check_output(path, force)
    if suffix == ".csv":
        return atomic_write_bytes(path, csv_bytes(table), force)
    if suffix == ".xlsx":
        with atomic_path(path, force) as temporary:
            workbook(table).save(temporary)
        return path
    raise CreditbookError(
        f"{path.name}: output must be .csv or .xlsx（输出文件须为 .csv 或 .xlsx）"
    )


def csv_bytes(table: ResultTable) -> bytes:
    """CSV in UTF-8 with a BOM; text from the data cannot start a formula."""
    body = (*table.rows, *((table.total,) if table.total else ()))
    columns = table.columns
    cells = ([_csv_cell(v, c.kind) for v, c in zip(row, columns, strict=True)] for row in body)
    return _csv_bytes([[c.header for c in table.columns], *cells])


def _csv_cell(value: object, kind: Kind) -> object:
    if kind == "money" and isinstance(value, Decimal):
        return Figure(f"{value:.2f}")
    if kind == "pct" and isinstance(value, float):
        return Figure(f"{value:.4f}")
    return value


def workbook(table: ResultTable) -> Workbook:
    """The table on one sheet: title row, styled frozen header, number formats, total row."""
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()

    book.properties.creator = "creditbook"  # not openpyxl's default
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new Workbook's one sheet
    sheet.title = table.sheet
    fill_sheet(sheet, table)
    return book


def write_tables(tables: Sequence[ResultTable], path: str | Path, force: bool = False) -> Path:
    """Several tables in one .xlsx, one sheet each, with filters on the header row;
    written atomically, never over an existing file without ``force``."""
    from openpyxl import Workbook

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise CreditbookError(f"{path.name}: output must be .xlsx（输出文件须为 .xlsx）")
    check_output(path, force)
    book = Workbook()
    book.properties.creator = "creditbook"
    book.remove(book.worksheets[0])  # the default empty sheet
    for table in tables:
        sheet = book.create_sheet(table.sheet)
        fill_sheet(sheet, table)
        if table.rows:
            last = sheet.cell(2 + len(table.rows), len(table.columns)).coordinate
            sheet.auto_filter.ref = f"A2:{last}"
    with atomic_path(path, force) as temporary:
        book.save(temporary)
    return path


def fill_sheet(sheet, table: ResultTable) -> None:
    """The table on ``sheet``: title row, styled frozen header, number formats, total row."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    width = len(table.columns)
    set_cell(sheet.cell(1, 1), table.title).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, column in enumerate(table.columns, 1):
        cell = set_cell(sheet.cell(2, col), column.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    body = [*table.rows, *((table.total,) if table.total else ())]
    for r, row in enumerate(body, 3):
        lines = max(
            (_lines(v, c.width or _width(c)) for v, c in zip(row, table.columns, strict=True)),
            default=1,
        )
        if lines > 1:
            sheet.row_dimensions[r].height = min(15 * lines, MAX_ROW_HEIGHT)
        for col, (value, column) in enumerate(zip(row, table.columns, strict=True), 1):
            cell = set_cell(sheet.cell(r, col), value)
            cell.border = border
            if column.kind != "text":
                cell.number_format = NUMBER_FORMATS[column.kind]
            else:
                cell.alignment = Alignment(vertical="top", wrap_text=(column.width or 0) > 30)
            if column.kind != "text":
                cell.alignment = Alignment(vertical="top")
    if table.total:
        for col in range(1, width + 1):
            cell = sheet.cell(2 + len(body), col)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=_TOTAL_FILL)
    for col, column in enumerate(table.columns, 1):
        sheet.column_dimensions[get_column_letter(col)].width = column.width or _width(column)
    sheet.row_dimensions[2].height = 30
    sheet.freeze_panes = "C3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "2:2"


def _lines(value: object, width: float) -> int:
    """Rows of text a wrapped cell needs (CJK characters are two units wide)."""
    if not isinstance(value, str) or not value:
        return 1
    units = [sum(2 if ord(ch) > 127 else 1 for ch in line) for line in value.split("\n")]
    return sum(max(1, math.ceil(u / max(width - 1, 1))) for u in units)


def _width(column: Column) -> float:
    base = {"money": 15, "int": 10, "pct": 10, "text": 14}[column.kind]
    return max(base, sum(2 if ord(ch) > 127 else 1 for ch in column.header) + 2)


def texts(rows: Sequence[Sequence[object]]) -> list[list[str]]:
    """Rows as display text (money with thousands separators, ratios as %)."""
    return [[display(v) for v in row] for row in rows]


def display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value:.1%}"
    return str(value)
