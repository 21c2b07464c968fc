"""Start-up of a Python process that behaves as creditbook on Windows would, on this machine.

Put this folder first on PYTHONPATH. Before anything else is imported:
- the POSIX-only modules Windows' Python lacks (fcntl, termios, pwd, grp, resource) cannot
  be imported, so any code that needs one fails here as it would on a user's PC;
- ``msvcrt`` is the stand-in beside this folder (``msvcrt.locking`` with Windows' semantics);
- ``creditbook.portable`` follows its Windows branches (``PLATFORM = "win32"``);
- ``os.startfile`` exists and records each folder it is asked to open (in the file named by
  ``CREDITBOOK_TEST_STARTFILE_LOG``); ``icacls`` is the recorder in ``bin/`` on PATH.
What this cannot show (paths with drive letters and backslashes, a case-insensitive disk,
COM, real Excel and Word) needs a real Windows PC.
"""

from __future__ import annotations

# The standard modules that tell Windows from POSIX by trying ``import msvcrt`` are loaded
# first, as POSIX modules: they must not take the stand-in for a real Windows runtime.
import getpass  # noqa: F401
import os
import subprocess  # noqa: F401
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
POSIX_ONLY = ("fcntl", "termios", "pwd", "grp", "resource")

sys.path.insert(0, str(HERE.parent))
import fake_msvcrt  # noqa: E402  (built on the real fcntl, imported before it is hidden)

sys.path.remove(str(HERE.parent))
sys.modules["msvcrt"] = fake_msvcrt
for _name in POSIX_ONLY:
    sys.modules[_name] = None  # type: ignore[assignment]  # import raises ModuleNotFoundError


def _startfile(path: object, *_args: object) -> None:
    log = os.environ.get("CREDITBOOK_TEST_STARTFILE_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.fspath(path)}\n")  # type: ignore[arg-type]


os.startfile = _startfile  # type: ignore[attr-defined]

import creditbook.portable  # noqa: E402

creditbook.portable.PLATFORM = "win32"
