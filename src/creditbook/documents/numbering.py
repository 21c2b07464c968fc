"""Letter numbers (函件编号): prefix〔year〕sequence, issued in order and never reused."""

from __future__ import annotations

import contextlib
import fcntl
import json
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
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


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
    path = Path(path)
    if count <= 0:
        return []
    with _locked(path):
        last = _read(path)
        start = last.get(str(year), 0) + 1
        last[str(year)] = start + count - 1
        text = json.dumps({"prefix": prefix, "last": last}, ensure_ascii=False, indent=2)
        atomic_write_text(path, text + "\n", force=True)
    return [format_number(prefix, year, n) for n in range(start, start + count)]
