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


def test_force_never_writes_the_output_over_a_file_the_command_reads(tmp_path):
    # `aging 台账.xlsx --out 台账.xlsx --force` (a slip of the tab key) replaced the ERP export
    # with the aging table; `monitor … --out 档案.xlsx --force` would do so to the register.
    import hashlib

    ledger = make_ledger(tmp_path / "台账.xlsx", ROWS)
    register = make_register(tmp_path / "档案.xlsx")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ledger, register)}
    common = ["--as-of", "2026-11-30", "--force"]
    for command, target in (
        (["aging", str(ledger), "--out", str(ledger)], ledger),
        (["monitor", str(ledger), "--register", str(register), "--out", str(register)], register),
    ):
        result = runner.invoke(app, [*command, *common], env={"COLUMNS": "300"})
        assert result.exit_code == 1, result.output
        assert (
            f"{target} 是本命令读取的输入文件，不能作为输出 is an input of this command; "
            "choose another output"
        ) in result.output
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ledger, register)} == before
    elsewhere = tmp_path / "账龄.xlsx"
    elsewhere.write_bytes(b"old")
    result = runner.invoke(app, ["aging", str(ledger), "--out", str(elsewhere), *common])
    assert result.exit_code == 0 and elsewhere.read_bytes() != b"old"  # --force still works
