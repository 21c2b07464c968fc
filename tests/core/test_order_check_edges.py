"""订单信用校验 at its edges: the policy lets a customer buy on credit up to the limit
(信用额度内可以享受赊销) and blocks only when an invoice is *more than* N days overdue."""

from __future__ import annotations

from decimal import Decimal

import pytest

from creditbook.core.errors import ImpossibleValue
from creditbook.core.limits import PASSED, check_order
from creditbook.core.policy import preset

ABC = preset("abc")


def test_an_order_using_exactly_the_available_credit_passes():
    check = check_order(Decimal("150000.00"), 500_000, Decimal("350000.00"), 0, "A", ABC)
    assert check.passed and check.text == PASSED
    assert check.available == Decimal("150000.00")


def test_one_fen_over_the_available_credit_is_blocked_with_the_excess():
    check = check_order(Decimal("150000.01"), 500_000, Decimal("350000.00"), 0, "A", ABC)
    assert not check.passed
    assert check.reasons == ("超出信用额度：可用额度 150,000.00，订单金额 150,000.01，超出 0.01",)


def test_exactly_the_threshold_days_overdue_still_ships():
    assert check_order(1_000, 500_000, 0, 30, "B", ABC).text == PASSED


def test_one_day_past_the_threshold_blocks():
    check = check_order(1_000, 500_000, 0, 31, "B", ABC)
    assert check.reasons == ("逾期超过30天：最长逾期 31 天",)


def test_a_customer_over_the_limit_is_blocked_even_for_a_zero_order():
    check = check_order(0, 100_000, Decimal("100000.01"), 0, "A", ABC)
    assert check.available == Decimal("-0.01")
    assert check.reasons == ("超出信用额度：可用额度 -0.01，订单金额 0.00，超出 0.01",)


def test_a_zero_order_at_a_fully_used_limit_passes():
    check = check_order(0, 100_000, 100_000, 0, "A", ABC)
    assert check.passed and check.available == Decimal("0.00")


def test_the_threshold_comes_from_the_policy_given():
    policy = ABC.model_copy(
        update={"monitoring": ABC.monitoring.model_copy(update={"order_block_overdue_days": 0})}
    )
    assert check_order(1_000, 500_000, 0, 0, "B", policy).passed
    assert check_order(1_000, 500_000, 0, 1, "B", policy).reasons == ("逾期超过0天：最长逾期 1 天",)


def test_without_a_policy_the_default_preset_threshold_applies():
    assert check_order(1_000, 500_000, 0, 30).passed
    assert check_order(1_000, 500_000, 0, 31).reasons == ("逾期超过30天：最长逾期 31 天",)


@pytest.mark.parametrize(
    ("order", "limit", "days"),
    [(-1, 100, 0), (1, -100, 0), (1, 100, -1)],
)
def test_negative_inputs_are_impossible(order, limit, days):
    with pytest.raises(ImpossibleValue):
        check_order(order, limit, 0, days)


def test_zero_order_and_zero_limit_are_allowed():
    assert check_order(0, 0, 0, 0).passed
