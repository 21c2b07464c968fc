"""The credit archive files documents owner-only and notices any change to files or log."""

from __future__ import annotations

import sqlite3
import stat
from decimal import Decimal

import pytest

from creditbook.archive import Archive, ArchiveError, customer_history
from creditbook.files import OutputExists


@pytest.fixture
def archive(tmp_path):
    letter = tmp_path / "付款提醒函-KH0001.docx"
    letter.write_bytes(b"letter one")
    report = tmp_path / "信用评估报告-KH0001.docx"
    report.write_bytes(b"report")
    store = Archive(tmp_path / "archive")
    store.file(
        "KH0001",
        report,
        "evaluation",
        by="赵建国",
        score=86.5,
        grade="A",
        limit=Decimal("1200000.00"),
        term_days=60,
        policy="abc",
        policy_version="2026.1",
    )
    store.file(
        "KH0001",
        letter,
        "letter",
        by="李娜",
        letter_no="鼎润财函〔2026〕001号",
        stage="付款提醒",
        amount=Decimal("35000.00"),
    )
    store.record("KH0002", "warning", by="李娜", note="逾期超过信用期限 50%")
    return store


def _forge(store: Archive, sql: str) -> None:
    """What someone with the database file could do: drop the guard and rewrite rows."""
    with sqlite3.connect(store.log_path) as connection:
        connection.execute("DROP TRIGGER entries_no_update")
        connection.execute("DROP TRIGGER entries_no_delete")
        connection.execute(sql)


def test_filed_documents_sit_in_the_customer_folder_with_their_facts(archive):
    entries = archive.entries("KH0001")
    assert [e.file for e in entries] == [
        "KH0001/信用评估报告-KH0001.docx",
        "KH0001/付款提醒函-KH0001.docx",
    ]
    assert entries[0].facts["grade"] == "A" and entries[0].facts["limit"] == "1200000.00"
    assert entries[1].recorded_by == "李娜"
    assert (archive.root / entries[1].file).read_bytes() == b"letter one"


def test_an_intact_archive_verifies(archive):
    result = archive.verify()
    assert result.ok and result.entries == 3
    assert result.head == archive.entries()[-1].hash


def test_archive_folders_and_files_are_owner_only(archive):
    for path in (
        archive.root,
        archive.root / "KH0001",
        archive.log_path,
        archive.root / "KH0001" / "付款提醒函-KH0001.docx",
    ):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_the_log_refuses_update_and_delete(archive):
    with sqlite3.connect(archive.log_path) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("UPDATE entries SET recorded_by = 'x' WHERE seq = 1")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("DELETE FROM entries WHERE seq = 3")


def test_a_tampered_file_is_detected(archive):
    (archive.root / "KH0001" / "付款提醒函-KH0001.docx").write_bytes(b"letter two")
    problems = [str(p) for p in archive.verify().problems]
    assert problems == ["第 2 条 KH0001/付款提醒函-KH0001.docx: 文件已被改动 (file changed)"]


def test_a_deleted_file_is_detected(archive):
    (archive.root / "KH0001" / "信用评估报告-KH0001.docx").unlink()
    problems = [str(p) for p in archive.verify().problems]
    assert problems == ["第 1 条 KH0001/信用评估报告-KH0001.docx: 文件缺失 (file missing)"]


def test_a_forged_row_breaks_the_chain_and_the_missing_guard_is_reported(archive):
    _forge(archive, 'UPDATE entries SET facts = \'{"grade":"B"}\' WHERE seq = 1')
    problems = [str(p) for p in archive.verify().problems]
    assert "第 1 条: 记录内容被改动 (entry altered)" in problems
    assert any("entries_no_update" in p for p in problems)


def test_a_deleted_row_is_detected(archive):
    _forge(archive, "DELETE FROM entries WHERE seq = 2")
    problems = [str(p) for p in archive.verify().problems]
    assert "缺少第 2–2 条记录 (entries deleted)" in problems
    assert "第 3 条: 哈希链断裂 (chain broken: prev_hash)" in problems
    assert "KH0001/付款提醒函-KH0001.docx: 未登记的文件 (file not in the log)" in problems


def test_an_unlogged_file_dropped_into_a_folder_is_reported(archive):
    (archive.root / "KH0001" / "补充资料.pdf").write_bytes(b"%PDF")
    assert [p.file for p in archive.verify().problems] == ["KH0001/补充资料.pdf"]


def test_a_second_document_of_the_same_name_is_kept_beside_the_first(archive, tmp_path):
    again = tmp_path / "付款提醒函-KH0001.docx"
    again.write_bytes(b"letter again")
    entry = archive.file("KH0001", again, "letter", by="李娜")
    assert entry.file == "KH0001/付款提醒函-KH0001-2.docx"
    assert archive.verify().ok


def test_unknown_kinds_facts_and_unsafe_customer_ids_are_refused(archive, tmp_path):
    with pytest.raises(ArchiveError, match="unknown kind"):
        archive.record("KH0001", "memo")
    with pytest.raises(ArchiveError, match="unknown fact"):
        archive.record("KH0001", "warning", colour="red")
    with pytest.raises(ArchiveError, match="目录名"):
        archive.record("../etc", "warning")
    assert len(archive.entries()) == 3


def test_history_separates_grades_letters_and_warnings(archive):
    history = customer_history(archive.entries(), "KH0001")
    assert [e.facts["grade"] for e in history.ratings] == ["A"]
    assert [e.facts["letter_no"] for e in history.letters] == ["鼎润财函〔2026〕001号"]
    assert customer_history(archive.entries(), "KH0002").warnings[0].facts["note"]


def test_export_gathers_files_manifest_and_log_and_keeps_an_existing_folder(archive, tmp_path):
    out = tmp_path / "审计" / "KH0001"
    written = archive.export("KH0001", out)
    names = sorted(p.name for p in written)
    assert names == sorted(
        ["信用评估报告-KH0001.docx", "付款提醒函-KH0001.docx", "档案清单.csv", "档案日志.json"]
    )
    manifest = (out / "档案清单.csv").read_text(encoding="utf-8-sig")
    assert "鼎润财函〔2026〕001号" in manifest and "一致" in manifest
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    with pytest.raises(OutputExists):
        archive.export("KH0001", out)
    archive.export("KH0001", out, force=True)


def test_a_missing_archive_is_named(tmp_path):
    with pytest.raises(ArchiveError, match="no archive log"):
        Archive(tmp_path / "nowhere").entries()


def test_the_head_is_the_last_entrys_hash_and_moves_with_each_entry(archive):
    before = archive.head()
    assert before == archive.entries()[-1].hash and len(before) == 64
    archive.record("KH0003", "warning", by="李娜", note="额度使用率 95%")
    after = archive.head()
    assert after == archive.entries()[-1].hash != before
    assert archive.verify(expect_head=before).ok  # an earlier head is still in the chain
