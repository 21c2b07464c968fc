"""Letter numbers (函件编号): prefix〔year〕sequence, issued in order and never reused, and
the 发文登记簿 that records what became of each number (已发 or 作废)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from creditbook.core.errors import CreditbookError
from creditbook.files import atomic_write_bytes, atomic_write_text
from creditbook.portable import exclusive_lock
from creditbook.usertext import csv_kept, csv_read_back


class CounterError(CreditbookError):
    """The letter-number counter file cannot be read."""


def format_number(prefix: str, year: int, sequence: int) -> str:
    """('华瑞财函', 2026, 7) → '华瑞财函〔2026〕0007号'."""
    return f"{prefix}〔{year}〕{sequence:04d}号"


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
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(year): int(last) for year, last in data["last"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CounterError(
            f"{path}: 函件编号计数器已损坏 letter-number counter unreadable ({error}); "
            "restore it from backup — numbers must never be reused"
        ) from None


def reserve_numbers(path: str | Path, prefix: str, year: int, count: int) -> list[str]:
    """Reserve ``count`` consecutive numbers for ``year``; the counter is saved before use.

    A number reserved and then not used (a failed letter) is skipped, never issued again.
    """
    # A counter that is a symlink (one counter shared by several folders) is followed on
    # purpose: the real file is updated, the link stays a link.
    path = Path(path).resolve()
    if count <= 0:
        return []
    with _locked(path):
        last = _read(path)
        start = last.get(str(year), 0) + 1
        last[str(year)] = start + count - 1
        text = json.dumps({"prefix": prefix, "last": last}, ensure_ascii=False, indent=2)
        atomic_write_text(path, text + "\n", force=True)
    return [format_number(prefix, year, n) for n in range(start, start + count)]


# ── 发文登记簿 the letter log, beside the counter ──────────────────────────────────────

SENT = "已发"
VOID = "作废"
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
)
RESERVED_NOTE = "编号已预留，文书未生成（运行中断）"


@dataclass(frozen=True)
class LogEntry:
    """A row of the 发文登记簿: every number ever reserved, 已发 or 作废 with the reason."""

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
        ]


def read_log(path: str | Path) -> list[LogEntry]:
    """The letter log's rows (none when the file does not exist yet)."""
    path = Path(path)
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        try:
            entries.append(
                LogEntry(
                    number=csv_read_back(row[0]),
                    date=dt.date.fromisoformat(row[1]),
                    customer_id=csv_read_back(row[2]),
                    customer_name=csv_read_back(row[3]),
                    document=csv_read_back(row[4]),
                    stage=csv_read_back(row[5]),
                    amount=Decimal(row[6]) if row[6] else None,
                    file=csv_read_back(row[7]),
                    status=csv_read_back(row[8]),
                    note=csv_read_back(row[9]),
                )
            )
        except (IndexError, ValueError, InvalidOperation):
            raise CounterError(
                f"{path} 第 {number} 行 row {number}: 发文登记簿无法读取 letter log unreadable; "
                "restore it from backup"
            ) from None
    return entries


_LOG_FIGURES = (1, 6)  # 日期 and 金额: written as they are, never marked as text


def _write_log(path: Path, entries: list[LogEntry]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(LOG_HEADERS)
    for entry in entries:
        row = entry.row()
        writer.writerow([v if i in _LOG_FIGURES else csv_kept(v) for i, v in enumerate(row)])
    atomic_write_bytes(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"), force=True)


def log_letters(path: str | Path, entries: list[LogEntry]) -> None:
    """Add entries to the log, or replace those with the same number (status updates)."""
    if not entries:
        return
    path = Path(path)
    with _locked(path):
        current = read_log(path)
        updates = {e.number: e for e in entries}
        merged = [updates.pop(e.number, e) for e in current]
        merged.extend(e for e in entries if e.number in updates)
        _write_log(path, merged)


def settled(entries: list[LogEntry], outcomes: Mapping[str, tuple[str, str]]) -> list[LogEntry]:
    """Reserved entries after a batch: 已发 with the file for each number whose document was
    written, 作废 with the error for each that failed; numbers never reached stay 作废."""
    result = []
    for entry in entries:
        if entry.number not in outcomes:
            result.append(entry)
            continue
        file, error = outcomes[entry.number]
        if error:
            result.append(replace(entry, status=VOID, note=f"生成失败 failed: {error}"))
        else:
            result.append(replace(entry, file=file, status=SENT, note=""))
    return result


def replaced(path: str | Path, done: Mapping[str, tuple[str, str]], new: list[LogEntry]):
    """Earlier 已发 entries whose file a document of this run overwrote, now 作废."""
    written = {file: number for number, (file, error) in done.items() if file and not error}
    ours = {e.number for e in new}
    return [
        replace(e, status=VOID, note=f"文件已被 {written[e.file]} 覆盖，未寄出")
        for e in read_log(path)
        if e.status == SENT and e.file in written and e.number not in ours
    ]


def void_numbers(path: str | Path, numbers: list[str], reason: str) -> list[LogEntry]:
    """Mark logged numbers 作废 with a reason (e.g. a letter withdrawn before posting)."""
    path = Path(path)
    with _locked(path):
        current = read_log(path)
        known = {e.number for e in current}
        missing = [n for n in numbers if n not in known]
        if missing:
            raise CounterError(f"{path}: 登记簿中没有这些编号 not in the log: {', '.join(missing)}")
        changed = [
            replace(e, status=VOID, note=reason) if e.number in numbers else e for e in current
        ]
        _write_log(path, changed)
    return [e for e in changed if e.number in numbers]


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
    """The 发文登记簿 as an XLSX workbook (title row, header, one row per number)."""
    from creditbook.files import atomic_save

    entries = read_log(log)
    return atomic_save(Path(out), lambda path: _log_workbook(entries).save(path), force=force)


def _log_workbook(entries: list[LogEntry]):
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from creditbook.usertext import set_cell, write_row

    book = Workbook()
    book.properties.creator = "creditbook"
    sheet = book.active
    sheet.title = "发文登记簿"
    set_cell(sheet["A1"], "发文登记簿（催收函件编号、日期、客户、金额及状态）")
    sheet["A1"].font = Font(bold=True, size=12)
    write_row(sheet, 2, LOG_HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    for row, entry in enumerate(entries, 3):
        values: list[object] = entry.row()
        values[1] = entry.date
        values[6] = entry.amount
        write_row(sheet, row, values)
        sheet.cell(row, 2).number_format = "yyyy-mm-dd"
        sheet.cell(row, 7).number_format = "#,##0.00"
    widths = (24, 12, 12, 30, 12, 10, 14, 36, 8, 36)
    for column, width in zip("ABCDEFGHIJ", widths, strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    return book
