"""File and folder names that are legal on Windows and POSIX alike, and fit Windows' MAX_PATH.

Users write batches into folders such as ``C:\\Users\\<name>\\Documents\\信用管理\\2026-11\\``.
Windows refuses a name that is a device (``CON``, ``aux.docx``, ``COM1 .txt``…), holds one
of ``<>:"/\\|?*`` or a control character, and silently drops a trailing dot or space (so
``KH01.`` and ``KH01`` are one file). It compares names ignoring case, and a full path may
hold at most 259 UTF-16 code units (MAX_PATH less the terminating NUL). Linux allows 255
bytes per name.

Lengths here are UTF-16 code units, as Windows counts them: a character outside the Basic
Multilingual Plane (``𠀀``, an emoji) counts 2.
"""

from __future__ import annotations

import hashlib
import re

NAME_UNITS = 60  # a name part (customer id, file stem) in UTF-16 units
HASH_UNITS = 7  # "-" and six hex digits of sha256
# Paths relative to an output folder stay within this; with a folder such as
# C:\Users\<20 characters>\Documents\信用管理\2026-11\ (53 units) the full path stays ≤ 259.
RELATIVE_UNITS = 200
FULL_PATH_UNITS = 259
NAME_BYTES = 255  # per name on Linux (UTF-8)

# Windows' forbidden characters, C0 controls and DEL, bidi embeddings/overrides/isolates
# (U+202A–U+202E, U+2066–U+2069: they make a name read differently from what it is) and
# zero-width characters (U+200B–U+200D, U+FEFF: two names that look the same).
_FORBIDDEN = re.compile('[\\\\/:*?"<>|\x00-\x1f\x7f\u200b-\u200d\u202a-\u202e\u2066-\u2069\ufeff]+')
_SUFFIX = re.compile(r"\.[0-9A-Za-z]{1,8}\Z")
_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789\u00b9\u00b2\u00b3"}
)


def utf16_units(text: str) -> int:
    """The length Windows counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def cut(text: str, units: int) -> str:
    """The longest start of ``text`` within ``units`` UTF-16 units (a character is never split)."""
    total = 0
    for index, char in enumerate(text):
        total += 2 if ord(char) > 0xFFFF else 1
        if total > units:
            return text[:index]
    return text


def is_reserved(name: str) -> bool:
    """Whether Windows takes ``name`` for a device: its part before the first dot, trailing
    spaces dropped, is CON, PRN, AUX, NUL, COM0–9, LPT0–9 (or COM/LPT with ¹ ² ³), CONIN$ or
    CONOUT$ in any case — ``con``, ``Nul.txt``, ``aux .docx``, ``COM1.tar.gz``."""
    return name.split(".", 1)[0].rstrip(" ").upper() in _DEVICES


def legal_name(text: str, units: int = NAME_UNITS) -> str:
    """``text`` as a name part legal on Windows and POSIX, at most ``units`` UTF-16 units.

    Each run of forbidden characters becomes ``_``; dots and spaces at either end are
    dropped; a device name gets a ``_`` in front (``CON`` → ``_CON``); an empty result is
    ``_``. A name that is already legal and short enough comes back unchanged.
    """
    name = cut(_FORBIDDEN.sub("_", text).strip(" ."), units).rstrip(" .")
    if is_reserved(name):
        name = cut("_" + name, units).rstrip(" .")
    return name or "_"


def cut_bytes(text: str, size: int) -> str:
    """The longest start of ``text`` within ``size`` bytes of UTF-8 (a character is never split)."""
    return text.encode("utf-8")[: max(size, 0)].decode("utf-8", "ignore")


def split_suffix(name: str) -> tuple[str, str]:
    """``name`` as stem and extension; an extension is a dot and one to eight ASCII letters
    or digits (``.docx``, ``.part``), anything else is part of the stem."""
    found = _SUFFIX.search(name)
    suffix = found.group() if found else ""
    return name[: len(name) - len(suffix)], suffix


def legal_file_name(name: str, units: int = NAME_UNITS) -> str:
    """A file name made legal like ``legal_name``, keeping its extension, with its stem cut
    so that the whole is at most ``units`` UTF-16 units."""
    stem, suffix = split_suffix(name)
    return legal_name(stem, units - len(suffix)) + suffix


def hash_suffix(text: str) -> str:
    """``-`` and six hex digits of the sha256 of ``text``: the same in every run."""
    return "-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def hashed_name(text: str, units: int = NAME_UNITS) -> str:
    """``text`` made legal within the room its hash suffix leaves, with the suffix: distinct
    texts give distinct names however alike they clean (``KH/01``, ``KH:01``)."""
    return legal_name(text, units - HASH_UNITS) + hash_suffix(text)


def folder_name(text: str, units: int = NAME_UNITS) -> str:
    """A folder name for ``text`` (a customer id) that is the same in every run and distinct
    for distinct texts, also on a file system that ignores case.

    ``text`` itself when it is legal, short enough and has no lower-case letter (``KH0001``,
    ``华东机电``); otherwise the cleaned text with its hash suffix, so ``kh01`` (→
    ``kh01-…``) never shares ``KH01``'s folder and ``KH01.`` never shares it either.
    Of two texts that differ only by case at most one is upper case, so at most one is kept.
    """
    if legal_name(text, units) == text and text == text.upper():
        return text
    return hashed_name(text, units)
