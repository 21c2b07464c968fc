"""Each ratio against figures worked by hand, its errors, and the same over pandas columns."""

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from creditbook.core.errors import ImpossibleValue, InvalidValue, MissingValue, ZeroDenominator
from creditbook.core.models import Statement
from creditbook.core.ratios import (
    current_ratio,
    debt_ratio,
    dio,
    dso,
    growth,
    net_margin,
    quick_ratio,
    ratio_notes,
    ratios_from_statement,
    roe,
    values_only,
)


def test_debt_ratio():
    # 负债 5,200,000 / 资产 10,000,000 = 0.52
    assert debt_ratio(Decimal("5200000"), Decimal("10000000")) == pytest.approx(0.52)


def test_current_ratio():
    # 流动资产 6,000,000 / 流动负债 3,500,000 = 1.714285…
    assert current_ratio(6_000_000, 3_500_000) == pytest.approx(12 / 7)


def test_quick_ratio_subtracts_inventory_and_other_non_quick_assets():
    # (6,000,000 − 1,800,000) / 3,500,000 = 1.2
    assert quick_ratio(6_000_000, 1_800_000, 3_500_000) == pytest.approx(1.2)
    # (6,000,000 − 1,800,000 − 350,000) / 3,500,000 = 1.1
    assert quick_ratio(6_000_000, 1_800_000, 3_500_000, 350_000) == pytest.approx(1.1)


def test_dso_uses_closing_balance_alone_without_opening():
    # 360 × 1,500,000 / 18,000,000 = 30 days
    assert dso(18_000_000, 1_500_000) == pytest.approx(30)


def test_dso_averages_opening_and_closing():
    # 360 × (1,500,000 + 1,300,000)/2 / 18,000,000 = 28 days
    assert dso(18_000_000, 1_500_000, 1_300_000) == pytest.approx(28)


def test_dso_on_a_365_day_basis():
    # 365 × 1,500,000 / 18,000,000 = 30.4166…
    assert dso(18_000_000, 1_500_000, days=365) == pytest.approx(365 / 12)


def test_dio():
    # 360 × (1,800,000 + 1,600,000)/2 / 14,000,000 = 43.714…
    assert dio(14_000_000, 1_800_000, 1_600_000) == pytest.approx(360 * 1_700_000 / 14_000_000)


def test_net_margin_may_be_negative():
    assert net_margin(900_000, 18_000_000) == pytest.approx(0.05)
    assert net_margin(-360_000, 18_000_000) == pytest.approx(-0.02)


def test_roe_on_average_equity():
    # 900,000 / ((4,800,000 + 4,200,000)/2) = 0.2
    assert roe(900_000, 4_800_000, 4_200_000) == pytest.approx(0.2)
    assert roe(900_000, 4_800_000) == pytest.approx(0.1875)


def test_growth():
    assert growth(18_000_000, 16_000_000) == pytest.approx(0.125)
    assert growth(14_400_000, 16_000_000) == pytest.approx(-0.1)
    # from a loss of 100 to a loss of 50 is an improvement of 50%
    assert growth(-50, -100) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: debt_ratio(100, 0), ZeroDenominator),
        (lambda: debt_ratio(100, -5), ImpossibleValue),
        (lambda: debt_ratio(-1, 100), ImpossibleValue),
        (lambda: debt_ratio(None, 100), MissingValue),
        (lambda: debt_ratio("abc", 100), InvalidValue),
        (lambda: debt_ratio(True, 100), InvalidValue),
        (lambda: current_ratio(100, 0), ZeroDenominator),
        (lambda: quick_ratio(100, -1, 50), ImpossibleValue),
        (lambda: dso(0, 100), ZeroDenominator),
        (lambda: dso(-10, 100), ImpossibleValue),
        (lambda: dso(100, 100, days=0), ImpossibleValue),
        (lambda: dio(100, None), MissingValue),
        (lambda: net_margin(10, 0), ZeroDenominator),
        (lambda: roe(10, -100), ImpossibleValue),
        (lambda: roe(10, 0), ZeroDenominator),
        (lambda: growth(10, 0), ZeroDenominator),
    ],
)
def test_errors(call, error):
    with pytest.raises(error):
        call()


def test_vectorised_rows_match_the_scalar_ratio_and_bad_rows_are_nan():
    frame = pd.DataFrame(
        {
            "revenue": [18_000_000, 0, 12_000_000, -5, None],
            "ar_end": [1_500_000, 100, 1_000_000, 100, 100],
            "ar_begin": [1_300_000, 100, np.nan, 100, 100],
        },
        index=["C001", "C002", "C003", "C004", "C005"],
    )
    result = dso(frame["revenue"], frame["ar_end"], frame["ar_begin"])
    assert list(result.index) == list(frame.index)
    assert result["C001"] == pytest.approx(28)
    assert result["C003"] == pytest.approx(30)  # no opening balance: closing alone
    assert result[["C002", "C004", "C005"]].isna().all()


def test_vectorised_with_a_scalar_argument():
    result = debt_ratio(pd.Series([40.0, 60.0]), 100)
    assert result.tolist() == pytest.approx([0.4, 0.6])


STATEMENT = Statement(
    total_assets=10_000_000,
    total_liabilities=5_200_000,
    current_assets=6_000_000,
    current_liabilities=3_500_000,
    inventory=1_800_000,
    receivables=1_500_000,
    revenue=18_000_000,
    cost_of_sales=14_000_000,
    net_profit=900_000,
    equity=4_800_000,
)
PREVIOUS = Statement(
    receivables=1_300_000, inventory=1_600_000, revenue=16_000_000, equity=4_200_000
)


def test_ratios_from_statement_are_exact_decimals_with_previous_period():
    ratios = ratios_from_statement(STATEMENT, PREVIOUS)
    assert ratios["资产负债率"] == Decimal("0.52")
    assert ratios["应收账款周转天数"] == Decimal("28")
    assert ratios["净资产收益率"] == Decimal("0.2")
    assert ratios["销售增长率"] == Decimal("0.125")


def test_a_ratio_that_cannot_be_computed_holds_its_error():
    ratios = ratios_from_statement(STATEMENT)
    assert isinstance(ratios["销售增长率"], MissingValue)
    assert ratios["应收账款周转天数"] == Decimal("30")
    assert values_only(ratios)["销售增长率"] is None


def test_a_debt_ratio_of_exactly_40_percent_is_exactly_0_4():
    # As floats 2220628.98 / 5551572.45 = 0.39999999999999997, below the 40% edge.
    assert 2220628.98 / 5551572.45 < 0.4
    exact = Statement(total_liabilities=Decimal("2220628.98"), total_assets=Decimal("5551572.45"))
    assert ratios_from_statement(exact)["资产负债率"] == Decimal("0.4")
    assert debt_ratio(2220628.98, 5551572.45) == 0.4  # floats read as Excel shows them
    below = Statement(total_liabilities=Decimal("2220628.97"), total_assets=Decimal("5551572.45"))
    assert ratios_from_statement(below)["资产负债率"] < Decimal("0.4")


def test_zero_current_liabilities_reads_as_the_best_liquidity_with_a_note():
    statement = STATEMENT.model_copy(update={"current_liabilities": Decimal("0.00")})
    ratios = ratios_from_statement(statement)
    assert ratios["流动比率"] == Decimal("Infinity")
    assert ratios["速动比率"] == Decimal("Infinity")
    assert ratio_notes(statement) == {
        "流动比率": "无流动负债：按最优档计分 no current liabilities: best band",
        "速动比率": "无流动负债：按最优档计分 no current liabilities: best band",
    }
    with pytest.raises(ZeroDenominator):
        current_ratio(6_000_000, 0)  # the worksheet function still shows #DIV/0!


def test_zero_revenue_and_negative_equity_keep_their_documented_errors():
    statement = STATEMENT.model_copy(update={"revenue": Decimal(0), "equity": Decimal(-5)})
    ratios = ratios_from_statement(statement, PREVIOUS)
    assert isinstance(ratios["应收账款周转天数"], ZeroDenominator)
    assert isinstance(ratios["销售净利率"], ZeroDenominator)
    assert isinstance(ratios["净资产收益率"], ImpossibleValue)
    assert ratios["销售增长率"] == Decimal("-1")


def test_dso_counts_notes_receivable_unless_switched_off():
    # 应收账款 1,500,000 + 应收票据 300,000 over revenue 18,000,000 → 36 days; 30 without.
    statement = STATEMENT.model_copy(update={"notes_receivable": Decimal("300000")})
    assert ratios_from_statement(statement)["应收账款周转天数"] == Decimal("36")
    assert ratios_from_statement(statement, include_notes=False)["应收账款周转天数"] == 30
    opening = PREVIOUS.model_copy(update={"notes_receivable": Decimal("100000")})
    # average of (1,800,000, 1,400,000) = 1,600,000 → 32 days
    assert ratios_from_statement(statement, opening)["应收账款周转天数"] == Decimal("32")


def test_vectorised_over_fen_and_decimal_columns():
    # DataFrames carry money as int64 fen; ratios are the same in fen as in yuan
    fen = pd.Series([1_800_000_000, 1_200_000_000], dtype="int64")
    receivables = pd.Series([150_000_000, 100_000_000], dtype="int64")
    assert dso(fen, receivables).tolist() == pytest.approx([30, 30])
    decimals = pd.Series([Decimal("40.5"), Decimal("1")], dtype=object)
    assets = pd.Series([Decimal("100"), Decimal("0")], dtype=object)
    result = debt_ratio(decimals, assets)
    assert result[0] == pytest.approx(0.405) and np.isnan(result[1])
