"""`creditbook demo --store URL` (or CREDITBOOK_STORE) numbers, logs and files on the shared
store with the same output as the embedded demo, and `letter-log check` checks either."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from creditbook.archive import Archive
from creditbook.cli import app
from creditbook.documents.numbering import log_history, read_log
from creditbook.documents.store.postgres import PostgresStore

WIDE = {"COLUMNS": "400"}

runner = CliRunner()
FOLDERS = ("文档/催收函", "文档/信用调整通知书")


def _shown(url: str) -> str:
    return PostgresStore(url).db.shown


def _same_lines(output: str, out: Path) -> list[str]:
    """The demo's lines with its folder named OUT and the time it took left out."""
    lines = output.replace(str(out), "OUT").splitlines()
    return [line.rstrip() for line in lines if not line.startswith(("用时 ", "信用档案 archive:"))]


@pytest.fixture(scope="module")
def pg_demo(cluster, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The demo run on an empty shared store: its folder, its URL and what it printed."""
    url = cluster.new_database()
    PostgresStore(url).init()
    out = tmp_path_factory.mktemp("pg-demo") / "demo"
    env = {**WIDE, "CREDITBOOK_STORE": ""}
    result = runner.invoke(app, ["demo", "--out", str(out), "--no-pdf", "--store", url], env=env)
    assert result.exit_code == 0, result.output
    return out, url, result.output


def test_the_demo_on_the_shared_store_prints_what_the_embedded_demo_prints(
    pg_demo, demo_run
) -> None:
    out, url, output = pg_demo
    embedded, embedded_output = demo_run
    assert _same_lines(output, out) == _same_lines(embedded_output, embedded)
    entries = Archive(embedded / "archive").entries()
    assert (
        f"信用档案 archive: PostgreSQL {_shown(url)} — {len(entries)} 条记录, 完好 intact"
    ) in output.splitlines()
    assert f"信用档案 archive: {embedded / 'archive'} — {len(entries)} 条记录, 完好 intact" in (
        embedded_output.splitlines()
    )


def test_the_demo_numbers_logs_and_files_only_on_the_shared_store(pg_demo, demo) -> None:
    out, url, _output = pg_demo
    store = PostgresStore(url)
    local_log = log_history(demo / "发文登记簿.csv")
    assert [(e.number, e.customer_id, e.status) for e in store.letters.history()] == [
        (e.number, e.customer_id, e.status) for e in local_log
    ]
    prefix = re.match(r"(.*)〔", local_log[0].number).group(1)  # type: ignore[union-attr]
    assert store.letters.counters() == {(prefix, 2026): len(read_log(demo / "发文登记簿.csv"))}
    filed = [(e.customer_id, e.kind, e.file) for e in store.archive.entries()]
    assert filed == [(e.customer_id, e.kind, e.file) for e in Archive(demo / "archive").entries()]
    assert store.archive.verify().ok
    left = {p.name for p in out.iterdir()}
    assert {"archive", "发文登记簿.csv", "creditbook-letter-numbers.json"} & left == set()


def test_letter_log_check_gives_the_same_answer_on_either_store(pg_demo, demo_copy) -> None:
    out, url, _output = pg_demo
    shared = runner.invoke(
        app, ["letter-log", "check", *(str(out / f) for f in FOLDERS)],
        env={**WIDE, "CREDITBOOK_STORE": url},
    )  # fmt: skip
    local = runner.invoke(app, ["letter-log", "check", *FOLDERS], env=WIDE)
    assert (shared.exit_code, local.exit_code) == (0, 0)
    numbers = len(read_log(demo_copy / "发文登记簿.csv"))
    documents = sum(len(list((out / f).glob("*.docx"))) for f in FOLDERS)
    assert numbers == documents == 42
    counted = f"{numbers} 个编号 numbers, {documents} 份文书 documents\n"
    assert shared.stdout == f"一致 consistent: {_shown(url)} {counted}"
    assert local.stdout == f"一致 consistent: {demo_copy / '发文登记簿.csv'} {counted}"


def test_the_demo_refuses_a_store_that_holds_data(pg_demo, tmp_path: Path) -> None:
    _out, url, _output = pg_demo
    out = tmp_path / "again"
    result = runner.invoke(app, ["demo", "--out", str(out)], env={**WIDE, "CREDITBOOK_STORE": url})
    assert result.exit_code == 1
    assert (
        f"错误 error: {_shown(url)}: 演示只能用空的共享存储 the demo needs an empty store "
        "(已有 holds letter_counter 1，letter_log 84，archive_entries 133，documents 51)"
    ) in result.output
    assert not out.exists()  # refused before the folder was made


def test_a_store_option_other_than_the_environment_is_refused(tmp_path: Path) -> None:
    env = {**WIDE, "CREDITBOOK_STORE": "postgresql://team@db/credit"}
    result = runner.invoke(
        app, ["demo", "--out", str(tmp_path / "d"), "--store", "postgresql://other@db/x"], env=env
    )
    assert result.exit_code == 2
    assert "与环境变量 CREDITBOOK_STORE 不同 differs from CREDITBOOK_STORE" in result.output
    assert not (tmp_path / "d").exists()


def test_letter_log_check_on_the_shared_store_finds_a_changed_letter_and_row(
    pg_demo, cluster
) -> None:
    """Last of the module: it changes the demo's letter and log row, and puts both back."""
    _out, url, _output = pg_demo
    entry = next(e for e in PostgresStore(url).letters.latest() if e.document == "催款函")
    letter = Path(entry.file)
    folder, kept = letter.parent, letter.read_bytes()
    env = {**WIDE, "CREDITBOOK_STORE": url}
    database = url.split("@/")[1].split("?")[0]
    admin_edit = (
        "ALTER TABLE creditbook.letter_log DISABLE TRIGGER letter_log_no_change;"
        "UPDATE creditbook.letter_log SET customer_name = {} WHERE id = 2;"
        "ALTER TABLE creditbook.letter_log ENABLE TRIGGER letter_log_no_change;"
    )
    letter.write_bytes(b"not the letter that was logged")
    try:
        result = runner.invoke(app, ["letter-log", "check", str(folder)], env=env)
        assert result.exit_code == 1
        assert result.stdout.splitlines() == [
            f"✗ 文件已改动 file changed: {entry.number} {entry.file} — SHA-256 与登记不符",
            f"✗ 无法读取 unreadable: {entry.file} — 不是 Word 文件",
        ]
        assert result.stderr == "不一致 inconsistent: 2 个问题 problems\n"
        cluster.sql(admin_edit.format("customer_name || '改'"), database)
        try:
            result = runner.invoke(app, ["letter-log", "check", str(folder)], env=env)
        finally:
            cluster.sql(admin_edit.format("left(customer_name, -1)"), database)
        assert result.exit_code == 1
        assert result.stdout.splitlines()[0] == (
            f"✗ 登记簿被改动 log altered: {_shown(url)} — 发文登记簿第 2 行: "
            "记录内容被改动 (row altered)"
        )
        assert result.stderr == "不一致 inconsistent: 3 个问题 problems\n"
    finally:
        letter.write_bytes(kept)
    assert runner.invoke(app, ["letter-log", "check", str(folder)], env=env).exit_code == 0
