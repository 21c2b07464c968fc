"""Read the contact log 客户联系与催收记录 (--contacts): calls, visits, promises to pay and
disputed invoices.

``read_contacts`` accepts the standard workbook (sheet 联系记录), any .xlsx/.csv with its
headers, a DataFrame or a Grid, and returns ``(frame, problems)`` like the other readers:
each problem names file, sheet, Excel cell and header. The frame has the canonical columns
of ``CONTACT_LABELS``: dates as datetime64, 承诺付款金额 as nullable Int64 fen, texts as str,
and ``row`` (the Excel row, for messages).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from creditbook.core.promises import CONTACT_LABELS, DISPUTE_WORDS, OPEN_PROMISE, RESOLVED_WORDS
from creditbook.inputs.ledger_frame import skipped_notes
from creditbook.inputs.located import Table, locate
from creditbook.inputs.notes import info
from creditbook.inputs.problems import ProblemKind, ReadProblem, sorted_problems
from creditbook.inputs.readers import or_raise
from creditbook.inputs.sources import Grid, pick_grid
from creditbook.inputs.tables import find_header
from creditbook.inputs.vocabulary import aliases

CONTACT_ALIASES: dict[str, tuple[str, ...]] = aliases("contacts")
CONTACT_SHEETS = ("联系记录", "客户联系与催收记录", "催收记录", "contacts")
TEXTS = (
    "customer_name",
    "method",
    "purpose",
    "contact",
    "staff",
    "content",
    "outcome",
    "next_step",
    "promise_status",
    "invoice_no",
    "dispute_reason",
)
DATES = ("date", "promised_date", "next_date")
Source = str | Path | pd.DataFrame | Grid
_NO_DATE = np.datetime64("NaT", "ns")


def is_dispute(purpose: str, outcome: str) -> bool:
    """A row that raises a dispute: 事由 or 结果 says 争议/异议 (质量异议、数量差异、价格争议)."""
    return any(word in (purpose, outcome) for word in DISPUTE_WORDS) and not is_resolution(
        purpose, outcome
    )


def is_resolution(purpose: str, outcome: str) -> bool:
    """A row that ends a dispute: 结果 争议已解决 / 异议已解决."""
    return outcome in RESOLVED_WORDS or purpose in RESOLVED_WORDS


def empty_contacts() -> pd.DataFrame:
    data: dict[str, pd.Series] = {"row": pd.Series(dtype="int64")}
    for name in CONTACT_LABELS:
        if name in DATES:
            data[name] = pd.Series(dtype="datetime64[ns]")
        elif name == "promised_amount":
            data[name] = pd.Series(dtype="Int64")
        else:
            data[name] = pd.Series(dtype="object")
    return pd.DataFrame(data)


def _fits(mapping: Mapping[str, str] | None) -> Callable[[Grid], bool]:
    def fits(grid: Grid) -> bool:
        header = find_header(grid.rows, CONTACT_ALIASES, ("date",), mapping)
        return (
            header is not None
            and "date" in header.columns
            and ("customer_id" in header.columns or "customer_name" in header.columns)
        )

    return fits


# The standard workbook's count tables below the log start with this label.
SUMMARY_LABEL = "按联系方式统计"


def _without_summary(grid: Grid) -> Grid:
    """The grid up to the standard workbook's summary block (counts by method and purpose)."""
    for index, row in enumerate(grid.rows):
        if row and isinstance(row[0], str) and row[0].strip() == SUMMARY_LABEL:
            return dataclasses.replace(grid, rows=grid.rows[:index])
    return grid


def read_contacts(
    source: Source,
    sheet: str | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    password: str | None = None,
) -> tuple[pd.DataFrame, list[ReadProblem]]:
    """Read a contact log → (frame, problems).

    Problems: a blank or unreadable 日期; an amount or date that is not one; a 承诺付款金额
    without a 承诺付款日期 (or the reverse, on a promise row); a negative promised amount; a
    dispute row (事由/结果 争议、异议) without the 单据号 it disputes.
    """
    grid = _without_summary(pick_grid(source, sheet, CONTACT_SHEETS, _fits(columns), password))
    header = find_header(grid.rows, CONTACT_ALIASES, ("date", "customer_id"), columns)
    required: tuple[str, ...] = ("date", "customer_id")
    if header is not None and "customer_id" not in header.columns:
        required = ("date", "customer_name")
    table, problems = locate(grid, CONTACT_ALIASES, required, CONTACT_LABELS, columns)
    if table is None:
        return empty_contacts(), problems
    data: dict[str, object] = {"row": table.excel_rows.copy()}
    for name in (*TEXTS, "customer_id"):
        if table.has(name):
            data[name] = table.texts(name, required=name in required)
        else:
            data[name] = [""] * len(table)
    if not table.has("customer_id"):
        data["customer_id"] = data["customer_name"]
    for name in DATES:
        data[name] = (
            table.dates(name, required=name == "date")
            if table.has(name)
            else np.full(len(table), _NO_DATE)
        )
    amount = pd.Series(pd.NA, index=range(len(table)), dtype="Int64")
    if table.has("promised_amount"):
        fen, blank = table.amounts("promised_amount", required=False)
        amount = pd.Series(fen, dtype="Int64")
        amount[blank] = pd.NA
    data["promised_amount"] = amount
    frame = pd.DataFrame(data)
    _check_rows(table, frame)
    frame.attrs["notes"] = info(
        [
            f"读取联系记录 read contacts: {grid.file}"
            + (f" 工作表 sheet {grid.sheet}" if grid.sheet else "")
            + f"（{len(frame)} 行）",
            *skipped_notes(table),
        ]
    )
    frame.attrs["file"] = grid.file
    frame.attrs["sheet"] = grid.sheet
    return frame[["row", *CONTACT_LABELS]], sorted_problems(table.problems)


def _check_rows(table: Table, frame: pd.DataFrame) -> None:
    has_date = frame["promised_date"].notna().to_numpy()
    # A 0 amount is no promise (the sample log and some hand-made logs fill 0 for none).
    has_amount = (frame["promised_amount"].fillna(0) != 0).to_numpy()
    amounts, invoices = frame["promised_amount"].tolist(), frame["invoice_no"].tolist()
    outcomes, purposes = frame["outcome"].tolist(), frame["purpose"].tolist()
    for i in range(len(frame)):
        outcome, purpose = outcomes[i], purposes[i]
        if has_amount[i] and not has_date[i]:
            table.report(
                "promised_amount",
                i,
                "has no 承诺付款日期（承诺付款金额须有承诺付款日期）",
                kind=ProblemKind.CONSISTENCY,
            )
        if has_amount[i] and int(amounts[i]) < 0:
            table.report("promised_amount", i, "is negative（承诺付款金额不能为负数）")
        if has_date[i] and not has_amount[i] and outcome in OPEN_PROMISE:
            name = "promised_amount" if table.has("promised_amount") else "promised_date"
            table.report(
                name,
                i,
                "is blank: a promise needs an amount（承诺付款须填写金额）",
                kind=ProblemKind.BLANK,
            )
        disputing = is_dispute(purpose, outcome) or is_resolution(purpose, outcome)
        if disputing and not invoices[i]:
            name = (
                "invoice_no" if table.has("invoice_no") else ("outcome" if outcome else "purpose")
            )
            table.report(
                name,
                i,
                "争议记录须填写单据号 a dispute must name its invoice",
                kind=ProblemKind.BLANK,
            )


def contacts_or_raise(source: Source, sheet: str | None = None, **options: Any) -> pd.DataFrame:
    """``read_contacts`` raising ReadError with every problem."""
    return or_raise(read_contacts(source, sheet, **options))
