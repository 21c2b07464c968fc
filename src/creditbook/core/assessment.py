"""A customer's credit assessment (信用评估): indicators → score → grade → term and limit.

``assess()`` is the one call that documents, workbooks, the CLI and the demo share; it
reads as the policy does: compute the indicators, score them, find the grade, then the
term, the limit and the conditions that go with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from creditbook.core.errors import CreditbookError, InvalidValue, MissingValue
from creditbook.core.limits import LimitResult, LimitStep, recommend_limit, term_for
from creditbook.core.models import Customer, Statement
from creditbook.core.money import ZERO, format_money, to_decimal
from creditbook.core.policy import Grade, Policy, canonical_indicator, resolve_policy
from creditbook.core.ratios import RatioValue, ratios_from_statement
from creditbook.core.scoring import Score, grade_for, indicator_value, score


@dataclass(frozen=True)
class Assessment:
    """The outcome of assessing one customer under one policy.

    Attributes:
        customer: who was assessed.  policy: the policy's name.
        indicators: every indicator value used (None where missing), by canonical name.
        problems: why an indicator could not be computed, by name (e.g. 营业收入为零).
        score: the weighted score with its detail lines.
        grade: the grade row (等级, 期限, 额度系数, 需担保 …).
        term_days: credit term (信用期限) in days.
        limit: recommended limit with the trace of every method's figure.
        guarantee_required: 需担保.  conditions: the conditions as one Chinese sentence.
    """

    customer: Customer
    policy: str
    indicators: Mapping[str, float | None]
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
    behaviour: Mapping[str, float | None] | None = None,
    qualitative: Mapping[str, float | None] | None = None,
    policy: Policy | str | None = None,
    monthly_sales: Decimal | float | None = None,
    is_new: bool | None = None,
) -> Assessment:
    """Assess a customer's credit under a policy.

    Args:
        customer: the customer (``customer.is_new`` unless ``is_new`` is given).
        statements: financial statements, latest first: (本期, 上期); the prior one gives
            opening balances and the base of 销售增长率. May be empty.
        behaviour: payment behaviour indicators, e.g. {"付款准时率": 0.93, "逾期次数": 2}.
        qualitative: 5C ratings 1–5, e.g. {"品质": 4, "能力": 3, …}.
        policy: a Policy, a preset name or a TOML path (default: the default preset).
        monthly_sales: expected monthly sales for the needs-based limit; default
            本期营业收入 / 12.
        is_new: 新客户 — applies the new-customer factor and cap.

    Indicator names may be Chinese or English aliases; a missing one scores the worst band.
    """
    rules = resolve_policy(policy)
    indicators, problems = _indicators(statements, behaviour, qualitative, rules.day_basis)
    result = score(indicators, rules)
    grade = grade_for(result.total, rules)
    current = statements[0] if statements else Statement()
    new = customer.is_new if is_new is None else is_new
    limit = _limit(grade, rules, _monthly_sales(monthly_sales, current), current, new)
    return Assessment(
        customer=customer,
        policy=rules.name,
        indicators=MappingProxyType(indicators),
        problems=MappingProxyType(problems),
        score=result,
        grade=grade,
        term_days=term_for(grade),
        limit=limit,
        guarantee_required=grade.guarantee_required,
        conditions=conditions_text(grade, limit, new),
    )


def _indicators(
    statements: Sequence[Statement],
    behaviour: Mapping[str, float | None] | None,
    qualitative: Mapping[str, float | None] | None,
    days: int,
) -> tuple[dict[str, float | None], dict[str, str]]:
    ratios: dict[str, RatioValue] = {}
    if statements:
        previous = statements[1] if len(statements) > 1 else None
        ratios = ratios_from_statement(statements[0], previous, days)
    values: dict[str, float | None] = {}
    problems: dict[str, str] = {}
    for name, value in ratios.items():
        if isinstance(value, CreditbookError):
            values[name] = None
            problems[name] = str(value)
        else:
            values[name] = value
    for source in (behaviour or {}, qualitative or {}):
        for name, value in source.items():
            canonical = canonical_indicator(name)
            if canonical is None:
                raise InvalidValue(f"未知指标 unknown indicator: {name!r}")
            values[canonical] = indicator_value(value)
    return values, problems


def _limit(
    grade: Grade, policy: Policy, sales: Decimal | None, current: Statement, is_new: bool
) -> LimitResult:
    """The recommended limit; zero with the reason in the trace when nothing to base it on."""
    try:
        return recommend_limit(
            grade,
            policy,
            monthly_sales=sales,
            net_worth=current.equity,
            working_capital=current.working_capital,
            is_new=is_new,
        )
    except MissingValue as error:
        step = LimitStep("无法计算", str(error), ZERO)
        return LimitResult(grade.grade, ZERO, term_for(grade), (step,))


def _monthly_sales(given: Decimal | float | None, current: Statement) -> Decimal | None:
    if given is not None:
        return to_decimal(given)
    if current.revenue is None:
        return None
    return current.revenue / 12


def conditions_text(grade: Grade, limit: LimitResult, is_new: bool) -> str:
    """授信条件 as one sentence: 'B 级：信用期限 45 天，信用额度 300,000.00 元；每 6 个月复核。'"""
    review = f"每 {grade.review_months} 个月复核。"
    if grade.cash_only:
        return f"{grade.grade} 级：现款交易，不授予信用额度与信用期限；{review}"
    parts = [
        f"{grade.grade} 级：信用期限 {term_for(grade)} 天，信用额度 {format_money(limit.limit)} 元"
    ]
    if grade.guarantee_required:
        parts.append("须提供担保")
    if is_new:
        parts.append("按新客户核定额度")
    return "；".join(parts) + "；" + review
