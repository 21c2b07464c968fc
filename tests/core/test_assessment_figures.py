"""assess() for a new customer with two years of statements: every indicator, the score, the
grade, the limit with its trace and the conditions sentence the report prints."""

from __future__ import annotations

from decimal import Decimal

import pytest

from creditbook.core.assessment import assess
from creditbook.core.models import Customer, Statement
from creditbook.core.policy import preset

D = Decimal
CUSTOMER = Customer(customer_id="KH0107", name="苏州恒通电子有限公司", is_new=True)
CURRENT = Statement(
    revenue=D("3600000"),
    cost_of_sales=D("2700000"),
    net_profit=D("180000"),
    total_assets=D("5000000"),
    total_liabilities=D("2600000"),
    current_assets=D("3000000"),
    current_liabilities=D("2000000"),
    inventory=D("800000"),
    receivables=D("600000"),
    equity=D("2400000"),
)
PRIOR = Statement(
    revenue=D("3000000"), receivables=D("400000"), inventory=D("700000"), equity=D("2200000")
)
BEHAVIOUR = {"付款准时率": 0.93, "逾期次数": 1}
FIVE_C = {"品质": 4, "能力": 4, "资本": 3, "抵押": 2, "条件": 3}


def test_every_indicator_from_the_two_statements():
    result = assess(CUSTOMER, (CURRENT, PRIOR), BEHAVIOUR, FIVE_C, "abc")
    values = dict(result.indicators)
    assert values == pytest.approx(
        {
            "资产负债率": 0.52,
            "流动比率": 1.5,
            "速动比率": 1.1,
            "应收账款周转天数": 50.0,  # 360 × (600,000 + 400,000)/2 / 3,600,000
            "存货周转天数": 100.0,  # 360 × (800,000 + 700,000)/2 / 2,700,000
            "销售净利率": 0.05,
            "净资产收益率": 180000 / 2300000,
            "销售增长率": 0.2,
            "付款准时率": 0.93,
            "逾期次数": 1.0,
            "品质": 4.0,
            "能力": 4.0,
            "资本": 3.0,
            "抵押": 2.0,
            "条件": 3.0,
        }
    )
    assert dict(result.problems) == {}
    assert (result.policy, result.customer) == ("abc", CUSTOMER)


def test_a_new_customers_grade_limit_and_conditions():
    result = assess(CUSTOMER, (CURRENT, PRIOR), BEHAVIOUR, FIVE_C, "abc")
    assert (result.total, result.grade.grade, result.term_days) == (77.6, "B", 45)
    assert [(s.step, s.amount) for s in result.limit.trace] == [
        ("需求法", D("315000.00")),  # 3,600,000 / 12 × 45/30 × 0.7
        ("净资产法", D("168000.00")),
        ("营运资金法", D("140000.00")),
        ("组合", D("140000.00")),
        ("新客户系数", D("70000.00")),
        ("取整", D("70000.00")),
    ]
    assert result.limit.trace[0].detail == "月销售额 300,000.00 × 45/30 天 × 额度系数 0.7"
    assert result.guarantee_required is False
    assert result.conditions == (
        "B 级：信用期限 45 天，信用额度 70,000.00 元；按新客户核定额度；每 6 个月复核。"
    )


def test_is_new_given_overrides_the_customer_record():
    result = assess(CUSTOMER, (CURRENT, PRIOR), BEHAVIOUR, FIVE_C, "abc", is_new=False)
    assert result.limit.limit == D("140000.00")
    assert result.conditions == "B 级：信用期限 45 天，信用额度 140,000.00 元；每 6 个月复核。"


def test_monthly_sales_given_replaces_a_twelfth_of_revenue():
    result = assess(CUSTOMER, (CURRENT,), BEHAVIOUR, FIVE_C, "abc", monthly_sales=10_000)
    assert result.limit.trace[0].amount == D("10500.00")  # 10,000 × 45/30 × 0.7
    assert result.limit.methods["需求法"] == D("10500.00")


def test_the_policy_day_basis_drives_turnover_days():
    policy = preset("abc").model_copy(update={"day_basis": 365})
    result = assess(CUSTOMER, (CURRENT, PRIOR), BEHAVIOUR, FIVE_C, policy)
    assert result.indicators["应收账款周转天数"] == pytest.approx(365 * 500000 / 3600000)


def test_nothing_to_base_a_limit_on_gives_zero_with_the_reason():
    result = assess(Customer(customer_id="KH0900", name="新设公司"), (Statement(),), None, None)
    assert (result.grade.grade, result.term_days, result.limit.limit) == ("C", 30, D("0.00"))
    (step,) = result.limit.trace
    assert (step.step, step.amount) == ("无法计算", D("0.00"))
    assert step.detail.startswith("没有可用的额度计算方法")
    assert (result.limit.grade, result.limit.term_days) == ("C", 30)
    assert result.problems["销售增长率"] == "缺少本期数 current value"
    assert result.problems["资产负债率"] == "缺少负债合计 total liabilities"
    assert result.indicators["资产负债率"] is None
    assert (
        result.conditions == "C 级：信用期限 30 天，信用额度 0.00 元；须提供担保；每 3 个月复核。"
    )


def test_a_cash_only_grade_reads_as_cash_trading():
    result = assess(CUSTOMER, (), {"付款准时率": 0.93}, {"品质": 5}, "abcd", monthly_sales=50000)
    assert (result.grade.grade, result.limit.limit, result.term_days) == ("D", D("0.00"), 0)
    assert result.conditions == "D 级：现款交易，不授予信用额度与信用期限；每 3 个月复核。"
