"""Letter numbers (函件编号): prefix〔year〕sequence, issued in order and never reused."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path

from creditbook.core.errors import CreditbookError
from creditbook.files import atomic_write_text


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
    try:
        lock = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as error:
        raise CounterError(
            f"{lock_path}: 无法打开计数器锁文件 cannot open the counter's lock file "
            f"({error.strerror}); a symlink there is refused"
        ) from None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    finally:
        os.close(lock)


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


VOID_STATUS = "作废"


def void_log_path(path: str | Path) -> Path:
    """Where numbers reserved and never used are recorded, beside the counter file."""
    path = Path(path)
    return path.with_name(path.stem + "-作废.jsonl")


def void(path: str | Path, numbers: list[str], reason: str) -> Path | None:
    """Record ``numbers`` as 作废 (reserved, never issued) with the reason; they stay used.

    One JSON object per line is appended under the counter's lock, so the gap in the
    sequence is explained in writing.
    """
    if not numbers:
        return None
    import datetime as dt

    path = Path(path).resolve()
    log = void_log_path(path)
    when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    lines = "".join(
        json.dumps({"number": n, "status": VOID_STATUS, "reason": reason, "time": when},
                   ensure_ascii=False) + "\n"
        for n in numbers
    )  # fmt: skip
    with _locked(path), open(log, "a", encoding="utf-8") as handle:
        handle.write(lines)
        handle.flush()
        os.fsync(handle.fileno())
    return log
