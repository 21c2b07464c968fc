"""Raw cell grids from .xlsx (python-calamine, openpyxl as fallback), .csv and DataFrames.

Every file is opened through ``open_input``: the one place that reads a user's file, and
decrypts an Office-encrypted workbook in memory when given its password (a decrypted copy
never touches the disk).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

import pandas as pd

from creditbook.core.errors import CreditbookError
from creditbook.inputlimits import check_package, check_package_bytes, max_input_bytes

if TYPE_CHECKING:
    from openpyxl import Workbook
    from python_calamine import CalamineSheet, CalamineWorkbook

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CSV_ENCODINGS = ("utf-8-sig", "utf-8", "gb18030")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


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
        hidden_columns: 0-based columns hidden in Excel (marked 隐藏 in the reading report).
        unevaluated: (row, column) 0-based in ``rows`` → a formula with no value saved and
            none computed here (refused by the table that holds it, never read as blank).
        notes: what was done to the cells as Excel shows them (merged cells carried down,
            formulas computed), for the reading report.
    """

    file: str
    sheet: str | None
    rows: list[list[object]]
    first_row: int = 1
    hidden_columns: frozenset[int] = frozenset()
    unevaluated: Mapping[tuple[int, int], str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    other_sheets: tuple[str, ...] = ()  # the workbook's sheets not read (said, not dropped)


def decode_csv(data: bytes) -> str:
    """UTF-8 with or without BOM, else GB18030 (which also covers GBK and GB2312)."""
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError("the CSV file is neither UTF-8 nor GB18030 text（无法识别文件编码）")


def csv_grid(path: Path) -> Grid:
    try:
        text = decode_csv(path.read_bytes())
    except SourceError as error:
        raise SourceError(f"{path.name}: {error}") from None
    csv.field_size_limit(max(csv.field_size_limit(), max_input_bytes()))  # any field of the file
    try:
        rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        message = f"{path.name}: 不是有效的 CSV 文件 not a readable CSV ({error})"
        raise SourceError(message) from None
    return Grid(path.name, None, rows)


def frame_grid(frame: pd.DataFrame) -> Grid:
    """A DataFrame as a grid whose row 1 is the column names (as if pasted into Excel)."""
    body = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    return Grid("DataFrame", None, [[str(c) for c in frame.columns], *body])


def open_input(path: Path, password: str | None = None) -> str | io.BytesIO:
    """What the spreadsheet libraries should open: the path itself, or for an encrypted
    workbook its decrypted bytes in memory. Refuses an encrypted file without a password."""
    with open(path, "rb") as handle:
        if handle.read(4) != _OLE_MAGIC:
            return str(path)
        handle.seek(0)
        return _decrypt(path, handle, password)


def _decrypt(path: Path, handle: BinaryIO, password: str | None) -> str | io.BytesIO:
    import msoffcrypto
    from msoffcrypto.exceptions import InvalidKeyError

    try:
        office = msoffcrypto.OfficeFile(handle)
        encrypted = office.is_encrypted()
    except Exception:
        return str(path)  # an old .xls, not an encrypted one: the readers try it as it is
    if not encrypted:
        return str(path)
    if not password:
        raise SourceError(
            f"{path.name}: 文件已加密 the file is encrypted; give its password with --password "
            "or the CREDITBOOK_PASSWORD environment variable"
        )
    plain = io.BytesIO()
    try:
        office.load_key(password=password)
        office.decrypt(plain)
    except InvalidKeyError:
        raise SourceError(f"{path.name}: 密码不正确 wrong password") from None
    except Exception as error:  # msoffcrypto's DecryptionError and format errors
        raise SourceError(f"{path.name}: 无法解密 cannot decrypt: {error}") from None
    plain.seek(0)
    return check_package_bytes(path.name, plain)  # the decrypted package, before parsing


class Book:
    """An opened workbook: its sheet names and each sheet's rows (calamine, else openpyxl)."""

    def __init__(self, path: Path, password: str | None = None) -> None:
        self.path = path
        self.source = open_input(path, password)
        # calamine parses a whole sheet even for a first look at its top rows: the sheets
        # looked at are kept, so that the one then read whole is not parsed a second time
        self._looked_at: dict[str, CalamineSheet] = {}
        self.names: list[str]
        try:
            self.names = list(self._calamine().sheet_names)
        except Exception:
            book = self._openpyxl()
            self.names = list(book.sheetnames)
            book.close()

    def _calamine(self) -> CalamineWorkbook:
        from python_calamine import CalamineWorkbook

        if isinstance(self.source, str):
            return CalamineWorkbook.from_path(self.source)
        self.source.seek(0)
        return CalamineWorkbook.from_filelike(self.source)

    def _openpyxl(self) -> Workbook:
        import openpyxl

        if not isinstance(self.source, str):
            self.source.seek(0)
        try:
            return openpyxl.load_workbook(self.source, read_only=True, data_only=True)
        except Exception as error:
            raise SourceError(
                f"{self.path.name}: cannot open as a workbook（无法打开工作簿）: {error}"
            ) from None

    def grid(self, sheet: str, nrows: int | None = None) -> Grid:
        """One sheet's values; calamine first (fast), openpyxl when calamine cannot read it."""
        rows: list[list[object]]
        try:
            parsed = self._looked_at.pop(sheet, None)
            if parsed is None:
                parsed = self._calamine().get_sheet_by_name(sheet)
            # calamine's cells (int, float, str, bool, date …) are objects; a Grid's rows are
            # only read, so list invariance is no concern and the rows are not copied.
            rows = cast("list[list[object]]", parsed.to_python(skip_empty_area=False, nrows=nrows))
            if nrows is not None:
                self._looked_at[sheet] = parsed
        except Exception:
            rows = self._openpyxl_rows(sheet, nrows)
        if nrows is not None:  # a first look to choose the sheet
            return Grid(self.path.name, sheet, rows)
        from creditbook.inputs.sheetxml import excel_view, read_layout

        layout = read_layout(self.source, sheet)
        if not (layout.merged or layout.formulas or layout.hidden_columns):
            return Grid(self.path.name, sheet, rows)
        rows = [list(row) for row in rows]  # calamine's rows are its own: copied before filling
        unevaluated, notes = excel_view(rows, layout)
        where = (self.path.name, sheet, rows, 1, layout.hidden_columns, unevaluated, notes)
        return Grid(*where)

    def keep_looked_at(self, sheets: Iterable[str]) -> None:
        """Forget the sheets looked at but not in ``sheets`` (the memory they hold)."""
        kept = set(sheets)
        self._looked_at = {n: s for n, s in self._looked_at.items() if n in kept}

    def _openpyxl_rows(self, sheet: str, nrows: int | None) -> list[list[object]]:
        book = self._openpyxl()
        try:
            if sheet not in book.sheetnames:
                raise SourceError(f"{self.path.name}: no sheet named {sheet!r}（找不到工作表）")
            return [list(row) for row in book[sheet].iter_rows(values_only=True, max_row=nrows)]
        finally:
            book.close()

    def named(self, sheet: str) -> str:
        """The sheet the user asked for, by name or by 1-based position."""
        if sheet in self.names:
            return sheet
        if sheet.strip().isdigit() and 1 <= int(sheet) <= len(self.names):
            return self.names[int(sheet) - 1]
        raise SourceError(
            f"{self.path.name}: no sheet named {sheet!r}（找不到工作表）; "
            f"sheets: {', '.join(self.names)}"
        )


def excel_sheet_names(path: Path, password: str | None = None) -> list[str]:
    return Book(path, password).names


def excel_grid(path: Path, sheet: str, nrows: int | None = None) -> Grid:
    return Book(path).grid(sheet, nrows)


PACKAGE_PARTS = {
    ".xlsx": ("xl/workbook.xml", "Excel 工作簿 workbook", "Excel"),
    ".xlsm": ("xl/workbook.xml", "Excel 工作簿 workbook", "Excel"),
    ".docx": ("word/document.xml", "Word 文档 document", "Word"),
}


def check_input_file(path: Path, suffixes: tuple[str, ...] = ()) -> None:
    """Refuse, naming the file, one that cannot be what its name says, before any library
    opens it: missing, a folder, empty, not one of ``suffixes`` (when given), a .xlsx/.docx
    that is not an Office package (an encrypted or old-format file, a renamed zip, a file cut
    short), a CSV that is neither UTF-8 nor GB18030 text."""
    if not path.exists():
        raise SourceError(f"{path}: 文件不存在 file not found")
    if path.is_dir():
        raise SourceError(f"{path}: 这是文件夹，不是文件 is a folder, not a file")
    if path.stat().st_size == 0:
        raise SourceError(f"{path.name}: 文件是空的 the file is empty (0 bytes)")
    suffix = path.suffix.lower()
    if suffixes and suffix not in suffixes:
        raise SourceError(
            f"{path.name}: 需要 {' 或 '.join(suffixes)} 文件 expected a {' or '.join(suffixes)} "
            f"file, not {suffix or 'a file without an extension'}"
        )
    if suffix == ".csv":
        try:
            decode_csv(path.read_bytes())
        except SourceError as error:
            raise SourceError(f"{path.name}: {error}") from None
        return
    if suffix not in PACKAGE_PARTS:
        return
    part, what, program = PACKAGE_PARTS[suffix]
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head == _OLE_MAGIC:
        raise SourceError(
            f"{path.name}: 文件已加密或是旧版格式 the file is encrypted or in an old format; "
            f"请在 {program} 中去掉打开密码并另存为 {suffix} remove the password and save it "
            f"as {suffix} in {program}"
        )
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError):
        names = None
    if names is None or part not in names:
        raise SourceError(
            f"{path.name}: 不是有效的{what} not a valid {suffix} file"
            f"{'（文件不完整或已损坏 cut short or damaged）' if names is None else ''}; "
            f"请在 {program} 中打开并另存为 {suffix} open it in {program} and save it again"
        )


def _not_a_workbook(path: Path) -> str:
    return f"{path.name}: expected .xlsx or .csv（不支持的文件类型 {path.suffix.lower()}）"


def pick_grids(
    source: str | Path | pd.DataFrame | Grid | Book,
    sheet: str | None,
    preferred: tuple[str, ...],
    fits: Callable[[Grid], bool],
    password: str | None = None,
) -> list[Grid]:
    """The sheets to read: ``sheet`` when given (name or 1-based number), else a preferred
    sheet name, else every sheet whose top rows ``fits`` (has the header), else the first.
    A ``Book`` is a workbook the caller opened (after ``check_package``) to read more than
    one table from it: it is not opened again."""
    if isinstance(source, Grid):
        return [source]
    if isinstance(source, pd.DataFrame):
        return [frame_grid(source)]
    if isinstance(source, Book):
        return _book_grids(source, sheet, preferred, fits)
    path = Path(source)
    if not path.exists():
        raise SourceError(f"{path}: file not found（找不到文件）")
    check_package(path)  # before any parser: size and zip-bomb limits
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return [csv_grid(path)]
    if suffix not in EXCEL_SUFFIXES:
        raise SourceError(_not_a_workbook(path))
    return _book_grids(Book(path, password), sheet, preferred, fits)


def _book_grids(
    book: Book, sheet: str | None, preferred: tuple[str, ...], fits: Callable[[Grid], bool]
) -> list[Grid]:
    grids = _chosen_grids(book, sheet, preferred, fits)
    read = {g.sheet for g in grids}
    others = tuple(name for name in book.names if name not in read)
    return [replace(g, other_sheets=others) for g in grids] if others else grids


def _chosen_grids(
    book: Book, sheet: str | None, preferred: tuple[str, ...], fits: Callable[[Grid], bool]
) -> list[Grid]:
    if sheet is not None:
        return [book.grid(book.named(sheet))]
    for name in preferred:
        if name in book.names:
            return [book.grid(name)]
    if len(book.names) == 1:
        return [book.grid(book.names[0])]
    fitting = [name for name in book.names if fits(book.grid(name, nrows=40))]
    chosen = fitting or book.names[:1]
    book.keep_looked_at(chosen)
    return [book.grid(name) for name in chosen]


def pick_grid(
    source: str | Path | pd.DataFrame | Grid | Book,
    sheet: str | None,
    preferred: tuple[str, ...],
    fits: Callable[[Grid], bool],
    password: str | None = None,
) -> Grid:
    """One sheet to read (see ``pick_grids``); several fitting sheets are refused, listed."""
    grids = pick_grids(source, sheet, preferred, fits, password)
    if len(grids) > 1:
        names = "、".join(str(g.sheet) for g in grids)
        raise SourceError(
            f"{grids[0].file}: 有多个工作表像台账 several sheets look like the table: {names}; "
            f'请把要读取的工作表命名为 "{preferred[0]}" rename the sheet to read "{preferred[0]}"'
            "（--sheet 只选台账的工作表 --sheet chooses only the ledger's sheet）"
        )
    return grids[0]
