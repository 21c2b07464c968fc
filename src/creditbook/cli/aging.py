"""`creditbook aging` and `creditbook monitor`: AR aging and credit monitoring from the ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from creditbook.cli import _summary as summary
from creditbook.cli._app import app, console, option_date, reports_errors
from creditbook.cli._console import Table
from creditbook.cli._inputs import (
    ledger_options,
    read_books_for,
    read_contacts_for,
    read_groups_for,
    read_orders_for,
    write_reading_report,
)
from creditbook.cli._summary import paged
from creditbook.core.policy import Policy, resolve_policy
from creditbook.files import check_output
from creditbook.usertext import console_text
from creditbook.workbooks.export import ResultTable, write_table

if TYPE_CHECKING:
    from creditbook.core.monitoring import GroupReview
    from creditbook.inputs.books import Books
    from creditbook.inputs.options import ReadOptions

LEVEL_STYLES = {"严重": "bold red", "预警": "dark_orange", "关注": "yellow"}

LedgerArgument = typer.Argument(..., help="应收账款台账 AR ledger (.xlsx or .csv)")
AsOfOption = typer.Option(None, "--as-of", help="截止日期 as-of date; default today")
PolicyOption = typer.Option(None, help="信用政策 preset (abc/abcd/aaa) or TOML file")
OutOption = typer.Option(None, help="write the table to FILE.csv or FILE.xlsx")
ForceOption = typer.Option(False, "--force", help="overwrite an existing output file")
GroupsOption = typer.Option(
    None,
    "--groups",
    help="集团额度表 group limits (集团名称, 集团额度); default 信用档案的「集团」工作表",
)
AllOption = typer.Option(
    False, "--all", help="with --out, also print every customer（默认只显示摘要 summary）"
)


def _policy(spec: str | None) -> Policy:
    """--policy as every command takes it: a preset, a TOML file or a 政策 table."""
    from creditbook.cli.policy import policy_from_spec

    return policy_from_spec(spec) if spec else resolve_policy(None)


class View(StrEnum):
    due = "due"
    invoice = "invoice"


def _inputs(
    ledger: Path,
    register: Path | None,
    as_of: str | None,
    out: Path | None,
    force: bool,
    options: ReadOptions | None,
    policy: Policy,
) -> tuple[dt.date, Books]:
    """The as-of date, ledger and register, after refusing an existing --out up front."""
    if out is not None:
        check_output(out, force)
    day = option_date(as_of)
    return day, read_books_for(ledger, register, options, policy, as_of=day)


def _show(
    table: ResultTable,
    out: Path | None,
    force: bool,
    show_all: bool,
    full: Callable[[ResultTable], None],
    summary: Callable[[ResultTable], None],
    books: Books,
) -> None:
    """Every customer on screen (paged) without --out or with --all; else a summary. With
    --out the reading report is written beside the table."""
    if out is None or show_all:
        with paged(console):
            full(table)
    if out is not None:
        write_table(table, out, force)
        write_reading_report(books, out)
        if not show_all:
            summary(table)
        console.print(f"已写出 written: {console_text(out)}（{len(table.rows):,} 户 customers）")


@app.command("aging")
@reports_errors
@ledger_options
def aging_command(
    ledger: Path = LedgerArgument,
    register: Path | None = typer.Option(None, help="客户信用档案 credit register (额度、使用率)"),
    as_of: str | None = AsOfOption,
    view: View = typer.Option(View.due, help="due = 按到期日 (管理), invoice = 按单据日期 (会计)"),
    policy: str | None = PolicyOption,
    out: Path | None = OutOption,
    force: bool = ForceOption,
    show_all: bool = AllOption,
    read_options: ReadOptions | None = None,
) -> None:
    """账龄分析 AR aging per customer as of a date, with a totals row."""
    from creditbook.core.receivables import age
    from creditbook.workbooks.reports import aging_table

    rules = _policy(policy)
    day, books = _inputs(ledger, register, as_of, out, force, read_options, rules)
    result = age(books.ledger, day, rules, view=view.value)
    groups = read_groups_for(register, None, read_options, books) if register is not None else []
    table = aging_table(result, books.register, groups)
    short = lambda t: print_aging_summary(t, rules)  # noqa: E731
    _show(table, out, force, show_all, print_table, short, books)


@app.command("monitor")
@reports_errors
@ledger_options
def monitor_command(
    ledger: Path = LedgerArgument,
    register: Path = typer.Option(..., help="客户信用档案 credit register (.xlsx or .csv)"),
    as_of: str | None = AsOfOption,
    orders: Path | None = typer.Option(
        None, help="未发货订单 open orders (客户编码, 金额), added to the exposure"
    ),
    contacts: Path | None = typer.Option(
        None,
        "--contacts",
        help="客户联系与催收记录 contact log: 违约承诺与超期争议计入预警信号",
    ),
    groups: Path | None = GroupsOption,
    policy: str | None = PolicyOption,
    out: Path | None = OutOption,
    force: bool = ForceOption,
    show_all: bool = AllOption,
    read_options: ReadOptions | None = None,
) -> None:
    """信用监控 warnings, adjustment advice and dunning stage per customer, and per group."""
    from creditbook.core.monitoring import review_customers, review_groups
    from creditbook.workbooks.reports import monitor_table

    rules = _policy(policy)
    day, books = _inputs(ledger, register, as_of, out, force, read_options, rules)
    open_orders = read_orders_for(orders, read_options) if orders else None
    contact_log = read_contacts_for(contacts, read_options, books.register) if contacts else None
    reviews = review_customers(books.ledger, books.register, day, rules, open_orders, contact_log)
    found = review_groups(reviews, read_groups_for(register, groups, read_options, books), rules)
    table = monitor_table(reviews, day, found)
    short = lambda t: print_monitor_summary(t, rules)  # noqa: E731
    _show(table, out, force, show_all, print_monitor, short, books)
    _show_groups(found, day, out, force)


def _show_groups(
    found: tuple[GroupReview, ...], day: dt.date, out: Path | None, force: bool
) -> None:
    """The group rows, when the register names any group: on screen, and beside --out as
    FILE_集团.xlsx/.csv."""
    from creditbook.workbooks.reports import group_table

    if not found:
        return
    table = group_table(found, day)
    print_table(table)
    if out is not None:
        beside = out.with_name(f"{out.stem}_集团{out.suffix}")
        write_table(table, beside, force)
        console.print(
            f"已写出 written: {console_text(beside)}（{len(table.rows):,} 个集团 groups）"
        )


def print_table(table: ResultTable) -> None:
    grid = Table(title=table.title, show_lines=False)
    for column in table.columns:
        grid.add_column(column.header, justify="left" if column.kind == "text" else "right")
    for row in table.rows:
        grid.add_row(*(summary.cell(v) for v in row))
    if table.total:
        grid.add_section()
        grid.add_row(*(summary.cell(v) for v in table.total), style="bold")
    console.print(grid)


_MONITOR_SHOWN = (
    "客户编码",
    "客户名称",
    "信用等级",
    "应收余额",
    "最长逾期天数",
    "信用敞口",
    "额度使用率",
    "付款准时率",
    "预警级别",
    "预警信号",
    "等级调整",
    "额度调整",
    "期限调整",
    "催收阶段",
)

# letter amount + 争议金额 + 承诺暂缓金额 = 逾期金额, checkable on screen
_CONVERSATION_SHOWN = ("逾期金额", "争议金额", "承诺暂缓金额")


def print_monitor(table: ResultTable) -> None:
    """The key columns on screen; the export has them all. With a contact log that holds or
    disputes anything, the overdue, disputed and held amounts are shown too; with a group
    over its limit (or its watch share), its members' 集团预警."""
    headers = [c.header for c in table.columns]
    shown: tuple[str, ...] = _MONITOR_SHOWN
    parts = [headers.index(h) for h in _CONVERSATION_SHOWN[1:] if h in headers]
    if any(row[i] for row in table.rows for i in parts):
        shown = (*_MONITOR_SHOWN, *_CONVERSATION_SHOWN)
    if "集团预警" in headers and any(row[headers.index("集团预警")] for row in table.rows):
        shown = (*shown, "集团预警")  # a member of a group over its limit says so
    positions = [i for i, c in enumerate(table.columns) if c.header in shown]
    grid = Table(title=table.title, show_lines=True)
    for i in positions:
        column = table.columns[i]
        grid.add_column(column.header, justify="left" if column.kind == "text" else "right")
    level_at = [c.header for c in table.columns].index("预警级别")
    for row in table.rows:
        grid.add_row(
            *(summary.cell(row[i]) for i in positions), style=LEVEL_STYLES.get(str(row[level_at]))
        )
    console.print(grid)


def print_aging_summary(table: ResultTable, policy: Policy) -> None:
    """Totals by bucket, the largest overdue customers, customers per dunning stage."""
    from creditbook.core.collections import dunning_stage

    console.print(table.title)
    console.print(summary.bucket_totals(table))
    shown = ("客户编码", "客户名称", "逾期合计", "最长逾期天数", "合计")
    console.print(summary.largest_overdue(table, "逾期合计", shown))
    minimum = policy.monitoring.min_overdue_amount  # below 起催金额: no stage, as in monitor
    stages = [
        dunning_stage(days or 0, policy) if (overdue or 0) >= minimum else None
        for days, overdue in zip(
            summary.whole_numbers(table, "最长逾期天数"),
            summary.amounts(table, "逾期合计"),
            strict=True,
        )
    ]
    console.print(
        summary.counts(
            "催收阶段 dunning stage",
            [s.stage if s else summary.NOT_OVERDUE for s in stages],
            (*(s.stage for s in policy.dunning), summary.NOT_OVERDUE),
        )
    )


def print_monitor_summary(table: ResultTable, policy: Policy) -> None:
    """Totals, the largest overdue customers, customers per warning level and dunning stage."""
    console.print(table.title)
    console.print(summary.sums(table, ("应收余额", "逾期金额", "信用敞口")))
    shown = ("客户编码", "客户名称", "信用等级", "逾期金额", "最长逾期天数", "预警级别", "催收阶段")
    console.print(summary.largest_overdue(table, "逾期金额", shown))
    console.print(
        summary.counts(
            "预警级别 warning level",
            [v or summary.NO_WARNING for v in summary.column(table, "预警级别")],  # type: ignore[misc]
            (*summary.LEVELS, summary.NO_WARNING),
        )
    )
    console.print(
        summary.counts(
            "催收阶段 dunning stage",
            [v or summary.NOT_OVERDUE for v in summary.column(table, "催收阶段")],  # type: ignore[misc]
            (*(s.stage for s in policy.dunning), summary.NOT_OVERDUE),
        )
    )


@app.command("inspect")
@reports_errors
@ledger_options
def inspect_command(
    ledger: Path = LedgerArgument,
    register: Path | None = typer.Option(None, "--register", help="客户信用档案 credit register"),
    as_of: str | None = typer.Option(
        None, "--as-of", help="截止日期: 列出此日之后的单据 list documents dated after it"
    ),
    read_options: ReadOptions | None = None,
) -> None:
    """读取报告 what creditbook reads from a ledger (and register), without aging anything:
    each field ← column, the columns not used, rows read and skipped, totals."""
    from dataclasses import replace

    from rich.text import Text

    from creditbook.cli._inputs import reporting, with_settings
    from creditbook.inputs.books import read_books
    from creditbook.inputs.options import ReadOptions

    day = option_date(as_of) if as_of else None
    options = replace(with_settings(read_options or ReadOptions(), None), as_of=day)
    books = reporting(lambda: read_books(ledger, register, options))
    for report in books.reports:
        for line in report.lines():
            console.print(Text(line), highlight=False, soft_wrap=True)
    shown = {line for report in books.reports for line in report.lines()}
    for note in books.notes:
        line = str(note)
        if not line.startswith(("读取 read:", "跳过非数据行")) and line not in shown:
            console.print(Text(line, style="dim"), highlight=False, soft_wrap=True)
