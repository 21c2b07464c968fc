"""Moving a PC's counter, 发文登记簿 and archive folder into the team's PostgreSQL store.

Everything goes in one transaction, or nothing: the archive's entries keep their hashes
(so the head printed on earlier reports is still in the chain), every document is checked
against its logged SHA-256 on the way, and the result is verified before it is reported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from creditbook.archive import GENESIS, ArchiveEntry, ArchiveError
from creditbook.archive.audit import inside
from creditbook.archive.entry import LOG_NAME, sha256_file
from creditbook.documents.store.base import StoreError
from creditbook.documents.store.embedded import EmbeddedStore
from creditbook.documents.store.postgres import SCHEMA, PostgresStore, insert_entries, insert_log


@dataclass(frozen=True)
class Migration:
    counters: dict[tuple[str, int], int]
    log_rows: int
    entries: int
    documents: int
    head: str


def _source_entries(source: EmbeddedStore) -> list[ArchiveEntry]:
    folder = source.archive.folder
    if not (folder.root / LOG_NAME).exists():
        return []
    result = source.archive.verify()
    if not result.ok:
        problems = "; ".join(map(str, result.problems[:5]))
        raise StoreError(
            f"{folder.root}: 本机档案校验未通过，未迁移 the local archive does not verify, "
            f"nothing was moved ({len(result.problems)} 个问题: {problems})"
        )
    return source.archive.entries()


def migrate(source: EmbeddedStore, target: PostgresStore, by: str | None = None) -> Migration:
    """Copy counter, log and archive into an empty PostgreSQL store and verify it."""
    from sqlalchemy import text

    entries = _source_entries(source)
    history = source.letters.history()
    counters = source.letters.counters()
    documents: dict[str, bytes] = {}
    root = source.archive.folder.root
    for entry in entries:
        if entry.file and entry.sha256:
            path = inside(root, entry.file)
            if path is None or sha256_file(path) != entry.sha256:
                raise StoreError(f"{root / entry.file}: 文件与日志不符 file differs from the log")
            documents[entry.sha256] = path.read_bytes()
    used = {
        table: n
        for table, n in target.counts().items()
        if table in ("letter_counter", "letter_log", "archive_entries") and n
    }
    if used:
        held = ", ".join(f"{table} {n}" for table, n in used.items())
        raise StoreError(
            f"{target.describe()}: 目标数据库已有数据，未迁移 the target already holds data "
            f"({held}); 迁移只能进入空库 migrate into an empty store only"
        )
    with target.db.begin() as c:
        for (prefix, year), last in counters.items():
            c.execute(
                text(f"INSERT INTO {SCHEMA}.letter_counter VALUES (:p, :y, :n)"),
                {"p": prefix, "y": year, "n": last},
            )
        insert_log(c, history, dedupe=False, by=by)
        if documents:
            c.execute(
                text(
                    f"INSERT INTO {SCHEMA}.documents VALUES (:sha256, :content) "
                    "ON CONFLICT (sha256) DO NOTHING"
                ),
                [{"sha256": key, "content": data} for key, data in documents.items()],
            )
        if entries:
            insert_entries(c, entries)
    head = entries[-1].hash if entries else GENESIS
    check = target.archive.verify(expect_head=head)
    problems = [*target.letters.problems(), *map(str, check.problems)]
    if target.letters.history() != history:
        problems.append("发文登记簿迁移后内容不同 (the letter log differs after the move)")
    if check.head != head or target.archive.entries() != entries:
        problems.append("档案迁移后链头不同 (the archive's head differs after the move)")
    if problems:
        raise StoreError(
            "迁移后校验未通过 verification after the move failed: " + "; ".join(problems)
        )
    return Migration(counters, len(history), len(entries), len(documents), check.head)


def export_archive(target: PostgresStore, out: str | Path) -> Path:
    """The PostgreSQL archive as a folder archive (``archive verify --archive OUT``)."""
    try:
        return target.archive.export_folder(out)
    except OSError as error:
        raise ArchiveError(f"{out}: {error.strerror or error}") from None
