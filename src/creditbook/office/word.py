"""PDF through Microsoft Word, driven over COM (pywin32), on the Windows PCs our users have.

One hidden Word is started for a batch (``DispatchEx``: a Word of its own, never the
one the user is typing in), every document is opened read-only and exported, and Word
quits when the batch ends, also when a document or Word itself failed. pywin32 is
imported here alone, and only when Word is used.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from creditbook import portable
from creditbook.core.errors import CreditbookError

NAME = "Microsoft Word"
PROG_ID = "Word.Application"
WD_EXPORT_FORMAT_PDF = 17  # WdExportFormat.wdExportFormatPDF
WD_DO_NOT_SAVE_CHANGES = 0
WD_ALERTS_NONE = 0
SUFFIXES = (".docx", ".doc")


class WordUnavailable(CreditbookError):
    """Word cannot be started here (no pywin32, no Word, or COM refused)."""


def platform() -> str:
    """The platform creditbook follows (``creditbook.portable.PLATFORM``)."""
    return portable.PLATFORM


def can_convert(documents: Sequence[Path]) -> bool:
    """Word is worth trying: on Windows, and every file a Word document."""
    return platform() == "win32" and all(d.suffix.lower() in SUFFIXES for d in documents)


def registered() -> bool:
    """Word is installed (its COM class is registered); Word is not started to find out."""
    if platform() != "win32":
        return False
    try:
        import pywintypes

        pywintypes.IID(PROG_ID)  # a ProgID is looked up in the registry
    except Exception:  # no pywin32, or com_error: the class is not registered
        return False
    return True


def com_text(error: BaseException) -> str:
    """A COM error as one line: Word's own description where it gave one.

    pywin32's ``com_error`` carries (hresult, text, excepinfo, argument); when the
    application raised it, excepinfo is (code, source, description, help file, help
    context, scode): Word's own description (e.g. "文件已损坏") and its own error code.
    """
    args = error.args
    if len(args) == 4 and isinstance(args[0], int):
        hresult, text, excepinfo, _argument = args
        if excepinfo and len(excepinfo) == 6 and excepinfo[2]:
            text, hresult = excepinfo[2], excepinfo[5] or hresult
        return f"{text} (0x{hresult & 0xFFFFFFFF:08X})"
    return f"{type(error).__name__}: {error}"


@contextlib.contextmanager
def application() -> Iterator[object]:
    """A hidden Word for one batch; it quits when the block ends, however it ends."""
    try:
        import pythoncom
        import win32com.client
    except ImportError as error:
        raise WordUnavailable(f"未安装 pywin32 (pip install pywin32): {error}") from None
    pythoncom.CoInitialize()
    try:
        try:
            word = win32com.client.DispatchEx(PROG_ID)
        except Exception as error:
            reason = com_text(error)  # e.g. 无效的类字符串 where Word is not installed
            raise WordUnavailable(f"无法启动 Word could not start Word: {reason}") from None
        try:
            word.Visible = False
            word.DisplayAlerts = WD_ALERTS_NONE
            yield word
        finally:
            with contextlib.suppress(Exception):  # a Word that died cannot be asked to quit
                word.Quit(WD_DO_NOT_SAVE_CHANGES)
    finally:
        pythoncom.CoUninitialize()


def export(word: object, source: Path, target: Path) -> None:
    """``source`` (absolute) opened read-only → PDF at ``target``; the document is closed."""
    document = word.Documents.Open(  # type: ignore[attr-defined]
        str(source), ConfirmConversions=False, ReadOnly=True, AddToRecentFiles=False
    )
    try:
        document.ExportAsFixedFormat(str(target), WD_EXPORT_FORMAT_PDF)
    finally:
        with contextlib.suppress(Exception):
            document.Close(WD_DO_NOT_SAVE_CHANGES)


def convert(jobs: Sequence[tuple[Path, Path]]) -> list[str]:
    """Export every (source, target) pair with one Word; return what failed, file by file.

    A document Word cannot convert does not stop the others. Raises ``WordUnavailable``
    when Word cannot be started at all.
    """
    failures = []
    with application() as word:
        for source, target in jobs:
            try:
                export(word, source, target)
            except Exception as error:
                failures.append(f"{source.name}: {com_text(error)}")
    return failures
