"""Writing helpers every builder uses: safe text, tables, validation, print set-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableColumn, TableFormula, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from creditbook.usertext import XLSX_ROW_HEIGHT_MAX as MAX_ROW_HEIGHT
from creditbook.usertext import set_cell, xml_text
from creditbook.workbooks import _style

CONFIDENTIAL = "机密"


@dataclass(frozen=True)
class Formula:
    """A formula to write (text starting with '='); plain strings are always written as text."""

    text: str
    array_ref: str | None = None  # e.g. "E3:I12" for an array (CSE) formula

    def __post_init__(self) -> None:
        if not self.text.startswith("="):
            raise ValueError(f"formula must start with '=': {self.text!r}")


@dataclass(frozen=True)
class Column:
    """A table column: header, width, number format and whether the user types into it."""

    header: str
    width: float = 12
    number_format: str = "General"
    input: bool = True
    wrap: bool = False


@dataclass
class BookContext:
    """What every sheet of one workbook shares: company name and the document title."""

    company: str
    title: str
    tables: list[str] = field(default_factory=list)


def write(ws: Worksheet, ref: str, value: object, style: str | None = None, fmt: str | None = None):
    """Write one cell. Text is always text (a leading = + - @ never makes a formula)."""
    cell = ws[ref]
    if isinstance(value, Formula):
        if value.array_ref:
            ws[ref] = ArrayFormula(value.array_ref, value.text)
        else:
            cell.value = value.text
    elif isinstance(value, str):
        set_cell(cell, value)  # always text, XML-safe
    elif isinstance(value, Decimal):
        cell.value = float(value) if value != value.to_integral() else int(value)
    elif isinstance(value, dt.datetime):
        cell.value = value
    elif isinstance(value, dt.date):
        cell.value = dt.datetime(value.year, value.month, value.day)
    else:
        cell.value = value
    if style:
        cell.style = style
    if fmt:
        cell.number_format = fmt
    elif isinstance(value, dt.date):
        cell.number_format = _style.DATE
    return cell


def title(ws: Worksheet, text: str, subtitle: str = "", width: int = 6) -> None:
    """Sheet title in row 1 and a one-line note in row 2."""
    write(ws, "A1", text, "标题")
    ws.row_dimensions[1].height = 28
    if subtitle:
        write(ws, "A2", subtitle, "说明")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        ws.row_dimensions[2].height = 30


def widths(ws: Worksheet, columns: Sequence[float], start: int = 1) -> None:
    for offset, width in enumerate(columns):
        ws.column_dimensions[get_column_letter(start + offset)].width = width


def table(
    ws: Worksheet,
    ctx: BookContext,
    name: str,
    top: int,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    left: int = 1,
    min_rows: int = 1,
) -> tuple[int, int]:
    """Write a header row and data rows as a named Excel table; return (first, last) data row.

    Rows may hold plain values or ``Formula``; input columns get the 输入 style, the others
    计算. At least ``min_rows`` rows are laid out (empty input rows to fill in). A column
    whose rows all hold the same relative formula becomes a calculated column: Excel fills
    it into each row the user adds below the table.
    """
    for offset, column in enumerate(columns):
        letter = get_column_letter(left + offset)
        write(ws, f"{letter}{top}", column.header, "表头")
        ws.column_dimensions[letter].width = column.width
    ws.row_dimensions[top].height = 30
    row_number = top
    data = list(rows)
    while len(data) < min_rows:
        data.append([None] * len(columns))
    for values in data:
        row_number += 1
        lines = 1
        for offset, (column, value) in enumerate(zip(columns, values, strict=True)):
            ref = f"{get_column_letter(left + offset)}{row_number}"
            cell = write(ws, ref, value, "输入" if column.input else "计算", column.number_format)
            if column.wrap:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                lines = max(lines, text_lines(value, column.width))
        if lines > 1:
            ws.row_dimensions[row_number].height = min(LINE_HEIGHT * lines + 2, MAX_ROW_HEIGHT)
    first_col, last_col = get_column_letter(left), get_column_letter(left + len(columns) - 1)
    excel_table = Table(displayName=name, ref=f"{first_col}{top}:{last_col}{row_number}")
    excel_table.tableColumns = [
        TableColumn(
            id=offset + 1,
            name=column.header,
            calculatedColumnFormula=_column_formula(
                [values[offset] for values in data], top + 1, get_column_letter(left + offset)
            ),
        )
        for offset, column in enumerate(columns)
    ]
    excel_table.autoFilter = AutoFilter(ref=excel_table.ref)
    excel_table.tableStyleInfo = TableStyleInfo(
        name="TableStyleLight9", showRowStripes=False, showColumnStripes=False
    )
    ws.add_table(excel_table)
    ctx.tables.append(name)
    return top + 1, row_number


def _column_formula(values: Sequence[object], first: int, letter: str) -> TableFormula | None:
    """The column's formula as of its first data row, when every row holds it (relatively).

    Checked on the last row: builders write one formula per column, shifted row by row.
    """
    head, tail = values[0], values[-1]
    if not (isinstance(head, Formula) and isinstance(tail, Formula)) or head.array_ref:
        return None
    from openpyxl.formula.translate import Translator

    last = first + len(values) - 1
    shifted = Translator(head.text, origin=f"{letter}{first}").translate_formula(f"{letter}{last}")
    return TableFormula(attr_text=head.text[1:]) if shifted == tail.text else None


LINE_HEIGHT = 13.5


def text_lines(value: object, width: float) -> int:
    """Lines a wrapped text needs in a column ``width`` characters wide (CJK counts two)."""
    if not isinstance(value, str) or not value:
        return 1
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in value)
    return max(1, -(-units // max(1, int(width) - 1)))


def form(
    ws: Worksheet, top: int, items: Sequence[tuple[str, object, str | None]], col: int = 1
) -> dict[str, str]:
    """Label/value rows; return each label's value cell address (e.g. {'客户名称': 'B4'})."""
    where: dict[str, str] = {}
    for offset, (label, value, fmt) in enumerate(items):
        row = top + offset
        label_ref = f"{get_column_letter(col)}{row}"
        value_ref = f"{get_column_letter(col + 1)}{row}"
        write(ws, label_ref, label, "标签")
        style = "计算" if isinstance(value, Formula) else "输入"
        write(ws, value_ref, value, style, fmt)
        where[label] = value_ref
    return where


def choice(ws: Worksheet, cells: str, options: Sequence[str] | str, prompt: str = "") -> None:
    """A drop-down list: literal options or a range such as '=政策!$A$2:$A$4'."""
    formula = options if isinstance(options, str) else '"' + ",".join(options) + '"'
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    _explain(rule, prompt or "请从下拉列表中选择")
    for part in cells.replace(",", " ").split():
        rule.add(part)
    ws.add_data_validation(rule)


def number_rule(
    ws: Worksheet,
    cells: str,
    kind: Literal["whole", "decimal"],
    low: float,
    high: float | None = None,
    prompt: str = "",
) -> None:
    """Whole or decimal numbers in [low, high] (high None: at least low)."""
    if high is None:
        rule = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(low))
    else:
        rule = DataValidation(type=kind, operator="between", formula1=str(low), formula2=str(high))
    rule.allow_blank = True
    _explain(rule, prompt)
    for part in cells.replace(",", " ").split():
        rule.add(part)
    ws.add_data_validation(rule)


def custom_rule(ws: Worksheet, cells: str, formula: str, prompt: str) -> None:
    rule = DataValidation(type="custom", formula1=formula, allow_blank=True)
    _explain(rule, prompt)
    for part in cells.replace(",", " ").split():
        rule.add(part)
    ws.add_data_validation(rule)


def date_rule(ws: Worksheet, cells: str) -> None:
    rule = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)
    _explain(rule, "请输入日期，例如 2026-03-31")
    for part in cells.replace(",", " ").split():
        rule.add(part)
    ws.add_data_validation(rule)


def _explain(rule: DataValidation, prompt: str) -> None:
    rule.showErrorMessage = True
    rule.errorTitle = "输入无效"
    rule.error = prompt or "输入的值不符合要求"
    if prompt:
        rule.showInputMessage = True
        rule.promptTitle = "填写说明"
        rule.prompt = prompt


def fill(color: str) -> PatternFill:
    return PatternFill("solid", fgColor=color, bgColor=color)


def highlight_equal(ws: Worksheet, cells: str, value: str, color: str) -> None:
    ws.conditional_formatting.add(
        cells, CellIsRule(operator="equal", formula=[value], fill=fill(color))
    )


def highlight_when(ws: Worksheet, cells: str, formula: str, color: str, bold: bool = False) -> None:
    font = Font(bold=True, color="9C0006") if bold else None
    ws.conditional_formatting.add(
        cells, FormulaRule(formula=[formula], fill=fill(color), font=font)
    )


def print_setup(
    ws: Worksheet,
    ctx: BookContext,
    repeat_rows: str | None = None,
    landscape: bool = False,
    area: str | None = None,
) -> None:
    """A4, fit to one page wide, header with company and 机密, page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    _page_setup_properties(ws).fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if repeat_rows:
        ws.print_title_rows = repeat_rows
    if area:
        ws.print_area = area
    for header in map(_made, (ws.oddHeader, ws.evenHeader, ws.firstHeader)):
        header.left.text = _escape(ctx.company)
        header.center.text = _escape(f"{ctx.title} — {ws.title}")
        header.right.text = CONFIDENTIAL
        header.right.color = "C00000"
    for footer in map(_made, (ws.oddFooter, ws.evenFooter, ws.firstFooter)):
        footer.left.text = f"{CONFIDENTIAL} · 仅限内部使用"
        footer.right.text = "第 &P 页，共 &N 页"


def _made(item: HeaderFooterItem | None) -> HeaderFooterItem:
    """A sheet's header or footer: openpyxl makes all six (its stubs say each may be None)."""
    assert item is not None
    return item


def _page_setup_properties(ws: Worksheet) -> PageSetupProperties:
    """The sheet's <pageSetUpPr>, made if the sheet has none."""
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    return ws.sheet_properties.pageSetUpPr


def page_columns(ws: Worksheet, after: int, repeat: str, scale: int) -> None:
    """Print a wide sheet over several page widths instead of shrinking it onto one.

    Columns 1 … ``after`` fill the first page width; the rest follow on the next pages,
    with the ``repeat`` columns (e.g. "A:B") and the title rows printed again.
    """
    from openpyxl.worksheet.pagebreak import Break, ColBreak

    _page_setup_properties(ws).fitToPage = False
    ws.page_setup.fitToWidth = None
    ws.page_setup.fitToHeight = None
    ws.page_setup.scale = scale
    ws.print_title_cols = repeat
    ws.col_breaks = ColBreak()
    ws.col_breaks.append(Break(id=after))


def freeze(ws: Worksheet, ref: str) -> None:
    ws.freeze_panes = ref


def _escape(text: str) -> str:
    """Header/footer text: a literal '&' must be doubled."""
    return xml_text(text).replace("&", "&&")


def new_workbook(ctx: BookContext) -> Workbook:
    from openpyxl import Workbook as _Workbook

    workbook = _Workbook()
    workbook.remove(workbook.worksheets[0])  # the default empty sheet
    _style.register_styles(workbook)
    workbook.properties.title = xml_text(ctx.title)
    workbook.properties.creator = xml_text(ctx.company)
    workbook.properties.subject = CONFIDENTIAL
    return workbook
