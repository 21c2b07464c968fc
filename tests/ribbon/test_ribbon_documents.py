"""生成文书 on each standard workbook gives the CLI's documents, figure for figure."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from docx_text import docx_text
from excel_stub import stub_book
from typer.testing import CliRunner

from creditbook.cli import app
from creditbook.sample import sample_data
from creditbook.workbooks.build import new_workbook_file
from creditbook.workbooks.sample_files import LEDGER_FILE, write_sample_files

AS_OF = "2026-11-30"  # the sample aging workbook's 统计日期
SETTINGS = '[company]\nname = "无锡华瑞精工有限公司"\n\n[letters]\nnumber_prefix = "华瑞财函"\n'


def _cli(*args: object) -> None:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output


def _company(folder: Path) -> Path:
    """A company folder with its creditbook.toml (and so its own letter counter)."""
    folder.mkdir(parents=True)
    (folder / "creditbook.toml").write_text(SETTINGS, encoding="utf-8")
    return folder


def _out(workbook: Path) -> Path:
    return workbook.parent / f"{workbook.stem} 文书" / dt.date.today().isoformat()


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: docx_text(p) for p in sorted(folder.glob("*.docx"))}


def _label_cell(ws, label: str, column: str = "B") -> str:
    row = next(c.row for c in ws["A"] if isinstance(c.value, str) and c.value.strip() == label)
    return f"{column}{row}"


def _type_in(path: Path, sheet: str, label: str, value: object) -> None:
    """The user types ``value`` beside ``label`` and saves."""
    book = openpyxl.load_workbook(path)
    book[sheet][_label_cell(book[sheet], label)] = value
    book.save(path)


def _manifest(folder: Path, stem: str) -> list[dict]:
    rows = json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))
    return [{k: v for k, v in row.items() if k not in {"sha256", "time"}} for row in rows]


def test_evaluation_workbook_gives_the_clis_report_and_approval(tmp_path, click, opened):
    folder = _company(tmp_path / "信用管理部")
    path = new_workbook_file("evaluation", folder / "宁波港兴 信用评估.xlsx", sample=True)
    _type_in(path, "客户信息", "预计月采购额(元)", 260000)
    book = click(stub_book(path))

    out = _out(path)
    assert sorted(p.name for p in out.iterdir()) == ["信用额度审批表.docx", "客户信用评估报告.docx"]
    cli = tmp_path / "cli"
    _cli("report", path, "--out", cli / "report.docx", "--config", folder / "creditbook.toml")
    _cli("approval", path, "--out", cli / "approval.docx", "--config", folder / "creditbook.toml")
    report = docx_text(out / "客户信用评估报告.docx")
    assert report == docx_text(cli / "report.docx")
    assert docx_text(out / "信用额度审批表.docx") == docx_text(cli / "approval.docx")
    # 需求法 260,000 × 45/30 × 0.7 = 273,000, below the 净资产法 and 营运资金法 figures
    assert "建议信用额度 273,000.00 元（人民币贰拾柒万叁仟元整），信用期限 45 天" in report
    assert "无锡华瑞精工有限公司" in report
    assert [a["mode"] for a in book.app.alerts] == ["info"]
    assert book.app.alerts[0]["prompt"].splitlines()[:4] == [
        "客户信用评估表：已生成 2 个文件 written to",
        str(out),
        "  客户信用评估报告.docx",
        "  信用额度审批表.docx",
    ]
    assert opened == [["xdg-open", str(out)]]


def test_unsaved_edits_reach_the_documents_and_the_file_is_not_touched(tmp_path, click):
    folder = _company(tmp_path / "信用管理部")
    path = new_workbook_file("evaluation", folder / "评估.xlsx", sample=True)
    before = path.read_bytes()
    sheet = openpyxl.load_workbook(path)["客户信息"]
    edit = {("客户信息", _label_cell(sheet, "客户名称")): "宁波港兴模具（集团）有限公司"}
    click(stub_book(path, edits=edit))

    assert "宁波港兴模具（集团）有限公司" in docx_text(_out(path) / "客户信用评估报告.docx")
    assert path.read_bytes() == before


@pytest.fixture
def aging_folder(tmp_path) -> Path:
    """The month's aging workbook, with a 合计 row the user added, beside the register."""
    folder = _company(tmp_path / "应收账款")
    path = new_workbook_file("aging", folder / "11月账龄分析.xlsx", sample=True)
    new_workbook_file("register", folder / "客户信用档案.xlsx", sample=True)
    book = openpyxl.load_workbook(path)
    ws = book["应收台账"]
    last = max(c.row for c in ws["C"] if c.value)
    ws[f"A{last + 1}"] = "合计"
    ws[f"F{last + 1}"] = f"=SUM(F5:F{last})"
    book.save(path)
    return folder


def test_aging_workbook_gives_the_clis_letters_notices_and_legal_list(
    tmp_path, aging_folder, click
):
    path = aging_folder / "11月账龄分析.xlsx"
    book = click(stub_book(path))

    out = _out(path)
    cli = tmp_path / "cli"
    config = _company(tmp_path / "cli-settings") / "creditbook.toml"
    for command in ("letters", "notice"):
        _cli(command, path, "--register", aging_folder / "客户信用档案.xlsx", "--as-of", AS_OF,
             "--out", cli, "--config", config)  # fmt: skip
    # the command and the button both write the reading report (读取报告.txt) into the folder
    assert (cli / "读取报告.txt").is_file()
    assert (out / "读取报告.txt").is_file()
    made = sorted(p.name for p in cli.iterdir())
    assert sorted(p.name for p in out.iterdir()) == made
    # the same columns, rows and totals; the command read a file whose formulas were never
    # calculated (and says it computed them), the button the values Excel shows
    report, cli_report = ((f / "读取报告.txt").read_text(encoding="utf-8") for f in (out, cli))
    assert report.startswith("读取报告 reading report: ")

    def said(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.startswith(("列 ", "行 ", "合计 "))]

    assert said(report) == said(cli_report) and len(said(report)) >= 4
    assert _texts(out) == _texts(cli)
    for stem in ("催收函-清单", "信用调整通知书-清单"):
        assert _manifest(out, stem) == _manifest(cli, stem)
    assert (out / "法律程序客户清单.csv").read_bytes() == (
        cli / "法律程序客户清单.csv"
    ).read_bytes()

    letters = _manifest(out, "催收函-清单")
    assert len(letters) == 19
    assert (letters[0]["customer_id"], letters[0]["number"]) == ("KH0004", "华瑞财函〔2026〕0001号")
    with (out / "法律程序客户清单.csv").open(encoding="utf-8-sig") as handle:
        legal = list(csv.DictReader(handle))
    assert [(r["客户编码"], r["欠款金额"], r["最后催告函编号"]) for r in legal] == [
        ("KH0026", "1357087.77", "华瑞财函〔2026〕0015号"),
        ("KH0028", "527382.66", "华瑞财函〔2026〕0017号"),
    ]
    prompt = book.app.alerts[0]["prompt"]
    assert "截至日期 as of 2026-11-30" in prompt
    lines = prompt.splitlines()
    draft = (
        "样稿批次不生成待粘贴的联系记录 draft batch: no contact-log rows "
        "(样稿不得寄出, not to be sent)"
    )
    start = lines.index("催收函 19 份 written")
    assert lines[start : start + 4] == [
        "催收函 19 份 written",
        f"催收函 注意 notice: {draft}",  # as `letters` prints it
        "信用调整通知书 25 份 written",
        f"信用调整通知书 注意 notice: {draft}",
    ]


def test_register_workbook_uses_the_ledger_named_in_its_properties(tmp_path, click):
    folder = _company(tmp_path / "信用管理部")
    write_sample_files(sample_data(), folder)
    path = new_workbook_file("register", folder / "客户信用档案 2026.xlsx", sample=True)
    properties = {"creditbook.kind": "register", "creditbook.ledger": LEDGER_FILE}
    click(stub_book(path, properties=properties))

    out = _out(path)
    cli = tmp_path / "cli"
    config = _company(tmp_path / "cli-settings") / "creditbook.toml"
    today = dt.date.today().isoformat()
    for command in ("letters", "notice"):
        _cli(command, folder / LEDGER_FILE, "--register", path, "--as-of", today,
             "--out", cli, "--config", config)  # fmt: skip
    # the command and the button both write the reading report (读取报告.txt) into the folder
    assert (cli / "读取报告.txt").is_file()
    assert (out / "读取报告.txt").is_file()
    made = sorted(p.name for p in cli.iterdir())
    assert sorted(p.name for p in out.iterdir()) == made
    assert _texts(out) == _texts(cli)
    letters = _manifest(out, "催收函-清单")
    assert letters == _manifest(cli, "催收函-清单")
    # the sample ledger's overdue invoices only age: there is always a first letter
    assert letters[0]["number"] == f"华瑞财函〔{dt.date.today().year}〕0001号"


def test_survey_workbook_gives_the_clis_survey_report(tmp_path, click):
    folder = _company(tmp_path / "办公室")
    path = new_workbook_file("survey", folder / "2026 满意度调查.xlsx", sample=True)
    click(stub_book(path))

    out = _out(path)
    _cli(
        "survey-report",
        path,
        "--out",
        tmp_path / "cli.docx",
        "--config",
        folder / "creditbook.toml",
    )
    report = docx_text(out / "顾客满意度调查分析报告.docx")
    assert report == docx_text(tmp_path / "cli.docx")
    assert [p.name for p in out.iterdir()] == ["顾客满意度调查分析报告.docx"]


def test_hostile_text_typed_into_the_survey_is_printed_as_it_is(tmp_path, click):
    path = new_workbook_file("survey", tmp_path / "满意度调查.xlsx", sample=True)
    hostile = {
        ("调查结果", "L5"): "=cmd|' /C calc'!A0",
        ("调查结果", "L6"): "{{ company.name }} [/bold] {% if x %}",
        ("调查结果", "L7"): "@SUM(A1) +86 太慢",
    }
    book = click(stub_book(path, edits=hostile))

    assert book.app.alerts[0]["mode"] == "info"
    report = docx_text(_out(path) / "顾客满意度调查分析报告.docx")
    for text in hostile.values():
        assert text in report
