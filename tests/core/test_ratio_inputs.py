"""What each ratio says about a bad input: the message names the line item (Chinese and
English), and the vectorised form leaves exactly the impossible rows blank."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from creditbook.core.errors import ImpossibleValue, InvalidValue, MissingValue, ZeroDenominator
from creditbook.core.ratios import (
    current_ratio,
    debt_ratio,
    dio,
    dso,
    growth,
    net_margin,
    quick_ratio,
    roe,
)

# ratio, sound arguments, label of each argument, whether it may be negative, denominator
RATIOS = [
    (
        debt_ratio,
        (600.0, 1000.0),
        ("负债合计 total liabilities", "资产总计 total assets"),
        (False, False),
        "资产总计 total assets",
    ),
    (
        current_ratio,
        (300.0, 200.0),
        ("流动资产合计 current assets", "流动负债合计 current liabilities"),
        (False, False),
        "流动负债合计 current liabilities",
    ),
    (
        quick_ratio,
        (300.0, 100.0, 200.0, 20.0),
        (
            "流动资产合计 current assets",
            "存货 inventory",
            "流动负债合计 current liabilities",
            "其他非速动资产 other non-quick assets",
        ),
        (False, False, False, False),
        "流动负债合计 current liabilities",
    ),
    (
        dso,
        (3600.0, 400.0, 200.0),
        ("营业收入 revenue", "期末应收账款", "期初应收账款"),
        (False, False, False),
        "营业收入 revenue",
    ),
    (
        dio,
        (2700.0, 300.0, 150.0),
        ("营业成本 cost of sales", "期末存货", "期初存货"),
        (False, False, False),
        "营业成本 cost of sales",
    ),
    (
        net_margin,
        (50.0, 1000.0),
        ("净利润 net profit", "营业收入 revenue"),
        (True, False),
        "营业收入 revenue",
    ),
    (
        roe,
        (90.0, 1000.0, 800.0),
        ("净利润 net profit", "期末所有者权益 closing equity", "期初所有者权益 opening equity"),
        (True, False, False),
        "所有者权益 equity",
    ),
    (
        growth,
        (1200.0, 1000.0),
        ("本期数 current value", "上期数 previous value"),
        (True, True),
        "上期数 previous value",
    ),
]
OPTIONAL = {(quick_ratio, 3), (dso, 2), (dio, 2), (roe, 2)}
CASES = [
    (ratio, position, args, labels[position], signed[position], denominator)
    for ratio, args, labels, signed, denominator in RATIOS
    for position in range(len(args))
]
IDS = [f"{c[0].__name__}-arg{c[1]}" for c in CASES]


def _with(args: tuple, position: int, value: object) -> tuple:
    return (*args[:position], value, *args[position + 1 :])


def test_sound_figures():
    assert debt_ratio(600, 1000) == 0.6
    assert current_ratio(300, 200) == 1.5
    assert quick_ratio(300, 100, 200, 20) == 0.9
    assert quick_ratio(300, 100, 200) == 1.0
    assert dso(3600, 400, 200) == 30.0  # 360 × (400 + 200)/2 / 3,600
    assert dso(3600, 400) == 40.0
    assert dso(3600, 400, 200, 365) == pytest.approx(30.416666, abs=1e-6)
    assert dio(2700, 300, 150) == 30.0
    assert net_margin(-50, 1000) == -0.05
    assert roe(90, 1000, 800) == 0.1
    assert roe(90, 900) == 0.1
    assert growth(1200, 1000) == 0.2
    assert growth(-500, -1000) == 0.5  # a smaller loss is growth


@pytest.mark.parametrize(("ratio", "position", "args", "label", "signed", "den"), CASES, ids=IDS)
def test_a_missing_figure_is_named(ratio, position, args, label, signed, den):
    call = _with(args, position, None)
    if (ratio, position) in OPTIONAL:
        assert isinstance(ratio(*call), float)
        return
    with pytest.raises(MissingValue) as error:
        ratio(*call)
    assert str(error.value) == f"缺少{label}"
    with pytest.raises(MissingValue) as error:
        ratio(*_with(args, position, math.nan))
    assert str(error.value) == f"缺少{label}"


@pytest.mark.parametrize(("ratio", "position", "args", "label", "signed", "den"), CASES, ids=IDS)
def test_text_is_not_a_number(ratio, position, args, label, signed, den):
    with pytest.raises(InvalidValue) as error:
        ratio(*_with(args, position, "一千"))
    assert str(error.value) == f"{label}不是数字 not a number: '一千'"
    with pytest.raises(InvalidValue):
        ratio(*_with(args, position, True))


@pytest.mark.parametrize(("ratio", "position", "args", "label", "signed", "den"), CASES, ids=IDS)
def test_a_negative_figure_where_none_can_be(ratio, position, args, label, signed, den):
    call = _with(args, position, -1.5)
    if signed:
        assert isinstance(ratio(*call), float)
        return
    with pytest.raises(ImpossibleValue) as error:
        ratio(*call)
    assert str(error.value) == f"{label}不能为负 cannot be negative: -1.5"


@pytest.mark.parametrize(("ratio", "position", "args", "label", "signed", "den"), CASES, ids=IDS)
def test_an_infinite_figure_is_impossible(ratio, position, args, label, signed, den):
    with pytest.raises(ImpossibleValue) as error:
        ratio(*_with(args, position, math.inf))
    assert str(error.value) == f"{label}为无穷大 infinite"


@pytest.mark.parametrize(("ratio", "args", "labels", "signed", "den"), RATIOS)
def test_a_zero_denominator_is_named(ratio, args, labels, signed, den):
    zero = {
        debt_ratio: (0, 0),
        current_ratio: (1, 0),
        quick_ratio: (1, 0, 0),
        dso: (0, 1),
        dio: (0, 1),
        net_margin: (1, 0),
        roe: (1, 0),
        growth: (1, 0),
    }[ratio]
    with pytest.raises(ZeroDenominator) as error:
        ratio(*zero)
    assert str(error.value) == f"{den}为零 is zero"


@pytest.mark.parametrize("days", [0, -30])
def test_the_day_basis_must_be_positive(days):
    with pytest.raises(ImpossibleValue) as error:
        dso(3600, 400, None, days)
    assert str(error.value) == f"计算天数须为正数 day basis must be positive: {days!r}"


def test_a_text_day_basis_is_named():
    with pytest.raises(InvalidValue) as error:
        dio(2700, 300, None, "三百六十")
    assert str(error.value) == "计算天数 day basis不是数字 not a number: '三百六十'"


@pytest.mark.parametrize(("ratio", "position", "args", "label", "signed", "den"), CASES, ids=IDS)
def test_vectorised_rows_that_would_raise_are_blank(ratio, position, args, label, signed, den):
    column = pd.Series([args[position], -1.5, np.nan, "x"], index=["甲", "乙", "丙", "丁"])
    call = _with(args, position, column)
    result = ratio(*call)
    assert list(result.index) == ["甲", "乙", "丙", "丁"]
    assert result.dtype == float
    assert result["甲"] == pytest.approx(ratio(*args))
    assert math.isnan(result["乙"]) != signed  # a negative is fine only where it can occur
    blank_means = ratio(*_with(args, position, None)) if (ratio, position) in OPTIONAL else None
    if blank_means is None:
        assert math.isnan(result["丙"]) and math.isnan(result["丁"])
    else:
        assert result["丙"] == pytest.approx(blank_means)


def test_vectorised_zero_denominators_are_blank_and_other_rows_kept():
    result = current_ratio(pd.Series([300.0, 300.0]), np.array([200.0, 0.0]))
    assert result.iloc[0] == 1.5 and math.isnan(result.iloc[1])
    assert list(result.index) == [0, 1]
    turnover = dso(pd.Series([3600.0, 3600.0]), 400.0, pd.Series([200.0, np.nan]))
    assert turnover.tolist() == [30.0, 40.0]  # a blank opening balance: the closing one alone
