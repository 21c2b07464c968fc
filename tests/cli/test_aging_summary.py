"""With --out, `aging` and `monitor` print a one-screen summary; the full table on request."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from rich.console import Console
from test_aging_cli import make_ledger, make_register
from typer.testing import CliRunner

from creditbook.cli import _summary, app

runner = CliRunner()
AS_OF = dt.date(2026, 11, 30)


@pytest.fixture
def ledger(tmp_path):
    """30 customers, customer n owes 1,000 × n (C03, C06 … paid 100), due 7n − 10 days ago."""
    rows = []
    for n in range(1, 31):
        due = AS_OF - dt.timedelta(days=n * 7 - 10)
        paid = 100 if n % 3 == 0 else 0
        name = f"客户{n:02d}贸易有限公司"
        rows.append(
            [f"C{n:02d}", name, f"XS{n}", due - dt.timedelta(30), due, 1000 * n, paid, None]
        )
    rows.append(["C31", "[/bold]{{ x }}客户", "XS31", AS_OF, AS_OF + dt.timedelta(30), 10, 0, None])
    return make_ledger(tmp_path / "台账.xlsx", rows)


def cells(output: str) -> list[list[str]]:
    """The rows of every rich table in the output, as lists of stripped cell texts."""
    return [
        [c.strip() for c in line.strip("│").split("│")]
        for line in output.splitlines()
        if line.startswith("│")
    ]


def run(*args: str):
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_aging_with_out_prints_the_summary_and_the_path(ledger, tmp_path):
    out = tmp_path / "aging.csv"
    output = run("aging", str(ledger), "--as-of", "2026-11-30", "--out", str(out))
    rows = cells(output)
    assert ["91-180天", "272,500.00", "58.7%"] in rows
    assert ["合计", "464,010.00", "100.0%"] in rows
    assert "逾期金额最大的 20 户 largest overdue（共 29 户逾期）" in output
    assert rows[rows.index(["合计", "464,010.00", "100.0%"]) + 1] == [
        "C30",
        "客户30贸易有限公司",
        "29,900.00",
        "200",
        "29,900.00",
    ]
    assert ["C11", "客户11贸易有限公司", "11,000.00", "67", "11,000.00"] in rows
    assert "客户10贸易有限公司" not in output  # 21st largest: only in the file
    assert "{{ x }}" not in output  # not overdue: only in the file
    assert ["最后催告", "13"] in rows and ["未逾期", "2"] in rows
    assert output.rstrip().endswith(f"已写出 written: {out}（31 户 customers）")
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 33  # header, 31, 合计


def test_aging_with_out_and_all_prints_every_customer(ledger, tmp_path):
    out = tmp_path / "aging.xlsx"
    output = run("aging", str(ledger), "--as-of", "2026-11-30", "--out", str(out), "--all")
    assert all(f"客户{n:02d}贸易有限公司" in output for n in range(1, 31))
    assert "[/bold]{{ x }}客户" in output
    assert "largest overdue" not in output
    assert f"已写出 written: {out}" in output


def test_aging_without_out_prints_the_full_table_only(ledger):
    output = run("aging", str(ledger), "--as-of", "2026-11-30")
    assert all(f"客户{n:02d}贸易有限公司" in output for n in range(1, 31))
    assert "largest overdue" not in output and "已写出" not in output


def test_monitor_with_out_counts_levels_and_stages(ledger, tmp_path):
    register = make_register(tmp_path / "档案.xlsx")
    out = tmp_path / "monitor.csv"
    output = run(
        "monitor",
        str(ledger),
        "--register",
        str(register),
        "--as-of",
        "2026-11-30",
        "--out",
        str(out),
    )
    rows = cells(output)
    assert ["客户数", "33"] in rows  # 31 in the ledger, C1 and C2 only in the register
    assert ["逾期金额", "463,000.00"] in rows
    # C03–C30 are not in the register (未建档): reviewed at the base grade's term, their
    # severity follows their days overdue
    assert ["严重", "26"] in rows and ["预警", "2"] in rows and ["关注", "4"] in rows
    assert ["无预警", "1"] in rows
    assert ["法律程序", "3"] in rows and ["未逾期", "4"] in rows
    assert "客户10贸易有限公司" not in output
    assert output.rstrip().endswith(f"已写出 written: {out}（33 户 customers）")


def test_a_terminal_gets_the_full_table_through_the_pager(monkeypatch):
    shown = []
    monkeypatch.setattr("pydoc.pager", shown.append)
    monkeypatch.delenv("LESS", raising=False)
    terminal = Console(file=io.StringIO(), force_terminal=True, width=80)
    with _summary.paged(terminal):
        terminal.print("客户01贸易有限公司")
    assert [text.strip() for text in shown] == ["客户01贸易有限公司"]
    pipe = Console(file=io.StringIO(), force_terminal=False, width=80)
    with _summary.paged(pipe):
        pipe.print("客户01贸易有限公司")
    assert pipe.file.getvalue() == "客户01贸易有限公司\n"


def test_a_windows_console_prints_the_table_without_a_pager(monkeypatch):
    from creditbook import portable

    shown = []
    monkeypatch.setattr("pydoc.pager", shown.append)
    monkeypatch.setattr(portable, "PLATFORM", "win32")
    terminal = Console(file=io.StringIO(), force_terminal=True, width=80, color_system=None)
    with _summary.paged(terminal):
        terminal.print("客户01贸易有限公司 ¥1,000.00")
    assert shown == []
    assert terminal.file.getvalue() == "客户01贸易有限公司 ¥1,000.00\n"
