"""Credit limits and terms by grade, with a trace of every figure, and the order credit check.

The recommended limit (建议信用额度) follows the policy's LimitRule: each method the policy
enables gives a figure (需求法 the customer's monthly purchases from us × term/30 × 额度系数;
净资产法 net worth × % × 额度系数; 营运资金法 working capital × % × 额度系数); the figures
are combined (default: the smallest), then the new-customer factor and cap, the overall
ceiling and the rounding down to the unit apply. A cash-only grade gets no credit.

Missing data never raises an existing customer's limit: a method whose inputs are missing
is traced as “资料不足，未计算” and enters the combination as 0 (so with “取最小值” the limit
is 0 until the data is given); when no method can be computed the limit is 0 with that
reason. A new customer (新客户) under a policy with ``new_customer_omits_missing`` starts
with a lower limit, not none (制度 2 第四节): when it has given no statements at all
(neither 净资产 nor 营运资金), those methods are left out and flagged 资料不足, the others
combined, then the new-customer factor and cap apply — so a licence-only newcomer gets
its 需求法 figure halved and capped. A newcomer that gave part of its statements is
treated as anyone (a method missing counts as 0), so leaving out one bad figure never
helps; and 需求法 without 预计月采购额 counts as 0: the sales department's application
states what the customer will buy. A policy's
``new_customer_term_days`` shortens a new customer's term (制度 3 第六节), and the 需求法
figure follows that shorter term. The needs-based basis is what the customer buys from us
(预计月采购额, or our own invoicing to it), never the customer's own revenue.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from creditbook.core.errors import ImpossibleValue, ZeroDenominator
from creditbook.core.money import FEN, ZERO, format_money, round_down_to, round_fen, to_decimal
from creditbook.core.policy import DEFAULT_PRESET, Grade, Policy, preset

PASSED = "通过"
NEEDS_BASED = "需求法"
NET_WORTH = "净资产法"
WORKING_CAPITAL = "营运资金法"
_COMBINE_LABEL = {"min": "取最小值", "max": "取最大值", "average": "取平均值"}


INSUFFICIENT = "资料不足，未计算"
_STATEMENT = (NET_WORTH, WORKING_CAPITAL)  # the methods a newcomer without statements lacks
NO_METHOD = "无法计算"


@dataclass(frozen=True)
class LimitStep:
    """One line of the limit trace: what was done, how, and the figure after it.

    ``missing`` marks a method not computed for lack of data (its amount counts as 0);
    ``left_out`` one of those a new customer without statements has left out instead.
    """

    step: str
    detail: str
    amount: Decimal
    missing: bool = False
    left_out: bool = False


@dataclass(frozen=True)
class LimitResult:
    """A recommended limit and the trace that explains it (for the approval form)."""

    grade: str
    limit: Decimal
    term_days: int
    trace: tuple[LimitStep, ...]

    @property
    def methods(self) -> dict[str, Decimal]:
        """The figure of each method that applied, by method name."""
        names = (NEEDS_BASED, NET_WORTH, WORKING_CAPITAL)
        return {s.step: s.amount for s in self.trace if s.step in names and not s.missing}

    @property
    def insufficient(self) -> tuple[str, ...]:
        """The methods reported 资料不足，未计算."""
        return tuple(s.step for s in self.trace if s.missing)

    @property
    def left_out(self) -> tuple[str, ...]:
        """The methods 资料不足 left out of the combination (a new customer without
        statements); the other insufficient ones counted as 0."""
        return tuple(s.step for s in self.trace if s.left_out)


def _amount(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value)


def term_for(grade: Grade, policy: Policy | None = None, is_new: bool = False) -> int:
    """Credit term (信用期限) in days; 0 for a cash-only grade; a new customer's term is at
    most the policy's ``new_customer_term_days`` (制度 3：新客户较短的信用期限)."""
    if grade.cash_only:
        return 0
    longest = None if policy is None or not is_new else policy.limit.new_customer_term_days
    return grade.term_days if longest is None else min(grade.term_days, longest)


def recommend_limit(
    grade: Grade | str,
    policy: Policy,
    monthly_purchases: object = None,
    net_worth: object = None,
    working_capital: object = None,
    is_new: bool = False,
) -> LimitResult:
    """The recommended credit limit for a customer of ``grade``, with its trace.

    ``monthly_purchases`` is the 需求法 basis: the customer's expected monthly purchases
    from us (预计月采购额) or our average monthly invoicing to it.
    """
    row = policy.grade(grade) if isinstance(grade, str) else grade
    term = term_for(row, policy, is_new)
    if row.cash_only:
        step = LimitStep("现款", f"{row.grade} 级为现款客户，不授予信用额度", ZERO)
        return LimitResult(row.grade, ZERO, 0, (step,))
    purchases = _amount(monthly_purchases)
    if purchases is not None and purchases < 0:
        raise ImpossibleValue(
            f"预计月采购额不能为负 monthly purchases cannot be negative: {purchases}"
        )
    steps = _method_steps(
        row, term, policy, purchases, _amount(net_worth), _amount(working_capital)
    )
    if all(s.missing for s in steps):
        reason = f"{INSUFFICIENT}：没有可计算的额度方法 no limit method has its inputs"
        return LimitResult(row.grade, ZERO, term, (*steps, LimitStep(NO_METHOD, reason, ZERO)))
    if _without_statements(policy, steps, is_new):
        steps = [
            replace(s, left_out=True) if s.missing and s.step in _STATEMENT else s for s in steps
        ]
    steps.append(_combine(policy, steps))
    steps.extend(_caps(policy, steps[-1].amount, is_new))
    return LimitResult(row.grade, steps[-1].amount, term, tuple(steps))


def _without_statements(policy: Policy, steps: list[LimitStep], is_new: bool) -> bool:
    """Whether a new customer has given no statements at all — every statement-based
    method lacks its data — and the policy leaves those methods out for it."""
    based = [s for s in steps if s.step in _STATEMENT]
    omits = is_new and policy.limit.new_customer_omits_missing
    return omits and bool(based) and all(s.missing for s in based)


def _missing(name: str, needs: str) -> LimitStep:
    return LimitStep(name, f"{INSUFFICIENT}（缺少{needs}）", ZERO, missing=True)


def _method_steps(
    grade: Grade,
    term: int,
    policy: Policy,
    purchases: Decimal | None,
    net_worth: Decimal | None,
    working_capital: Decimal | None,
) -> list[LimitStep]:
    rule, factor = policy.limit, grade.limit_factor
    steps = []
    if rule.needs_based and purchases is None:
        steps.append(_missing(NEEDS_BASED, "预计月采购额"))
    elif rule.needs_based and purchases is not None:
        amount = round_fen(purchases * term / 30 * factor)
        shorter = "（新客户期限）" if term < grade.term_days else ""
        detail = (
            f"预计月采购额 {format_money(purchases)} × {term}/30 天{shorter} × 额度系数 {factor}"
        )
        steps.append(LimitStep(NEEDS_BASED, detail, amount))
    for name, base, pct, label in (
        (NET_WORTH, net_worth, rule.net_worth_pct, "净资产"),
        (WORKING_CAPITAL, working_capital, rule.working_capital_pct, "营运资金"),
    ):
        if pct is None:
            continue
        if base is None:
            steps.append(_missing(name, label))
            continue
        amount = max(ZERO, round_fen(base * pct * factor))
        detail = f"{label} {format_money(base)} × {(pct * 100).normalize():f}% × 额度系数 {factor}"
        steps.append(LimitStep(name, detail, amount))
    return steps


def _combine(policy: Policy, steps: list[LimitStep]) -> LimitStep:
    """The methods' figures combined: a method 资料不足 counts as 0 unless it is left out
    (a new customer without statements; at least one method has its data here)."""
    counted = [s for s in steps if not s.left_out]
    figures = [s.amount for s in counted]
    how = policy.limit.combine
    if how == "min":
        amount = min(figures)
    elif how == "max":
        amount = max(figures)
    else:
        amount = round_fen(sum(figures, ZERO) / len(figures))
    names = "、".join(s.step for s in counted)
    notes = [
        f"{'、'.join(s.step for s in group)}{INSUFFICIENT}，{treatment}"
        for group, treatment in (
            ([s for s in steps if s.left_out], "新客户不计入"),
            ([s for s in counted if s.missing], "按 0 计"),
        )
        if group
    ]
    note = f"（{'；'.join(notes)}）" if notes else ""
    return LimitStep("组合", f"{names}{_COMBINE_LABEL[how]}{note}", amount)


def _caps(policy: Policy, amount: Decimal, is_new: bool) -> list[LimitStep]:
    rule = policy.limit
    steps = []
    if is_new:
        # down, not to the nearest fen: 5,999.99 × 0.5 is 2,999.995, and rounding it up to
        # 3,000.00 would give a newcomer a whole 1,000 more than half its needs
        amount = round_down_to(amount * rule.new_customer_factor, FEN)
        steps.append(LimitStep("新客户系数", f"× {rule.new_customer_factor}", amount))
        if rule.new_customer_cap is not None and amount > rule.new_customer_cap:
            amount = round_fen(rule.new_customer_cap)
            steps.append(LimitStep("新客户上限", f"不超过 {format_money(amount)}", amount))
    if rule.max_limit is not None and amount > rule.max_limit:
        amount = round_fen(rule.max_limit)
        steps.append(LimitStep("最高额度", f"不超过 {format_money(amount)}", amount))
    rounded = round_down_to(amount, rule.rounding_unit)
    unit = f"{rule.rounding_unit.normalize():,f}"
    steps.append(LimitStep("取整", f"向下取整至 {unit} 的整数倍", rounded))
    return steps


# ── Using a limit ────────────────────────────────────────────────────────────


def available_credit(limit: object, exposure: object) -> Decimal:
    """可用额度 = 信用额度 − 占用 (negative: over the limit)."""
    return round_fen(to_decimal(limit) - to_decimal(exposure))


def utilization(exposure: object, limit: object) -> float:
    """额度使用率 = 占用 / 信用额度."""
    amount, ceiling = to_decimal(exposure), to_decimal(limit)
    if ceiling < 0:
        raise ImpossibleValue(f"信用额度不能为负 limit cannot be negative: {ceiling}")
    if ceiling == 0:
        raise ZeroDenominator("信用额度为零 the limit is zero")
    return float(amount / ceiling)


@dataclass(frozen=True)
class OrderCheck:
    """The result of checking an order against credit (订单信用校验)."""

    passed: bool
    reasons: tuple[str, ...]
    available: Decimal

    @property
    def text(self) -> str:
        return PASSED if self.passed else "；".join(self.reasons)


def check_order(
    order_amount: object,
    limit: object,
    exposure: object,
    max_days_overdue: int = 0,
    grade: Grade | str | None = None,
    policy: Policy | None = None,
    group_available: object = None,
) -> OrderCheck:
    """Whether an order may ship on credit, or every reason that blocks it (in Chinese).

    Blocks when the order exceeds the available credit, when the oldest overdue invoice is
    more than the policy's ``order_block_overdue_days`` late, when the grade is cash-only, or
    when it exceeds ``group_available`` (the customer's group's limit less its exposure).
    """
    order, ceiling, used = (to_decimal(v) for v in (order_amount, limit, exposure))
    if order < 0 or ceiling < 0:
        raise ImpossibleValue("订单金额和信用额度不能为负 order and limit cannot be negative")
    if max_days_overdue < 0:
        raise ImpossibleValue(
            f"逾期天数不能为负 days overdue cannot be negative: {max_days_overdue}"
        )
    available = available_credit(ceiling, used)
    reasons = []
    row = None
    if grade is not None and policy is not None:
        row = policy.grade(grade) if isinstance(grade, str) else grade
    if row is not None and row.cash_only:
        reasons.append(f"现款客户（{row.grade} 级）：须款到发货")
    if order > available:
        reasons.append(
            f"超出信用额度：可用额度 {format_money(available)}，订单金额 {format_money(order)}，"
            f"超出 {format_money(order - available)}"
        )
    if group_available is not None:  # 集团可用额度: the group's limit less its exposure
        group_left = to_decimal(group_available)
        if order > group_left:
            reasons.append(
                f"超出集团额度：集团可用额度 {format_money(group_left)}，订单金额 "
                f"{format_money(order)}，超出 {format_money(order - group_left)}"
            )
    threshold = (policy or preset(DEFAULT_PRESET)).monitoring.order_block_overdue_days
    if max_days_overdue > threshold:
        reasons.append(f"逾期超过{threshold}天：最长逾期 {max_days_overdue} 天")
    return OrderCheck(not reasons, tuple(reasons), available)
