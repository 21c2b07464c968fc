"""`creditbook worklist`: 催收工作清单, the day's collection work per collector."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from creditbook.cli._app import app, console, option_date, reports_errors
from creditbook.cli._inputs import (
    ledger_options,
    read_books_for,
    read_contacts_for,
)
from creditbook.files import check_output
from creditbook.usertext import console_text

if TYPE_CHECKING:
    from creditbook.inputs.options import ReadOptions


@app.command("worklist")
@reports_errors
@ledger_options
def worklist_command(
    ledger: Path = typer.Argument(..., help="应收账款台账 AR ledger (.xlsx or .csv)"),
    contacts: Path = typer.Option(
        ..., "--contacts", help="客户联系与催收记录 contact log (.xlsx or .csv)"
    ),
    register: Path | None = typer.Option(
        None, "--register", help="客户信用档案 credit register (经办人/业务员 column)"
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="截止日期 as-of date; default today"),
    out: Path | None = typer.Option(
        None, "--out", help="写出 FILE.xlsx: 每位经办人一个工作表 one sheet per collector"
    ),
    policy: str | None = typer.Option(
        None, "--policy", help="信用政策 preset (abc/abcd/aaa) or TOML file"
    ),
    force: bool = typer.Option(False, "--force", help="覆盖已有文件 overwrite an existing file"),
    read_options: ReadOptions | None = None,
) -> None:
    """催收工作清单: per collector, the customers to act on today (overdue, promise due or
    broken, follow-up date reached, dispute too old), ranked by amount × days overdue."""
    from creditbook.cli.aging import _policy
    from creditbook.core.promises import unmatched_disputes
    from creditbook.core.worklist import day_worklist
    from creditbook.workbooks.export import write_tables
    from creditbook.workbooks.reports import worklist_tables

    if out is not None:
        check_output(out, force)
    rules = _policy(policy)
    day = option_date(as_of)
    books = read_books_for(ledger, register, read_options, rules, as_of=day)
    log = read_contacts_for(contacts, read_options, books.register)
    items = day_worklist(books.ledger, books.register, log, day, rules)
    for text in unmatched_disputes(log, books.ledger, day):
        console.print(f"[bold yellow]注意 notice[/] {console_text(text)}", highlight=False)
    _print(items, day)
    if out is not None:
        written = write_tables(worklist_tables(items, day), out, force)
        console.print(f"已写出 written: {console_text(written)}（{len(items)} 户 customers）")


def _print(items, day) -> None:
    from creditbook.core.worklist import summary_line

    console.print(f"催收工作清单 collection worklist {day.isoformat()}: {len(items)} 户 customers")
    current = None
    for item in items:
        if item.collector != current:
            current = item.collector
            count = sum(1 for i in items if i.collector == current)
            console.print(f"[bold]{console_text(current)}[/]（{count} 户）", highlight=False)
        console.print(f"  {console_text(summary_line(item))}", highlight=False)
