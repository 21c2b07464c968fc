"""A score exactly on a grade's minimum earns that grade, one customer or a whole portfolio."""

from __future__ import annotations

import pandas as pd
import pytest

from creditbook.core.errors import ImpossibleValue, InvalidValue
from creditbook.core.policy import preset
from creditbook.core.portfolio import evaluate_portfolio
from creditbook.core.scoring import grade_for, score

# Each preset scores its own indicators; these ratios are shared and score the same in each
# (逾期次数 0 and 逾期金额 0 are the best band). 付款准时率, 资产负债率 and each preset's rated
# items (1–5, or a bank rating label) move the total exactly onto a grade's minimum.
BASE = {
    "流动比率": 1.7,  # [1.5, 2.0): 8 of 10
    "速动比率": 1.2,  # ≥ 1.0: 10
    "应收账款周转天数": 28,  # < 45: 10
    "存货周转天数": 44,  # < 60: 10
    "销售净利率": 0.05,  # [0.03, 0.08): 7
    "净资产收益率": 0.2,  # ≥ 0.12: 10
    "销售增长率": 0.125,  # [0.10, 0.20): 8
    "逾期次数": 0,  # < 1: 10
    "逾期金额": 0,  # < 0.01: 10
}
FIVE_C = ("品质", "能力", "资本", "抵押", "条件")


def _five_c(*ratings: int, bank: str) -> dict[str, object]:
    return {**dict(zip(FIVE_C, ratings, strict=True)), "银行信用评级": bank}


# (preset, 付款准时率, 资产负债率, rated items, the score the user sees, its grade)
# abc: 增长 8 + 净利率 7 + 逾期次数 10 = 25 from BASE; 准时率 ×2, 负债率 ×1.5 of its band's
#      points; 行业地位 and 行业协会评价 2 a rating point; 银行信用评级 1.5 a point.
# abcd: BASE gives 流动 4.8 + 速动 6 + 净利率 4.2 + ROE 4 + DSO 5 + DIO 5 + 逾期次数 5 = 34;
#      准时率 ×1, 负债率 ×0.8; 品质 2, 能力 1.6, 资本 1.6, 抵押 1, 条件 0.8 a rating point;
#      银行信用评级 1 a point.
# aaa: BASE gives 流动 6.4 + 速动 7 + 净利率 5.6 + ROE 7 + DSO 8 + DIO 7 + 逾期次数 8
#      + 逾期金额 7 = 56; 准时率 ×1.5, 负债率 ×1; 行业口碑 2 a rating point; 银行信用评级 0.5.
ON_A_MINIMUM = [
    # 25 + 18 + 15 + 6 + 4 + 12 (A: 8 points)
    ("abc", 0.93, 0.30, {"行业地位": 3, "行业协会评价": 2, "银行信用评级": "A"}, 80.0, "A"),
    # 25 + 14 + 0 + 6 + 6 + 9 (BBB: 6 points)
    ("abc", 0.85, 0.90, {"行业地位": 3, "行业协会评价": 3, "银行信用评级": "BBB"}, 60.0, "B"),
    # 34 + 9 + 8 + (10 + 4.8 + 3.2 + 3 + 4) + 9 (AA)
    ("abcd", 0.93, 0.30, _five_c(5, 3, 2, 3, 5, bank="AA"), 85.0, "A"),
    # 34 + 9 + 6.4 + (2 + 4.8 + 3.2 + 1 + 1.6) + 8 (A)
    ("abcd", 0.93, 0.52, _five_c(1, 3, 2, 1, 2, bank="A"), 70.0, "B"),
    # 56 + 13.5 + 10 + 6 + 4.5 (AA)
    ("aaa", 0.93, 0.30, {"行业口碑": 3, "银行信用评级": "AA"}, 90.0, "AAA"),
    # 56 + 13.5 + 2 + 4 + 4.5 (AA)
    ("aaa", 0.93, 0.75, {"行业口碑": 2, "银行信用评级": "AA"}, 80.0, "AA"),
    # 56 + 6 + 5 + 2 + 1 (B: 2 points)
    ("aaa", 0.75, 0.60, {"行业口碑": 1, "银行信用评级": "B"}, 70.0, "A"),
    # 56 + 0 + 0 + 2 + 2 (BB: 4 points)
    ("aaa", 0.50, 0.90, {"行业口碑": 1, "银行信用评级": "BB"}, 60.0, "B"),
]
CASE_IDS = ["abc-A", "abc-B", "abcd-A", "abcd-B", "aaa-AAA", "aaa-AA", "aaa-A", "aaa-B"]


def _values(rate: float, debt: float, rated: dict[str, object]) -> dict[str, object]:
    return {**BASE, "付款准时率": rate, "资产负债率": debt, **rated}


@pytest.mark.parametrize(
    ("name", "rate", "debt", "rated", "total", "grade"), ON_A_MINIMUM, ids=CASE_IDS
)
def test_one_customer_on_the_minimum_gets_the_grade(name, rate, debt, rated, total, grade):
    policy = preset(name)
    result = score(_values(rate, debt, rated), policy)
    assert result.total == total
    assert grade_for(result.total, policy).grade == grade


@pytest.mark.parametrize("name", ["abc", "abcd", "aaa"])
def test_portfolio_grades_agree_with_single_scoring_on_every_minimum(name):
    policy = preset(name)
    cases = [case for case in ON_A_MINIMUM if case[0] == name]
    frame = pd.DataFrame([_values(rate, debt, rated) for _, rate, debt, rated, _, _ in cases])
    frame.insert(0, "客户编码", [f"KH{n:03d}" for n in range(1, len(cases) + 1)])
    result = evaluate_portfolio(frame, policy)
    assert result["评分"].tolist() == [case[4] for case in cases]
    assert result["等级"].tolist() == [case[5] for case in cases]
    terms = [policy.grade(case[5]).term_days for case in cases]
    assert result["期限(天)"].tolist() == terms


def test_one_hundredth_below_a_minimum_is_the_grade_below():
    policy = preset("abc")
    assert [grade_for(t, policy).grade for t in (100, 80.0, 79.99, 60.0, 59.99, 0)] == [
        "A",
        "A",
        "B",
        "B",
        "C",
        "C",
    ]


def test_a_missing_or_impossible_score_is_named():
    policy = preset("abc")
    for missing in (None, float("nan")):
        with pytest.raises(InvalidValue) as error:
            grade_for(missing, policy)
        assert str(error.value) == "评分缺失 score is missing"
    for impossible in (-0.01, 100.01):
        with pytest.raises(ImpossibleValue) as error:
            grade_for(impossible, policy)
        assert str(error.value) == f"评分须在 0–100 之间 score must be 0–100: {impossible}"
