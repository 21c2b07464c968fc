"""assess() for a new customer with two years of statements: every indicator, the score, the
grade, the limit with its trace and the conditions sentence the report prints.

abcd (制度 4) is the preset that scores the 5C items and the statement ratios together."""

from __future__ import annotations

from decimal import Decimal

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
FIVE_C = {"品质": 4, "能力": 4, "资本": 3, "抵押": 2, "条件": 3, "银行信用评级": "AA"}
PURCHASES = 300_000  # 预计月采购额


def test_every_indicator_from_the_two_statements():
    result = assess(CUSTOMER, (CURRENT, PRIOR), BEHAVIOUR, FIVE_C, "abcd", PURCHASES)
    assert dict(result.indicators) == {
        "资产负债率": D("0.52"),
        "流动比率": D("1.5"),
        "速动比率": D("1.1"),  # (3,000,000 − 800,000) / 2,000,000
        "应收账款周转天数": D("50"),  # 360 × (600,000 + 400,000)/2 / 3,600,000
        "存货周转天数": D("100"),  # 360 × (800,000 + 700,000)/2 / 2,700,000
        "销售净利率": D("0.05"),
        "净资产收益率": D(180000) / D(2300000),  # on the average equity
        "销售增长率": D("0.2"),
        "付款准时率": 0.93,
        "逾期次数": 1.0,
        "品质": 4.0,
        "能力": 4.0,
        "资本": 3.0,
        "抵押": 2.0,
        "条件": 3.0,
        "银行信用评级": "AA",
    }
    assert dict(result.problems) == {}
    assert (result.policy, result.customer) == ("abcd", CUSTOMER)


def test_a_new_customers_grade_limit_and_conditions():
    result = assess(CUSTOMER, (CURRENT, PRIOR), BEHAVIOUR, FIVE_C, "abcd", PURCHASES)
    # 5C 8 + 6.4 + 4.8 + 2 + 2.4; 资产负债率 6.4, 流动 4.8, 速动 6, 净利率 4.2, ROE 2.8,
    # DSO 4, DIO 2.5, 准时率 9, 逾期次数 3.5, 银行评级 AA 9 → 75.8, abcd B (70–85)
    # a new customer's term is at most abcd's new_customer_term_days, 30 (B's own is 45)
    assert (result.total, result.grade.grade, result.term_days) == (75.8, "B", 30)
    assert [(s.step, s.amount) for s in result.limit.trace] == [
        ("需求法", D("210000.00")),  # 300,000 × 30/30 × 0.7
        ("净资产法", D("168000.00")),
        ("营运资金法", D("140000.00")),
        ("组合", D("140000.00")),
        ("新客户系数", D("70000.00")),
        ("取整", D("70000.00")),
    ]
    assert result.limit.trace[0].detail == (
        "预计月采购额 300,000.00 × 30/30 天（新客户期限） × 额度系数 0.7"
    )
    assert result.guarantee_required is False
    assert result.conditions == (
        "B 级：信用期限 30 天，信用额度 70,000.00 元；按新客户核定额度；每 6 个月复核。"
    )


def test_is_new_given_overrides_the_customer_record():
    result = assess(CUSTOMER, (CURRENT, PRIOR), BEHAVIOUR, FIVE_C, "abcd", PURCHASES, False)
    assert result.limit.limit == D("140000.00")
    assert result.conditions == "B 级：信用期限 45 天，信用额度 140,000.00 元；每 6 个月复核。"


def test_the_expected_monthly_purchases_are_the_needs_based_basis():
    result = assess(
        CUSTOMER, (CURRENT,), BEHAVIOUR, FIVE_C, "abcd", monthly_purchases=10_000, is_new=False
    )
    assert result.grade.grade == "B"  # 74.8: without the prior year DSO is 60 days (6 points)
    assert result.limit.trace[0].amount == D("10500.00")  # 10,000 × 45/30 × 0.7
    assert result.limit.methods["需求法"] == D("10500.00")


def test_the_policy_day_basis_drives_turnover_days():
    policy = preset("abcd").model_copy(update={"day_basis": 365})
    result = assess(CUSTOMER, (CURRENT, PRIOR), BEHAVIOUR, FIVE_C, policy)
    four_places = D("0.0001")
    # 365 × 500,000 / 3,600,000 and 365 × 750,000 / 2,700,000
    assert result.indicators["应收账款周转天数"].quantize(four_places) == D("50.6944")
    assert result.indicators["存货周转天数"].quantize(four_places) == D("101.3889")


def test_nothing_to_base_a_limit_on_gives_zero_with_the_reason():
    result = assess(Customer(customer_id="KH0900", name="新设公司"), (Statement(),), None, None)
    assert (result.grade.grade, result.term_days, result.limit.limit) == ("C", 30, D("0.00"))
    assert [(s.step, s.detail, s.amount, s.missing) for s in result.limit.trace] == [
        ("需求法", "资料不足，未计算（缺少预计月采购额）", D("0.00"), True),
        ("净资产法", "资料不足，未计算（缺少净资产）", D("0.00"), True),
        ("营运资金法", "资料不足，未计算（缺少营运资金）", D("0.00"), True),
        (
            "无法计算",
            "资料不足，未计算：没有可计算的额度方法 no limit method has its inputs",
            D("0.00"),
            False,
        ),
    ]
    assert (result.policy, result.limit.grade, result.limit.term_days) == ("abc", "C", 30)
    assert dict(result.problems) == {
        "资产负债率": "缺少负债合计 total liabilities",
        "流动比率": "缺少流动资产合计 current assets",
        "速动比率": "缺少流动资产合计 current assets",
        "应收账款周转天数": "缺少营业收入 revenue",
        "存货周转天数": "缺少营业成本 cost of sales",
        "销售净利率": "缺少净利润 net profit",
        "净资产收益率": "缺少净利润 net profit",
        "销售增长率": "缺少本期数 current value",
    }
    assert result.indicators["资产负债率"] is None
    assert result.conditions == (
        "C 级：信用期限 30 天，信用额度 0.00 元（需求法、净资产法、营运资金法资料不足，未计算）；"
        "可要求提供担保；每 3 个月复核。"
    )


def test_a_cash_only_grade_reads_as_cash_trading():
    result = assess(
        CUSTOMER, (), {"付款准时率": 0.93}, {"品质": 5}, "abcd", monthly_purchases=50000
    )
    assert (result.grade.grade, result.limit.limit, result.term_days) == ("D", D("0.00"), 0)
    assert result.conditions == "D 级：现款交易，不授予信用额度与信用期限；每 3 个月复核。"
