"""Console output on Chinese Windows: the stream's encoding is GBK/cp936 when cmd.exe or PowerShell
redirects it to a file, and a log file has no width. Every command here runs as users run it,
in a subprocess with PYTHONIOENCODING=gbk and its output going to pipes (not a terminal)."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import creditbook
from creditbook.cli import app
from creditbook.cli import documents as documents_cli
from creditbook.cli._console import ERRORS, LOG_WIDTH, Table, encodable, widen_for_logs
from creditbook.core.money import format_money, from_fen
from creditbook.core.receivables import age
from creditbook.inputs.readers import read_ledger
from creditbook.sample import DEMO_DATE, sample_data
from hostile_text import HOSTILE_NAMES

SOURCE = Path(creditbook.__file__).resolve().parents[1]
AS_OF = DEMO_DATE.isoformat()
LEDGER = Path("输入数据") / "应收账款台账.xlsx"
REGISTER = Path("输入数据") / "客户信用档案.xlsx"
LETTER_NO = re.compile(r"(?:鼎润|华瑞)财函〔2026〕\d{4}号")


def creditbook_gbk(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """`creditbook ARGS` with stdout and stderr in GBK, both to pipes, no COLUMNS set."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    env.update(PYTHONPATH=str(SOURCE), PYTHONIOENCODING="gbk", TTY_COMPATIBLE="0")
    return subprocess.run(
        [sys.executable, "-m", "creditbook", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=600,
    )


def decoded(result: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    """stdout and stderr as GBK (strict: a byte that is not GBK fails the test)."""
    out, err = result.stdout.decode("gbk"), result.stderr.decode("gbk")
    assert "Traceback" not in out + err
    return out, err


def row(out: str, first_cell: str) -> list[str]:
    """The cells of the table line whose first cell is ``first_cell`` (ASCII box: |)."""
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == first_cell:
            return cells
    raise AssertionError(f"no table row {first_cell!r} in:\n{out}")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[bytes]]:
    """The demo, run once for the module as on a Chinese Windows console redirected to a file."""
    home = tmp_path_factory.mktemp("gbk")
    return home / "demo", creditbook_gbk("demo", "--out", "demo", "--no-pdf", cwd=home)


def test_help_is_written_in_gbk(tmp_path):
    result = creditbook_gbk("--help", cwd=tmp_path)
    out, err = decoded(result)
    assert result.returncode == 0 and err == ""
    assert "creditbook — 客户信用管理制度的工具：信用评估、额度、账龄、催收函与报告。" in out


@pytest.mark.slow
def test_the_demo_runs_to_its_end_on_gbk_with_no_replaced_character(demo):
    folder, result = demo
    out, err = decoded(result)
    assert result.returncode == 0, err
    assert "?" not in out + err  # every symbol it prints has a GBK form: ¥ is shown as ￥
    assert "…" not in out
    data = sample_data()
    open_total = sum((i.open_amount for i in data.invoices), start=from_fen(0))
    assert row(out, "合计 total") == ["合计 total", format_money(open_total)]
    assert format_money(open_total) == "15,340,402.56"
    assert "信用敞口 ￥1,177,904.08 超过信用额度 ￥960,000.00" in row(out, "KH0002")[2]
    manifest = folder / "文档" / "催收函" / "催收函-清单.csv"
    with manifest.open(encoding="utf-8-sig", newline="") as handle:
        letters = {r["编号"]: r for r in csv.DictReader(handle)}
    assert len(letters) == 16  # KH0019 held (promise); KH0026, KH0028 handed to legal
    for number, letter in letters.items():
        cells = row(out, number)  # the whole number, in one cell
        assert cells[2] == format_money(Decimal(letter["金额"]))
    assert folder.joinpath("archive").is_dir()


@pytest.mark.slow
def test_every_csv_the_demo_writes_has_a_bom_so_chinese_excel_opens_it_as_utf8(demo):
    folder, _ = demo
    first_headers = {
        "发文登记簿.csv": "编号,日期,客户编码,",
        "文档/信用调整通知书/信用调整通知书-清单.csv": "客户编码,客户名称,",
        "文档/催收函/催收函-清单.csv": "客户编码,客户名称,",
        "文档/催收函/法律程序客户清单.csv": "客户编码,客户名称,",
    }
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.csv"))
    assert written == sorted(first_headers)
    for name, header in first_headers.items():
        assert (folder / name).read_bytes().startswith(("\ufeff" + header).encode()), name


@pytest.mark.slow
def test_aging_all_redirected_on_gbk_prints_every_customer_whole(demo, tmp_path):
    folder, _ = demo
    out_csv = tmp_path / "账龄.csv"
    result = creditbook_gbk(
        "aging", LEDGER, "--as-of", AS_OF, "--out", out_csv, "--all", cwd=folder
    )
    out, err = decoded(result)
    assert result.returncode == 0, err
    assert "…" not in out and "?" not in out
    frame, problems = read_ledger(folder / LEDGER)
    assert problems == []
    aging = age(frame, DEMO_DATE, "abc")
    records = aging.records()
    assert len(records) == 29
    for record in records:
        cells = row(out, record.customer_id)
        assert cells[1] == record.customer_name
        assert cells[-3:] == [
            format_money(record.total),
            format_money(record.overdue),
            str(record.max_days_overdue),
        ]
    totals = aging.totals()
    total_row = row(out, "合计")
    assert total_row[-3] == format_money(from_fen(totals["total"])) == "15,340,402.56"
    assert total_row[-2] == format_money(from_fen(totals["overdue"])) == "5,970,807.54"
    assert f"已写出 written: {out_csv}（29 户 customers）" in out


@pytest.mark.slow
def test_letters_summary_on_gbk_shows_each_letter_number_and_amount_whole(demo, tmp_path):
    folder, _ = demo
    ledger, register = folder / LEDGER, folder / REGISTER
    args = ("letters", ledger, "--register", register, "--as-of", AS_OF, "--out", "函")
    result = creditbook_gbk(*args, cwd=tmp_path)
    out, err = decoded(result)
    assert result.returncode == 0, err
    assert "…" not in out and "?" not in out + err
    assert "样稿 DRAFT" in err  # no creditbook.toml here: the draft warning, in GBK too
    frame, _ = read_ledger(ledger)
    overdue = {r.customer_id: r.overdue for r in age(frame, DEMO_DATE, "abc").records()}
    numbers = LETTER_NO.findall(out)
    assert numbers == [f"华瑞财函〔2026〕{n:04d}号" for n in range(1, 20)]
    cells = row(out, "KH0026")
    assert cells[1:] == [
        "泰州润达化工设备有限公司",
        "法律程序",
        format_money(overdue["KH0026"]),
        "华瑞财函〔2026〕0015号",
        "KH0026_最后催告函.docx",
    ]
    assert cells[3] == "1,357,087.77"
    assert "已生成 19 份催收函 written 19" in out


@pytest.mark.slow
def test_an_error_naming_a_hostile_customer_is_written_in_gbk(demo):
    folder, _ = demo
    hostile = HOSTILE_NAMES["markup"] + "\u202e🚀¥"
    result = creditbook_gbk("archive", "show", hostile, "--archive", "archive", cwd=folder)
    out, err = decoded(result)
    assert result.returncode == 1 and out == ""
    shown = "[/bold]南京[bold red]某[/]公司[link=http://evil.example]点我[/link]\\u202e?￥"
    assert err == f"档案中没有客户 {shown} 的记录\n"


def test_a_symbol_gbk_lacks_becomes_its_gbk_look_alike_and_anything_else_a_question_mark():
    text = "敞口 ¥1,000.00 ✓ 通过 ✗ 未过 — 客户🚀"
    assert encodable(text, "gbk") == "敞口 ￥1,000.00 √ 通过 × 未过 — 客户?"
    assert encodable(text, "cp936") == encodable(text, "gbk")
    assert encodable("¥1,000.00 ✓", "cp1252") == "¥1,000.00 ?"  # cp1252 has ¥, not √
    assert encodable("¥", "ascii") == "?"
    assert "¥ ✓".encode("utf-8", ERRORS) == "¥ ✓".encode()


def test_a_console_writing_to_a_file_is_widened_unless_columns_is_set(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    log = Console(file=io.StringIO(), force_terminal=False)
    terminal = Console(file=io.StringIO(), force_terminal=True, width=60)
    widen_for_logs(log, terminal)
    assert (log.width, terminal.width) == (LOG_WIDTH, 60)
    monkeypatch.setenv("COLUMNS", "120")
    chosen = Console(file=io.StringIO(), force_terminal=False)
    widen_for_logs(chosen)
    assert chosen.width == 120


def _column(rendered: str, index: int) -> str:
    """One column of a one-row table's body, its folded lines joined again."""
    body = rendered.split("┡", 1)[1].split("└", 1)[0].splitlines()[1:]
    return "".join(line.split("│")[index + 1].strip() for line in body)


def test_a_table_on_a_narrow_terminal_folds_a_letter_number_and_a_path_never_cuts_them():
    cells = (
        "鼎润财函〔2026〕0007号",
        "最后催告",
        "1,234,567.89",
        "文档/催收函/KH0007_最后催告函.docx",
    )
    for width in (60, 40):
        table = Table("函件编号", "阶段", "欠款 (元)", "文件")
        table.add_row(*cells)
        narrow = Console(file=io.StringIO(), force_terminal=True, width=width, color_system=None)
        narrow.print(table)
        rendered = narrow.file.getvalue()
        assert "…" not in rendered
        assert [_column(rendered, i) for i in range(4)] == list(cells)


@pytest.mark.slow
def test_the_letters_summary_on_a_60_column_terminal_keeps_every_figure(
    demo, tmp_path, monkeypatch
):
    folder, _ = demo
    narrow = Console(file=io.StringIO(), force_terminal=True, width=60, color_system=None)
    monkeypatch.setattr(documents_cli, "console", narrow)
    monkeypatch.chdir(tmp_path)
    args = ["letters", str(folder / LEDGER), "--register", str(folder / REGISTER)]
    args += ["--as-of", AS_OF, "--out", "函", "--customer", "KH0026"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    rendered = narrow.file.getvalue()
    assert "…" not in rendered
    assert max(len(line) for line in rendered.splitlines()) <= 60
    frame, _ = read_ledger(folder / LEDGER)
    (record,) = (r for r in age(frame, DEMO_DATE, "abc").records() if r.customer_id == "KH0026")
    assert [_column(rendered, i) for i in range(6)] == [
        "KH0026",
        "泰州润达化工设备有限公司",
        "法律程序",
        format_money(record.overdue),
        "华瑞财函〔2026〕0001号",
        "KH0026_最后催告函.docx",
    ]
