"""`creditbook demo` prints its summary, and reruns into the same folder only with --force."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from creditbook.cli import app
from creditbook.protect import is_encrypted_office_file


@pytest.mark.slow
def test_the_command_prints_grades_aging_warnings_letters_and_files(tmp_path):
    runner = CliRunner()
    out = tmp_path / "demo"
    first = runner.invoke(app, ["demo", "--out", str(out), "--no-pdf", "--password", "pw"])
    assert first.exit_code == 0, first.output
    headings = (
        "客户等级",
        "账龄分析",
        "预警信号",
        "评估报告",
        "信用调整通知书",
        "催收函",
        "完好 intact",
    )
    for heading in headings:
        assert heading in first.output
    letters = list((out / "文档" / "催收函").glob("*.docx"))
    assert letters and all(is_encrypted_office_file(p) for p in letters)
    # --password covers every file with customer data: the inputs and the lists too
    assert is_encrypted_office_file(out / "输入数据" / "应收账款台账.xlsx")
    plain_lists = sorted(p.name for p in out.rglob("*") if p.suffix in {".csv", ".json"})
    # the counter (no customer data) and the 发文登记簿, which later runs must read back
    assert plain_lists == ["creditbook-letter-numbers.json", "发文登记簿.csv"]
    assert is_encrypted_office_file(out / "文档" / "催收函" / "催收函-清单.xlsx")
    again = runner.invoke(app, ["demo", "--out", str(out), "--no-pdf"])
    assert again.exit_code == 1 and "--force" in again.output
