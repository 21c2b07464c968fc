"""Shared test set-up: office tests need LibreOffice and poppler; in CI they must run."""

from __future__ import annotations

import os
import shutil

import pytest

OFFICE_TOOLS = ("soffice", "pdftoppm", "pdftotext")


def _missing_tools() -> list[str]:
    return [tool for tool in OFFICE_TOOLS if shutil.which(tool) is None]


def pytest_sessionstart(session: pytest.Session) -> None:
    missing = _missing_tools()
    if missing and os.environ.get("CREDITBOOK_REQUIRE_OFFICE") == "1":
        pytest.exit(
            f"CREDITBOOK_REQUIRE_OFFICE=1 but {', '.join(missing)} not installed", returncode=3
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = _missing_tools()
    if not missing:
        return
    skip = pytest.mark.skip(reason=f"needs {', '.join(missing)} (LibreOffice / poppler-utils)")
    for item in items:
        if item.get_closest_marker("office"):
            item.add_marker(skip)


@pytest.fixture
def hostile_names() -> dict[str, str]:
    """Customer names built to break exports: see tests/hostile_text.py."""
    from hostile_text import HOSTILE_NAMES

    return dict(HOSTILE_NAMES)


def pytest_make_parametrize_id(config, val, argname):
    """ASCII test ids: a non-ASCII text parameter (资产负债率, 壹万元…) is named by a short hash
    of itself, so a test id can be passed back on a command line (mutation testing does)."""
    import hashlib

    if isinstance(val, str) and not val.isascii():
        return f"{argname}-{hashlib.sha1(val.encode('utf-8')).hexdigest()[:8]}"
    return None
