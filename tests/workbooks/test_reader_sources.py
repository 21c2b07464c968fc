"""Opening what users bring: a file that is not a workbook, a sheet that is not there, text
that is neither UTF-8 nor GB18030, and the row limit on a sheet's grid."""

from __future__ import annotations

import openpyxl
import pytest

from creditbook.workbooks.readers import read_ledger
from creditbook.workbooks.sources import SourceError, decode_csv, excel_grid, excel_sheet_names


def test_a_file_that_is_not_a_workbook_is_named(tmp_path):
    bad = tmp_path / "台账.xlsx"
    bad.write_bytes(b"not a zip")
    message = "台账.xlsx: cannot open as a workbook（无法打开工作簿）: File is not a zip file"
    for call in (lambda: read_ledger(bad), lambda: excel_sheet_names(bad)):
        with pytest.raises(SourceError) as error:
            call()
        assert str(error.value) == message
    with pytest.raises(SourceError) as error:
        excel_grid(bad, "台账")
    assert str(error.value) == message


@pytest.fixture
def book(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(["客户编码", "单据号", "单据日期", "到期日", "金额"])
    sheet.append(["KH01", "XS-1", "2026-10-01", "2026-10-31", 5])
    workbook.create_sheet("说明").append(["本表由财务部维护"])
    workbook.save(tmp_path / "a.xlsx")
    return tmp_path / "a.xlsx"


def test_a_sheet_that_is_not_there_lists_the_sheets(book):
    with pytest.raises(SourceError) as error:
        read_ledger(book, sheet="不存在")
    assert str(error.value) == "a.xlsx: no sheet named '不存在'（找不到工作表）; sheets: 台账, 说明"


def test_sheet_names_and_a_grid_cut_to_its_first_rows(book):
    assert excel_sheet_names(book) == ["台账", "说明"]
    grid = excel_grid(book, "台账", nrows=1)
    assert (grid.file, grid.sheet, grid.rows) == (
        "a.xlsx",
        "台账",
        [["客户编码", "单据号", "单据日期", "到期日", "金额"]],
    )
    assert len(excel_grid(book, "台账").rows) == 2


def test_csv_text_encodings():
    assert decode_csv("客户编码".encode("gb18030")) == "客户编码"
    assert decode_csv("\ufeff客户".encode()) == "客户"
    assert decode_csv("客户".encode()) == "客户"
    with pytest.raises(SourceError) as error:
        decode_csv(bytes([0xFF, 0xFE, 0x00, 0x81, 0x30]))
    assert str(error.value) == "the CSV file is neither UTF-8 nor GB18030 text（无法识别文件编码）"
