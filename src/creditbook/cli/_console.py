"""Console output that survives a legacy code page (GBK/cp936 on Chinese Windows) and a log file.

On Chinese Windows a redirected ``creditbook … > out.txt`` writes in the ANSI code page, cp936,
which has no ``¥`` and no emoji. Both output streams then use :data:`ERRORS`: a character the
encoding lacks becomes a common equivalent it has (``¥`` → ``￥``), or else a visible ``?``.
A log file has no width, so tables print whole there instead of at rich's default 80 columns.
"""

from __future__ import annotations

import codecs
import io
import os
import sys

from rich import table as rich_table
from rich.console import Console

ERRORS = "creditbook-console"
PYTHON_DEFAULTS = ("strict", "backslashreplace")
LOG_WIDTH = 1000  # columns when the output is a file or a pipe: a row is never wrapped

# Symbols the program prints, each with look-alikes to try, in order, where the encoding lacks it.
EQUIVALENTS = {
    "¥": "￥元",  # U+00A5 is not in GBK; the fullwidth ￥ is what a Chinese keyboard types
    "✓": "√",
    "✔": "√",
    "✗": "×",
    "✘": "×",
    "•": "·",
    "\u00a0": " ",
}


def _replace(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler :data:`ERRORS`: each unencodable character becomes an
    equivalent from :data:`EQUIVALENTS` that the encoding has, or ``?``."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    shown = []
    for char in error.object[error.start : error.end]:
        for candidate in EQUIVALENTS.get(char, ""):
            try:
                candidate.encode(error.encoding)
            except UnicodeEncodeError:
                continue
            shown.append(candidate)
            break
        else:
            shown.append("?")
    return "".join(shown), error.end


codecs.register_error(ERRORS, _replace)


def encodable(text: str, encoding: str) -> str:
    """``text`` as it will appear when written in ``encoding`` through :data:`ERRORS`."""
    return text.encode(encoding, ERRORS).decode(encoding)


def prepare_streams() -> None:
    """Make stdout and stderr write what their encoding cannot hold through :data:`ERRORS`,
    in place of Python's defaults: raising UnicodeEncodeError (``strict``), or ``\\xa5`` for
    ``¥`` on stderr (``backslashreplace``). Another handler chosen in PYTHONIOENCODING is kept."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in PYTHON_DEFAULTS:
            stream.reconfigure(errors=ERRORS)


def widen_for_logs(*consoles: Console) -> None:
    """A console writing to a file or a pipe gets :data:`LOG_WIDTH` columns, so no table cell
    is wrapped or cut; COLUMNS, when set, still decides."""
    if "COLUMNS" in os.environ:
        return
    for console in consoles:
        if not console.is_terminal:
            console.width = LOG_WIDTH


class Table(rich_table.Table):
    """A rich Table whose cells fold onto a next line when the console is narrow: a letter
    number, customer code, amount or path is never cut short to ``…``. (No column is
    ``no_wrap``: where a table is wider than the console, rich cuts such a column silently.)"""

    def add_column(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("overflow", "fold")
        super().add_column(*args, **kwargs)  # type: ignore[arg-type]
