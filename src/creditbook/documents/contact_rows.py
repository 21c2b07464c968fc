"""The letter log meets the contact log: every letter or notice of a batch as a row of the
客户联系与催收记录 workbook's log sheet (联系记录), in an XLSX beside the batch, ready to paste.

The file (``联系记录-待粘贴-催收函.xlsx`` or ``联系记录-待粘贴-信用调整通知书.xlsx``, so that
letters and notices may share a folder) has the log sheet's header (row 1) and its 16
columns in the same order, widths and number formats, one row per document written (row 2
on): 日期 the document's date, 联系方式 发函, 事由 催收 (letters) or 信用调整 (notices),
经办人 when known, and in 沟通内容 the document, its number, the amount demanded and the
stage. The 承诺状态 cell holds the log's own formula, so a pasted row computes like a typed
one (its references follow the paste).

A 样稿 (draft) batch writes no such file: its documents are logged 作废 and never sent, so
no contact happened; the batch's notices say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from creditbook.documents.batch import BatchResult, Written
from creditbook.files import atomic_save

PASTE_STEM = "联系记录-待粘贴"
LETTER_PURPOSE = "催收"
NOTICE_PURPOSE = "信用调整"
METHOD = "发函"
DRAFT_NOTICE = (
    "样稿批次不生成待粘贴的联系记录 draft batch: no contact-log rows (样稿不得寄出, not to be sent)"
)


def paste_path(folder: Path, purpose: str) -> Path:
    """Where a batch's rows go: one file per kind of batch."""
    what = "催收函" if purpose == LETTER_PURPOSE else "信用调整通知书"
    return folder / f"{PASTE_STEM}-{what}.xlsx"


def content(item: Written, purpose: str) -> str:
    """沟通内容: '催款函 财函〔2026〕0001号，催收金额 12,345.67 元（催款）'."""
    if purpose == LETTER_PURPOSE and item.amount is not None:
        return f"{item.document} {item.number}，催收金额 {item.amount:,.2f} 元（{item.stage}）"
    return f"{item.document} {item.number}（{item.stage}）"


def contact_rows(
    written: Sequence[Written],
    day: dt.date,
    purpose: str,
    *,
    staff: Mapping[str, str] | None = None,
    people: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[list[object]]:
    """The log rows (columns A–O, 承诺状态 apart) of the documents written, in batch order.

    ``staff`` maps 客户编码 → 经办人; ``people`` 客户编码 → the register's contact fields
    (``contact`` fills 客户联系人)."""
    rows = []
    for item in written:
        if item.error:
            continue
        contact = (people or {}).get(item.customer_id) or {}
        rows.append(
            [
                day,
                item.customer_id,
                item.customer_name,
                METHOD,
                purpose,
                str(contact.get("contact") or "") or None,
                (staff or {}).get(item.customer_id) or None,
                content(item, purpose),
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ]
        )
    return rows


def write_contact_rows(
    result: BatchResult,
    folder: Path,
    day: dt.date,
    purpose: str,
    *,
    draft: bool,
    force: bool,
    staff: Mapping[str, str] | None = None,
    people: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """Write the batch's rows to ``paste_path`` (atomically) and list it in
    ``result.extra``; a draft batch writes nothing and says so in ``result.notices``."""
    if draft:
        result.notices.append(DRAFT_NOTICE)
        return
    rows = contact_rows(result.ok, day, purpose, staff=staff, people=people)
    if not rows:
        return
    path = atomic_save(paste_path(folder, purpose), lambda p: _workbook(rows).save(p), force=force)
    result.extra.append(path)


def _workbook(rows: list[list[object]]):
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties
    from openpyxl.worksheet.worksheet import Worksheet

    from creditbook.usertext import set_cell
    from creditbook.workbooks.contacts import COLUMNS, promise_status_formula

    book = Workbook()
    book.properties.creator = "creditbook"
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new Workbook's one sheet
    sheet.title = "联系记录"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        header = sheet.cell(1, index, column.header)
        header.font = Font(bold=True)
    sheet["P1"].comment = Comment(
        "联系记录工作簿按承诺付款日期计算此列；粘贴后公式随行调整 computed by the log", "creditbook"
    )
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(COLUMNS, values, strict=False), start=1):
            cell = sheet.cell(r, index)
            if value is not None:
                set_cell(cell, value)
            if column.number_format != "General":
                cell.number_format = column.number_format
            if column.wrap:
                cell.alignment = wrap
        sheet.cell(r, len(COLUMNS), promise_status_formula(r))
    sheet.freeze_panes = "A2"
    # Printed for the file: every column on one landscape page width, the header repeated.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"
    return book
