"""Letter numbers and the 发文登记簿 hold when a user restores the counter, deletes it, edits
it, re-saves the log in Excel, kills a run half-way, or types an absurd amount: numbers are
never reused, no earlier row is lost, and every failure is a message."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner
from user_files import real_settings, write_ledger

import creditbook
from creditbook.cli import app
from creditbook.documents.logcheck import NOT_GENERATED_NOTE, RECOVERED_NOTE
from creditbook.documents.numbering import GENERATED, log_history, read_log

runner = CliRunner()
AS_OF = dt.date(2026, 11, 30)
COUNTER = "creditbook-letter-numbers.json"
LOG = "发文登记簿.csv"


def _no(n: int) -> str:
    return f"恒达财函〔2026〕{n:04d}号"


def _ledger(path: Path, customers: int) -> Path:
    rows = [
        [f"KH{i:04d}", f"苏州客户{i}有限公司", f"XS-{i}", dt.date(2026, 8, 15),
         dt.date(2026, 10, 1), 10000 + i, 0, None]
        for i in range(1, customers + 1)
    ]  # fmt: skip
    return write_ledger(path, rows, AS_OF)


@pytest.fixture
def company(tmp_path) -> dict[str, Path]:
    return {"ledger": _ledger(tmp_path / "台账.xlsx", 3), "config": real_settings(tmp_path)}


def _run(*args: object):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "400"})


def _letters(company: dict[str, Path], out: Path, *more: object):
    return _run(
        "letters", company["ledger"], "--as-of", AS_OF, "--out", out,
        "--config", company["config"], *more,
    )  # fmt: skip


def _numbers(out: Path) -> list[str]:
    manifest = json.loads((out / "催收函-清单.json").read_text(encoding="utf-8"))
    return [row["number"] for row in manifest]


def _flat(text: str) -> str:
    """Text without its whitespace: the console wraps long messages at spaces."""
    return "".join(text.split())


def _behind(counter: Path, shown: str, logged: int) -> str:
    return (
        f"注意 notice {counter}: 函件编号计数器落后于发文登记簿 the counter is behind the "
        f"letter log (2026 年计数器 counter {shown}，登记簿已用到 log has {logged}); "
        f"已修正，从 {logged + 1} 续编 repaired, continuing from {logged + 1}"
    )


def test_a_counter_restored_from_a_backup_or_deleted_never_reissues_a_number(company, tmp_path):
    counter, log = tmp_path / COUNTER, tmp_path / LOG
    first = _letters(company, tmp_path / "十一月")
    assert first.exit_code == 0, first.output
    assert _numbers(tmp_path / "十一月") == [_no(1), _no(2), _no(3)]
    backup = counter.read_bytes()
    rows = log.read_bytes()
    _letters(company, tmp_path / "补发")  # 0004–0006
    counter.write_bytes(backup)  # restored from last week's backup
    restored = _letters(company, tmp_path / "恢复后")
    assert restored.exit_code == 0, restored.output
    assert _behind(counter, "3", 6) in restored.stderr
    assert _numbers(tmp_path / "恢复后") == [_no(7), _no(8), _no(9)]
    counter.unlink()
    deleted = _letters(company, tmp_path / "删除后")
    assert _behind(counter, "无 none", 9) in deleted.stderr
    assert _numbers(tmp_path / "删除后") == [_no(10), _no(11), _no(12)]
    assert log.read_bytes().startswith(rows)  # the first letters' rows are still there
    assert [(e.number, e.status) for e in read_log(log)] == [(_no(n), "已发") for n in range(1, 13)]
    assert json.loads(counter.read_text(encoding="utf-8"))["last"] == {"2026": 12}


@pytest.mark.parametrize("value", ["-5", "2.9", "true", '"7"'])
def test_a_counter_that_cannot_be_trusted_stops_the_run_with_the_fix(company, tmp_path, value):
    counter = tmp_path / COUNTER
    counter.write_text(f'{{"last": {{"2026": {value}}}}}', encoding="utf-8")
    result = _letters(company, tmp_path / "out")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    message = (
        f"错误 error: {counter}: 函件编号计数器不可信 letter-number counter cannot be trusted: "
        f'"2026": {value}（须为四位年份和不小于 0 的整数 must be a year and a whole number ≥ 0）;'
        " 请从备份恢复该文件，或删除它（编号将从发文登记簿中最大的编号之后继续） restore it "
        "from backup, or delete it and numbering continues after the highest number in the "
        "letter log"
    )
    assert _flat(result.stderr).endswith(_flat(message))
    assert not (tmp_path / LOG).exists() and not list((tmp_path / "out").glob("*.docx"))


def test_no_run_removes_or_alters_an_earlier_row_of_the_log(company, tmp_path):
    log, out = tmp_path / LOG, tmp_path / "out"
    snapshots = []
    assert _letters(company, out).exit_code == 0
    snapshots.append(log.read_bytes())
    assert _letters(company, out, "--force").exit_code == 0  # replaces 0001–0003
    snapshots.append(log.read_bytes())
    voided = _run("letter-log", "--config", company["config"], "--void", _no(5), "--reason", "退回")
    assert voided.exit_code == 0, voided.output
    snapshots.append(log.read_bytes())
    assert _letters(company, tmp_path / "other").exit_code == 0
    snapshots.append(log.read_bytes())
    for older, newer in itertools.pairwise(snapshots):
        assert newer.startswith(older) and len(newer) > len(older)
    assert [(e.number[-5:], e.status, e.note) for e in read_log(log)] == [
        ("0001号", "作废", f"文件已被 {_no(4)} 覆盖，未寄出"),
        ("0002号", "作废", f"文件已被 {_no(5)} 覆盖，未寄出"),
        ("0003号", "作废", f"文件已被 {_no(6)} 覆盖，未寄出"),
        ("0004号", "已发", ""),
        ("0005号", "作废", "退回"),
        ("0006号", "已发", ""),
        ("0007号", "已发", ""), ("0008号", "已发", ""), ("0009号", "已发", ""),
    ]  # fmt: skip
    checked = _run("letter-log", "check", out, tmp_path / "other", "--config", company["config"])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == f"一致 consistent: {log} 9 个编号 numbers, 6 份文书 documents\n"


def test_a_log_re_saved_by_excel_in_gbk_is_read_and_kept(company, tmp_path):
    log = tmp_path / LOG
    assert _letters(company, tmp_path / "a").exit_code == 0
    text = log.read_bytes().decode("utf-8-sig").replace("2026-11-30", "2026/11/30")
    log.write_bytes(text.encode("gb18030"))  # Excel: 另存为 CSV
    again = _letters(company, tmp_path / "b")
    assert again.exit_code == 0, again.output
    assert log.read_bytes().startswith(text.encode("gb18030"))
    listed = _run("letter-log", "--config", company["config"])
    assert listed.exit_code == 0 and f"{log}: 6 条 entries" in listed.stdout


def test_letter_log_check_lists_each_disagreement_and_exits_1(company, tmp_path):
    out = tmp_path / "out"
    assert _letters(company, out).exit_code == 0
    files = {e.number: Path(e.file) for e in read_log(tmp_path / LOG)}
    files[_no(1)].unlink()
    files[_no(2)].write_bytes(files[_no(3)].read_bytes())
    (tmp_path / COUNTER).write_text('{"last": {"2026": 2}}', encoding="utf-8")
    result = _run("letter-log", "check", out, "--config", company["config"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"✗ 计数器落后 counter behind: 恒达财函〔2026〕 {tmp_path / COUNTER} — 计数器 counter 2 < "
        "登记簿 log 3",
        f"✗ 文件缺失 file missing: {_no(1)} {files[_no(1)]} — 已发",
        f"✗ 文件已改动 file changed: {_no(2)} {files[_no(2)]} — SHA-256 与登记不符",
    ]
    assert result.stderr == "不一致 inconsistent: 3 个问题 problems\n"


# ── a run killed half-way ──────────────────────────────────────────────────────────────


def _kill_after(company: dict[str, Path], out: Path, documents: int) -> int:
    """Start `creditbook letters` in its own process and kill it (SIGKILL / TerminateProcess)
    once ``documents`` letters are on disk; the number of letters on disk then."""
    src = str(Path(creditbook.__file__).resolve().parents[1])
    command = [
        sys.executable, "-m", "creditbook", "letters", str(company["ledger"]),
        "--as-of", str(AS_OF), "--out", str(out), "--config", str(company["config"]),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": src}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 300
    try:
        while len(list(out.glob("*.docx"))) < documents:
            assert process.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no letters appeared"
            time.sleep(0.002)
        process.kill()
    finally:
        process.kill()
        process.wait()
    return len(list(out.glob("*.docx")))


@pytest.mark.slow
@pytest.mark.parametrize("documents", [1, 150])
def test_a_run_killed_half_way_is_reconciled_with_the_letters_on_disk(tmp_path, documents):
    company = {"ledger": _ledger(tmp_path / "台账.xlsx", 300), "config": real_settings(tmp_path)}
    log, out = tmp_path / LOG, tmp_path / "out"
    on_disk = _kill_after(company, out, documents)
    assert documents <= on_disk < 300
    killed = log.read_bytes()
    assert {(e.status, e.note) for e in read_log(log)} == {
        ("作废", "编号已预留，文书未生成（运行中断）")
    }

    refused = _letters(company, out)  # the letters exist: refused, but the log is settled
    assert refused.exit_code == 1
    found = (
        f"错误 error: 发现上次中断的批次 an interrupted run was found：{on_disk} 份已生成"
        f"（未确认寄出）generated, not confirmed sent，{300 - on_disk} 个编号作废 numbers void；"
        "已记入发文登记簿 recorded in the letter log"
    )
    assert _flat(found + "文件已存在 files already exist: ") in _flat(refused.stderr)
    assert log.read_bytes().startswith(killed)
    states = read_log(log)
    generated = [e for e in states if e.status == GENERATED]
    assert len(generated) == on_disk and len(states) == 300
    for entry in generated:
        data = Path(entry.file).read_bytes()
        assert entry.sha256 == hashlib.sha256(data).hexdigest() and entry.note == RECOVERED_NOTE
    assert {e.note for e in states if e.status == "作废"} == {NOT_GENERATED_NOTE}
    assert sorted(Path(e.file).name for e in generated) == sorted(
        p.name for p in out.glob("*.docx")
    )
    checked = _run("letter-log", "check", out, "--config", company["config"])
    assert checked.exit_code == 0, checked.output

    recovered = log.read_bytes()
    again = _letters(company, out, "--force")
    assert again.exit_code == 0, again.output
    assert "发现上次中断的批次" not in again.output  # settled once, not again
    assert _numbers(out) == [_no(n) for n in range(301, 601)]
    assert log.read_bytes().startswith(recovered)
    history = log_history(log)
    assert len(history) == 300 + 300 + on_disk + 300 + 300  # reserved, settled, replaced, new
    rows: dict[str, list] = defaultdict(list)
    for entry in history:
        rows[entry.number].append(entry)
    assert sorted(rows) == [_no(n) for n in range(1, 601)]
    for entries in rows.values():
        assert len({e.customer_id for e in entries}) == 1  # a number is one letter, ever
        assert all(a != b for a, b in itertools.pairwise(entries))
        assert sum(e.status == "已发" for e in entries) <= 1
    replaced = {e.number for e in read_log(log) if e.note.startswith("文件已被")}
    assert replaced == {e.number for e in generated}
    checked = _run("letter-log", "check", out, "--config", company["config"])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == f"一致 consistent: {log} 600 个编号 numbers, 300 份文书 documents\n"


# ── absurd amounts typed as text ───────────────────────────────────────────────────────


def test_absurd_amounts_in_a_ledger_are_refused_naming_the_cell(tmp_path):
    ledger = _ledger(tmp_path / "台账.xlsx", 3)
    book = openpyxl.load_workbook(ledger)
    sheet = book.active
    sheet["F4"], sheet["F5"], sheet["G6"] = "1e308", "100000000000000000", 1e308
    book.save(ledger)
    result = _run("aging", ledger, "--as-of", AS_OF)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines[-5:] == [
        "无法读取输入 cannot read the input: 3 个问题 problem(s)",
        f'  {ledger.name} 应收账款台账!F4 金额: "1e308" is beyond ±10^13 元（金额超出范围 amount '
        "out of range）",
        f'  {ledger.name} 应收账款台账!F5 金额: "100000000000000000" is beyond ±10^13 '
        "元（金额超出范围 amount out of range）",
        f'  {ledger.name} 应收账款台账!G6 已收金额: "1E+308" is beyond ±10^13 元（金额超出范围 '
        "amount out of range）",
        "未写出任何文件 nothing was written.",
    ]
