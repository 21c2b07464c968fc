"""Opening the files users bring: an encrypted workbook with and without its password, one
that expands past the input limit once decrypted, an old .xls that is not one, a CSV with
a line break inside a quoted cell, and a workbook the fast reader cannot open."""

from __future__ import annotations

import openpyxl
import pytest
from erp_exports import D, save

from creditbook.inputlimits import InputTooLarge
from creditbook.inputs.readers import read_ledger
from creditbook.inputs.sources import Book, SourceError, excel_sheet_names
from creditbook.protect import encrypt_office_file

HEADER = ["客户编码", "单据号", "单据日期", "到期日", "金额"]
ROW = ["KH01", "XS-1", D(2026, 10, 1), D(2026, 10, 31), 1000]


@pytest.fixture
def encrypted(tmp_path):
    path = save(tmp_path / "台账.xlsx", {"台账": [HEADER, ROW], "说明": [["财务部"]]})
    return encrypt_office_file(path, "华瑞2026")


def test_an_encrypted_workbook_needs_its_password(encrypted):
    with pytest.raises(SourceError) as raised:
        read_ledger(encrypted)
    assert str(raised.value) == (
        "台账.xlsx: 文件已加密 the file is encrypted; give its password with --password "
        "or the CREDITBOOK_PASSWORD environment variable"
    )
    assert excel_sheet_names(encrypted, "华瑞2026") == ["台账", "说明"]
    assert read_ledger(encrypted, password="华瑞2026")[0]["amount"].tolist() == [100000]


def test_an_encrypted_workbook_is_measured_once_decrypted(tmp_path, monkeypatch):
    rows = [[*ROW[:1], f"XS-{i}", *ROW[2:]] for i in range(3000)]
    path = encrypt_office_file(save(tmp_path / "大台账.xlsx", {"台账": [HEADER, *rows]}), "pw")
    monkeypatch.setenv("CREDITBOOK_MAX_INPUT_MB", "0.5")  # the encrypted file is far smaller
    with pytest.raises(InputTooLarge) as raised:
        read_ledger(path, password="pw")
    assert str(raised.value).startswith("大台账.xlsx: 解压后 xl/worksheets/sheet1.xml 等部件共 ")


def test_a_file_named_xls_that_is_no_workbook_is_refused_by_name(tmp_path):
    path = tmp_path / "旧台账.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(600))  # the Office header and nothing else
    with pytest.raises(SourceError) as raised:
        read_ledger(path)
    assert str(raised.value) == (
        "旧台账.xls: cannot open as a workbook（无法打开工作簿）: openpyxl does not support the "
        "old .xls file format, please use xlrd to read this file, or convert it to the more "
        "recent .xlsx file format."
    )


def test_a_line_break_inside_a_quoted_csv_cell_is_kept_as_written(tmp_path):
    path = tmp_path / "台账.csv"
    text = (
        ",".join([*HEADER, "备注"])
        + '\r\nKH01,XS-1,2026-10-01,2026-10-31,1000,"分两批\r\n发货"\r\n'
    )
    path.write_bytes(text.encode("gb18030"))
    frame, problems = read_ledger(path)
    assert problems == []
    assert frame["备注"].tolist() == ["分两批\r\n发货"]


def test_a_table_placed_lower_right_on_its_sheet_is_named_by_its_own_cells(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    for r, row in enumerate([HEADER, ROW, ["KH01", "XS-2", *ROW[2:4], "一千"]], start=3):
        for c, value in enumerate(row, start=2):  # from B3: rows 1-2 and column A left empty
            sheet.cell(row=r, column=c, value=value)
    book.save(tmp_path / "台账.xlsx")
    frame, problems = read_ledger(tmp_path / "台账.xlsx")
    assert frame["amount"].tolist() == [100000, 0]
    assert [str(p) for p in problems] == [
        '台账.xlsx 台账!F5 金额: "一千" is not an amount（不是有效金额）'
    ]


@pytest.fixture
def without_calamine(monkeypatch):
    def refuse(self):
        raise RuntimeError("calamine cannot read this workbook")

    monkeypatch.setattr(Book, "_calamine", refuse)


def test_without_the_fast_reader_an_uncalculated_formula_is_computed_not_blank(
    tmp_path, without_calamine
):
    # written by a program, never opened in Excel: the formula has no value yet
    formula = ["KH01", "XS-2", D(2026, 10, 2), D(2026, 11, 1), "=E2*1.13"]
    path = save(tmp_path / "台账.xlsx", {"台账": [HEADER, ROW, formula]})
    frame, problems = read_ledger(path)
    assert problems == []
    assert frame["amount"].tolist() == [100000, 113000]
    assert frame.attrs["report"].cell_notes == (
        "公式未保存计算结果，已按公式计算 formulas saved without a value, computed: 1 个（E3 "
        "=E2*1.13 → 1130）",
    )


def test_without_the_fast_reader_sheets_are_still_found_and_decrypted(encrypted, without_calamine):
    assert excel_sheet_names(encrypted, "华瑞2026") == ["台账", "说明"]
    frame, problems = read_ledger(encrypted, password="华瑞2026")
    assert problems == []
    assert frame["invoice_no"].tolist() == ["XS-1"]
    with pytest.raises(SourceError) as raised:
        Book(encrypted, "华瑞2026").grid("三月")
    assert str(raised.value) == "台账.xlsx: no sheet named '三月'（找不到工作表）"
