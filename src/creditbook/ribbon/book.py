"""The open workbook as values: which standard workbook it is, and a file the library can read."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from tempfile import TemporaryDirectory
from xml.etree import ElementTree

from creditbook.core.errors import CreditbookError
from creditbook.workbooks.kinds import KIND_PROPERTY

LEDGER_PROPERTY = "creditbook.ledger"  # a register's ledger file, relative to its folder
REGISTER_PROPERTY = "creditbook.register"  # an aging workbook's register file
CONTACTS_PROPERTY = "creditbook.contacts"  # the 客户联系与催收记录 beside a ledger or register

# The sheets that tell a standard workbook when its document properties do not.
SIGN_SHEETS = {
    "evaluation": ("客户信息", "财务报表", "定性评估"),
    "aging": ("应收台账", "账龄汇总"),
    "register": ("信用档案",),
    "survey": ("调查结果",),
    "contacts": ("联系记录",),
}
AS_OF_LABEL = "统计日期"
_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


class RibbonError(CreditbookError):
    """The open workbook cannot be turned into documents (unknown kind, never saved …)."""


@dataclass(frozen=True)
class WorkbookValues:
    """What Excel holds for the open workbook now, unsaved edits included.

    Attributes:
        name: the workbook's name as Excel shows it ('华辰 信用评估.xlsx').
        path: its file on disk; None when it was never saved.
        properties: custom document properties, name → value.
        sheets: sheet name → rows of cell values from A1 (blank None, dates ``datetime``).
    """

    name: str
    path: Path | None
    properties: Mapping[str, object]
    sheets: Mapping[str, list[list[object]]]

    @property
    def kind(self) -> str | None:
        """The standard workbook kind: the kind property, else the sheet names."""
        return kind_of(self.properties.get(KIND_PROPERTY), self.sheets)

    def labelled_date(self, label: str = AS_OF_LABEL) -> dt.date | None:
        """The date right of ``label`` in the top rows of any sheet (the aging 统计日期)."""
        return labelled_date(self.sheets.values(), label)


def labelled_date(sheets: Iterable[list[list[object]]], label: str = AS_OF_LABEL) -> dt.date | None:
    for rows in sheets:
        for row in rows[:10]:
            for left, right in pairwise(row):
                if isinstance(left, str) and left.strip() == label:
                    if isinstance(right, dt.datetime):
                        return right.date()
                    if isinstance(right, dt.date):
                        return right
    return None


def file_date(path: Path, label: str = AS_OF_LABEL) -> dt.date | None:
    """``labelled_date`` of a workbook on disk (the first sheet's top rows)."""
    from creditbook.inputs.sources import excel_grid, excel_sheet_names

    return labelled_date([excel_grid(path, excel_sheet_names(path)[0], nrows=10).rows], label)


def title(kind: str) -> str:
    """The Chinese title of a standard workbook kind, e.g. '客户信用评估表'."""
    from creditbook.workbooks.build import kind as spec

    return spec(kind).title


def kind_of(marker: object, sheet_names: Mapping[str, object] | list[str]) -> str | None:
    if isinstance(marker, str) and marker.strip().lower() in SIGN_SHEETS:
        return marker.strip().lower()
    names = set(sheet_names)
    return next((kind for kind, signs in SIGN_SHEETS.items() if names.issuperset(signs)), None)


@contextmanager
def snapshot(values: WorkbookValues) -> Iterator[Path]:
    """A values-only .xlsx of the open workbook, under the workbook's own name (so that every
    message names it), in a temporary folder removed afterwards."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # rows streamed out, no cell objects kept
    for name, rows in values.sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([_as_written(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    saved_as = Path(values.name)
    if saved_as.suffix.lower() not in {".xlsx", ".xlsm"}:  # .xls, .xlsb, .csv: saved as .xlsx
        saved_as = saved_as.with_suffix(".xlsx")
    with TemporaryDirectory(prefix="creditbook-") as folder:
        path = Path(folder) / saved_as
        path.write_bytes(buffer.getvalue())
        yield path


def _as_written(sheet, value: object) -> object:
    """Text is text: a leading = + - @ never makes a formula (the one user-text writer)."""
    from openpyxl.cell import WriteOnlyCell

    from creditbook.usertext import set_cell

    if value == "":
        return None
    if isinstance(value, str):
        return set_cell(WriteOnlyCell(sheet), value)
    return value


def file_kind(path: Path) -> str | None:
    """The kind of a workbook on disk (property, else sheet names); None when unreadable."""
    from creditbook.inputs.sources import SourceError, excel_sheet_names

    try:
        with zipfile.ZipFile(path) as package:
            marker = None
            if "docProps/custom.xml" in package.namelist():
                marker = _custom_property(package.read("docProps/custom.xml"), KIND_PROPERTY)
        return kind_of(marker, excel_sheet_names(path))
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, SourceError):
        return None


def _custom_property(xml: bytes, name: str) -> str | None:
    for item in ElementTree.fromstring(xml).iter(f"{_CUSTOM_NS}property"):
        if item.get("name") == name:
            return "".join(item.itertext()).strip()
    return None


def linked_file(values: WorkbookValues, prop: str, kind: str) -> Path | None:
    """The workbook this one points at: the path in property ``prop`` (relative to this
    workbook's folder), else the one workbook of ``kind`` in the same folder, else None."""
    if values.path is None:
        raise RibbonError("请先保存工作簿 save the workbook first")
    folder = values.path.parent
    named = str(values.properties.get(prop) or "").strip()
    if named:
        path = Path(named) if Path(named).is_absolute() else folder / named
        if not path.is_file():
            raise RibbonError(f"文档属性 {prop} 指向的文件不存在 file not found: {path}")
        return path
    found = [
        p
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in {".xlsx", ".xlsm"}
        and not p.name.startswith("~$")
        and p != values.path
        and file_kind(p) == kind
    ]
    if len(found) > 1:
        names = "、".join(p.name for p in found)
        raise RibbonError(
            f"文件夹中有多个{title(kind)} several {kind} workbooks: {names}; "
            f"请在文档属性 {prop} 中写明用哪一个 name the one to use in the property {prop}"
        )
    return found[0] if found else None


def clean_text(text: str, limit: int) -> str:
    """Message text for a dialog: no control characters but line breaks, at most ``limit``."""
    text = re.sub(r"[\x00-\x09\x0b-\x1f\x7f]", " ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
