"""Recalculation's fast path: each fill-down formula column compiled once and run down its rows.

The standard workbooks are mostly columns whose every row holds the same formula moved to
its own row (what Excel's fill-down makes; saved as ``<f t="shared">`` by Excel). Such a
column is parsed once (``_formula``) and evaluated for all its rows in one pass over the
cell values read straight from the package, each CB_ call going to the worksheet function
with its arguments as the engines hand them over. Columns that use anything the compiler
does not know, and single formulas, are left to the `formulas` engine; a column that
reads one of those waits for nothing: it goes to the engine too.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl.utils.cell import coordinate_to_tuple

from creditbook.workbooks import _engine, _formula, _xlsx
from creditbook.workbooks._engine import ExcelError

if TYPE_CHECKING:
    from lxml import etree

MIN_ROWS = 2
Formulas = dict[str, dict[str, tuple[str, str | None]]]
Found = dict[str, dict[str, Any]]
Engines = Callable[[Formulas], tuple[str, Found]]
Trees = dict[str, "etree._Element"]

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_LITERAL = r'("(?:[^"]|"")*")'
_CELL = r"(?<![A-Za-z0-9_.$])(\$?[A-Z]{1,3})(\$?)(\d+)(?![\d(A-Za-z_])"
_PIECE = re.compile(f"{_LITERAL}|{_CELL}")  # a text literal (kept as it is) or a reference
_REFERENCE = re.compile(_CELL)
_V = f"{_NS}v"
NAME = "fill-down"


@dataclass(frozen=True)
class Column:
    """Consecutive rows of one column that hold the same formula, moved to each row."""

    sheet: str
    formula: str
    cells: tuple[str, ...]
    rows: tuple[int, ...]


def evaluate(
    path: Path, formulas: Formulas, engines: Engines, trees: Trees | None = None
) -> tuple[str, Found]:
    """Values of every formula cell: fill-down columns here, the rest by ``engines(rest)``.

    ``trees``: the sheet parts already parsed (``_xlsx.parse``), by sheet name.
    """
    data = path.read_bytes()
    book = read_book(data, _xlsx.sheet_parts(data), formulas, trees)
    found = run_columns(book, list(fill_down_columns(formulas)))
    rest = {
        sheet: {c: f for c, f in cells.items() if c not in found.get(sheet.upper(), {})}
        for sheet, cells in formulas.items()
    }
    if not any(rest.values()):
        return NAME, found
    used, by_engine = engines(rest)
    for sheet, cells in found.items():
        by_engine.setdefault(sheet, {}).update(cells)
    return f"{NAME}+{used}" if found else used, by_engine


def fill_down_columns(formulas: Formulas) -> Iterator[Column]:
    """Runs of at least MIN_ROWS rows in a column whose formulas differ only by their row."""
    for sheet, cells in formulas.items():
        keyed = []
        for ref, (text, array) in cells.items():
            if array is not None:
                continue
            row, column = coordinate_to_tuple(ref)
            keyed.append((column, row, ref, text))
        keyed.sort()
        run: list[tuple[int, int, str, str, str]] = []
        for item in _with_relative(keyed):
            last = run[-1] if run else None
            if last and (last[0], last[1] + 1, last[2]) == item[:3]:
                run.append(item)
                continue
            if len(run) >= MIN_ROWS:
                yield _column(sheet, run)
            run = [item]
        if len(run) >= MIN_ROWS:
            yield _column(sheet, run)


def _with_relative(
    keyed: list[tuple[int, int, str, str]],
) -> list[tuple[int, int, str, str, str]]:
    """(column, row, relative formula, cell, text), sorted: each formula's ``_relative``.

    A formula that is the one above it moved down (the same text with each relative row
    number shifted, as ``_template`` writes it) has the same relative form: it is not
    scanned again. Two references to one cell (A1 and A01) sort by their relative form.
    """
    if len({item[:2] for item in keyed}) < len(keyed):
        return sorted((c, r, _relative(text, r), ref, text) for c, r, ref, text in keyed)
    out = []
    above: tuple[int, str, Callable[[int], str] | None] | None = None  # column, form, template
    for column, row, ref, text in keyed:  # in column and row order: rows go down
        template = above[2] if above is not None and above[0] == column else None
        if above is not None and template is not None and text == template(row):
            out.append((column, row, above[1], ref, text))
            continue
        relative = _relative(text, row)
        above = (column, relative, _template(text, row))
        out.append((column, row, relative, ref, text))
    return out


def _column(sheet: str, run: list[tuple[int, int, str, str, str]]) -> Column:
    formula = _xlsx.plain_udf_calls(run[0][4])
    return Column(sheet, formula, tuple(r[3] for r in run), tuple(r[1] for r in run))


def _relative(text: str, row: int) -> str:
    """The formula with each relative row number written as an offset from ``row``."""

    def offset(match: re.Match[str]) -> str:
        column, fixed, number = match.groups()
        if fixed:
            return match.group(0)
        return f"{column}R[{int(number) - row}]"

    def piece(match: re.Match[str]) -> str:
        literal, column, fixed, number = match.groups()
        if literal is not None or fixed:
            return match.group(0)
        return f"{column}R[{int(number) - row}]"

    if text.count('"') % 2:  # an unclosed quote: the regex decides what is a literal
        return _PIECE.sub(piece, text)
    # Between paired quotes every other piece is inside a literal (an escaped "" leaves an
    # empty piece outside): the literals are emptied, the rest scanned once for references
    # (a quote on each side, as before), and the literals put back.
    pieces = text.split('"')
    literals = pieces[1::2]
    pieces[1::2] = [""] * len(literals)
    done = _REFERENCE.sub(offset, '"'.join(pieces)).split('"')
    done[1::2] = literals
    return '"'.join(done)


def _template(text: str, row: int) -> Callable[[int], str] | None:
    """The formula written for another row below ``row`` (each relative row number moved
    down with it), or None for a formula with an unclosed quote.

    Whatever the template writes has ``text``'s relative form: only the digits of the
    references ``_relative`` finds change, and they stay digits, so the same references
    are found again, each at the same offset from its row."""
    if text.count('"') % 2:
        return None
    pieces = text.split('"')
    literals = pieces[1::2]
    pieces[1::2] = [""] * len(literals)
    emptied = '"'.join(pieces)
    parts: list[str] = []
    offsets: list[int] = []
    at = 0
    for match in _REFERENCE.finditer(emptied):
        column, fixed, number = match.groups()
        if fixed:
            continue
        parts.append(_braces(emptied[at : match.start()]) + column + f"{{{len(offsets)}}}")
        offsets.append(int(number) - row)
        at = match.end()
    parts.append(_braces(emptied[at:]))
    done = "".join(parts).split('"')
    done[1::2] = [_braces(literal) for literal in literals]
    form = '"'.join(done)
    return lambda other: form.format(*[other + offset for offset in offsets])


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def run_columns(book: _formula.Book, columns: list[Column]) -> Found:
    """Evaluate the columns, those whose inputs are ready first, until none can go further."""
    udfs = _engine.cb_functions()
    found: Found = {}
    waiting = columns
    while waiting:
        blocked = []
        for column in waiting:
            try:
                values = _run(book, column, udfs)
            except _formula.Waiting:
                blocked.append(column)
                continue
            except Exception:  # Fallback, or anything unforeseen: the engine does this column
                continue
            cells, out = book[column.sheet.upper()], found.setdefault(column.sheet.upper(), {})
            index = coordinate_to_tuple(column.cells[0])[1]  # one column: the same for all
            for ref, row, value in zip(column.cells, column.rows, values, strict=True):
                cells[(row, index)] = value
                out[ref] = value
        if len(blocked) == len(waiting):
            break
        waiting = blocked
    return found


def _run(book: _formula.Book, column: Column, udfs: dict[str, Callable]) -> list[Any]:
    origin = column.rows[0]
    expr = _formula.Compiler(book, column.sheet.upper(), origin, udfs).compile(column.formula)
    return [_cell_value(expr(row)) for row in column.rows]


def _cell_value(value: Any) -> Any:
    """A formula's result as the cell shows it: a blank reference shows 0."""
    value = _formula.scalar(value)
    return 0 if value is None else value


# --- the values in the package ------------------------------------------------------------


def read_book(
    data: bytes, parts: dict[str, str], formulas: Formulas, trees: Trees | None = None
) -> _formula.Book:
    """Every sheet's cell values by (row, column); formula cells are marked pending.

    ``trees``: sheet parts already parsed, by sheet name (the others are parsed here).
    """
    package = zipfile.ZipFile(io.BytesIO(data))
    strings = _shared_strings(package)
    book: _formula.Book = {}
    for sheet, part in parts.items():
        cells: _formula.Cells = {}
        pending = formulas.get(sheet, {})
        root = trees.get(sheet) if trees is not None else None
        if root is None:  # a whole tree is faster than iterparse
            root = _xlsx.parse(package.read(part))
        with_formula = {cell for _f, cell in _xlsx.formula_elements(root)}
        for cell in root.iter(f"{_NS}c"):
            ref = cell.get("r") or _xlsx.required(cell, "r")
            value: Any
            if ref in pending:
                value = _formula.PENDING
            elif len(cell):  # a value, an inline string or a formula
                value = _formula.PENDING if cell in with_formula else _value(cell, strings)
                if value is None:
                    continue
            elif cell.get("t") == "inlineStr":  # an empty inline string (no <is>)
                value = ""
            else:  # nothing in it: a blank cell with a style
                continue
            cells[_position(ref)] = value
        book[sheet.upper()] = cells
    for sheet, found in formulas.items():  # array ranges: every cell of the range is pending
        for _text, array in found.values():
            if array:
                _mark_range(book[sheet.upper()], array)
    return book


def _position(ref: str) -> tuple[int, int]:
    """(row, column) of a cell reference such as 'AB12', as openpyxl's coordinate_to_tuple
    gives it, the column letters looked up once."""
    letters = ref.rstrip("0123456789")
    column = _COLUMNS.get(letters)
    if column is not None and len(letters) < len(ref):
        return int(ref[len(letters) :]), column
    if letters.isalpha() and letters.isascii() and len(letters) < len(ref):
        return int(ref[len(letters) :]), _column_index(letters)
    return coordinate_to_tuple(ref)


def _column_index(letters: str) -> int:
    from openpyxl.utils.cell import column_index_from_string

    column = column_index_from_string(letters)
    if len(_COLUMNS) < 4096:
        _COLUMNS[letters] = column
    return column


_COLUMNS: dict[str, int] = {}  # column letters → number, as they are met


def _mark_range(cells: _formula.Cells, span: str) -> None:
    left, top, right, bottom = _xlsx.bounds(span)
    for row in range(top, bottom + 1):
        for column in range(left, right + 1):
            cells[(row, column)] = _formula.PENDING


def _value(cell: Any, strings: list[str]) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_NS}t"))
    v = cell[0] if len(cell) and cell[0].tag == _V else cell.find(_V)  # mostly its only child
    if v is None or v.text is None:
        return None
    if kind == "s":
        return strings[int(v.text)]
    if kind == "b":
        return v.text == "1"
    if kind == "e":
        return ExcelError(v.text)
    if kind == "str":
        return v.text
    if kind == "n":
        text = v.text
        return float(text) if "." in text or "e" in text or "E" in text else int(text)
    return _formula.PENDING  # an ISO date cell (t="d"): left to the engines


def _shared_strings(package: zipfile.ZipFile) -> list[str]:
    from lxml import etree

    try:
        root = etree.fromstring(package.read("xl/sharedStrings.xml"))
    except KeyError:
        return []
    return [
        "".join(t.text or "" for t in si.iter(f"{_NS}t") if not _phonetic(t))
        for si in root.iter(f"{_NS}si")
    ]


def _phonetic(text: etree._Element) -> bool:
    """A <t> of a phonetic run (<rPh>, furigana): not part of the cell's text."""
    parent = text.getparent()
    return parent is not None and parent.tag == f"{_NS}rPh"
