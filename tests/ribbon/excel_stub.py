"""A stand-in for the xlwings Book that Excel hands to RunPython, built from an .xlsx file.

The sheets hold what Excel would show: every formula calculated (by the same engine the CLI
uses on a file never opened in Excel), numbers as float (as COM hands them over), error
cells as None (xlwings' default). ``edits`` are unsaved changes: in the book, not the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import openpyxl
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from creditbook.workbooks.recalc import ExcelError, read_values


@dataclass
class StubRange:
    row: int
    column: int
    rows: list[list[object]]

    def options(self, ndim: int | None = None, **_: object) -> StubRange:
        assert ndim == 2, "the adapter must ask for a 2-d list (a single cell is a scalar)"
        return self

    @property
    def value(self) -> list[list[object]]:
        return self.rows


@dataclass
class StubSheet:
    name: str
    used_range: StubRange


class StubProperties:
    """COM's DocumentProperties: Count and 1-based Item(i) with Name and Value."""

    def __init__(self, values: dict[str, object]) -> None:
        self.items = [SimpleNamespace(Name=k, Value=v) for k, v in values.items()]
        self.Count = len(self.items)

    def Item(self, index: int) -> SimpleNamespace:
        return self.items[index - 1]


@dataclass
class StubApp:
    """Records every alert; answers yes/no questions from ``answers`` in order."""

    answers: list[str] = field(default_factory=list)
    alerts: list[dict[str, object]] = field(default_factory=list)

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        self.alerts.append({"prompt": prompt, "title": title, "buttons": buttons, "mode": mode})
        if buttons == "ok":
            return "ok"
        return self.answers.pop(0)


@dataclass
class StubBook:
    name: str
    fullname: str
    sheets: list[StubSheet]
    api: SimpleNamespace
    app: StubApp


def _sheet(name: str, cells: dict[str, object]) -> StubSheet:
    positions = {}
    for ref, value in cells.items():
        column, row = coordinate_from_string(ref)
        positions[row, column_index_from_string(column)] = value
    if not positions:
        return StubSheet(name, StubRange(1, 1, [[None]]))
    top, bottom = min(r for r, _ in positions), max(r for r, _ in positions)
    left, right = min(c for _, c in positions), max(c for _, c in positions)
    rows = [
        [_as_excel(positions.get((r, c))) for c in range(left, right + 1)]
        for r in range(top, bottom + 1)
    ]
    return StubSheet(name, StubRange(top, left, rows))


def _as_excel(value: object) -> object:
    if isinstance(value, ExcelError):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def stub_book(
    path: Path,
    edits: dict[tuple[str, str], object] | None = None,
    answers: list[str] | None = None,
    properties: dict[str, object] | None = None,
    fullname: str | None = None,
) -> StubBook:
    """The book as Excel holds it after opening ``path`` and typing ``edits`` (not saved)."""
    values = read_values(path)
    for (sheet, ref), value in (edits or {}).items():
        values[sheet][ref] = value
    book = openpyxl.load_workbook(path, read_only=True)
    order = book.sheetnames
    found = {p.name: p.value for p in book.custom_doc_props}
    book.close()
    props = found if properties is None else properties
    return StubBook(
        name=path.name,
        fullname=str(path) if fullname is None else fullname,
        sheets=[_sheet(name, values.get(name, {})) for name in order],
        api=SimpleNamespace(CustomDocumentProperties=StubProperties(props)),
        app=StubApp(answers=list(answers or [])),
    )
