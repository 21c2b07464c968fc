"""Range cells as any runtime hands them over, cleaned column by column into plain values.

Range arguments use :class:`Cells`, an xlwings converter built on the ``"raw"`` reader:
xlwings does no per-cell cleaning and the cells arrive as the runtime has them:

- Office.js (xlwings Lite / Server): a 2-D list from JSON; ``to_scalar`` has already made a
  one-cell range a scalar and a one-row range a flat list. Dates are serial numbers,
  integers ``int``, blanks ``None``/``""``/Pyodide's ``JsNull``, and error cells are
  objects ``{"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}`` (other data
  types carry their value in ``basicValue``).
- classic Windows (COM): ``Range.Value`` as tuples of rows, a scalar for one cell, blanks
  ``None``, dates ``pywintypes.datetime``, error cells the integers of ``_COM_ERRORS``; an
  array constant such as ``{1,2,3}`` is a flat tuple (one row).

:func:`tidy` turns such rows into a rectangular list of rows with blanks as ``None``,
error cells as their text ("#N/A") and numpy scalars as Python values; trailing blank
rows and columns are dropped. A grid that needs no cleaning (checked in a few C-level
passes over all cells) is kept as it is; only otherwise is each cell converted.
"""

import math
from functools import lru_cache
from itertools import chain
from typing import Any

from xlwings.conversion import Converter, RawValueAccessor

from creditbook.inputs.scalars import is_sentinel

__all__ = ["CellRows", "Cells", "cell", "content_key", "is_sentinel", "tidy"]

# Error cells as Windows Excel's COM interface hands them over in Range.Value.
_COM_ERRORS: dict[int, str] = {
    -2146826281: "#DIV/0!",
    -2146826246: "#N/A",
    -2146826259: "#NAME?",
    -2146826288: "#NULL!",
    -2146826252: "#NUM!",
    -2146826265: "#REF!",
    -2146826273: "#VALUE!",
}
# Office.js error objects' ``errorType`` → Excel's error text.
_OFFICE_ERRORS: dict[str, str] = {
    "Div0": "#DIV/0!",
    "NotAvailable": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "Spill": "#SPILL!",
    "Calc": "#CALC!",
    "Field": "#FIELD!",
    "Connect": "#CONNECT!",
    "Blocked": "#BLOCKED!",
    "Busy": "#BUSY!",
    "GettingData": "#GETTING_DATA",
    "Unknown": "#UNKNOWN!",
}
# Column value types whose cleaning depends on the value alone (see _clean_column).
_PLAIN = frozenset({str, float, int, bool, type(None)})
# Ranges of at least this many cells are tidied once per distinct content (see Cells):
# a 政策 table passed to thousands of formulas is cleaned once, not once per call.
CACHED_CELLS = 64


def cell(value: Any) -> Any:
    """One cell as a plain value: blank → None, error → its text, numpy → Python."""
    kind = value.__class__
    if kind is str:
        return value if value.strip() else None
    if kind is float:
        return None if value != value else value
    if kind is int:
        return _COM_ERRORS.get(value, value)
    if value is None or kind is bool:
        return value
    return _odd_cell(value)


def _odd_cell(value: Any) -> Any:
    if isinstance(value, dict):
        return _office_object(value)
    if is_sentinel(value):
        return None
    if hasattr(value, "item") and hasattr(value, "dtype"):
        return cell(value.item())  # numpy scalars
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _office_object(value: dict[str, Any]) -> Any:
    """An Office.js cell object: an error → its text, a formatted value → the value."""
    if value.get("type") == "Error":
        text = value.get("basicValue")
        if isinstance(text, str) and text.startswith("#"):
            return text
        return _OFFICE_ERRORS.get(str(value.get("errorType")), "#VALUE!")
    if "basicValue" in value:
        return cell(value["basicValue"])
    if isinstance(value.get("text"), str):
        return cell(value["text"])  # an entity shows its text
    return "#VALUE!"


def _needs_cleaning(rows: list[list[Any]]) -> bool:
    """Whether any cell would change: checked over the whole grid by C-level passes.

    In a grid of plain values (text, numbers, booleans, None: what Office.js sends) only
    NaN, blank text and COM error codes change, and most ranges hold none of them.
    """
    cells = chain.from_iterable
    kinds = set(map(type, cells(rows)))
    if not kinds <= _PLAIN:
        return True  # dicts, datetimes, numpy scalars, sentinels: see cell()
    if float in kinds and any(v != v for v in cells(rows)):
        return True
    if str in kinds and any(v.__class__ is str and not v.strip() for v in cells(rows)):
        return True
    return int in kinds and not _COM_ERRORS.keys().isdisjoint(cells(rows))


def tidy(rows: list[Any]) -> list[list[Any]]:
    """Rows of raw cells → clean rectangular rows, trailing blank rows/columns dropped.

    Ragged rows are padded with None; a blank range gives ``[]``. When nothing needs
    cleaning or padding, the given row lists are kept (not copied): treat them as read-only.
    """
    rows = [r if r.__class__ is list else _as_row(r) for r in rows]
    width = max(map(len, rows), default=0)
    if not width:
        return []
    if _needs_cleaning(rows):
        rows = [[cell(c) for c in r] + [None] * (width - len(r)) for r in rows]
    elif any(len(r) != width for r in rows):
        rows = [r + [None] * (width - len(r)) for r in rows]
    while rows and all(c is None for c in rows[-1]):
        rows.pop()
    while rows and rows[0] and all(r[-1] is None for r in rows):
        rows = [r[:-1] for r in rows]
    return rows if rows and rows[0] else []


def _as_row(row: Any) -> list[Any]:
    return list(row) if isinstance(row, (list, tuple)) else [row]


class CellRows(list):
    """Rows already tidied by :class:`Cells`; ``_convert.matrix`` takes them as they are.

    Treat them as read-only: equal ranges may share one CellRows (see :class:`Cells`).
    """


def content_key(rows: Any) -> tuple[Any, ...] | None:
    """A hashable key for a grid's content, cell types included (1, 1.0 and TRUE differ).

    None when a cell cannot be hashed (an Office.js error object). Built by C-level passes
    (``map``), so hashing a range costs far less than cleaning it.
    """
    try:
        cells = tuple(map(tuple, rows))
        key = (cells, tuple(map(type, chain.from_iterable(cells))))
        hash(key)
    except TypeError:
        return None
    return key


@lru_cache(maxsize=32)
def _tidy_once(key: tuple[Any, ...]) -> "CellRows":
    return CellRows(tidy([list(row) for row in key[0]]))


def _tidy_rows(rows: list[Any]) -> "CellRows":
    if len(rows) * len(rows[0] if isinstance(rows[0], (list, tuple)) else ()) >= CACHED_CELLS:
        key = content_key(rows)
        if key is not None:
            return _tidy_once(key)
    return CellRows(tidy(rows))


class Cells(Converter):
    """xlwings converter for range arguments: the ``"raw"`` reader, then :func:`tidy`.

    Use as ``@xw.arg("ledger", Cells, doc=...)``. The function receives
    :class:`CellRows` (``[]`` for a blank range: the converter never raises, the function
    decides). A flat list or tuple is ONE ROW here: that is how both runtimes hand over a
    single-row range in raw form (see the module docstring).
    """

    base = RawValueAccessor  # type: ignore[assignment]  # xlwings types Converter.base as None

    @classmethod
    def read_value(cls, value: Any, options: dict[str, Any]) -> CellRows:
        if isinstance(value, CellRows):
            return value
        if hasattr(value, "tolist") and hasattr(value, "ndim"):
            value = value.tolist()
        if not isinstance(value, (list, tuple)):
            return CellRows(tidy([[value]]))
        if value and not any(isinstance(item, (list, tuple)) for item in value):
            return CellRows(tidy([value]))  # a single row
        return _tidy_rows(list(value)) if value else CellRows()

    @classmethod
    def write_value(cls, value: Any, options: dict[str, Any]) -> Any:
        return value
