"""Options that name something that is not there are refused with the choices, not ignored;
every --policy takes a 政策 table as well as a preset."""

from __future__ import annotations

from test_aging_cli import ROWS, make_ledger, make_register
from typer.testing import CliRunner

from creditbook.cli import app

runner = CliRunner()


def test_letters_refuse_a_stage_the_policy_does_not_have(tmp_path):
    ledger = make_ledger(tmp_path / "台账.xlsx", ROWS)
    out = tmp_path / "letters"
    result = runner.invoke(
        app,
        ["letters", str(ledger), "--as-of", "2026-11-30", "--out", str(out), "--stage", "警告"],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 1
    assert (
        "--stage 警告: 没有这个催收阶段 no such dunning stage; 可选 choose from "
        "付款提醒、催款、最后催告、法律程序、reminder、demand、final、legal" in result.output
    )
    assert not out.exists()


def test_an_unknown_stage_is_refused_before_the_ledger_is_read(tmp_path):
    never_read = tmp_path / "还没导出的台账.xlsx"  # does not exist: the stage is checked first
    result = runner.invoke(
        app,
        ["letters", str(never_read), "--out", str(tmp_path / "letters"), "--stage", "律师函"],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 1
    assert "--stage 律师函: 没有这个催收阶段 no such dunning stage" in result.output
    assert "还没导出的台账" not in result.output


def test_aging_and_monitor_take_a_policy_table(tmp_path):
    table = tmp_path / "政策.xlsx"
    assert runner.invoke(app, ["policy", "table", "abcd", "--out", str(table)]).exit_code == 0
    ledger = make_ledger(tmp_path / "台账.xlsx", ROWS)
    register = make_register(tmp_path / "档案.xlsx")
    aging = runner.invoke(
        app,
        ["aging", str(ledger), "--as-of", "2026-11-30", "--policy", str(table)],
        env={"COLUMNS": "200"},
    )
    assert aging.exit_code == 0, aging.output
    assert "3,000.50" in aging.output
    monitor = runner.invoke(
        app,
        ["monitor", str(ledger), "--register", str(register), "--as-of", "2026-11-30",
         "--policy", str(table)],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert monitor.exit_code == 0, monitor.output
