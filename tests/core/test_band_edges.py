"""Every band edge of every preset, reached from amounts: exactly at it and one fen either side.

A band holds min ≤ value < max. Each ratio is built from statement amounts whose quotient
is the edge exactly; one fen less (or more) on the numerator moves it just off the edge.
The abc rows are worked by hand from the preset; every preset's edges are also walked.
"""

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from creditbook.core.models import Statement
from creditbook.core.policy import PRESETS, preset
from creditbook.core.ratios import ratios_from_statement
from creditbook.core.scoring import band_points, exact_points, grade_for, score, score_portfolio

FEN = Decimal("0.01")
BASE = Decimal("10000000.00")  # the denominator of every constructed ratio


def _statements(name: str, numerator: Decimal) -> tuple[Statement, Statement | None]:
    """Statements whose ratio ``name`` is numerator / 10,000,000 (turnover days: / 10,000)."""
    if name == "资产负债率":
        return Statement(total_liabilities=numerator, total_assets=BASE), None
    if name == "流动比率":
        return Statement(current_assets=numerator, current_liabilities=BASE), None
    if name == "速动比率":  # (流动资产 − 存货 100,000) / 流动负债
        inventory = Decimal("100000.00")
        return Statement(
            current_assets=numerator + inventory, inventory=inventory, current_liabilities=BASE
        ), None
    if name == "应收账款周转天数":  # 360 × 应收账款 / 营业收入 3,600,000 = 应收账款 / 10,000
        return Statement(revenue=Decimal("3600000.00"), receivables=numerator), None
    if name == "存货周转天数":
        return Statement(cost_of_sales=Decimal("3600000.00"), inventory=numerator), None
    if name == "销售净利率":
        return Statement(net_profit=numerator, revenue=BASE), None
    if name == "净资产收益率":
        return Statement(net_profit=numerator, equity=BASE), None
    if name == "销售增长率":  # (本期 − 上期 10,000,000) / 上期
        return Statement(revenue=BASE + numerator), Statement(revenue=BASE)
    raise KeyError(name)


def _ratio_points(policy: str, name: str, numerator: Decimal) -> float:
    current, previous = _statements(name, numerator)
    ratio = ratios_from_statement(current, previous)[name]
    return exact_points(preset(policy).indicator(name), ratio)


def _numerator(name: str, edge: Decimal) -> Decimal:
    """The numerator (yuan) that puts ratio ``name`` exactly at ``edge``."""
    if name in ("应收账款周转天数", "存货周转天数"):
        return edge * 10_000  # 45 days ← 应收账款 450,000.00 on 营业收入 3,600,000.00
    return edge * BASE


# abc (制度 2), by hand from abc.toml: (indicator, edge, points one fen below, points at and
# one fen above). Lower-is-better indicators lose points at the edge; higher-is-better gain.
ABC_EDGES = [
    ("资产负债率", "0.40", 10, 8),  # 4,000,000.00 / 10,000,000.00 = 40%: the 8-point band
    ("资产负债率", "0.55", 8, 5),
    ("资产负债率", "0.70", 5, 2),
    ("资产负债率", "0.85", 2, 0),
    ("销售增长率", "-0.10", 0, 3),  # 本期 9,000,000.00 on 上期 10,000,000.00 = −10%
    ("销售增长率", "0", 3, 6),
    ("销售增长率", "0.10", 6, 8),
    ("销售增长率", "0.20", 8, 10),
    ("销售净利率", "0", 0, 4),  # a loss of one fen is below 0%
    ("销售净利率", "0.03", 4, 7),
    ("销售净利率", "0.08", 7, 10),
]


@pytest.mark.parametrize(("name", "edge", "below", "at"), ABC_EDGES)
def test_abc_edges_worked_by_hand(name, edge, below, at):
    numerator = _numerator(name, Decimal(edge))
    assert _ratio_points("abc", name, numerator - FEN) == below
    assert _ratio_points("abc", name, numerator) == at
    assert _ratio_points("abc", name, numerator + FEN) == at


def test_the_debt_ratio_of_the_report_is_exactly_at_40_percent():
    # 2,220,628.98 / 5,551,572.45 is 0.39999999999999997 in binary floats
    at = Statement(total_liabilities=Decimal("2220628.98"), total_assets=Decimal("5551572.45"))
    below = at.model_copy(update={"total_liabilities": Decimal("2220628.97")})
    debt = preset("abc").indicator("资产负债率")
    assert exact_points(debt, ratios_from_statement(at)["资产负债率"]) == 8
    assert exact_points(debt, ratios_from_statement(below)["资产负债率"]) == 10
    assert exact_points(debt, 2220628.98 / 5551572.45) == 8  # the float Excel shows as 40%


def _edges(policy: str):
    for indicator in preset(policy).scorecard:
        if indicator.kind != "quantitative":
            continue
        for before, band in zip(indicator.bands, indicator.bands[1:], strict=False):
            yield indicator.name, band.min, before.points, band.points


AMOUNT_RATIOS = {
    "资产负债率",
    "流动比率",
    "速动比率",
    "应收账款周转天数",
    "存货周转天数",
    "销售净利率",
    "净资产收益率",
    "销售增长率",
}


@pytest.mark.parametrize(
    ("policy", "name", "edge", "below", "at"),
    [(p, *edge) for p in PRESETS for edge in _edges(p) if edge[0] in AMOUNT_RATIOS],
    ids=lambda v: None if isinstance(v, str) and not v.isascii() else str(v),
)
def test_every_ratio_edge_of_every_preset_from_amounts(policy, name, edge, below, at):
    numerator = _numerator(name, edge)
    assert _ratio_points(policy, name, numerator - FEN) == below
    assert _ratio_points(policy, name, numerator) == at
    assert _ratio_points(policy, name, numerator + FEN) == at


@pytest.mark.parametrize(
    ("policy", "name", "edge", "below", "at"),
    [(p, *edge) for p in PRESETS for edge in _edges(p) if edge[0] not in AMOUNT_RATIOS],
    ids=lambda v: None if isinstance(v, str) and not v.isascii() else str(v),
)
def test_every_behaviour_edge_of_every_preset(policy, name, edge, below, at):
    indicator = preset(policy).indicator(name)
    # 逾期金额 is an amount (one fen); 逾期次数 a count (one late payment); 付款准时率 a rate
    # read to one basis point (0.01%).
    step = {"逾期金额": FEN, "逾期次数": Decimal(1)}.get(name, Decimal("0.0001"))
    assert exact_points(indicator, edge - step) == below
    assert exact_points(indicator, edge) == at
    assert exact_points(indicator, edge + step) == at
    assert exact_points(indicator, float(edge)) == at  # as a worksheet cell gives it


def test_aaa_overdue_amount_edges_by_hand():
    overdue = preset("aaa").indicator("逾期金额")
    points = [exact_points(overdue, Decimal(v)) for v in ("0", "0.01", "49999.99", "50000")]
    assert points == [10, 7, 7, 4]
    assert [exact_points(overdue, Decimal(v)) for v in ("199999.99", "200000")] == [4, 0]


@pytest.mark.parametrize("policy", PRESETS)
def test_every_grade_minimum_exactly_and_one_hundredth_below(policy):
    rules = preset(policy)
    for upper, lower in zip(rules.grades, rules.grades[1:], strict=False):
        assert grade_for(upper.min_score, rules).grade == upper.grade
        assert grade_for(upper.min_score - 0.01, rules).grade == lower.grade


def test_a_score_exactly_at_a_grade_minimum_gets_that_grade():
    # abc by hand: 资产负债率 30% → 15; 销售增长率 20% → 10; 销售净利率 −1% → 0;
    # 行业地位 5 → 10; 付款准时率 95% → 20; 0 次 → 10; 行业协会评价 blank → 2; BB → 6 → 73.
    # 行业地位 3 (6), 协会 5 (10), BBB (6/10 × 15 = 9): 15 + 10 + 0 + 6 + 20 + 10 + 10 + 9 = 80
    values = {
        "资产负债率": Decimal("0.3"),
        "销售增长率": Decimal("0.2"),
        "销售净利率": Decimal("-0.01"),
        "行业地位": 5,
        "付款准时率": 0.95,
        "逾期次数": 0,
        "行业协会评价": None,
        "银行信用评级": "BB",
    }
    abc = preset("abc")
    assert score(values, abc).total == 73.0
    at_80 = {**values, "行业地位": 3, "行业协会评价": 5, "银行信用评级": "BBB"}
    assert score(at_80, abc).total == 80.0
    assert grade_for(score(at_80, abc).total, abc).grade == "A"
    below = {**at_80, "行业协会评价": 4}  # 4 of 5 → 8: 78
    assert score(below, abc).total == 78.0
    assert grade_for(score(below, abc).total, abc).grade == "B"


def test_a_portfolio_bands_floats_at_an_edge_as_the_single_score_does():
    frame = pd.DataFrame({"资产负债率": [2220628.98 / 5551572.45, 0.399999999, 0.55, np.nan]})
    debt = preset("abc").indicator("资产负债率")
    assert band_points(debt, frame["资产负债率"].to_numpy()).tolist()[:3] == [8.0, 10.0, 5.0]
    scored = score_portfolio(frame, preset("abc"))
    single = [score({"资产负债率": v}, preset("abc")).total for v in frame["资产负债率"][:3]]
    assert scored["评分"].tolist()[:3] == single


def test_a_stated_precision_rounds_the_value_before_banding():
    debt = preset("abc").indicator("资产负债率").model_copy(update={"precision": 4})
    assert exact_points(debt, Decimal("0.39995")) == 8  # 40.00% as the policy reads it
    assert exact_points(debt, Decimal("0.39994")) == 10
    assert band_points(debt, np.array([0.39995, 0.39994])).tolist() == [8.0, 10.0]
