"""Write the sample ledger and register as the Excel files a finance department keeps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from creditbook.core.models import LEDGER_COLUMNS, REGISTER_COLUMNS, WARNING_FLAGS
from creditbook.files import atomic_path
from creditbook.sample import SampleData, ledger_frame, register_frame

LEDGER_FILE = "应收账款台账.xlsx"
REGISTER_FILE = "客户信用档案.xlsx"
_MONEY = {"amount", "paid_amount", "limit"}
_DATES = {"invoice_date", "due_date", "paid_date", "evaluated_on", "next_review"}
_WIDTHS = {"customer_name": 34, "address": 40, "uscc": 22, "contact": 18, "invoice_no": 16}
_THIN = Side(style="thin", color="B4C2D3")
_HEADER_FONT = Font(name="等线", bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")


def _cell_value(column: str, value: object) -> object:
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
    """客户信用档案.xlsx: one row per customer; warning flags marked 是."""
    with atomic_path(path, force) as temporary:
        _write_sheet(temporary, "客户信用档案", register_frame(data.register), REGISTER_COLUMNS)
    return Path(path)


def write_sample_files(data: SampleData, folder: str | Path, force: bool = False) -> list[Path]:
    """Both files into ``folder``; returns their paths."""
    folder = Path(folder)
    return [
        write_ledger(data, folder / LEDGER_FILE, force),
        write_register(data, folder / REGISTER_FILE, force),
    ]
