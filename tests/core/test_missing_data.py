"""Missing data never helps: removing any input never raises the score, the grade or the limit.

"An input" is anything the policy scores as missing when it is absent: a line of the
current statement, a payment-behaviour figure, a judged item or rating, the expected
monthly purchases. Two kinds of figure are outside the property by their documented
treatment: the prior period's balances (without them turnover days and ROE use the closing
balance alone, the usual practice) and the amounts that only adjust a ratio when present
(其他非速动资产 deducted from quick assets, 应收票据 added to receivables).
"""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from creditbook.core.assessment import assess
from creditbook.core.models import Customer, Statement
from creditbook.core.policy import PRESETS, preset

CUSTOMER = Customer(customer_id="C001", name="华东机电有限公司")
LINES = (
    "total_assets",
    "total_liabilities",
    "current_assets",
    "current_liabilities",
    "inventory",
    "receivables",
    "revenue",
    "cost_of_sales",
    "net_profit",
    "equity",
)
JUDGED = ("品质", "能力", "资本", "抵押", "条件", "行业地位", "行业协会评价", "行业口碑")
RATINGS = ("AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C")

amounts = st.decimals(min_value=0, max_value=50_000_000, places=2)
signed = st.decimals(min_value=-5_000_000, max_value=5_000_000, places=2)


@st.composite
def customers(draw):
    lines = {name: draw(amounts) for name in LINES}
    lines["net_profit"] = draw(signed)
    lines["equity"] = draw(st.one_of(amounts, signed))
    inputs = {f"line:{name}": value for name, value in lines.items()}
    inputs["付款准时率"] = draw(st.floats(min_value=0, max_value=1))
    inputs["逾期次数"] = draw(st.integers(min_value=0, max_value=12))
    inputs["逾期金额"] = draw(amounts)
    for item in JUDGED:
        inputs[item] = draw(st.integers(min_value=1, max_value=5))
    inputs["银行信用评级"] = draw(st.sampled_from(RATINGS))
    inputs["purchases"] = draw(amounts)
    return inputs


def _assess(inputs: dict, policy: str, is_new: bool):
    lines = {k.removeprefix("line:"): v for k, v in inputs.items() if k.startswith("line:")}
    previous = Statement(revenue=Decimal("10000000.00"))  # the base of 销售增长率
    judged = {k: inputs[k] for k in (*JUDGED, "银行信用评级") if k in inputs}
    behaviour = {k: inputs[k] for k in ("付款准时率", "逾期次数", "逾期金额") if k in inputs}
    return assess(
        CUSTOMER,
        (Statement(**lines), previous),
        behaviour,
        judged,
        policy,
        monthly_purchases=inputs.get("purchases"),
        is_new=is_new,
    )


@settings(max_examples=300, deadline=None)
@given(customers(), st.sampled_from(PRESETS), st.booleans(), st.data())
def test_removing_any_input_never_raises_the_score_grade_or_limit(inputs, policy, is_new, data):
    removed = data.draw(st.sampled_from(sorted(inputs)), label="removed")
    full = _assess(inputs, policy, is_new)
    fewer = _assess({k: v for k, v in inputs.items() if k != removed}, policy, is_new)
    labels = preset(policy).labels
    assert fewer.total <= full.total
    assert labels.index(fewer.grade.grade) >= labels.index(full.grade.grade)
    assert fewer.limit.limit <= full.limit.limit


def test_the_reported_case_a_thinner_file_no_longer_gets_the_larger_limit():
    # Only an income statement once scored C and got 800,000.00 from revenue ÷ 12, while the
    # full file scored A and got 540,000.00.
    inputs = {
        "line:total_assets": Decimal("12000000.00"),
        "line:total_liabilities": Decimal("4800000.00"),
        "line:current_assets": Decimal("7000000.00"),
        "line:current_liabilities": Decimal("3500000.00"),
        "line:inventory": Decimal("1800000.00"),
        "line:receivables": Decimal("1500000.00"),
        "line:revenue": Decimal("24000000.00"),
        "line:cost_of_sales": Decimal("18000000.00"),
        "line:net_profit": Decimal("2400000.00"),
        "line:equity": Decimal("7200000.00"),
        "付款准时率": 0.97,
        "逾期次数": 0,
        "行业地位": 4,
        "行业协会评价": 4,
        "银行信用评级": "AA",
        "purchases": Decimal("400000.00"),
    }
    full = _assess(inputs, "abc", False)
    income_only = {
        k: v
        for k, v in inputs.items()
        if k in ("line:revenue", "line:cost_of_sales", "line:net_profit")
        or not k.startswith("line:")
    }
    thin = _assess(income_only, "abc", False)
    # full: min(需求法 400,000 × 60/30 = 800,000; 净资产法 720,000; 营运资金法 700,000) → A
    assert (full.grade.grade, full.limit.limit) == ("A", Decimal("700000.00"))
    # income statement only: 净资产法 and 营运资金法 资料不足，未计算 → 0
    assert thin.limit.limit == Decimal("0.00")
    assert thin.limit.insufficient == ("净资产法", "营运资金法")
