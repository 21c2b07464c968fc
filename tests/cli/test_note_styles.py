"""The readers' notes on the console: a warning yellow, information dim, by the note's level
and never by its words (a file may well be named 警告函名单)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from creditbook.cli import _inputs
from creditbook.inputs.notes import Note, NoteLevel

YELLOW, DIM = "\x1b[33m", "\x1b[2m"


@pytest.fixture
def recorded(monkeypatch):
    console = Console(file=io.StringIO(), record=True, width=200, color_system="standard")
    monkeypatch.setattr(_inputs, "err_console", console)
    return console


def test_the_console_styles_a_note_by_its_level_not_by_its_words(recorded):
    _inputs.print_notes(
        [
            Note(NoteLevel.INFO, "警告函名单.xlsx 读取 read"),  # a file whose name says 警告
            Note(NoteLevel.WARNING, "档案.xlsx 客户信用档案!C3 统一社会信用代码: 校验失败"),
        ]
    )
    styled = [(segment.text, str(segment.style)) for segment in recorded._record_buffer]
    assert ("警告函名单.xlsx 读取 read", "dim") in styled
    assert (
        "警告 WARNING: 档案.xlsx 客户信用档案!C3 统一社会信用代码: 校验失败",
        "yellow",
    ) in styled
