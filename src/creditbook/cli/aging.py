"""`creditbook aging` and `creditbook monitor`: AR aging and credit monitoring from the ledger."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from creditbook.cli._app import app, console, option_date, reports_errors
from creditbook.cli._inputs import ledger_options, read_books_for, read_orders_for
from creditbook.core.policy import resolve_policy
from creditbook.files import check_output
from creditbook.workbooks.export import ResultTable, display, write_table

if TYPE_CHECKING:
    import pandas as pd

    from creditbook.inputs.options import ReadOptions

LEVEL_STYLES = {"严重": "bold red", "预警": "dark_orange", "关注": "yellow"}

LedgerArgument = typer.Argument(..., help="应收账款台账 AR ledger (.xlsx or .csv)")
AsOfOption = typer.Option(None, "--as-of", help="截止日期 as-of date; default today")
PolicyOption = typer.Option(None, help="信用政策 preset (abc/abcd/aaa) or TOML file")
OutOption = typer.Option(None, help="write the table to FILE.csv or FILE.xlsx")
ForceOption = typer.Option(False, "--force", help="overwrite an existing output file")


class View(StrEnum):
    due = "due"
    invoice = "invoice"


def _inputs(
    ledger: Path,
    register: Path | None,
    as_of: str | None,
    out: Path | None,
    force: bool,
    options: ReadOptions,
    policy: str | None,
) -> tuple[dt.date, pd.DataFrame, pd.DataFrame | None]:
    """The as-of date, ledger and register, after refusing an existing --out up front."""
    if out is not None:
        check_output(out, force)
    day = option_date(as_of)
    books = read_books_for(ledger, register, options, policy)
    return day, books.ledger, books.register


def _write(table: ResultTable, out: Path | None, force: bool) -> None:
    if out is not None:
        write_table(table, out, force)
        console.print(f"已写出 written: {out}")


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
    read_options: ReadOptions | None = None,
) -> None:
    """账龄分析 AR aging per customer as of a date, with a totals row."""
    from creditbook.core.receivables import age
    from creditbook.workbooks.reports import aging_table

    day, frame, register_frame = _inputs(ledger, register, as_of, out, force, read_options, policy)
    result = age(frame, day, resolve_policy(policy), view=view.value)
    table = aging_table(result, register_frame)
    print_table(table)
    _write(table, out, force)


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
    policy: str | None = PolicyOption,
    out: Path | None = OutOption,
    force: bool = ForceOption,
    read_options: ReadOptions | None = None,
) -> None:
    """信用监控 warnings, adjustment advice and dunning stage per customer."""
    from creditbook.core.monitoring import review_customers
    from creditbook.workbooks.reports import monitor_table

    day, frame, register_frame = _inputs(ledger, register, as_of, out, force, read_options, policy)
    open_orders = read_orders_for(orders, read_options) if orders else None
    reviews = review_customers(frame, register_frame, day, resolve_policy(policy), open_orders)
    table = monitor_table(reviews, day)
    print_monitor(table)
    _write(table, out, force)


def print_table(table: ResultTable) -> None:
    grid = Table(title=table.title, show_lines=False)
    for column in table.columns:
        grid.add_column(column.header, justify="left" if column.kind == "text" else "right")
    for row in table.rows:
        grid.add_row(*(display(v) for v in row))
    if table.total:
        grid.add_section()
        grid.add_row(*(display(v) for v in table.total), style="bold")
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


def print_monitor(table: ResultTable) -> None:
    """The key columns on screen; the export has them all."""
    positions = [i for i, c in enumerate(table.columns) if c.header in _MONITOR_SHOWN]
    grid = Table(title=table.title, show_lines=True)
    for i in positions:
        column = table.columns[i]
        grid.add_column(column.header, justify="left" if column.kind == "text" else "right")
    level_at = [c.header for c in table.columns].index("预警级别")
    for row in table.rows:
        grid.add_row(*(display(row[i]) for i in positions), style=LEVEL_STYLES.get(row[level_at]))
    console.print(grid)
