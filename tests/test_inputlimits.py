"""Inputs are measured before parsing: zip bombs, oversized files, huge CSV fields."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest
from typer.testing import CliRunner

from creditbook.cli import app
from creditbook.inputlimits import (
    InputTooLarge,
    check_package,
    max_input_bytes,
    set_max_input_mb,
)
from creditbook.inputs.readers import read_ledger

runner = CliRunner()
HEADER = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"]


@pytest.fixture(autouse=True)
def _default_limit():
    set_max_input_mb(None)
    yield
    set_max_input_mb(None)


def _ledger(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "应收账款台账"
    sheet.append(HEADER)
    sheet.append(
        ["C1", "上海甲商贸有限公司", "N1", dt.date(2026, 9, 1), dt.date(2026, 10, 1), 1000, 0]
    )
    book.save(path)
    return path


def _inflate(path, padding: int):
    """The same workbook with ``padding`` bytes of blanks inside its sheet (compresses ~1000:1)."""
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info.filename) for info in source.infolist()}
    bomb = path.with_name("bomb.xlsx")
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", b" " * padding + b"</worksheet>")
            target.writestr(info.filename, data)
    return bomb


def test_the_default_limit_is_200_mb_and_the_environment_can_raise_it(monkeypatch):
    assert max_input_bytes() == 200 * 1024 * 1024
    monkeypatch.setenv("CREDITBOOK_MAX_INPUT_MB", "500")
    assert max_input_bytes() == 500 * 1024 * 1024
    set_max_input_mb(2)
    assert max_input_bytes() == 2 * 1024 * 1024


def test_a_sheet_expanding_past_the_limit_is_refused_before_parsing(tmp_path):
    bomb = _inflate(_ledger(tmp_path / "台账.xlsx"), 3 * 1024 * 1024)
    assert bomb.stat().st_size < 100_000
    result = runner.invoke(
        app,
        ["--max-input-mb", "2", "aging", str(bomb), "--as-of", "2026-11-30"],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (
        "bomb.xlsx: 解压后 xl/worksheets/sheet1.xml 等部件共 3 MB，超过上限 2 MB" in result.output
    )
    assert "--max-input-mb" in result.output


def test_a_compression_ratio_no_real_sheet_has_is_refused_under_the_default_limit(tmp_path):
    bomb = _inflate(_ledger(tmp_path / "台账.xlsx"), 20 * 1024 * 1024)
    with pytest.raises(InputTooLarge, match=r"部件 xl/worksheets/sheet1.xml 压缩比 [\d,]+:1 异常"):
        read_ledger(bomb)


def test_an_ordinary_workbook_passes_unchanged(tmp_path):
    ledger = _ledger(tmp_path / "台账.xlsx")
    assert check_package(ledger) == ledger
    frame, problems = read_ledger(ledger)
    assert problems == [] and list(frame["customer_name"]) == ["上海甲商贸有限公司"]


def test_a_csv_field_beyond_the_csv_module_default_is_read(tmp_path):
    note = "备注" * 100_000  # 200,000 characters, over csv's 131,072 default
    path = tmp_path / "台账.csv"
    path.write_text(
        ",".join([*HEADER, "备注"])
        + "\n"
        + f"C1,上海甲商贸有限公司,N1,2026-09-01,2026-10-01,1000,0,{note}\n",
        encoding="utf-8",
    )
    frame, problems = read_ledger(path)
    assert problems == [] and frame["customer_name"].tolist() == ["上海甲商贸有限公司"]


def test_a_csv_larger_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text(",".join(HEADER) + "\n" + "C1,甲,N1,2026-09-01,2026-10-01,1,0\n" * 60_000)
    result = runner.invoke(
        app,
        ["--max-input-mb", "1", "aging", str(path), "--as-of", "2026-11-30"],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 1
    assert "台账.csv: 文件大小 2 MB 超过上限 1 MB" in result.output


def test_a_template_zip_bomb_is_refused_before_rendering(tmp_path):
    from creditbook.documents.render import FastTemplate, template_path

    source = template_path("demand")
    bomb = tmp_path / "催款函.docx"
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b" " * (20 * 1024 * 1024) + b"</w:body>")
            out.writestr(info.filename, data)
    with pytest.raises(InputTooLarge, match="压缩比"):
        FastTemplate(bomb)
