"""Limits by method with their trace, caps and rounding; terms; the order credit check."""

from decimal import Decimal

import pytest

from creditbook.core.errors import ImpossibleValue, ZeroDenominator
from creditbook.core.limits import (
    PASSED,
    available_credit,
    check_order,
    recommend_limit,
    term_for,
    utilization,
)
from creditbook.core.policy import preset

ABC = preset("abc")


def test_each_method_and_the_smallest_wins():
    # grade B: term 45, factor 0.7
    result = recommend_limit("B", ABC, 500_000, net_worth=8_000_000, working_capital=3_000_000)
    assert result.methods == {
        "需求法": Decimal("525000.00"),  # 500,000 × 45/30 × 0.7
        "净资产法": Decimal("560000.00"),  # 8,000,000 × 10% × 0.7
        "营运资金法": Decimal("420000.00"),  # 3,000,000 × 20% × 0.7
    }
    assert result.limit == Decimal("420000.00")
    assert result.term_days == 45


def test_a_method_without_inputs_is_reported_and_counts_as_zero():
    result = recommend_limit("A", ABC, monthly_purchases=123_456)
    assert list(result.methods) == ["需求法"]
    assert result.insufficient == ("净资产法", "营运资金法")
    assert [(s.step, s.detail, s.amount) for s in result.trace] == [
        ("需求法", "预计月采购额 123,456.00 × 60/30 天 × 额度系数 1.0", Decimal("246912.00")),
        ("净资产法", "资料不足，未计算（缺少净资产）", Decimal("0.00")),
        ("营运资金法", "资料不足，未计算（缺少营运资金）", Decimal("0.00")),
        (
            "组合",
            "需求法、净资产法、营运资金法取最小值（净资产法、营运资金法资料不足，未计算，按 0 计）",
            Decimal("0.00"),
        ),
        ("取整", "向下取整至 1,000 的整数倍", Decimal("0.00")),
    ]
    assert result.limit == Decimal("0.00")


def test_with_every_input_the_smallest_method_wins():
    # 需求法 123,456 × 60/30 × 1.0 = 246,912; 净资产法 3,000,000 × 10% = 300,000;
    # 营运资金法 1,000,000 × 20% = 200,000 → 200,000
    result = recommend_limit("A", ABC, 123_456, 3_000_000, 1_000_000)
    assert result.insufficient == ()
    assert result.limit == Decimal("200000.00")


def test_under_max_a_missing_method_is_left_out():
    rule = ABC.limit.model_copy(update={"combine": "max"})
    policy = ABC.model_copy(update={"limit": rule})
    # 123,456 × 60/30 = 246,912 → 246,000; the two missing methods count as 0
    assert recommend_limit("A", policy, 123_456).limit == Decimal("246000.00")


def test_new_customer_factor_then_cap():
    result = recommend_limit("B", ABC, 500_000, 8_000_000, 3_000_000, is_new=True)
    steps = [s.step for s in result.trace]
    assert steps[-3:] == ["新客户系数", "新客户上限", "取整"]
    assert result.limit == Decimal("200000.00")  # 420,000 × 0.5 = 210,000 > cap 200,000


def test_max_limit_caps_everyone():
    policy = ABC.model_copy(
        update={"limit": ABC.limit.model_copy(update={"max_limit": Decimal("300000")})}
    )
    assert recommend_limit("A", policy, 1_000_000, 9_000_000, 9_000_000).limit == Decimal(
        "300000.00"
    )


def test_cash_only_grade_gets_nothing():
    result = recommend_limit("D", preset("abcd"), 1_000_000, 5_000_000)
    assert result.limit == Decimal("0.00")
    assert result.term_days == 0
    assert term_for(preset("abcd").grade("D")) == 0


def test_no_inputs_gives_zero_with_the_reason():
    result = recommend_limit("A", ABC)
    assert result.limit == Decimal("0.00")
    assert result.trace[-1].step == "无法计算"
    assert result.trace[-1].detail == (
        "资料不足，未计算：没有可计算的额度方法 no limit method has its inputs"
    )


def test_negative_sales_is_impossible():
    with pytest.raises(ImpossibleValue):
        recommend_limit("A", ABC, -1)


def test_negative_net_worth_contributes_zero():
    result = recommend_limit("A", ABC, 1_000_000, net_worth=-500_000)
    assert result.methods["净资产法"] == Decimal("0.00")
    assert result.limit == Decimal("0.00")


def test_available_and_utilization():
    assert available_credit(500_000, 450_000.5) == Decimal("49999.50")
    assert available_credit(100, 150) == Decimal("-50.00")
    assert utilization(450_000, 500_000) == pytest.approx(0.9)
    with pytest.raises(ZeroDenominator):
        utilization(10, 0)


def test_order_within_limit_passes():
    assert check_order(100_000, 500_000, 300_000, 10, "A", ABC).text == PASSED


def test_every_blocking_reason_is_listed():
    check = check_order(100_000, 500_000, 450_000, 45, "C", ABC)
    assert not check.passed
    assert check.reasons[0].startswith("超出信用额度")
    assert "超出 50,000.00" in check.reasons[0]
    assert check.reasons[1] == "逾期超过30天：最长逾期 45 天"


def test_cash_only_customer_is_blocked():
    check = check_order(100, 1_000, 0, 0, "D", preset("abcd"))
    assert check.text.startswith("现款客户")


def test_a_cash_only_grade_has_no_term_whatever_its_term_cell_says():
    from creditbook.core.limits import term_for

    cash = preset("abcd").grade("D").model_copy(update={"term_days": 30})
    assert term_for(cash) == 0
    assert term_for(preset("abcd").grade("C")) == 30
