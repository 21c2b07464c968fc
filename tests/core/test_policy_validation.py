"""Policy validation names the field at fault; every preset is monotonic from best to worst."""

import tomllib
from importlib import resources

import pytest

from creditbook.core.errors import PolicyError
from creditbook.core.limits import recommend_limit, term_for
from creditbook.core.policy import PRESETS, policy_from_dict, preset
from creditbook.core.scoring import grade_for, score


def _abc() -> dict:
    text = resources.files("creditbook.presets").joinpath("abc.toml").read_text("utf-8")
    return tomllib.loads(text)


def _problems(data: dict) -> str:
    with pytest.raises(PolicyError) as caught:
        policy_from_dict(data, source="test.toml")
    return str(caught.value)


def _indicator(data: dict, name: str) -> dict:
    return next(item for item in data["scorecard"] if item["name"] == name)


def test_weights_must_sum_to_100():
    data = _abc()
    _indicator(data, "行业地位")["weight"] = 22
    assert "scorecard: weights sum to 112, not 100" in _problems(data)


def test_band_gap_names_the_indicator_and_band():
    data = _abc()
    _indicator(data, "付款准时率")["bands"][2]["min"] = 0.85
    assert "scorecard.付款准时率.bands[2]: gap between 0.8 and 0.85" in _problems(data)


def test_band_overlap_names_the_indicator_and_band():
    data = _abc()
    _indicator(data, "付款准时率")["bands"][2]["min"] = 0.75
    assert "scorecard.付款准时率.bands[2]: overlaps the band before" in _problems(data)


def test_grade_minimums_must_descend():
    data = _abc()
    data["grades"][1]["min_score"] = 85
    assert "grades.B.min_score: 85 must be below A's 80" in _problems(data)


def test_a_grade_no_score_reaches_is_reported():
    # with the lowest grade starting above 0, scores below it would get no grade
    data = _abc()
    data["grades"][2]["min_score"] = 20
    assert "grades.C.min_score: the lowest grade must start at 0" in _problems(data)


def test_equal_minimums_make_a_grade_unreachable():
    data = _abc()
    data["grades"][1]["min_score"] = 80
    assert "grades.B.min_score" in _problems(data)


def test_every_problem_is_reported_at_once():
    data = _abc()
    _indicator(data, "行业地位")["weight"] = 20
    data["grades"][1]["min_score"] = 85
    message = _problems(data)
    assert "weights sum" in message and "grades.B.min_score" in message
    assert message.startswith("test.toml")


@pytest.mark.parametrize("name", PRESETS)
def test_terms_factors_and_limits_fall_with_the_grade(name):
    policy = preset(name)
    terms = [term_for(g) for g in policy.grades]
    factors = [g.limit_factor for g in policy.grades]
    limits = [
        recommend_limit(g, policy, 1_000_000, 20_000_000, 10_000_000).limit for g in policy.grades
    ]
    assert terms == sorted(terms, reverse=True)
    assert factors == sorted(factors, reverse=True)
    assert limits == sorted(limits, reverse=True)
    assert limits[0] > limits[-1]


@pytest.mark.parametrize("name", PRESETS)
def test_guarantee_or_cash_only_applies_from_some_grade_down(name):
    policy = preset(name)
    strict = [g.guarantee_required or g.cash_only for g in policy.grades]
    assert strict == sorted(strict)  # False… then True…


@pytest.mark.parametrize("name", PRESETS)
def test_better_ratings_never_lower_the_grade(name):
    policy = preset(name)
    ranks = {g.grade: i for i, g in enumerate(policy.grades)}
    previous_rank = len(policy.grades)
    for rating in (1, 2, 3, 4, 5):
        values = {item: rating for item in ("品质", "能力", "资本", "抵押", "条件")}
        values.update({"付款准时率": 0.5 + rating / 10, "逾期次数": 10 - 2 * rating})
        rank = ranks[grade_for(score(values, policy).total, policy).grade]
        assert rank <= previous_rank
        previous_rank = rank


@pytest.mark.parametrize("name", PRESETS)
def test_every_grade_is_reachable(name):
    policy = preset(name)
    for grade in policy.grades:
        assert grade_for(grade.min_score, policy) == grade
