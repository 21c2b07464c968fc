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
rows and columns are dropped. It works per column: a column of plain values (text,
numbers, blanks) is cleaned by looking at each DISTINCT value once.
"""

import math
from itertools import zip_longest
from typing import Any

from xlwings.conversion import Converter, RawValueAccessor

__all__ = ["CellRows", "Cells", "cell", "is_sentinel", "tidy"]

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


def is_sentinel(value: Any) -> bool:
    """Pyodide's JsNull (Office.js blank) and formulas' ``schedula.EMPTY`` token."""
    kind = type(value).__name__
    return kind == "JsNull" or (kind == "Token" and str(value) == "empty")


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


def _clean_column(column: tuple[Any, ...]) -> list[Any]:
    kinds = set(map(type, column))
    if not kinds <= _PLAIN:
        return [cell(c) for c in column]
    # Plain values: clean each distinct value once. Equal values of different types
    # (1, 1.0, True) clean to themselves, so sharing one dict entry is harmless, except
    # for COM error codes next to floats: those columns go cell by cell.
    changes = {}
    for value in set(column):
        clean = cell(value)
        if clean is not value:
            changes[value] = clean
    if not changes:
        return list(column)
    if float in kinds and any(type(k) is int for k in changes):
        return [cell(c) for c in column]
    get = changes.get
    return [get(c, c) for c in column]


def _last_filled(column: list[Any]) -> int:
    for i in range(len(column) - 1, -1, -1):
        if column[i] is not None:
            return i
    return -1


def tidy(rows: list[Any]) -> list[list[Any]]:
    """Rows of raw cells → clean rectangular rows, trailing blank rows/columns dropped.

    Ragged rows are padded with None. A blank range gives ``[]``.
    """
    if not rows:
        return []
    rows = [r if isinstance(r, (list, tuple)) else (r,) for r in rows]
    columns = [_clean_column(c) for c in zip_longest(*rows)]
    while columns and all(c is None for c in columns[-1]):
        columns.pop()
    height = max((_last_filled(c) for c in columns), default=-1) + 1
    if not height:
        return []
    if height < len(rows):
        columns = [c[:height] for c in columns]
    return [list(r) for r in zip(*columns, strict=True)]


class CellRows(list):
    """Rows already tidied by :class:`Cells`; ``_convert.matrix`` takes them as they are."""


class Cells(Converter):
    """xlwings converter for range arguments: the ``"raw"`` reader, then :func:`tidy`.

    Use as ``@xw.arg("ledger", Cells, doc=...)``. The function receives
    :class:`CellRows` (``[]`` for a blank range: the converter never raises, the function
    decides). A flat list or tuple is ONE ROW here: that is how both runtimes hand over a
    single-row range in raw form (see the module docstring).
    """

    base = RawValueAccessor

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
        return CellRows(tidy(list(value)))

    @classmethod
    def write_value(cls, value: Any, options: dict[str, Any]) -> Any:
        return value
