"""Running statements (往来明细账, 客户对账单): 日期, 凭证号, 摘要, 借方, 贷方, 余额 → open items.

The customer is named by a customer column, or by a title line (``statement_titles``:
"客户：KH101 无锡…", "客户：华东贸易", "往来单位：…", "[KH101]…") above the header, or
above each block when several customers follow one another on one sheet (U8 客户往来明细账,
with or without the header repeated per block), else by the sheet name. The 余额 column is
reconciled row by row against 期初余额 + 借方 − 贷方 (the first mismatch per customer is
reported); 本月合计 / 本年累计 / 合计 rows are checked against the rows above them, then
skipped; 本年累计 only when the export starts at the beginning of its year (a mid-year
export's 本年累计 holds months it does not show: skipped with a note). An undated 期初余额 /
上年结转 is dated at the period's start (--period-start, else the title's 期间), or refused
naming its row. Credits are applied first-in-first-out (``core.fifo``); each debit becomes a
ledger line whose 到期日 is the export's own 到期日 column when it has one, else its date
plus the customer's credit term, so everything that reads a ledger can age it.

Each sheet's reading report (``inputs.report``) is built while its rows are read: each
field ← column letter and header, rows read and skipped per reason (合计/小计, title and
block lines, footers, blanks …), the 借方 and 贷方 totals of the rows read, the periods
found, and each customer block (where the customer was named, its rows, its opening,
借方, 贷方 and balance).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from creditbook.core.fifo import Entry, Item, apply_fifo
from creditbook.core.money import format_money, from_fen
from creditbook.inputs import cells
from creditbook.inputs.identifiers import IdentifierChanges, clean_identifier, name_key
from creditbook.inputs.ledger_frame import empty_ledger, sheet_note
from creditbook.inputs.located import Table, locate, suspect_problems
from creditbook.inputs.notes import info
from creditbook.inputs.problems import ProblemKind, ReadProblem, sorted_problems
from creditbook.inputs.report import CustomerBlock, ReadingReport, table_report
from creditbook.inputs.sources import Grid
from creditbook.inputs.statement_titles import (
    TitleCustomer,
    is_title_line,
    period_start,
    title_customer,
)
from creditbook.inputs.tables import STATEMENT_ALIASES, Header, column_letter, find_header
from creditbook.inputs.vocabulary import label, normalise_header, row_rules

REQUIRED = ("entry_date", "debit", "credit")
LABELS = {name: label("statement", name) for name in STATEMENT_ALIASES}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PERIOD = ("本月", "本期", "月计", "本季")
_YEAR = ("本年", "累计")


def statement_header(grid: Grid, mapping: Mapping[str, str] | None = None) -> Header | None:
    """The header of a running statement in ``grid`` (日期, 借方, 贷方 all named), or None."""
    header = find_header(grid.rows, STATEMENT_ALIASES, REQUIRED, mapping)
    if header is None or not all(r in header.columns for r in REQUIRED):
        return None
    return header


@dataclass
class _Account:
    """One customer's statement while it is read."""

    customer_id: str
    name: str
    file: str
    sheet: str | None
    entries: list[Entry] = field(default_factory=list)
    opening: int = 0
    opening_day: dt.date | None = None
    opening_label: str = "期初余额"  # the statement's words: 上年结转, 年初余额 …
    undated_opening: bool = False  # refused at its row: not aged
    running: int = 0
    reconciled: bool = True
    since_period: list[int] = field(default_factory=lambda: [0, 0])
    since_total: list[int] = field(default_factory=lambda: [0, 0])
    whole: list[int] = field(default_factory=lambda: [0, 0])
    months: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    year: dict[int, list[int]] = field(default_factory=dict)
    last_day: dt.date | None = None


@dataclass
class _Block:
    """One customer's rows on one sheet, for the reading report (fen)."""

    account: _Account
    named_by: str
    first_row: int
    last_row: int
    opening: int = 0
    debit: int = 0
    credit: int = 0


CUSTOMER_COLUMN = "客户列 customer column"
SHEET_NAME = "工作表名 sheet name"
TITLE_LINES = "客户/标题/重复表头行 title lines"


class _Sheet:
    """Reads one statement sheet's rows, in order, into accounts."""

    def __init__(
        self,
        table: Table,
        accounts: dict[str, _Account],
        sheet_customer: TitleCustomer | None,
        period: tuple[dt.date, str] | None,
        named_by: str = SHEET_NAME,
    ):
        self.table = table
        self.accounts = accounts
        self.sheet_customer = sheet_customer  # the title's, then each block's
        self.named_by = named_by  # where sheet_customer was named (for the reading report)
        self.period = period  # (start of the period, where it was said)
        self.periods: list[tuple[dt.date, str]] = [period] if period else []
        self.block_of: dict[int, _Block] = {}  # id(account) → its rows on this sheet
        self.debits: list[int] = []  # the 借方 and 贷方 of each row read as an entry (fen)
        self.credits: list[int] = []
        self.openings_read = 0
        self.named_by_row = named_by  # where the customer of the row being read was named
        self.blocks = 0  # customer lines inside the sheet (客户：… above a block)
        self.title_lines: list[int] = []  # 科目：… / 期间：… / a repeated header, skipped
        self.before_period: list[int] = []
        self.year_unchecked: list[int] = []  # 本年累计 rows of a mid-year export
        self.dated_openings: list[str] = []
        body = table.body_columns
        columns = table.header.columns
        self.raw = {name: body[col] for name, col in columns.items()}
        self.since_total = [0, 0]  # the whole sheet's, for a grand 合计 below several customers
        self.whole = [0, 0]
        self.money = {  # every row's amounts parsed at once: fen, blank mask, bad positions
            name: _parsed(cells.amount_column(self.raw[name], table.header.scale(name)))
            for name in ("debit", "credit", "balance")
            if name in columns
        }
        self.current: _Account | None = None
        self.seen: list[_Account] = []
        self.changes = {
            "customer_id": IdentifierChanges("客户编码", code=True),
            "customer_name": IdentifierChanges("客户名称", code=False),
        }
        self.unchanged: dict[str, set[str]] = {"customer_id": set(), "customer_name": set()}

    def amount(self, name: str, position: int) -> int | None:
        if name not in self.money:
            return None
        fen, blank, bad = self.money[name]
        if position in bad:
            text = cells.text_value(self.raw[name][position])
            self.problem(
                name, position, f'"{text}" is not an amount（不是有效金额）', ProblemKind.VALUE
            )
            return None
        return None if blank[position] else int(fen[position])

    def has_amount(self, position: int) -> bool:
        """Whether the row has an amount in 借方 or 贷方 (a header word there is none)."""
        return any(
            not blank[position] and position not in bad
            for name, (_, blank, bad) in self.money.items()
            if name in ("debit", "credit")
        )

    def text(self, name: str, position: int) -> str:
        return cells.text_value(self.raw[name][position]) if name in self.raw else ""

    def day(self, position: int) -> dt.date | None:
        return cells.parse_date(self.raw["entry_date"][position])

    def opening_words(self, position: int) -> str:
        """What an opening row calls itself (上年结转, 年初余额): its 摘要, else the 凭证号 cell
        that marks it; 期初余额 when it has no words or only English ones (Opening Balance),
        as the letters that list it are in Chinese."""
        summary = self.text("summary", position)
        voucher = self.text("voucher", position)
        if not summary and row_rules().kind(voucher) == "opening":
            summary = voucher
        return summary if _CJK.search(summary) else "期初余额"

    def problem(self, name: str, position: int, message: str, kind: ProblemKind) -> None:
        self.table.report_at(name, self.table.first_body_row + position, message, kind)

    def signed_balance(self, position: int) -> int | None:
        balance = self.amount("balance", position)
        if balance is None:
            return None
        direction = self.text("direction", position)
        if direction.startswith("贷"):
            return -abs(balance)
        if direction.startswith("平"):
            return 0
        return balance

    def customer_text(self, name: str, position: int) -> str:
        """The customer cell's text, normalised (``identifiers``), unless it is a row mark
        such as 小计."""
        text = self.text(name, position)
        if not text or row_rules().kind(text):
            return ""
        raw = self.raw[name][position]
        if raw.__class__ is str and not raw.isascii():
            changes = self.changes[name]
            letter = column_letter(self.table.header.columns[name])
            cell = f"{letter}{self.table.first_body_row + position}"
            if cell not in changes.changed:
                result = changes.clean(raw, text, cell)
                if cell not in changes.changed:
                    self.unchanged[name].add(result)
                return result
            return changes.changed[cell][1]
        self.unchanged[name].add(text)
        return text

    def identifier_notes(self) -> list[str]:
        where = f"{self.table.grid.file} {self.table.grid.sheet or ''}".strip()
        return [
            note
            for name, changes in self.changes.items()
            for note in changes.notes(where, self.unchanged[name])
        ]

    def account(self, position: int) -> _Account:
        """The row's customer: its 客户编码 cell, else its name cell, else the block's or
        sheet's title. Names are one customer when ``name_key`` makes them one
        (苏州 达远 and 苏州达远), the first spelling shown."""
        name = self.customer_text("customer_name", position)
        code = self.customer_text("customer_id", position)
        if not code and not name:
            if self.current is not None:
                return self.current
            self.named_by_row = self.named_by
            titled = self.sheet_customer
            code = titled.code if titled else ""
            name = titled.name if titled else ""
        else:
            self.named_by_row = CUSTOMER_COLUMN
        shown = code or name
        key = code or f"name\x1f{name_key(name)}"
        if key not in self.accounts:
            self.accounts[key] = _Account(
                shown, name or shown, self.table.grid.file, self.table.grid.sheet
            )
        self.current = self.accounts[key]
        self.seen.append(self.current)
        return self.current

    def title_row(self, position: int) -> bool:
        """A 客户：… line opening a block (the customer changes), a 科目：/期间： line, or the
        header repeated above a block: True when the row is one of those (then skipped)."""
        if self.day(position) is not None or self.has_amount(position):
            return False  # an entry (a bad one is reported), whatever its 摘要 says
        header = self.table.header
        repeated = 0
        for col, cells_ in enumerate(self.table.body_columns):
            value = cells_[position]
            if not isinstance(value, str):
                continue
            customer = title_customer(value)
            if customer is not None:
                self.sheet_customer, self.current = customer, None
                self.named_by = f"客户行 block line 第 {self.table.first_body_row + position} 行"
                self.blocks += 1
            elif is_title_line(value):
                found = period_start(value)
                if found is not None and (
                    self.period is None or self.period[1] != "--period-start"
                ):
                    self.period = (found, "标题 title")
                    if self.period not in self.periods:
                        self.periods.append(self.period)
            elif normalise_header(value) == normalise_header(header.labels.get(col, "")):
                repeated += 1
                continue
            else:
                continue
            self.title_lines.append(position)
            return True
        if repeated >= 2:
            self.title_lines.append(position)
            return True
        return False

    def data_row(self, position: int) -> None:
        if self.title_row(position):
            return
        account = self.account(position)
        day = self.day(position)
        if day is None:
            raw = self.raw["entry_date"][position]
            if cells.is_blank(raw):
                self.problem("entry_date", position, "is blank（缺少必填值）", ProblemKind.BLANK)
            else:
                text = cells.text_value(raw)
                self.problem(
                    "entry_date",
                    position,
                    f'"{text}" is not a date（不是有效日期）',
                    ProblemKind.VALUE,
                )
            return
        debit = self.amount("debit", position) or 0
        credit = self.amount("credit", position) or 0
        voucher, summary = self.text("voucher", position), self.text("summary", position)
        if self.period is not None and day < self.period[0]:
            self.before_period.append(position)
        account.entries.append(Entry(day, debit, credit, voucher, summary, self.due(position)))
        account.running += debit - credit
        self.debits.append(debit)
        self.credits.append(credit)
        block = self.block(account, position)
        block.debit += debit
        block.credit += credit
        for sums in (
            account.since_period,
            account.since_total,
            account.whole,
            account.months.setdefault((day.year, day.month), [0, 0]),
            account.year.setdefault(day.year, [0, 0]),
            self.since_total,
            self.whole,
        ):
            sums[0] += debit
            sums[1] += credit
        account.last_day = day
        self.check_balance(account, position)

    def due(self, position: int) -> dt.date | None:
        """The row's own 到期日 (金蝶 应收款明细表), None when the export has none or it is
        blank (the term decides); a cell that is not a date is reported."""
        if "due_date" not in self.raw:
            return None
        raw = self.raw["due_date"][position]
        day = cells.parse_date(raw)
        if day is None and not cells.is_blank(raw):
            text = cells.text_value(raw)
            self.problem(
                "due_date", position, f'"{text}" is not a date（不是有效日期）', ProblemKind.VALUE
            )
        return day

    def check_balance(self, account: _Account, position: int) -> None:
        balance = self.signed_balance(position)
        if balance is None or balance == account.running or not account.reconciled:
            return
        account.reconciled = False
        self.problem(
            "balance",
            position,
            f"{_yuan(balance)} ≠ 逐行计算的余额 {_yuan(account.running)}（对账不平：期初余额 + "
            f"借方 − 贷方 does not reconcile; first mismatch for {account.name}）",
            ProblemKind.CONSISTENCY,
        )

    def opening_row(self, position: int) -> None:
        account = self.account(position)
        if account.entries:
            self.check_balance(account, position)  # a 期初 line mid-statement: a carried line
            return
        balance = self.signed_balance(position)
        if balance is None:
            balance = (self.amount("debit", position) or 0) - (self.amount("credit", position) or 0)
        account.opening = account.running = balance
        account.opening_day = self.day(position)
        account.opening_label = self.opening_words(position)
        self.openings_read += 1
        self.block(account, position).opening += balance
        if account.opening_day is not None or balance <= 0:
            return  # dated, or a credit (预收) / nil opening that is not aged
        what = account.opening_label
        if self.period is None:
            account.undated_opening = True
            self.problem(
                "entry_date",
                position,
                f"{what} {_yuan(balance)} 没有日期，无法计算账龄 the opening balance has no date "
                "and the title states no period（标题没有期间）: 请填写该行日期 fill its 日期, "
                "or give the period's first day: --period-start YYYY-MM-DD",
                ProblemKind.BLANK,
            )
            return
        start, source = self.period
        account.opening_day = start
        self.dated_openings.append(
            f"{account.name}: {what} {_yuan(balance)} 没有日期，按期间开始日 {start.isoformat()} "
            f"计账龄 undated opening balance aged from the period start（{source}）"
        )

    def carried_row(self, position: int) -> None:
        """承前页 / 过次页: nothing to add, but its 余额 must agree with the running balance."""
        self.check_balance(self.account(position), position)

    def total_row(self, position: int) -> None:
        account = self.account(position)
        words = "".join(
            unicodedata.normalize("NFKC", v)
            for col in self.table.body_columns
            if isinstance(v := col[position], str)
        )
        last = self.day(position) or account.last_day
        if any(w in words for w in _PERIOD):
            calendar = _calendar_sums(account, last, 3 if "本季" in words else 1)
            self.check_sums(position, [calendar, account.since_period], "本期/本月合计")
            account.since_period = [0, 0]
        elif any(w in words for w in _YEAR):
            if last is not None and not self.year_covered(account, last.year):
                if not _matches(self.totals(position), account.whole):  # earlier months in it
                    self.year_unchecked.append(position)
            else:
                year = account.year.get(last.year, [0, 0]) if last else [0, 0]
                self.check_sums(position, [year, account.whole], "本年累计")
        else:
            named = self.customer_text("customer_id", position) or self.customer_text(
                "customer_name", position
            )
            own = [account.since_total, account.whole]
            sheet = [self.whole, self.since_total]
            self.check_sums(position, own + sheet if named else sheet + own, "合计")
            account.since_total = [0, 0]
            self.since_total = [0, 0]
            if not named and len({id(a) for a in self.seen}) > 1:
                return  # a grand total over several customers: its 余额 is theirs together
        self.check_balance(account, position)

    def export_start(self, account: _Account) -> dt.date | None:
        """The first day the export covers: the period's start, else the opening line's or
        the first entry's date."""
        if self.period is not None:
            return self.period[0]
        if account.opening_day is not None:
            return account.opening_day
        return account.entries[0].day if account.entries else None

    def year_covered(self, account: _Account, year: int) -> bool:
        """Whether the export shows every month of ``year`` up to now (so a 本年累计 of that
        year can be checked against the rows): it starts before the year or in its January."""
        start = self.export_start(account)
        return start is not None and (
            start.year < year or (start.year == year and start.month == 1)
        )

    def block(self, account: _Account, position: int) -> _Block:
        """The account's block on this sheet, stretched to the row at ``position``."""
        row = self.table.first_body_row + position
        found = self.block_of.get(id(account))
        if found is None:
            found = self.block_of[id(account)] = _Block(account, self.named_by_row, row, row)
        found.last_row = row
        return found

    def report(self) -> ReadingReport:
        """The sheet's reading report: fields, rows read and skipped per reason, the 借方 and
        贷方 totals of the rows read (and of any amount column not used), periods, blocks."""
        table = self.table
        money = {"debit": self.debits, "credit": self.credits}
        report = table_report(
            table,
            "statement",
            LABELS,
            {name: np.asarray(fen, dtype=np.int64) for name, fen in money.items()},
        )
        counts = self.skipped()
        if self.title_lines:
            counts.append((TITLE_LINES, len(self.title_lines)))
        blocks = tuple(
            CustomerBlock(
                _shown(block.account),
                block.named_by,
                block.first_row,
                block.last_row,
                from_fen(block.opening),
                from_fen(block.debit),
                from_fen(block.credit),
            )
            for block in self.block_of.values()
        )
        periods = tuple(f"{day.isoformat()} 起 from（{where}）" for day, where in self.periods)
        return replace(
            report,
            rows_read=len(self.debits) + self.openings_read,
            skipped=tuple(counts),
            periods=periods,
            blocks=blocks,
        )

    def skipped(self) -> list[tuple[str, int]]:
        """The rows set aside per reason (合计/小计, blanks, footers …): the opening lines
        that gave a customer its opening balance were read, so they are not among them."""
        labels = row_rules().labels
        counts = dict(self.table.skipped)
        counts["opening"] = counts.get("opening", 0) - self.openings_read
        return [(labels.get(k, k), n) for k, n in sorted(counts.items()) if n > 0]

    def skipped_note(self) -> list[str]:
        """'跳过非数据行 skipped rows in FILE SHEET: 合计/小计行 6 行', as the report counts."""
        counts = self.skipped()
        if not counts:
            return []
        where = f"{self.table.grid.file} {self.table.grid.sheet or ''}".strip()
        parts = "，".join(f"{label} {count} 行" for label, count in counts)
        return [f"跳过非数据行 skipped rows in {where}: {parts}"]

    def sheet_notes(self) -> list[str]:
        """Block lines, rows before the period, 本年累计 not checked, openings dated from
        the period: one note each, naming the sheet and the rows."""
        where = f"{self.table.grid.file} {self.table.grid.sheet or ''}".strip()
        first = self.table.first_body_row
        notes = []
        if self.blocks or self.title_lines:
            notes.append(
                f"分块读取 customer blocks in {where}: 客户行 {self.blocks} 个，标题/重复表头行 "
                f"{len(self.title_lines)} 行已跳过 title lines and repeated headers skipped"
                f"（{_rows(self.title_lines, first)}）"
            )
        if self.before_period and self.period is not None:
            notes.append(
                f"期间开始日 {self.period[0].isoformat()} 之前的行 rows dated before the period "
                f"start in {where}: {len(self.before_period)} 行（"
                f"{_rows(self.before_period, first)}），已计入 read and aged"
            )
        if self.year_unchecked:
            notes.append(
                f"本年累计未核对 not checked in {where}: {len(self.year_unchecked)} 行（"
                f"{_rows(self.year_unchecked, first)}）——导出不是从年初开始，本年累计含导出之前"
                "的月份 the export starts after the beginning of the year"
            )
        return notes + self.dated_openings

    def totals(self, position: int) -> list[int | None]:
        """A total row's 借方 and 贷方 (None where blank; a bad cell is reported once)."""
        return [self.amount(n, position) for n in ("debit", "credit")]

    def check_sums(self, position: int, choices: list[list[int]], what: str) -> None:
        """A total row's 借方 and 贷方 must equal one of the sums it may stand for; else the
        first that differs from the first of them is reported."""
        totals = self.totals(position)
        if any(_matches(totals, choice) for choice in choices):
            return
        shown = list(zip(("debit", "credit"), totals, strict=True))
        expected = choices[0]
        for i, (name, value) in enumerate(shown):
            if value is not None and value != expected[i]:
                self.problem(
                    name,
                    position,
                    f"{what} {_yuan(value)} ≠ 上方各行合计 {_yuan(expected[i])}"
                    "（合计行与明细不符 the total does not add up）",
                    ProblemKind.CONSISTENCY,
                )
                return


def _matches(totals: list[int | None], sums: list[int]) -> bool:
    """Whether a total row's 借方 and 贷方 (each where shown) equal ``sums``."""
    return all(v is None or v == sums[i] for i, v in enumerate(totals))


def _calendar_sums(account: _Account, last: dt.date | None, months: int) -> list[int]:
    """借方 and 贷方 of the calendar month (``months`` 1) or quarter (3) up to ``last``."""
    if last is None:
        return [0, 0]
    start = last.month - (last.month - 1) % months
    found = [account.months.get((last.year, m), [0, 0]) for m in range(start, last.month + 1)]
    return [sum(f[0] for f in found), sum(f[1] for f in found)]


def _parsed(
    parsed: tuple[np.ndarray, np.ndarray, list[int]],
) -> tuple[np.ndarray, np.ndarray, set[int]]:
    fen, blank, bad = parsed
    return fen, blank, set(bad)


def _yuan(fen: int) -> str:
    return format_money(from_fen(fen))


def _shown(account: _Account) -> str:
    """'KH101 无锡市恒通机电设备有限公司', or the name alone when it is the key."""
    if account.customer_id and account.customer_id != account.name:
        return f"{account.customer_id} {account.name}"
    return account.name


def _rows(positions: list[int], first: int) -> str:
    """'第 7、9、12 行' for body positions (the first 5, then …)."""
    shown = "、".join(str(first + p) for p in positions[:5])
    return f"第 {shown}{'…' if len(positions) > 5 else ''} 行"


def _title_customer(grid: Grid, header: Header) -> tuple[TitleCustomer | None, str]:
    """The customer the title rows above the header name, else the sheet's name; and where
    it was named (for the reading report)."""
    for index, row in enumerate(grid.rows[: header.row]):
        for cell in row:
            found = title_customer(cell)
            if found is not None:  # the sheet's (or the first block's) customer
                return found, f"标题 title 第 {grid.first_row + index} 行"
    name = clean_identifier(grid.sheet or "", code=False)
    return (TitleCustomer("", name) if name else None), SHEET_NAME


def _title_period(grid: Grid, header: Header) -> dt.date | None:
    """The first day of the period the title rows above the header state, if any."""
    for row in grid.rows[: header.row]:
        for cell in row:
            found = period_start(cell)
            if found is not None:
                return found
    return None


def read_statements(
    grids: list[Grid],
    mapping: Mapping[str, str] | None,
    terms: Mapping[str, tuple[int, str, str]],
    default_term: int | None,
    start: dt.date | None = None,
) -> tuple[pd.DataFrame, list[ReadProblem]]:
    """Running statements → (ledger frame of the debits after FIFO, problems).

    ``start`` (--period-start) dates an undated 期初余额 / 上年结转, before the title's 期间.
    """
    accounts: dict[str, _Account] = {}
    problems: list[ReadProblem] = []
    notes: list[str] = []
    reports: list[ReadingReport] = []
    has_codes = False
    for grid in grids:
        table, found = locate(grid, STATEMENT_ALIASES, REQUIRED, LABELS, mapping)
        problems += found
        if table is None:
            continue
        problems += suspect_problems(grid, table.header, "statement")
        has_codes |= table.has("customer_id")
        notes.append(sheet_note(grid, "statement"))
        if table.has("due_date"):
            letter = column_letter(table.header.columns["due_date"])
            notes.append(
                f"到期日取自导出的到期日列 due dates from the export's own column {letter} "
                f"({table.header.labels[table.header.columns['due_date']]}); 空白时按信用期限 "
                "blank ones from the credit term"
            )
        titled = _title_period(grid, table.header)
        period = (start, "--period-start") if start else (titled, "标题 title") if titled else None
        if start and titled and start != titled:
            notes.append(
                f"--period-start {start.isoformat()} 代替标题期间 instead of the title's period "
                f"start {titled.isoformat()} in {grid.file} {grid.sheet or ''}".rstrip()
            )
        customer, named_by = _title_customer(grid, table.header)
        sheet = _Sheet(table, accounts, customer, period, named_by)
        kept = set((table.excel_rows - table.first_body_row).tolist())
        for position in sorted(kept | set(table.marks)):
            kind = table.marks.get(position)
            if kind is None:
                sheet.data_row(position)
            elif kind == "opening":
                sheet.opening_row(position)
            elif kind == "total":
                sheet.total_row(position)
            elif kind == "carried":
                sheet.carried_row(position)
        if (
            not (table.has("customer_id") or table.has("customer_name"))
            and not sheet.sheet_customer
        ):
            problems.append(
                ReadProblem(
                    grid.file,
                    grid.sheet,
                    None,
                    None,
                    None,
                    "no customer: add a 客户 column or a title row 客户：名称（找不到客户）",
                    ProblemKind.MISSING_COLUMN,
                )
            )
        notes += sheet.identifier_notes()
        notes += sheet.skipped_note()
        notes += sheet.sheet_notes()
        problems += table.problems
        reports.append(sheet.report())
    rows, prepaid, more_notes, more_problems = _open_items(accounts, terms, default_term)
    if not has_codes and any(r["customer_id"] == r["customer_name"] for r in rows):
        notes.append(
            "没有客户编码列 no 客户编码 column: 以客户名称作为客户编码 the name is the key"
        )
    problems += more_problems
    if not rows:
        frame = empty_ledger()
    else:
        frame = pd.DataFrame(rows)
        for name in ("invoice_date", "due_date", "paid_date"):
            frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ns]")
        for name in ("amount", "paid_amount"):
            frame[name] = frame[name].astype(np.int64)
    frame.attrs["notes"] = info([*notes, *more_notes])
    frame.attrs["form"] = "statement"
    if reports:  # one per sheet read
        frame.attrs["report"], frame.attrs["reports"] = reports[0], tuple(reports)
    frame.attrs["prepayments"] = prepaid
    return frame, sorted_problems(problems)


def _open_items(
    accounts: dict[str, _Account],
    terms: Mapping[str, tuple[int, str, str]],
    default_term: int | None,
) -> tuple[list[dict[str, object]], dict[str, int], list[str], list[ReadProblem]]:
    """Ledger rows of every debit after FIFO, the unapplied credit (预收) per customer, the
    term used per customer, and a problem for each customer without a term."""
    rows: list[dict[str, object]] = []
    prepaid: dict[str, int] = {}
    notes: list[str] = []
    problems: list[ReadProblem] = []
    for account in accounts.values():
        if account.undated_opening:
            continue  # refused at its row
        result = apply_fifo(
            account.entries, account.opening, account.opening_day, account.opening_label
        )
        term = terms.get(account.customer_id) or terms.get(name_key(account.name))
        if term is None and default_term is not None:
            term = (default_term, "--term", account.customer_id)
        if term is None and all(i.due is not None for i in result.items):
            term = (0, "", account.customer_id)  # every debit has its own 到期日
        if term is None:
            problems.append(
                ReadProblem(
                    account.file,
                    account.sheet,
                    None,
                    None,
                    None,
                    f"{account.name}: 没有信用期限 no credit term to compute 到期日: fill 信用期限 "
                    "in the credit register (--register), or give --term DAYS",
                    ProblemKind.MISSING_COLUMN,
                )
            )
            continue
        days, source, customer_id = term
        if source:
            notes.append(f"{account.name}: 信用期限 {days} 天 term from {source}")
        if result.unapplied:
            prepaid[customer_id] = result.unapplied
            since = result.unapplied_since
            start = f" {since.isoformat()} 起" if since else ""  # an undated 期初 has no start
            notes.append(
                f"{account.name}: 预收 prepayment {_yuan(result.unapplied)}（未核销贷方{start}，"
                "不计入账龄 not aged）"
            )
        for item in result.items:
            rows += _item_rows(item, customer_id, account.name, days)
    return rows, prepaid, notes, problems


def _item_rows(item: Item, customer_id: str, name: str, days: int) -> list[dict[str, object]]:
    """A debit's ledger line; when it is still open and 红字 credit memos settled part of it,
    the line shows only the receipts and each memo is a line of its own (negative, dated on
    its day, due with the debit it settled, so it ages in the same bucket: the aging stays
    first-in-first-out to the fen and a letter lists the memo as 贷项冲减)."""
    due = item.due or item.day + dt.timedelta(days=days)
    split = bool(item.memos) and item.open > 0
    rows: list[dict[str, object]] = [
        {
            "customer_id": customer_id,
            "customer_name": name,
            "invoice_no": item.voucher or item.day.isoformat(),
            "invoice_date": item.day,
            "due_date": due,
            "amount": item.amount,
            "paid_amount": item.received if split else item.applied,
            "paid_date": item.received_on if split else item.settled_on,
            "currency": "CNY",
            "摘要": item.summary,
        }
    ]
    for memo in item.memos if split else ():
        rows.append(
            {
                "customer_id": customer_id,
                "customer_name": name,
                "invoice_no": memo.voucher or memo.day.isoformat(),
                "invoice_date": memo.day,
                "due_date": due,
                "amount": -memo.amount,
                "paid_amount": 0,
                "paid_date": None,
                "currency": "CNY",
                "摘要": memo.summary,
            }
        )
    return rows
