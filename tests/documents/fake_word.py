"""A stand-in for pywin32 and Microsoft Word, so that the Word path runs on Linux.

``install(monkeypatch)`` puts fake ``pythoncom``, ``pywintypes`` and ``win32com.client``
modules into ``sys.modules`` and makes ``creditbook.office.word`` believe it runs on
Windows. Every COM call is recorded on the returned ``FakeCom``; a fake document's
``ExportAsFixedFormat`` writes a real one-page PDF (its page width tells which document it
came from) at the path Word was given.
"""

from __future__ import annotations

import os
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfWriter

from creditbook import portable

CORRUPT = "文件已损坏，无法打开。"
CORRUPT_HRESULT = -2146823683  # 0x800A11FD, as Word reports an unreadable file
CLASS_NOT_REGISTERED = -2147221005  # 0x800401F3 CO_E_CLASSSTRING: Word is not installed


class com_error(Exception):  # pywin32 spells it so
    """pywintypes.com_error: (hresult, text, excepinfo, argument error)."""


def word_not_installed() -> com_error:
    return com_error(CLASS_NOT_REGISTERED, "无效的类字符串", None, None)


def corrupt_file() -> com_error:
    excepinfo = (0, "Microsoft Word", CORRUPT, None, 0, CORRUPT_HRESULT)
    return com_error(-2147352567, "发生意外。", excepinfo, None)


@dataclass
class FakeCom:
    calls: list[tuple] = field(default_factory=list)
    words: list[FakeWord] = field(default_factory=list)
    dispatch_error: Exception | None = None
    fail_on: set[str] = field(default_factory=set)  # document names whose export fails
    widths: dict[str, float] = field(default_factory=dict)  # document name → page width

    def names(self) -> list[str]:
        return [call[0] for call in self.calls]

    def exported(self) -> list[Path]:
        return [Path(call[1]) for call in self.calls if call[0] == "ExportAsFixedFormat"]


class FakeWord:
    def __init__(self, com: FakeCom) -> None:
        self.com = com
        self.Visible = True
        self.DisplayAlerts = -1  # wdAlertsAll, Word's default
        self.Documents = FakeDocuments(self)

    def Quit(self, *args: object) -> None:
        self.com.calls.append(("Quit", *args))


class FakeDocuments:
    def __init__(self, word: FakeWord) -> None:
        self.word = word

    def Open(self, path: str, **options: object) -> FakeDocument:
        self.word.com.calls.append(("Open", path, options))
        return FakeDocument(self.word, path)


class FakeDocument:
    def __init__(self, word: FakeWord, path: str) -> None:
        self.word, self.path = word, Path(path)

    def ExportAsFixedFormat(self, target: str, export_format: int) -> None:
        com = self.word.com
        com.calls.append(("ExportAsFixedFormat", target, export_format))
        if self.path.name in com.fail_on:
            raise corrupt_file()
        writer = PdfWriter()
        writer.add_blank_page(width=com.widths.get(self.path.name, 595), height=842)
        with open(target, "wb") as handle:
            writer.write(handle)

    def Close(self, *args: object) -> None:
        self.word.com.calls.append(("Close", self.path.name, *args))


def install(monkeypatch, platform: str = "win32") -> FakeCom:
    """Fake pywin32 in sys.modules; creditbook follows ``platform``."""
    com = FakeCom()

    def dispatch_ex(prog_id: str) -> FakeWord:
        com.calls.append(("DispatchEx", prog_id))
        if com.dispatch_error is not None:
            raise com.dispatch_error
        word = FakeWord(com)
        com.words.append(word)
        return word

    def iid(prog_id: str) -> str:
        if com.dispatch_error is not None:
            raise word_not_installed()
        return "{000209FF-0000-0000-C000-000000000046}"

    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: com.calls.append(("CoInitialize",))
    pythoncom.CoUninitialize = lambda: com.calls.append(("CoUninitialize",))
    pythoncom.com_error = com_error
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.IID = iid
    pywintypes.com_error = com_error
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.DispatchEx = dispatch_ex
    win32com.client = client
    for name, module in (
        ("pythoncom", pythoncom),
        ("pywintypes", pywintypes),
        ("win32com", win32com),
        ("win32com.client", client),
    ):
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(portable, "PLATFORM", platform)
    if platform == "win32":  # the whole process is Windows: its file locks and ACLs too
        windows = Path(__file__).resolve().parents[1] / "windows"
        sys.path.insert(0, str(windows))
        import fake_msvcrt

        monkeypatch.setitem(sys.modules, "msvcrt", fake_msvcrt)
        monkeypatch.setenv("USERNAME", "zhangmin")
        icacls = windows / "simulated" / "bin"  # the stand-in that records its arguments
        monkeypatch.setenv("PATH", f"{icacls}{os.pathsep}{os.environ['PATH']}")
    return com
