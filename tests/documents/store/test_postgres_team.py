"""PostgreSQL as a team uses it: several PCs at once, staff who may only add, an administrator
whose changes ``verify`` catches."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import psycopg
import pytest

from creditbook.documents.numbering import SENT, LogEntry
from creditbook.documents.store.base import StoreError
from creditbook.documents.store.postgres import ADMIN_ROLE, STAFF_ROLE, PostgresStore

WORKER = """
import datetime as dt, sys
from pathlib import Path
from creditbook.documents.numbering import SENT, LogEntry
from creditbook.documents.store.postgres import PostgresStore

url, part, what = sys.argv[1], sys.argv[2], sys.argv[3]
store = PostgresStore(url)
if what == "letters":
    for i in range(100):
        (number,) = store.letters.reserve("华瑞财函", 2026, 1)
        store.letters.log([LogEntry(number, dt.date(2026, 11, 30), f"KH{part}", "客户", "催款函",
                                    "催款", None, f"{part}-{i}.docx", SENT, "")])
else:
    folder = Path(sys.argv[4])
    for i in range(50):
        source = folder / f"函{part}-{i}.docx"
        source.write_bytes(f"document {part} {i}".encode())
        store.archive.file(f"KH{part}", source, "letter", by=f"pc{part}", letter_no=str(i))
"""


def _run_four(url: str, what: str, folder: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url, str(part), what, str(folder)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in range(4)
    ]
    for run in runs:
        _, error = run.communicate(timeout=300)
        assert run.returncode == 0, error


def test_four_pcs_number_and_log_400_letters_without_gaps_or_duplicates(
    pg_url: str, tmp_path: Path
) -> None:
    _run_four(pg_url, "letters", tmp_path)
    store = PostgresStore(pg_url)
    numbers = [e.number for e in store.letters.history()]
    assert len(numbers) == 400
    assert sorted(numbers) == [f"华瑞财函〔2026〕{n:04d}号" for n in range(1, 401)]
    assert Counter(e.customer_id for e in store.letters.latest()) == {
        "KH0": 100,
        "KH1": 100,
        "KH2": 100,
        "KH3": 100,
    }
    assert store.letters.counters() == {("华瑞财函", 2026): 400}
    assert store.letters.problems() == []


def test_four_pcs_file_200_documents_and_the_chain_holds(pg_url: str, tmp_path: Path) -> None:
    _run_four(pg_url, "archive", tmp_path)
    store = PostgresStore(pg_url)
    result = store.archive.verify()
    assert (result.ok, result.entries) == (True, 200)
    entries = store.archive.entries()
    assert [e.seq for e in entries] == list(range(1, 201))
    assert len({e.file for e in entries}) == 200
    assert (
        store.archive.document(entries[7].sha256)
        == (tmp_path / Path(entries[7].file).name).read_bytes()
    )


def _login(cluster, database: str, role: str) -> str:
    name = f"{role}_user_{database}"
    cluster.sql(f"CREATE ROLE {name} LOGIN IN ROLE {role}")
    return name


def _letter(number: str) -> LogEntry:
    return LogEntry(
        number, dt.date(2026, 11, 30), "KH1", "客户", "催款函", "催款", None, "", SENT, ""
    )


@pytest.fixture
def team(cluster, tmp_path: Path):
    url = cluster.new_database()
    PostgresStore(url).init(roles=True)
    database = url.split("@/")[1].split("?")[0]
    staff, admin = _login(cluster, database, STAFF_ROLE), _login(cluster, database, ADMIN_ROLE)
    source = tmp_path / "函.docx"
    source.write_bytes(b"original")
    store = PostgresStore(cluster.url(database, staff))
    (number,) = store.letters.reserve("华瑞财函", 2026, 1)
    store.letters.log([_letter(number)])
    store.archive.file("KH1", source, "letter", by="staff")
    return cluster, database, staff, admin


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE creditbook.letter_log SET status = '作废'",
        "DELETE FROM creditbook.letter_log",
        "UPDATE creditbook.archive_entries SET recorded_by = 'x'",
        "DELETE FROM creditbook.archive_entries",
        "UPDATE creditbook.documents SET content = 'x'",
        "DELETE FROM creditbook.documents",
        "TRUNCATE creditbook.letter_log",
        "ALTER TABLE creditbook.archive_entries DISABLE TRIGGER USER",
    ],
)
def test_staff_can_only_add(team, statement: str) -> None:
    cluster, database, staff, _admin = team
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        cluster.sql(statement, database, staff)
    store = PostgresStore(cluster.url(database, staff))
    assert store.archive.verify().ok and store.letters.problems() == []


def test_the_triggers_refuse_changes_even_to_the_admin(team) -> None:
    cluster, database, _staff, admin = team
    with pytest.raises(psycopg.errors.RaiseException, match="只能追加，不能修改或删除"):
        cluster.sql("UPDATE creditbook.letter_log SET status = '作废'", database, admin)
    with pytest.raises(psycopg.errors.RaiseException, match="信用档案日志只能在末尾追加"):
        cluster.sql(
            "INSERT INTO creditbook.archive_entries SELECT seq + 5, recorded_at, recorded_by, "
            "customer_id, kind, file, sha256, facts, prev_hash, hash || 'x' "
            "FROM creditbook.archive_entries",
            database,
            admin,
        )


def test_an_admin_who_changes_rows_is_caught_by_verify(team) -> None:
    cluster, database, staff, admin = team
    cluster.sql(
        "ALTER TABLE creditbook.archive_entries DISABLE TRIGGER archive_entries_no_change;"
        "ALTER TABLE creditbook.documents DISABLE TRIGGER documents_no_change;"
        "ALTER TABLE creditbook.letter_log DISABLE TRIGGER letter_log_no_change;"
        "UPDATE creditbook.archive_entries SET recorded_by = 'someone else';"
        "UPDATE creditbook.documents SET content = 'forged';"
        "UPDATE creditbook.letter_log SET status = '作废';",
        database,
        admin,
    )
    store = PostgresStore(cluster.url(database, staff))
    result = store.archive.verify()
    assert [str(p) for p in result.problems] == [
        "追加保护触发器已停用 (trigger letter_log_no_change disabled)",
        "追加保护触发器已停用 (trigger archive_entries_no_change disabled)",
        "追加保护触发器已停用 (trigger documents_no_change disabled)",
        "第 1 条: 记录内容被改动 (entry altered)",
        "第 1 条 KH1/函.docx: 文件已被改动 (file changed)",
    ]
    assert store.letters.problems() == ["发文登记簿第 1 行: 记录内容被改动 (row altered)"]


def test_a_database_without_tables_is_named(cluster) -> None:
    url = cluster.new_database()
    with pytest.raises(StoreError, match=r"数据库尚未初始化 .* creditbook store init URL"):
        PostgresStore(url).letters.reserve("华瑞财函", 2026, 1)
