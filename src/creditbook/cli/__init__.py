"""The `creditbook` command line: each command is a thin layer over one library call."""

from __future__ import annotations

from creditbook.cli import (
    policy,  # noqa: F401  (registers commands)
    workbook,  # noqa: F401
)
from creditbook.cli._app import app


def main() -> None:
    app()
