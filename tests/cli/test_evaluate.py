"""`creditbook evaluate`: a table of indicator values in, score/grade/term/limit out."""

import shutil
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from creditbook.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "customers.csv"
runner = CliRunner()


def test_prints_each_customer(tmp_path):
    result = runner.invoke(app, ["evaluate", str(EXAMPLE)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "C001" in result.output and "480,000.00" in result.output
    assert "81.50" in result.output


def test_writes_results_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "result.csv"
    first = runner.invoke(app, ["evaluate", str(EXAMPLE), "--policy", "abcd", "--out", str(out)])
    assert first.exit_code == 0, first.output
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert table.loc[table["客户编码"] == "C004", "等级"].item() == "D"
    assert table.loc[table["客户编码"] == "C001", "信用额度"].item() == 336_000
    again = runner.invoke(app, ["evaluate", str(EXAMPLE), "--out", str(out)])
    assert again.exit_code == 1
    assert "--force" in again.output


def test_bad_cell_names_file_row_and_column(tmp_path):
    bad = tmp_path / "bad.csv"
    shutil.copy(EXAMPLE, bad)
    text = bad.read_text(encoding="utf-8").replace("0.93", "九成", 1)
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(bad)])
    assert result.exit_code == 1
    assert "bad.csv 第2行「付款准时率」列" in result.output


def test_reads_xlsx(tmp_path):
    book = tmp_path / "customers.xlsx"
    pd.read_csv(EXAMPLE, dtype=object).to_excel(book, index=False)
    result = runner.invoke(app, ["evaluate", str(book), "--policy", "aaa"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "AAA" in result.output


def test_policy_may_be_a_policy_table(tmp_path):
    table = tmp_path / "政策.csv"
    runner.invoke(app, ["policy", "table", "abcd", "--out", str(table)])
    out = tmp_path / "result.csv"
    result = runner.invoke(
        app, ["evaluate", str(EXAMPLE), "--policy", str(table), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "D" in set(pd.read_csv(out, encoding="utf-8-sig")["等级"])
