"""User text on its way out: spreadsheet cells, CSV fields and console lines that stay data.

Every name, contact, note or file name that came from a user's file goes through here:

- in .xlsx it is a string cell, never a formula, and characters XML cannot hold are shown
  as ``�`` (Excel would refuse the file otherwise);
- in CSV a field beginning with ``= + - @``, tab or CR gets a leading ``'`` (the OWASP rule
  against CSV injection), so Excel shows it as text instead of running it;
- on the console rich markup (``[bold]``, ``[link=…]``) is escaped and control characters
  are shown as escapes (``\\x1b``), so a name cannot restyle, link or clear the terminal.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"
FORMULA_LEADS = ("=", "+", "-", "@")
CSV_LEADS = (*FORMULA_LEADS, "\t", "\r")
XLSX_CELL_MAX = 32_767  # Excel's limit on the characters of one cell
XLSX_ROW_HEIGHT_MAX = 409  # Excel's tallest row, in points
_CONSOLE_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class Figure(str):
    """A number this program formatted itself ('-1234.50'): written as is, never prefixed."""


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by ``�``."""
    return XML_ILLEGAL.sub(REPLACEMENT, text)


def cell_text(text: str) -> str:
    """Text for one .xlsx cell: XML-safe and within Excel's 32,767 characters."""
    text = xml_text(text)
    if len(text) > XLSX_CELL_MAX:
        text = text[: XLSX_CELL_MAX - 1] + "…"
    return text


def set_cell(cell: Any, value: object) -> Any:
    """Write ``value`` into an openpyxl cell; a string is always a string cell, never a formula."""
    if isinstance(value, str):
        text = cell_text(str(value))
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_LEADS):
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited, too
    else:
        cell.value = value
    return cell


def write_row(sheet: Any, row: int, values: Sequence[object]) -> int:
    """Write ``values`` into row ``row`` of an openpyxl sheet through :func:`set_cell`."""
    for column, value in enumerate(values, 1):
        set_cell(sheet.cell(row, column), value)
    return row


def csv_field(value: object) -> str:
    """One CSV field: user text starting with ``= + - @``, tab or CR is prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, Figure | int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(CSV_LEADS) else text


def csv_kept(text: str) -> str:
    """A CSV field the program reads back: like :func:`csv_field`, and text already starting
    with ``'`` gets one more, so :func:`csv_read_back` restores every value exactly."""
    return "'" + text if text.startswith((*CSV_LEADS, "'")) else text


def csv_read_back(field: str) -> str:
    """A field written by :func:`csv_kept`, without the ``'`` put before it."""
    return field[1:] if field.startswith("'") else field


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text (CRLF line ends, every field through :func:`csv_field`)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_field(value) for value in row])
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """CSV in UTF-8 with a BOM, so that Excel opens the Chinese text correctly."""
    return csv_text(rows).encode("utf-8-sig", errors="replace")


def console_text(text: object, keep_newlines: bool = False) -> str:
    """Text for a rich console line: markup escaped, control characters as escapes."""
    from rich.markup import escape

    value = "" if text is None else str(text)
    if not keep_newlines:
        value = value.replace("\n", "\\n")
    return escape(_show_controls(value))


def console_cell(text: object) -> Any:
    """A rich ``Text`` for a table cell: shown literally (no markup, no emoji codes)."""
    from rich.text import Text

    return Text(_show_controls("" if text is None else str(text)))


def _show_controls(text: str) -> str:
    """Control and bidi-override characters as escapes: '\x1b' → '\\x1b'."""
    return _CONSOLE_CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


def rows_workbook(title: str, rows: Iterable[Sequence[object]]) -> Any:
    """A one-sheet openpyxl workbook of plain rows, every cell through :func:`set_cell`."""
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    book.properties.creator = "creditbook"  # not openpyxl's default
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new Workbook's one sheet
    sheet.title = title
    for number, row in enumerate(rows, 1):
        write_row(sheet, number, row)
    return book
