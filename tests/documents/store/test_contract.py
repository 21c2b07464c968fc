"""The same contract for both stores: the embedded files of today and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from creditbook.archive import GENESIS, ArchiveError
from creditbook.documents.numbering import SENT, VOID, LogEntry
from creditbook.documents.store.embedded import EmbeddedStore

DAY = dt.date(2026, 11, 30)


@pytest.fixture(params=["embedded", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "embedded":
        return EmbeddedStore(tmp_path / "counter.json", tmp_path / "log.csv", tmp_path / "archive")
    from creditbook.documents.store.postgres import PostgresStore

    return PostgresStore(request.getfixturevalue("pg_url"))


def entry(number: str, status: str = VOID, **changes: object) -> LogEntry:
    values: dict[str, object] = {
        "number": number,
        "date": DAY,
        "customer_id": "KH0001",
        "customer_name": "上海某某有限公司",
        "document": "催款函",
        "stage": "催款",
        "amount": Decimal("12500.50"),
        "status": status,
        **changes,
    }
    return LogEntry(**values)  # type: ignore[arg-type]


def test_numbers_are_consecutive_per_prefix_and_year(store) -> None:
    assert store.letters.reserve("华瑞财函", 2026, 3) == [
        "华瑞财函〔2026〕0001号",
        "华瑞财函〔2026〕0002号",
        "华瑞财函〔2026〕0003号",
    ]
    assert store.letters.reserve("华瑞财函", 2026, 2) == [
        "华瑞财函〔2026〕0004号",
        "华瑞财函〔2026〕0005号",
    ]
    assert store.letters.reserve("华瑞财函", 2027, 1) == ["华瑞财函〔2027〕0001号"]
    assert store.letters.reserve("华瑞财函", 2026, 0) == []


def test_numbering_never_goes_below_the_log(store) -> None:
    store.letters.log([entry("华瑞财函〔2026〕0041号", SENT, note="")])
    warnings: list[str] = []
    assert store.letters.reserve("华瑞财函", 2026, 1, warnings=warnings) == [
        "华瑞财函〔2026〕0042号"
    ]
    assert len(warnings) == 1
    assert (
        "登记簿已用到 log has 41); 已修正，从 42 续编 repaired, continuing from 42" in warnings[0]
    )
    assert store.letters.reserve("华瑞财函", 2026, 1, warnings=warnings) == [
        "华瑞财函〔2026〕0043号"
    ]
    assert len(warnings) == 1


def test_log_appends_changes_only_and_reads_latest_state(store) -> None:
    first, second = entry("华瑞财函〔2026〕0001号"), entry("华瑞财函〔2026〕0002号")
    store.letters.log([first, second])
    store.letters.log([first])  # the same state again adds nothing
    sent = entry("华瑞财函〔2026〕0001号", SENT, note="", file="a.docx", sha256="ab" * 32)
    store.letters.log([sent])
    assert store.letters.history() == [first, second, sent]
    assert store.letters.latest() == [sent, second]
    assert store.letters.latest()[0].amount == Decimal("12500.50")


def test_log_keeps_an_empty_amount(store) -> None:
    notice = entry("华瑞财函〔2026〕0001号", amount=None, document="额度调整通知")
    store.letters.log([notice])
    assert store.letters.latest() == [notice]
    assert store.letters.latest()[0].amount is None


def test_archive_files_chains_and_fetches(store, tmp_path: Path) -> None:
    source = tmp_path / "催款函.docx"
    source.write_bytes(b"letter one")
    first = store.archive.file("KH0001", source, "letter", by="王丽华", letter_no="X1")
    source.write_bytes(b"letter two")
    second = store.archive.file("KH0001", source, "letter", by="王丽华", letter_no="X2")
    event = store.archive.record("KH0002", "warning", by="王丽华", note="逾期")
    assert (first.seq, second.seq, event.seq) == (1, 2, 3)
    assert first.file == "KH0001/催款函.docx"
    assert second.file == "KH0001/催款函-2.docx"
    assert first.prev_hash == GENESIS and second.prev_hash == first.hash
    assert event.prev_hash == second.hash and event.file is None
    assert first.sha256 == hashlib.sha256(b"letter one").hexdigest()
    assert store.archive.document(second.sha256) == b"letter two"
    assert store.archive.entries("KH0002") == [event]
    assert store.archive.head() == event.hash
    result = store.archive.verify(expect_head=first.hash)
    assert (result.ok, result.entries, result.head) == (True, 3, event.hash)


def test_archive_refuses_unknown_kind_and_fact(store, tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="未知的档案类型 unknown kind 'memo'"):
        store.archive.record("KH0001", "memo")
    with pytest.raises(ArchiveError, match=r"未知的档案字段 unknown fact\(s\): colour"):
        store.archive.record("KH0001", "warning", colour="red")
    with pytest.raises(ArchiveError, match="档案中没有此文件"):
        store.archive.document("0" * 64)
    assert store.archive.head() == GENESIS


def test_verify_reports_an_unknown_head(store) -> None:
    store.archive.record("KH0001", "warning", note="x")
    result = store.archive.verify(expect_head="f" * 64)
    assert [str(p) for p in result.problems] == [
        "记录的链头 ffffffffffffffff… 不在日志中 (expected head not in the log: entries removed "
        "or the log rolled back to an older copy)"
    ]


def test_both_stores_give_a_document_the_same_windows_safe_name(store, tmp_path: Path) -> None:
    source = tmp_path / "函|1.docx"
    source.write_bytes(b"one")
    lower = store.archive.file("kh01", source, "letter")
    upper = store.archive.file("KH01", source, "letter")
    again = store.archive.file("kh01", source, "letter")
    assert (lower.file, upper.file, again.file) == (
        "kh01-e42a67/函_1.docx",
        "KH01/函_1.docx",
        "kh01-e42a67/函_1-2.docx",
    )
