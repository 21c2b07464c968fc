"""A throwaway PostgreSQL cluster for developers: the store tests and ``bench/bench_store.py``
start one from the server binaries of Debian's ``postgresql`` package, in a temporary folder,
listening only on a Unix socket there, and remove it afterwards.

The server never runs as root: when the caller is root it runs as the package's ``postgres``
user. Not used by the product itself (a team's real server is set up by its administrator,
see docs/用户手册.md).
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from creditbook.portable import running_as_root

SERVER_USER = "postgres"
"""The Debian package's system user, which runs the server when the caller is root."""

_names = itertools.count(1)


def server_bin_dir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: the real folder of the one on PATH (not a
    shim of links), else the newest /usr/lib/postgresql/<version>/bin; None if neither."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(versions[0]).parent if versions else None


def missing() -> str | None:
    """Why a throwaway cluster cannot be started here, or None when it can."""
    if server_bin_dir() is None:
        return (
            "PostgreSQL server binaries (initdb, pg_ctl) not installed: apt-get install postgresql"
        )
    try:
        import psycopg  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError:
        return 'the postgres extra is not installed: pip install "creditbook[postgres]"'
    if running_as_root():
        known = subprocess.run(["id", "-u", SERVER_USER], capture_output=True, check=False)
        if known.returncode != 0:
            return f"running as root and there is no {SERVER_USER!r} user to run the server"
    return None


def _as_server(command: list[str]) -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--", *command] if running_as_root() else command


class Cluster:
    """A running throwaway cluster, reached through its Unix socket folder."""

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
        """The URL of a new, empty database of its own."""
        name = f"t{os.getpid()}_{next(_names)}"
        self.sql(f"CREATE DATABASE {name}")
        return self.url(name)


@contextlib.contextmanager
def throwaway_cluster(*, fsync: bool = False, prefix: str = "creditbook-pg-") -> Iterator[Cluster]:
    """Start a cluster (``fsync=off`` unless asked: tests need no crash safety; a benchmark
    against a real server's behaviour passes ``fsync=True``), yield it, stop it and remove it."""
    bin_dir = server_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError(missing())
    root = Path(tempfile.mkdtemp(prefix=prefix))
    data, sockets = root / "data", root / "run"
    sockets.mkdir()
    if running_as_root():
        shutil.chown(root, SERVER_USER)
        shutil.chown(sockets, SERVER_USER)
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", SERVER_USER, "--auth=trust"]
    initdb += ["-E", "UTF8", "--locale=C.UTF-8"]
    subprocess.run(_as_server(initdb), check=True, capture_output=True)
    options = f"-c listen_addresses='' -c unix_socket_directories='{sockets}'"
    if not fsync:
        options += " -c fsync=off"
    pg_ctl = str(bin_dir / "pg_ctl")
    start = [pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "server.log"), "-w"]
    subprocess.run(_as_server([*start, "start"]), check=True, capture_output=True)
    try:
        yield Cluster(sockets)
    finally:
        subprocess.run(
            _as_server([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


REQUIRE_ENV = "CREDITBOOK_REQUIRE_POSTGRES"
"""Set to 1 (CI) and tests that need a throwaway cluster fail instead of skipping."""


def required() -> bool:
    """True when a missing PostgreSQL must fail the tests, not skip them."""
    return os.environ.get(REQUIRE_ENV) == "1"
