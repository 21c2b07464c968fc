"""What `aging` and `monitor` print when the full table went to a file: a one-screen summary."""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import cast

from rich.console import Console
from rich.text import Text

from creditbook.cli._console import Table
from creditbook.portable import is_windows
from creditbook.usertext import console_cell
from creditbook.workbooks.export import ResultTable, display

TOP = 20
NOT_OVERDUE = "未逾期"
NO_WARNING = "无预警"
LEVELS = ("严重", "预警", "关注")


def cell(value: object) -> Text:
    """A value as table text: customer data is never read as rich markup ([/bold] is text)."""
    return console_cell(display(value))


def column(table: ResultTable, header: str) -> list[object]:
    at = [c.header for c in table.columns].index(header)
    return [row[at] for row in table.rows]


def amounts(table: ResultTable, header: str) -> list[Decimal | None]:
    """A money column: Decimal cells, None where blank (a ResultTable row is untyped)."""
    return cast("list[Decimal | None]", column(table, header))


def whole_numbers(table: ResultTable, header: str) -> list[int | None]:
    """A whole-number column (days, counts): int cells, None where blank."""
    return cast("list[int | None]", column(table, header))


def bucket_totals(table: ResultTable) -> Table:
    """账龄区间合计: each bucket's amount and its share of the total (the 合计 row)."""
    headers = [c.header for c in table.columns]
    total = table.total or ()
    grand = total[headers.index("合计")] if total else Decimal(0)
    grid = Table(title="各账龄区间合计 totals by bucket", title_justify="left")
    for name, justify in (("账龄区间", "left"), ("金额（元）", "right"), ("占比", "right")):
        grid.add_column(name, justify=justify)
    for i in range(2, headers.index("合计")):
        amount = total[i]
        share = float(amount / grand) if grand else 0.0  # type: ignore[operator]
        grid.add_row(headers[i], display(amount), f"{share:.1%}")
    grid.add_section()
    grid.add_row("合计", display(grand), "100.0%" if grand else "—", style="bold")
    return grid


def sums(table: ResultTable, headers: Sequence[str]) -> Table:
    """客户数 and the sum of each money column named (a table without a 合计 row)."""
    grid = Table(title="合计 totals", title_justify="left")
    grid.add_column("项目")
    grid.add_column("合计", justify="right")
    grid.add_row("客户数", f"{len(table.rows):,}")
    for header in headers:
        values = amounts(table, header)
        grid.add_row(header, display(sum((v for v in values if v is not None), Decimal(0))))
    return grid


def largest_overdue(table: ResultTable, overdue: str, shown: Sequence[str]) -> Table:
    """The TOP customers with the largest overdue amount, largest first."""
    headers = [c.header for c in table.columns]
    at, days = headers.index(overdue), headers.index("最长逾期天数")
    positions = [headers.index(h) for h in shown]
    rows = sorted(
        (r for r in table.rows if r[at]),
        key=lambda r: (-r[at], -(r[days] or 0), str(r[0])),  # type: ignore[operator]
    )
    count = len(rows)
    grid = Table(
        title=f"逾期金额最大的 {min(TOP, count)} 户 largest overdue（共 {count:,} 户逾期）",
        title_justify="left",
    )
    for i in positions:
        grid.add_column(headers[i], justify="left" if table.columns[i].kind == "text" else "right")
    for row in rows[:TOP]:
        grid.add_row(*(cell(row[i]) for i in positions))
    return grid


def counts(header: str, values: Sequence[str], order: Sequence[str]) -> Table:
    """How many customers per value, in the given order (others after, most first)."""
    found = Counter(values)
    grid = Table()
    grid.add_column(header)
    grid.add_column("客户数 customers", justify="right")
    rest = sorted((v for v in found if v not in order), key=lambda v: (-found[v], v))
    for value in (*order, *rest):
        grid.add_row(value, f"{found.get(value, 0):,}")
    return grid


@contextlib.contextmanager
def paged(console: Console) -> Iterator[None]:
    """Page the output through `less` when it goes to a terminal; print it plainly otherwise.

    Windows' pager is ``more``, which takes the text through a pipe in the console's code page
    (no ¥, rich's colours as raw codes): there the console's own scrollback serves instead."""
    if not console.is_terminal or is_windows():
        yield
        return
    os.environ.setdefault("LESS", "-R -F -X")  # colours; quit at once when it fits the screen
    with console.pager(styles=True):
        yield
