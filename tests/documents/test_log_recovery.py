"""What an interrupted run left (numbers reserved, documents on disk) and `letter-log check`:
the log, the counter and the files compared, each disagreement named."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx_text import docx_text as reference_text

from creditbook.documents import batch, logcheck
from creditbook.documents.logcheck import (
    NOT_GENERATED_NOTE,
    RECOVERED_NOTE,
    Problem,
    Recovery,
    check_log,
    docx_text,
    recover_interrupted,
)
from creditbook.documents.numbering import (
    GENERATED,
    RESERVED_NOTE,
    LogEntry,
    log_history,
    log_letters,
    read_log,
)
from creditbook.documents.outfolder import folder_lock

DAY = dt.date(2026, 11, 30)


def _no(n: int) -> str:
    return f"恒达财函〔2026〕{n:04d}号"


def _docx(*paragraphs: str, header: str = "") -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _reserved(n: int, file: Path | str = "", **changes) -> LogEntry:
    fields = dict(
        number=_no(n), date=DAY, customer_id=f"KH{n:02d}", customer_name="苏州恒通电子有限公司",
        document="催款函", stage="催款", amount=Decimal("7000.00"), file=str(file),
    )  # fmt: skip
    return LogEntry(**(fields | changes))


def test_the_text_of_a_docx_is_read_like_python_docx_reads_it():
    data = _docx("函号：恒达财函〔2026〕0007号", "A &amp; B <公司>", header="样稿 · 不得寄出")
    assert docx_text(data).split("\n") == [
        "函号：恒达财函〔2026〕0007号",
        "A &amp; B <公司>",
        "",
        "样稿 · 不得寄出",
        "",
    ]  # fmt: skip (each part ends with its last paragraph: an empty line after it)
    assert set(reference_text(data).split("\n")) == set(docx_text(data).split("\n"))
    assert docx_text(b"not a zip") is None
    assert docx_text(b"PK\x03\x04broken") is None


def test_a_number_split_across_runs_is_read_whole():
    document = Document()
    paragraph = document.add_paragraph("编号：恒达财函〔2026〕")
    paragraph.add_run("0007")
    paragraph.add_run("号")
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_text(buffer.getvalue()).split("\n")[0] == "编号：恒达财函〔2026〕0007号"


def test_the_draft_mark_and_note_are_the_ones_letters_and_batches_use():
    from creditbook.documents.template_letters import DRAFT_MARK

    assert logcheck.DRAFT_MARK == DRAFT_MARK
    assert batch.DRAFT_NOTE == logcheck.DRAFT_NOTE == "样稿，不得寄出 draft, not sent"


def test_an_interrupted_run_is_settled_from_the_files_on_disk(tmp_path):
    log, out = tmp_path / "发文登记簿.csv", tmp_path / "out"
    out.mkdir()
    letter = _docx("催款函", f"编号：{_no(1)}")
    (out / "KH01_催款函.docx").write_bytes(letter)
    draft = _docx(f"编号：{_no(2)}", header="样稿 · 不得寄出")
    (out / "KH02_催款函.docx").write_bytes(draft)
    (out / "KH03_催款函.docx").write_bytes(_docx(f"编号：{_no(1)}"))  # an older letter's number
    sent = _reserved(9, out / "KH09.docx", status="已发", note="")
    log_letters(log, [sent])
    reserved = [_reserved(n, (out / f"KH0{n}_催款函.docx").resolve()) for n in (1, 2, 3, 4)]
    log_letters(log, reserved)
    before = log.read_bytes()
    recovery = recover_interrupted(log, out)
    assert log.read_bytes().startswith(before)
    assert [(e.number, e.file, e.status, e.note, e.sha256) for e in recovery.entries] == [
        (_no(1), reserved[0].file, GENERATED, RECOVERED_NOTE, hashlib.sha256(letter).hexdigest()),
        (_no(2), reserved[1].file, "作废", "样稿，不得寄出 draft, not sent",
         hashlib.sha256(draft).hexdigest()),
        (_no(3), "", "作废", NOT_GENERATED_NOTE, ""),  # the file there carries another number
        (_no(4), "", "作废", NOT_GENERATED_NOTE, ""),  # no file
    ]  # fmt: skip
    assert read_log(log) == [sent, *recovery.entries]
    assert recovery.message == (
        "发现上次中断的批次 an interrupted run was found：1 份已生成（未确认寄出）generated, "
        "not confirmed sent，1 份样稿 drafts (作废)，2 个编号作废 numbers void；"
        "已记入发文登记簿 recorded in the letter log"
    )
    assert recover_interrupted(log, out).entries == []  # nothing left pending
    assert len(log_history(log)) == 9


def test_without_an_interrupted_run_nothing_is_said_or_written(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    assert recover_interrupted(log, tmp_path).message == ""
    log_letters(log, [_reserved(1, status="已发", note="")])
    before = log.read_bytes()
    assert recover_interrupted(log, tmp_path).entries == []
    assert log.read_bytes() == before


def test_the_message_leaves_out_drafts_when_there_are_none():
    recovery = Recovery([_reserved(1, status=GENERATED, note=RECOVERED_NOTE)])
    assert recovery.message == (
        "发现上次中断的批次 an interrupted run was found：1 份已生成（未确认寄出）generated, "
        "not confirmed sent，0 个编号作废 numbers void；已记入发文登记簿 recorded in the letter log"
    )


def test_numbers_of_a_batch_still_running_elsewhere_are_left_alone(tmp_path):
    log, here, there = tmp_path / "发文登记簿.csv", tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    gone = tmp_path / "removed"  # its folder is gone: that run ended
    log_letters(log, [_reserved(1, there / "a.docx"), _reserved(2, gone / "b.docx")])
    holding, release = threading.Event(), threading.Event()

    def other_run() -> None:
        with folder_lock(there):
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=other_run)
    thread.start()
    holding.wait(10)
    try:
        recovery = recover_interrupted(log, here)
    finally:
        release.set()
        thread.join()
    assert [(e.number, e.note) for e in recovery.entries] == [(_no(2), NOT_GENERATED_NOTE)]
    assert read_log(log)[0].note == RESERVED_NOTE  # still reserved by the running batch
    assert not gone.exists()
    assert [e.note for e in recover_interrupted(log, here).entries] == [NOT_GENERATED_NOTE]
    assert list(there.iterdir()) == []  # the lock file taken to look is removed


def test_a_folder_that_cannot_be_locked_has_no_batch_running(tmp_path, monkeypatch):
    log, here, there = tmp_path / "发文登记簿.csv", tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    (there / "a.docx").write_bytes(_docx(_no(1)))
    log_letters(log, [_reserved(1, there / "a.docx")])

    def read_only(path, **_kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(logcheck, "exclusive_lock", read_only)
    assert [e.status for e in recover_interrupted(log, here).entries] == [GENERATED]


def test_rows_of_an_older_log_without_a_file_are_found_in_the_folder_by_number(tmp_path):
    log, out = tmp_path / "发文登记簿.csv", tmp_path / "out"
    out.mkdir()
    letter = _docx(f"编号：{_no(5)}")
    (out / "KH05_催款函.docx").write_bytes(letter)
    (out / "notes.txt").write_text(_no(6), encoding="utf-8")
    (out / "broken.docx").write_bytes(b"not a docx")
    log_letters(log, [_reserved(5), _reserved(6)])
    recovery = recover_interrupted(log, out)
    assert [(e.number, e.file, e.status) for e in recovery.entries] == [
        (_no(5), str(out / "KH05_催款函.docx"), GENERATED),
        (_no(6), "", "作废"),
    ]
    assert recovery.entries[0].sha256 == hashlib.sha256(letter).hexdigest()


# ── letter-log check ──────────────────────────────────────────────────────────────────


@pytest.fixture
def books(tmp_path):
    """A consistent log, counter and folder: two letters sent, one void."""
    out = tmp_path / "out"
    out.mkdir()
    log, counter = tmp_path / "发文登记簿.csv", tmp_path / "函件编号.json"
    entries = []
    for n in (1, 2):
        data = _docx(f"编号：{_no(n)}")
        path = out / f"KH0{n}.docx"
        path.write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        entries.append(_reserved(n, path, status="已发", note="", sha256=sha))
    entries.append(_reserved(3, status="作废", note="退回"))
    log_letters(log, entries)
    counter.write_text('{"last": {"2026": 3}}', encoding="utf-8")
    return log, counter, out


def test_a_consistent_log_counter_and_folder_have_no_problems(books):
    log, counter, out = books
    (out / "cites.docx").write_bytes(_docx(f"我司已于…发出（{_no(1)}）", "其他前缀〔2026〕0099号"))
    assert check_log(log, counter, "恒达财函", [out]) == []


def test_every_disagreement_is_named(books, tmp_path):
    log, counter, out = books
    (out / "KH01.docx").unlink()
    (out / "KH02.docx").write_bytes(_docx("改过的 edited", f"编号：{_no(2)}"))
    (out / "stray.docx").write_bytes(_docx(f"编号：{_no(8)}", _no(8), _no(1)))
    (out / "bad.docx").write_bytes(b"not a docx")
    log_letters(log, [dataclasses.replace(read_log(log)[1], note="重发")])  # 已发 again
    counter.write_text('{"last": {"2026": 1}}', encoding="utf-8")
    assert check_log(log, counter, "恒达财函", [out]) == [
        Problem("计数器落后 counter behind", "恒达财函〔2026〕", str(counter),
                "计数器 counter 1 < 登记簿 log 3"),
        Problem("重复已发 sent twice", _no(2), "", "2 行 rows 已发"),
        Problem("文件缺失 file missing", _no(1), str(out / "KH01.docx"), "已发"),
        Problem("文件已改动 file changed", _no(2), str(out / "KH02.docx"), "SHA-256 与登记不符"),
        Problem("无法读取 unreadable", "", str(out / "bad.docx"), "不是 Word 文件"),
        Problem("未登记 not in the log", _no(8), str(out / "stray.docx"), "文件中的编号未登记"),
    ]  # fmt: skip


def test_files_outside_the_folders_named_are_not_checked(books, tmp_path):
    log, counter, out = books
    (out / "KH01.docx").unlink()
    other = tmp_path / "other"
    other.mkdir()
    assert check_log(log, counter, "恒达财函", [other]) == []


def test_a_generated_letter_is_checked_and_a_void_one_is_not(books):
    log, counter, out = books
    log_letters(log, [_reserved(4, out / "KH04.docx", status="作废", note="")])
    log_letters(log, [_reserved(5, out / "KH05.docx", status=GENERATED, note="")])
    counter.write_text('{"last": {"2026": 5}}', encoding="utf-8")
    assert check_log(log, counter, "恒达财函", [out]) == [
        Problem("文件缺失 file missing", _no(5), str(out / "KH05.docx"), GENERATED)
    ]


def test_a_letter_logged_without_a_hash_is_only_checked_for_being_there(books):
    log, counter, out = books
    log_letters(log, [_reserved(1, out / "KH01.docx", status="已发", note="", sha256="")])
    (out / "KH01.docx").write_bytes(_docx("改过的 edited", _no(1)))
    assert check_log(log, counter, "恒达财函", [out]) == [
        Problem("重复已发 sent twice", _no(1), "", "2 行 rows 已发")
    ]


def test_a_counter_that_cannot_be_trusted_or_is_missing_is_a_problem(books):
    log, counter, out = books
    counter.write_text('{"last": {"2026": -1}}', encoding="utf-8")
    [problem] = check_log(log, counter, "恒达财函", [out])
    assert (problem.kind, problem.number, problem.file) == (
        "计数器不可信 counter untrusted", "", str(counter),
    )  # fmt: skip
    assert problem.detail.startswith(f"{counter}: 函件编号计数器不可信")
    counter.unlink()
    assert check_log(log, counter, "恒达财函", [out]) == [
        Problem("计数器落后 counter behind", "恒达财函〔2026〕", str(counter),
                "计数器 counter 0 < 登记簿 log 3")
    ]  # fmt: skip


def test_a_number_zero_in_the_log_needs_no_counter(books):
    log, counter, out = books
    log_letters(log, [_reserved(0, number="恒达财函〔2028〕0000号", status="作废", note="x")])
    assert check_log(log, counter, "恒达财函", [out]) == []


def test_years_are_compared_one_by_one(books):
    log, counter, out = books
    log_letters(log, [_reserved(2, number="恒达财函〔2027〕0002号", status="作废", note="x")])
    log_letters(log, [_reserved(5, number="别的前缀〔2026〕0005号", status="作废", note="x")])
    counter.write_text('{"last": {"2026": 3, "2027": 1}}', encoding="utf-8")
    assert check_log(log, counter, "恒达财函", [out]) == [
        Problem("计数器落后 counter behind", "恒达财函〔2027〕", str(counter),
                "计数器 counter 1 < 登记簿 log 2")
    ]  # fmt: skip
