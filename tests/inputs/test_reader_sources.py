"""Opening what users bring: a file that is not a workbook, a sheet that is not there, text
that is neither UTF-8 nor GB18030, and the row limit on a sheet's grid."""

from __future__ import annotations

import openpyxl
import pytest

from creditbook.inputs.problems import ProblemKind
from creditbook.inputs.readers import read_ledger
from creditbook.inputs.sources import SourceError, decode_csv, excel_grid, excel_sheet_names


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


def _book(path, sheets):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


HEADER = ["客户编码", "单据号", "单据日期", "到期日", "金额"]


def test_a_workbook_without_a_ledger_header_is_reported_on_its_first_sheet(tmp_path):
    path = _book(
        tmp_path / "n.xlsx", {"封面": [["XX公司应收账款台账"]], "说明": [["编制：财务部"]]}
    )
    frame, problems = read_ledger(path)
    assert len(frame) == 0
    assert [str(p) for p in problems] == [
        "n.xlsx 封面: no header row naming 客户编码 (customer_id)、单据号 (invoice_no)、"
        "单据日期 (invoice_date)、到期日 (due_date)、金额 (amount) in the first rows"
        '（找不到表头）; map your headers with --columns "你的表头=客户编码,…"'
    ]
    assert problems[0].kind == ProblemKind.MISSING_COLUMN


def test_the_sheet_asked_for_wins_over_the_usual_name(tmp_path):
    path = _book(
        tmp_path / "two.xlsx",
        {
            "台账": [HEADER, ["KH01", "XS-1", "2026-10-01", "2026-10-31", 5]],
            "十月": [HEADER, ["KH02", "XS-2", "2026-10-01", "2026-10-31", 7]],
        },
    )
    assert read_ledger(path)[0]["customer_id"].tolist() == ["KH01"]
    assert read_ledger(path, sheet="十月")[0]["customer_id"].tolist() == ["KH02"]


def test_the_first_sheet_with_the_header_is_found_below_a_cover(tmp_path):
    path = _book(
        tmp_path / "ar.xlsx",
        {
            "封面": [["应收账款明细"]],
            "Sheet2": [["备注"]],
            "明细": [HEADER, ["KH03", "XS-3", "2026-10-01", "2026-10-31", 9]],
        },
    )
    frame, problems = read_ledger(path)
    assert problems == [] and frame["customer_id"].tolist() == ["KH03"]


def test_a_txt_export_is_read_as_csv_and_other_types_are_refused(tmp_path):
    text = tmp_path / "台账.txt"
    text.write_text(",".join(HEADER) + "\nKH04,XS-4,2026-10-01,2026-10-31,9\n", encoding="utf-8")
    assert read_ledger(text)[0]["amount"].tolist() == [900]
    pdf = tmp_path / "台账.pdf"
    pdf.write_bytes(b"%PDF")
    with pytest.raises(SourceError) as error:
        read_ledger(pdf)
    assert str(error.value) == "台账.pdf: expected .xlsx or .csv（不支持的文件类型 .pdf）"
    with pytest.raises(SourceError) as error:
        read_ledger(tmp_path / "没有.xlsx")
    assert str(error.value) == f"{tmp_path / '没有.xlsx'}: file not found（找不到文件）"
