"""The 发文登记簿 against the files: what an interrupted run left, and whether the log, the
counter and the documents in the output folders agree (``creditbook letter-log check``)."""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from creditbook.documents.numbering import (
    GENERATED,
    SENT,
    VOID,
    CounterError,
    LogEntry,
    _read,
    latest,
    log_history,
    log_letters,
    read_log,
)
from creditbook.documents.outfolder import LOCK_NAME
from creditbook.portable import LockHeld, exclusive_lock

DRAFT_MARK = "样稿 · 不得寄出"  # on every page of a draft (see template_letters.DRAFT_MARK)
DRAFT_NOTE = "样稿，不得寄出 draft, not sent"
RECOVERED_NOTE = "上次运行中断后在磁盘上发现 found on disk after an interrupted run"
NOT_GENERATED_NOTE = "文书未生成（上次运行中断）not generated: the run was interrupted"

_PARTS = re.compile(r"word/(?:document|header\d*|footer\d*)\.xml")
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def docx_text(data: bytes) -> str | None:
    """The text of a .docx (body, headers, footers; a line per paragraph), or None when the
    bytes are not a readable Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            parts = [book.read(n).decode("utf-8") for n in book.namelist() if _PARTS.fullmatch(n)]
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, zlib.error):
        return None
    lines = []
    for xml in parts:
        for paragraph in xml.split("</w:p>"):
            lines.append("".join(html.unescape(t) for t in _TEXT.findall(paragraph)))
    return "\n".join(lines)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ── an interrupted run ────────────────────────────────────────────────────────────────


@dataclass
class Recovery:
    """What an interrupted run's numbers became: the rows added to the log."""

    entries: list[LogEntry]

    def count(self, status: str, draft: bool = False) -> int:
        return sum(e.status == status and (e.note == DRAFT_NOTE) == draft for e in self.entries)

    @property
    def message(self) -> str:
        if not self.entries:
            return ""
        parts = [f"{self.count(GENERATED)} 份已生成（未确认寄出）generated, not confirmed sent"]
        drafts = self.count(VOID, draft=True)
        if drafts:
            parts.append(f"{drafts} 份样稿 drafts (作废)")
        parts.append(f"{self.count(VOID)} 个编号作废 numbers void")
        return (
            "发现上次中断的批次 an interrupted run was found：" + "，".join(parts) + "；"
            "已记入发文登记簿 recorded in the letter log"
        )


def _run_ended(folder: Path) -> bool:
    """True unless a batch is still writing into ``folder`` (it holds the folder's lock)."""
    if not folder.is_dir():
        return True
    try:
        with exclusive_lock(folder / LOCK_NAME, wait=False, remove=True):
            return True
    except LockHeld:
        return False
    except OSError:
        return True  # a folder no one can lock is one no batch is writing into


def _numbered_files(folder: Path) -> dict[str, Path]:
    """Every number written in a .docx of ``folder`` → that file (for rows of older logs,
    which did not name the file a reserved number was for)."""
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.docx")):
        text = docx_text(path.read_bytes()) or ""
        for number in re.findall(r"〔\d{4}〕\d+号", text):
            found.setdefault(number, path)
    return found


def recover_interrupted(log: Path, folder: Path) -> Recovery:
    """Settle the numbers an interrupted run left reserved: a finished document carrying its
    number is logged 已生成（未确认寄出） (or 作废 when it is a 样稿) with its file and SHA-256;
    every other number is 作废. Numbers of a batch still running elsewhere are left alone."""
    pending = [e for e in read_log(log) if e.pending]
    if not pending:
        return Recovery([])
    folder = folder.resolve()
    ended: dict[Path, bool] = {folder: True}  # this run holds its own folder
    scanned: dict[str, Path] | None = None
    settled = []
    for entry in pending:
        target = Path(entry.file) if entry.file else None
        home = target.parent if target else folder
        if home not in ended:
            ended[home] = _run_ended(home)
        if not ended[home]:
            continue
        if target is None:
            if scanned is None:
                scanned = _numbered_files(folder)
            target = scanned.get(entry.number[entry.number.find("〔") :])  # checked in _fate
        settled.append(_fate(entry, target))
    log_letters(log, settled)
    return Recovery(settled)


def _fate(entry: LogEntry, target: Path | None) -> LogEntry:
    """A pending (作废, reserved) entry's state from the file it was for."""
    try:
        data = target.read_bytes() if target else b""
    except OSError:
        data = b""
    text = docx_text(data)  # None for no file (b"" is no Word document)
    if text is None or entry.number not in text:
        return replace(entry, file="", note=NOT_GENERATED_NOTE)  # stays 作废
    assert target is not None
    draft = DRAFT_MARK in text
    return replace(
        entry,
        file=str(target),
        status=VOID if draft else GENERATED,
        note=DRAFT_NOTE if draft else RECOVERED_NOTE,
        sha256=_sha256(data),
    )


# ── letter-log check ──────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Problem:
    """One disagreement between the log, the counter and the files."""

    kind: str
    number: str
    file: str
    detail: str


def check_log(log: Path, counter: Path, prefix: str, folders: list[Path]) -> list[Problem]:
    """Every disagreement between the letter log, the counter and the .docx files of
    ``folders``: a logged document missing or changed, the counter behind the log, a number
    logged 已发 twice, a document carrying a number the log does not hold."""
    history = log_history(log)
    try:
        counted = {int(year): last for year, last in _read(counter).items()}
    except CounterError as error:
        untrusted = Problem("计数器不可信 counter untrusted", "", str(counter), str(error))
        return [untrusted, *check_history(history, None, str(counter), prefix, folders)]
    return check_history(history, counted, str(counter), prefix, folders)


def check_history(
    history: list[LogEntry],
    counted: dict[int, int] | None,
    counter: str,
    prefix: str,
    folders: list[Path],
) -> list[Problem]:
    """``check_log`` on the rows of a letter log, wherever they are kept: ``counted`` is the
    last number the counter (named ``counter`` in messages) issued per year of ``prefix``,
    None when the counter could not be read."""
    problems = [] if counted is None else _counter_problems(counted, counter, prefix, history)
    sent = Counter(e.number for e in history if e.status == SENT)
    for number, times in sent.items():
        if times > 1:
            problems.append(Problem("重复已发 sent twice", number, "", f"{times} 行 rows 已发"))
    roots = [f.resolve() for f in folders]
    for entry in latest(history):
        if entry.status not in (SENT, GENERATED) or not entry.file:
            continue
        path = Path(entry.file)
        if path.parent not in roots:
            continue
        if not path.is_file():
            missing = Problem("文件缺失 file missing", entry.number, entry.file, entry.status)
            problems.append(missing)
        elif entry.sha256 and _sha256(path.read_bytes()) != entry.sha256:
            problems.append(
                Problem("文件已改动 file changed", entry.number, entry.file, "SHA-256 与登记不符")
            )
    known = {e.number for e in history}
    pattern = re.compile(re.escape(prefix) + r"〔\d{4}〕\d+号")
    for root in roots:
        for path in sorted(root.glob("*.docx")):
            text = docx_text(path.read_bytes())
            if text is None:
                problems.append(Problem("无法读取 unreadable", "", str(path), "不是 Word 文件"))
                continue
            for number in dict.fromkeys(pattern.findall(text)):
                if number not in known:
                    problems.append(
                        Problem("未登记 not in the log", number, str(path), "文件中的编号未登记")
                    )
    return problems


def _counter_problems(
    counted: dict[int, int], counter: str, prefix: str, history: list[LogEntry]
) -> list[Problem]:
    pattern = re.compile(re.escape(prefix) + r"〔(\d{4})〕(\d+)号")
    sequences: dict[int, list[int]] = {}
    for entry in history:
        found = pattern.fullmatch(entry.number)
        if found:
            sequences.setdefault(int(found.group(1)), []).append(int(found.group(2)))
    problems = []
    for year, found_in_log in sorted(sequences.items()):
        logged = max(found_in_log)
        last = counted.get(year, 0)
        if last < logged:
            problems.append(
                Problem(
                    "计数器落后 counter behind",
                    f"{prefix}〔{year}〕",
                    counter,
                    f"计数器 counter {last} < 登记簿 log {logged}",
                )
            )
    return problems
