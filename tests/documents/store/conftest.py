"""A throwaway PostgreSQL cluster for the store tests, run as a non-root user and listening
only on a Unix socket in a temporary folder. Without PostgreSQL's binaries these tests skip
as a unit; with ``CREDITBOOK_REQUIRE_POSTGRES=1`` (CI) they fail instead."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SERVER_USER = "postgres"  # the Debian package's system user; the server never runs as root
_names = itertools.count(1)


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent  # the real folder, not a PATH shim of links
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(versions[0]).parent if versions else None


def _missing() -> str | None:
    if _bin_dir() is None:
        return (
            "PostgreSQL server binaries (initdb, pg_ctl) not installed: apt-get install postgresql"
        )
    try:
        import psycopg  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError:
        return 'the postgres extra is not installed: pip install "creditbook[postgres]"'
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        known = subprocess.run(["id", "-u", SERVER_USER], capture_output=True, check=False)
        if known.returncode != 0:
            return f"running as root and there is no {SERVER_USER!r} user to run the server"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("CREDITBOOK_REQUIRE_POSTGRES") == "1":
        raise pytest.UsageError(f"CREDITBOOK_REQUIRE_POSTGRES=1 but {reason}")
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason=f"store tests need PostgreSQL: {reason}")
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(skip)


def _as_server(command: list[str]) -> list[str]:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ["runuser", "-u", SERVER_USER, "--", *command]
    return command


class Cluster:
    def __init__(self, socket_dir: Path) -> None:
        self.socket_dir = socket_dir

    def url(self, database: str = "postgres", user: str = SERVER_USER) -> str:
        return f"postgresql://{user}@/{database}?host={self.socket_dir}&port=5432"

    def sql(self, statement: str, database: str = "postgres", user: str = SERVER_USER) -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), dbname=database, user=user, autocommit=True
        ) as connection:
            connection.execute(statement)

    def new_database(self) -> str:
        name = f"t{os.getpid()}_{next(_names)}"
        self.sql(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    bin_dir = _bin_dir()
    assert bin_dir is not None
    root = Path(tempfile.mkdtemp(prefix="creditbook-pg-"))
    data, sockets = root / "data", root / "run"
    sockets.mkdir()
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        shutil.chown(root, SERVER_USER)
        shutil.chown(sockets, SERVER_USER)
    subprocess.run(
        _as_server(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                SERVER_USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses='' -c unix_socket_directories='{sockets}' -c fsync=off"
    subprocess.run(
        _as_server(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(root / "server.log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield Cluster(sockets)
    finally:
        subprocess.run(
            _as_server([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(cluster: Cluster) -> str:
    """A new, empty database with the creditbook tables."""
    from creditbook.documents.store.postgres import PostgresStore

    url = cluster.new_database()
    PostgresStore(url).init()
    return url
