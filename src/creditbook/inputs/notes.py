"""What a reader decided on the way, for the command to print: the one notes channel.

A reader leaves its notes on the frame it returns (``frame.attrs["notes"]``, a list of
``Note``); ``notes_of`` is the one way to read them back. A note is information (the sheet
and form read, rows skipped, names joined) or a warning (a value set aside, a name not in
the register); the printers style it by ``level``, and ``str()`` is the line the user reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

WARNING_PREFIX = "警告 WARNING: "


class NoteLevel(Enum):
    INFO = "info"
    WARNING = "warning"


@dataclass(frozen=True)
class Note:
    """One thing a reader says about what it read."""

    level: NoteLevel
    text: str

    def __str__(self) -> str:
        return f"{WARNING_PREFIX}{self.text}" if self.level is NoteLevel.WARNING else self.text


def info(texts: Iterable[str]) -> list[Note]:
    """Information notes, one per text."""
    return [Note(NoteLevel.INFO, text) for text in texts]


def warning(text: object) -> Note:
    """A warning note (a problem set aside, shown as ``警告 WARNING: …``)."""
    return Note(NoteLevel.WARNING, str(text))


def notes_of(frame: object) -> list[Note]:
    """The notes a reader left on ``frame`` (none for a frame no reader made)."""
    attrs = getattr(frame, "attrs", None)
    if not isinstance(attrs, dict):
        return []
    return list(attrs.get("notes", []))
