"""Read the AR ledger (应收账款台账) and credit register (客户信用档案), reporting every bad cell.

``read_ledger`` and ``read_register`` accept an .xlsx/.csv path or a DataFrame and return
``(frame, problems)``; the frame has the canonical column names of ``core.models`` with
money as int64 fen and dates as datetime64, plus any extra columns under their own header.
Each problem names the file, sheet, Excel cell and header, e.g.
``台账.xlsx 应收账款台账!F13 金额: "一千元" is not an amount（不是有效金额）``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
from stdnum.cn import uscc as uscc_number

from creditbook.core.errors import CreditbookError
from creditbook.core.models import LEDGER_COLUMNS, REGISTER_COLUMNS, WARNING_FLAGS
from creditbook.core.money import from_fen
from creditbook.inputs import cells
from creditbook.inputs.sources import Grid, pick_grid
from creditbook.inputs.tables import (
    LEDGER_ALIASES,
    ORDER_ALIASES,
    REGISTER_ALIASES,
    Header,
    column_letter,
    find_header,
)

LEDGER_SHEETS = ("应收账款台账", "台账", "ledger")
REGISTER_SHEETS = ("客户信用档案", "信用档案", "register")
ORDER_SHEETS = ("未发货订单", "订单", "orders")
LEDGER_REQUIRED = ("customer_id", "invoice_no", "invoice_date", "due_date", "amount")
REGISTER_REQUIRED = ("customer_id",)
_TOTAL_WORDS = ("合计", "总计", "小计", "total")
T = TypeVar("T")


@dataclass(frozen=True)
class ReadProblem:
    """One thing that could not be read, with where it is (Excel row and column letter)."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    header: str | None
    message: str
    kind: str = "value"  # "value", "blank", "missing_column", "duplicate", "consistency"

    def __str__(self) -> str:
        cell = f"{self.column}{self.row}" if self.column and self.row else ""
        if self.row and not self.column:
            cell = f"{self.row}:{self.row}"
        place = f"{self.file} {self.sheet}!{cell}" if self.sheet else f"{self.file} {cell}"
        place = place.rstrip("!").rstrip()
        return (
            f"{place} {self.header}: {self.message}" if self.header else f"{place}: {self.message}"
        )


class ReadError(CreditbookError):
    """A ledger or register could not be read; ``problems`` lists every bad cell at once."""

    def __init__(self, problems: Iterable[ReadProblem | str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the input（输入有误）:\n{lines}")


class _Table:
    """A located table: the grid, its header and the kept body rows, with problem helpers."""

    def __init__(self, grid: Grid, header: Header, key_columns: tuple[str, ...]) -> None:
        self.grid = grid
        self.header = header
        self.problems: list[ReadProblem] = []
        body = grid.rows[header.row + 1 :]
        width = max(len(header.labels), max((len(r) for r in body), default=0))
        columns = [list(c) for c in zip_longest(*body, fillvalue=None)] if body else []
        columns += [[None] * len(body) for _ in range(width - len(columns))]
        keys = [columns[header.columns[k]] for k in key_columns if k in header.columns]
        wanted = [columns[c] for c in sorted(header.columns.values())]
        kept = _data_rows(body, wanted, keys)
        self.length = len(kept)
        if self.length == len(body):
            self.columns = columns
        else:
            self.columns = [[column[i] for i in kept] for column in columns]
        self.excel_rows = np.asarray(kept, dtype=np.int64) + grid.first_row + header.row + 1

    def __len__(self) -> int:
        return self.length

    def has(self, name: str) -> bool:
        return name in self.header.columns

    def cells(self, col: int) -> list[object]:
        return self.columns[col]

    def column(self, name: str) -> list[object]:
        return self.cells(self.header.columns[name])

    def report(
        self, name_or_col: str | int, position: int | None, message: str, kind: str = "value"
    ) -> None:
        col = self.header.columns[name_or_col] if isinstance(name_or_col, str) else name_or_col
        row = None if position is None else int(self.excel_rows[position])
        self.problems.append(
            ReadProblem(
                self.grid.file,
                self.grid.sheet,
                row,
                column_letter(col),
                self.header.labels.get(col) or str(name_or_col),
                message,
                kind,
            )
        )

    def report_cells(self, name: str, positions: list[int], message: str) -> None:
        raw = self.column(name)
        for i in positions:
            self.report(name, i, f'"{cells.text_value(raw[i])}" {message}')

    def amounts(self, name: str, required: bool) -> tuple[np.ndarray, np.ndarray]:
        fen, blank, bad = cells.amount_column(self.column(name))
        self.report_cells(name, bad, "is not an amount（不是有效金额）")
        if required:
            self.report_blank(name, blank)
        return fen, blank

    def dates(self, name: str, required: bool) -> np.ndarray:
        days, blank, bad = cells.date_column(self.column(name))
        self.report_cells(name, bad, "is not a date（不是有效日期）")
        if required:
            self.report_blank(name, blank)
        return days

    def texts(self, name: str, required: bool) -> list[str]:
        values = cells.text_column(self.column(name))
        if required:
            self.report_blank(name, np.array([not v for v in values], dtype=bool))
        return values

    def report_blank(self, name: str, blank: np.ndarray) -> None:
        for i in np.flatnonzero(blank):
            self.report(name, int(i), "is blank（缺少必填值）", kind="blank")

    def extras(self) -> dict[str, list[object]]:
        return {label: self.cells(col) for col, label in self.header.extras().items()}

    def report_duplicates(self, name: str, values: list[str], what: str) -> None:
        first: dict[str, int] = {}
        for i, value in enumerate(values):
            if not value:
                continue
            if value in first:
                seen = int(self.excel_rows[first[value]])
                message = f'"{value}" duplicates row {seen}（{what}重复）'
                self.report(name, i, message, kind="duplicate")
            else:
                first[value] = i


def _data_rows(
    body: list[list[object]], wanted: list[list[object]], keys: list[list[object]]
) -> list[int]:
    """Rows that are not blank and not a 合计 total line (no key, a cell saying 合计)."""
    filled = np.zeros(len(body), dtype=bool)
    for column in wanted:
        filled |= ~_blank_mask(column)
    keyed = np.zeros(len(body), dtype=bool)
    for column in keys:
        keyed |= ~_blank_mask(column)
        for i, value in enumerate(column):
            if value.__class__ is str and _says_total(value):  # type: ignore[arg-type]
                filled[i] = False
    for i in np.flatnonzero(filled & ~keyed):
        if any(isinstance(v, str) and _says_total(v) for v in body[i]):
            filled[i] = False
    return np.flatnonzero(filled).tolist()


def _blank_mask(column: list[object]) -> np.ndarray:
    """Empty cells ('' from calamine and csv, None from openpyxl and DataFrames)."""
    values = np.empty(len(column), dtype=object)
    values[:] = column
    return (values == "") | (values == None)  # noqa: E711  (element-wise)


def _says_total(text: str) -> bool:
    return text[:1] in "合总小Tt" and text.strip().casefold().startswith(_TOTAL_WORDS)


def _locate(
    source: str | Path | pd.DataFrame | Grid,
    sheet: str | None,
    preferred: tuple[str, ...],
    aliases: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    names: dict[str, str],
) -> tuple[_Table | None, list[ReadProblem]]:
    def fits(grid: Grid) -> bool:
        found = find_header(grid.rows, aliases, required)
        return found is not None and all(r in found.columns for r in required)

    grid = pick_grid(source, sheet, preferred, fits)
    header = find_header(grid.rows, aliases, required)
    wanted = "、".join(f"{names[r]} ({r})" for r in required)
    if header is None:
        message = f"no header row naming {wanted} in the first rows（找不到表头）"
        return None, [
            ReadProblem(grid.file, grid.sheet, None, None, None, message, "missing_column")
        ]
    missing = [r for r in required if r not in header.columns]
    if missing:
        row = grid.first_row + header.row
        return None, [
            ReadProblem(
                grid.file,
                grid.sheet,
                row,
                None,
                None,
                f"missing column {names[r]} ({r})（缺少列）",
                "missing_column",
            )
            for r in missing
        ]
    return _Table(grid, header, ("customer_id", "invoice_no")), []


def read_ledger(
    source: str | Path | pd.DataFrame | Grid, sheet: str | None = None
) -> tuple[pd.DataFrame, list[ReadProblem]]:
    """Read an AR ledger 应收账款台账 → (frame, problems)."""
    table, problems = _locate(
        source, sheet, LEDGER_SHEETS, LEDGER_ALIASES, LEDGER_REQUIRED, LEDGER_COLUMNS
    )
    if table is None:
        return empty_ledger(), problems
    ids = table.texts("customer_id", required=True)
    numbers = table.texts("invoice_no", required=True)
    names = table.texts("customer_name", required=False) if table.has("customer_name") else ids
    invoice_dates = table.dates("invoice_date", required=True)
    due_dates = table.dates("due_date", required=True)
    amount, _ = table.amounts("amount", required=True)
    paid = np.zeros(len(table), dtype=np.int64)
    if table.has("paid_amount"):
        paid, _ = table.amounts("paid_amount", required=False)
    paid_dates = np.full(len(table), np.datetime64("NaT"), dtype="datetime64[ns]")
    if table.has("paid_date"):
        paid_dates = table.dates("paid_date", required=False)
    currency = ["CNY"] * len(table)
    if table.has("currency"):
        currency = [c.upper() or "CNY" for c in table.texts("currency", required=False)]
    _check_ledger_rows(table, invoice_dates, due_dates, amount, paid)
    table.report_duplicates("invoice_no", numbers, "单据号")
    frame = pd.DataFrame(
        {
            "customer_id": ids,
            "customer_name": [n or i for n, i in zip(names, ids, strict=True)],
            "invoice_no": numbers,
            "invoice_date": invoice_dates,
            "due_date": due_dates,
            "amount": amount,
            "paid_amount": paid,
            "paid_date": paid_dates,
            "currency": currency,
        }
    )
    for label, values in table.extras().items():
        frame[label] = values
    return frame, _sorted(table.problems)


def _check_ledger_rows(
    table: _Table,
    invoice_dates: np.ndarray,
    due_dates: np.ndarray,
    amount: np.ndarray,
    paid: np.ndarray,
) -> None:
    early = np.flatnonzero(due_dates < invoice_dates)
    for i in early:
        due = str(due_dates[i])[:10]
        issued = str(invoice_dates[i])[:10]
        table.report(
            "due_date",
            int(i),
            f"{due} is before the invoice date {issued}（到期日早于单据日期）",
            kind="consistency",
        )
    over = np.flatnonzero(np.where(amount >= 0, paid > amount, paid < amount))
    for i in over:
        table.report(
            "paid_amount" if table.has("paid_amount") else "amount",
            int(i),
            f"paid {paid[i] / 100:,.2f} is more than the amount {amount[i] / 100:,.2f}"
            "（已收金额超过单据金额）",
            kind="consistency",
        )


def empty_ledger() -> pd.DataFrame:
    """A ledger frame with no rows and the canonical dtypes."""
    return pd.DataFrame(
        {
            "customer_id": pd.Series([], dtype=object),
            "customer_name": pd.Series([], dtype=object),
            "invoice_no": pd.Series([], dtype=object),
            "invoice_date": pd.Series([], dtype="datetime64[ns]"),
            "due_date": pd.Series([], dtype="datetime64[ns]"),
            "amount": pd.Series([], dtype=np.int64),
            "paid_amount": pd.Series([], dtype=np.int64),
            "paid_date": pd.Series([], dtype="datetime64[ns]"),
            "currency": pd.Series([], dtype=object),
        }
    )


def read_register(
    source: str | Path | pd.DataFrame | Grid, sheet: str | None = None
) -> tuple[pd.DataFrame, list[ReadProblem]]:
    """Read a credit register 客户信用档案 → (frame, problems).

    Limits are nullable Int64 fen, terms nullable Int64 days (blank = not set), flags bool.
    """
    table, problems = _locate(
        source, sheet, REGISTER_SHEETS, REGISTER_ALIASES, REGISTER_REQUIRED, REGISTER_COLUMNS
    )
    if table is None:
        return pd.DataFrame(columns=list(REGISTER_COLUMNS)), problems
    ids = table.texts("customer_id", required=True)
    table.report_duplicates("customer_id", ids, "客户编码")
    data: dict[str, object] = {"customer_id": ids}
    for name in ("customer_name", "uscc", "contact", "phone", "address", "grade", "status"):
        data[name] = table.texts(name, required=False) if table.has(name) else [""] * len(table)
    data["customer_name"] = [n or i for n, i in zip(data["customer_name"], ids, strict=True)]
    data["grade"] = [g.upper() for g in data["grade"]]
    data["status"] = [s or "正常" for s in data["status"]]
    _check_uscc(table, data["uscc"])
    data["limit"] = _nullable(
        table, "limit", cells.amount_column, "is not an amount（不是有效金额）"
    )
    data["term_days"] = _nullable(
        table, "term_days", cells.int_column, "is not a number of days（不是有效天数）"
    )
    for name in ("evaluated_on", "next_review"):
        data[name] = (
            table.dates(name, required=False)
            if table.has(name)
            else np.full(len(table), np.datetime64("NaT"), dtype="datetime64[ns]")
        )
    for flag in WARNING_FLAGS:
        values = np.zeros(len(table), dtype=bool)
        if table.has(flag):
            values, bad = cells.flag_column(table.column(flag))
            table.report_cells(flag, bad, "is not 是/否 (yes/no)（应填是或否）")
        data[flag] = values
    frame = pd.DataFrame(data)
    for label, values in table.extras().items():
        frame[label] = values
    return frame, _sorted(table.problems)


def read_orders(
    source: str | Path | pd.DataFrame | Grid, sheet: str | None = None
) -> tuple[dict[str, Decimal], list[ReadProblem]]:
    """Open orders 未发货订单 (客户编码, 金额; several rows per customer add up) → exposure."""
    names = {"customer_id": "客户编码", "customer_name": "客户名称", "amount": "金额"}
    table, problems = _locate(
        source, sheet, ORDER_SHEETS, ORDER_ALIASES, ("customer_id", "amount"), names
    )
    if table is None:
        return {}, problems
    ids = table.texts("customer_id", required=True)
    fen, _ = table.amounts("amount", required=True)
    totals: dict[str, int] = {}
    for customer, amount in zip(ids, fen.tolist(), strict=True):
        if customer:
            totals[customer] = totals.get(customer, 0) + amount
    return {c: from_fen(v) for c, v in totals.items()}, _sorted(table.problems)


def _nullable(table: _Table, name: str, parse, message: str) -> pd.Series:
    if not table.has(name):
        return pd.Series(pd.NA, index=range(len(table)), dtype="Int64")
    values, blank, bad = parse(table.column(name))
    table.report_cells(name, bad, message)
    result = pd.Series(values, dtype="Int64")
    result[blank] = pd.NA
    return result


def _check_uscc(table: _Table, codes: list[str]) -> None:
    if not table.has("uscc"):
        return
    for i, code in enumerate(codes):
        if code and not uscc_number.is_valid(code):
            table.report("uscc", i, f'"{code}" is not a valid 统一社会信用代码 (USCC)（校验失败）')


def _sorted(problems: list[ReadProblem]) -> list[ReadProblem]:
    return sorted(problems, key=lambda p: (p.row or 0, len(p.column or ""), p.column or ""))


def or_raise(result: tuple[T, list[ReadProblem]]) -> T:
    """The value a ``read_*`` function returned, or ReadError listing every problem it found."""
    value, problems = result
    if problems:
        raise ReadError(problems)
    return value


def ledger_or_raise(
    source: str | Path | pd.DataFrame | Grid, sheet: str | None = None
) -> pd.DataFrame:
    """``read_ledger`` for callers that stop on any problem: raises ReadError with all of them."""
    return or_raise(read_ledger(source, sheet))


def register_or_raise(
    source: str | Path | pd.DataFrame | Grid, sheet: str | None = None
) -> pd.DataFrame:
    """``read_register`` raising ReadError with every problem."""
    return or_raise(read_register(source, sheet))
