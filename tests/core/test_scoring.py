"""The scorecard: band points, weights, grades, missing and unknown indicators, portfolios."""

import numpy as np
import pandas as pd
import pytest

from creditbook.core.errors import ImpossibleValue, InvalidValue
from creditbook.core.policy import PRESETS, preset
from creditbook.core.scoring import band_points, grade_for, score, score_portfolio

ABC = preset("abc")
ABCD = preset("abcd")

# A sound customer under preset abcd (5C, ratios, behaviour, bank rating); the weighted
# points per line are worked by hand.
SOUND = {
    "资产负债率": 0.52,  # band [0.40, 0.55) → 8/10 × 8 = 6.4
    "流动比率": 1.7,  # [1.5, 2.0) → 8/10 × 6 = 4.8
    "速动比率": 1.2,  # [1.0, ∞) → 10/10 × 6 = 6
    "DSO": 28,  # English alias; (−∞, 45) → 10/10 × 5 = 5
    "存货周转天数": 44,  # (−∞, 60) → 5
    "销售净利率": 0.05,  # [0.03, 0.08) → 7/10 × 6 = 4.2
    "净资产收益率": 0.2,  # → 4
    "付款准时率": 0.93,  # [0.90, 0.95) → 9/10 × 10 = 9
    "逾期次数": 1,  # [1, 3) → 7/10 × 5 = 3.5
    "品质": 4,  # 4/5 × 10 = 8
    "能力": 4,  # 4/5 × 8 = 6.4
    "资本": 3,  # 3/5 × 8 = 4.8
    "抵押": 2,  # 2/5 × 5 = 2
    "条件": 3,  # 3/5 × 4 = 2.4
    "银行信用评级": "aa 级",  # AA → 9/10 × 10 = 9
}


def test_weighted_score_worked_by_hand():
    result = score(SOUND, ABCD)
    assert result.total == pytest.approx(80.5)
    lines = {line.name: line for line in result.lines}
    assert lines["资产负债率"].points == 8
    assert lines["资产负债率"].weighted == pytest.approx(6.4)
    assert lines["应收账款周转天数"].value == 28
    assert lines["抵押"].weighted == pytest.approx(2)
    assert lines["银行信用评级"].points == 9
    assert grade_for(result.total, ABCD).grade == "B"


def test_an_unknown_bank_rating_is_refused_with_the_scale():
    with pytest.raises(InvalidValue, match="未知评级 unknown rating 'A1'（可选：AAA、AA、A、BBB"):
        score({**SOUND, "银行信用评级": "A1"}, ABCD)


def test_an_indicator_the_policy_does_not_score_is_ignored():
    # abc (制度 2) has no 5C items: a 品质 rating changes nothing.
    assert score({"资产负债率": 0.3, "品质": 5}, ABC).total == score({"资产负债率": 0.3}, ABC).total


def test_band_lower_bound_is_inclusive():
    debt = ABC.indicator("资产负债率")
    assert band_points(debt, 0.3999) == 10
    assert band_points(debt, 0.40) == 8
    assert band_points(debt, 0.85) == 0


def test_missing_indicator_scores_worst_band_and_is_flagged():
    values = dict(SOUND)
    del values["付款准时率"]
    values["品质"] = None
    result = score(values, ABCD)
    lines = {line.name: line for line in result.lines}
    assert lines["付款准时率"].points == 0 and lines["付款准时率"].missing
    assert lines["品质"].points == 1 and lines["品质"].missing
    assert lines["品质"].note
    assert set(result.missing) == {"付款准时率", "品质"}
    assert result.total == pytest.approx(80.5 - 9 - 8 + 10 / 5)


def test_unknown_indicator_is_named():
    with pytest.raises(InvalidValue, match="毛利率"):
        score({**SOUND, "毛利率": 0.3}, ABCD)


def test_indicator_given_twice_under_two_names_is_rejected():
    with pytest.raises(InvalidValue, match="应收账款周转天数"):
        score({**SOUND, "应收账款周转天数": 30}, ABCD)


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_qualitative_rating_must_be_1_to_5(rating):
    with pytest.raises(ImpossibleValue, match="品质"):
        score({**SOUND, "品质": rating}, ABCD)


def test_text_value_is_invalid():
    with pytest.raises(InvalidValue):
        score({**SOUND, "流动比率": "good"}, ABCD)


@pytest.mark.parametrize(
    ("total", "grade"), [(100, "A"), (80, "A"), (79.99, "B"), (60, "B"), (0, "C")]
)
def test_grade_boundaries(total, grade):
    assert grade_for(total, ABC).grade == grade


def test_score_outside_0_100_is_impossible():
    with pytest.raises(ImpossibleValue):
        grade_for(101, ABC)


@pytest.mark.parametrize("name", PRESETS)
def test_portfolio_matches_one_by_one(name):
    policy = preset(name)
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(
        {
            "客户编码": [f"C{i:03}" for i in range(200)],
            "资产负债率": rng.uniform(0.1, 1.0, 200),
            "current_ratio": rng.uniform(0.5, 3, 200),
            "速动比率": rng.uniform(0.2, 2, 200),
            "应收账款周转天数": rng.uniform(10, 200, 200),
            "销售净利率": rng.uniform(-0.1, 0.2, 200),
            "付款准时率": rng.uniform(0.4, 1, 200),
            "品质": rng.integers(1, 6, 200),
            "能力": rng.integers(1, 6, 200),
            "行业地位": rng.integers(1, 6, 200),
            "银行信用评级": rng.choice(["AAA", "AA", "A", "BBB", "B", "C"], 200),
        }
    )
    frame.loc[3, "资产负债率"] = np.nan
    result = score_portfolio(frame, policy)
    for i in (0, 3, 57, 199):
        row = frame.drop(columns="客户编码").iloc[i].to_dict()
        single = score(row, policy)
        assert result["评分"].iloc[i] == single.total
        assert result["等级"].iloc[i] == grade_for(single.total, policy).grade
        assert result["缺失指标数"].iloc[i] == len(single.missing)


def test_portfolio_names_rows_with_bad_ratings():
    frame = pd.DataFrame({"品质": [3, 7]}, index=["C001", "C002"])
    with pytest.raises(ImpossibleValue, match="C002"):
        score_portfolio(frame, ABCD)


def test_portfolio_scores_bank_ratings_and_names_rows_with_unknown_ones():
    frame = pd.DataFrame({"银行信用评级": ["AAA", None, "bbb"]}, index=["C001", "C002", "C003"])
    result = score_portfolio(frame, ABC)
    # abc weights the rating 15: AAA 10/10 → 15, blank → 0, BBB 6/10 → 9; every other
    # item missing scores its worst band (0, or 1 of 5 for 行业地位 and 行业协会评价: 2 + 2)
    assert result["评分"].tolist() == [19.0, 4.0, 13.0]
    assert result["缺失指标数"].tolist() == [7, 8, 7]
    with pytest.raises(InvalidValue, match="C009"):
        score_portfolio(pd.DataFrame({"银行信用评级": ["AA+"]}, index=["C009"]), ABC)
