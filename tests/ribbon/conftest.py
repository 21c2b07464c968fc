"""Clicking 生成文书 without Excel: ``xw.Book.caller()`` returns a stub book, folders are not
really opened, and the user's home is the test's own folder."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import xlwings as xw
from excel_stub import StubBook

import creditbook
from creditbook import portable

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """An empty home folder: no creditbook.toml of the machine's user is ever read."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("USERPROFILE", str(folder))
    return folder


@pytest.fixture
def opened(monkeypatch) -> list[list[str]]:
    """The commands the add-in ran to show a folder (recorded, not run)."""
    calls: list[list[str]] = []
    monkeypatch.setattr(portable.subprocess, "Popen", calls.append)
    monkeypatch.setattr(portable, "PLATFORM", "linux")
    return calls


@pytest.fixture
def click(monkeypatch, opened) -> Callable[[StubBook], StubBook]:
    """Press the ribbon button with ``book`` active: RunMain runs ``creditbook.main()``."""

    def press(book: StubBook) -> StubBook:
        monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: book))
        creditbook.main()
        return book

    return press
