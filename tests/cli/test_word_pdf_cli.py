"""`creditbook letters --pdf`, a single document and the demo on a Windows PC with Word, played
with the fake pywin32 of tests/documents/fake_word.py: the PDFs come from Word and the
output says so; without Word, LibreOffice's line is printed instead."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner
from user_files import real_settings, write_ledger, write_register

from creditbook.cli import app
from creditbook.office import libreoffice as office
from creditbook.office import pdf as pdf_module
from creditbook.workbooks.build import new_workbook_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))
import fake_word

runner = CliRunner()
AS_OF = dt.date(2026, 11, 30)
D = dt.date
ROWS = [
    ["KH001", "苏州甲精密有限公司", "XS-101", D(2026, 8, 15), D(2026, 10, 1), 10000, 0, None],
    ["KH002", "无锡乙贸易有限公司", "XS-201", D(2026, 10, 1), D(2026, 11, 10), 2000, 0, None],
]  # fmt: skip
REGISTER = [
    ["KH001", "苏州甲精密有限公司", "", "周经理", "0512-1", "苏州", "A", 100000, 60],
    ["KH002", "无锡乙贸易有限公司", "", "吴经理", "0510-2", "无锡", "B", 50000, 45],
]  # fmt: skip
WORD_LINE = "PDF 由 Microsoft Word 生成 made by Microsoft Word"
LIBREOFFICE_LINE = "PDF 由 LibreOffice 生成 made by LibreOffice"


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    return {
        "ledger": write_ledger(tmp_path / "应收账款明细账.xlsx", ROWS, AS_OF),
        "register": write_register(tmp_path / "客户信用档案.xlsx", REGISTER),
        "config": real_settings(tmp_path),
    }


@pytest.fixture
def com(monkeypatch):
    monkeypatch.delenv("CREDITBOOK_PDF", raising=False)
    return fake_word.install(monkeypatch)


@pytest.fixture
def libreoffice(monkeypatch):
    """LibreOffice replaced too: a test that reaches it by mistake gets 300-point pages."""
    jobs = []

    class Pool:
        def convert(self, pairs, timeout):
            for source, target in pairs:
                jobs.append(source.name)
                writer = PdfWriter()
                writer.add_blank_page(width=300, height=842)
                with open(target, "wb") as handle:
                    writer.write(handle)

    monkeypatch.setattr(pdf_module, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(office, "office_pool", lambda soffice, env_for, size: Pool())
    return jobs


def _letters(files: dict[str, Path], out: Path, *more: str):
    return runner.invoke(
        app,
        [
            "letters", str(files["ledger"]), "--register", str(files["register"]),
            "--as-of", AS_OF.isoformat(), "--out", str(out), "--config", str(files["config"]),
            *more,
        ],
    )  # fmt: skip


def _lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines()]


def test_letters_with_pdf_on_windows_are_made_by_word_and_say_so(com, libreoffice, files, tmp_path):
    out = tmp_path / "催收函"
    result = _letters(files, out, "--pdf")
    assert result.exit_code == 0, result.output
    docx = sorted(p.name for p in out.glob("*.docx"))
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert len(docx) == 2 and pdfs == [name.replace(".docx", ".pdf") for name in docx]
    assert all(float(PdfReader(out / p).pages[0].mediabox.width) == 595 for p in pdfs)
    assert WORD_LINE in _lines(result.output) and "LibreOffice" not in result.output
    assert com.names().count("DispatchEx") == 1 and com.names().count("Quit") == 1
    opened = sorted(Path(call[1]).name for call in com.calls if call[0] == "Open")
    assert opened == docx and libreoffice == []
    assert all(call[2]["ReadOnly"] is True for call in com.calls if call[0] == "Open")


def test_letters_merged_for_printing_from_word_pdfs(com, libreoffice, files, tmp_path):
    out = tmp_path / "催收函"
    result = _letters(files, out, "--merge")
    assert result.exit_code == 0, result.output
    merged = out / "催收函-合并打印.pdf"
    assert len(PdfReader(merged).pages) == 2
    assert WORD_LINE in _lines(result.output)


def test_letters_on_windows_without_word_say_libreoffice(com, libreoffice, files, tmp_path):
    com.dispatch_error = fake_word.word_not_installed()
    out = tmp_path / "催收函"
    result = _letters(files, out, "--pdf")
    assert result.exit_code == 0, result.output
    assert LIBREOFFICE_LINE in _lines(result.output) and "Microsoft Word" not in result.output
    assert len(libreoffice) == 2 and len(list(out.glob("*.pdf"))) == 2


def test_letters_without_any_converter_report_it_and_keep_the_letters(
    com, files, tmp_path, monkeypatch
):
    com.dispatch_error = fake_word.word_not_installed()

    def find_soffice():
        raise pdf_module.OfficeMissing(pdf_module.MISSING_MESSAGE)

    monkeypatch.setattr(pdf_module, "find_soffice", find_soffice)
    out = tmp_path / "催收函"
    result = _letters(files, out, "--pdf")
    assert result.exit_code == 1
    text = result.output.replace("\n", "")  # the console wraps long lines
    assert "错误 error PDF 未能写出 not written: OfficeMissing: 未找到 Microsoft Word 或 " in text
    assert "Word: 无法启动 Word could not start Word: 无效的类字符串 (0x800401F3)" in text
    assert "Traceback" not in result.output and "made by" not in result.output
    assert len(list(out.glob("*.docx"))) == 2 and not list(out.glob("*.pdf"))


def test_a_single_document_with_pdf_names_word(com, libreoffice, tmp_path):
    survey = new_workbook_file("survey", tmp_path / "满意度调查.xlsx", sample=True)
    out = tmp_path / "满意度报告.docx"
    result = runner.invoke(app, ["survey-report", str(survey), "--out", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    assert _lines(result.output)[-1] == WORD_LINE
    assert (tmp_path / "满意度报告.pdf").exists() and libreoffice == []


@pytest.mark.slow
def test_the_demo_on_windows_makes_its_pdfs_with_word(com, libreoffice, tmp_path):
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--out", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    assert WORD_LINE in _lines(result.output) and libreoffice == []
    letters = list((out / "文档" / "催收函").glob("*_*.docx"))
    assert letters and all(p.with_suffix(".pdf").exists() for p in letters)
    assert com.names().count("DispatchEx") == com.names().count("Quit") == 3  # one per batch
