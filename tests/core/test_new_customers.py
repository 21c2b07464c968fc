"""New customers as the policy says: a lower limit and, where the preset says so, a shorter
term — never none just because a newcomer has no statements yet (制度 2 第四节, 制度 3 第六节).

Every preset leaves 净资产法 and 营运资金法 out for a new customer that has given no
statements at all; abcd and aaa also cap a new customer's term at 30 days (abc follows
制度 2, which names no shorter term). An existing customer's missing method counts as 0.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditbook.core.assessment import assess
from creditbook.core.limits import recommend_limit, term_for
from creditbook.core.models import Customer
from creditbook.core.policy import PRESETS, preset
from creditbook.core.portfolio import evaluate_portfolio

D = Decimal
NEWCOMER = Customer(customer_id="KH0301", name="嘉兴新锐包装有限公司", is_new=True)


@pytest.mark.parametrize(
    ("name", "grade", "term", "needs", "limit"),
    [
        # abc B: 100,000 × 45/30 × 0.7 = 105,000 → × 0.5 = 52,500 → 52,000
        ("abc", "B", 45, D("105000.00"), D("52000.00")),
        # abcd B, new-customer term 30: 100,000 × 30/30 × 0.7 = 70,000 → 35,000
        ("abcd", "B", 30, D("70000.00"), D("35000.00")),
        # aaa A (45 days, 0.8), new-customer term 30: 100,000 × 30/30 × 0.8 = 80,000 → 40,000
        ("aaa", "A", 30, D("80000.00"), D("40000.00")),
    ],
)
def test_a_licence_only_newcomer_gets_its_needs_based_figure_halved(
    name, grade, term, needs, limit
):
    result = recommend_limit(grade, preset(name), monthly_purchases=100_000, is_new=True)
    assert (result.limit, result.term_days) == (limit, term)
    assert [(s.step, s.amount, s.missing) for s in result.trace] == [
        ("需求法", needs, False),
        ("净资产法", D("0"), True),
        ("营运资金法", D("0"), True),
        ("组合", needs, False),
        ("新客户系数", needs / 2, False),
        ("取整", limit, False),
    ]
    assert result.trace[3].detail == (
        "需求法取最小值（净资产法、营运资金法资料不足，未计算，新客户不计入）"
    )
    assert result.insufficient == result.left_out == ("净资产法", "营运资金法")


def test_a_licence_only_newcomer_is_held_to_the_new_customer_cap():
    # abc A: 1,000,000 × 60/30 × 1.0 = 2,000,000 → × 0.5 = 1,000,000 → cap 200,000
    result = recommend_limit("A", preset("abc"), monthly_purchases=1_000_000, is_new=True)
    assert result.limit == D("200000.00")
    assert [s.step for s in result.trace][-3:] == ["新客户系数", "新客户上限", "取整"]


def test_an_existing_customer_without_statements_still_gets_nothing():
    result = recommend_limit("B", preset("abc"), monthly_purchases=100_000, is_new=False)
    assert result.limit == D("0.00")
    assert result.trace[3].detail == (
        "需求法、净资产法、营运资金法取最小值（净资产法、营运资金法资料不足，未计算，按 0 计）"
    )


def test_a_newcomer_that_gave_part_of_its_statements_counts_the_missing_method_as_0():
    # 净资产 given, 营运资金 not: leaving one figure out must never help.
    result = recommend_limit(
        "B", preset("abc"), monthly_purchases=100_000, net_worth=5_000_000, is_new=True
    )
    assert result.limit == D("0.00")
    assert "营运资金法资料不足，未计算，按 0 计" in result.trace[3].detail
    assert (result.insufficient, result.left_out) == (("营运资金法",), ())


def test_a_newcomer_without_expected_purchases_gets_nothing():
    result = recommend_limit("B", preset("abc"), is_new=True)
    assert result.limit == D("0.00")
    assert result.trace[-1].step == "无法计算"


def test_a_newcomer_with_statements_is_limited_by_all_three_methods():
    # abc B: 需求法 105,000; 净资产 400,000 × 10% × 0.7 = 28,000; 营运资金 300,000 × 20% × 0.7
    # = 42,000 → min 28,000 → × 0.5 = 14,000
    result = recommend_limit(
        "B",
        preset("abc"),
        monthly_purchases=100_000,
        net_worth=400_000,
        working_capital=300_000,
        is_new=True,
    )
    assert result.limit == D("14000.00")


def test_the_policy_can_keep_counting_a_newcomers_missing_methods_as_0():
    rules = preset("abc")
    strict = rules.model_copy(
        update={"limit": rules.limit.model_copy(update={"new_customer_omits_missing": False})}
    )
    assert recommend_limit("B", strict, monthly_purchases=100_000, is_new=True).limit == D("0.00")


@pytest.mark.parametrize(("name", "term"), [("abc", 60), ("abcd", 30), ("aaa", 30)])
def test_a_new_customers_term_is_the_presets_shorter_one(name, term):
    rules = preset(name)
    best = rules.grades[0]
    assert term_for(best, rules, is_new=True) == term
    assert term_for(best, rules, is_new=False) == best.term_days


def test_a_cash_only_newcomer_has_no_term_and_no_limit():
    rules = preset("abcd")
    result = recommend_limit("D", rules, monthly_purchases=100_000, is_new=True)
    assert (result.limit, result.term_days) == (D("0.00"), 0)


def test_assess_gives_a_licence_only_newcomer_the_lower_limit_and_says_why():
    judged = {"行业地位": 3, "银行信用评级": "A", "行业协会评价": 3}
    result = assess(NEWCOMER, (), None, judged, "abc", monthly_purchases=100_000)
    # Every statement ratio and payment figure missing: 行业地位 6, 银行评级 A 12, 协会 6 → 24
    assert (result.total, result.grade.grade, result.term_days) == (24.0, "C", 30)
    # C: 100,000 × 30/30 × 0.4 = 40,000 → × 0.5 = 20,000
    assert result.limit.limit == D("20000.00")
    assert result.conditions == (
        "C 级：信用期限 30 天，信用额度 20,000.00 元（净资产法、营运资金法资料不足，未计算）"
        "；可要求提供担保；按新客户核定额度；每 3 个月复核。"
    )


def test_evaluate_gives_a_new_customer_the_shorter_term_and_the_lower_limit():
    frame = pd.DataFrame(
        {
            "客户编码": ["KH0301", "KH0302"],
            "品质": [5, 5],
            "能力": [5, 5],
            "资本": [5, 5],
            "抵押": [5, 5],
            "条件": [5, 5],
            "付款准时率": [1.0, 1.0],
            "逾期次数": [0, 0],
            "银行信用评级": ["AAA", "AAA"],
            "预计月采购额": [100_000, 100_000],
            "新客户": [True, False],
        }
    )
    result = evaluate_portfolio(frame, preset("abcd"))
    # 5C 10 + 8 + 8 + 5 + 4, 准时率 10, 逾期次数 5, 银行评级 10 → 60 (ratios missing: 0)
    assert list(result["评分"]) == [60.0, 60.0]
    assert list(result["等级"]) == ["C", "C"]
    # C (30 days, 0.4): newcomer 100,000 × 30/30 × 0.4 = 40,000 → 20,000; the existing
    # customer has no statements: 净资产法 and 营运资金法 count as 0.
    assert list(result["期限(天)"]) == [30, 30]
    assert list(result["信用额度"]) == [D("20000.00"), D("0.00")]


amounts = st.decimals(min_value=0, max_value=50_000_000, places=2)
signed = st.decimals(min_value=-5_000_000, max_value=50_000_000, places=2)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PRESETS), st.data(), amounts, signed, signed)
def test_dropping_the_whole_statement_never_raises_an_existing_customers_limit(
    name, data, purchases, net_worth, working_capital
):
    rules = preset(name)
    grade = data.draw(st.sampled_from([g.grade for g in rules.grades]), label="grade")
    full = recommend_limit(grade, rules, purchases, net_worth, working_capital)
    bare = recommend_limit(grade, rules, purchases)
    assert bare.limit <= full.limit
    assert bare.limit == D("0.00") or not rules.limit.net_worth_pct


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PRESETS), st.data(), amounts)
def test_a_licence_only_newcomer_never_gets_more_than_the_cap_or_half_its_needs(
    name, data, purchases
):
    rules = preset(name)
    grade = data.draw(st.sampled_from([g.grade for g in rules.grades]), label="grade")
    result = recommend_limit(grade, rules, purchases, is_new=True)
    needs = result.methods.get("需求法", D("0"))
    assert result.limit <= needs * rules.limit.new_customer_factor
    assert rules.limit.new_customer_cap is None or result.limit <= rules.limit.new_customer_cap


def test_half_a_newcomers_needs_is_rounded_down_never_up_across_a_thousand():
    """aaa AAA: 4,999.99 × 30/30 × 1.2 = 5,999.99; × 0.5 = 2,999.995 → 2,999.99 → 2,000.
    Rounded to the nearest fen it became 3,000.00 and the limit 3,000: more than half."""
    result = recommend_limit("AAA", preset("aaa"), D("4999.99"), is_new=True)
    assert [(s.step, s.amount) for s in result.trace][-2:] == [
        ("新客户系数", D("2999.99")),
        ("取整", D("2000.00")),
    ]
    assert result.limit == D("2000.00")
