"""A letter batch on the shared store: what ``documents.batch`` does with the files of one PC
(settle an interrupted run, void replaced letters), with the rows of a whole team."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from creditbook.documents.logcheck import Problem, Recovery, _fate, _run_ended
from creditbook.documents.numbering import GENERATED, SENT, VOID, LogEntry
from creditbook.documents.store.postgres import PostgresLetters


def recover_shared(letters: PostgresLetters, folder: Path) -> Recovery:
    """Settle the numbers an interrupted run of this PC left reserved (another PC's
    reservations are its own business: that run may still be going)."""
    pending = letters.pending_here()
    if not pending:
        return Recovery([])
    folder = folder.resolve()
    ended: dict[Path, bool] = {folder: True}  # this run holds its own folder
    settled = []
    for entry in pending:
        target = Path(entry.file) if entry.file else None
        home = target.parent if target else folder
        if home not in ended:
            ended[home] = _run_ended(home)
        if ended[home]:
            settled.append(_fate(entry, target))
    letters.log(settled)
    return Recovery(settled)


def replaced_among(
    latest: list[LogEntry], done: Mapping[str, tuple[str, str]], new: list[LogEntry]
) -> list[LogEntry]:
    """Earlier letters (已发 or 已生成) whose file a document of this run overwrote, now 作废
    (``numbering.replaced`` on the shared log)."""
    written = {file: number for number, (file, error) in done.items() if file and not error}
    ours = {e.number for e in new}
    return [
        replace(e, status=VOID, note=f"文件已被 {written[e.file]} 覆盖，未寄出")
        for e in latest
        if e.status in (SENT, GENERATED) and e.file in written and e.number not in ours
    ]


def void_shared(letters: PostgresLetters, numbers: list[str], reason: str) -> list[LogEntry]:
    """Mark logged numbers 作废 with a reason (``numbering.void_numbers`` on the shared log)."""
    from creditbook.documents.numbering import CounterError

    states = {e.number: e for e in letters.latest()}
    missing = [n for n in numbers if n not in states]
    if missing:
        raise CounterError(
            f"{letters.db.shown}: 登记簿中没有这些编号 not in the log: {', '.join(missing)}"
        )
    voided = [replace(states[n], status=VOID, note=reason) for n in dict.fromkeys(numbers)]
    letters.log(voided)
    return voided


def export_entries(entries: list[LogEntry], out: str | Path, force: bool = False) -> Path:
    """The shared 发文登记簿 as the same XLSX workbook ``numbering.export_log`` writes."""
    from creditbook.documents.numbering import _log_workbook
    from creditbook.files import atomic_save

    return atomic_save(Path(out), lambda path: _log_workbook(entries).save(path), force=force)


def check_shared(letters: PostgresLetters, prefix: str, folders: list[Path]) -> list[Problem]:
    """``logcheck.check_log`` on the shared store: its counter and rows against the .docx
    files of ``folders``, and first the log's hash chain (a row changed or removed)."""
    from creditbook.documents.logcheck import check_history

    altered = [
        Problem("登记簿被改动 log altered", "", letters.db.shown, p) for p in letters.problems()
    ]
    counted = {year: last for (p, year), last in letters.counters().items() if p == prefix}
    return [*altered, *check_history(letters.history(), counted, letters.db.shown, prefix, folders)]
