"""Write the sample ledger and register as the Excel files a finance department keeps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from creditbook.core.models import (
    GROUP_COLUMNS,
    LEDGER_COLUMNS,
    REGISTER_COLUMNS,
    REGISTER_GROUP_COLUMNS,
    WARNING_FLAGS,
)
from creditbook.files import atomic_path
from creditbook.sample import SampleData, ledger_frame, register_frame
from creditbook.sample.running import STATEMENT_HEADER, statement_rows

LEDGER_FILE = "应收账款台账.xlsx"
REGISTER_FILE = "客户信用档案.xlsx"
STATEMENT_FILE = "应收账款明细账.xlsx"
STATEMENT_CUSTOMERS = 3
_MONEY = {"amount", "paid_amount", "limit", "temporary_limit"}
_DATES = {
    "invoice_date",
    "due_date",
    "paid_date",
    "evaluated_on",
    "next_review",
    "temporary_starts",
    "temporary_ends",
}
_WIDTHS = {"customer_name": 34, "address": 40, "uscc": 22, "contact": 18, "invoice_no": 16}
_THIN = Side(style="thin", color="B4C2D3")
_HEADER_FONT = Font(name="等线", bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")


def _cell_value(column: str, value: Any) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if column in _MONEY:
        return int(value) / 100  # whole fen → yuan; exact to the fen in a double
    if column in _DATES:
        return pd.Timestamp(value).date()
    if column in WARNING_FLAGS:
        return "是" if value else ""
    if hasattr(value, "item"):
        return value.item()
    return value


def _write_sheet(path: Path, title: str, frame: pd.DataFrame, headers: dict[str, str]) -> None:
    book = Workbook()
    book.properties.creator = "creditbook"  # not openpyxl's default
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new Workbook's one sheet
    sheet.title = title
    sheet.append([headers[c] for c in frame.columns])
    for row in frame.itertuples(index=False):
        sheet.append([_cell_value(c, v) for c, v in zip(frame.columns, row, strict=True)])
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index)
        header.font, header.fill = _HEADER_FONT, _HEADER_FILL
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.border = Border(bottom=_THIN)
        sheet.column_dimensions[letter].width = _WIDTHS.get(column, 13)
        fmt = "#,##0.00" if column in _MONEY else "yyyy-mm-dd" if column in _DATES else None
        if fmt:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = fmt
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.row_dimensions[1].height = 30
    book.save(path)


def write_ledger(data: SampleData, path: str | Path, force: bool = False) -> Path:
    """应收账款台账.xlsx: one row per invoice/credit note, Chinese headers, amounts in yuan."""
    with atomic_path(path, force) as temporary:
        _write_sheet(temporary, "应收账款台账", ledger_frame(data.invoices), LEDGER_COLUMNS)
    return Path(path)


def write_register(data: SampleData, path: str | Path, force: bool = False) -> Path:
    """客户信用档案.xlsx: one row per customer; warning flags marked 是; 所属集团 and the
    temporary limit; and the 集团 sheet with each group's limit."""
    headers = {**REGISTER_COLUMNS, **REGISTER_GROUP_COLUMNS}
    with atomic_path(path, force) as temporary:
        _write_sheet(temporary, "客户信用档案", register_frame(data.register), headers)
        _add_groups(temporary, data)
    return Path(path)


def _add_groups(path: Path, data: SampleData) -> None:
    """The 集团 sheet (集团名称, 集团编码, 集团额度, 核定日期) of the register workbook."""
    import openpyxl

    with Path(path).open("rb") as handle:  # a temporary .part name openpyxl would refuse
        book = openpyxl.load_workbook(handle)
    sheet = book.create_sheet("集团")
    sheet.append(list(GROUP_COLUMNS.values()))
    for group in data.groups:
        limit = None if group.limit is None else float(group.limit)
        sheet.append([group.name, group.code, limit, group.approved_on])
    for index, width in enumerate((20, 12, 16, 13), start=1):
        header = sheet.cell(row=1, column=index)
        header.font, header.fill = _HEADER_FONT, _HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        row[2].number_format = "#,##0.00"
        row[3].number_format = "yyyy-mm-dd"
    book.save(path)


def write_statement_ledger(data: SampleData, path: str | Path, force: bool = False) -> Path:
    """应收账款明细账.xlsx: the running statement (借方/贷方/余额) of the first customers with
    an overdue balance, one sheet each, as 金蝶 and 用友 export it; `creditbook aging` reads it
    first-in-first-out."""
    open_ids = sorted(
        {i.customer_id for i in data.invoices if i.open_amount > 0 and i.due_date < data.as_of}
    )
    names = {c.customer_id: c.name for c in data.customers}
    book = Workbook()
    book.properties.creator = "creditbook"
    book.remove(book.worksheets[0])  # the default empty sheet
    for customer_id in open_ids[:STATEMENT_CUSTOMERS]:
        sheet = book.create_sheet(customer_id)
        sheet.append(["应收账款明细账"])
        sheet.append([f"客户：{names.get(customer_id, customer_id)}"])
        sheet.append(list(STATEMENT_HEADER))
        for row in statement_rows(data.invoices, customer_id, data.as_of):
            sheet.append(list(row))
        for (cell,) in sheet.iter_rows(min_row=4, min_col=1, max_col=1):
            cell.number_format = "yyyy-mm-dd"
        for column in "DEG":
            for (cell,) in sheet[f"{column}4:{column}{sheet.max_row}"]:
                cell.number_format = "#,##0.00"
        sheet.column_dimensions["A"].width = 12
        sheet.column_dimensions["B"].width = 16
        sheet.column_dimensions["C"].width = 12
    with atomic_path(path, force) as temporary:
        book.save(temporary)
    return Path(path)


def write_sample_files(data: SampleData, folder: str | Path, force: bool = False) -> list[Path]:
    """Both files into ``folder``; returns their paths."""
    folder = Path(folder)
    return [
        write_ledger(data, folder / LEDGER_FILE, force),
        write_register(data, folder / REGISTER_FILE, force),
    ]
