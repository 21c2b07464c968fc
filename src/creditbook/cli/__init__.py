"""The `creditbook` command line: each command is a thin layer over one library call."""

from __future__ import annotations

from creditbook.cli import archive, demo, policy  # noqa: F401  (registers commands)
from creditbook.cli import workbook  # noqa: F401
from creditbook.cli._app import app


def main() -> None:
    app()
