"""The xlwings side of the button: the open book's values, message boxes, the output folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from creditbook.portable import open_in_file_manager
from creditbook.ribbon.book import WorkbookValues
from creditbook.ribbon.run import TITLE


class ExcelHost:
    """``ribbon.run.Host`` over an xlwings ``Book`` (classic xlwings, ``Book.caller()``)."""

    def __init__(self, book: Any) -> None:
        self.book = book

    def read(self) -> WorkbookValues:
        return WorkbookValues(
            name=self.book.name,
            path=saved_path(self.book.fullname),
            properties=custom_properties(self.book.api),
            sheets={sheet.name: sheet_rows(sheet) for sheet in self.book.sheets},
        )

    def ask(self, prompt: str) -> bool:
        answer = self.book.app.alert(prompt, title=TITLE, buttons="yes_no", mode="info")
        return answer == "yes"

    def tell(self, prompt: str, problem: bool = False) -> None:
        self.book.app.alert(
            prompt, title=TITLE, buttons="ok", mode="critical" if problem else "info"
        )

    def open_folder(self, folder: Path) -> None:
        open_in_file_manager(folder)


def saved_path(fullname: str) -> Path | None:
    """The workbook's file, or None for a book never saved ('工作簿1') or only online."""
    path = Path(fullname)
    return path if path.is_absolute() and path.is_file() else None


def custom_properties(api: Any) -> dict[str, object]:
    """Custom document properties through COM; none where the API differs (Mac)."""
    try:
        props = api.CustomDocumentProperties
        return {props.Item(i).Name: props.Item(i).Value for i in range(1, props.Count + 1)}
    except Exception:
        return {}


def sheet_rows(sheet: Any) -> list[list[object]]:
    """The sheet's values from A1 to the end of its used range, as a saved file holds them:
    whole numbers as int (Excel hands every number over as float)."""
    used = sheet.used_range
    values = used.options(ndim=2).value or []
    pad: list[object] = [None] * (used.column - 1)
    width = len(pad) + (len(values[0]) if values else 0)
    above: list[list[object]] = [[None] * width for _ in range(used.row - 1)]
    return above + [pad + [_cell(v) for v in row] for row in values]


def _cell(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value
