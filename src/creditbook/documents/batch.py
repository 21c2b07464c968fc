"""Writing many documents: per-item failure reporting, manifest (CSV + JSON), PDF and merging."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from creditbook.documents.logcheck import DRAFT_NOTE, recover_interrupted
from creditbook.documents.numbering import (
    SENT,
    VOID,
    LogEntry,
    log_letters,
    replaced,
    reserve_numbers,
    settled,
)
from creditbook.documents.outfolder import check_folder, folder_lock, is_fatal
from creditbook.documents.store.base import StoreError
from creditbook.files import OutputExists, atomic_write_bytes, atomic_write_text
from creditbook.usertext import Figure, csv_bytes
from creditbook.winnames import hashed_name, legal_name

if TYPE_CHECKING:
    from creditbook.documents.store.postgres import PostgresLetters

Progress = Callable[[int, int, str], None]
MANIFEST_FIELDS = (
    "customer_id",
    "customer_name",
    "stage",
    "document",
    "amount",
    "number",
    "file",
    "pdf",
    "sha256",
    "time",
    "error",
)
MANIFEST_HEADERS = (
    "客户编码",
    "客户名称",
    "催收阶段",
    "文书",
    "金额",
    "编号",
    "文件",
    "PDF",
    "SHA-256",
    "生成时间",
    "错误",
)


@dataclass
class Written:
    """One document of a batch, or the reason it failed (``error``)."""

    customer_id: str
    customer_name: str
    stage: str
    document: str
    amount: Decimal | None
    number: str
    file: str = ""
    pdf: str = ""
    sha256: str = ""
    time: str = ""
    error: str = ""


@dataclass
class BatchResult:
    written: list[Written] = field(default_factory=list)
    manifest: list[Path] = field(default_factory=list)
    merged: Path | None = None
    extra: list[Path] = field(default_factory=list)  # e.g. the legal department's list
    problems: list[str] = field(default_factory=list)  # batch-level failures (legal list, PDF…)
    voided: list[str] = field(default_factory=list)  # numbers reserved, not used, logged 作废
    aborted: str = ""  # why the batch stopped early (disk full, read-only, interrupted)
    pdf_made_by: str = ""  # the program that made the PDFs: Microsoft Word or LibreOffice
    notices: list[str] = field(default_factory=list)  # repairs made (counter, interrupted run)

    @property
    def failed(self) -> list[Written]:
        return [w for w in self.written if w.error]

    @property
    def ok(self) -> list[Written]:
        return [w for w in self.written if not w.error]


def safe_name(text: str) -> str:
    """A file-name part that is legal on Windows and POSIX (see ``creditbook.winnames``)."""
    return legal_name(text)


def file_stems(customer_ids: Sequence[str]) -> dict[str, str]:
    """A file-name part per customer id, distinct within a batch and the same in every run.

    An id that is already a legal, unique name is used as it is. One that cleaning changes
    (``KH/01`` → ``KH_01``, ``CON`` → ``_CON``, a long id cut to 60 UTF-16 units), or that
    clashes with another id ignoring case, gets a short suffix taken from its own text, so
    ``KH/01`` and ``KH:01`` never share a file and a later run with only one of them cannot
    overwrite the other's document.
    """
    cleaned = {cid: safe_name(cid) for cid in dict.fromkeys(customer_ids)}
    seen: dict[str, int] = {}
    for name in cleaned.values():
        seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
    stems = {}
    for cid, name in cleaned.items():
        if name == cid and seen[name.casefold()] == 1:
            stems[cid] = name
        else:
            stems[cid] = hashed_name(cid)
    return stems


def now_text() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def write_document(path: Path, data: bytes, force: bool) -> tuple[str, str]:
    """Write atomically; return (sha256, time)."""
    atomic_write_bytes(path, data, force=force)
    return hashlib.sha256(data).hexdigest(), now_text()


def write_item(item: Written, path: Path, render: Callable[[], bytes], force: bool) -> Written:
    """Render and write one document of a batch; a failure is recorded on the item, not raised,
    so that the rest of the batch goes on."""
    try:
        item.sha256, item.time = write_document(path, render(), force)
        item.file = path.name
    except Exception as error:
        item.error = f"{type(error).__name__}: {error}"
        if is_fatal(error):
            raise  # the folder itself failed: the batch stops (see run_batch)
    return item


def refuse_existing(paths: Sequence[Path], force: bool) -> None:
    """Stop before anything is written (or a number is used) when outputs exist."""
    if force:
        return
    existing = [str(p) for p in paths if p.exists()]
    if existing:
        shown = ", ".join(existing[:5]) + (
            f" … (+{len(existing) - 5})" if len(existing) > 5 else ""
        )
        raise OutputExists(f"文件已存在 files already exist: {shown}; use --force to overwrite")


def write_manifest(result: BatchResult, folder: Path, stem: str, force: bool) -> list[Path]:
    rows = [asdict(w) for w in result.written]
    for row in rows:
        row["amount"] = "" if row["amount"] is None else Figure(f"{row['amount']:.2f}")
    table = [MANIFEST_HEADERS, *([row[name] for name in MANIFEST_FIELDS] for row in rows)]
    csv_path = folder / f"{stem}.csv"
    json_path = folder / f"{stem}.json"
    atomic_write_bytes(csv_path, csv_bytes(table), force=force)
    atomic_write_text(json_path, json.dumps(rows, ensure_ascii=False, indent=2) + "\n", force=force)
    return [csv_path, json_path]


def add_pdfs(result: BatchResult, folder: Path, merge_name: str | None, force: bool) -> None:
    """Convert every written document in one batch; optionally merge them for printing."""
    from creditbook.office.pdf import convert_to_pdf, merge_pdfs

    done = result.ok
    pdfs = convert_to_pdf([folder / w.file for w in done], force=force)
    result.pdf_made_by = pdfs.made_by
    for item, pdf in zip(done, pdfs, strict=True):
        item.pdf = pdf.name
    if merge_name and pdfs:
        result.merged = merge_pdfs(pdfs, folder / merge_name, force=force)


@dataclass(frozen=True)
class Numbering:
    """Where a batch's numbers come from (the counter file, the prefix, the documents' date,
    whose year the numbers carry) and where each is recorded: the 发文登记簿 ``log``."""

    counter: Path
    prefix: str
    date: dt.date
    log: Path
    amounts: bool = True  # whether a document's amount is an amount owed (the log's 金额)
    draft: bool = False  # 样稿: logged 作废 (never sent, never cited), not 已发
    store: PostgresLetters | None = None  # the team's shared store, instead of counter and log


Job = tuple[Written, Path, Callable[[], bytes]]


def run_batch(
    folder: Path,
    count: int,
    make: Callable[[int, str], Job],
    *,
    numbering: Numbering,
    expected: Sequence[Path],
    manifest_stem: str,
    pdf: bool = False,
    merge_name: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
    finish: Callable[[BatchResult], None] | None = None,
) -> BatchResult:
    """Write ``count`` numbered documents into ``folder``; the batch finishes or fails whole.

    Before a number is reserved the folder is proven writable and roomy, locked against a
    second run, and checked for existing outputs. ``make(i, number)`` gives document i's
    manifest item, path and render function; a failing document is recorded and the rest go
    on. A failure of the folder itself (disk full, read-only) stops the batch: nothing
    half-written stays, the numbers not used are logged 作废, and the manifest (and
    ``finish``, e.g. the legal list) are still written, listing what was written.

    Numbers an earlier run reserved and never settled (it was killed) are first matched with
    the documents on disk (see ``recover_interrupted``); a counter behind the 发文登记簿 is
    moved past it. Both repairs are said in ``notices``.
    """
    check_folder(folder, count, pdf)
    with folder_lock(folder):
        result = BatchResult()
        if numbering.store is None:
            recovered = recover_interrupted(numbering.log, folder).message
        else:
            from creditbook.documents.store.letters import recover_shared

            recovered = recover_shared(numbering.store, folder).message
        result.notices += [recovered] if recovered else []
        try:
            refuse_existing(expected, force)
        except OutputExists as error:
            raise OutputExists(f"{recovered}\n{error}" if recovered else str(error)) from None
        if numbering.store is None:
            numbers = reserve_numbers(
                numbering.counter,
                numbering.prefix,
                numbering.date.year,
                count,
                log=numbering.log,
                warnings=result.notices,
            )
        else:
            numbers = numbering.store.reserve(
                numbering.prefix, numbering.date.year, count, warnings=result.notices
            )
        jobs = [make(index, number) for index, number in enumerate(numbers)]
        reserved = [_log_entry(item, path, numbering) for item, path, _ in jobs]
        if numbering.store is None:
            log_letters(numbering.log, reserved)  # 作废 until its document is on disk
        else:
            numbering.store.log(reserved)
        interrupted: KeyboardInterrupt | None = None
        try:
            for index, (item, path, render) in enumerate(jobs):
                result.written.append(item)
                if result.aborted:
                    item.error = f"未生成 not written: {result.aborted}"
                    continue
                try:
                    write_item(item, path, render, force)
                except OSError as error:
                    result.aborted = f"{path.parent}: {error.strerror or error}"
                except KeyboardInterrupt as stop:
                    item.error = result.aborted = "已中断 interrupted"
                    interrupted = stop
                if progress:
                    progress(index + 1, count, item.customer_id)
        finally:
            _settle(result, folder, numbering.log, reserved, numbering.draft, numbering.store)
        if pdf and result.ok and not result.aborted:
            _guarded(result, "PDF", lambda: add_pdfs(result, folder, merge_name, force))
        if finish:
            _guarded(result, "清单 list", lambda: finish(result))
        _guarded(result, "清单 manifest", lambda: _set_manifest(result, folder, manifest_stem))
    if interrupted:
        raise interrupted
    return result


def _log_entry(item: Written, path: Path, numbering: Numbering) -> LogEntry:
    """A number reserved: 作废 until its document is on disk, naming the file it will be."""
    return LogEntry(
        number=item.number,
        date=numbering.date,
        customer_id=item.customer_id,
        customer_name=item.customer_name,
        document=item.document,
        stage=item.stage,
        amount=item.amount if numbering.amounts else None,
        file=str(path.resolve()),
    )


def _settle(
    result: BatchResult,
    folder: Path,
    log: Path,
    reserved: list[LogEntry],
    draft: bool,
    store: PostgresLetters | None = None,
) -> None:
    """Enter each number's fate in the 发文登记簿: 已发 with its file, or 作废 with the reason;
    an earlier document whose file this batch replaced becomes 作废 (it was never sent)."""
    done = {
        w.number: (str((folder / w.file).resolve()) if w.file else "", w.error)
        for w in result.written
    }
    unused = [e.number for e in reserved if not done.get(e.number, ("", ""))[0]]
    hashes = {w.number: w.sha256 for w in result.written}
    outcome = [
        replace(e, sha256=hashes[e.number]) if e.status == SENT else replace(e, file="")
        for e in settled(reserved, done)
    ]
    if draft:
        outcome = [
            replace(e, status=VOID, note=DRAFT_NOTE) if e.status == SENT else e for e in outcome
        ]
    try:
        if store is None:
            log_letters(log, outcome + ([] if draft else replaced(log, done, reserved)))
        else:
            from creditbook.documents.store.letters import replaced_among

            earlier = [] if draft else replaced_among(store.latest(), done, reserved)
            store.log(outcome + earlier)
    except StoreError as error:  # the shared store unreachable
        result.problems.append(
            f"发文登记簿未能更新 could not update the letter log ({error}); "
            f"作废编号 void numbers {', '.join(unused)} 请手工登记 record them by hand"
        )
    except OSError as error:
        result.problems.append(
            f"发文登记簿未能更新 could not update the letter log {log} "
            f"({error.strerror or error}); 作废编号 void numbers {', '.join(unused)} "
            "请手工登记 record them by hand"
        )
    result.voided = unused


def _set_manifest(result: BatchResult, folder: Path, stem: str) -> None:
    result.manifest = write_manifest(result, folder, stem, force=True)


def _guarded(result: BatchResult, what: str, step: Callable[[], object]) -> None:
    """Run a batch-level step; its failure is reported, not raised, so later steps still run."""
    try:
        step()
    except Exception as error:
        result.problems.append(f"{what} 未能写出 not written: {type(error).__name__}: {error}")
