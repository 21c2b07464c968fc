"""客户编码 and 客户名称 normalised once, in the readers, and every change said.

A code typed or pasted with a zero-width space (``KH06`` + U+200B) looks like ``KH06`` but is
another key: the customer's debt was split over two letters with file names that look the
same. A right-to-left override (U+202E) in a name is kept in file names and shows reversed
in a PDF. The readers pass every code and name through ``clean_identifier``:

- removed: zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and bidirectional controls
  (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069);
- codes: NFKC (full-width ``ＫＨ０６`` is ``KH06``), then trimmed (spaces, also U+3000);
- names: trimmed. Names keep the NFKC every text cell already gets when it is read
  (``cells.text_value``): the same company written with full-width brackets in one file and
  half-width in another stays one name, so a register found by name still matches.

What changed is a note naming file, sheet and cells; raw codes that become one are one
customer, and the note says so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

INVISIBLE = frozenset(
    chr(c)
    for c in (
        *range(0x200B, 0x200E),  # zero-width space, non-joiner, joiner
        0x2060,  # word joiner
        0xFEFF,  # zero-width no-break space (byte order mark)
        0x200E,  # left-to-right mark
        0x200F,  # right-to-left mark
        *range(0x202A, 0x202F),  # embeddings and overrides
        *range(0x2066, 0x206A),  # isolates
    )
)
_REMOVE = str.maketrans(dict.fromkeys(INVISIBLE))
SHOWN_CELLS = 5


def clean_identifier(text: str, code: bool) -> str:
    """``text`` without invisible characters and trimmed; NFKC too for a code."""
    if text.isascii():
        return text.strip()
    text = text.translate(_REMOVE)
    if code:
        text = unicodedata.normalize("NFKC", text)
    return text.strip()


_BRACKETED_FORM = re.compile(r"\((有限(?:责任)?公司)\)")


def name_key(text: str) -> str:
    """The one key two spellings of a customer's name are compared by (ledger ↔ register,
    statement title ↔ register term): invisible characters removed, NFKC (full-width letters,
    digits and brackets made half-width), every space removed, case folded, and
    ``(有限公司)`` written as ``有限公司``. ``苏州 达远（有限公司）`` and ``苏州达远有限公司``
    have one key."""
    folded = unicodedata.normalize("NFKC", text.translate(_REMOVE)).casefold()
    compact = "".join(folded.split())
    return _BRACKETED_FORM.sub(r"\1", compact)


def shown(text: str) -> str:
    """``text`` with each invisible character written out: ``KH06<U+200B>``."""
    return "".join(f"<U+{ord(c):04X}>" if c in INVISIBLE else c for c in text)


@dataclass
class IdentifierChanges:
    """The cells one column's normaliser changed, for the note.

    Attributes:
        what: the column as users know it (客户编码 or 客户名称).
        changed: cell (A7) → (the text as written, shown; the normalised text).
    """

    what: str
    code: bool
    changed: dict[str, tuple[str, str]] = field(default_factory=dict)

    def clean(self, raw: object, text: str, cell: str) -> str:
        """The normalised text of a cell whose reader text is ``text`` (``raw`` as read)."""
        result, written = self.normalise(raw, text)
        if written is not None:
            self.changed[cell] = (written, result)
        return result

    def normalise(self, raw: object, text: str) -> tuple[str, str | None]:
        """(normalised text, the cell as written and shown when that is a change, else None)."""
        if raw.__class__ is not str or raw.isascii():
            return text, None  # numbers and plain ASCII have nothing to remove
        written = raw.strip()
        result = clean_identifier(written if self.code else text, self.code)
        differs = result != written if self.code else any(c in INVISIBLE for c in written)
        return result, shown(written) if differs else None

    def notes(self, where: str, unchanged: set[str]) -> list[str]:
        """One note for the column, and one per customer whose raw codes (or names) became
        one; ``unchanged`` holds the texts of the cells the normaliser left as they were."""
        if not self.changed:
            return []
        listed = "、".join(
            f'{cell} "{written}" → "{result}"'
            for cell, (written, result) in list(self.changed.items())[:SHOWN_CELLS]
        )
        more = "…" if len(self.changed) > SHOWN_CELLS else ""
        how = "去掉不可见字符、统一全角半角" if self.code else "去掉不可见字符"
        notes = [
            f"{self.what}已规范化 normalised {self.what} in {where}: {len(self.changed)} 格"
            f"（{listed}{more}），{how} invisible characters removed"
            + (", full-width made half-width" if self.code else "")
        ]
        sources: dict[str, dict[str, None]] = {}
        for written, result in self.changed.values():
            sources.setdefault(result, {result: None} if result in unchanged else {})
            sources[result][written] = None
        for result, writings in sources.items():
            if len(writings) > 1:
                forms = " 与 ".join(f'"{w}"' for w in writings)
                same = (
                    f"按同一客户 {result} 计 one customer" if self.code else "为同一名称 one name"
                )
                notes.append(f"{self.what} {forms} 规范化后相同，{same}")
        return notes
