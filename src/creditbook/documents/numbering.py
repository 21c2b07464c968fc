"""Letter numbers (函件编号): prefix〔year〕sequence, issued in order and never reused, and
the 发文登记簿 that records what became of each number (已发, 已生成 or 作废).

The 发文登记簿 is the record. It is append-only: a number's change of state (reserved → 已发,
已发 → 作废, …) is a new row for that number, never a rewrite of an earlier row, and reading
the log gives each number's latest state. The counter only remembers where numbering stands;
a counter behind the log is moved forward (never reused), one that cannot be trusted is
refused."""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from creditbook.core.errors import CreditbookError
from creditbook.files import atomic_write_bytes, atomic_write_text
from creditbook.portable import exclusive_lock
from creditbook.usertext import csv_kept, csv_read_back


class CounterError(CreditbookError):
    """The letter-number counter file (or the letter log) cannot be read or trusted."""


def format_number(prefix: str, year: int, sequence: int) -> str:
    """('华瑞财函', 2026, 7) → '华瑞财函〔2026〕0007号'."""
    return f"{prefix}〔{year}〕{sequence:04d}号"


def sequence_of(number: str, prefix: str, year: int) -> int | None:
    """'华瑞财函〔2026〕0007号' → 7 for that prefix and year; None for any other number."""
    found = re.fullmatch(re.escape(f"{prefix}〔{year}〕") + r"(\d+)号", number)
    return int(found.group(1)) if found else None


def decode_text(data: bytes) -> tuple[str, str]:
    """A text file as creditbook or Excel saved it → (text, encoding): UTF-8 with or without
    a BOM, or GB18030 (a CSV re-saved by Chinese Excel). Undecodable bytes raise ValueError."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the counter's lock file; a symlink there is refused, never followed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(exclusive_lock(lock_path))
        except OSError as error:
            raise CounterError(
                f"{lock_path}: 无法打开计数器锁文件 cannot open the counter's lock file "
                f"({error.strerror}); a symlink there is refused"
            ) from None
        yield


def _read(path: Path) -> dict[str, int]:
    if not path.exists():
        return {}
    try:
        data = json.loads(decode_text(path.read_bytes())[0])
        last = dict(data["last"].items())
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CounterError(
            f"{path}: 函件编号计数器已损坏 letter-number counter unreadable ({error}); "
            "restore it from backup — numbers must never be reused"
        ) from None
    for year, value in last.items():
        # bool is an int in Python, and 2.9 or -5 would reissue or invent numbers
        if type(value) is not int or value < 0 or not re.fullmatch(r"\d{4}", year):
            raise CounterError(
                f"{path}: 函件编号计数器不可信 letter-number counter cannot be trusted: "
                f'"{year}": {json.dumps(value, ensure_ascii=False)}'
                "（须为四位年份和不小于 0 的整数 must be a year and a whole number ≥ 0）; "
                "请从备份恢复该文件，或删除它（编号将从发文登记簿中最大的编号之后继续）"
                " restore it from backup, or delete it and numbering continues after the "
                "highest number in the letter log"
            )
    return last


def _highest_logged(log: Path | None, prefix: str, year: int) -> int:
    """The highest sequence the letter log holds for this prefix and year (0 for none)."""
    if log is None:
        return 0
    found = (sequence_of(e.number, prefix, year) for e in log_history(log))
    return max((n for n in found if n is not None), default=0)


def reserve_numbers(
    path: str | Path,
    prefix: str,
    year: int,
    count: int,
    *,
    log: str | Path | None = None,
    warnings: list[str] | None = None,
) -> list[str]:
    """Reserve ``count`` consecutive numbers for ``year``; the counter is saved before use.

    The numbers are above every number of this prefix and year in the letter ``log``: a
    counter behind it (restored from an old backup, deleted) is moved forward, and the
    repair is added to ``warnings``. A number reserved and then not used (a failed letter)
    is skipped, never issued again.
    """
    # A counter that is a symlink (one counter shared by several folders) is followed on
    # purpose: the real file is updated, the link stays a link.
    path = Path(path).resolve()
    if count <= 0:
        return []
    with _locked(path):
        last = _read(path)
        counted = last.get(str(year))
        logged = _highest_logged(None if log is None else Path(log), prefix, year)
        if logged > (counted or 0):
            shown = "无 none" if counted is None else str(counted)
            if warnings is not None:
                warnings.append(
                    f"{path}: 函件编号计数器落后于发文登记簿 the counter is behind the letter log "
                    f"({year} 年计数器 counter {shown}，登记簿已用到 log has {logged}); "
                    f"已修正，从 {logged + 1} 续编 repaired, continuing from {logged + 1}"
                )
        start = max(counted or 0, logged) + 1
        last[str(year)] = start + count - 1
        text = json.dumps({"prefix": prefix, "last": last}, ensure_ascii=False, indent=2)
        atomic_write_text(path, text + "\n", force=True)
    return [format_number(prefix, year, n) for n in range(start, start + count)]


# ── 发文登记簿 the letter log, beside the counter ──────────────────────────────────────

SENT = "已发"
VOID = "作废"
GENERATED = "已生成（未确认寄出）"  # found on disk after an interrupted run; not known posted
LOG_HEADERS = (
    "编号",
    "日期",
    "客户编码",
    "客户名称",
    "文书",
    "催收阶段",
    "金额",
    "文件",
    "状态",
    "说明",
    "SHA-256",
)
RESERVED_NOTE = "编号已预留，文书未生成（运行中断）"
NOT_REACHED_NOTE = "未生成 not written: 运行中断 the run stopped before it"


@dataclass(frozen=True)
class LogEntry:
    """A row of the 发文登记簿: a number's state (已发, 已生成 or 作废 with the reason).

    A number reserved for a document not yet on disk is 作废 with ``RESERVED_NOTE`` (and the
    file it will be), so that a run that dies leaves no number looking sent."""

    number: str
    date: dt.date
    customer_id: str
    customer_name: str
    document: str
    stage: str
    amount: Decimal | None
    file: str = ""
    status: str = VOID
    note: str = RESERVED_NOTE
    sha256: str = ""

    @property
    def pending(self) -> bool:
        """Reserved by a run that has not (yet) said what became of the number."""
        return self.status == VOID and self.note == RESERVED_NOTE

    def row(self) -> list[str]:
        amount = "" if self.amount is None else f"{self.amount:.2f}"
        return [
            self.number,
            self.date.isoformat(),
            self.customer_id,
            self.customer_name,
            self.document,
            self.stage,
            amount,
            self.file,
            self.status,
            self.note,
            self.sha256,
        ]


_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")  # Excel re-saves 2026-11-30 as 2026/11/30


def _date(text: str) -> dt.date:
    found = _DATE.fullmatch(text.strip())
    if not found:
        raise ValueError(text)
    return dt.date(*map(int, found.groups()))


def _read_rows(path: Path) -> tuple[list[list[str]], str]:
    try:
        text, encoding = decode_text(path.read_bytes())
    except ValueError:
        raise CounterError(
            f"{path}: 发文登记簿编码无法识别 letter log is neither UTF-8 nor GB18030; "
            "restore it from backup"
        ) from None
    return list(csv.reader(io.StringIO(text, newline=""))), encoding


def log_history(path: str | Path) -> list[LogEntry]:
    """Every row of the letter log, oldest first (none when the file does not exist yet).

    A log written before the SHA-256 column existed is read with that column empty."""
    path = Path(path)
    if not path.exists():
        return []
    rows, _encoding = _read_rows(path)
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(field.strip() for field in row):
            continue  # a blank line Excel or an editor left
        try:
            entries.append(
                LogEntry(
                    number=csv_read_back(row[0]),
                    date=_date(row[1]),
                    customer_id=csv_read_back(row[2]),
                    customer_name=csv_read_back(row[3]),
                    document=csv_read_back(row[4]),
                    stage=csv_read_back(row[5]),
                    amount=Decimal(row[6]) if row[6] else None,
                    file=csv_read_back(row[7]),
                    status=csv_read_back(row[8]),
                    note=csv_read_back(row[9]),
                    sha256=row[10] if len(row) > 10 else "",
                )
            )
        except (IndexError, ValueError, InvalidOperation):
            raise CounterError(
                f"{path} 第 {number} 行 row {number}: 发文登记簿无法读取 letter log unreadable; "
                "restore it from backup"
            ) from None
    return entries


def latest(entries: list[LogEntry]) -> list[LogEntry]:
    """Each number's latest state, in the order the numbers first appear."""
    states: dict[str, LogEntry] = {}
    for entry in entries:
        states[entry.number] = entry  # a dict keeps the first key's place
    return list(states.values())


def read_log(path: str | Path) -> list[LogEntry]:
    """Each number of the letter log in its latest state (none when there is no log yet)."""
    return latest(log_history(path))


_LOG_FIGURES = (1, 6)  # 日期 and 金额: written as they are, never marked as text


def _csv_rows(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([v if i in _LOG_FIGURES else csv_kept(v) for i, v in enumerate(row)])
    return buffer.getvalue()


def _append(path: Path, entries: list[LogEntry]) -> None:
    """Add rows after the existing bytes, which are kept exactly (in their own encoding:
    UTF-8, or GB18030 after a re-save in Excel); the file is replaced whole and atomically,
    so a crash leaves the old log or the new one, never half a row."""
    old = path.read_bytes() if path.exists() else b""
    text = _csv_rows([e.row() for e in entries])
    if not old.strip(codecs.BOM_UTF8 + b"\r\n"):
        data = ("\ufeff" + _csv_rows([list(LOG_HEADERS)]) + text).encode("utf-8")
    else:
        encoding = _read_rows(path)[1]
        ending = b"" if old.endswith(b"\n") else b"\r\n"
        data = old + ending + text.encode(encoding)
    atomic_write_bytes(path, data, force=True)


def log_letters(path: str | Path, entries: list[LogEntry]) -> None:
    """Record entries: a row for each number whose state they change (an entry equal to the
    number's latest state adds nothing). Earlier rows are never changed."""
    path = Path(path)
    with _locked(path):
        states = {e.number: e for e in read_log(path)}
        new = []
        for entry in entries:
            if states.get(entry.number) != entry:
                states[entry.number] = entry
                new.append(entry)
        if new:
            _append(path, new)


def settled(entries: list[LogEntry], outcomes: Mapping[str, tuple[str, str]]) -> list[LogEntry]:
    """Reserved entries after a batch: 已发 with the file for each number whose document was
    written, 作废 with the error for each that failed or was never reached."""
    result = []
    for entry in entries:
        if entry.number not in outcomes:
            result.append(replace(entry, status=VOID, note=NOT_REACHED_NOTE))
            continue
        file, error = outcomes[entry.number]
        if error:
            result.append(replace(entry, status=VOID, note=f"生成失败 failed: {error}"))
        else:
            result.append(replace(entry, file=file, status=SENT, note=""))
    return result


def replaced(path: str | Path, done: Mapping[str, tuple[str, str]], new: list[LogEntry]):
    """Earlier letters (已发 or 已生成) whose file a document of this run overwrote, now 作废."""
    written = {file: number for number, (file, error) in done.items() if file and not error}
    ours = {e.number for e in new}
    return [
        replace(e, status=VOID, note=f"文件已被 {written[e.file]} 覆盖，未寄出")
        for e in read_log(path)
        if e.status in (SENT, GENERATED) and e.file in written and e.number not in ours
    ]


def void_numbers(path: str | Path, numbers: list[str], reason: str) -> list[LogEntry]:
    """Mark logged numbers 作废 with a reason (e.g. a letter withdrawn before posting): a new
    row for each, after the rows that stay as they were."""
    path = Path(path)
    with _locked(path):
        states = {e.number: e for e in read_log(path)}
        missing = [n for n in numbers if n not in states]
        if missing:
            raise CounterError(f"{path}: 登记簿中没有这些编号 not in the log: {', '.join(missing)}")
        voided = [replace(states[n], status=VOID, note=reason) for n in dict.fromkeys(numbers)]
        _append(path, voided)
    return voided


COLLECTION_LETTERS = ("付款提醒函", "催款函", "最后催告函")


def earlier_letters(
    entries: list[LogEntry], customer_id: str, before: dt.date, limit: int = 5
) -> list[LogEntry]:
    """The collection letters sent to a customer on or before a date, newest first (at most
    ``limit``); notices and void numbers are not letters sent."""
    sent = [
        e
        for e in entries
        if e.customer_id == customer_id
        and e.status == SENT
        and e.date <= before
        and e.document in COLLECTION_LETTERS
    ]
    sent.sort(key=lambda e: (e.date, e.number), reverse=True)
    return sent[:limit]


def export_log(log: str | Path, out: str | Path, force: bool = False) -> Path:
    """The 发文登记簿 as an XLSX workbook (title row, header, one row per number in its
    latest state)."""
    from creditbook.files import atomic_save

    entries = read_log(log)
    return atomic_save(Path(out), lambda path: _log_workbook(entries).save(path), force=force)


def _log_workbook(entries: list[LogEntry]):
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

    from creditbook.usertext import set_cell, write_row

    book = Workbook()
    book.properties.creator = "creditbook"
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new Workbook's one sheet
    sheet.title = "发文登记簿"
    set_cell(sheet["A1"], "发文登记簿（催收函件编号、日期、客户、金额及状态）")
    sheet["A1"].font = Font(bold=True, size=12)
    write_row(sheet, 2, LOG_HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    for row, entry in enumerate(entries, 3):
        values: list[object] = [*entry.row()]
        values[1] = entry.date
        values[6] = entry.amount
        write_row(sheet, row, values)
        sheet.cell(row, 2).number_format = "yyyy-mm-dd"
        sheet.cell(row, 7).number_format = "#,##0.00"
    widths = (24, 12, 12, 30, 12, 10, 14, 36, 8, 36, 66)
    for column, width in zip("ABCDEFGHIJK", widths, strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    return book
