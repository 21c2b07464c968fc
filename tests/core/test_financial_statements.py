"""Reading a pasted statement: standard Chinese line items, English aliases, prior period."""

from decimal import Decimal

import pytest

from creditbook.core.errors import InvalidValue, MissingValue
from creditbook.core.financial_statements import line_item, statements_from_rows


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("资产总计", "total_assets"),
        ("负债合计", "total_liabilities"),
        ("流动资产合计", "current_assets"),
        ("流动负债合计", "current_liabilities"),
        ("存货", "inventory"),
        ("应收账款", "receivables"),
        ("一、营业收入", "revenue"),
        ("减：营业成本", "cost_of_sales"),
        ("五、净利润（净亏损以“－”号填列）", "net_profit"),
        ("所有者权益合计", "equity"),
        ("股东权益合计", "equity"),
        ("所有者权益（或股东权益）合计", "equity"),
        ("预付款项", "other_non_quick"),
        ("Total Assets", "total_assets"),
        ("Accounts Receivable", "receivables"),
        ("Cost of goods sold", "cost_of_sales"),
        ("货币资金", None),
    ],
)
def test_line_items(label, field):
    assert line_item(label) == field


def test_balance_sheet_and_income_statement_rows():
    rows = [
        ["项目", "期末余额", "期初余额"],
        ["货币资金", 800_000, 700_000],
        ["应收账款", 1_500_000, 1_300_000],
        ["预付款项", 200_000, None],
        ["其他流动资产", 150_000, None],
        ["存货", 1_800_000, 1_600_000],
        ["流动资产合计", 6_000_000, 5_400_000],
        ["资产总计", 10_000_000, 9_000_000],
        ["一、营业收入", 18_000_000, 16_000_000],
    ]
    current, previous = statements_from_rows(rows)
    assert current.receivables == Decimal("1500000.00")
    assert current.other_non_quick == Decimal("350000.00")  # 预付款项 + 其他流动资产
    assert previous is not None
    assert previous.revenue == Decimal("16000000.00")
    assert previous.receivables == Decimal("1300000.00")


def test_two_columns_give_no_previous_period():
    current, previous = statements_from_rows([["资产总计", 100], ["负债合计", 40]])
    assert current.total_liabilities == Decimal("40.00")
    assert previous is None


def test_text_amount_names_the_row():
    with pytest.raises(InvalidValue, match="第2行「负债合计」"):
        statements_from_rows([["资产总计", 100], ["负债合计", "n/a"]])


def test_nothing_recognised_is_missing():
    with pytest.raises(MissingValue):
        statements_from_rows([["货币资金", 100]])
