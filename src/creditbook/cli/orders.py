"""`creditbook check-order`: may this order ship on credit? 通过 (exit 0) or each reason (3)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from creditbook.cli._app import app, console, option_date, reports_errors
from creditbook.cli._inputs import (
    ledger_options,
    read_books_for,
    read_groups_for,
    read_orders_for,
)
from creditbook.core.errors import InvalidValue
from creditbook.core.money import format_money
from creditbook.usertext import console_text

if TYPE_CHECKING:
    from decimal import Decimal

    from creditbook.inputs.options import ReadOptions

BLOCKED = 3


def _order_amount(typed: str) -> Decimal:
    """--amount as the help promises it: 50000, 5万, ¥50,000.00 → yuan to the fen."""
    from creditbook.inputs.evaluation_cells import parse_amount

    try:
        found = parse_amount(typed)
    except ValueError as error:
        raise InvalidValue(f"--amount {typed!r}: {error}") from None
    if found is None:
        raise InvalidValue(f"--amount {typed!r}: 订单金额为空 no amount")
    return found


@app.command("check-order")
@reports_errors
@ledger_options
def check_order_command(
    register: Path = typer.Option(..., "--register", help="客户信用档案 credit register"),
    ledger: Path = typer.Option(..., "--ledger", help="应收账款台账 AR ledger"),
    customer: str = typer.Option(..., "--customer", help="客户编码 customer code"),
    amount: str = typer.Option(..., "--amount", help="订单金额 order amount (元, 如 50000 或 5万)"),
    orders: Path | None = typer.Option(
        None, "--orders", help="未发货订单 open orders, added to the exposure"
    ),
    groups: Path | None = typer.Option(
        None, "--groups", help="集团额度表; default 信用档案的「集团」工作表"
    ),
    date: str | None = typer.Option(None, "--date", help="校验日期 date; default today"),
    policy: str | None = typer.Option(None, help="信用政策 preset (abc/abcd/aaa) or TOML file"),
    read_options: ReadOptions | None = None,
) -> None:
    """订单信用校验：通过 exit 0；拦截 exit 3 with each reason (超出信用额度 / 超出集团额度 /
    临时额度已到期 / 逾期超过 N 天 / 现款客户 / 信用状态暂停或停止 / 等级不在政策中)
    and the amounts behind it."""
    from creditbook.cli.policy import policy_from_spec
    from creditbook.core.monitoring import check_customer_order, review_customers, review_groups
    from creditbook.core.policy import resolve_policy

    rules = policy_from_spec(policy) if policy else resolve_policy(None)
    day = option_date(date, "--date")
    order = _order_amount(amount)
    if order <= 0:
        raise InvalidValue(f"--amount {amount!r}: 订单金额须大于 0 must be positive")
    books = read_books_for(ledger, register, read_options, rules)
    open_orders = read_orders_for(orders, read_options) if orders else None
    reviews = review_customers(books.ledger, books.register, day, rules, open_orders)
    review = next((r for r in reviews if r.customer_id == customer.strip()), None)
    if review is None:
        raise InvalidValue(f"--customer {customer!r}: 台账和信用档案中都没有这个客户编码")
    found = review_groups(reviews, read_groups_for(register, groups, read_options, books), rules)
    result = check_customer_order(review, found, order, rules)
    name = console_text(review.customer_name)
    limit = "未核定" if review.limit is None else format_money(review.limit)
    console.print(
        f"{console_text(review.customer_id)} {name}（截至 {day.isoformat()}）：订单金额 "
        f"{format_money(order)}；信用额度 {limit}，信用敞口 {format_money(review.exposure)}，"
        f"可用额度 {format_money(result.available)}",
        highlight=False,
    )
    group = next((g for g in found if review.customer_id in g.position.members), None)
    position = group.position if group is not None else None
    ceiling = position.group.limit if position is not None else None
    left = position.available if position is not None else None
    if position is not None and ceiling is not None and left is not None:
        console.print(
            f"集团 {console_text(position.group.label)}：集团额度 "
            f"{format_money(ceiling)}，集团敞口 "
            f"{format_money(position.exposure)}，集团可用额度 {format_money(left)}",
            highlight=False,
        )
    if result.passed:
        console.print("[bold green]通过[/] passed")
        return
    console.print("[bold red]拦截[/] blocked:")
    for reason in result.reasons:
        console.print(f"  - {console_text(reason)}", highlight=False, markup=False)
    raise typer.Exit(BLOCKED)
