"""Filing into the archive: names, facts as stored, refusals and their messages, and that a
refused filing leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest

from creditbook.archive import Archive, ArchiveError, customer_history
from creditbook.archive.entry import GENESIS, KINDS, check_customer, clean_facts, json_value
from creditbook.files import OutputExists


@pytest.fixture
def store(tmp_path):
    return Archive(tmp_path / "archive")


def _doc(tmp_path, name="付款提醒函-KH0001.docx", data=b"letter"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_facts_are_stored_as_text_and_blanks_are_dropped():
    facts = clean_facts(
        {"amount": Decimal("35000.50"), "as_of": dt.date(2026, 11, 30), "note": "", "grade": None,
         "score": 86.5, "term_days": 60}
    )  # fmt: skip
    assert facts == {"amount": "35000.50", "as_of": "2026-11-30", "score": 86.5, "term_days": 60}
    assert json_value("A") == "A"
    with pytest.raises(ArchiveError) as error:
        clean_facts({"colour": "red", "size": 1, "grade": "A"})
    assert str(error.value) == "未知的档案字段 unknown fact(s): colour, size"


@pytest.mark.parametrize(
    "customer_id",
    ["", " ", ".", "..", "KH/01", "KH\\01", "C:01"],
    ids=["empty", "space", "dot", "dots", "slash", "backslash", "colon"],
)
def test_customer_ids_that_cannot_be_folder_names_are_refused(customer_id):
    with pytest.raises(ArchiveError) as error:
        check_customer(customer_id)
    assert str(error.value) == f"客户编码不能用作档案目录名: {customer_id.strip()!r}"


def test_a_customer_id_is_trimmed():
    assert check_customer("  KH0001 ") == "KH0001"
    assert check_customer("KH.01") == "KH.01"


def test_the_first_entry_chains_from_genesis_and_the_next_from_it(store, tmp_path):
    first = store.file("KH0001", _doc(tmp_path), "letter", by="李娜", amount=Decimal("1.50"))
    second = store.record("KH0001", "warning", by="李娜", note="逾期")
    assert (first.seq, first.prev_hash, second.seq, second.prev_hash) == (
        1,
        GENESIS,
        2,
        first.hash,
    )
    assert first.facts == {"amount": "1.50"} and first.label == "催收函"
    assert (first.file, first.sha256 is not None, second.file, second.sha256) == (
        "KH0001/付款提醒函-KH0001.docx",
        True,
        None,
        None,
    )
    assert dt.datetime.fromisoformat(first.recorded_at).tzinfo is not None
    assert store.entries("KH0002") == [] and len(store.entries("KH0001")) == 2


def test_moving_a_document_removes_the_source(store, tmp_path):
    source = _doc(tmp_path)
    store.file("KH0001", source, "letter", by="李娜", move=True)
    assert not source.exists()
    kept = _doc(tmp_path, "催款函-KH0001.docx")
    store.file("KH0001", kept, "letter", by="李娜")
    assert kept.exists()


def test_third_copy_of_a_name_gets_suffix_3(store, tmp_path):
    names = [store.file("KH0001", _doc(tmp_path), "letter", by="李娜").file for _ in range(3)]
    assert names == [
        "KH0001/付款提醒函-KH0001.docx",
        "KH0001/付款提醒函-KH0001-2.docx",
        "KH0001/付款提醒函-KH0001-3.docx",
    ]


def test_a_refused_filing_leaves_no_file_and_no_entry(store, tmp_path):
    store.record("KH0001", "warning", by="李娜")
    with pytest.raises(ArchiveError) as error:
        store.file("KH0001", _doc(tmp_path), "memo", by="李娜")
    assert str(error.value) == f"未知的档案类型 unknown kind 'memo'; 可用: {', '.join(KINDS)}"
    assert not (store.root / "KH0001" / "付款提醒函-KH0001.docx").exists()
    assert len(store.entries()) == 1
    with pytest.raises(ArchiveError) as error:
        store.file("KH0001", tmp_path / "没有.docx", "letter")
    assert str(error.value) == f"要归档的文件不存在: {tmp_path / '没有.docx'}"


def test_removed_guards_are_each_named(store):
    store.record("KH0001", "warning", by="李娜")
    with sqlite3.connect(store.log_path) as connection:
        connection.execute("DROP TRIGGER entries_no_update")
        connection.execute("DROP TRIGGER entries_no_delete")
    assert [str(p) for p in store.verify().problems] == [
        "追加保护触发器缺失 (trigger entries_no_update removed)",
        "追加保护触发器缺失 (trigger entries_no_delete removed)",
    ]


def test_a_one_entry_archive_verifies_with_that_entry_as_head(store):
    entry = store.record("KH0001", "warning", by="李娜")
    result = store.verify()
    assert (result.ok, result.entries, result.head, result.problems) == (True, 1, entry.hash, ())


def test_export_refusals_are_named(store, tmp_path):
    store.file("KH0001", _doc(tmp_path), "letter", by="李娜")
    with pytest.raises(ArchiveError) as error:
        store.export("KH0002", tmp_path / "out")
    assert str(error.value) == "档案中没有客户 KH0002 的记录"
    out = tmp_path / "out"
    out.mkdir()
    (out / "旧.txt").write_text("x")
    with pytest.raises(OutputExists) as refused:
        store.export("KH0001", out)
    assert str(refused.value) == f"{out} already exists and is not empty; use --force"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert len(store.export("KH0001", empty)) == 3


def test_other_papers_are_kept_apart_in_the_history(store, tmp_path):
    store.file("KH0001", _doc(tmp_path, "营业执照.pdf"), "document", by="李娜")
    store.record("KH0001", "register", by="李娜", grade="B")
    store.record("KH0001", "adjustment", by="李娜", grade="C")
    store.record("KH0001", "approval", by="李娜", limit=Decimal("100000"))
    history = customer_history(store.entries(), "KH0001")
    assert [e.kind for e in history.others] == ["document"]
    assert [e.kind for e in history.ratings] == ["register", "adjustment", "approval"]
    assert history.letters == () and history.warnings == ()


def test_the_customers_on_file_are_listed_once_in_code_order(store, tmp_path):
    store.record("KH0002", "warning", by="李娜")
    store.file("KH0001", _doc(tmp_path), "letter", by="王强")
    store.record("KH0002", "register", by="李娜", grade="B")
    assert store.customers() == ["KH0001", "KH0002"]
    assert [e.recorded_by for e in store.entries()] == ["李娜", "王强", "李娜"]
    assert check_customer("XK01") == "XK01"


def test_the_exported_log_is_readable_chinese(store, tmp_path):
    store.record("KH0001", "warning", by="李娜", note="逾期超过信用期限")
    store.export("KH0001", tmp_path / "out")
    text = (tmp_path / "out" / "档案日志.json").read_text(encoding="utf-8")
    assert text.startswith('[\n  {\n    "seq": 1,\n')
    assert '    "recorded_by": "李娜",\n' in text
    assert '"note": "逾期超过信用期限"' in text
