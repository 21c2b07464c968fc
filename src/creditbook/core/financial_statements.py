"""Read a financial statement from rows of (科目, 期末[, 期初]) by recognising standard line items.

A balance sheet or income statement pasted into a workbook has many lines; the ones the
ratios need are found by name (Chinese standard items and English aliases, ignoring
numbering such as "一、", prefixes such as "减：" and spaces). The third column is the prior
period: opening balances for balance-sheet lines, last year's figures for income lines.
Unrecognised lines are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from creditbook.core.errors import InvalidValue, MissingValue
from creditbook.core.models import Statement
from creditbook.core.money import format_money

# Statement field → accepted line-item names (compared after normalisation).
LINE_ITEMS: dict[str, tuple[str, ...]] = {
    "total_assets": ("资产总计", "资产合计", "资产总额", "总资产", "total assets", "assets"),
    "total_liabilities": (
        "负债合计",
        "负债总计",
        "负债总额",
        "总负债",
        "total liabilities",
        "liabilities",
    ),
    "current_assets": ("流动资产合计", "流动资产", "total current assets", "current assets"),
    "current_liabilities": (
        "流动负债合计",
        "流动负债",
        "total current liabilities",
        "current liabilities",
    ),
    "inventory": ("存货", "inventory", "inventories"),
    "receivables": (
        "应收账款",
        "应收账款净额",
        "应收票据及应收账款",
        "accounts receivable",
        "trade receivables",
        "receivables",
    ),
    "notes_receivable": ("应收票据", "notes receivable", "bills receivable"),
    "revenue": (
        "营业收入",
        "营业总收入",
        "主营业务收入",
        "销售收入",
        "revenue",
        "sales",
        "operating revenue",
        "total revenue",
    ),
    "cost_of_sales": (
        "营业成本",
        "主营业务成本",
        "销售成本",
        "cost of sales",
        "cost of goods sold",
        "cogs",
    ),
    "net_profit": ("净利润", "净利润(亏损)", "net profit", "net income"),
    "equity": (
        "所有者权益合计",
        "股东权益合计",
        "所有者权益(或股东权益)合计",
        "净资产",
        "所有者权益",
        "股东权益",
        "total equity",
        "equity",
        "shareholders' equity",
        "net worth",
    ),
}
# Lines that together make 其他非速动资产 (summed): prepayments and the like.
NON_QUICK_ITEMS = (
    "其他非速动资产",
    "预付款项",
    "预付账款",
    "一年内到期的非流动资产",
    "其他流动资产",
    "other non-quick assets",
    "prepayments",
    "prepaid expenses",
    "other current assets",
)

_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\(?\d+\)?[、.]?|其中[:：]|减[:：]|加[:：])+"
)


def normalise_item(label: Any) -> str:
    """'一、营业收入' → '营业收入'; '减：营业成本' → '营业成本'; 'Total Assets' → 'total assets'."""
    text = unicodedata.normalize("NFKC", str(label)).strip().casefold()
    text = re.sub(r"\([^()]*\)$", "", _PREFIX.sub("", text)).strip()
    return re.sub(r"\s+", " " if text.isascii() else "", text)


_FIELD_OF = {normalise_item(name): field for field, names in LINE_ITEMS.items() for name in names}
_NON_QUICK = {normalise_item(name) for name in NON_QUICK_ITEMS}


def line_item(label: Any) -> str | None:
    """The Statement field a line-item label stands for, 'other_non_quick', or None."""
    key = normalise_item(label)
    if key in _NON_QUICK:
        return "other_non_quick"
    return _FIELD_OF.get(key)


def _is_header(row: Sequence[Any]) -> bool:
    return any(isinstance(cell, str) and cell.strip() for cell in row[1:3])


def statements_from_rows(
    rows: Iterable[Sequence[Any]], period: str = "本期"
) -> tuple[Statement, Statement | None]:
    """(current, previous) from rows of (科目, 期末[, 期初]) whose amounts are numbers.

    A first row with text in the amount columns is a header and skipped. Amount cells
    must already be numbers (Decimal/int/float) or None; text there raises InvalidValue
    naming the row. ``previous`` is None when no row has a third-column figure.
    """
    current: dict[str, Decimal] = {}
    previous: dict[str, Decimal] = {}
    recognised = 0
    for number, row in enumerate(rows, 1):
        row = list(row) + [None] * (3 - len(row))
        if row[0] is None or (number == 1 and _is_header(row)):
            continue
        field = line_item(row[0])
        if field is None:
            continue
        recognised += 1
        for column, target in ((1, current), (2, previous)):
            amount = row[column]
            if amount is None:
                continue
            if isinstance(amount, bool) or not isinstance(amount, (int, float, Decimal)):
                raise InvalidValue(
                    f"第{number}行「{row[0]}」: 金额不是数字 not a number: {amount!r}"
                )
            amount = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
            if field == "other_non_quick":
                target[field] = target.get(field, Decimal(0)) + amount
            else:
                target.setdefault(field, amount)  # the first occurrence wins
    if not recognised:
        raise MissingValue(
            "未找到可识别的报表科目 no known statement line items (资产总计, 营业收入…)"
        )
    prior = Statement(period="上期", **previous) if previous else None
    return Statement(period=period, **current), prior


# ── Plausibility: figures that would put a wrong limit on the form ──────────────────────

BALANCE_TOLERANCE = Decimal("0.01")  # 1% of 资产总计: rounding in 万元 statements, not typos
UNIT_ORDERS = Decimal(1000)  # three orders of magnitude apart: a 元/千元/万元 slip, not a business


def balance_gap(statement: Statement) -> Decimal | None:
    """资产总计 − (负债合计 + 所有者权益合计) when the balance sheet does not balance within
    1% of 资产总计 (at least 1 元); None when it balances or a figure is missing.

    A sheet that does not balance has a wrong figure somewhere (equity typed 100 × too large
    raises every equity-based figure); which one cannot be told, so it is not used.
    """
    assets, liabilities, equity = (
        statement.total_assets,
        statement.total_liabilities,
        statement.equity,
    )
    if assets is None or liabilities is None or equity is None:
        return None
    gap = assets - (liabilities + equity)
    allowed = max(Decimal(1), abs(assets) * BALANCE_TOLERANCE)
    return gap if abs(gap) > allowed else None


def insolvent(statement: Statement) -> bool:
    """资不抵债: 所有者权益合计 below zero (liabilities exceed assets)."""
    return statement.equity is not None and statement.equity < 0


def unit_doubts(
    statement: Statement,
    registered_capital: Decimal | None = None,
    annual_invoicing: Decimal | None = None,
) -> tuple[str, ...]:
    """Why the statement's amounts may be in the wrong unit (元 figures under a 万元 header
    or the reverse): 资产总计 three orders of magnitude or more from 注册资本, or
    营业收入 a thousandth or less of what we invoiced the customer in a year (its sales
    cannot be smaller than its purchases from us by that much). Empty when nothing is odd."""
    doubts = []
    assets, revenue = statement.total_assets, statement.revenue
    if assets and assets > 0 and registered_capital and registered_capital > 0:
        ratio = assets / registered_capital
        if ratio >= UNIT_ORDERS or ratio <= 1 / UNIT_ORDERS:
            doubts.append(
                f"资产总计 {format_money(assets)} 元是注册资本 {format_money(registered_capital)}"
                f" 元的 {_times(ratio)} 倍，请核对财务报表的金额单位（元/千元/万元）"
            )
    invoiced = annual_invoicing if annual_invoicing and annual_invoicing > 0 else None
    if revenue is not None and invoiced is not None and revenue * UNIT_ORDERS <= invoiced:
        doubts.append(
            f"营业收入 {format_money(revenue)} 元不到本公司近 12 个月对其开票额"
            f" {format_money(invoiced)} 元的千分之一，请核对财务报表的金额单位"
        )
    return tuple(doubts)


def _times(ratio: Decimal) -> str:
    return f"{ratio:,.0f}" if ratio >= 1 else f"{ratio:.6f}".rstrip("0")
