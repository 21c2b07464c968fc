"""Cells as Excel shows them: what a sheet's values alone do not say, read from its XML.

A .xlsx sheet's part holds three things the value readers (calamine, openpyxl data_only) drop:
hidden columns (marked 隐藏 in the reading report), merged cells (a hand ledger merges the
customer name over its invoice rows; Excel shows the name on every row, the file stores it
once), and formulas saved without a value (a workbook written by a program and never opened
in Excel: the readers see a blank). ``excel_view`` carries a merged value down every row it
spans, computes the simple formulas (``inputs.formulas``) and lists the others, which the
table reading them refuses.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import struct
import zipfile
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from posixpath import join, normpath
from typing import IO

from creditbook.inputs.formulas import NotEvaluated, cell_position, column_index, evaluate
from creditbook.inputs.tables import column_letter

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_COL = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+):([A-Z]+\d+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)", re.S)
_REF = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\d(])")
LISTED = 5
MAX_FORMULAS = 100_000
CHUNK = 1 << 18  # bytes of a sheet part looked at a time, at most
TAIL = 1 << 16  # bytes kept of the part's end, where the merged ranges are
_RAW_PIECE = 1 << 15  # compressed bytes read at a time
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # a zip entry's local file header


@dataclass(frozen=True)
class Layout:
    """What a sheet's XML says beyond its values (0-based rows and columns)."""

    hidden_columns: frozenset[int] = frozenset()
    merged: tuple[tuple[int, int, int, int], ...] = ()  # first row, column, last row, column
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # saved without value


def _attrs(tag: bytes) -> dict[str, str]:
    return {
        key.decode().split(":")[-1]: html.unescape(value.decode("utf-8", "replace"))
        for key, value in _ATTR.findall(tag)
    }


def _sheet_part(package: zipfile.ZipFile, sheet: str) -> str | None:
    """The part holding ``sheet`` (xl/worksheets/sheet1.xml), from workbook.xml and its rels."""
    try:
        book = package.read("xl/workbook.xml")
        rels = package.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    rel_id = next(
        (a.get("id") for a in map(_attrs, _SHEET.findall(book)) if a.get("name") == sheet), None
    )
    for attrs in map(_attrs, _REL.findall(rels)):
        if attrs.get("Id") == rel_id:
            target = attrs.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
    return None


def read_layout(source: str | io.BytesIO, sheet: str) -> Layout:
    """The hidden columns, merged ranges and value-less formulas of ``sheet`` (an empty
    layout for a file that is not a zip package, such as an old .xls).

    The part is looked at as it is decompressed, a piece at a time (``_scan``): its head for
    the hidden columns, its end for the merged ranges, and every piece for a formula. Only a
    sheet with formulas is read whole, to find them."""
    try:
        with zipfile.ZipFile(source) as package:
            part = _sheet_part(package, sheet)
            if part is None:
                return Layout()
            info = package.getinfo(part)
            if _inflatable(info):
                head, tail, has_formulas = _scan(_inflated(source, info))
            else:
                with package.open(part) as stream:
                    head, tail, has_formulas = _scan(_pieces(stream))
            data = package.read(part) if has_formulas or tail is None else b""
    except (zipfile.BadZipFile, KeyError, OSError):
        return Layout()
    finally:
        if isinstance(source, io.BytesIO):
            source.seek(0)
    if tail is None:  # the end of the sheet data lies further back than the last pieces
        end = data.rfind(b"</sheetData>")
        tail = data[end:] if end >= 0 else b""
    hidden: set[int] = set()
    for tag in _COL.findall(head):
        attrs = _attrs(tag)
        if attrs.get("hidden") in {"1", "true"}:
            first, last = int(attrs.get("min", "1")), int(attrs.get("max", "1"))
            hidden.update(range(first - 1, min(last, first + 16384)))
    merged = []
    for first, last in _MERGE.findall(tail):
        (r1, c1), (r2, c2) = cell_position(first.decode()), cell_position(last.decode())
        merged.append((r1, c1, r2, c2))
    formulas = _formulas(data) if has_formulas else {}
    return Layout(frozenset(hidden), tuple(merged), formulas)


def _pieces(stream: IO[bytes]) -> Iterator[bytes]:
    while piece := stream.read(CHUNK):
        yield piece


def _inflatable(info: zipfile.ZipInfo) -> bool:
    """A deflated, unencrypted part: decompressed straight from the file by ``_inflated``."""
    return info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x1


def _inflated(source: str | io.BytesIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A deflated part decompressed piece by piece from its bytes in the package, without
    the check sum zipfile computes on the way (calamine has just read the same part with its
    own checks); never more than its stated size, which the package check has bounded."""
    with open(source, "rb") if isinstance(source, str) else nullcontext(source) as handle:
        handle.seek(info.header_offset)
        header = handle.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"{info.filename}: no local header")
        name, extra = _LOCAL_HEADER.unpack(header)[-2:]
        handle.seek(info.header_offset + _LOCAL_HEADER.size + name + extra)
        inflate = zlib.decompressobj(-zlib.MAX_WBITS)
        left, made = info.compress_size, 0
        while left > 0 or inflate.unconsumed_tail:
            data = inflate.unconsumed_tail
            if not data:
                data = handle.read(min(_RAW_PIECE, left))
                if not data:
                    raise zipfile.BadZipFile(f"{info.filename}: cut short")
                left -= len(data)
            piece = inflate.decompress(data, CHUNK)
            made += len(piece)
            if made > info.file_size:
                raise zipfile.BadZipFile(f"{info.filename}: larger than stated")
            if piece:
                yield piece
        if not inflate.eof:
            raise zipfile.BadZipFile(f"{info.filename}: cut short")


def _scan(pieces: Iterable[bytes]) -> tuple[bytes, bytes | None, bool]:
    """A sheet part looked at piece by piece → (what comes before ``<sheetData``, all of it
    when there is none; what comes from the last ``</sheetData>`` on, b"" when there is none,
    None when it lies further back than the last ``TAIL`` bytes kept; whether ``<f`` occurs
    anywhere).

    The answers are those of searching the whole part, without holding it: a piece is
    first searched for the byte ``f`` alone (a fast scan; sheet data rarely holds one), and
    a word cut between two pieces is found through the bytes carried over."""
    parts: list[bytes] = []  # the head, until <sheetData is found
    head: bytes | None = None
    carry = b""  # the last bytes read, for a <sheetData cut between pieces
    has_formulas = False
    last = b""
    recent: deque[bytes] = deque()  # the last pieces, at least TAIL bytes of them
    kept = size = 0
    for chunk in pieces:
        if not chunk:
            continue
        if head is None:
            parts.append(chunk)
            at = (carry + chunk).find(b"<sheetData")
            if at >= 0:
                head = b"".join(parts)[: size - len(carry) + at]
                parts = []
            carry = (carry + chunk)[-len(b"<sheetData") + 1 :]
        if not has_formulas and b"f" in chunk:
            has_formulas = b"<f" in chunk or (chunk[:1] == b"f" and last[-1:] == b"<")
        recent.append(chunk)
        kept += len(chunk)
        while kept - len(recent[0]) >= TAIL:
            kept -= len(recent.popleft())
        last = chunk
        size += len(chunk)
    window = b"".join(recent)
    end = window.rfind(b"</sheetData>")
    tail = window[end:] if end >= 0 else (None if size > len(window) else b"")
    return (b"".join(parts) if head is None else head), tail, has_formulas


def _formulas(data: bytes) -> dict[tuple[int, int], str]:
    """Every formula cell saved without a value: (row, col) → formula text."""
    found: dict[tuple[int, int], str] = {}
    masters: dict[str, tuple[int, int, str]] = {}
    for match in _FORMULA.finditer(data):
        if len(found) > MAX_FORMULAS:
            break
        start = data.rfind(b"<c ", 0, match.start())
        close = data.find(b"</c>", match.end())
        if start < 0 or close < 0:
            continue
        cell = _attrs(data[start : data.find(b">", start) + 1])
        row, col = cell_position(cell.get("r", ""))
        attrs = _attrs(match.group(1))
        text = html.unescape((match.group(2) or b"").decode("utf-8", "replace"))
        if attrs.get("t") == "shared" and "si" in attrs:
            if text:
                masters[attrs["si"]] = (row, col, text)
            elif attrs["si"] in masters:
                first_row, first_col, master = masters[attrs["si"]]
                text = shifted(master, row - first_row, col - first_col)
        value = _VALUE.search(data, match.end(), close)
        saved = value is not None and (
            bool(value.group(1)) or cell.get("t") in {"str", "s", "inlineStr"}
        )
        if not saved:
            found[(row, col)] = text
    return found


def shifted(formula: str, rows: int, cols: int) -> str:
    """A shared formula as it reads ``rows`` down and ``cols`` right of its first cell
    (relative references move, $-fixed ones stay)."""

    def move(found: re.Match[str]) -> str:
        col_fixed, letters, row_fixed, number = found.groups()
        col = column_index(letters) + (0 if col_fixed else cols)
        row = int(number) + (0 if row_fixed else rows)
        return f"{col_fixed}{column_letter(col)}{row_fixed}{row}"

    return _REF.sub(move, formula)


def excel_view(
    rows: list[list[object]], layout: Layout
) -> tuple[dict[tuple[int, int], str], tuple[str, ...]]:
    """Make ``rows`` what Excel shows: merged values carried down, simple formulas computed
    (in place). → (the formulas that could not be computed, notes saying what was done)."""
    notes: list[str] = []
    tall = sorted((m for m in layout.merged if m[2] > m[0]), key=lambda m: (m[1], m[0]))
    if tall:
        last_row = max(m[2] for m in tall)
        last_col = max(m[1] for m in tall)
        _ensure(rows, last_row, last_col)
        for r1, c1, r2, _ in tall:
            value = rows[r1][c1]
            for row in range(r1 + 1, r2 + 1):
                rows[row][c1] = value
        ranges = "、".join(
            f"{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}" for r1, c1, r2, c2 in tall
        )
        notes.append(
            f"合并单元格 merged cells: {ranges} 的值填入所跨各行 carried to every row they span"
        )
    unevaluated: dict[tuple[int, int], str] = {}
    if layout.formulas:
        computed = _compute(rows, layout.formulas, unevaluated)
        if computed:
            shown = "、".join(
                f"{cell} ={text} → {value}" for cell, text, value in computed[:LISTED]
            )
            more = "…" if len(computed) > LISTED else ""
            notes.append(
                f"公式未保存计算结果，已按公式计算 formulas saved without a value, computed: "
                f"{len(computed)} 个（{shown}{more}）"
            )
    return unevaluated, tuple(notes)


def _ensure(rows: list[list[object]], last_row: int, last_col: int) -> None:
    width = max(last_col + 1, max((len(r) for r in rows), default=0))
    while len(rows) <= last_row:
        rows.append([])
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))


def _compute(
    rows: list[list[object]],
    formulas: dict[tuple[int, int], str],
    unevaluated: dict[tuple[int, int], str],
) -> list[tuple[str, str, str]]:
    """Put each formula's value in its cell; a formula that cannot be computed (or refers to
    one that cannot) goes to ``unevaluated``. → [(cell, formula, shown value)]."""
    _ensure(rows, max(r for r, _ in formulas), max(c for _, c in formulas))
    values: dict[tuple[int, int], object] = {}
    busy: set[tuple[int, int]] = set()

    def lookup(row: int, col: int) -> object:
        key = (row, col)
        if key in formulas:
            if key in unevaluated or key in busy:
                raise NotEvaluated(formulas[key])
            if key not in values:
                busy.add(key)
                try:
                    values[key] = evaluate(formulas[key], lookup)
                except NotEvaluated:
                    unevaluated[key] = formulas[key]
                    raise
                finally:
                    busy.discard(key)
            return values[key]
        if row < len(rows) and col < len(rows[row]):
            return rows[row][col]
        return None

    done = []
    for key in sorted(formulas):
        try:
            value = lookup(*key)
        except NotEvaluated:
            unevaluated.setdefault(key, formulas[key])
            continue
        row, col = key
        rows[row][col] = _cell(value)
        done.append((f"{column_letter(col)}{row + 1}", formulas[key], _shown(value)))
    return done


def _cell(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _shown(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
