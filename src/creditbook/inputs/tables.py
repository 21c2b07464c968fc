"""Finding a table in a sheet: its header row (below any title rows) and which column is which."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from creditbook.inputs.vocabulary import aliases, normalise_header, units

# Accepted headers per canonical column (keys as models.LEDGER_COLUMNS / REGISTER_COLUMNS).
LEDGER_ALIASES: dict[str, tuple[str, ...]] = aliases("ledger")
STATEMENT_ALIASES: dict[str, tuple[str, ...]] = aliases("statement")
REGISTER_ALIASES: dict[str, tuple[str, ...]] = aliases("register")
ORDER_ALIASES: dict[str, tuple[str, ...]] = aliases("orders")

HEADER_SCAN_ROWS = 30
IGNORE = ("-", "忽略", "ignore")  # --columns "备注=-": keep the column as an extra, unchecked
_UNIT_SUFFIX = re.compile(r"^(.*?)[(\[【]\s*(?:单位\s*[:：]\s*)?(千元|万元|元)\s*[)\]】]$")
_UNIT_TITLE = re.compile(r"单位\s*[:：]\s*(?:人民币)?\s*(千元|万元|元)")

__all__ = [
    "HEADER_SCAN_ROWS",
    "LEDGER_ALIASES",
    "ORDER_ALIASES",
    "REGISTER_ALIASES",
    "STATEMENT_ALIASES",
    "Header",
    "column_letter",
    "find_header",
    "normalise_header",
]


def column_letter(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA'."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True)
class Header:
    """Where a table's header is: ``row`` (0-based in the grid) and canonical name → column.

    Attributes:
        labels: column → header text as written.
        scales: column → yuan per unit for headers such as 金额（万元）.
        ignored: columns the user mapped to nothing (--columns "X=-").
        unit: yuan per unit from a title row above the header (单位：万元), else 1.
        candidates: canonical name → every column whose header names it, in order (the
            first is in ``columns``; ``inputs.amounts`` arbitrates the money columns).
        mapped: columns the user named in --columns.
        passed_over: column → why it is not used although its header could be a field.
        conflicts: (canonical name, columns) that could each be that field with no rule
            deciding; the reader refuses them.
    """

    row: int
    columns: dict[str, int]
    labels: dict[int, str] = field(default_factory=dict)
    scales: dict[int, int] = field(default_factory=dict)
    ignored: frozenset[int] = frozenset()
    unit: int = 1
    candidates: dict[str, tuple[int, ...]] = field(default_factory=dict)
    mapped: frozenset[int] = frozenset()
    passed_over: dict[int, str] = field(default_factory=dict)
    conflicts: tuple[tuple[str, tuple[int, ...]], ...] = ()

    def extras(self) -> dict[int, str]:
        """Columns that are not canonical, kept under their own header."""
        known = set(self.columns.values())
        return {col: text for col, text in self.labels.items() if col not in known and text}

    def scale(self, name: str) -> int:
        """Yuan per unit of a money column: its header's unit, else the sheet's."""
        return self.scales.get(self.columns[name], self.unit)


def lookup_table(
    aliases: Mapping[str, tuple[str, ...]], mapping: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Normalised header → canonical name; ``mapping`` (your header → any accepted name of a
    canonical column, or "-" to keep it unchecked) takes precedence. Mapped names this table
    does not have are left for the other tables."""
    lookup = {normalise_header(a): name for name, names in aliases.items() for a in names}
    mapped = {}
    for written, target in (mapping or {}).items():
        name = IGNORE[0] if target.strip() in IGNORE else lookup.get(normalise_header(target))
        if name:
            mapped[normalise_header(written)] = name
    return {**lookup, **mapped}


def _match(text: str, lookup: dict[str, str]) -> tuple[str | None, int | None]:
    key = normalise_header(text)
    if key in lookup:
        return lookup[key], None
    found = _UNIT_SUFFIX.match(unicodedata.normalize("NFKC", text).strip())
    if found:
        name = lookup.get(normalise_header(found.group(1)))
        if name:
            return name, units()[found.group(2)]
    return None, None


def sheet_unit(rows: list[list[object]]) -> int:
    """Yuan per unit said by a title row such as "金额单位：万元" (1 when none says)."""
    for row in rows:
        for cell in row:
            if isinstance(cell, str):
                found = _UNIT_TITLE.search(unicodedata.normalize("NFKC", cell))
                if found:
                    return units()[found.group(1)]
    return 1


def find_header(
    rows: list[list[object]],
    aliases: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    mapping: Mapping[str, str] | None = None,
) -> Header | None:
    """The first row among the top ``HEADER_SCAN_ROWS`` naming every required column.

    When none names them all, the row naming the most canonical columns is returned so that
    the caller can say which ones are missing; None when no row names any. ``mapping`` maps
    the user's own headers to canonical names (``"-"`` keeps a column as an unchecked extra).
    """
    lookup = lookup_table(aliases, mapping)
    user = {normalise_header(written) for written in mapping or {}}
    best: Header | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        candidates: dict[str, tuple[int, ...]] = {}
        labels: dict[int, str] = {}
        scales: dict[int, int] = {}
        ignored: set[int] = set()
        mapped: set[int] = set()
        for col, cell in enumerate(row):
            text = "" if cell is None else str(cell).strip()
            labels[col] = text
            if not text:
                continue
            name, scale = _match(text, lookup)
            if name and normalise_header(text) in user:
                mapped.add(col)
            if name in IGNORE:
                ignored.add(col)
            elif name:
                columns.setdefault(name, col)
                candidates[name] = (*candidates.get(name, ()), col)
                if scale is not None:
                    scales[col] = scale
        header = Header(
            index, columns, labels, scales, frozenset(ignored), 1, candidates, frozenset(mapped)
        )
        if all(name in columns for name in required):
            return _with_unit(header, rows)
        if columns and (best is None or len(columns) > len(best.columns)):
            best = header
    return best if best is None else _with_unit(best, rows)


def _with_unit(header: Header, rows: list[list[object]]) -> Header:
    unit = sheet_unit(rows[: header.row])
    if unit == 1:
        return header
    return replace(header, unit=unit)
