"""The archive notices everything: planted files, symlinks, forged paths, rewrites, damage,
rollback; and it never changes the permissions of folders it did not create."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
import stat

import pytest

from creditbook.archive import Archive, ArchiveEntry, ArchiveError
from creditbook.files import OutputExists


@pytest.fixture
def archive(tmp_path):
    store = Archive(tmp_path / "archive")
    for number, name in enumerate(("信用评估报告-KH0001.docx", "付款提醒函-KH0001.docx"), 1):
        source = tmp_path / name
        source.write_bytes(f"document {number}".encode())
        store.file("KH0001", source, "letter" if number == 2 else "evaluation", by="李娜")
    return store


def _problems(store: Archive, **options) -> list[str]:
    return [str(p) for p in store.verify(**options).problems]


def _insert(store: Archive, entry: ArchiveEntry, drop_guard: bool = True, verb: str = "INSERT"):
    with sqlite3.connect(store.log_path) as connection:
        if drop_guard:
            connection.execute("DROP TRIGGER entries_append_only")
        connection.execute(
            f"{verb} INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.seq, entry.recorded_at, entry.recorded_by, entry.customer_id, entry.kind,
             entry.file, entry.sha256, json.dumps(entry.facts), entry.prev_hash, entry.hash),
        )  # fmt: skip


def _forged(store: Archive, **changes) -> ArchiveEntry:
    last = store.entries()[-1]
    draft = dataclasses.replace(last, seq=last.seq + 1, prev_hash=last.hash, **changes)
    return dataclasses.replace(draft, hash=draft.computed_hash())


def test_files_planted_anywhere_in_the_tree_are_reported(archive):
    (archive.root / "KH0001" / "补充").mkdir()
    (archive.root / "KH0001" / "补充" / "情况说明.pdf").write_bytes(b"%PDF")
    (archive.root / "说明.txt").write_text("planted", encoding="utf-8")
    assert _problems(archive) == [
        "KH0001/补充/情况说明.pdf: 未登记的文件 (file not in the log)",
        "说明.txt: 未登记的文件 (file not in the log)",
    ]


def test_symlinks_are_refused_not_followed(archive, tmp_path):
    (tmp_path / "外部").mkdir()
    (archive.root / "KH0001" / "链接.docx").symlink_to(tmp_path / "信用评估报告-KH0001.docx")
    (archive.root / "KH0002").symlink_to(tmp_path / "外部", target_is_directory=True)
    assert _problems(archive) == [
        "KH0001/链接.docx: 符号链接，已拒绝 (symlink refused)",
        "KH0002: 符号链接，已拒绝 (symlink refused)",
    ]


def test_a_forged_entry_pointing_outside_the_archive_is_reported_and_never_exported(
    archive, tmp_path
):
    secret = tmp_path / "hostname"
    secret.write_text("secret-host", encoding="utf-8")
    forged = _forged(archive, file="../../hostname", sha256="0" * 64)
    _insert(archive, forged)
    assert "第 3 条 ../../hostname: 路径在档案目录之外 (path outside the archive)" in _problems(
        archive
    )
    out = tmp_path / "审计"
    written = archive.export("KH0001", out)
    assert "hostname" not in [p.name for p in written]
    listing = (out / "档案清单.csv").read_text(encoding="utf-8-sig").splitlines()
    assert listing[3].split(",")[4:7] == ["hostname", "0" * 64, "不一致或缺失"]


def test_insert_or_replace_and_an_out_of_order_insert_are_blocked(archive):
    first = archive.entries()[0]
    rewritten = dataclasses.replace(first, recorded_by="王五")
    with pytest.raises(sqlite3.IntegrityError, match="只能在末尾追加"):
        _insert(archive, rewritten, drop_guard=False, verb="INSERT OR REPLACE")
    wrong_parent = dataclasses.replace(_forged(archive), prev_hash="f" * 64)
    with pytest.raises(sqlite3.IntegrityError, match="append at the end only"):
        _insert(archive, wrong_parent, drop_guard=False)
    assert [e.recorded_by for e in archive.entries()] == ["李娜", "李娜"]
    assert archive.verify().ok


def test_a_removed_insert_guard_is_reported(archive):
    _insert(archive, _forged(archive, file=None, sha256=None))
    assert (
        "追加保护触发器缺失 (trigger entries_append_only removed, or the log predates it: "
        "`archive add` installs it)"
    ) in _problems(archive)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:1000], id="truncated"),
        pytest.param(lambda data: bytes(range(256)) * 16, id="random"),
        pytest.param(lambda data: b"", id="emptied"),
    ],
)
def test_a_damaged_log_is_a_clear_error_and_add_never_restarts_the_chain(archive, tmp_path, damage):
    archive.log_path.write_bytes(damage(archive.log_path.read_bytes()))
    with pytest.raises(ArchiveError, match="请从备份恢复 restore it from a backup"):
        archive.verify()
    letter = tmp_path / "催款函-KH0001.docx"
    letter.write_bytes(b"new letter")
    with pytest.raises(ArchiveError, match="restore it from a backup"):
        archive.file("KH0001", letter, "letter")
    assert not (archive.root / "KH0001" / "催款函-KH0001.docx").exists()


def test_expect_head_detects_a_deleted_last_entry_and_a_rolled_back_log(archive, tmp_path):
    head = archive.verify().head
    backup = tmp_path / "old-log.sqlite3"
    shutil.copyfile(archive.log_path, backup)
    archive.record("KH0001", "warning", note="逾期超过信用期限 50%")
    newer = archive.verify().head
    assert archive.verify(expect_head=head).ok  # only appended since: fine
    shutil.copyfile(backup, archive.log_path)  # rolled back to the older copy
    assert archive.verify().ok  # without the recorded head the rollback is invisible
    assert _problems(archive, expect_head=newer) == [
        f"记录的链头 {newer[:16]}… 不在日志中 (expected head not in the log: entries removed "
        "or the log rolled back to an older copy)"
    ]


def test_the_cli_checks_a_recorded_head(archive):
    from typer.testing import CliRunner

    from creditbook.cli import app

    base = ["archive", "verify", "--archive", str(archive.root)]
    head = archive.verify().head
    runner = CliRunner()
    assert runner.invoke(app, [*base, "--expect-head", head]).exit_code == 0
    result = runner.invoke(app, [*base, "--expect-head", "ab" * 32], env={"COLUMNS": "300"})
    assert result.exit_code == 1 and "不在日志中 (expected head not in the log" in result.output


def test_an_existing_shared_folder_keeps_its_permissions(tmp_path):
    shared = tmp_path / "共享档案"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    source = tmp_path / "报告.docx"
    source.write_bytes(b"report")
    store = Archive(shared)
    store.file("KH0001", source, "document")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "KH0001").stat().st_mode) == 0o700  # created by the archive
    out = tmp_path / "审计"
    out.mkdir(mode=0o755)
    out.chmod(0o755)
    (out / "旧文件.txt").write_text("old", encoding="utf-8")
    with pytest.raises(OutputExists):
        store.export("KH0001", out)
    store.export("KH0001", out, force=True)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755


def test_a_log_made_before_the_insert_guard_gets_it_on_the_next_add(archive, tmp_path):
    with sqlite3.connect(archive.log_path) as connection:
        connection.execute("DROP TRIGGER entries_append_only")  # as an older version left it
    assert len(archive.verify().problems) == 1
    archive.record("KH0001", "warning", note="逾期")
    assert archive.verify().ok


def _emptied_message(store: Archive) -> str:
    return (
        f"{store.log_path}: 信用档案日志为空或缺少记录表，但档案中已有文件 (log emptied "
        "or truncated while the archive holds files); 拒绝从第 1 条重新开始 — "
        "请从备份恢复 restore it from a backup"
    )


def test_an_emptied_log_is_named_as_emptied_not_as_damaged(archive):
    archive.log_path.write_bytes(b"")
    with pytest.raises(ArchiveError) as error:
        archive.verify()
    assert str(error.value) == _emptied_message(archive)


def test_a_log_swapped_for_a_fresh_empty_one_is_refused_while_customer_folders_exist(archive):
    from creditbook.archive.store import _SCHEMA

    archive.log_path.unlink()
    with sqlite3.connect(archive.log_path) as connection:
        connection.executescript(_SCHEMA)
    with pytest.raises(ArchiveError) as error:
        archive.record("KH0001", "warning", note="逾期")
    assert str(error.value) == _emptied_message(archive)


def test_an_empty_log_beside_loose_files_but_no_customer_folder_starts_the_archive(tmp_path):
    from creditbook.archive.store import _SCHEMA

    root = tmp_path / "archive"
    root.mkdir()
    (root / "说明.txt").write_text("信用档案", encoding="utf-8")
    store = Archive(root)
    with sqlite3.connect(store.log_path) as connection:
        connection.executescript(_SCHEMA)
    store.record("KH0001", "warning", by="李娜", note="逾期")
    assert [(e.customer_id, e.kind) for e in store.entries()] == [("KH0001", "warning")]


def test_a_customer_folder_swapped_for_a_symlink_to_a_copy_is_outside_the_archive(
    archive, tmp_path
):
    copy = tmp_path / "别处"
    shutil.copytree(archive.root / "KH0001", copy)
    shutil.rmtree(archive.root / "KH0001")
    (archive.root / "KH0001").symlink_to(copy, target_is_directory=True)
    outside = "路径在档案目录之外 (path outside the archive)"
    assert _problems(archive) == [
        f"第 1 条 KH0001/信用评估报告-KH0001.docx: {outside}",
        f"第 2 条 KH0001/付款提醒函-KH0001.docx: {outside}",
        "KH0001: 符号链接，已拒绝 (symlink refused)",
    ]


def test_filing_into_a_customer_folder_that_is_a_symlink_is_refused(archive, tmp_path):
    outside = tmp_path / "外部"
    outside.mkdir()
    (archive.root / "KH0003").symlink_to(outside, target_is_directory=True)
    document = tmp_path / "函.docx"
    document.write_bytes(b"letter")
    with pytest.raises(ArchiveError) as error:
        archive.file("KH0003", document, "letter")
    folder = archive.root / "KH0003"
    assert str(error.value) == f"{folder}: 客户目录是符号链接 customer folder is a symlink"
    assert list(outside.iterdir()) == []
