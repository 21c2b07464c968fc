"""The shared store on PostgreSQL (SQLAlchemy Core + psycopg 3): one database for a team.

Letter numbers come from a counter row per prefix and year, taken with ``SELECT … FOR
UPDATE`` in the transaction that also reads the highest logged number, so two PCs never get
the same number and none is skipped. The 发文登记簿 and the archive are insert-only tables
(triggers refuse UPDATE, DELETE and TRUNCATE), each row hash-chained to the one before it;
the archive's chain is hashed exactly as ``archive/entry.py`` hashes it, so a folder archive
moved here keeps its head. Documents are stored once, by their SHA-256 (bytea).

Passwords never come from creditbook.toml: libpq reads them from the pgpass file or
PGPASSWORD; TLS options (``sslmode=verify-full`` …) go in the URL's query."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from creditbook.archive.audit import ArchiveProblem, Verification, chain_problems
from creditbook.archive.entry import (
    GENESIS,
    ArchiveEntry,
    ArchiveError,
    check_customer,
    check_kind,
    clean_facts,
    current_user,
)
from creditbook.archive.store import FILE_UNITS, _numbered
from creditbook.documents.numbering import LogEntry, format_number
from creditbook.documents.store.base import StoreError
from creditbook.winnames import folder_name, legal_file_name

SCHEMA = "creditbook"
SCHEMA_VERSION = "1"
STAFF_ROLE = "creditbook_staff"
ADMIN_ROLE = "creditbook_admin"
LOG_LOCK = 0x43424C4F47  # advisory lock keys: one writer at a time extends each chain
ARCHIVE_LOCK = 0x4342415243
TABLES = ("meta", "letter_counter", "letter_log", "archive_entries", "documents")
APPEND_ONLY = ("letter_log", "archive_entries", "documents")
TRIGGERS = {
    **{f"{table}_no_change": table for table in APPEND_ONLY},
    **{f"{table}_no_truncate": table for table in APPEND_ONLY},
    "letter_log_append_only": "letter_log",
    "archive_entries_append_only": "archive_entries",
}

_DDL = f"""
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
CREATE TABLE IF NOT EXISTS {SCHEMA}.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS {SCHEMA}.letter_counter (
    prefix text NOT NULL,
    year integer NOT NULL,
    last bigint NOT NULL CHECK (last >= 0),
    PRIMARY KEY (prefix, year)
);
CREATE TABLE IF NOT EXISTS {SCHEMA}.letter_log (
    id bigint PRIMARY KEY,
    number text NOT NULL,
    date text NOT NULL,
    customer_id text NOT NULL,
    customer_name text NOT NULL,
    document text NOT NULL,
    stage text NOT NULL,
    amount text NOT NULL,
    file text NOT NULL,
    status text NOT NULL,
    note text NOT NULL,
    sha256 text NOT NULL,
    recorded_at text NOT NULL,
    recorded_by text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS letter_log_number ON {SCHEMA}.letter_log (number text_pattern_ops);
CREATE TABLE IF NOT EXISTS {SCHEMA}.archive_entries (
    seq integer PRIMARY KEY,
    recorded_at text NOT NULL,
    recorded_by text NOT NULL,
    customer_id text NOT NULL,
    kind text NOT NULL,
    file text,
    sha256 text,
    facts text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS archive_entries_customer ON {SCHEMA}.archive_entries (customer_id);
CREATE TABLE IF NOT EXISTS {SCHEMA}.documents (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{{64}}$'),
    content bytea NOT NULL
);
CREATE OR REPLACE FUNCTION {SCHEMA}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'creditbook.%: 只能追加，不能修改或删除 (append-only)', TG_TABLE_NAME;
END $$;
CREATE OR REPLACE FUNCTION {SCHEMA}.letter_log_at_end() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM (SELECT COALESCE(MAX(id), 0) + 1 FROM {SCHEMA}.letter_log)
       OR NEW.prev_hash IS DISTINCT FROM COALESCE(
           (SELECT hash FROM {SCHEMA}.letter_log ORDER BY id DESC LIMIT 1), '{GENESIS}') THEN
        RAISE EXCEPTION '发文登记簿只能在末尾追加 (append at the end only)';
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION {SCHEMA}.archive_at_end() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seq IS DISTINCT FROM (SELECT COALESCE(MAX(seq), 0) + 1 FROM {SCHEMA}.archive_entries)
       OR NEW.prev_hash IS DISTINCT FROM COALESCE(
           (SELECT hash FROM {SCHEMA}.archive_entries ORDER BY seq DESC LIMIT 1), '{GENESIS}')
    THEN
        RAISE EXCEPTION '信用档案日志只能在末尾追加 (append at the end only, no rewrite)';
    END IF;
    RETURN NEW;
END $$;
"""


def _triggers_ddl() -> str:
    parts = []
    for table in APPEND_ONLY:
        parts.append(
            f"DROP TRIGGER IF EXISTS {table}_no_change ON {SCHEMA}.{table};"
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {SCHEMA}.{table} "
            f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.refuse_change();"
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {SCHEMA}.{table};"
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {SCHEMA}.{table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.refuse_change();"
        )
    for table, function in (
        ("letter_log", "letter_log_at_end"),
        ("archive_entries", "archive_at_end"),
    ):
        parts.append(
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {SCHEMA}.{table};"
            f"CREATE TRIGGER {table}_append_only BEFORE INSERT ON {SCHEMA}.{table} "
            f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.{function}();"
        )
    return "\n".join(parts)


def _roles_ddl() -> str:
    tables = ", ".join(f"{SCHEMA}.{t}" for t in TABLES)
    create = "".join(
        f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN "
        f"CREATE ROLE {role} NOLOGIN; END IF;"
        for role in (STAFF_ROLE, ADMIN_ROLE)
    )
    owned = "".join(f"ALTER TABLE {SCHEMA}.{t} OWNER TO {ADMIN_ROLE};" for t in TABLES)
    return f"""
DO $$ BEGIN {create} END $$;
ALTER SCHEMA {SCHEMA} OWNER TO {ADMIN_ROLE};
{owned}
REVOKE ALL ON {tables} FROM PUBLIC;
GRANT USAGE ON SCHEMA {SCHEMA} TO {STAFF_ROLE};
GRANT SELECT ON {SCHEMA}.meta TO {STAFF_ROLE};
GRANT SELECT, INSERT, UPDATE ON {SCHEMA}.letter_counter TO {STAFF_ROLE};
GRANT SELECT, INSERT ON {SCHEMA}.letter_log, {SCHEMA}.archive_entries, {SCHEMA}.documents
    TO {STAFF_ROLE};
"""


def engine_url(url: str) -> str:
    """postgresql://… (or postgres://) → the SQLAlchemy URL for psycopg 3."""
    for scheme in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    raise StoreError(f"store: 只支持 postgresql://… 地址 not a PostgreSQL URL: {url}")


_ENGINES: dict[str, Any] = {}


def _engine(url: str) -> Any:
    try:
        from sqlalchemy import create_engine
    except ImportError:
        raise StoreError(
            'PostgreSQL 共享存储需要安装 the shared store needs: pip install "creditbook[postgres]"'
        ) from None
    key = engine_url(url)
    if key not in _ENGINES:
        _ENGINES[key] = create_engine(key, pool_pre_ping=True)
    return _ENGINES[key]


def _hash(prev_hash: str, body: dict[str, object]) -> str:
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def this_pc() -> str:
    """Who is logging, on which PC (``user@host``): an interrupted run is settled only by
    the PC that ran it."""
    import platform

    return f"{current_user()}@{platform.node() or 'unknown'}"


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


_LOG_COLUMNS = (
    "number", "date", "customer_id", "customer_name", "document", "stage", "amount", "file",
    "status", "note", "sha256",
)  # fmt: skip


def _log_entry(row: Any) -> LogEntry:
    return LogEntry(
        number=row.number,
        date=dt.date.fromisoformat(row.date),
        customer_id=row.customer_id,
        customer_name=row.customer_name,
        document=row.document,
        stage=row.stage,
        amount=Decimal(row.amount) if row.amount else None,
        file=row.file,
        status=row.status,
        note=row.note,
        sha256=row.sha256,
    )


def _archive_entry(row: Any) -> ArchiveEntry:
    return ArchiveEntry(
        seq=row.seq,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        customer_id=row.customer_id,
        kind=row.kind,
        file=row.file,
        sha256=row.sha256,
        facts=json.loads(row.facts),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


class _Database:
    """An engine and the transactions on it; database errors become ``StoreError``."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._checked = False

    @property
    def shown(self) -> str:
        from sqlalchemy.engine import make_url

        shown = make_url(engine_url(self.url)).render_as_string(hide_password=True)
        return shown.replace("postgresql+psycopg://", "postgresql://", 1)

    @contextmanager
    def begin(self, check: bool = True, isolation: str | None = None) -> Iterator[Any]:
        from sqlalchemy import exc, text

        engine = _engine(self.url)
        if isolation:
            engine = engine.execution_options(isolation_level=isolation)
        try:
            with engine.begin() as connection:
                if check and not self._checked:
                    found = connection.execute(
                        text("SELECT to_regclass(:name)"), {"name": f"{SCHEMA}.meta"}
                    ).scalar()
                    if found is None:
                        raise StoreError(
                            f"{self.shown}: 数据库尚未初始化 the database has no creditbook "
                            "tables — 请先运行 run first: creditbook store init URL"
                        )
                    self._checked = True
                yield connection
        except exc.DBAPIError as error:
            detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise StoreError(f"{self.shown}: 数据库错误 database error: {detail}") from None


class PostgresLetters:
    def __init__(self, db: _Database) -> None:
        self.db = db

    def reserve(
        self, prefix: str, year: int, count: int, *, warnings: list[str] | None = None
    ) -> list[str]:
        from sqlalchemy import text

        if count <= 0:
            return []
        key = {"prefix": prefix, "year": year}
        select = text(
            f"SELECT last FROM {SCHEMA}.letter_counter WHERE prefix = :prefix AND year = :year "
            "FOR UPDATE"
        )
        with self.db.begin() as c:
            counted = c.execute(select, key).scalar()
            if counted is None:
                c.execute(
                    text(
                        f"INSERT INTO {SCHEMA}.letter_counter VALUES (:prefix, :year, 0) "
                        "ON CONFLICT DO NOTHING"
                    ),
                    key,
                )
                row = c.execute(select, key).scalar()
                counted = None if row == 0 else row
            logged = self._highest_logged(c, prefix, year)
            if logged > (counted or 0) and warnings is not None:
                shown = "无 none" if counted is None else str(counted)
                warnings.append(
                    f"{self.db.shown}: 函件编号计数器落后于发文登记簿 the counter is behind the "
                    f"letter log ({year} 年计数器 counter {shown}，登记簿已用到 log has {logged}); "
                    f"已修正，从 {logged + 1} 续编 repaired, continuing from {logged + 1}"
                )
            start = max(counted or 0, logged) + 1
            c.execute(
                text(
                    f"UPDATE {SCHEMA}.letter_counter SET last = :last "
                    "WHERE prefix = :prefix AND year = :year"
                ),
                {**key, "last": start + count - 1},
            )
        return [format_number(prefix, year, n) for n in range(start, start + count)]

    @staticmethod
    def _highest_logged(c: Any, prefix: str, year: int) -> int:
        from sqlalchemy import text

        head = f"{prefix}〔{year}〕"
        found = c.execute(
            text(
                f"SELECT max(substr(number, :n + 1, length(number) - :n - 1)::numeric) "
                f"FROM {SCHEMA}.letter_log "
                "WHERE number LIKE :pattern AND substr(number, :n + 1) ~ '^[0-9]+号$'"
            ),
            {"n": len(head), "pattern": _like(head) + "%"},
        ).scalar()
        return int(found or 0)

    def log(self, entries: list[LogEntry]) -> None:
        """A row for each entry that changes its number's latest state."""
        if entries:
            self._append(entries, dedupe=True)

    def _append(self, entries: list[LogEntry], *, dedupe: bool, by: str | None = None) -> None:
        with self.db.begin() as c:
            insert_log(c, entries, dedupe=dedupe, by=by)

    def history(self) -> list[LogEntry]:
        return [_log_entry(row) for row in self._rows()]

    def _rows(self) -> list[Any]:
        from sqlalchemy import text

        with self.db.begin() as c:
            return list(c.execute(text(f"SELECT * FROM {SCHEMA}.letter_log ORDER BY id")))

    def latest(self) -> list[LogEntry]:
        from creditbook.documents.numbering import latest

        return latest(self.history())

    def pending_here(self) -> list[LogEntry]:
        """Numbers whose latest row is a reservation this PC made (a run of this PC that
        has not said what became of them), oldest first."""
        latest: dict[str, Any] = {}
        for row in self._rows():
            latest[row.number] = row
        here = this_pc()
        return [
            entry
            for row in latest.values()
            if row.recorded_by == here and (entry := _log_entry(row)).pending
        ]

    def counters(self) -> dict[tuple[str, int], int]:
        from sqlalchemy import text

        with self.db.begin() as c:
            rows = c.execute(text(f"SELECT prefix, year, last FROM {SCHEMA}.letter_counter"))
            return {(row.prefix, row.year): row.last for row in rows}

    def problems(self) -> list[str]:
        """The letter log's chain checked: every row unchanged, none removed or inserted."""
        problems, prev, expected = [], GENESIS, 1
        for row in self._rows():
            body = {n: getattr(row, n) for n in ("id", *_LOG_COLUMNS, "recorded_at", "recorded_by")}
            if row.id != expected:
                problems.append(f"发文登记簿缺少第 {expected}–{row.id - 1} 行 (rows deleted)")
            if row.prev_hash != prev:
                problems.append(f"发文登记簿第 {row.id} 行: 哈希链断裂 (chain broken: prev_hash)")
            if _hash(row.prev_hash, body) != row.hash:
                problems.append(f"发文登记簿第 {row.id} 行: 记录内容被改动 (row altered)")
            prev, expected = row.hash, row.id + 1
        return problems


def insert_log(c: Any, entries: list[LogEntry], *, dedupe: bool, by: str | None) -> None:
    """Append rows to the letter log in the transaction of ``c``, chained to the last one;
    ``dedupe``: only entries that change their number's latest state."""
    from sqlalchemy import text

    c.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOG_LOCK})
    new = entries
    if dedupe:
        rows = c.execute(
            text(
                f"SELECT DISTINCT ON (number) * FROM {SCHEMA}.letter_log "
                "WHERE number = ANY(:numbers) ORDER BY number, id DESC"
            ),
            {"numbers": sorted({e.number for e in entries})},
        )
        states = {row.number: _log_entry(row) for row in rows}
        new = []
        for entry in entries:
            if states.get(entry.number) != entry:
                states[entry.number] = entry
                new.append(entry)
    if not new:
        return
    last = c.execute(
        text(f"SELECT id, hash FROM {SCHEMA}.letter_log ORDER BY id DESC LIMIT 1")
    ).first()
    number, prev = (last.id, last.hash) if last else (0, GENESIS)
    recorded_at, recorded_by = _now(), by or this_pc()
    values = []
    for entry in new:
        number += 1
        row = dict(zip(_LOG_COLUMNS, entry.row(), strict=True))
        body = {"id": number, **row, "recorded_at": recorded_at, "recorded_by": recorded_by}
        digest = _hash(prev, body)
        values.append({**body, "prev_hash": prev, "hash": digest})
        prev = digest
    names = ", ".join(values[0])
    c.execute(
        text(
            f"INSERT INTO {SCHEMA}.letter_log ({names}) VALUES "
            f"({', '.join(':' + n for n in values[0])})"
        ),
        values,
    )


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class PostgresArchive:
    def __init__(self, db: _Database) -> None:
        self.db = db

    def file(
        self, customer_id: str, source: str | Path, kind: str, *, by: str | None = None,
        **facts: object,
    ) -> ArchiveEntry:  # fmt: skip
        customer_id, source = check_customer(customer_id), Path(source)
        if not source.is_file():
            raise ArchiveError(f"要归档的文件不存在: {source}")
        return self.file_bytes(customer_id, source.name, source.read_bytes(), kind, by, facts)

    def file_bytes(
        self, customer_id: str, name: str, data: bytes, kind: str, by: str | None,
        facts: dict[str, object],
    ) -> ArchiveEntry:  # fmt: skip
        from sqlalchemy import text

        digest = hashlib.sha256(data).hexdigest()
        with self.db.begin() as c:
            c.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ARCHIVE_LOCK})
            # the folder and name a folder archive gives it, so that export gives them back
            folder, name = folder_name(customer_id), legal_file_name(name, FILE_UNITS)
            taken = {
                str(file).casefold()
                for file in c.execute(
                    text(f"SELECT file FROM {SCHEMA}.archive_entries WHERE file LIKE :f"),
                    {"f": _like(folder) + "/%"},
                ).scalars()
            }
            target, number = f"{folder}/{name}", 1
            while target.casefold() in taken:
                number += 1
                target = f"{folder}/{_numbered(name, number)}"
            c.execute(
                text(
                    f"INSERT INTO {SCHEMA}.documents VALUES (:sha256, :content) "
                    "ON CONFLICT (sha256) DO NOTHING"
                ),
                {"sha256": digest, "content": data},
            )
            return self._append(c, customer_id, kind, by, facts, target, digest)

    def record(
        self, customer_id: str, kind: str, *, by: str | None = None, **facts: object
    ) -> ArchiveEntry:
        from sqlalchemy import text

        customer_id = check_customer(customer_id)
        with self.db.begin() as c:
            c.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ARCHIVE_LOCK})
            return self._append(c, customer_id, kind, by, facts)

    def _append(
        self,
        c: Any,
        customer_id: str,
        kind: str,
        by: str | None,
        facts: dict[str, object],
        file: str | None = None,
        sha256: str | None = None,
    ) -> ArchiveEntry:
        from sqlalchemy import text

        check_kind(kind)
        last = c.execute(
            text(f"SELECT seq, hash FROM {SCHEMA}.archive_entries ORDER BY seq DESC LIMIT 1")
        ).first()
        draft = ArchiveEntry(
            seq=(last.seq if last else 0) + 1,
            recorded_at=_now(),
            recorded_by=by or current_user(),
            customer_id=customer_id,
            kind=kind,
            file=file,
            sha256=sha256,
            facts=clean_facts(facts),
            prev_hash=last.hash if last else GENESIS,
        )
        entry = ArchiveEntry(**{**asdict(draft), "hash": draft.computed_hash()})
        insert_entries(c, [entry])
        return entry

    def entries(self, customer_id: str | None = None) -> list[ArchiveEntry]:
        from sqlalchemy import text

        query = f"SELECT * FROM {SCHEMA}.archive_entries"
        with self.db.begin() as c:
            if customer_id is None:
                rows = c.execute(text(query + " ORDER BY seq"))
            else:
                rows = c.execute(
                    text(query + " WHERE customer_id = :c ORDER BY seq"), {"c": customer_id}
                )
            return [_archive_entry(row) for row in rows]

    def customers(self) -> list[str]:
        return sorted({e.customer_id for e in self.entries()})

    def document(self, sha256: str) -> bytes:
        from sqlalchemy import text

        with self.db.begin() as c:
            found = c.execute(
                text(f"SELECT content FROM {SCHEMA}.documents WHERE sha256 = :s"), {"s": sha256}
            ).scalar()
        if found is None:
            raise ArchiveError(f"档案中没有此文件 no document with SHA-256 {sha256}")
        return bytes(found)

    def head(self) -> str:
        from sqlalchemy import text

        with self.db.begin() as c:
            found = c.execute(
                text(f"SELECT hash FROM {SCHEMA}.archive_entries ORDER BY seq DESC LIMIT 1")
            ).scalar()
        return found or GENESIS

    def verify(self, expect_head: str | None = None) -> Verification:
        """The triggers in place, the chain, and every document's SHA-256 recomputed."""
        from sqlalchemy import text

        with self.db.begin(isolation="REPEATABLE READ") as c:  # one snapshot for all checks
            problems = [ArchiveProblem(p) for p in trigger_problems(c)]
            entries = [
                _archive_entry(r)
                for r in c.execute(text(f"SELECT * FROM {SCHEMA}.archive_entries ORDER BY seq"))
            ]
            files = c.execute(
                text(
                    "SELECT e.seq, e.file, d.sha256 IS NULL AS missing, "
                    "encode(sha256(d.content), 'hex') IS DISTINCT FROM e.sha256 AS changed "
                    f"FROM {SCHEMA}.archive_entries e LEFT JOIN {SCHEMA}.documents d "
                    "ON d.sha256 = e.sha256 WHERE e.file IS NOT NULL ORDER BY e.seq"
                )
            ).all()
        problems += chain_problems(entries)
        for row in files:
            if row.missing:
                problems.append(ArchiveProblem("文件缺失 (file missing)", row.seq, row.file))
            elif row.changed:
                problems.append(ArchiveProblem("文件已被改动 (file changed)", row.seq, row.file))
        if expect_head and expect_head.strip().lower() not in {GENESIS, *(e.hash for e in entries)}:
            problems.append(
                ArchiveProblem(
                    f"记录的链头 {expect_head.strip()[:16]}… 不在日志中 (expected head not in the "
                    "log: entries removed or the log rolled back to an older copy)"
                )
            )
        head = entries[-1].hash if entries else GENESIS
        return Verification(len(entries), head, tuple(problems))

    def export_folder(self, root: str | Path) -> Path:
        """The archive in folder form (``<root>/<客户编码>/…`` and its SQLite log), entry for
        entry: ``archive verify --archive ROOT`` then gives the same head."""
        from creditbook.archive import Archive
        from creditbook.archive.store import _write_new
        from creditbook.protect import owner_only

        root = Path(root)
        if (root / "archive-log.sqlite3").exists() or (root.exists() and any(root.iterdir())):
            raise ArchiveError(f"{root}: 导出目录须为空 the export folder must be empty")
        folder = Archive(root)
        entries = self.entries()
        with folder._connect(create=True) as connection:  # the folder archive's own schema
            for entry in entries:
                if entry.file and entry.sha256:
                    target = root / entry.file
                    if not target.parent.exists():
                        target.parent.mkdir(parents=True)
                        owner_only(target.parent)
                    written = _write_new(target.parent, target.name, self.document(entry.sha256))
                    if written != target:
                        raise ArchiveError(f"{target}: 文件名重复 duplicate file name in the log")
                connection.execute(
                    "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    _entry_values(entry),
                )
        return root

    def export(
        self, customer_id: str, out: str | Path, force: bool = False, password: str | None = None
    ) -> list[Path]:
        """One customer's files, manifest and entries for an audit, as from a folder archive."""
        import tempfile

        from creditbook.archive import Archive

        with tempfile.TemporaryDirectory(prefix="creditbook-export-") as staging:
            self.export_folder(Path(staging) / "archive")
            return Archive(Path(staging) / "archive").export(customer_id, out, force, password)


def _entry_values(entry: ArchiveEntry) -> tuple[object, ...]:
    return (
        entry.seq, entry.recorded_at, entry.recorded_by, entry.customer_id, entry.kind,
        entry.file, entry.sha256, json.dumps(entry.facts, ensure_ascii=False, sort_keys=True),
        entry.prev_hash, entry.hash,
    )  # fmt: skip


def insert_entries(c: Any, entries: list[ArchiveEntry]) -> None:
    from sqlalchemy import text

    names = ("seq", "recorded_at", "recorded_by", "customer_id", "kind", "file", "sha256",
             "facts", "prev_hash", "hash")  # fmt: skip
    c.execute(
        text(
            f"INSERT INTO {SCHEMA}.archive_entries ({', '.join(names)}) "
            f"VALUES ({', '.join(':' + n for n in names)})"
        ),
        [dict(zip(names, _entry_values(e), strict=True)) for e in entries],
    )


def trigger_problems(c: Any) -> list[str]:
    """Each append-only trigger present and enabled."""
    from sqlalchemy import text

    rows = c.execute(
        text(
            "SELECT t.tgname, t.tgenabled FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = :schema"
        ),
        {"schema": SCHEMA},
    )
    state = {row.tgname: row.tgenabled for row in rows}
    problems = []
    for name in TRIGGERS:
        if name not in state:
            problems.append(f"追加保护触发器缺失 (trigger {name} removed)")
        elif state[name] == "D":
            problems.append(f"追加保护触发器已停用 (trigger {name} disabled)")
    return problems


def _run_script(c: Any, script: str) -> None:
    """Several statements in the transaction of ``c`` (psycopg's simple query protocol)."""
    c.connection.driver_connection.execute(script.encode("utf-8"))


class PostgresStore:
    """The team's shared store: one PostgreSQL database for every PC."""

    def __init__(self, url: str) -> None:
        self.db = _Database(url)
        self.letters = PostgresLetters(self.db)
        self.archive = PostgresArchive(self.db)

    def describe(self) -> str:
        return f"PostgreSQL {self.db.shown}"

    def init(self, roles: bool = False) -> None:
        """Create (or complete) the tables and triggers; ``roles``: the staff and admin roles."""
        from sqlalchemy import text

        with self.db.begin(check=False) as c:
            c.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOG_LOCK})
            _run_script(c, _DDL + _triggers_ddl())
            c.execute(
                text(
                    f"INSERT INTO {SCHEMA}.meta VALUES ('schema', :v) ON CONFLICT (key) DO NOTHING"
                ),
                {"v": SCHEMA_VERSION},
            )
            if roles:
                _run_script(c, _roles_ddl())

    def counts(self) -> dict[str, int]:
        from sqlalchemy import text

        with self.db.begin() as c:
            return {
                table: c.execute(text(f"SELECT count(*) FROM {SCHEMA}.{table}")).scalar() or 0
                for table in ("letter_counter", "letter_log", "archive_entries", "documents")
            }

    def problems(self) -> list[str]:
        """Everything ``store status`` checks: the letter log's chain and the archive."""
        return [*self.letters.problems(), *map(str, self.archive.verify().problems)]
