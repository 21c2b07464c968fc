"""Document commands end to end on the sample company's files."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from creditbook.cli import app
from creditbook.sample import sample_data
from creditbook.workbooks.build import new_workbook_file
from creditbook.workbooks.sample_files import write_sample_files

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))
from docx_text import docx_text

runner = CliRunner()


@pytest.fixture(scope="module")
def company_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("company")
    ledger, register = write_sample_files(sample_data(), folder)
    evaluation = new_workbook_file("evaluation", folder / "评估表.xlsx", sample=True)
    survey = new_workbook_file("survey", folder / "满意度调查.xlsx", sample=True)
    return {"ledger": ledger, "register": register, "evaluation": evaluation, "survey": survey}


def _run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def _batch(command: str, files: dict[str, Path], out: Path, config: Path, *more: str):
    """A batch command (letters, notice) on the sample ledger and register, as of 2026-11-30."""
    return _run(
        command, files["ledger"], "--register", files["register"], "--as-of", "2026-11-30",
        "--out", out, "--config", config, *more,
    )  # fmt: skip


@pytest.fixture
def config(tmp_path) -> Path:
    """An empty creditbook.toml: the default settings, letter counter kept in tmp_path."""
    path = tmp_path / "creditbook.toml"
    path.write_text("", encoding="utf-8")
    return path


def test_init_writes_settings_and_refuses_to_overwrite(tmp_path):
    path = tmp_path / "creditbook.toml"
    assert _run("init", "--path", path).exit_code == 0
    assert "[company]" in path.read_text(encoding="utf-8")
    again = _run("init", "--path", path)
    assert again.exit_code == 1 and "--force" in again.output
    assert _run("init", "--path", path, "--force").exit_code == 0


def test_letters_for_the_sample_company(company_files, tmp_path, config):
    config.write_text(
        '[company]\nname = "苏州测试供应链有限公司"\n[letters]\nnumber_prefix = "测函"\n',
        encoding="utf-8",
    )
    out = tmp_path / "letters"
    result = _batch("letters", company_files, out, config)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "催收函-清单.json").read_text(encoding="utf-8"))
    assert manifest and all(not row["error"] for row in manifest)
    assert {row["stage"] for row in manifest} >= {"付款提醒", "催款", "法律程序"}
    assert manifest[0]["number"] == "测函〔2026〕0001号"
    assert (tmp_path / "creditbook-letter-numbers.json").exists()  # beside the settings
    first = out / manifest[0]["file"]
    assert "苏州测试供应链有限公司" in docx_text(first)
    legal = [row for row in manifest if row["stage"] == "法律程序"]
    assert legal and (out / "法律程序客户清单.xlsx").exists()
    again = _batch("letters", company_files, out, config)
    assert again.exit_code == 1 and "already exist" in again.output


def test_letters_for_one_stage_and_customer(company_files, tmp_path, config):
    out = tmp_path / "one"
    result = _batch("letters", company_files, out, config, "--stage", "法律程序")
    assert result.exit_code == 0, result.output
    rows = json.loads((out / "催收函-清单.json").read_text(encoding="utf-8"))
    assert {r["stage"] for r in rows} == {"法律程序"}
    assert all(r["document"] == "最后催告函" for r in rows)


def test_notices_for_the_sample_company(company_files, tmp_path, config):
    out = tmp_path / "notices"
    result = _batch("notice", company_files, out, config)
    assert result.exit_code == 0, result.output
    rows = json.loads((out / "信用调整通知书-清单.json").read_text(encoding="utf-8"))
    assert rows
    text = docx_text(out / rows[0]["file"])
    assert "信用调整通知书" in text and "调整前" in text and "调整后" in text


@pytest.mark.slow
def test_report_and_approval_from_the_evaluation_workbook(company_files, tmp_path):
    report = tmp_path / "评估报告.docx"
    result = _run("report", company_files["evaluation"], "--out", report)
    assert result.exit_code == 0, result.output
    text = docx_text(report)
    assert "客户信用评估报告" in text and "需求法" in text and "评估结论" in text
    approval = tmp_path / "审批表.docx"
    result = _run(
        "approval",
        company_files["evaluation"],
        "--out",
        approval,
        "--type",
        "临时",
        "--requested",
        "120000",  # within 50% of the recommended 241,000
        "--expiry",
        "2027-02-27",  # 2026-11-30 to 2027-02-27: 90 days, both counted
    )
    assert result.exit_code == 0, result.output
    text = docx_text(approval)
    assert "有效期至 2027年2月27日" in text
    assert "120,000.00" in text and "信用管理部门确定" in text  # abc: 信用管理部门 for any amount


def test_survey_report(company_files, tmp_path):
    out = tmp_path / "满意度报告.docx"
    result = _run("survey-report", company_files["survey"], "--out", out)
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    assert "各维度满意度" in text and "产品质量" in text and "纠正措施" in text


def test_templates_check_and_sample(tmp_path):
    out = tmp_path / "preview.docx"
    assert _run("templates", "sample", "demand", "--out", out).exit_code == 0
    assert "催  款  函" in docx_text(out)
    # a rendered letter has no tags left: no number, addressee or amount for the next letter
    result = _run("templates", "check", out, "--kind", "demand")
    assert result.exit_code == 1
    assert "missing required variable '{{ letter_no }}'" in result.output
    built = tmp_path / "mine"
    assert _run("templates", "build", "--out", built).exit_code == 0
    result = _run("templates", "check", built / "催款函.docx", "--kind", "demand")
    assert result.exit_code == 0 and "OK" in result.output
    result = _run("templates", "check", built / "催款函.docx", "--kind", "report")
    assert result.exit_code == 1 and "unknown variable" in result.output


def test_the_sample_companys_letters_and_legal_list_agree_with_monitor(
    company_files, tmp_path, config
):
    out = tmp_path / "letters"
    assert _batch("letters", company_files, out, config).exit_code == 0
    letters = {
        row["customer_id"]: Decimal(row["amount"])
        for row in json.loads((out / "催收函-清单.json").read_text(encoding="utf-8"))
    }
    monitor_out = tmp_path / "monitor.xlsx"
    result = _run(
        "monitor", company_files["ledger"], "--register", company_files["register"],
        "--as-of", "2026-11-30", "--out", monitor_out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    sheet = load_workbook(monitor_out).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r[0] == "客户编码"))
    names = rows[header]
    monitor = {r[0]: dict(zip(names, r, strict=True)) for r in rows[header + 1 :] if r[0]}
    assert len(monitor) == 30
    staged = {cid for cid, row in monitor.items() if row["催收阶段"]}
    assert set(letters) == staged
    for customer_id, amount in letters.items():
        assert amount == Decimal(str(monitor[customer_id]["逾期金额"])).quantize(Decimal("0.01"))
    legal = load_workbook(out / "法律程序客户清单.xlsx").active
    listed = {r[0]: r[2] for r in legal.iter_rows(min_row=3, values_only=True)}
    assert listed and set(listed) == {c for c in staged if monitor[c]["催收阶段"] == "法律程序"}
    for customer_id, amount in listed.items():
        assert Decimal(str(amount)).quantize(Decimal("0.01")) == letters[customer_id]
    notices = tmp_path / "notices"
    assert _batch("notice", company_files, notices, config).exit_code == 0
    noticed = {
        row["customer_id"]
        for row in json.loads((notices / "信用调整通知书-清单.json").read_text(encoding="utf-8"))
    }
    suspended = {cid for cid, row in monitor.items() if row["额度调整"] in ("暂停", "下调")}
    assert suspended and suspended <= noticed
