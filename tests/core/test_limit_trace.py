"""The limit trace printed on the approval form: every step, its wording and its figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from creditbook.core.errors import ImpossibleValue, ZeroDenominator
from creditbook.core.limits import LimitStep, recommend_limit, term_for, utilization
from creditbook.core.policy import preset

ABC = preset("abc")
D = Decimal


def _rule(**changes):
    return ABC.model_copy(update={"limit": ABC.limit.model_copy(update=changes)})


# abc's limit rule with 需求法 alone (a method without its inputs would count as 0 under min)
NEEDS_ONLY = {"net_worth_pct": None, "working_capital_pct": None}


def test_a_new_customer_is_halved_then_capped_then_rounded():
    result = recommend_limit(
        "B", ABC, 500_000, net_worth=8_000_000, working_capital=3_000_000, is_new=True
    )
    assert result.trace == (
        LimitStep("需求法", "预计月采购额 500,000.00 × 45/30 天 × 额度系数 0.7", D("525000.00")),
        LimitStep("净资产法", "净资产 8,000,000.00 × 10% × 额度系数 0.7", D("560000.00")),
        LimitStep("营运资金法", "营运资金 3,000,000.00 × 20% × 额度系数 0.7", D("420000.00")),
        LimitStep("组合", "需求法、净资产法、营运资金法取最小值", D("420000.00")),
        LimitStep("新客户系数", "× 0.5", D("210000.00")),
        LimitStep("新客户上限", "不超过 200,000.00", D("200000.00")),
        LimitStep("取整", "向下取整至 1,000 的整数倍", D("200000.00")),
    )
    assert (result.grade, result.limit, result.term_days) == ("B", D("200000.00"), 45)


def test_a_new_customer_under_the_cap_keeps_the_halved_figure_rounded_down():
    result = recommend_limit("B", _rule(**NEEDS_ONLY), 100_000, is_new=True)
    assert [(s.step, s.amount) for s in result.trace] == [
        ("需求法", D("105000.00")),
        ("组合", D("105000.00")),
        ("新客户系数", D("52500.00")),
        ("取整", D("52000.00")),
    ]
    assert result.limit == D("52000.00")


def test_a_new_customer_exactly_at_the_cap_is_not_capped_again():
    result = recommend_limit("A", _rule(**NEEDS_ONLY), 200_000, is_new=True)  # 400,000 × 0.5
    assert [s.step for s in result.trace] == ["需求法", "组合", "新客户系数", "取整"]
    assert result.limit == D("200000.00")


def test_the_average_of_the_methods_then_the_ceiling():
    policy = _rule(combine="average", max_limit=D("300000"), working_capital_pct=None)
    result = recommend_limit("A", policy, D("1000000.10"), net_worth=2_000_000)
    assert result.trace[2:] == (
        LimitStep("组合", "需求法、净资产法取平均值", D("1100000.10")),
        LimitStep("最高额度", "不超过 300,000.00", D("300000.00")),
        LimitStep("取整", "向下取整至 1,000 的整数倍", D("300000.00")),
    )
    assert result.trace[0].amount == D("2000000.20")


def test_exactly_at_the_ceiling_is_not_capped():
    policy = _rule(max_limit=D("120000"), **NEEDS_ONLY)
    result = recommend_limit("A", policy, 60_000)
    assert [s.step for s in result.trace] == ["需求法", "组合", "取整"]
    assert result.limit == D("120000.00")


def test_the_largest_method_wins_when_the_policy_says_so_and_negative_capital_gives_zero():
    result = recommend_limit("C", _rule(combine="max"), 100_000, working_capital=-50_000)
    assert result.trace[:4] == (
        LimitStep("需求法", "预计月采购额 100,000.00 × 30/30 天 × 额度系数 0.4", D("40000.00")),
        LimitStep("净资产法", "资料不足，未计算（缺少净资产）", D("0.00"), missing=True),
        LimitStep("营运资金法", "营运资金 -50,000.00 × 20% × 额度系数 0.4", D("0.00")),
        LimitStep(
            "组合",
            "需求法、净资产法、营运资金法取最大值（净资产法资料不足，未计算，按 0 计）",
            D("40000.00"),
        ),
    )
    assert result.limit == D("40000.00")


def test_without_the_needs_based_method_monthly_purchases_alone_give_no_limit():
    policy = _rule(needs_based=False)
    result = recommend_limit("A", policy, 100_000)
    assert result.trace == (
        LimitStep("净资产法", "资料不足，未计算（缺少净资产）", D("0.00"), missing=True),
        LimitStep("营运资金法", "资料不足，未计算（缺少营运资金）", D("0.00"), missing=True),
        LimitStep(
            "无法计算",
            "资料不足，未计算：没有可计算的额度方法 no limit method has its inputs",
            D("0.00"),
        ),
    )
    assert (result.limit, result.term_days) == (D("0.00"), 60)
    # net worth alone: 1,000,000 × 10% × 1.0, but the missing 营运资金法 counts as 0 under min
    partial = recommend_limit("A", policy, 100_000, net_worth=1_000_000)
    assert (partial.methods, partial.limit) == ({"净资产法": D("100000.00")}, D("0.00"))


def test_a_cash_only_grade_gets_one_step_and_no_term():
    result = recommend_limit("D", preset("abcd"), 100_000, net_worth=5_000_000)
    assert result.trace == (LimitStep("现款", "D 级为现款客户，不授予信用额度", D("0.00")),)
    assert (result.grade, result.limit, result.term_days) == ("D", D("0.00"), 0)
    assert term_for(preset("abcd").grade("D")) == 0
    assert term_for(preset("abcd").grade("C")) == 30


def test_zero_monthly_purchases_is_a_zero_limit_and_negative_is_impossible():
    assert recommend_limit("A", _rule(**NEEDS_ONLY), 0).limit == D("0.00")
    with pytest.raises(ImpossibleValue) as error:
        recommend_limit("A", ABC, D("-0.01"))
    assert str(error.value) == ("预计月采购额不能为负 monthly purchases cannot be negative: -0.01")


def test_utilization_messages():
    assert utilization(0, 100_000) == 0.0
    with pytest.raises(ZeroDenominator) as error:
        utilization(5_000, 0)
    assert str(error.value) == "信用额度为零 the limit is zero"
    with pytest.raises(ImpossibleValue) as error:
        utilization(5_000, -1)
    assert str(error.value) == "信用额度不能为负 limit cannot be negative: -1"
