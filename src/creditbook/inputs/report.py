"""The reading report (读取报告): what a reader read, from where, and what it left out.

Built by the reader while it reads (``table_report`` from the located table and the columns
it parsed), never re-derived afterwards: the file, sheet and form; each field ← header with
its column letter (hidden columns marked 隐藏); the amount-like columns not used and why;
rows read and rows skipped per reason; the total of each money column; the documents dated
after --as-of (counted and listed: aging leaves them out). Readers of other forms add their
own counts and notes with ``with_counts`` / ``with_notes``; a running statement's report
(``inputs.statements``, one per sheet) adds the periods it found and each customer block:
where the customer was named, its rows, its opening, 借方, 贷方 and balance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np

from creditbook.core.money import from_fen
from creditbook.inputs import cells
from creditbook.inputs.located import Table
from creditbook.inputs.notes import Note, warning
from creditbook.inputs.sheet_totals import SheetTotals, compare_sheet_totals
from creditbook.inputs.tables import column_letter
from creditbook.inputs.vocabulary import row_rules, units

HIDDEN = "（隐藏 hidden）"
REPORT_FILE = "读取报告.txt"  # beside an output: in its folder, or NAME_读取报告.txt
LISTED = 10  # documents after --as-of listed by cell; the rest counted
FORMS = {
    "invoice": "单据明细 invoice form",
    "statement": "往来明细账 statement form",
    "register": "客户信用档案 register",
    "orders": "未发货订单 open orders",
}


@dataclass(frozen=True)
class FieldColumn:
    """One field read from one column: 金额 ← G 价税合计."""

    field: str
    header: str
    letter: str
    hidden: bool = False


@dataclass(frozen=True)
class UnusedColumn:
    """An amount-like column the reader did not use, and why."""

    header: str
    letter: str
    reason: str
    hidden: bool = False


@dataclass(frozen=True)
class ColumnTotal:
    """The total of one money column over the data rows read (元)."""

    header: str
    letter: str
    total: Decimal
    used: bool = True


@dataclass(frozen=True)
class CustomerBlock:
    """One customer's rows on a running-statement sheet and their figures (元)."""

    customer: str  # code and name as the statement names them
    named_by: str  # where: a customer column, a title or block line (its row), the sheet name
    first_row: int
    last_row: int
    opening: Decimal
    debit: Decimal
    credit: Decimal

    @property
    def balance(self) -> Decimal:
        """期初 + 借方 − 贷方: the balance the block's rows come to."""
        return self.opening + self.debit - self.credit

    def line(self) -> str:
        rows = f"{self.first_row}–{self.last_row}" if self.last_row > self.first_row else ""
        return (
            f"  {self.customer}（{self.named_by}）第 {rows or self.first_row} 行: "
            f"期初 opening {self.opening:,.2f}；借方 debit {self.debit:,.2f}；"
            f"贷方 credit {self.credit:,.2f}；余额 balance {self.balance:,.2f}"
        )


@dataclass(frozen=True)
class ReadingReport:
    """What one read took from one sheet. ``lines()`` is the report as printed."""

    file: str
    sheet: str | None
    form: str
    header_row: int | None = None
    fields: tuple[FieldColumn, ...] = ()
    unused: tuple[UnusedColumn, ...] = ()
    rows_read: int = 0
    skipped: tuple[tuple[str, int], ...] = ()
    totals: tuple[ColumnTotal, ...] = ()
    as_of: dt.date | None = None
    after_as_of: int = 0
    after_cells: tuple[str, ...] = ()
    cell_notes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()  # a statement's periods: '2026-06-01 起 from（标题 title）'
    blocks: tuple[CustomerBlock, ...] = ()  # a statement's customers, in sheet order
    sheet_totals: SheetTotals | None = None  # the sheet's own 合计 row against the rows read
    extra_columns: tuple[str, ...] = ()  # kept under their own header, in no figure: 'H 备注'

    @property
    def where(self) -> str:
        return f"{self.file} 工作表 sheet {self.sheet}" if self.sheet else self.file

    def with_notes(self, *notes: str) -> ReadingReport:
        """The report with more notes (a reader of another form says what it decided)."""
        return replace(self, notes=(*self.notes, *notes))

    def with_counts(self, counts: Mapping[str, int]) -> ReadingReport:
        """The report with more skipped rows, per reason label (e.g. {"期初前 before the
        period": 3})."""
        merged = dict(self.skipped)
        for label, count in counts.items():
            merged[label] = merged.get(label, 0) + count
        return replace(self, skipped=tuple(merged.items()))

    def head_line(self) -> str:
        header = (
            f"；表头在第 {self.header_row} 行 header row {self.header_row}"
            if self.header_row
            else ""
        )
        return f"读取报告 reading report: {self.where}（{FORMS.get(self.form, self.form)}）{header}"

    def field_lines(self) -> list[str]:
        if not self.fields:
            return []
        parts = [
            f"{f.field} ← {f.letter} {f.header}{HIDDEN if f.hidden else ''}" for f in self.fields
        ]
        return ["列 columns: " + "；".join(parts)]

    def unused_lines(self) -> list[str]:
        if not self.unused:
            return []
        parts = [
            f"{u.letter} {u.header}{HIDDEN if u.hidden else ''} — {u.reason}" for u in self.unused
        ]
        return ["未用 not used: " + "; ".join(parts)]

    def extra_lines(self) -> list[str]:
        if not self.extra_columns:
            return []
        listed = "、".join(self.extra_columns)
        return [f"附加列 extra columns（保留，不参与计算 kept, in no figure）: {listed}"]

    def row_lines(self) -> list[str]:
        skipped = "，".join(f"{label} {count} 行" for label, count in self.skipped)
        line = f"行 rows: 读取 read {self.rows_read:,} 行"
        return [f"{line}；跳过 skipped: {skipped}" if skipped else line]

    def total_lines(self) -> list[str]:
        if not self.totals:
            return []
        parts = [
            f"{t.letter} {t.header} {t.total:,.2f}{'' if t.used else '（未用 not used）'}"
            for t in self.totals
        ]
        lines = ["合计 totals: " + "；".join(parts)]
        if self.sheet_totals is not None:
            lines.append(self.sheet_totals.line())
        return lines

    def total_warning(self) -> str | None:
        """The warning when the sheet's own 合计 row differs from the rows read."""
        return self.sheet_totals.warning() if self.sheet_totals is not None else None

    def statement_lines(self) -> list[str]:
        """A running statement's periods and customer blocks (nothing for other forms, nor
        for a report that read no block)."""
        if self.form != "statement" or not (self.periods or self.blocks):
            return []
        periods = "；".join(self.periods) or "标题未注明 not stated in the title"
        lines = [f"期间 period: {periods}"]
        if self.blocks:
            lines.append(f"客户 customers: {len(self.blocks)} 个")
            lines += [block.line() for block in self.blocks]
        return lines

    def as_of_lines(self) -> list[str]:
        if not self.after_as_of or self.as_of is None:
            return []
        listed = "、".join(self.after_cells)
        more = "…" if self.after_as_of > len(self.after_cells) else ""
        return [
            f"截止日后的单据 dated after --as-of {self.as_of.isoformat()}: {self.after_as_of} 行"
            f"（{listed}{more}），不计入账龄 not aged"
        ]

    def lines(self) -> list[str]:
        return [
            self.head_line(),
            *self.field_lines(),
            *self.unused_lines(),
            *self.extra_lines(),
            *self.row_lines(),
            *self.total_lines(),
            *self.statement_lines(),
            *self.as_of_lines(),
            *self.cell_notes,
            *self.notes,
        ]

    def details(self) -> list[str]:
        """The lines a command prints after the reader's notes (which already say the sheet,
        form and skipped rows): the columns, those not used, the totals, the late documents."""
        return [
            *self.field_lines(),
            *self.unused_lines(),
            *self.extra_lines(),
            f"行 rows: 读取 read {self.rows_read:,} 行",
            *self.total_lines(),
            *self.statement_lines(),
            *self.as_of_lines(),
            *self.cell_notes,
            *self.notes,
        ]

    def text(self) -> str:
        return "\n".join(self.lines()) + "\n"


def total_warnings(report: ReadingReport) -> list[Note]:
    """A warning note when the sheet's own 合计 row differs from the rows read (none else)."""
    text = report.total_warning()
    return [warning(text)] if text else []


def table_report(
    table: Table,
    form: str,
    labels: Mapping[str, str],
    money: Mapping[str, np.ndarray],
) -> ReadingReport:
    """The report of a located table: its fields, the money columns not used, the rows and
    the totals (``money``: field → the fen already parsed, so nothing is parsed twice)."""
    header, grid = table.header, table.grid
    hidden = grid.hidden_columns
    fields = tuple(
        FieldColumn(labels.get(name, name), header.labels[col], column_letter(col), col in hidden)
        for name, col in sorted(header.columns.items(), key=lambda item: item[1])
    )
    unused = tuple(
        UnusedColumn(header.labels[col], column_letter(col), reason, col in hidden)
        for col, reason in sorted(header.passed_over.items())
    )
    totals = [
        ColumnTotal(
            header.labels[header.columns[name]],
            column_letter(header.columns[name]),
            from_fen(int(fen.sum())),
        )
        for name, fen in money.items()
    ]
    for col in sorted(header.passed_over):
        scale = header.scales.get(col, header.unit)
        fen, _, bad = cells.amount_column(table.cells(col), scale)
        if bad:
            fen[bad] = 0
        totals.append(
            ColumnTotal(header.labels[col], column_letter(col), from_fen(int(fen.sum())), False)
        )
    scaled = [
        (
            header.scale(name),
            column_letter(header.columns[name]),
            header.labels[header.columns[name]],
        )
        for name in money
    ]
    words = {yuan: word for word, yuan in units().items()}
    unit_notes = tuple(
        f"金额单位 unit: {letter} {label} 以{words.get(yuan, yuan)}计 in {words.get(yuan, yuan)}"
        f"（× {yuan:,} 读作元 read as 元）"
        for yuan, letter, label in scaled
        if yuan != 1
    )
    kept, used = set(table.kept), set(header.columns.values())
    extra: dict[int, int] = {}
    for row, col in grid.unevaluated:
        if col not in used and row - header.row - 1 in kept:
            extra[col] = extra.get(col, 0) + 1
    if extra:
        listed = "、".join(
            f"{column_letter(c)} {header.labels.get(c, '')} {n} 个".replace("  ", " ")
            for c, n in sorted(extra.items())
        )
        unit_notes += (
            f"附加列的公式没有保存结果，未读 extra columns whose formulas have no saved value, "
            f"not read: {listed}",
        )
    names = row_rules().labels
    skipped = tuple((names.get(kind, kind), count) for kind, count in sorted(table.skipped.items()))
    return ReadingReport(
        grid.file,
        grid.sheet,
        form,
        grid.first_row + header.row,
        fields,
        unused,
        len(table),
        skipped,
        tuple(sorted(totals, key=lambda t: (len(t.letter), t.letter))),
        cell_notes=(*unit_notes, *grid.notes),
        sheet_totals=compare_sheet_totals(table, money) if form != "statement" else None,
        extra_columns=tuple(
            f"{column_letter(col)} {text}{HIDDEN if col in hidden else ''}"
            for col, text in sorted(header.extras().items())
            if col not in header.passed_over
        ),
    )


def after_as_of(
    report: ReadingReport,
    table: Table,
    as_of: dt.date | None,
    dates: np.ndarray,
    numbers: Iterable[str],
    column: str,
) -> ReadingReport:
    """The report with the documents dated after ``as_of`` counted and the first listed by
    cell (D15 AR-0009 2026-12-03)."""
    if as_of is None:
        return report
    late = np.flatnonzero(dates > np.datetime64(as_of, "ns"))
    if not len(late):
        return replace(report, as_of=as_of)
    letter = column_letter(table.header.columns[column])
    shown = list(numbers)
    listed = tuple(
        f"{letter}{table.excel_rows[i]} {shown[i]} {str(dates[i])[:10]}" for i in late[:LISTED]
    )
    return replace(report, as_of=as_of, after_as_of=len(late), after_cells=listed)


def reports_text(reports: Iterable[ReadingReport], notes: Iterable[Note] = ()) -> str:
    """The reading reports as written beside an output (读取报告.txt), then the readers' notes
    the reports do not already say (statement blocks, periods, name joins)."""
    reports = tuple(reports)
    text = "\n".join(report.text() for report in reports)
    said = {line for report in reports for line in report.lines()}
    rest = [str(note) for note in notes if str(note) not in said]
    if rest:
        text += "\n说明 notes:\n" + "".join(f"  {note}\n" for note in rest)
    return text


def frame_reports(*frames: object) -> tuple[ReadingReport, ...]:
    """The reading reports the readers left on their frames: ``frame.attrs["reports"]`` (a
    running statement's, one per sheet) or ``frame.attrs["report"]``."""
    found: list[object] = []
    for frame in frames:
        attrs = getattr(frame, "attrs", None) if frame is not None else None
        if isinstance(attrs, dict):
            found += attrs.get("reports") or [attrs.get("report")]
    return tuple(report for report in found if isinstance(report, ReadingReport))
