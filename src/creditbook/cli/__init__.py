"""The `creditbook` command line: each command is a thin layer over one library call."""

from __future__ import annotations

import gc
import importlib
import pkgutil

from creditbook.cli._app import app
from creditbook.cli._commands import LAZY_MODULES

# Every public module of this package registers its commands on `app` when imported: those of
# the table in _commands.py when one of their commands runs, any other one now.
for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_") and _module.name not in LAZY_MODULES:
        importlib.import_module(f"{__name__}.{_module.name}")


def main() -> None:
    """The `creditbook` command: output that a GBK console or a log file can hold, then the app."""
    from creditbook.cli._app import console, err_console
    from creditbook.cli._console import prepare_streams, widen_for_logs

    prepare_streams()
    widen_for_logs(console, err_console)
    try:
        app()
    finally:
        # the process ends with the command: Python's last cycle collection need not walk
        # every object the command made and imported (0.1 s after a 100,000-row ledger)
        gc.freeze()


__all__ = ["app", "main"]
