"""付款准时率 is a share of a whole: outside 0–100% it is refused by every route, never
scored (63.64 written for 63.64% would read as 6364% and earn the best band)."""

from __future__ import annotations

import pandas as pd
import pytest

from creditbook.core.assessment import assess
from creditbook.core.errors import ImpossibleValue
from creditbook.core.models import Customer
from creditbook.core.policy import preset
from creditbook.core.scoring import score, score_portfolio

CUSTOMER = Customer(customer_id="KH01", name="甲公司")


def test_assess_refuses_an_on_time_rate_of_63_64():
    with pytest.raises(ImpossibleValue) as raised:
        assess(CUSTOMER, (), {"付款准时率": 63.64}, None, "abc")
    assert str(raised.value) == (
        "付款准时率须在 0–100% 之间 must be 0–100% (got 63.64)，63.64 是否应为 63.64%？"
    )


def test_a_negative_rate_is_refused_without_a_percent_hint():
    with pytest.raises(ImpossibleValue) as raised:
        score({"on_time_rate": -0.1}, preset("abc"))
    assert str(raised.value) == "付款准时率须在 0–100% 之间 must be 0–100% (got -0.1)"


@pytest.mark.parametrize("rate", [0, 1, 0.6364])
def test_rates_from_0_to_100_percent_are_scored(rate):
    assert score({"付款准时率": rate}, preset("abc")).lines[4].value == rate


def test_a_portfolio_names_the_rows_with_a_rate_over_100_percent():
    frame = pd.DataFrame({"付款准时率": [0.9, 63.64, 1.0]}, index=["KH01", "KH02", "KH03"])
    with pytest.raises(ImpossibleValue) as raised:
        score_portfolio(frame, preset("abc"))
    assert str(raised.value) == (
        "付款准时率须在 0–100% 之间 must be 0–100% (got 63.64)，63.64 是否应为 63.64%？"
        " (rows ['KH02'])"
    )
