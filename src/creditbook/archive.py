"""The credit archive (信用档案): documents filed per customer, logged append-only and hash-chained.

Every evaluation, approval form, letter, warning and adjustment is filed under
``archive/<客户编码>/`` and recorded in an SQLite log beside it: what (kind and facts such
as score, grade, limit, letter number), who, when, and the file's sha256. Each entry's hash
covers the previous entry's hash and its own canonical JSON, so a changed, removed or
inserted entry breaks the chain; SQLite triggers refuse UPDATE and DELETE. Files and folders
are owner-only (seed 3 and 5: 保密).
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import hashlib
import io
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from creditbook.core.errors import CreditbookError
from creditbook.files import OutputExists, atomic_write_bytes
from creditbook.protect import OFFICE_SUFFIXES, encrypt_office_file, owner_only

ARCHIVE_DIR = "archive"
LOG_NAME = "archive-log.sqlite3"
GENESIS = "0" * 64
KINDS = {
    "evaluation": "评估报告",
    "approval": "额度审批",
    "letter": "催收函",
    "warning": "预警",
    "adjustment": "信用调整",
    "register": "档案登记",
    "document": "其他资料",
}
FACT_LABELS = {
    "as_of": "基准日",
    "inputs_hash": "输入哈希",
    "score": "得分",
    "grade": "等级",
    "limit": "额度",
    "term_days": "期限(天)",
    "policy": "政策",
    "policy_version": "政策版本",
    "letter_no": "函件编号",
    "stage": "催收阶段",
    "amount": "金额",
    "note": "备注",
}
FACTS = tuple(FACT_LABELS)
_SCHEMA = """
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
"""
_TRIGGERS = ("entries_no_update", "entries_no_delete")


class ArchiveError(CreditbookError):
    """The archive is missing, or a request to it cannot be met."""


@dataclass(frozen=True)
class ArchiveEntry:
    """One line of the log. ``file`` is relative to the archive folder (POSIX separators)."""

    seq: int
    recorded_at: str
    recorded_by: str
    customer_id: str
    kind: str
    file: str | None
    sha256: str | None
    facts: dict[str, object] = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    def computed_hash(self) -> str:
        """sha256 of the previous hash followed by this entry's canonical JSON."""
        body = {key: value for key, value in asdict(self).items() if key != "hash"}
        canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256((self.prev_hash + canonical).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ArchiveProblem:
    """Something ``verify`` found wrong, naming the entry and file."""

    message: str
    seq: int | None = None
    file: str | None = None

    def __str__(self) -> str:
        where = f"第 {self.seq} 条" if self.seq is not None else ""
        target = f" {self.file}" if self.file else ""
        return f"{where}{target}: {self.message}".lstrip(": ").strip()


@dataclass(frozen=True)
class Verification:
    entries: int
    head: str
    problems: tuple[ArchiveProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def current_user() -> str:
    """The OS user name; who is recorded when ``--by`` is not given."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _clean_facts(facts: dict[str, object]) -> dict[str, object]:
    unknown = sorted(set(facts) - set(FACTS))
    if unknown:
        raise ArchiveError(f"未知的档案字段 unknown fact(s): {', '.join(unknown)}")
    return {key: _json_value(value) for key, value in facts.items() if value not in (None, "")}


def _check_customer(customer_id: str) -> str:
    customer_id = str(customer_id).strip()
    if not customer_id or customer_id in {".", ".."} or any(c in customer_id for c in "/\\:"):
        raise ArchiveError(f"客户编码不能用作档案目录名: {customer_id!r}")
    return customer_id


def _row_entry(row: sqlite3.Row) -> ArchiveEntry:
    return ArchiveEntry(
        seq=row["seq"],
        recorded_at=row["recorded_at"],
        recorded_by=row["recorded_by"],
        customer_id=row["customer_id"],
        kind=row["kind"],
        file=row["file"],
        sha256=row["sha256"],
        facts=json.loads(row["facts"]),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


@dataclass(frozen=True)
class CustomerHistory:
    """One customer's file: grade and limit over time, letters sent, warnings, other papers."""

    customer_id: str
    ratings: tuple[ArchiveEntry, ...]
    letters: tuple[ArchiveEntry, ...]
    warnings: tuple[ArchiveEntry, ...]
    others: tuple[ArchiveEntry, ...]


def customer_history(entries: list[ArchiveEntry], customer_id: str) -> CustomerHistory:
    """Sort a customer's entries into ratings (grade/limit), letters, warnings and the rest."""
    own = [e for e in entries if e.customer_id == customer_id]
    rating = [e for e in own if e.kind in {"evaluation", "approval", "adjustment", "register"}]
    return CustomerHistory(
        customer_id,
        ratings=tuple(rating),
        letters=tuple(e for e in own if e.kind == "letter"),
        warnings=tuple(e for e in own if e.kind == "warning"),
        others=tuple(e for e in own if e.kind == "document"),
    )


class Archive:
    """A credit archive folder: ``<root>/<客户编码>/…`` plus ``<root>/archive-log.sqlite3``."""

    def __init__(self, root: str | Path = ARCHIVE_DIR) -> None:
        self.root = Path(root)

    @property
    def log_path(self) -> Path:
        return self.root / LOG_NAME

    @contextmanager
    def _connect(self, create: bool = False) -> Iterator[sqlite3.Connection]:
        if not self.log_path.exists():
            if not create:
                raise ArchiveError(f"{self.root} 中没有信用档案 (no archive log {LOG_NAME})")
            self.root.mkdir(parents=True, exist_ok=True)
            owner_only(self.root)
        with closing(sqlite3.connect(self.log_path, isolation_level=None)) as connection:
            connection.row_factory = sqlite3.Row
            if create:
                connection.executescript(_SCHEMA)
                owner_only(self.log_path)
            yield connection

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
        """Copy (or move) ``source`` into ``<root>/<customer_id>/`` and log it."""
        customer_id, source = _check_customer(customer_id), Path(source)
        if not source.is_file():
            raise ArchiveError(f"要归档的文件不存在: {source}")
        folder = self.root / customer_id
        with self._connect(create=True) as connection:
            folder.mkdir(exist_ok=True)
            owner_only(folder)
            target = _free_name(folder, source.name)
            atomic_write_bytes(target, source.read_bytes())
            owner_only(target)
            try:
                entry = self._append(
                    connection, customer_id, kind, by, facts,
                    target.relative_to(self.root).as_posix(), sha256_file(target),
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
        with self._connect(create=True) as connection:
            return self._append(connection, _check_customer(customer_id), kind, by, facts)

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
        if kind not in KINDS:
            raise ArchiveError(f"未知的档案类型 unknown kind {kind!r}; 可用: {', '.join(KINDS)}")
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
                facts=_clean_facts(facts),
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
            return [_row_entry(row) for row in rows]

    def customers(self) -> list[str]:
        with self._connect() as connection:
            rows = connection.execute("SELECT DISTINCT customer_id FROM entries ORDER BY 1")
            return [row[0] for row in rows]

    def verify(self) -> Verification:
        """Check the chain, the triggers and every file's sha256; list every problem."""
        with self._connect() as connection:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        problems = [
            ArchiveProblem(f"追加保护触发器缺失 (trigger {name} removed)")
            for name in _TRIGGERS
            if name not in names
        ]
        entries = self.entries()
        problems += _chain_problems(entries)
        problems += _file_problems(self.root, entries)
        head = entries[-1].hash if entries else GENESIS
        return Verification(len(entries), head, tuple(problems))

    def export(
        self, customer_id: str, out: str | Path, force: bool = False, password: str | None = None
    ) -> list[Path]:
        """Copy one customer's files, a manifest and their log entries into ``out``."""
        entries = self.entries(_check_customer(customer_id))
        if not entries:
            raise ArchiveError(f"档案中没有客户 {customer_id} 的记录")
        out = Path(out)
        if out.exists() and any(out.iterdir()) and not force:
            raise OutputExists(f"{out} already exists and is not empty; use --force")
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=".export-") as staging:
            written = _stage_export(self.root, entries, Path(staging), password)
            out.mkdir(exist_ok=True)
            owner_only(out)
            for path in written:
                target = out / path.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                owner_only(target.parent)
                shutil.move(path, target)
        return [out / path.relative_to(staging) for path in written]


def _free_name(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or ``stem-2.ext``, ``stem-3.ext``… when taken."""
    target, number = folder / name, 1
    while target.exists():
        number += 1
        target = folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
    return target


def _chain_problems(entries: list[ArchiveEntry]) -> list[ArchiveProblem]:
    problems = []
    previous_hash, expected_seq = GENESIS, 1
    for entry in entries:
        if entry.seq != expected_seq:
            problems.append(
                ArchiveProblem(f"缺少第 {expected_seq}–{entry.seq - 1} 条记录 (entries deleted)")
            )
        if entry.prev_hash != previous_hash:
            problems.append(ArchiveProblem("哈希链断裂 (chain broken: prev_hash)", entry.seq))
        if entry.computed_hash() != entry.hash:
            problems.append(ArchiveProblem("记录内容被改动 (entry altered)", entry.seq))
        previous_hash, expected_seq = entry.hash, entry.seq + 1
    return problems


def _file_problems(root: Path, entries: list[ArchiveEntry]) -> list[ArchiveProblem]:
    problems, known = [], set()
    for entry in entries:
        if entry.file is None:
            continue
        known.add(entry.file)
        path = root / entry.file
        if not path.is_file():
            problems.append(ArchiveProblem("文件缺失 (file missing)", entry.seq, entry.file))
        elif sha256_file(path) != entry.sha256:
            problems.append(ArchiveProblem("文件已被改动 (file changed)", entry.seq, entry.file))
    for path in sorted(root.glob("*/*")):
        name = path.relative_to(root).as_posix()
        if path.is_file() and name not in known:
            problems.append(ArchiveProblem("未登记的文件 (file not in the log)", None, name))
    return problems


def _stage_export(
    root: Path, entries: list[ArchiveEntry], staging: Path, password: str | None
) -> list[Path]:
    written, hashes = [], set()
    for entry in entries:
        if entry.file is None or not (root / entry.file).is_file():
            continue
        target = staging / Path(entry.file).name
        shutil.copyfile(root / entry.file, target)
        hashes.add(sha256_file(target))
        if password and target.suffix.lower() in OFFICE_SUFFIXES:
            encrypt_office_file(target, password)
        written.append(owner_only(target))
    manifest = staging / "档案清单.csv"
    manifest.write_text(_manifest(entries, hashes), encoding="utf-8-sig")
    log = staging / "档案日志.json"
    log.write_text(
        json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return [*written, owner_only(manifest), owner_only(log)]


def _manifest(entries: list[ArchiveEntry], hashes: set[str]) -> str:
    """档案清单: one row per entry; 文件校验 says whether the exported copy matches the log."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = ["序号", "时间", "经办人", "类型", "文件", "SHA-256", "文件校验"]
    writer.writerow([*header, *FACT_LABELS.values()])
    for e in entries:
        name = Path(e.file).name if e.file else ""
        check = "" if e.file is None else "一致" if e.sha256 in hashes else "不一致或缺失"
        facts = [e.facts.get(key, "") for key in FACTS]
        writer.writerow(
            [e.seq, e.recorded_at, e.recorded_by, e.label, name, e.sha256, check, *facts]
        )
    return buffer.getvalue()
