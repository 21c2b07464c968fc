"""Writing outputs safely: never over an existing file without force, never half-written."""

from __future__ import annotations

import contextlib
import contextvars
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from creditbook.core.errors import CreditbookError
from creditbook.winnames import NAME_BYTES, cut, cut_bytes, split_suffix, utf16_units

# The characters a temporary name adds: ".", "." before mkstemp's 8 random ones, ".part".
TEMPORARY_UNITS = 15
_UMASK = os.umask(0)
os.umask(_UMASK)


class OutputExists(CreditbookError):
    """The output file exists and ``force`` was not given."""


class OutputInUse(CreditbookError):
    """The output file is held open by another program (Windows: Excel or Word)."""


# The files the running command reads (its ledger, register …): never an output, even forced.
_INPUTS: contextvars.ContextVar[frozenset[Path]] = contextvars.ContextVar(
    "creditbook_inputs", default=frozenset()
)


@contextlib.contextmanager
def reading(paths: Iterable[str | Path]) -> Iterator[None]:
    """While inside, :func:`check_output` refuses to write over any of ``paths``."""
    found = frozenset(Path(p).resolve() for p in paths if Path(p).is_file())
    token = _INPUTS.set(_INPUTS.get() | found)
    try:
        yield
    finally:
        _INPUTS.reset(token)


def check_output(path: str | Path, force: bool = False) -> Path:
    """Refuse an existing output unless ``force``, and an input of the command always;
    return the path."""
    path = Path(path)
    if path.exists() and path.resolve() in _INPUTS.get():
        raise OutputExists(
            f"{path} 是本命令读取的输入文件，不能作为输出 is an input of this command; "
            "choose another output"
        )
    if path.exists() and not force:
        raise OutputExists(f"{path} already exists; use --force to overwrite it")
    return path


@contextlib.contextmanager
def atomic_path(path: str | Path, force: bool = False, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it is renamed onto ``path``.

    A failure leaves nothing behind: neither the temporary file nor a partial output.
    The result gets ``mode`` when given, else the user's usual permissions (umask).
    """
    target = check_output(path, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix, suffix = temporary_affixes(target.name)
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        # mkstemp creates the file owner-only; an output gets the user's usual permissions.
        temporary.chmod(0o666 & ~_umask() if mode is None else mode)
        if not force and target.exists():
            raise OutputExists(f"{target} already exists; use --force to overwrite it")
        try:
            os.replace(temporary, target)
        except PermissionError:
            if not target.exists():
                raise
            # Windows refuses to replace a file another program holds open: Excel and Word
            # hold every file they show. The earlier file is kept; nothing half-written.
            raise OutputInUse(
                f"{target}: 文件正被其他程序打开（例如 Excel 或 Word），请关闭后重试 the file "
                "is open in another program (Excel, Word): close it and run again"
            ) from None
    finally:
        temporary.unlink(missing_ok=True)


def temporary_affixes(name: str) -> tuple[str, str]:
    """The prefix and suffix of the temporary file written beside ``name``:
    ``.{stem}.XXXXXXXX{suffix}.part``. A stem longer than 30 UTF-16 units is shortened so
    that the temporary name is no longer than ``name`` itself (Windows' MAX_PATH counts
    UTF-16 units), and any stem so that it stays within 255 bytes (Linux): a legal
    255-byte name never fails on its temporary name."""
    stem, suffix = split_suffix(name)
    units = max(utf16_units(stem) - TEMPORARY_UNITS, TEMPORARY_UNITS)
    room = NAME_BYTES - TEMPORARY_UNITS - len(suffix)  # the affixes are ASCII: 1 byte each
    return f".{cut_bytes(cut(stem, units), room)}.", f"{suffix}.part"


def _umask() -> int:
    """The process umask (read once at start, while no other thread is writing files)."""
    return _UMASK


def atomic_write_bytes(
    path: str | Path, data: bytes, force: bool = False, mode: int | None = None
) -> Path:
    with atomic_path(path, force, mode) as temporary:
        temporary.write_bytes(data)
    return Path(path)


def atomic_write_text(
    path: str | Path, text: str, force: bool = False, encoding: str = "utf-8"
) -> Path:
    return atomic_write_bytes(path, text.encode(encoding), force)


def atomic_save(path: str | Path, save: Callable[[Path], object], force: bool = False) -> Path:
    """Call ``save(temporary_path)`` (e.g. ``workbook.save``) and move the result into place."""
    with atomic_path(path, force) as temporary:
        save(temporary)
    return Path(path)
