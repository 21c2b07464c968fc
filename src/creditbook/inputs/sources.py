"""Raw cell grids from .xlsx (python-calamine, openpyxl as fallback), .csv and DataFrames."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from creditbook.core.errors import CreditbookError

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CSV_ENCODINGS = ("utf-8-sig", "utf-8", "gb18030")


class SourceError(CreditbookError):
    """The file cannot be opened at all (missing, not a spreadsheet, unknown sheet)."""


@dataclass(frozen=True)
class Grid:
    """A sheet's cells as rows; ``first_row`` is the Excel row number of ``rows[0]``.

    Attributes:
        file: the name shown in problems ('台账.xlsx', 'DataFrame').
        sheet: sheet name, or None for csv and DataFrames.
        rows: cell values, blanks as '' or None.
        first_row: 1-based row number of the first row (1 unless rows were skipped).
    """

    file: str
    sheet: str | None
    rows: list[list[object]]
    first_row: int = 1


def decode_csv(data: bytes) -> str:
    """UTF-8 with or without BOM, else GB18030 (which also covers GBK and GB2312)."""
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError("the CSV file is neither UTF-8 nor GB18030 text（无法识别文件编码）")


def csv_grid(path: Path) -> Grid:
    text = decode_csv(path.read_bytes())
    rows: list[list[object]] = [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    return Grid(path.name, None, rows)


def frame_grid(frame: pd.DataFrame) -> Grid:
    """A DataFrame as a grid whose row 1 is the column names (as if pasted into Excel)."""
    body = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    return Grid("DataFrame", None, [[str(c) for c in frame.columns], *body])


def excel_sheet_names(path: Path) -> list[str]:
    try:
        from python_calamine import CalamineWorkbook

        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:
        return _openpyxl_workbook(path).sheetnames


def excel_grid(path: Path, sheet: str, nrows: int | None = None) -> Grid:
    """One sheet's values; calamine first (fast), openpyxl when calamine cannot read it."""
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=nrows)
    except Exception:
        rows = _openpyxl_rows(path, sheet, nrows)
    return Grid(path.name, sheet, rows)


def _openpyxl_workbook(path: Path):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise SourceError(
            f"{path.name}: cannot open as a workbook（无法打开工作簿）: {error}"
        ) from None


def _openpyxl_rows(path: Path, sheet: str, nrows: int | None) -> list[list[object]]:
    book = _openpyxl_workbook(path)
    try:
        if sheet not in book.sheetnames:
            raise SourceError(f"{path.name}: no sheet named {sheet!r}（找不到工作表）")
        values = book[sheet].iter_rows(values_only=True, max_row=nrows)
        return [list(row) for row in values]
    finally:
        book.close()


def pick_grid(
    source: str | Path | pd.DataFrame | Grid,
    sheet: str | None,
    preferred: tuple[str, ...],
    fits: Callable[[Grid], bool],
) -> Grid:
    """Open ``source``; for a workbook choose ``sheet``, else a preferred sheet name, else the
    first sheet whose top rows ``fits`` (has the header), else the first sheet."""
    if isinstance(source, Grid):
        return source
    if isinstance(source, pd.DataFrame):
        return frame_grid(source)
    path = Path(source)
    if not path.exists():
        raise SourceError(f"{path}: file not found（找不到文件）")
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return csv_grid(path)
    if suffix not in EXCEL_SUFFIXES:
        raise SourceError(f"{path.name}: expected .xlsx or .csv（不支持的文件类型 {suffix}）")
    names = excel_sheet_names(path)
    if sheet is not None:
        if sheet not in names:
            raise SourceError(
                f"{path.name}: no sheet named {sheet!r}（找不到工作表）; sheets: {', '.join(names)}"
            )
        return excel_grid(path, sheet)
    for name in preferred:
        if name in names:
            return excel_grid(path, name)
    for name in names:
        if fits(excel_grid(path, name, nrows=40)):
            return excel_grid(path, name)
    return excel_grid(path, names[0])
