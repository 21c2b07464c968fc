"""The embedded store: the counter JSON, the 发文登记簿 CSV and the archive folder of today,
behind the store interface. Behaviour is that of ``documents.numbering`` and ``archive``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from creditbook.archive import Archive, ArchiveEntry, ArchiveError, Verification
from creditbook.archive.audit import inside
from creditbook.documents import numbering
from creditbook.documents.numbering import LogEntry


@dataclass
class EmbeddedLetters:
    counter: Path
    log_path: Path

    def reserve(
        self, prefix: str, year: int, count: int, *, warnings: list[str] | None = None
    ) -> list[str]:
        return numbering.reserve_numbers(
            self.counter, prefix, year, count, log=self.log_path, warnings=warnings
        )

    def log(self, entries: list[LogEntry]) -> None:
        numbering.log_letters(self.log_path, entries)

    def history(self) -> list[LogEntry]:
        return numbering.log_history(self.log_path)

    def latest(self) -> list[LogEntry]:
        return numbering.read_log(self.log_path)

    def counters(self) -> dict[tuple[str, int], int]:
        if not self.counter.exists():
            return {}
        data = json.loads(numbering.decode_text(self.counter.read_bytes())[0])
        numbering._read(self.counter)  # the same checks as numbering itself
        return {(str(data.get("prefix", "")), int(y)): int(n) for y, n in data["last"].items()}


class EmbeddedArchive:
    """An archive folder with its SQLite log (``creditbook.archive.Archive``)."""

    def __init__(self, root: str | Path) -> None:
        self.folder = Archive(root)

    def file(
        self, customer_id: str, source: str | Path, kind: str, *, by: str | None = None,
        **facts: object,
    ) -> ArchiveEntry:  # fmt: skip
        return self.folder.file(customer_id, source, kind, by=by, **facts)  # type: ignore[arg-type]

    def record(
        self, customer_id: str, kind: str, *, by: str | None = None, **facts: object
    ) -> ArchiveEntry:
        return self.folder.record(customer_id, kind, by=by, **facts)

    def entries(self, customer_id: str | None = None) -> list[ArchiveEntry]:
        return self.folder.entries(customer_id)

    def document(self, sha256: str) -> bytes:
        for entry in self.folder.entries():
            path = inside(self.folder.root, entry.file) if entry.file else None
            if entry.sha256 == sha256 and path is not None and path.is_file():
                return path.read_bytes()
        raise ArchiveError(f"档案中没有此文件 no document with SHA-256 {sha256}")

    def head(self) -> str:
        return self.folder.head()

    def export(
        self, customer_id: str, out: str | Path, force: bool = False, password: str | None = None
    ) -> list[Path]:
        return self.folder.export(customer_id, out, force, password)

    def verify(self, expect_head: str | None = None) -> Verification:
        return self.folder.verify(expect_head)


class EmbeddedStore:
    """Files beside the settings: nothing to install, one PC (or a careful few) at a time."""

    def __init__(self, counter: Path, log: Path, archive: str | Path) -> None:
        self.letters = EmbeddedLetters(Path(counter), Path(log))
        self.archive = EmbeddedArchive(archive)

    def describe(self) -> str:
        return (
            f"本机文件 embedded: {self.letters.counter}, {self.letters.log_path}, "
            f"{self.archive.folder.root}"
        )
