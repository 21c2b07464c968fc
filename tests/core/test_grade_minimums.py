"""A score exactly on a grade's minimum earns that grade, one customer or a whole portfolio."""

from __future__ import annotations

import pandas as pd
import pytest

from creditbook.core.errors import ImpossibleValue, InvalidValue
from creditbook.core.policy import preset
from creditbook.core.portfolio import evaluate_portfolio
from creditbook.core.scoring import grade_for, score

# Everything but 付款准时率, 资产负债率 and the five C's is the sound customer of
# test_scoring (82.00 under each preset); these three move the total onto a minimum.
BASE = {
    "流动比率": 1.7,
    "速动比率": 1.2,
    "应收账款周转天数": 28,
    "存货周转天数": 44,
    "销售净利率": 0.05,
    "净资产收益率": 0.2,
    "销售增长率": 0.125,
    "逾期次数": 1,
}
FIVE_C = ("品质", "能力", "资本", "抵押", "条件")

# (preset, 付款准时率, 资产负债率, 5C ratings, the score the user sees, its grade)
ON_A_MINIMUM = [
    ("abc", 0.93, 0.30, (1, 1, 4, 4, 5), 80.0, "A"),
    ("abc", 0.85, 0.90, (1, 1, 2, 1, 1), 60.0, "B"),
    ("abcd", 0.93, 0.30, (1, 5, 5, 4, 5), 85.0, "A"),
    ("abcd", 0.93, 0.52, (1, 1, 1, 1, 1), 70.0, "B"),
    ("aaa", 0.93, 0.30, (5, 3, 5, 5, 5), 90.0, "AAA"),
    ("aaa", 0.93, 0.30, (1, 1, 4, 4, 5), 80.0, "AA"),
    ("aaa", 0.93, 0.52, (1, 1, 1, 1, 1), 70.0, "A"),
    ("aaa", 0.85, 0.90, (1, 1, 2, 1, 1), 60.0, "B"),
]


def _values(rate: float, debt: float, ratings: tuple[int, ...]) -> dict[str, float]:
    return {
        **BASE,
        "付款准时率": rate,
        "资产负债率": debt,
        **dict(zip(FIVE_C, ratings, strict=True)),
    }


@pytest.mark.parametrize(("name", "rate", "debt", "ratings", "total", "grade"), ON_A_MINIMUM)
def test_one_customer_on_the_minimum_gets_the_grade(name, rate, debt, ratings, total, grade):
    policy = preset(name)
    result = score(_values(rate, debt, ratings), policy)
    assert result.total == total
    assert grade_for(result.total, policy).grade == grade


@pytest.mark.parametrize("name", ["abc", "abcd", "aaa"])
def test_portfolio_grades_agree_with_single_scoring_on_every_minimum(name):
    policy = preset(name)
    cases = [case for case in ON_A_MINIMUM if case[0] == name]
    frame = pd.DataFrame([_values(rate, debt, ratings) for _, rate, debt, ratings, _, _ in cases])
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
