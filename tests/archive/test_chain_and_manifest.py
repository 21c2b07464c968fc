"""The archive's hash chain binds each entry to the one before; the audit manifest tells,
per file, whether the exported copy matches the log (一致) or not (不一致或缺失)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from dataclasses import replace
from decimal import Decimal

import pytest

from creditbook.archive import Archive
from creditbook.archive.entry import GENESIS


@pytest.fixture
def archive(tmp_path):
    store = Archive(tmp_path / "archive")
    report = tmp_path / "信用评估报告-KH0001.docx"
    report.write_bytes(b"report v1")
    letter = tmp_path / "催款函-KH0001.docx"
    letter.write_bytes(b"letter v1")
    store.file("KH0001", report, "evaluation", by="赵建国", grade="A", limit=Decimal("800000"))
    store.file("KH0001", letter, "letter", by="李娜", stage="催款", amount=Decimal("35000.00"))
    store.record("KH0001", "warning", by="李娜", note="逾期超过信用期限 50%")
    return store


def _rewrite(store: Archive, seq: int, **columns: object) -> None:
    """What someone holding the database file could do once the guards are dropped."""
    with sqlite3.connect(store.log_path) as connection:
        connection.execute("DROP TRIGGER IF EXISTS entries_no_update")
        sets = ", ".join(f"{name} = ?" for name in columns)
        connection.execute(f"UPDATE entries SET {sets} WHERE seq = ?", (*columns.values(), seq))
        connection.execute(
            "CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries "
            "BEGIN SELECT RAISE(ABORT, 'append-only'); END"
        )


def test_each_hash_is_sha256_of_the_previous_hash_and_the_entry_json(archive):
    entries = archive.entries()
    previous = GENESIS
    for entry in entries:
        body = {
            "seq": entry.seq,
            "recorded_at": entry.recorded_at,
            "recorded_by": entry.recorded_by,
            "customer_id": entry.customer_id,
            "kind": entry.kind,
            "file": entry.file,
            "sha256": entry.sha256,
            "facts": entry.facts,
            "prev_hash": previous,
        }
        text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        assert entry.prev_hash == previous
        assert entry.hash == hashlib.sha256((previous + text).encode("utf-8")).hexdigest()
        previous = entry.hash
    assert archive.verify().head == previous


def test_an_edited_entry_rehashed_and_relinked_is_still_caught_by_the_next(archive):
    second = archive.entries()[1]
    forged = replace(second, facts={**second.facts, "amount": "3500.00"})
    forged = replace(forged, hash=forged.computed_hash())
    _rewrite(archive, 2, facts=json.dumps(forged.facts, ensure_ascii=False), hash=forged.hash)
    _rewrite(archive, 3, prev_hash=forged.hash)  # relinked, but its own hash left alone
    problems = [str(p) for p in archive.verify().problems]
    assert problems == ["第 3 条: 记录内容被改动 (entry altered)"]


def test_an_edited_entry_rehashed_but_not_relinked_breaks_the_chain(archive):
    second = archive.entries()[1]
    forged = replace(second, recorded_by="王五")
    _rewrite(archive, 2, recorded_by="王五", hash=forged.computed_hash())
    problems = [str(p) for p in archive.verify().problems]
    assert problems == ["第 3 条: 哈希链断裂 (chain broken: prev_hash)"]


def _manifest(out):
    data = (out / "档案清单.csv").read_bytes()
    return data, list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_manifest_says_一致_for_each_intact_file_and_starts_with_a_bom(archive, tmp_path):
    out = tmp_path / "审计"
    archive.export("KH0001", out)
    data, rows = _manifest(out)
    assert data.startswith(b"\xef\xbb\xbf\xe5\xba\x8f\xe5\x8f\xb7,")  # BOM + 序号,
    assert rows[0][:7] == ["序号", "时间", "经办人", "类型", "文件", "SHA-256", "文件校验"]
    assert [row[6] for row in rows[1:]] == ["一致", "一致", ""]
    assert [row[3] for row in rows[1:]] == ["信用评估", "催收函", "预警"]
    assert [row[4] for row in rows[1:]] == ["信用评估报告-KH0001.docx", "催款函-KH0001.docx", ""]
    assert rows[1][5] == hashlib.sha256(b"report v1").hexdigest()
    facts = dict(zip(rows[0][7:], rows[2][7:], strict=True))
    assert (facts["催收阶段"], facts["金额"], facts["等级"]) == ("催款", "35000.00", "")


def test_the_manifest_says_不一致_for_a_file_changed_after_it_was_logged(archive, tmp_path):
    (archive.root / "KH0001" / "催款函-KH0001.docx").write_bytes(b"letter v2")
    out = tmp_path / "审计"
    archive.export("KH0001", out)
    _, rows = _manifest(out)
    assert [row[6] for row in rows[1:]] == ["一致", "不一致或缺失", ""]
    assert (out / "催款函-KH0001.docx").read_bytes() == b"letter v2"


def test_the_manifest_says_不一致_for_a_file_missing_from_the_archive(archive, tmp_path):
    (archive.root / "KH0001" / "信用评估报告-KH0001.docx").unlink()
    out = tmp_path / "审计"
    written = archive.export("KH0001", out)
    _, rows = _manifest(out)
    assert [row[6] for row in rows[1:]] == ["不一致或缺失", "一致", ""]
    assert {p.name for p in written} == {"催款函-KH0001.docx", "档案清单.csv", "档案日志.json"}


def test_the_exported_log_is_the_customers_entries_as_json(archive, tmp_path):
    archive.record("KH0002", "warning", by="李娜", note="重大诉讼")
    out = tmp_path / "审计"
    archive.export("KH0001", out)
    log = json.loads((out / "档案日志.json").read_text(encoding="utf-8"))
    assert [(e["seq"], e["kind"]) for e in log] == [
        (1, "evaluation"),
        (2, "letter"),
        (3, "warning"),
    ]
    assert log[0]["facts"] == {"grade": "A", "limit": "800000"}
