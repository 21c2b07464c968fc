"""User text leaves as data: .xlsx string cells, OWASP-prefixed CSV fields, literal console."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from rich.console import Console

from creditbook.usertext import (
    Figure,
    cell_text,
    console_cell,
    console_text,
    csv_bytes,
    csv_field,
    set_cell,
    xml_text,
)


def test_csv_fields_starting_a_formula_get_a_quote_and_figures_do_not():
    assert csv_field("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert csv_field("+86 21 5555") == "'+86 21 5555"
    assert csv_field("-2+3") == "'-2+3"
    assert csv_field("@SUM(A1)") == "'@SUM(A1)"
    assert csv_field("\t=1+1") == "'\t=1+1"
    assert csv_field("\r=1+1") == "'\r=1+1"
    assert csv_field("华东机电 =1") == "华东机电 =1"
    assert csv_field(Figure("-1234.50")) == "-1234.50"
    assert csv_field(Decimal("-12.30")) == "-12.30"
    assert csv_field(-7) == "-7"
    assert csv_field(None) == ""


def test_csv_bytes_has_a_bom_and_crlf():
    data = csv_bytes([["客户名称", "金额"], ['=HYPERLINK("x")', Figure("-5.00")]])
    assert data == '\ufeff客户名称,金额\r\n"\'=HYPERLINK(""x"")",-5.00\r\n'.encode()


def test_xlsx_cells_are_strings_never_formulas_and_xml_safe():
    book = Workbook()
    sheet = book.active
    set_cell(sheet["A1"], "=cmd|' /C calc'!A0")
    set_cell(sheet["A2"], "无锡\x07某\x00公司")
    set_cell(sheet["A3"], Decimal("12.50"))
    set_cell(sheet["A4"], "x" * 40_000)
    buffer = io.BytesIO()
    book.save(buffer)
    again = load_workbook(buffer).active
    assert again["A1"].value == "=cmd|' /C calc'!A0" and again["A1"].data_type == "s"
    assert again["A1"].quotePrefix is True
    assert again["A2"].value == "无锡\ufffd某\ufffd公司"
    assert again["A3"].value == 12.5
    assert len(again["A4"].value) == 32_767 and again["A4"].value.endswith("…")


def test_xml_text_keeps_tab_newline_and_cjk_extension_characters():
    assert xml_text("a\tb\nc\r𠮷") == "a\tb\nc\r𠮷"
    assert cell_text("\x0b") == "\ufffd"


def _printed(renderable) -> str:
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def test_console_text_escapes_markup_and_shows_control_characters():
    name = "[/bold]南京[link=http://evil.example]点我[/link]\x1b[2J\x07\n第二行"
    shown = _printed(f"[bold]失败[/] {console_text(name)}")
    assert shown == "失败 [/bold]南京[link=http://evil.example]点我[/link]\\x1b[2J\\x07\\n第二行\n"
    assert _printed(console_cell(":warning: [red]x[/]")) == ":warning: [red]x[/]\n"
