"""A policy's edges: band bounds, the approval tier at its ceiling, and the messages a user
sees for a broken policy file or an unknown grade."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pytest

from creditbook.core.errors import PolicyError
from creditbook.core.policy import Band, load_policy, preset

ABC_TEXT = (Path(__file__).parents[2] / "src/creditbook/presets/abc.toml").read_text("utf-8")
# abcd (制度 4): up to 500,000 元 the 信用管理小组 decides; above it the 总经理 approves too.
SMALL = ("销售部门申请", "财务部门审核", "风险管理部门评估", "信用管理小组确定")
LARGE = (*SMALL, "总经理审批")


@pytest.mark.parametrize(
    ("band", "inside", "outside"),
    [
        (Band(min=0.4, max=0.55, points=8), (0.4, 0.5499), (0.3999, 0.55)),
        (Band(max=0.4, points=10), (-math.inf, -5.0, 0.3999), (0.4, math.inf)),
        (Band(min=0.85, points=0), (0.85, 1e9), (0.8499, -math.inf)),
    ],
)
def test_a_band_holds_its_minimum_but_not_its_maximum(band, inside, outside):
    assert all(band.contains(v) for v in inside)
    assert not any(band.contains(v) for v in outside)


def test_an_amount_exactly_at_a_tiers_ceiling_stays_in_that_tier():
    policy = preset("abcd")
    assert policy.approval_chain(Decimal("500000")) == SMALL
    assert policy.approval_chain(Decimal("500000.01")) == LARGE
    assert policy.approval_chain(Decimal("0")) == SMALL
    assert policy.approval_chain(Decimal("99999999")) == LARGE


def test_a_file_that_is_not_toml_is_named_with_the_parser_message(tmp_path):
    path = tmp_path / "公司信用政策.toml"
    path.write_text('name = "本公司"\n[[grades]\ngrade = "A"\n', encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_policy(path)
    problem = (
        "not valid TOML: Expected ']]' at the end of an array declaration (at line 2, column 9)"
    )
    assert error.value.problems == [problem]
    assert error.value.source == str(path)
    assert str(error.value) == f"{path}: {problem}"


def test_an_invalid_policy_file_names_the_file_and_every_problem(tmp_path):
    path = tmp_path / "制度.toml"
    text = ABC_TEXT.replace("weight = 10", "weight = 11", 1).replace(
        "min_score = 60", "min_score = 80"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_policy(path)
    assert error.value.source == str(path)
    assert str(error.value) == f"{path}: " + "; ".join(error.value.problems)
    assert "scorecard: weights sum to 101, not 100" in error.value.problems
    assert len(error.value.problems) >= 2


def test_a_utf8_policy_file_with_chinese_names_loads(tmp_path):
    path = tmp_path / "制度.toml"
    path.write_text(ABC_TEXT.replace('name = "abc"', 'name = "华瑞制度"'), encoding="utf-8")
    policy = load_policy(str(path))
    assert policy.name == "华瑞制度"
    assert policy.labels == ("A", "B", "C")


def test_an_unknown_grade_lists_the_policy_grades():
    with pytest.raises(KeyError) as error:
        preset("abc").grade("E")
    assert error.value.args[0] == "grade 'E' is not in policy 'abc' (A, B, C)"
    assert preset("aaa").grade(" aa ").grade == "AA"
