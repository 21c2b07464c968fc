"""Financial ratios (财务指标), scalar or vectorised over pandas Series, per DESIGN.md.

Every ratio accepts numbers (Decimal, int, float) and returns a float, computed in Decimal
from the amounts (floats read to Excel's 15 significant digits), raising the core's errors:
a missing input → MissingValue, a zero denominator → ZeroDenominator, a value that cannot
occur (negative total assets, negative inventory …) → ImpossibleValue.
Given pandas Series (or numpy arrays) instead, it computes every row at once and returns a
Series in which the rows that would raise are NaN. ``ratio.exact(...)`` returns the
Decimal itself: ``ratios_from_statement`` gives those, so that a debt ratio of exactly 40%
is compared with a 40% band edge as 0.4, not 0.39999999999999997.

Turnover days use a day basis (default 360) and the average of the opening and closing
balance when an opening balance is given (per row: a NaN opening balance means "not given").
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd

from creditbook.core.errors import (
    CreditbookError,
    ImpossibleValue,
    InvalidValue,
    MissingValue,
    ZeroDenominator,
)
from creditbook.core.models import Statement
from creditbook.core.money import to_decimal

DAY_BASIS = 360
Rule = Literal["any", "non_negative"]
Number = Decimal | float | int

# Canonical names (policy.INDICATOR_ALIASES) of the ratios a statement yields.
DEBT_RATIO = "资产负债率"
CURRENT_RATIO = "流动比率"
QUICK_RATIO = "速动比率"
DSO = "应收账款周转天数"
DIO = "存货周转天数"
NET_MARGIN = "销售净利率"
ROE = "净资产收益率"
SALES_GROWTH = "销售增长率"


@dataclass(frozen=True)
class _Input:
    value: Any
    label: str
    rule: Rule = "any"
    optional: bool = False


def _is_vector(value: Any) -> bool:
    return isinstance(value, (pd.Series, np.ndarray))


def _scalar(item: _Input) -> Decimal | None:
    value = item.value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        if item.optional:
            return None
        raise MissingValue(f"缺少{item.label}")
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, np.number)):
        raise InvalidValue(f"{item.label}不是数字 not a number: {value!r}")
    number = float(value)
    if math.isnan(number):
        if item.optional:
            return None
        raise MissingValue(f"缺少{item.label}")
    if not math.isfinite(number):
        raise ImpossibleValue(f"{item.label}为无穷大 infinite")
    if item.rule == "non_negative" and number < 0:
        raise ImpossibleValue(f"{item.label}不能为负 cannot be negative: {value}")
    return value if isinstance(value, Decimal) else to_decimal(number)


def _array(item: _Input, length: int) -> np.ndarray:
    value = item.value
    if value is None:
        return np.full(length, np.nan)
    if _is_vector(value):
        return pd.to_numeric(pd.Series(np.asarray(value)), errors="coerce").to_numpy(float)
    return np.full(length, float(value))


def _compute(
    formula: Callable[..., tuple[Any, Any]],
    denominator_label: str,
    **inputs: _Input,
) -> Any:
    """Run ``formula`` (→ numerator, denominator) on scalars, or on arrays row by row."""
    vectors = [i.value for i in inputs.values() if _is_vector(i.value)]
    if not vectors:
        values = {name: _scalar(item) for name, item in inputs.items()}
        numerator, denominator = formula(**values)
        if denominator == 0:
            raise ZeroDenominator(f"{denominator_label}为零 is zero")
        return numerator / denominator
    index = next((v.index for v in vectors if isinstance(v, pd.Series)), None)
    length = len(vectors[0])
    arrays = {name: _array(item, length) for name, item in inputs.items()}
    valid = np.ones(length, dtype=bool)
    for name, item in inputs.items():
        column = arrays[name]
        if not item.optional:
            valid &= ~np.isnan(column)
        if item.rule != "any":
            valid &= ~(column < 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        numerator, denominator = formula(**arrays)
        result = np.where(valid & (denominator != 0), numerator / denominator, np.nan)
    return pd.Series(result, index=index, dtype=float)


def _average(end: Any, begin: Any) -> Any:
    """Average of opening and closing balance; the closing balance alone without opening."""
    if begin is None:
        return end
    if isinstance(begin, np.ndarray):
        return np.where(np.isnan(begin), end, (end + begin) / 2)
    return (end + begin) / 2


def _days(days: Any) -> Decimal:
    value = _scalar(_Input(DAY_BASIS if days is None else days, "计算天数 day basis"))
    if value is None or value <= 0:
        raise ImpossibleValue(f"计算天数须为正数 day basis must be positive: {days!r}")
    return value


def _exact_and_float(func: Callable[..., Any]) -> Any:
    """The public ratio returns a float (scalars) or a Series; ``.exact`` the Decimal."""

    @functools.wraps(func)
    def ratio(*args: Any, **kwargs: Any) -> Any:
        result = func(*args, **kwargs)
        return float(result) if isinstance(result, Decimal) else result

    ratio.exact = func  # type: ignore[attr-defined]
    return ratio


# ── The ratios ───────────────────────────────────────────────────────────────


@_exact_and_float
def debt_ratio(total_liabilities: Any, total_assets: Any) -> Any:
    """资产负债率 = 负债合计 / 资产总计."""
    return _compute(
        lambda liabilities, assets: (liabilities, assets),
        "资产总计 total assets",
        liabilities=_Input(total_liabilities, "负债合计 total liabilities", "non_negative"),
        assets=_Input(total_assets, "资产总计 total assets", "non_negative"),
    )


@_exact_and_float
def current_ratio(current_assets: Any, current_liabilities: Any) -> Any:
    """流动比率 = 流动资产合计 / 流动负债合计."""
    return _compute(
        lambda assets, liabilities: (assets, liabilities),
        "流动负债合计 current liabilities",
        assets=_Input(current_assets, "流动资产合计 current assets", "non_negative"),
        liabilities=_Input(current_liabilities, "流动负债合计 current liabilities", "non_negative"),
    )


@_exact_and_float
def quick_ratio(
    current_assets: Any, inventory: Any, current_liabilities: Any, other_non_quick: Any = None
) -> Any:
    """速动比率 = (流动资产 − 存货 − 其他非速动资产) / 流动负债."""

    def formula(assets: Any, stock: Any, liabilities: Any, other: Any) -> tuple[Any, Any]:
        if other is None:
            other = Decimal(0)
        elif isinstance(other, np.ndarray):
            other = np.nan_to_num(other)  # a blank row means none
        return assets - stock - other, liabilities

    return _compute(
        formula,
        "流动负债合计 current liabilities",
        assets=_Input(current_assets, "流动资产合计 current assets", "non_negative"),
        stock=_Input(inventory, "存货 inventory", "non_negative"),
        liabilities=_Input(current_liabilities, "流动负债合计 current liabilities", "non_negative"),
        other=_Input(
            other_non_quick, "其他非速动资产 other non-quick assets", "non_negative", True
        ),
    )


def _turnover_days(
    flow: Any, flow_label: str, end: Any, begin: Any, balance_label: str, days: Any
) -> Any:
    exact = _days(days)

    def formula(flow: Any, end: Any, begin: Any) -> tuple[Any, Any]:
        basis = exact if isinstance(end, Decimal) else float(exact)
        return basis * _average(end, begin), flow

    return _compute(
        formula,
        flow_label,
        flow=_Input(flow, flow_label, "non_negative"),
        end=_Input(end, f"期末{balance_label}", "non_negative"),
        begin=_Input(begin, f"期初{balance_label}", "non_negative", optional=True),
    )


@_exact_and_float
def dso(revenue: Any, receivables_end: Any, receivables_begin: Any = None, days: Any = None) -> Any:
    """应收账款周转天数 = 计算天数 × 平均应收账款 / 营业收入."""
    return _turnover_days(
        revenue, "营业收入 revenue", receivables_end, receivables_begin, "应收账款", days
    )


@_exact_and_float
def dio(
    cost_of_sales: Any, inventory_end: Any, inventory_begin: Any = None, days: Any = None
) -> Any:
    """存货周转天数 = 计算天数 × 平均存货 / 营业成本."""
    return _turnover_days(
        cost_of_sales, "营业成本 cost of sales", inventory_end, inventory_begin, "存货", days
    )


@_exact_and_float
def net_margin(net_profit: Any, revenue: Any) -> Any:
    """销售净利率 = 净利润 / 营业收入."""
    return _compute(
        lambda profit, revenue: (profit, revenue),
        "营业收入 revenue",
        profit=_Input(net_profit, "净利润 net profit"),
        revenue=_Input(revenue, "营业收入 revenue", "non_negative"),
    )


@_exact_and_float
def roe(net_profit: Any, equity_end: Any, equity_begin: Any = None) -> Any:
    """净资产收益率 = 净利润 / 平均所有者权益 (期末 alone without 期初).

    Negative equity makes the ratio meaningless (a loss would read as a positive return),
    so it is an impossible value rather than a number.
    """
    return _compute(
        lambda profit, end, begin: (profit, _average(end, begin)),
        "所有者权益 equity",
        profit=_Input(net_profit, "净利润 net profit"),
        end=_Input(equity_end, "期末所有者权益 closing equity", "non_negative"),
        begin=_Input(equity_begin, "期初所有者权益 opening equity", "non_negative", optional=True),
    )


@_exact_and_float
def growth(current: Any, previous: Any) -> Any:
    """增长率 = (本期 − 上期) / |上期|; dividing by |上期| keeps the sign meaningful."""
    return _compute(
        lambda now, before: (now - before, abs(before)),
        "上期数 previous value",
        now=_Input(current, "本期数 current value"),
        before=_Input(previous, "上期数 previous value"),
    )


# ── From a statement ─────────────────────────────────────────────────────────

RatioValue = Decimal | CreditbookError
NO_CURRENT_LIABILITIES = "无流动负债：按最优档计分 no current liabilities: best band"
NO_CURRENT_LIABILITIES_MARK = "无流动负债"  # what a worksheet shows instead of the ratio
ZERO_LIABILITY_RATIOS = (CURRENT_RATIO, QUICK_RATIO)


def trade_receivables(statement: Statement, include_notes: bool = True) -> Decimal | None:
    """应收账款, plus 应收票据 when given and ``include_notes`` (the policy's switch)."""
    if statement.receivables is None or not include_notes:
        return statement.receivables
    return statement.receivables + (statement.notes_receivable or Decimal(0))


def ratios_from_statement(
    current: Statement,
    previous: Statement | None = None,
    days: int = DAY_BASIS,
    include_notes: bool = True,
) -> dict[str, RatioValue]:
    """Every statement ratio as an exact Decimal, keyed by its canonical Chinese name.

    ``previous`` is the prior period: its balances are the opening balances (averages for
    turnover days and ROE) and its revenue the base of 销售增长率. A ratio that cannot be
    computed holds the error instead of a value (MissingValue when a line is absent…),
    so one missing line does not hide the other ratios.

    Degenerate statements, as documented: zero 流动负债 makes 流动比率 and 速动比率
    +Infinity (nothing falls due within the year: the best liquidity band; see
    ``NO_CURRENT_LIABILITIES``); zero 营业收入 leaves DSO, 销售净利率 and growth
    uncomputed (ZeroDenominator); negative equity makes ROE an ImpossibleValue.
    ``include_notes`` counts 应收票据 with 应收账款 in DSO (policy ``dso_includes_notes``).
    """
    before = previous or Statement()
    receivables = trade_receivables(current, include_notes)
    opening = trade_receivables(before, include_notes)
    formulas: dict[str, Callable[[], Decimal]] = {
        DEBT_RATIO: lambda: debt_ratio.exact(current.total_liabilities, current.total_assets),
        CURRENT_RATIO: lambda: current_ratio.exact(
            current.current_assets, current.current_liabilities
        ),
        QUICK_RATIO: lambda: quick_ratio.exact(
            current.current_assets,
            current.inventory,
            current.current_liabilities,
            current.other_non_quick,
        ),
        DSO: lambda: dso.exact(current.revenue, receivables, opening, days),
        DIO: lambda: dio.exact(current.cost_of_sales, current.inventory, before.inventory, days),
        NET_MARGIN: lambda: net_margin.exact(current.net_profit, current.revenue),
        ROE: lambda: roe.exact(current.net_profit, current.equity, before.equity),
        SALES_GROWTH: lambda: growth.exact(current.revenue, before.revenue),
    }
    results: dict[str, RatioValue] = {}
    for name, formula in formulas.items():
        try:
            results[name] = formula()
        except ZeroDenominator as error:
            no_debt = name in ZERO_LIABILITY_RATIOS and current.current_liabilities == 0
            results[name] = Decimal("Infinity") if no_debt else error
        except CreditbookError as error:
            results[name] = error
    return results


def ratio_notes(current: Statement) -> dict[str, str]:
    """Notes on ratios given a documented treatment rather than a figure (无流动负债)."""
    if current.current_liabilities == 0 and current.current_assets is not None:
        return dict.fromkeys(ZERO_LIABILITY_RATIOS, NO_CURRENT_LIABILITIES)
    return {}


def values_only(ratios: Mapping[str, RatioValue]) -> dict[str, Decimal | None]:
    """The ratios with errors replaced by None (what scoring treats as missing)."""
    return {name: None if isinstance(v, Exception) else v for name, v in ratios.items()}
