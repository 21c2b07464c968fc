"""Evaluate many customers at once from a table of indicator values: score, grade, term, limit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from creditbook.core.limits import recommend_limit
from creditbook.core.policy import Policy
from creditbook.core.scoring import score_portfolio

# Optional input columns besides the indicators (Chinese header → English alias).
ID_COLUMNS = {"客户编码": "customer_id", "客户名称": "customer_name"}
# 月销售额 (our sales to the customer) is what it buys from us: the same 需求法 basis,
# never the customer's own revenue.
LIMIT_COLUMNS = {
    "预计月采购额": "monthly_purchases",
    "月采购额": "monthly_purchases",
    "月销售额": "monthly_purchases",
    "monthly_sales": "monthly_purchases",
    "净资产": "net_worth",
    "营运资金": "working_capital",
    "新客户": "is_new",
}


def find_column(frame: pd.DataFrame, chinese: str, english: str) -> str | None:
    """The frame's column named ``chinese`` or ``english`` (case-insensitive), if any."""
    wanted = {chinese.casefold(), english.casefold()}
    return next((c for c in frame.columns if str(c).strip().casefold() in wanted), None)


def _limit_inputs(frame: pd.DataFrame, row: int) -> dict[str, Any]:
    """``recommend_limit``'s keyword arguments: Decimal amounts and the bool ``is_new``."""
    inputs: dict[str, Any] = {}
    for chinese, english in LIMIT_COLUMNS.items():
        if english in inputs:
            continue  # the first header that names an input wins
        column = find_column(frame, chinese, english)
        value = None if column is None else frame[column].iloc[row]
        if value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        inputs[english] = bool(value) if english == "is_new" else Decimal(str(value))
    return inputs


def evaluate_portfolio(frame: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """One result row per customer: identity columns, then 评分 … 缺失指标数.

    ``frame`` holds numbers: one column per indicator (Chinese names or English aliases),
    optionally 客户编码/客户名称 and the limit inputs 预计月采购额 (or 月销售额), 净资产,
    营运资金, 新客户. A limit method without its input counts as 0 (资料不足，未计算), or
    for a new customer follows the policy's new-customer rule (``core.limits``).
    """
    scored = score_portfolio(frame, policy)
    result = pd.DataFrame(index=frame.index)
    for chinese, english in ID_COLUMNS.items():
        column = find_column(frame, chinese, english)
        if column is not None:
            result[chinese] = frame[column]
    result["评分"] = scored["评分"]
    result["等级"] = scored["等级"]
    found = [
        recommend_limit(grade, policy, **_limit_inputs(frame, position))
        for position, grade in enumerate(scored["等级"])
    ]
    result["期限(天)"] = pd.Series([r.term_days for r in found], index=result.index)
    result["信用额度"] = pd.Series([r.limit for r in found], index=result.index, dtype=object)
    guarantee = {g.grade: g.guarantee_required for g in policy.grades}
    result["需担保"] = scored["等级"].map(guarantee)
    result["缺失指标数"] = scored["缺失指标数"]
    return result
