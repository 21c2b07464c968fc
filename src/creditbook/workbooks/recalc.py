"""Headless recalculation: evaluate every formula (native and CB_) and store the values.

``recalc_workbook(path, out)`` writes a copy of the workbook whose formulas are all kept and
whose cells carry the calculated values, as if Excel had saved it; everything else in the
package (styles, tables, validation, conditional formatting, charts, print set-up) is left
byte for byte. ``read_values(path)`` is what a reader uses for a workbook that Excel never
calculated: the values of every cell, calculating only when cached values are missing.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from openpyxl.utils.cell import get_column_letter

from creditbook.core.errors import CreditbookError
from creditbook.files import atomic_write_bytes, check_output
from creditbook.inputlimits import check_package
from creditbook.workbooks import _engine, _xlsx
from creditbook.workbooks._engine import ExcelError

__all__ = [
    "CellError",
    "ExcelError",
    "RecalcError",
    "RecalcResult",
    "calculate",
    "read_values",
    "recalc_workbook",
    "values_copy",
]

if TYPE_CHECKING:
    from lxml import etree

Values = dict[str, dict[str, Any]]
Trees = dict[str, "etree._Element"]


class RecalcError(CreditbookError):
    """The workbook cannot be read or evaluated."""


@dataclass(frozen=True)
class CellError:
    """A formula cell whose value is an Excel error."""

    sheet: str
    cell: str
    error: str
    formula: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.error} ({self.formula})"


@dataclass(frozen=True)
class RecalcResult:
    """The calculated workbook.

    Attributes:
        values: sheet → cell → value, for every formula cell (numbers, text, bool, None,
            or ``ExcelError``); cells of an array formula's range are included.
        formulas: sheet → cell → formula text (array ranges: the anchor cell only).
        errors: formula cells that ended in an error, in sheet and cell order.
        data: the recalculated .xlsx package.
        seconds: time spent evaluating.
        engine: 'fill-down', 'formulas' or 'fill-down+formulas': what evaluated the workbook.
    """

    values: Values
    formulas: dict[str, dict[str, str]]
    errors: tuple[CellError, ...]
    data: bytes
    seconds: float
    engine: str = "formulas"

    def value(self, sheet: str, cell: str) -> Any:
        return self.values[sheet][cell]

    @property
    def formula_count(self) -> int:
        return sum(len(cells) for cells in self.formulas.values())


Engine = Literal["auto", "formulas"]


def calculate(path: str | Path, engine: Engine = "auto") -> RecalcResult:
    """Evaluate the workbook at ``path`` without writing anything.

    ``engine='auto'`` runs the fill-down columns of a workbook without array formulas on
    the fast path (``filldown``) and everything else on the `formulas` engine;
    ``engine='formulas'`` gives the whole workbook to the engine (a cross-check).
    """
    path = Path(path)
    try:
        data = check_package(path).read_bytes()
        parts = _xlsx.sheet_parts(data)
    except (OSError, KeyError, ValueError) as error:
        raise RecalcError(
            f"{path}: 不是有效的 .xlsx 工作簿 not a readable workbook ({error})"
        ) from None
    import zipfile

    package = zipfile.ZipFile(io.BytesIO(data))
    # each sheet part parsed once: read for formulas and values, then given its results
    trees = {sheet: _xlsx.parse(package.read(part)) for sheet, part in parts.items()}
    formulas = {sheet: _formulas(tree) for sheet, tree in trees.items()}
    started = time.perf_counter()
    used, found_values = _evaluate_plain(path, data, formulas, engine, trees)
    seconds = time.perf_counter() - started
    values: Values = {}
    errors: list[CellError] = []
    for sheet, cells in formulas.items():
        found = found_values.get(sheet.upper(), {})
        sheet_values = values.setdefault(sheet, {})
        for cell, (text, array) in cells.items():
            for ref, value in _cell_values(found, cell, array):
                sheet_values[ref] = value
                if isinstance(value, ExcelError):
                    errors.append(CellError(sheet, ref, str(value), "=" + text))
    patched = _patch(data, parts, values, trees)
    return RecalcResult(
        values=values,
        formulas={s: {c: "=" + t for c, (t, _) in cells.items()} for s, cells in formulas.items()},
        errors=tuple(errors),
        data=patched,
        seconds=seconds,
        engine=used,
    )


def recalc_workbook(
    path: str | Path,
    out: str | Path | None = None,
    force: bool = False,
    values_only: bool = False,
) -> RecalcResult:
    """Calculate ``path`` and write the result to ``out`` (default: ``path`` itself).

    The input is never overwritten unless ``force``; the output appears whole or not at all.
    ``values_only`` writes the print copy (``values_copy``) instead of keeping formulas.
    """
    target = Path(out) if out is not None else Path(path)
    check_output(target, force)
    result = calculate(path)
    atomic_write_bytes(target, values_copy(result.data) if values_only else result.data, force)
    return result


def read_values(
    path: str | Path, recalc: Literal["missing", "always", "never"] = "missing"
) -> Values:
    """Every non-empty cell's value, sheet → cell → value (dates as ``datetime``).

    ``recalc='missing'`` (default) calculates only when some formula cell has no cached
    value (a workbook built by code and never opened in Excel); the file is not changed.
    """
    import openpyxl

    path = Path(path)
    data = check_package(path).read_bytes()
    if recalc == "always" or (recalc == "missing" and _needs_calculation(data)):
        data = calculate(path).data
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    values: Values = {}
    for ws in book.worksheets:
        sheet = values.setdefault(ws.title, {})
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                sheet[cell.coordinate] = (
                    ExcelError(cell.value) if cell.data_type == "e" else cell.value
                )
    return values


def values_copy(data: bytes) -> bytes:
    """The package with every formula replaced by its cached value (for printing or sending).

    LibreOffice recalculates array formulas when it opens a file, and knows no CB_
    functions; a PDF made from this copy shows the calculated values instead.
    """
    parts = set(_xlsx.sheet_parts(data).values())

    def change(name: str, content: bytes) -> bytes:
        if name in parts:
            return _xlsx.without_formulas(content)
        if name == "xl/workbook.xml":
            return content.replace(b' fullCalcOnLoad="1"', b"")
        return content

    return _xlsx.rewrite(data, change)


def _needs_calculation(data: bytes) -> bool:
    import zipfile

    package = zipfile.ZipFile(io.BytesIO(data))
    return any(
        _xlsx.missing_cached_values(package.read(part)) for part in _xlsx.sheet_parts(data).values()
    )


def _formulas(xml: bytes | etree._Element) -> dict[str, tuple[str, str | None]]:
    return {cell: (text, array) for cell, text, array in _xlsx.formula_cells(xml)}


def _evaluate_plain(
    path: Path,
    data: bytes,
    formulas: dict[str, dict[str, tuple[str, str | None]]],
    engine: Engine,
    trees: Trees | None = None,
) -> tuple[str, dict[str, dict[str, Any]]]:
    """Evaluate; CB_ calls that Excel saved through an add-in link are read as plain calls.

    Forms read: ``[1]!CB_X(`` (with the add-in's externalLink part, removed from the copy
    evaluated), ``'…\\creditbook.xlam'!CB_X(``, ``_xludf.CB_X(`` and ``_xldudf_[NS_]CB_X(``.
    """
    linked = any(
        _xlsx.plain_udf_calls(text) != text
        for cells in formulas.values()
        for text, _ in cells.values()
    )
    if not linked:
        return _evaluate(path, formulas, engine, trees=trees)
    import tempfile

    from creditbook.workbooks._links import without_addin_links

    with tempfile.TemporaryDirectory(prefix="creditbook-recalc-") as temp:
        plain = Path(temp) / path.name
        plain.write_bytes(without_addin_links(data)[0])
        return _evaluate(plain, formulas, engine, trees=trees)  # its cells' values unchanged


def _evaluate(
    path: Path,
    formulas: dict[str, dict[str, tuple[str, str | None]]],
    engine: Engine,
    fill_down: bool = True,
    trees: Trees | None = None,
) -> tuple[str, dict[str, dict[str, Any]]]:
    has_arrays = any(array for cells in formulas.values() for _, array in cells.values())
    if fill_down and engine == "auto" and not has_arrays:  # fill-down columns first, fast
        from creditbook.workbooks import filldown

        return filldown.evaluate(
            path, formulas, lambda rest: _evaluate(path, rest, engine, False), trees
        )
    return "formulas", _engine_values(path)


def _engine_values(path: Path) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    try:
        results = list(_engine.calculate(path))
    except ModuleNotFoundError:  # the engine is not installed: the CLI names the extra
        raise
    except Exception as error:  # the engine's own failures, e.g. an unsupported construct
        raise RecalcError(f"{path}: 计算失败 calculation failed: {error}") from error
    for sheet, ref, value in results:
        found.setdefault(sheet.upper(), {})[ref] = value
    return found


def _cell_values(found: dict[str, Any], cell: str, array: str | None) -> Iterable[tuple[str, Any]]:
    if array is None:
        value = found.get(cell)
        if value is None:
            return [(cell, ExcelError("#N/A"))]
        if type(value) in _PLAIN:  # as the fast path gives it: already the cell's value
            return [(cell, value)]
        return [(cell, _engine.plain(_first(value)))]
    block = found.get(array)
    min_col, min_row, max_col, max_row = _xlsx.bounds(array)
    out = []
    for r in range(min_row, max_row + 1):
        for c in range(min_col, max_col + 1):
            ref = f"{get_column_letter(c)}{r}"
            try:
                value = block[r - min_row][c - min_col] if block is not None else "#N/A"
            except (IndexError, TypeError):
                value = None
            out.append((ref, _engine.plain(value) if block is not None else ExcelError("#N/A")))
    return out


_PLAIN = (int, float, str, bool, ExcelError)


def _first(value: Any) -> Any:
    if isinstance(value, str):
        return value
    try:
        return value[0][0]
    except (TypeError, IndexError, KeyError):
        return value


def _patch(data: bytes, parts: dict[str, str], values: Values, trees: Trees | None = None) -> bytes:
    """The package with the values written; ``trees``: the sheet parts already parsed, by
    sheet name (changed here)."""
    trees = trees or {}
    by_part = {parts[sheet]: (cells, trees.get(sheet)) for sheet, cells in values.items() if cells}

    def change(name: str, content: bytes) -> bytes:
        if name in by_part:
            cells, tree = by_part[name]
            return _xlsx.set_cached_values(content if tree is None else tree, cells)
        return content

    return _xlsx.rewrite(data, change)
