"""The `creditbook` command line: each command is a thin layer over one library call."""

from __future__ import annotations

from creditbook.cli import (  # noqa: F401  (registers commands)
    archive,
    demo,
    policy,
    workbook,
)
from creditbook.cli._app import app


def main() -> None:
    app()
