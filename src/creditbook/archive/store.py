"""The archive folder and its SQLite log: filing documents, logging events, reading back."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import asdict
from pathlib import Path

from creditbook.archive.audit import (
    ArchiveProblem,
    Verification,
    chain_problems,
    file_problems,
    stage_export,
)
from creditbook.archive.entry import (
    GENESIS,
    LOCK_NAME,
    LOG_NAME,
    ArchiveEntry,
    ArchiveError,
    check_customer,
    check_kind,
    clean_facts,
    current_user,
    row_entry,
)
from creditbook.files import OutputExists
from creditbook.portable import SymlinkRefused, exclusive_lock
from creditbook.protect import owner_only
from creditbook.winnames import folder_name, legal_file_name

ARCHIVE_DIR = "archive"
NAME_BYTES = 255
"""The longest file name (in UTF-8 bytes) a filed document may get, suffix included."""
BUSY_SECONDS = 60.0
"""How long a reader waits for a writer's commit before SQLite says the log is busy."""
# A filed document's name, in UTF-16 units: archive/<60>/<120> plus a "-2" stays within the
# relative budget (winnames.RELATIVE_UNITS).
FILE_UNITS = 120
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    file TEXT,
    sha256 TEXT,
    facts TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS entries_customer ON entries (customer_id);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, '信用档案日志只能追加，不能修改 (append-only)'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, '信用档案日志只能追加，不能删除 (append-only)'); END;
CREATE TRIGGER IF NOT EXISTS entries_append_only BEFORE INSERT ON entries
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM entries)
  OR NEW.prev_hash IS NOT COALESCE(
       (SELECT hash FROM entries ORDER BY seq DESC LIMIT 1), '{GENESIS}')
BEGIN SELECT RAISE(ABORT, '信用档案日志只能在末尾追加 (append at the end only, no rewrite)'); END;
"""
_TRIGGERS = {
    "entries_no_update": "removed",
    "entries_no_delete": "removed",
    # Logs made before this guard existed lack it until the next `archive add` installs it.
    "entries_append_only": "removed, or the log predates it: `archive add` installs it",
}


class Archive:
    """A credit archive folder: ``<root>/<客户编码>/…`` plus ``<root>/archive-log.sqlite3``.

    Every evaluation, approval form, letter, warning and adjustment is filed under its
    customer's folder and logged: what (kind and facts such as score, grade, limit, letter
    number), who, when, and the file's sha256. Each entry's hash covers the previous entry's
    hash and its own canonical JSON, so a changed, removed or inserted entry breaks the
    chain; SQLite triggers refuse UPDATE and DELETE. Files and folders are owner-only
    (seeds 3 and 5: 保密).
    """

    def __init__(self, root: str | Path = ARCHIVE_DIR) -> None:
        self.root = Path(root)

    @property
    def log_path(self) -> Path:
        return self.root / LOG_NAME

    @contextmanager
    def _connect(self, create: bool = False) -> Iterator[sqlite3.Connection]:
        existed = self.log_path.exists()
        if self.log_path.is_symlink():
            raise ArchiveError(f"{self.log_path}: 档案日志是符号链接 the log is a symlink; 已拒绝")
        if not existed:
            if not create:
                raise ArchiveError(f"{self.root} 中没有信用档案 (no archive log {LOG_NAME})")
            self._make_root()
        try:
            connect = sqlite3.connect(self.log_path, timeout=BUSY_SECONDS, isolation_level=None)
            with closing(connect) as connection:
                connection.row_factory = sqlite3.Row
                if existed:
                    self._check_log(connection)
                if create:
                    connection.executescript(_SCHEMA)
                    if not existed:
                        owner_only(self.log_path)
                yield connection
        except sqlite3.DatabaseError as error:
            raise ArchiveError(
                f"{self.log_path}: 信用档案日志已损坏 the archive log is damaged ({error}); "
                "请从备份恢复 restore it from a backup — nothing was changed"
            ) from None

    def _make_root(self) -> None:
        try:
            self.root.mkdir(parents=True)
        except FileExistsError:
            return  # made by another run a moment ago, or there all along: its mode is kept
        owner_only(self.root)  # only a folder this call created

    @contextmanager
    def _locked(self, create: bool) -> Iterator[None]:
        """Hold the archive's lock file: one writer at a time chooses a name, writes the
        file and appends its entry, and a reader never sees a file whose entry is not yet
        committed. A reader of a folder it may not write to (a read-only share) reads
        without the lock."""
        if create:
            self._make_root()
        with ExitStack() as stack:
            if create or self.log_path.is_file():
                try:
                    stack.enter_context(exclusive_lock(self.root / LOCK_NAME))
                except SymlinkRefused:
                    raise ArchiveError(
                        f"{self.root / LOCK_NAME}: 档案锁文件是符号链接 the lock file is a "
                        "symlink; 已拒绝"
                    ) from None
                except PermissionError:
                    if create:
                        raise
            yield

    def _check_log(self, connection: sqlite3.Connection) -> None:
        """An existing log must be a sound SQLite file with its table: a truncated, emptied
        or replaced log is reported, never silently restarted at entry #1."""
        result = connection.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise sqlite3.DatabaseError(result)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        filed = any(p for p in self.root.iterdir() if p.name != LOG_NAME and p.is_dir())
        if "entries" not in tables or (
            filed and not connection.execute("SELECT 1 FROM entries LIMIT 1").fetchone()
        ):
            raise ArchiveError(
                f"{self.log_path}: 信用档案日志为空或缺少记录表，但档案中已有文件 (log emptied "
                "or truncated while the archive holds files); 拒绝从第 1 条重新开始 — "
                "请从备份恢复 restore it from a backup"
            )

    # ── writing ──────────────────────────────────────────────────────────────
    def file(
        self,
        customer_id: str,
        source: str | Path,
        kind: str,
        *,
        by: str | None = None,
        move: bool = False,
        **facts: object,
    ) -> ArchiveEntry:
        """Copy (or move) ``source`` into the customer's folder and log it.

        The folder is ``<root>/<customer_id>/`` when the id is a legal Windows name with no
        lower-case letter, else the cleaned id with a hash suffix (``winnames.folder_name``);
        the file keeps its name, made legal and at most ``FILE_UNITS`` long.
        """
        customer_id, source = check_customer(customer_id), Path(source)
        if not source.is_file():
            raise ArchiveError(f"要归档的文件不存在: {source}")
        folder = self.root / folder_name(customer_id)
        data = source.read_bytes()
        with self._locked(create=True), self._connect(create=True) as connection:
            if folder.is_symlink():
                raise ArchiveError(f"{folder}: 客户目录是符号链接 customer folder is a symlink")
            if not folder.exists():
                folder.mkdir()
                owner_only(folder)
            target = _write_new(folder, legal_file_name(source.name, FILE_UNITS), data)
            try:
                entry = self._append(
                    connection, customer_id, kind, by, facts,
                    target.relative_to(self.root).as_posix(), hashlib.sha256(data).hexdigest(),
                )  # fmt: skip
            except BaseException:
                target.unlink(missing_ok=True)
                raise
        if move:
            source.unlink()
        return entry

    def record(
        self, customer_id: str, kind: str, *, by: str | None = None, **facts: object
    ) -> ArchiveEntry:
        """Log an event that has no document of its own (a warning, a register change)."""
        customer_id = check_customer(customer_id)
        with self._locked(create=True), self._connect(create=True) as connection:
            return self._append(connection, customer_id, kind, by, facts)

    def _append(
        self,
        connection: sqlite3.Connection,
        customer_id: str,
        kind: str,
        by: str | None,
        facts: dict[str, object],
        file: str | None = None,
        sha256: str | None = None,
    ) -> ArchiveEntry:
        check_kind(kind)
        connection.execute("BEGIN IMMEDIATE")
        try:
            last = connection.execute(
                "SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            draft = ArchiveEntry(
                seq=(last["seq"] if last else 0) + 1,
                recorded_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                recorded_by=by or current_user(),
                customer_id=customer_id,
                kind=kind,
                file=file,
                sha256=sha256,
                facts=clean_facts(facts),
                prev_hash=last["hash"] if last else GENESIS,
            )
            entry = ArchiveEntry(**{**asdict(draft), "hash": draft.computed_hash()})
            connection.execute(
                "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.seq, entry.recorded_at, entry.recorded_by, entry.customer_id,
                    entry.kind, entry.file, entry.sha256,
                    json.dumps(entry.facts, ensure_ascii=False, sort_keys=True),
                    entry.prev_hash, entry.hash,
                ),
            )  # fmt: skip
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return entry

    # ── reading ──────────────────────────────────────────────────────────────
    def entries(self, customer_id: str | None = None) -> list[ArchiveEntry]:
        """Log entries in order, all or one customer's."""
        with self._connect() as connection:
            if customer_id is None:
                rows = connection.execute("SELECT * FROM entries ORDER BY seq")
            else:
                rows = connection.execute(
                    "SELECT * FROM entries WHERE customer_id = ? ORDER BY seq", (customer_id,)
                )
            return [row_entry(row) for row in rows]

    def customers(self) -> list[str]:
        with self._connect() as connection:
            rows = connection.execute("SELECT DISTINCT customer_id FROM entries ORDER BY 1")
            return [row[0] for row in rows]

    def head(self) -> str:
        """The hash of the last entry (GENESIS for an empty log): record it to detect rollback."""
        entries = self.entries()
        return entries[-1].hash if entries else GENESIS

    def verify(self, expect_head: str | None = None) -> Verification:
        """Check the chain, the triggers and every file's sha256; list every problem.

        ``expect_head`` is a head recorded earlier (printed on reports and approval forms):
        it must still be in the chain, else entries were removed or the log rolled back.
        """
        with self._locked(create=False):
            return self._verify(expect_head)

    def _verify(self, expect_head: str | None) -> Verification:
        with self._connect() as connection:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        problems = [
            ArchiveProblem(f"追加保护触发器缺失 (trigger {name} {why})")
            for name, why in _TRIGGERS.items()
            if name not in names
        ]
        entries = self.entries()
        problems += chain_problems(entries)
        problems += file_problems(self.root, entries)
        if expect_head and expect_head.strip().lower() not in {GENESIS, *(e.hash for e in entries)}:
            problems.append(
                ArchiveProblem(
                    f"记录的链头 {expect_head.strip()[:16]}… 不在日志中 (expected head not in the "
                    "log: entries removed or the log rolled back to an older copy)"
                )
            )
        head = entries[-1].hash if entries else GENESIS
        return Verification(len(entries), head, tuple(problems))

    def export(
        self, customer_id: str, out: str | Path, force: bool = False, password: str | None = None
    ) -> list[Path]:
        """Copy one customer's files, a manifest and their log entries into ``out``."""
        entries = self.entries(check_customer(customer_id))
        if not entries:
            raise ArchiveError(f"档案中没有客户 {customer_id} 的记录")
        out = Path(out)
        if out.exists() and any(out.iterdir()) and not force:
            raise OutputExists(f"{out} already exists and is not empty; use --force")
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=".export-") as staging:
            written = stage_export(self.root, entries, Path(staging), password)
            if not out.exists():
                out.mkdir()
                owner_only(out)  # a folder this export created; an existing one keeps its mode
            for path in written:
                target = out / path.relative_to(staging)
                shutil.move(path, target)
        return [out / path.relative_to(staging) for path in written]


def _free_name(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or ``stem-2.ext``, ``stem-3.ext``… when taken, also by a name
    that differs only by case (one file on Windows); a stem is shortened so that the name with
    its number stays within ``NAME_BYTES``."""
    taken = {path.name.casefold() for path in folder.iterdir()}
    target, number = folder / name, 1
    while target.name.casefold() in taken:
        number += 1
        target = folder / _numbered(name, number)
    return target


def _numbered(name: str, number: int) -> str:
    stem, suffix = Path(name).stem, Path(name).suffix
    tail = f"-{number}{suffix}"
    while stem and len((stem + tail).encode("utf-8")) > NAME_BYTES:
        stem = stem[:-1]
    return stem + tail


def _write_new(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as a new file in ``folder`` under ``name`` or its next free variant;
    return its path. Called under the archive lock: the data goes to a short temporary name
    (``.<random>.part``, whatever the length of ``name``), is flushed to disk, and is renamed
    onto a name that no file has, so no filed document is ever replaced."""
    temporary = folder / f".{secrets.token_hex(6)}.part"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    handle = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        while True:
            target = _free_name(folder, name)
            try:
                # Under the lock no creditbook run files here at the same time; a name taken
                # meanwhile by anything else is skipped, never overwritten (a rename onto an
                # existing name fails on Windows; on POSIX the check just above guards it).
                os.rename(temporary, target)
            except FileExistsError:
                continue
            except OSError as error:
                if error.errno != errno.EEXIST:
                    raise
                continue
            owner_only(target)
            return target
    finally:
        temporary.unlink(missing_ok=True)
