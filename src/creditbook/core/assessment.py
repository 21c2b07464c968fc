"""A customer's credit assessment (信用评估): indicators → score → grade → term and limit.

``assess()`` is the one call that documents, workbooks, the CLI and the demo share; it
reads as the policy does: compute the indicators, score them, find the grade, then the
term, the limit and the conditions that go with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

import pandas as pd

from creditbook.core.errors import CreditbookError, InvalidValue
from creditbook.core.limits import INSUFFICIENT, LimitResult, recommend_limit
from creditbook.core.models import Customer, Statement
from creditbook.core.money import format_money, from_fen, round_fen, to_decimal
from creditbook.core.monitoring import months_before
from creditbook.core.policy import Grade, Policy, canonical_indicator, resolve_policy
from creditbook.core.ratios import RatioValue, ratio_notes, ratios_from_statement
from creditbook.core.scoring import Score, grade_for, input_value, score


@dataclass(frozen=True)
class Assessment:
    """The outcome of assessing one customer under one policy.

    Attributes:
        customer: who was assessed.  policy: the policy's name.
        indicators: every indicator value used (None where missing), by canonical name;
            ratios are exact Decimals.
        problems: why an indicator could not be computed, or the treatment it was given,
            by name (e.g. 营业收入为零; 无流动负债).
        score: the weighted score with its detail lines.
        grade: the grade row (等级, 期限, 额度系数, 需担保 …).
        term_days: credit term (信用期限) in days.
        limit: recommended limit with the trace of every method's figure.
        guarantee_required: 需担保.  conditions: the conditions as one Chinese sentence.
    """

    customer: Customer
    policy: str
    indicators: Mapping[str, float | Decimal | str | None]  # str: a rating item's label
    problems: Mapping[str, str]
    score: Score
    grade: Grade
    term_days: int
    limit: LimitResult
    guarantee_required: bool
    conditions: str

    @property
    def total(self) -> float:
        return self.score.total


def assess(
    customer: Customer,
    statements: Sequence[Statement] = (),
    behaviour: Mapping[str, float | Decimal | None] | None = None,
    qualitative: Mapping[str, float | str | None] | None = None,
    policy: Policy | str | None = None,
    monthly_purchases: Decimal | float | None = None,
    is_new: bool | None = None,
) -> Assessment:
    """Assess a customer's credit under a policy.

    Args:
        customer: the customer (``customer.is_new`` unless ``is_new`` is given).
        statements: financial statements, latest first: (本期, 上期); the prior one gives
            opening balances and the base of 销售增长率. May be empty.
        behaviour: payment behaviour indicators, e.g. {"付款准时率": 0.93, "逾期次数": 2}.
        qualitative: ratings 1–5 of the policy's qualitative items, e.g. {"品质": 4, …},
            and rating labels of its rating items, e.g. {"银行信用评级": "AA"}.
        policy: a Policy, a preset name or a TOML path (default: the default preset).
        monthly_purchases: the 需求法 basis — the customer's expected monthly purchases
            from us (预计月采购额) or our average monthly invoicing to it
            (``monthly_invoicing``); never the customer's own revenue. None: 需求法 is
            reported 资料不足，未计算 and counts as 0.
        is_new: 新客户 — applies the policy's new-customer rule: factor, cap, shorter term
            and, where the policy says so, the methods without data left out (资料不足).

    Indicator names may be Chinese or English aliases; a missing one scores the worst band.
    Missing data can only lower an existing customer's score, grade and limit (a new
    customer's limit is bounded by the new-customer cap instead, see ``core.limits``).
    """
    rules = resolve_policy(policy)
    indicators, problems = _indicators(statements, behaviour, qualitative, rules)
    result = score(indicators, rules)
    grade = grade_for(result.total, rules)
    current = statements[0] if statements else Statement()
    new = customer.is_new if is_new is None else is_new
    purchases = None if monthly_purchases is None else to_decimal(monthly_purchases)
    limit = _limit(grade, rules, purchases, current, new)
    return Assessment(
        customer=customer,
        policy=rules.name,
        indicators=MappingProxyType(indicators),
        problems=MappingProxyType(problems),
        score=result,
        grade=grade,
        term_days=limit.term_days,
        limit=limit,
        guarantee_required=grade.guarantee_required,
        conditions=conditions_text(grade, limit, new),
    )


def _indicators(
    statements: Sequence[Statement],
    behaviour: Mapping[str, float | Decimal | None] | None,
    qualitative: Mapping[str, float | str | None] | None,
    policy: Policy,
) -> tuple[dict[str, float | Decimal | str | None], dict[str, str]]:
    ratios: dict[str, RatioValue] = {}
    problems: dict[str, str] = {}
    if statements:
        previous = statements[1] if len(statements) > 1 else None
        ratios = ratios_from_statement(
            statements[0], previous, policy.day_basis, policy.dso_includes_notes
        )
        problems.update(ratio_notes(statements[0]))
    values: dict[str, float | Decimal | str | None] = {}
    for name, value in ratios.items():
        if isinstance(value, CreditbookError):
            values[name] = None
            problems[name] = str(value)
        else:
            values[name] = value
    for source in (behaviour or {}, qualitative or {}):
        for name, given in source.items():
            canonical = canonical_indicator(name)
            if canonical is None:
                raise InvalidValue(f"未知指标 unknown indicator: {name!r}")
            values[canonical] = input_value(policy.indicator(canonical), given)
    return values, problems


def _limit(
    grade: Grade, policy: Policy, purchases: Decimal | None, current: Statement, is_new: bool
) -> LimitResult:
    """The recommended limit (0 with 资料不足，未计算 in the trace when nothing to base it on)."""
    return recommend_limit(
        grade,
        policy,
        monthly_purchases=purchases,
        net_worth=current.equity,
        working_capital=current.working_capital,
        is_new=is_new,
    )


def monthly_invoicing(ledger: pd.DataFrame, as_of: dt.date, months: int = 12) -> Decimal:
    """Our average monthly invoicing to a customer: invoices dated within the ``months``
    before ``as_of`` (inclusive), summed and divided by ``months``; credit notes count.

    ``ledger`` has the readers' canonical columns (amount in whole fen, invoice_date).
    """
    start = pd.Timestamp(months_before(as_of, months))
    end = pd.Timestamp(as_of)
    dates = pd.to_datetime(ledger["invoice_date"])
    fen = int(ledger.loc[(dates > start) & (dates <= end), "amount"].sum())
    return round_fen(from_fen(fen) / months)


def conditions_text(grade: Grade, limit: LimitResult, is_new: bool) -> str:
    """授信条件 as one sentence: 'B 级：信用期限 45 天，信用额度 300,000.00 元；每 6 个月复核。'"""
    review = f"每 {grade.review_months} 个月复核。"
    if grade.cash_only:
        return f"{grade.grade} 级：现款交易，不授予信用额度与信用期限；{review}"
    parts = [
        f"{grade.grade} 级：信用期限 {limit.term_days} 天，信用额度 {format_money(limit.limit)} 元"
    ]
    if limit.insufficient:
        parts[0] += f"（{'、'.join(limit.insufficient)}{INSUFFICIENT}）"
    if grade.guarantee_required:
        parts.append("须提供担保")
    elif grade.guarantee_optional:
        parts.append("可要求提供担保")
    if is_new:
        parts.append("按新客户核定额度")
    return "；".join(parts) + "；" + review


def approval_amount(recommended: Decimal, *others: Decimal | None) -> Decimal:
    """The amount whose tier decides the approval chain (审批链).

    The policies tier the approval by the credit limit to be granted (制度 4:「50 万元以上
    另报总经理审批」). A limit on the form — the recommended one, the one applied for, the one
    an approver writes in as 核定信用额度 — may be the one granted, so the chain is the one
    whose authority covers the highest of them; the customer's current limit is no such
    amount and is not passed here.
    """
    return max([recommended, *(amount for amount in others if amount is not None)])


def approval_chain(
    policy: Policy, recommended: Decimal, *others: Decimal | None
) -> tuple[str, ...]:
    """The approvers, in order, for the highest of the limits on the form."""
    return policy.approval_chain(approval_amount(recommended, *others))
