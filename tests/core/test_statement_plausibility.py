"""Balance-sheet identity and unit doubts: the checks that keep a wrong figure off the limit."""

from __future__ import annotations

from decimal import Decimal

from creditbook.core.financial_statements import balance_gap, insolvent, unit_doubts
from creditbook.core.models import Statement

D = Decimal
BALANCED = Statement(total_assets=D("5000000"), total_liabilities=D("2600000"), equity=D("2400000"))


def test_a_balanced_sheet_has_no_gap():
    assert balance_gap(BALANCED) is None


def test_equity_100_times_too_large_is_a_gap():
    typo = BALANCED.model_copy(update={"equity": D("240000000")})
    assert balance_gap(typo) == D("-237600000")  # 5,000,000 − (2,600,000 + 240,000,000)


def test_the_tolerance_is_1_percent_of_total_assets():
    at_edge = BALANCED.model_copy(update={"equity": D("2450000")})  # 50,000 = 1%: accepted
    beyond = BALANCED.model_copy(update={"equity": D("2450000.01")})
    assert balance_gap(at_edge) is None
    assert balance_gap(beyond) == D("-50000.01")


def test_a_sheet_missing_a_total_is_not_checked():
    assert balance_gap(BALANCED.model_copy(update={"equity": None})) is None


def test_negative_equity_is_insolvent_and_zero_is_not():
    assert insolvent(BALANCED.model_copy(update={"equity": D("-1")}))
    assert not insolvent(BALANCED.model_copy(update={"equity": D("0")}))
    assert not insolvent(Statement())


def test_assets_ten_thousand_times_the_registered_capital_look_like_the_wrong_unit():
    wan = Statement(total_assets=D("50000000000"))  # 5,000,000 元 typed under 万元
    assert unit_doubts(wan, registered_capital=D("5000000")) == (
        "资产总计 50,000,000,000.00 元是注册资本 5,000,000.00 元的 10,000 倍，"
        "请核对财务报表的金额单位（元/千元/万元）",
    )


def test_assets_a_thousandth_of_the_registered_capital_look_like_the_wrong_unit():
    yuan_as_wan = Statement(total_assets=D("500"))  # 500 万 typed as 500 元
    assert unit_doubts(yuan_as_wan, registered_capital=D("500000")) == (
        "资产总计 500.00 元是注册资本 500,000.00 元的 0.001 倍，"
        "请核对财务报表的金额单位（元/千元/万元）",
    )


def test_assets_under_a_thousand_times_the_capital_raise_no_doubt():
    assert unit_doubts(Statement(total_assets=D("4999999999")), D("5000000")) == ()


def test_revenue_a_thousandth_of_our_invoicing_looks_like_the_wrong_unit():
    revenue_in_wan = Statement(revenue=D("3600"))  # 3,600 万 read as 元
    assert unit_doubts(revenue_in_wan, annual_invoicing=D("3600000")) == (
        "营业收入 3,600.00 元不到本公司近 12 个月对其开票额 3,600,000.00 元的千分之一，"
        "请核对财务报表的金额单位",
    )
    assert unit_doubts(Statement(revenue=D("3600.01")), annual_invoicing=D("3600000")) == ()


def test_no_capital_and_no_invoicing_raise_no_doubt():
    assert unit_doubts(Statement(total_assets=D("1"), revenue=D("1"))) == ()
