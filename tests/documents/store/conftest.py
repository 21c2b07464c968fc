"""A throwaway PostgreSQL cluster for the store tests, run as a non-root user and listening
only on a Unix socket in a temporary folder. Without PostgreSQL's binaries these tests skip
as a unit; with ``CREDITBOOK_REQUIRE_POSTGRES=1`` (CI) they fail instead."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from creditbook.documents.store.throwaway import Cluster, missing, throwaway_cluster


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = missing()
    if reason is None:
        return
    if os.environ.get("CREDITBOOK_REQUIRE_POSTGRES") == "1":
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


@pytest.fixture
def pg_url(cluster: Cluster) -> str:
    """A new, empty database with the creditbook tables."""
    from creditbook.documents.store.postgres import PostgresStore

    url = cluster.new_database()
    PostgresStore(url).init()
    return url
