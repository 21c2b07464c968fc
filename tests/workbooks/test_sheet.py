"""Writing cells: text stays text, formulas are formulas, A4 print set-up with 机密."""

from __future__ import annotations

import io

import openpyxl
import pytest

from creditbook.workbooks import _sheet
from creditbook.workbooks._sheet import BookContext, Formula


@pytest.fixture
def sheet():
    ctx = BookContext(company="苏州某某有限公司 & 子公司", title="客户信用档案")
    workbook = _sheet.new_workbook(ctx)
    return workbook, workbook.create_sheet("信用档案"), ctx


def _reload(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+86 512 6528", "-价格偏高", "@客户"])
def test_text_that_looks_like_a_formula_is_stored_as_text(sheet, text):
    workbook, ws, _ = sheet
    _sheet.write(ws, "A1", text)
    cell = _reload(workbook)["信用档案"]["A1"]
    assert cell.value == text
    assert cell.data_type == "s"


def test_a_formula_object_is_written_as_a_formula(sheet):
    workbook, ws, _ = sheet
    _sheet.write(ws, "A1", Formula("=1+1"))
    assert _reload(workbook)["信用档案"]["A1"].data_type == "f"


def test_a_formula_must_start_with_an_equals_sign():
    with pytest.raises(ValueError):
        Formula("SUM(A1)")


def test_array_formula_covers_its_explicit_range(sheet):
    workbook, ws, _ = sheet
    _sheet.write(ws, "B2", Formula("=CB_AGING(A1:H9)", "B2:D4"))
    cell = _reload(workbook)["信用档案"]["B2"]
    assert cell.value.ref == "B2:D4"
    assert cell.value.text == "=CB_AGING(A1:H9)"


def test_input_and_computed_columns_have_different_styles(sheet):
    workbook, ws, ctx = sheet
    columns = [_sheet.Column("金额"), _sheet.Column("合计", input=False)]
    _sheet.table(ws, ctx, "档案", 4, columns, [[1, Formula("=A5")]])
    ws2 = _reload(workbook)["信用档案"]
    assert ws2["A5"].style == "输入"
    assert ws2["B5"].style == "计算"
    assert ws2["A5"].protection.locked is False
    assert "档案" in ws2.tables


def test_print_setup_is_a4_fit_to_width_with_company_and_confidential(sheet):
    workbook, ws, ctx = sheet
    _sheet.print_setup(ws, ctx, repeat_rows="4:4", landscape=True)
    ws2 = _reload(workbook)["信用档案"]
    assert int(ws2.page_setup.paperSize) == 9
    assert ws2.page_setup.fitToWidth == 1 and ws2.page_setup.fitToHeight == 0
    assert ws2.sheet_properties.pageSetUpPr.fitToPage
    assert ws2.print_title_rows == "$4:$4"
    assert ws2.oddHeader.left.text == "苏州某某有限公司 && 子公司"
    assert ws2.oddHeader.right.text == "机密"
    assert "&P" in ws2.oddFooter.right.text


def test_a_wrapped_column_gets_a_row_tall_enough_for_its_text(sheet):
    _, ws, ctx = sheet
    columns = [_sheet.Column("地址", 12, wrap=True)]
    _sheet.table(ws, ctx, "地址表", 1, columns, [["江苏省苏州市工业园区星龙街 428 号"], ["短"]])
    assert _sheet.text_lines("江苏省苏州市工业园区星龙街 428 号", 12) == 3
    assert ws.row_dimensions[2].height == 3 * _sheet.LINE_HEIGHT + 2
    assert ws.row_dimensions[3].height is None


def test_a_ten_thousand_character_name_keeps_its_row_within_excels_409_points(sheet):
    # Excel's tallest row is 409 points; a taller height is not a row Excel can show.
    from creditbook.workbooks.export import Column, ResultTable, workbook

    name = "长" * 10_000
    _, ws, ctx = sheet
    _sheet.table(ws, ctx, "地址表", 1, [_sheet.Column("地址", 12, wrap=True)], [[name], ["短"]])
    assert ws.row_dimensions[2].height == 409
    assert ws.row_dimensions[3].height is None
    table = ResultTable(
        "账龄", "账龄", (Column("客户名称"), Column("合计", "money")), ((name, 1), ("短", 2))
    )
    exported = workbook(table).active
    assert exported.row_dimensions[3].height == 409
    assert exported["A3"].value == name
    assert exported.row_dimensions[4].height is None
