"""The store interface: the letter counter and log, and the archive, whatever keeps them."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from creditbook.archive.audit import Verification
from creditbook.archive.entry import ArchiveEntry
from creditbook.core.errors import CreditbookError
from creditbook.documents.numbering import LogEntry


class StoreError(CreditbookError):
    """The store cannot be opened, or holds something it must not."""


class LetterStore(Protocol):
    """The letter counter (函件编号) and the append-only 发文登记簿."""

    def reserve(
        self, prefix: str, year: int, count: int, *, warnings: list[str] | None = None
    ) -> list[str]:
        """``count`` consecutive numbers for prefix and year, above every logged one."""
        ...

    def log(self, entries: list[LogEntry]) -> None:
        """Append a row for each entry that changes its number's latest state."""
        ...

    def history(self) -> list[LogEntry]:
        """Every row, oldest first."""
        ...

    def latest(self) -> list[LogEntry]:
        """Each number in its latest state, in the order the numbers first appear."""
        ...

    def counters(self) -> dict[tuple[str, int], int]:
        """The last number issued per (prefix, year)."""
        ...


class ArchiveStore(Protocol):
    """The credit archive: hash-chained entries and the documents they name."""

    def file(
        self, customer_id: str, source: str | Path, kind: str, *, by: str | None = None,
        **facts: object,
    ) -> ArchiveEntry:  # fmt: skip
        """File a copy of ``source`` for a customer and log it."""
        ...

    def record(
        self, customer_id: str, kind: str, *, by: str | None = None, **facts: object
    ) -> ArchiveEntry:
        """Log an event that has no document of its own."""
        ...

    def entries(self, customer_id: str | None = None) -> list[ArchiveEntry]: ...

    def document(self, sha256: str) -> bytes:
        """The content of a filed document, by its SHA-256."""
        ...

    def head(self) -> str: ...

    def export(
        self, customer_id: str, out: str | Path, force: bool = False, password: str | None = None
    ) -> list[Path]:
        """One customer's files, a manifest and their entries, for an audit."""
        ...

    def verify(self, expect_head: str | None = None) -> Verification: ...


class Store(Protocol):
    @property
    def letters(self) -> LetterStore: ...

    @property
    def archive(self) -> ArchiveStore: ...

    def describe(self) -> str:
        """Where the data are, for messages (never a password)."""
        ...
