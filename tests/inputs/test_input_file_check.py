"""inputs.sources.check_input_file: a file that cannot be what its name says is named, with
what to do, before any library opens it."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from creditbook.inputs.sources import SourceError, check_input_file


def _refused(path, suffixes=()) -> str:
    with pytest.raises(SourceError) as raised:
        check_input_file(path, suffixes)
    return str(raised.value)


def test_each_kind_of_broken_file_gets_its_own_message(tmp_path):
    missing = tmp_path / "台账.xlsx"
    assert _refused(missing) == f"{missing}: 文件不存在 file not found"
    assert _refused(tmp_path) == f"{tmp_path}: 这是文件夹，不是文件 is a folder, not a file"
    missing.write_bytes(b"")
    assert _refused(missing) == "台账.xlsx: 文件是空的 the file is empty (0 bytes)"
    missing.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert _refused(missing) == (
        "台账.xlsx: 文件已加密或是旧版格式 the file is encrypted or in an old format; "
        "请在 Excel 中去掉打开密码并另存为 .xlsx remove the password and save it as .xlsx in Excel"
    )
    missing.write_bytes(b"PK\x03\x04 cut")
    assert _refused(missing) == (
        "台账.xlsx: 不是有效的Excel 工作簿 workbook not a valid .xlsx file"
        "（文件不完整或已损坏 cut short or damaged）; "
        "请在 Excel 中打开并另存为 .xlsx open it in Excel and save it again"
    )
    with zipfile.ZipFile(missing, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")
    assert _refused(missing) == (
        "台账.xlsx: 不是有效的Excel 工作簿 workbook not a valid .xlsx file; "
        "请在 Excel 中打开并另存为 .xlsx open it in Excel and save it again"
    )
    letter = tmp_path / "模板.docx"
    with zipfile.ZipFile(letter, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    assert "模板.docx: 不是有效的Word 文档 document not a valid .docx file" in _refused(letter)


def test_a_csv_must_be_utf8_or_gb18030_and_the_type_must_be_the_one_asked_for(tmp_path):
    table = tmp_path / "指标.csv"
    table.write_bytes(b"\xff\xfe\x00\x81")
    assert _refused(table) == (
        "指标.csv: the CSV file is neither UTF-8 nor GB18030 text（无法识别文件编码）"
    )
    table.write_bytes("客户编码\nKH1\n".encode("gbk"))
    check_input_file(table)  # GBK, as Excel saves it on Chinese Windows
    assert _refused(table, (".xlsx", ".xlsm")) == (
        "指标.csv: 需要 .xlsx 或 .xlsm 文件 expected a .xlsx or .xlsm file, not .csv"
    )


def test_a_real_workbook_and_a_toml_pass(tmp_path):
    book = openpyxl.Workbook()
    book.save(tmp_path / "评估.xlsx")
    check_input_file(tmp_path / "评估.xlsx", (".xlsx", ".xlsm"))
    (tmp_path / "policy.toml").write_text('name = "x"\n', encoding="utf-8")
    check_input_file(tmp_path / "policy.toml")
