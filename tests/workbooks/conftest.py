"""Fixtures for the workbook tests: built workbooks and the LibreOffice tools."""

from __future__ import annotations

import os
import shutil

import pytest


@pytest.fixture
def office() -> None:
    """LibreOffice and poppler; in CI (CREDITBOOK_REQUIRE_OFFICE=1) their absence fails."""
    missing = [tool for tool in ("soffice", "pdftoppm", "pdftotext") if not shutil.which(tool)]
    if missing:
        message = f"needs {', '.join(missing)}"
        if os.environ.get("CREDITBOOK_REQUIRE_OFFICE"):
            pytest.fail(message)
        pytest.skip(message)
