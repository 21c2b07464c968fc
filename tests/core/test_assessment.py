"""assess(): statements, behaviour and 5C ratings → score, grade, term, limit, conditions."""

from decimal import Decimal

import pytest

from creditbook.core.assessment import assess
from creditbook.core.errors import InvalidValue
from creditbook.core.models import Customer, Statement

CUSTOMER = Customer(customer_id="C001", name="华东机电有限公司")
CURRENT = Statement(
    total_assets=10_000_000,
    total_liabilities=5_200_000,
    current_assets=6_000_000,
    current_liabilities=3_500_000,
    inventory=1_800_000,
    receivables=1_500_000,
    revenue=18_000_000,
    cost_of_sales=14_000_000,
    net_profit=900_000,
    equity=4_800_000,
)
PREVIOUS = Statement(
    receivables=1_300_000, inventory=1_600_000, revenue=16_000_000, equity=4_200_000
)
BEHAVIOUR = {"on_time_rate": 0.93, "逾期次数": 1}
FIVE_C = {"品质": 4, "能力": 4, "资本": 3, "抵押": 2, "条件": 3}


def test_sound_customer_gets_grade_a_and_the_net_worth_limit():
    result = assess(
        CUSTOMER, [CURRENT, PREVIOUS], BEHAVIOUR, FIVE_C, "abc", monthly_purchases=260_000
    )
    assert result.indicators["应收账款周转天数"] == Decimal("28")
    assert result.total == pytest.approx(82.0)
    assert result.grade.grade == "A"
    assert result.term_days == 60
    # 需求法 260,000 × 60/30 = 520,000; 净资产法 480,000; 营运资金法 500,000 → 480,000
    assert result.limit.limit == Decimal("480000.00")
    assert not result.guarantee_required
    assert result.conditions == "A 级：信用期限 60 天，信用额度 480,000.00 元；每 12 个月复核。"


def test_new_customer_in_grade_c_needs_a_guarantee():
    weak = {"品质": 1, "能力": 1, "资本": 1, "抵押": 1, "条件": 1}
    result = assess(CUSTOMER, [CURRENT], {"付款准时率": 0.5}, weak, "abc", is_new=True)
    assert result.grade.grade == "C"
    assert result.guarantee_required
    assert "须提供担保" in result.conditions and "新客户" in result.conditions


def test_without_statements_the_limit_trace_says_why():
    result = assess(CUSTOMER, [], BEHAVIOUR, FIVE_C)
    assert result.limit.limit == Decimal("0.00")
    assert result.limit.insufficient == ("需求法", "净资产法", "营运资金法")
    assert result.limit.trace[-1].step == "无法计算"
    assert "资产负债率" in result.score.missing
    assert result.conditions == (
        "C 级：信用期限 30 天，信用额度 0.00 元（需求法、净资产法、营运资金法资料不足，未计算）"
        "；须提供担保；每 3 个月复核。"
    )


def test_the_customers_revenue_is_never_the_needs_based_basis():
    # Only an income statement: revenue 18,000,000 once gave 1,500,000 a month as "sales".
    income = Statement(revenue=18_000_000, cost_of_sales=14_000_000, net_profit=900_000)
    result = assess(CUSTOMER, [income], BEHAVIOUR, FIVE_C, "abc")
    assert result.limit.trace[0].detail == "资料不足，未计算（缺少预计月采购额）"
    assert result.limit.limit == Decimal("0.00")
    full = assess(CUSTOMER, [CURRENT, PREVIOUS], BEHAVIOUR, FIVE_C, "abc", monthly_purchases=1)
    assert result.grade.grade == "C" and full.grade.grade == "A"


def test_zero_current_liabilities_scores_the_best_liquidity_band():
    no_debt = CURRENT.model_copy(update={"current_liabilities": Decimal(0)})
    result = assess(CUSTOMER, [no_debt, PREVIOUS], BEHAVIOUR, FIVE_C, "abc")
    lines = {line.name: line for line in result.score.lines}
    assert (lines["流动比率"].points, lines["速动比率"].points) == (10, 10)
    assert (
        result.problems["流动比率"] == "无流动负债：按最优档计分 no current liabilities: best band"
    )
    # 82.0 with ratios 1.71 (8 of 10 × 8) and 1.2 (10 × 7) → +1.6 for 流动比率
    assert result.total == pytest.approx(83.6)


def test_uncomputable_ratio_is_missing_with_its_reason():
    result = assess(CUSTOMER, [CURRENT], BEHAVIOUR, FIVE_C)
    assert result.indicators["销售增长率"] is None
    assert "销售增长率" in result.problems


def test_unknown_indicator_is_rejected():
    with pytest.raises(InvalidValue, match="毛利"):
        assess(CUSTOMER, [], {"毛利": 0.3})


def test_text_indicator_value_is_invalid():
    with pytest.raises(InvalidValue):
        assess(CUSTOMER, [], {"付款准时率": "很好"})
