"""The header vocabulary and the non-data-row rules, read from ``vocabulary.toml``."""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any

_SPACES = re.compile(r"[\s_\-]+")
_ALL_SPACES = re.compile(r"\s+")
_LEADS = "：:（(【[<《"


@functools.cache
def _data() -> dict[str, Any]:
    text = resources.files("creditbook.inputs").joinpath("vocabulary.toml").read_text("utf-8")
    return tomllib.loads(text)


def normalise_header(text: object) -> str:
    """'  Invoice_No ' / '信用期限（天）' → 'invoiceno' / '信用期限(天)' for matching."""
    folded = unicodedata.normalize("NFKC", str(text)).strip().casefold()
    return _SPACES.sub("", folded)


@functools.cache
def aliases(table: str) -> dict[str, tuple[str, ...]]:
    """Canonical field → every accepted header for ``table`` (ledger/statement/register/orders),
    the standard names first, without repeats."""
    result: dict[str, tuple[str, ...]] = {}
    for field, families in _data()[table].items():
        names: list[str] = []
        for family_names in families.values():
            names += [n for n in family_names if n not in names]
        result[field] = tuple(names)
    return result


def families(table: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """Canonical field → family → headers, as written in the vocabulary (for the docs)."""
    return {
        field: {family: tuple(names) for family, names in found.items()}
        for field, found in _data()[table].items()
    }


def label(table: str, field: str) -> str:
    """The Chinese header creditbook writes for ``field`` (the first standard name)."""
    return str(_data()[table][field]["standard"][0])


def suspects() -> dict[str, str]:
    """Word → the column a header holding it probably is (核销 → 已收金额 …)."""
    return dict(_data()["suspect"])


@functools.cache
def suspect_exceptions() -> frozenset[str]:
    return frozenset(normalise_header(n) for n in _data()["suspect_exceptions"]["names"])


@functools.cache
def amount_choice() -> dict[str, frozenset[str]]:
    """tax_inclusive / pre_tax / tax → their headers, normalised (see [amount_choice])."""
    return {
        kind: frozenset(normalise_header(n) for n in names)
        for kind, names in _data()["amount_choice"].items()
    }


def units() -> dict[str, int]:
    """Unit word → yuan per unit (元 1, 万元 10000)."""
    return dict(_data()["units"])


# ── Rows that are not data ────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class RowRules:
    """Non-data row words per kind (total, carried, opening, footer), spaces removed.

    ``first_chars`` / ``last_chars``: a cell can mark a row only if it starts with one of
    the first or ends with one of the last (a cheap test before the real one, ``kind``).
    """

    words: dict[str, tuple[str, ...]]
    labels: dict[str, str]
    first_chars: frozenset[str]
    last_chars: frozenset[str]

    def kind(self, text: str) -> str | None:
        """The kind of row a cell's text marks, or None for ordinary data."""
        compact = _ALL_SPACES.sub("", unicodedata.normalize("NFKC", text)).casefold()
        if not compact:
            return None
        for kind, words in self.words.items():
            for word in words:
                if not compact.startswith(word):
                    continue
                if len(compact) == len(word) or compact[len(word)] in _LEADS:
                    return kind
        for word in self.words["total"]:
            if compact.endswith(word) and len(word) > 1:
                return "total"
        return None


_SPACE_CHARS = " \t\u3000\u00a0"


def _variants(chars: set[str]) -> set[str]:
    """Each (case-folded) character in upper and lower case and in its full-width form
    (ａ for a)."""
    found = set()
    for char in chars:
        for case in {char, char.upper()}:
            found.add(case)
            if "!" <= case <= "~":
                found.add(chr(ord(case) + 0xFEE0))
    return found


@functools.cache
def row_rules() -> RowRules:
    rows = _data()["rows"]
    words = {
        kind: tuple(_ALL_SPACES.sub("", w).casefold() for w in rows[kind])
        for kind in ("total", "carried", "opening", "footer", "void")
    }
    firsts = _variants({w[0] for found in words.values() for w in found}) | set(_SPACE_CHARS)
    lasts = _variants({w[-1] for w in words["total"]}) | set(_SPACE_CHARS)
    return RowRules(words, dict(rows["labels"]), frozenset(firsts), frozenset(lasts))
