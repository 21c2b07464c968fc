"""A throwaway PostgreSQL cluster for the store tests, run as a non-root user and listening
only on a Unix socket in a temporary folder. Without PostgreSQL's binaries these tests skip
as a unit; with ``CREDITBOOK_REQUIRE_POSTGRES=1`` (CI) they fail instead."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from creditbook.documents.store.throwaway import (
    Cluster,
    missing,
    required,
    throwaway_cluster,
)

WIDE = {"COLUMNS": "400"}  # one line per row of the CLI's tables


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = missing()
    if reason is None:
        return
    if required():
        raise pytest.UsageError(f"CREDITBOOK_REQUIRE_POSTGRES=1 but {reason}")
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason=f"store tests need PostgreSQL: {reason}")
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    with throwaway_cluster() as running:
        yield running


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The embedded demo (no PDF), once per session: its folder and what it printed."""
    from typer.testing import CliRunner

    from creditbook.cli import app

    out = tmp_path_factory.mktemp("demo") / "demo"
    result = CliRunner().invoke(
        app, ["demo", "--out", str(out), "--no-pdf"], env={**WIDE, "CREDITBOOK_STORE": ""}
    )
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.fixture(scope="session")
def demo(demo_run: tuple[Path, str]) -> Path:
    return demo_run[0]


@pytest.fixture
def demo_copy(demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the embedded demo to change, as the working folder, no store set."""
    copy = tmp_path / "demo"
    shutil.copytree(demo, copy, symlinks=True)
    monkeypatch.chdir(copy)
    monkeypatch.delenv("CREDITBOOK_STORE", raising=False)
    return copy


@pytest.fixture
def pg_url(cluster: Cluster) -> str:
    """A new, empty database with the creditbook tables."""
    from creditbook.documents.store.postgres import PostgresStore

    url = cluster.new_database()
    PostgresStore(url).init()
    return url
