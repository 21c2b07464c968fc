"""`creditbook store init/migrate/status/export`, the store setting, and `archive` on it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from creditbook.archive import Archive
from creditbook.cli import app
from creditbook.documents.numbering import log_history
from creditbook.documents.store import open_store, store_url
from creditbook.documents.store.embedded import EmbeddedStore
from creditbook.documents.store.postgres import PostgresStore
from creditbook.settings import Settings, SettingsError, load_settings

runner = CliRunner()
WIDE = {"COLUMNS": "400"}


def test_migrate_keeps_every_hash_and_export_gives_the_folder_back(
    demo_copy: Path, cluster, tmp_path: Path
) -> None:
    url = cluster.new_database()
    init = runner.invoke(app, ["store", "init", url, "--roles"], env=WIDE)
    assert init.exit_code == 0, init.output
    assert (
        "角色 roles: creditbook_staff（经办人 staff: 只能查询和追加 SELECT/INSERT）" in init.output
    )
    local = Archive(demo_copy / "archive")
    head, entries = local.head(), local.entries()
    history = log_history(demo_copy / "发文登记簿.csv")
    assert len(entries) > 100 and len(history) > 18

    moved = runner.invoke(app, ["store", "migrate", "--to", url], env=WIDE)
    assert moved.exit_code == 0, moved.output
    files = {e.sha256 for e in entries if e.file}
    assert (
        f"发文登记簿 {len(history)} 行 rows; 信用档案 {len(entries)} 条 entries, "
        f"{len(files)} 个文件 documents"
    ) in moved.output
    assert f"校验通过 verified: 链头 head {head}" in moved.output

    store = PostgresStore(url)
    assert store.archive.head() == head
    assert store.archive.entries() == entries
    assert store.letters.history() == history
    counters = EmbeddedStore(demo_copy / "creditbook-letter-numbers.json", Path(), "").letters
    assert store.letters.counters() == counters.counters()
    one = next(e for e in entries if e.file)
    assert hashlib.sha256(store.archive.document(one.sha256)).hexdigest() == one.sha256

    again = runner.invoke(app, ["store", "migrate", "--to", url], env=WIDE)
    assert again.exit_code == 1
    assert "目标数据库已有数据，未迁移 the target already holds data" in again.output

    status = runner.invoke(app, ["store", "status"], env={"CREDITBOOK_STORE": url, **WIDE})
    assert status.exit_code == 0, status.output
    assert f"完好 intact: 链头 head {head}" in status.output

    out = tmp_path / "exported"
    exported = runner.invoke(
        app, ["store", "export", "--out", str(out)], env={"CREDITBOOK_STORE": url, **WIDE}
    )
    assert exported.exit_code == 0, exported.output
    back = Archive(out).verify()
    assert (back.ok, back.head, back.entries) == (True, head, len(entries))


def test_archive_commands_use_the_shared_store(
    demo_copy: Path, pg_url: str, tmp_path: Path
) -> None:
    before = Archive(demo_copy / "archive").head()
    source = tmp_path / "审批表.xlsx"
    source.write_bytes(b"approval form")
    env = {"CREDITBOOK_STORE": pg_url, **WIDE}
    added = runner.invoke(
        app, ["archive", "add", str(source), "--customer", "KH0001", "--kind", "approval"], env=env
    )
    assert added.exit_code == 0, added.output
    assert "已归档 filed #1: KH0001/审批表.xlsx（共享存储 shared store）" in added.output
    verified = runner.invoke(app, ["archive", "verify"], env=env)
    head = PostgresStore(pg_url).archive.head()
    assert f"档案完好 archive intact: 1 条记录，链头 head {head}" in verified.output
    # the folder archive of the demo is not touched
    assert Archive(demo_copy / "archive").head() == before


def test_a_password_in_the_settings_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "creditbook.toml"
    path.write_text('store = "postgresql://team:s3cret@db.example/credit"\n', encoding="utf-8")
    refused = r"设置文件中不能写密码 no password in creditbook\.toml — "
    with pytest.raises(SettingsError, match=refused):
        load_settings(path)
    path.write_text('store = "postgresql://team@db/credit?password=x"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="改用 pgpass 文件"):
        load_settings(path)
    path.write_text('store = "mysql://team@db/credit"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="只支持 PostgreSQL 地址"):
        load_settings(path)


def test_the_environment_wins_over_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(store="postgresql://team@db.example/credit?sslmode=verify-full")
    monkeypatch.delenv("CREDITBOOK_STORE", raising=False)
    assert store_url(settings) == "postgresql://team@db.example/credit?sslmode=verify-full"
    assert isinstance(open_store(Settings()), EmbeddedStore)
    monkeypatch.setenv("CREDITBOOK_STORE", "postgresql://other@host/db")
    assert store_url(settings) == "postgresql://other@host/db"
    store = open_store(settings)
    assert isinstance(store, PostgresStore)
    assert store.describe() == "PostgreSQL postgresql://other@host/db"


def test_status_names_the_embedded_files_when_no_store_is_set(demo_copy: Path) -> None:
    head = Archive(demo_copy / "archive").head()
    result = runner.invoke(app, ["store", "status"], env=WIDE)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("存储 store: 本机文件 embedded: ")
    counter = json.loads((demo_copy / "creditbook-letter-numbers.json").read_text("utf-8"))
    assert f"计数器 counter {counter['prefix']}〔2026〕: {counter['last']['2026']}" in lines
    assert lines[-1] == f"完好 intact: 链头 head {head}"
    (demo_copy / "archive" / "KH0001" / "stray.txt").parent.mkdir(exist_ok=True)
    (demo_copy / "archive" / "KH0001" / "stray.txt").write_text("x")
    broken = runner.invoke(app, ["store", "status"], env=WIDE)
    assert broken.exit_code == 1
    assert "KH0001/stray.txt: 未登记的文件 (file not in the log)" in broken.output
