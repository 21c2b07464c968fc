"""Batches finish or fail whole: full disk, read-only folder, a bad item, a second run."""

from __future__ import annotations

import errno
import json
import os
import threading

import pytest
from letter_cases import AS_OF
from typer.testing import CliRunner

from creditbook.documents import batch as batch_module
from creditbook.documents import outfolder
from creditbook.documents.batch import DRAFT_NOTE
from creditbook.documents.letters import write_letters
from creditbook.documents.numbering import read_log
from creditbook.documents.outfolder import FolderError, check_folder, folder_lock
from creditbook.files import atomic_write_bytes


def _counter_last(settings) -> int:
    data = json.loads(settings.counter_path.read_text(encoding="utf-8"))
    return data["last"]["2026"]


def _voided(settings) -> list[dict]:
    """The 发文登记簿's 作废 rows for numbers never used: number, status and the reason.

    (These settings are the shipped example's, so the letters written are 样稿: also 作废,
    with the draft note, and never cited as sent.)"""
    return [
        {"number": e.number, "status": e.status, "reason": e.note}
        for e in read_log(settings.log_path)
        if e.status == "作废" and e.note != DRAFT_NOTE
    ]


def _disk_full_after(documents: int, monkeypatch) -> None:
    """The disk fills up after ``documents`` letters: every later write fails with ENOSPC."""
    written = {"count": 0}

    def write(path, data, force=False, mode=None):
        if str(path).endswith(".docx"):
            if written["count"] >= documents:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            written["count"] += 1
        return atomic_write_bytes(path, data, force, mode)

    monkeypatch.setattr(batch_module, "atomic_write_bytes", write)


def test_a_full_disk_stops_the_batch_logs_unused_numbers_void_and_still_lists_what_was_written(
    cases, settings, tmp_path, monkeypatch
):
    _disk_full_after(2, monkeypatch)
    out = tmp_path / "letters"
    result = write_letters(cases, out, as_of=AS_OF, settings=settings)
    assert result.aborted == f"{out}: No space left on device"
    assert [w.file for w in result.ok] == ["C001_付款提醒函.docx", "C002_催款函.docx"]
    assert sorted(p.name for p in out.iterdir()) == [
        "C001_付款提醒函.docx",
        "C002_催款函.docx",
        "催收函-清单.csv",
        "催收函-清单.json",
        "法律程序客户清单.csv",
        "法律程序客户清单.xlsx",
    ]  # no partial letter, no temporary file, no lock left behind
    manifest = json.loads((out / "催收函-清单.json").read_text(encoding="utf-8"))
    assert [(m["number"], m["file"]) for m in manifest] == [
        ("华瑞财函〔2026〕0001号", "C001_付款提醒函.docx"),
        ("华瑞财函〔2026〕0002号", "C002_催款函.docx"),
        ("华瑞财函〔2026〕0003号", ""),
        ("华瑞财函〔2026〕0004号", ""),
    ]
    c003 = out / "C003_最后催告函.docx"
    assert manifest[2]["error"] == f"OSError: [Errno 28] No space left on device: '{c003}'"
    assert manifest[3]["error"] == f"未生成 not written: {out}: No space left on device"
    assert result.voided == ["华瑞财函〔2026〕0003号", "华瑞财函〔2026〕0004号"]
    assert [(v["number"], v["status"]) for v in _voided(settings)] == [
        ("华瑞财函〔2026〕0003号", "作废"),
        ("华瑞财函〔2026〕0004号", "作废"),
    ]
    assert _counter_last(settings) == 4  # the void numbers are never issued again


def test_the_command_reports_a_full_disk_without_a_traceback(tmp_path, monkeypatch):
    from creditbook.cli import app
    from creditbook.sample import sample_data
    from creditbook.workbooks.sample_files import write_sample_files

    ledger, register = write_sample_files(sample_data(), tmp_path / "company")
    config = tmp_path / "creditbook.toml"
    config.write_text(f'counter_file = "{tmp_path / "counter.json"}"\n', encoding="utf-8")
    _disk_full_after(1, monkeypatch)
    out = tmp_path / "letters"
    result = CliRunner().invoke(
        app,
        ["letters", str(ledger), "--register", str(register), "--as-of", "2026-11-30",
         "--out", str(out), "--config", str(config)],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert f"批次中止 batch stopped: {out}: No space left on device" in result.output
    manifest = json.loads((out / "催收函-清单.json").read_text(encoding="utf-8"))
    assert len([m for m in manifest if m["file"]]) == 1
    voided = [m["number"] for m in manifest if not m["file"]]
    assert voided and f"已作废 voided {len(voided)} 个未使用的编号" in result.output


def test_a_read_only_folder_is_refused_before_any_number_is_used(
    cases, settings, tmp_path, monkeypatch
):
    out = tmp_path / "letters"
    real_open = open

    def read_only(path, *args, **kwargs):
        if str(path).startswith(str(out)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(outfolder, "open", read_only, raising=False)
    with pytest.raises(FolderError, match="输出目录不可写 output folder not writable"):
        write_letters(cases, out, as_of=AS_OF, settings=settings)
    assert not settings.counter_path.exists()  # no number reserved
    assert list(out.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a 0500 folder anyway")
def test_a_folder_without_write_permission_is_refused(cases, settings, tmp_path):
    out = tmp_path / "letters"
    out.mkdir()
    out.chmod(0o500)
    try:
        with pytest.raises(FolderError, match="not writable"):
            write_letters(cases, out, as_of=AS_OF, settings=settings)
    finally:
        out.chmod(0o700)
    assert not settings.counter_path.exists()


def test_too_little_free_space_is_refused_before_numbers_are_reserved(
    cases, settings, tmp_path, monkeypatch
):
    class Usage:
        free = 100 * 1024

    monkeypatch.setattr(outfolder.shutil, "disk_usage", lambda _path: Usage)
    with pytest.raises(FolderError, match="磁盘空间不足 not enough free space"):
        write_letters(cases, tmp_path / "letters", as_of=AS_OF, settings=settings)
    assert not settings.counter_path.exists()


def test_one_bad_item_is_isolated_and_its_number_voided(cases, settings, tmp_path, monkeypatch):
    from creditbook.documents import letters

    real = letters.letter_context

    def broken_for_c002(case, *args, **kwargs):
        if case.customer_id == "C002":
            raise ValueError("联系人字段无法解析")
        return real(case, *args, **kwargs)

    monkeypatch.setattr(letters, "letter_context", broken_for_c002)
    result = write_letters(cases, tmp_path / "letters", as_of=AS_OF, settings=settings)
    assert not result.aborted
    assert [w.customer_id for w in result.ok] == ["C001", "C003", "C004"]
    assert result.failed[0].error == "ValueError: 联系人字段无法解析"
    assert result.voided == ["华瑞财函〔2026〕0002号"]
    assert _voided(settings)[0]["reason"] == "生成失败 failed: ValueError: 联系人字段无法解析"


def test_a_legal_list_failure_still_leaves_the_letters_and_the_manifest(
    cases, settings, tmp_path, monkeypatch
):
    from creditbook.documents import letters

    def fail(*_args, **_kwargs):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(letters, "write_legal_list", fail)
    out = tmp_path / "letters"
    result = write_letters(cases, out, as_of=AS_OF, settings=settings)
    assert len(result.ok) == 4 and (out / "催收函-清单.csv").exists()
    assert result.problems == ["清单 list 未能写出 not written: OSError: [Errno 5] I/O error"]


def test_a_second_run_into_the_same_folder_is_refused_clearly(cases, settings, tmp_path):
    out = tmp_path / "letters"
    out.mkdir()
    holding, release = threading.Event(), threading.Event()

    def first_run() -> None:
        with folder_lock(out):
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=first_run)
    thread.start()
    holding.wait(10)
    try:
        with pytest.raises(FolderError, match="另一个批次正在写入此目录 another run"):
            write_letters(cases, out, as_of=AS_OF, settings=settings)
    finally:
        release.set()
        thread.join()
    assert not settings.counter_path.exists()
    assert len(write_letters(cases, out, as_of=AS_OF, settings=settings).ok) == 4


def test_a_symlinked_lock_file_is_refused(tmp_path):
    out = tmp_path / "letters"
    out.mkdir()
    (out / outfolder.LOCK_NAME).symlink_to(tmp_path / "elsewhere")
    with pytest.raises(FolderError, match="symlink"), folder_lock(out):
        pass
    assert not (tmp_path / "elsewhere").exists()


def test_check_folder_creates_the_folder_and_leaves_no_probe(tmp_path):
    folder = check_folder(tmp_path / "a" / "b", documents=3)
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_an_empty_batch_writes_an_empty_manifest(settings, tmp_path):
    result = write_letters([], tmp_path / "letters", as_of=AS_OF, settings=settings)
    assert result.written == [] and [p.name for p in result.manifest] == [
        "催收函-清单.csv",
        "催收函-清单.json",
    ]


def test_the_command_refuses_a_read_only_folder_in_one_line(tmp_path, monkeypatch):
    from creditbook.cli import app
    from creditbook.sample import sample_data
    from creditbook.workbooks.sample_files import write_sample_files

    ledger, register = write_sample_files(sample_data(), tmp_path / "company")
    config = tmp_path / "creditbook.toml"
    config.write_text(f'counter_file = "{tmp_path / "counter.json"}"\n', encoding="utf-8")
    out = tmp_path / "letters"
    real_open = open

    def read_only(path, *args, **kwargs):
        if str(path).startswith(str(out)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(outfolder, "open", read_only, raising=False)
    result = CliRunner().invoke(
        app,
        ["letters", str(ledger), "--register", str(register), "--as-of", "2026-11-30",
         "--out", str(out), "--config", str(config)],
        env={"COLUMNS": "300"},
    )  # fmt: skip
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    *draft, error = result.output.strip().splitlines()  # the example sender: a 样稿 warning
    assert "样稿" in draft[0]
    assert error == (
        f"错误 error: {out}: 输出目录不可写 output folder not writable (Read-only file system); "
        "未使用任何函件编号 no letter number was used"
    )
    assert not (tmp_path / "counter.json").exists()


def test_a_single_document_on_a_full_disk_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    from creditbook.cli import app
    from creditbook.documents import single

    def full(path, data, force=False, mode=None):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(single, "atomic_write_bytes", full)
    out = tmp_path / "催款函.docx"
    result = CliRunner().invoke(
        app, ["templates", "sample", "demand", "--out", str(out)], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output == f"文件系统错误 file system error: {out}: No space left on device\n"
    assert list(tmp_path.iterdir()) == []


def test_drafts_are_logged_void_and_never_cited_as_sent(cases, settings, tmp_path):
    """Letters from the example settings are 样稿: in the 发文登记簿 as 作废, not 已发."""
    from creditbook.documents.numbering import earlier_letters

    assert settings.is_draft
    result = write_letters(cases, tmp_path / "letters", as_of=AS_OF, settings=settings)
    log = read_log(settings.log_path)
    assert len(result.ok) == len(log) == 4
    assert {(e.status, e.note) for e in log} == {("作废", DRAFT_NOTE)}
    assert all(earlier_letters(log, e.customer_id, AS_OF) == [] for e in log)
