"""One click: asking before overwriting, and every problem told in a message box."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pytest
from docx_text import docx_text
from excel_stub import stub_book

from creditbook.ribbon import jobs
from creditbook.ribbon.run import BOOK_UNITS, output_folder
from creditbook.sample import sample_data
from creditbook.workbooks.build import new_workbook_file
from creditbook.workbooks.sample_files import LEDGER_FILE, write_sample_files


def _out(workbook: Path) -> Path:
    return workbook.parent / f"{workbook.stem} 文书" / dt.date.today().isoformat()


@pytest.fixture
def survey(tmp_path) -> Path:
    return new_workbook_file("survey", tmp_path / "满意度调查.xlsx", sample=True)


def test_a_second_click_asks_and_no_keeps_the_files(survey, click, opened):
    click(stub_book(survey))
    report = _out(survey) / "顾客满意度调查分析报告.docx"
    before = report.read_bytes()
    book = click(stub_book(survey, answers=["no"]))

    assert report.read_bytes() == before
    question, answer = book.app.alerts
    assert question["buttons"] == "yes_no"
    assert question["prompt"] == f"{_out(survey)}\n已有文件。覆盖？ files exist: overwrite them?"
    assert (
        answer["prompt"]
        == "未生成文书，已有文件保持不变 nothing written; the existing files are kept"
    )
    assert len(opened) == 1  # the first click only


def test_yes_overwrites(survey, click, opened):
    click(stub_book(survey))
    report = _out(survey) / "顾客满意度调查分析报告.docx"
    report.write_bytes(b"old")
    book = click(stub_book(survey, answers=["yes"]))

    assert report.read_bytes()[:2] == b"PK"
    assert book.app.alerts[-1]["prompt"].startswith("顾客满意度调查：已生成 1 个文件")
    assert len(opened) == 2


def test_kind_falls_back_on_sheet_names_without_the_property(survey, click):
    book = click(stub_book(survey, properties={}))
    assert book.app.alerts[0]["mode"] == "info"
    assert (_out(survey) / "顾客满意度调查分析报告.docx").exists()


def test_an_erp_export_is_not_a_standard_workbook(tmp_path, click, opened):
    ledger = write_sample_files(sample_data(), tmp_path)[0]
    book = click(stub_book(ledger))

    (alert,) = book.app.alerts
    assert alert["mode"] == "critical"
    assert alert["prompt"].startswith(
        f"未能生成文书 cannot generate the documents:\n{LEDGER_FILE} 不是 creditbook 的标准工作簿"
    )
    assert "客户信用评估表、应收账款账龄分析、客户信用档案、顾客满意度调查" in alert["prompt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["home", LEDGER_FILE, "客户信用档案.xlsx"]
    )
    assert opened == []


def test_the_contact_log_has_no_documents(tmp_path, click):
    path = new_workbook_file("contacts", tmp_path / "联系记录.xlsx", sample=True)
    book = click(stub_book(path))
    assert book.app.alerts[0]["prompt"].endswith(
        "客户联系与催收记录不生成文书 has no documents to generate"
    )


def test_a_book_never_saved_is_asked_to_be_saved(survey, click):
    book = click(stub_book(survey, fullname="工作簿1"))
    assert "请先保存工作簿 save the workbook first" in book.app.alerts[0]["prompt"]
    assert not _out(survey).parent.exists()


def test_a_bad_ledger_cell_is_named_and_nothing_is_written(tmp_path, click, opened):
    path = new_workbook_file("aging", tmp_path / "账龄分析.xlsx", sample=True)
    sheet = openpyxl.load_workbook(path)["应收台账"]
    row = next(c.row for c in sheet["C"] if c.value == "XS202603-0010")
    book = click(stub_book(path, edits={("应收台账", f"E{row}"): "下个月"}))

    (alert,) = book.app.alerts
    assert alert["mode"] == "critical"
    assert f"账龄分析.xlsx 应收台账!E{row} 到期日" in alert["prompt"]
    assert not _out(path).parent.exists()
    assert opened == []


def test_a_register_without_a_ledger_says_how_to_point_at_one(tmp_path, click):
    path = new_workbook_file("register", tmp_path / "信用档案.xlsx", sample=True)
    book = click(stub_book(path))
    prompt = book.app.alerts[0]["prompt"]
    assert "找不到应收台账 no ledger" in prompt and "creditbook.ledger" in prompt


def test_two_aging_workbooks_beside_a_register_must_be_told_apart(tmp_path, click):
    path = new_workbook_file("register", tmp_path / "信用档案.xlsx", sample=True)
    for name in ("10月账龄.xlsx", "11月账龄.xlsx"):
        new_workbook_file("aging", tmp_path / name)
    book = click(stub_book(path))
    prompt = book.app.alerts[0]["prompt"]
    assert "10月账龄.xlsx、11月账龄.xlsx" in prompt and "creditbook.ledger" in prompt


def test_the_single_aging_workbook_beside_a_register_is_its_ledger(tmp_path, click):
    path = new_workbook_file("register", tmp_path / "信用档案.xlsx", sample=True)
    new_workbook_file("aging", tmp_path / "11月账龄.xlsx", sample=True)
    book = click(stub_book(path))
    assert book.app.alerts[0]["mode"] == "info"
    assert (_out(path) / "催收函-清单.csv").exists()
    assert "截至日期 as of 2026-11-30" in book.app.alerts[0]["prompt"]  # its 统计日期


def test_an_unexpected_error_is_a_message_not_a_traceback(survey, click, monkeypatch):
    def broken(job):
        raise ValueError("bad =cmd|' /C calc'!A0 \x07 value")

    monkeypatch.setitem(jobs.JOBS, "survey", broken)
    book = click(stub_book(survey))
    assert book.app.alerts == [
        {
            "prompt": "生成文书时出错 error (ValueError): bad =cmd|' /C calc'!A0   value",
            "title": "creditbook 生成文书",
            "buttons": "ok",
            "mode": "critical",
        }
    ]


def test_settings_come_from_the_workbook_folder_before_the_home(survey, click, home):
    (home / "creditbook.toml").write_text('[company]\nname = "家目录公司"\n', encoding="utf-8")
    (survey.parent / "creditbook.toml").write_text(
        '[company]\nname = "文件夹公司"\n', encoding="utf-8"
    )
    click(stub_book(survey))
    text = docx_text(_out(survey) / "顾客满意度调查分析报告.docx")
    assert "文件夹公司" in text and "家目录公司" not in text


def test_without_settings_the_letter_counter_lives_in_the_home(tmp_path, click, home):
    path = new_workbook_file("aging", tmp_path / "账龄分析.xlsx", sample=True)
    book = click(stub_book(path))
    assert (home / "creditbook-letter-numbers.json").exists()
    assert "未找到 creditbook.toml，使用默认公司信息" in book.app.alerts[0]["prompt"]
    assert "未找到客户信用档案" in book.app.alerts[0]["prompt"]


def test_a_long_workbook_name_is_cut_with_its_hash_in_the_documents_folder(tmp_path):
    day = dt.date(2026, 11, 30)
    book = tmp_path / "账.xlsx"
    assert (
        output_folder(book, "甲" * 40 + ".xlsx", day) == tmp_path / f"{'甲' * 40} 文书/2026-11-30"
    )
    long_name = "甲" * 41
    cut = "甲" * 33 + "-" + hashlib.sha256(long_name.encode()).hexdigest()[:6]
    assert output_folder(book, long_name + ".xlsx", day) == tmp_path / f"{cut} 文书/2026-11-30"
    assert BOOK_UNITS == 40
