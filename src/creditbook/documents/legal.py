"""The list of customers at 法律程序 handed to the legal department (CSV and XLSX)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from creditbook.files import atomic_save, atomic_write_bytes
from creditbook.usertext import Figure, csv_bytes, set_cell, write_row

LEGAL_LIST = "法律程序客户清单"
HEADERS = (
    "客户编码",
    "客户名称",
    "欠款金额",
    "最长逾期天数",
    "逾期单据数",
    "最后催告函编号",
    "函件文件",
    "联系人",
    "电话",
    "地址",
)


@dataclass(frozen=True)
class LegalEntry:
    customer_id: str
    customer_name: str
    amount: Decimal
    max_days_overdue: int
    invoices: int
    letter_no: str
    file: str
    contact: str = ""
    phone: str = ""
    address: str = ""

    def row(self) -> list[object]:
        return [
            self.customer_id,
            self.customer_name,
            self.amount,
            self.max_days_overdue,
            self.invoices,
            self.letter_no,
            self.file,
            self.contact,
            self.phone,
            self.address,
        ]


def legal_list_paths(folder: Path) -> list[Path]:
    return [folder / f"{LEGAL_LIST}.csv", folder / f"{LEGAL_LIST}.xlsx"]


def write_legal_list(
    entries: list[LegalEntry], folder: Path, as_of: dt.date, force: bool
) -> list[Path]:
    csv_path, xlsx_path = legal_list_paths(folder)
    rows = [[Figure(f"{v:.2f}") if isinstance(v, Decimal) else v for v in e.row()] for e in entries]
    atomic_write_bytes(csv_path, csv_bytes([HEADERS, *rows]), force=force)
    atomic_save(xlsx_path, lambda path: _workbook(entries, as_of).save(path), force=force)
    return [csv_path, xlsx_path]


def _workbook(entries: list[LegalEntry], as_of: dt.date):
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    book.properties.creator = "creditbook"  # not openpyxl's default
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new Workbook's one sheet
    sheet.title = "法律程序"
    set_cell(sheet["A1"], f"移交法务部门的客户清单（截至 {as_of.isoformat()}）")
    sheet["A1"].font = Font(bold=True, size=12)
    write_row(sheet, 2, HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    for row, entry in enumerate(entries, 3):
        write_row(sheet, row, entry.row())
        sheet.cell(row, 3).number_format = "#,##0.00"
    for column, width in zip("ABCDEFGHIJ", (12, 30, 14, 12, 10, 24, 24, 10, 16, 36), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    return book
