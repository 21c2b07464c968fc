"""Read the AR ledger (应收账款台账), credit register (客户信用档案) and open orders.

``read_ledger``, ``read_register`` and ``read_orders`` accept an .xlsx/.csv path, a
DataFrame or a Grid and return ``(records, problems)``; the ledger and register frames have
the canonical column names of ``core.models`` with money as int64 fen and dates as
datetime64, plus any extra columns under their own header. Each problem names the file,
sheet, Excel cell and header, e.g.
``台账.xlsx 应收账款台账!F13 金额: "一千元" is not an amount（不是有效金额）``.
What the reader decided on the way (the sheet and form it read, the rows it skipped, the
name used as the key) is in ``frame.attrs["notes"]`` as ``inputs.notes.Note`` records, read
with ``notes_of``, for the command to print.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import numpy as np
import pandas as pd

from creditbook.core.models import LEDGER_COLUMNS, REGISTER_COLUMNS, WARNING_FLAGS
from creditbook.core.money import from_fen
from creditbook.inputs import cells
from creditbook.inputs.amounts import choose_money
from creditbook.inputs.groups import register_group_columns
from creditbook.inputs.ledger_frame import empty_ledger, sheet_note, skipped_notes
from creditbook.inputs.located import Table, locate, suspect_problems
from creditbook.inputs.notes import Note, info, warning
from creditbook.inputs.options import Form
from creditbook.inputs.problems import ProblemKind, ReadError, ReadProblem, sorted_problems
from creditbook.inputs.report import ReadingReport, after_as_of, table_report, total_warnings
from creditbook.inputs.sources import Book, Grid, pick_grid, pick_grids
from creditbook.inputs.tables import (
    LEDGER_ALIASES,
    ORDER_ALIASES,
    REGISTER_ALIASES,
    column_letter,
    find_header,
)

__all__ = [
    "LEDGER_REQUIRED",
    "ReadError",
    "ReadProblem",
    "empty_ledger",
    "ledger_or_raise",
    "or_raise",
    "read_ledger",
    "read_orders",
    "read_register",
    "register_or_raise",
]

LEDGER_SHEETS = ("应收账款台账", "台账", "ledger")
REGISTER_SHEETS = ("客户信用档案", "信用档案", "register")
ORDER_SHEETS = ("未发货订单", "订单", "orders")
LEDGER_REQUIRED = ("customer_id", "invoice_no", "invoice_date", "due_date", "amount")
LEDGER_LABELS = {**LEDGER_COLUMNS, "open_amount": "未收金额"}
REGISTER_REQUIRED = ("customer_id",)
Source = str | Path | pd.DataFrame | Grid | Book
T = TypeVar("T")
P = ParamSpec("P")
_CURRENCIES = {"": "CNY", "人民币": "CNY", "本位币": "CNY", "RMB": "CNY", "rmb": "CNY"}
_NO_DATE = np.datetime64("NaT", "ns")


def collection_paused(read: Callable[P, T]) -> Callable[P, T]:
    """Run ``read`` with Python's cycle collector paused. A sheet read makes a list per row
    and per column, none of them in a reference cycle; left on, the collector walks every
    one of them again and again as they are made (a third of the parsing time of a
    100,000-row ledger). It is switched back on as it was, whatever happens."""

    @functools.wraps(read)
    def paused(*args: P.args, **kwargs: P.kwargs) -> T:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return read(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return paused


def _ledger_fits(grid: Grid, mapping: Mapping[str, str] | None = None) -> bool:
    header = find_header(grid.rows, LEDGER_ALIASES, LEDGER_REQUIRED[1:], mapping)
    return header is not None and all(r in header.columns for r in LEDGER_REQUIRED[1:])


def _statement_fits(grid: Grid, mapping: Mapping[str, str] | None = None) -> bool:
    from creditbook.inputs.statements import statement_header

    return statement_header(grid, mapping) is not None


def detect_form(grid: Grid, mapping: Mapping[str, str] | None = None) -> Form:
    """'statement' for a running account (日期, 借方, 贷方; its own 到期日 column is read as
    each debit's due date) that does not also fit the invoice form, else 'invoice'."""
    if not _ledger_fits(grid, mapping) and _statement_fits(grid, mapping):
        return "statement"  # (an invoice list is told first: the statement reader not loaded)
    return "invoice"


@collection_paused
def read_ledger(
    source: Source,
    sheet: str | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    password: str | None = None,
    form: Form | None = None,
    terms: Mapping[str, tuple[int, str, str]] | None = None,
    default_term: int | None = None,
    period_start: dt.date | None = None,
    as_of: dt.date | None = None,
) -> tuple[pd.DataFrame, list[ReadProblem]]:
    """Read an AR ledger → (frame, problems): an invoice list, or a running statement
    (往来明细账) aged first-in-first-out.

    ``columns`` maps the user's headers to canonical ones ({"往来单位": "客户名称"}); ``form``
    forces the form, else it is detected. For statements, ``terms`` gives each customer's
    (信用期限 days, where it came from, 客户编码), keyed by 客户编码 or name; ``default_term``
    (--term) covers the others; ``period_start`` (--period-start) dates an undated 期初余额.
    ``as_of`` counts and lists the documents dated after it in the reading report
    (``frame.attrs["report"]``, an ``inputs.report.ReadingReport``).
    """

    def fits(grid: Grid) -> bool:
        return _ledger_fits(grid, columns) or _statement_fits(grid, columns)

    grids = pick_grids(source, sheet, LEDGER_SHEETS, fits, password)
    chosen = form or detect_form(grids[0], columns)
    if chosen == "statement":
        from creditbook.inputs.statements import read_statements

        frame, problems = read_statements(grids, columns, terms or {}, default_term, period_start)
        if "report" not in frame.attrs:
            frame.attrs["report"] = statement_report(grids, frame)
        return frame, problems
    if len(grids) > 1:
        names = "、".join(str(g.sheet) for g in grids)
        problem = ReadProblem(
            grids[0].file,
            None,
            None,
            None,
            None,
            f"有多个工作表像台账 several sheets look like a ledger: {names}; "
            f'choose one with --sheet NAME（或序号）, e.g. --sheet "{grids[-1].sheet}"',
            ProblemKind.MISSING_COLUMN,
        )
        return empty_ledger(), [problem]
    return _read_invoices(grids[0], columns, as_of)


def statement_report(grids: list[Grid], frame: pd.DataFrame) -> ReadingReport:
    """The reading report of a running statement until its reader builds its own: the
    sheets, the form and the lines it aged."""
    sheets = "、".join(str(g.sheet) for g in grids if g.sheet) or None
    return ReadingReport(grids[0].file, sheets, "statement", rows_read=len(frame))


def _read_invoices(
    grid: Grid, mapping: Mapping[str, str] | None, as_of: dt.date | None = None
) -> tuple[pd.DataFrame, list[ReadProblem]]:
    required: tuple[str, ...] = LEDGER_REQUIRED
    header = find_header(grid.rows, LEDGER_ALIASES, required[1:], mapping)
    columns = header.columns if header is not None else {}
    if "customer_name" in columns and "customer_id" not in columns:
        required = LEDGER_REQUIRED[1:]
    table, problems = locate(grid, LEDGER_ALIASES, required, LEDGER_LABELS, mapping, choose_money)
    if table is None:
        if header is not None:  # a header the user may only need to map
            problems += suspect_problems(grid, header, "ledger")
        return empty_ledger(), problems
    table.problems += suspect_problems(grid, table.header, "ledger")
    table.refuse_unevaluated()
    notes = [sheet_note(grid, "invoice")]
    if table.has("customer_id"):
        ids = table.identifiers("customer_id", True, notes)
        named = table.has("customer_name")
        names = table.identifiers("customer_name", False, notes) if named else ids
    else:
        names = table.identifiers("customer_name", True, notes)
        ids = names
        notes.append(
            "没有客户编码列 no 客户编码 column: 以客户名称作为客户编码 the name is the key"
        )
    numbers = table.texts("invoice_no", required=True)
    invoice_dates = table.dates("invoice_date", required=True)
    due_dates = table.dates("due_date", required=True)
    amount, _ = table.amounts("amount", required=True)
    money = {"amount": amount}
    paid = _received(table, amount, money)
    paid_dates = np.full(len(table), _NO_DATE)
    if table.has("paid_date"):
        paid_dates = table.dates("paid_date", required=False)
    currency = ["CNY"] * len(table)
    if table.has("currency"):
        currency = [_CURRENCIES.get(c, c.upper()) for c in table.texts("currency", required=False)]
    _check_ledger_rows(table, invoice_dates, due_dates, amount, paid)
    if len(set(numbers)) < len(numbers):  # only a repeated 单据号 can repeat 单据号+到期日
        # per customer: an export over several 组织 numbers each organisation's documents
        # from 1, so two customers may each hold an XS-0001
        keys = list(zip(ids, numbers, due_dates.tolist(), strict=True))
        table.report_duplicates("invoice_no", keys, numbers, "同一客户的单据号+到期日")
    frame = pd.DataFrame(
        {
            "customer_id": ids,
            "customer_name": _names_or_codes(table, names, ids, notes),
            "invoice_no": numbers,
            "invoice_date": invoice_dates,
            "due_date": due_dates,
            "amount": amount,
            "paid_amount": paid,
            "paid_date": paid_dates,
            "currency": currency,
        }
    )
    for label, extra in table.extras().items():
        frame[label] = pd.Series(extra, index=frame.index)
    frame.attrs["notes"] = info([*notes, *skipped_notes(table)])
    frame.attrs["form"] = "invoice"
    report = table_report(table, "invoice", LEDGER_LABELS, money)
    frame.attrs["notes"] += total_warnings(report)
    frame.attrs["report"] = after_as_of(
        report, table, as_of, invoice_dates, numbers, "invoice_date"
    )
    return frame, sorted_problems(table.problems)


def _names_or_codes(table: Table, names: list[str], ids: list[str], notes: list[str]) -> list[str]:
    """The names, with the 客户编码 standing in for a blank 客户名称; a note names those cells
    (a name column that is there but blank is said, not silently filled)."""
    if "" not in names:  # every name there
        return list(names)
    blank = [i for i, name in enumerate(names) if not name]
    if blank and table.has("customer_name") and names is not ids:
        letter = column_letter(table.header.columns["customer_name"])
        cells = "、".join(f"{letter}{table.excel_rows[i]}" for i in blank[:5])
        where = f"{table.grid.file} {table.grid.sheet or ''}".strip()
        notes.append(
            f"客户名称为空 blank 客户名称 in {where}: {len(blank)} 行（{cells}"
            f"{'…' if len(blank) > 5 else ''}），以客户编码代替 the code stands in for the name"
        )
    return [name or code for name, code in zip(names, ids, strict=True)]


def _received(table: Table, amount: np.ndarray, money: dict[str, np.ndarray]) -> np.ndarray:
    """已收金额 from the received column, or amount − the open-balance column; with both, a
    row where amount − received ≠ open is reported. A blank open balance beside a received
    column is not checked (a formula Excel never calculated has no value); alone, the open
    balance is required: a blank one is not taken as "nothing owed"."""
    if not table.has("paid_amount") and not table.has("open_amount"):
        return np.zeros(len(table), dtype=np.int64)
    if not table.has("open_amount"):
        money["paid_amount"] = table.amounts("paid_amount", required=False)[0]
        return money["paid_amount"]
    if not table.has("paid_amount"):
        open_amount, _ = table.amounts("open_amount", required=True)
        money["open_amount"] = open_amount
        paid_in_full: np.ndarray = amount - open_amount
        return paid_in_full
    open_amount, open_blank = table.amounts("open_amount", required=False)
    paid, _ = table.amounts("paid_amount", required=False)
    money.update(paid_amount=paid, open_amount=open_amount)
    for i in np.flatnonzero((amount - paid != open_amount) & ~open_blank):
        table.report(
            "open_amount",
            int(i),
            f"{open_amount[i] / 100:,.2f} ≠ 金额 {amount[i] / 100:,.2f} − 已收 "
            f"{paid[i] / 100:,.2f}（未收金额与已收金额不符）",
            kind=ProblemKind.CONSISTENCY,
        )
    return paid


def _check_ledger_rows(
    table: Table,
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
            kind=ProblemKind.CONSISTENCY,
        )
    over = np.flatnonzero(np.where(amount >= 0, paid > amount, paid < amount))
    # paid > amount needs a received or an open-balance column (without both, paid is 0)
    received = "paid_amount" if table.has("paid_amount") else "open_amount"
    for i in over:
        table.report(
            received,
            int(i),
            f"paid {paid[i] / 100:,.2f} is more than the amount {amount[i] / 100:,.2f}"
            "（已收金额超过单据金额）",
            kind=ProblemKind.CONSISTENCY,
        )
    # a received amount against the amount's sign (−300 on a 1,000 invoice) would make the
    # customer owe more than invoiced: a refund or reversal is a row of its own
    against = np.flatnonzero(np.where(amount >= 0, paid < 0, paid > 0))
    for i in against:
        table.report(
            received,
            int(i),
            f"paid {paid[i] / 100:,.2f} has the opposite sign of the amount "
            f"{amount[i] / 100:,.2f}"
            "（已收金额与单据金额正负相反：会多算欠款；退款或冲回请另列一行）",
            kind=ProblemKind.CONSISTENCY,
        )


@collection_paused
def read_register(
    source: Source,
    sheet: str | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    password: str | None = None,
) -> tuple[pd.DataFrame, list[ReadProblem]]:
    """Read a credit register 客户信用档案 → (frame, problems).

    Limits are nullable Int64 fen, terms nullable Int64 days (blank = not set), flags bool.
    A 统一社会信用代码 that fails its check digit is a warning in ``frame.attrs["notes"]``,
    not a problem: aging and letters go on (evaluation and approval check it themselves).
    """
    grid = pick_grid(source, sheet, REGISTER_SHEETS, _fits(REGISTER_ALIASES, columns), password)
    table, problems = locate(grid, REGISTER_ALIASES, REGISTER_REQUIRED, REGISTER_COLUMNS, columns)
    if table is None:
        return pd.DataFrame(columns=list(REGISTER_COLUMNS)), problems
    table.refuse_unevaluated()
    named: list[str] = []
    ids = table.identifiers("customer_id", True, named)
    table.report_duplicates("customer_id", ids, ids, "客户编码")
    texts: dict[str, list[str]] = {}
    for name in ("customer_name", "uscc", "contact", "phone", "address", "grade", "status"):
        texts[name] = table.texts(name, required=False) if table.has(name) else [""] * len(table)
    if table.has("customer_name"):
        texts["customer_name"] = table.identifiers("customer_name", False, named)
    texts["customer_name"] = _names_or_codes(table, texts["customer_name"], ids, named)
    texts["grade"] = [g.upper() for g in texts["grade"]]
    texts["status"] = [s or "正常" for s in texts["status"]]
    data: dict[str, object] = {"customer_id": ids, **texts}
    limit_scale = table.header.scale("limit") if table.has("limit") else 1  # 信用额度（万元）
    data["limit"] = _nullable(
        table,
        "limit",
        lambda raw: cells.amount_column(raw, limit_scale),
        "is not an amount（不是有效金额）",
    )
    data["term_days"] = _nullable(
        table, "term_days", cells.int_column, "is not a number of days（不是有效天数）"
    )
    for name in ("evaluated_on", "next_review"):
        data[name] = (
            table.dates(name, required=False) if table.has(name) else np.full(len(table), _NO_DATE)
        )
    for flag in WARNING_FLAGS:
        values = np.zeros(len(table), dtype=bool)
        if table.has(flag):
            values, bad = cells.flag_column(table.column(flag))
            table.report_cells(flag, bad, "is not 是/否 (yes/no)（应填是或否）")
        data[flag] = values
    grouped, group_warnings = register_group_columns(table)  # 所属集团、临时额度 (optional)
    data.update(grouped)
    frame = pd.DataFrame(data)
    for label, extra in table.extras().items():
        frame[label] = pd.Series(extra, index=frame.index)
    frame.attrs["notes"] = [
        *info(named),
        *_uscc_warnings(table, texts["uscc"]),
        *group_warnings,
        *info(skipped_notes(table)),
    ]
    limits = {"limit": frame["limit"].fillna(0).to_numpy(np.int64)} if table.has("limit") else {}
    frame.attrs["report"] = table_report(table, "register", REGISTER_COLUMNS, limits)
    frame.attrs["notes"] += total_warnings(frame.attrs["report"])
    return frame, sorted_problems(table.problems)


@collection_paused
def read_orders(
    source: Source,
    sheet: str | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    password: str | None = None,
    reports: list[ReadingReport] | None = None,
) -> tuple[dict[str, Decimal], list[ReadProblem]]:
    """Open orders 未发货订单 (客户编码, 金额; several rows per customer add up) → exposure.
    ``reports``, when given, receives the reading report of the sheet read."""
    names = {"customer_id": "客户编码", "customer_name": "客户名称", "amount": "未发货订单金额"}
    required = ("customer_id", "amount")
    grid = pick_grid(source, sheet, ORDER_SHEETS, _fits(ORDER_ALIASES, columns), password)
    table, problems = locate(grid, ORDER_ALIASES, required, names, columns)
    if table is None:
        return {}, problems
    table.problems += suspect_problems(grid, table.header, "orders")
    table.refuse_unevaluated()
    ids = table.identifiers("customer_id", True, [])  # matched to the ledger's codes
    fen, _ = table.amounts("amount", required=True)
    if reports is not None:
        reports.append(table_report(table, "orders", names, {"amount": fen}))
    totals: dict[str, int] = {}
    for customer, amount in zip(ids, fen.tolist(), strict=True):
        if customer:
            totals[customer] = totals.get(customer, 0) + amount
    return {c: from_fen(v) for c, v in totals.items()}, sorted_problems(table.problems)


def _fits(
    aliases: Mapping[str, tuple[str, ...]], mapping: Mapping[str, str] | None
) -> Callable[[Grid], bool]:
    """A sheet with a 客户编码 column (a grading table beside the register has none)."""

    def fits(grid: Grid) -> bool:
        header = find_header(grid.rows, aliases, ("customer_id",), mapping)
        return header is not None and "customer_id" in header.columns

    return fits


def _nullable(
    table: Table,
    name: str,
    parse: Callable[[list[object]], tuple[np.ndarray, np.ndarray, list[int]]],
    message: str,
) -> pd.Series:
    if not table.has(name):
        return pd.Series(pd.NA, index=range(len(table)), dtype="Int64")
    values, blank, bad = parse(table.column(name))
    table.report_cells(name, bad, message)
    result = pd.Series(values, dtype="Int64")
    result[blank] = pd.NA
    return result


def _uscc_warnings(table: Table, codes: list[str]) -> list[Note]:
    """One warning per 统一社会信用代码 that fails its check (blank codes are allowed)."""
    if not table.has("uscc"):
        return []
    from stdnum.cn import uscc as uscc_number  # only a register with the column needs it

    return [
        warning(
            table.problem_at(
                "uscc",
                int(table.excel_rows[i]),
                f'"{code}" is not a valid 统一社会信用代码 (USCC)（校验失败）',
            )
        )
        for i, code in enumerate(codes)
        if code and not uscc_number.is_valid(code)
    ]


def or_raise(result: tuple[T, list[ReadProblem]]) -> T:
    """The value a ``read_*`` function returned, or ReadError listing every problem it found."""
    value, problems = result
    if problems:
        raise ReadError(problems)
    return value


def ledger_or_raise(source: Source, sheet: str | None = None, **options: Any) -> pd.DataFrame:
    """``read_ledger`` for callers that stop on any problem: raises ReadError with all of them."""
    return or_raise(read_ledger(source, sheet, **options))


def register_or_raise(source: Source, sheet: str | None = None, **options: Any) -> pd.DataFrame:
    """``read_register`` raising ReadError with every problem."""
    return or_raise(read_register(source, sheet, **options))
