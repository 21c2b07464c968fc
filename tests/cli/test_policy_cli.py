"""`creditbook policy table|check`: the 政策 table exported, edited and checked."""

import csv

from typer.testing import CliRunner

from creditbook.cli import app
from creditbook.cli.policy import load_any
from creditbook.core.policy import preset

runner = CliRunner()


def test_table_round_trips_through_csv_and_xlsx(tmp_path):
    for name, suffix in (("abcd", ".csv"), ("aaa", ".xlsx")):
        out = tmp_path / f"{name}{suffix}"
        result = runner.invoke(app, ["policy", "table", name, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert load_any(out) == preset(name)
        checked = runner.invoke(app, ["policy", "check", str(out)])
        assert checked.exit_code == 0 and "OK" in checked.output


def test_check_reports_an_edited_table_by_row_and_column(tmp_path):
    out = tmp_path / "policy.csv"
    runner.invoke(app, ["policy", "table", "abc", "--out", str(out)])
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    row = next(i for i, r in enumerate(rows) if r[0] == "A")
    rows[row][1] = "八十"
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = runner.invoke(app, ["policy", "check", str(out)])
    assert result.exit_code == 1
    assert f"第{row + 1}行「最低分」列" in result.output


def test_table_prints_csv_without_out():
    result = runner.invoke(app, ["policy", "table", "abc"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("参数,值")


def test_the_csv_table_has_a_bom_so_chinese_excel_opens_it_as_utf8(tmp_path):
    out = tmp_path / "政策.csv"
    result = runner.invoke(app, ["policy", "table", "abc", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith("\ufeff参数,值,".encode())


def test_a_policy_table_re_saved_by_excel_as_gbk_reads_the_same(tmp_path):
    out = tmp_path / "政策.csv"
    runner.invoke(app, ["policy", "table", "abcd", "--out", str(out)])
    resaved = tmp_path / "政策-Excel另存.csv"
    resaved.write_bytes(out.read_text(encoding="utf-8-sig").encode("gbk"))
    assert load_any(resaved) == preset("abcd")
    checked = runner.invoke(app, ["policy", "check", str(resaved)])
    assert checked.exit_code == 0 and "OK" in checked.output
