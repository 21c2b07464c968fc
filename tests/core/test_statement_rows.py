"""A statement pasted from 金蝶/用友: numbered and 减： prefixes, a header row, prepayments
summed into 其他非速动资产, the first of a repeated line kept, and the messages for bad rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from creditbook.core.errors import InvalidValue, MissingValue
from creditbook.core.financial_statements import normalise_item, statements_from_rows

D = Decimal

ROWS = [
    ("项目", "期末余额", "年初余额"),
    ("一、营业收入", 1200000.10, 1000000),
    ("减：营业成本", 900000, None),
    ("资产总计", D("5000000"), 4000000),
    (None, 1, 2),
    ("预付款项", 20000.5, 10000),
    ("其他流动资产", 5000, 3000),
    ("营业收入", 1, 1),  # a repeated line: the first one counts
    ("  total   liabilities ", 2500000),
    ("编制单位：苏州恒通电子有限公司", None, None),
]


def test_current_and_prior_period_from_a_pasted_statement():
    current, previous = statements_from_rows(ROWS, period="2026年")
    assert (current.period, previous.period) == ("2026年", "上期")
    assert current.revenue == D("1200000.10") and previous.revenue == D("1000000.00")
    assert current.cost_of_sales == D("900000.00") and previous.cost_of_sales is None
    assert (current.total_assets, previous.total_assets) == (D("5000000.00"), D("4000000.00"))
    assert current.total_liabilities == D("2500000.00")
    assert (current.other_non_quick, previous.other_non_quick) == (D("25000.50"), D("13000.00"))


def test_no_prior_period_without_a_third_column_and_short_rows_are_padded():
    current, previous = statements_from_rows([("资产总计", 100), ("负债合计",)])
    assert (current.period, current.total_assets, current.total_liabilities) == (
        "本期",
        D("100.00"),
        None,
    )
    assert previous is None


def test_a_text_amount_names_the_row_and_the_line():
    with pytest.raises(InvalidValue) as error:
        statements_from_rows([("科目", "期末"), ("资产总计", 100), ("负债合计", "五十万")])
    assert str(error.value) == "第3行「负债合计」: 金额不是数字 not a number: '五十万'"
    with pytest.raises(InvalidValue):
        statements_from_rows([("资产总计", True)])


def test_a_sheet_without_any_known_line_is_refused():
    with pytest.raises(MissingValue) as error:
        statements_from_rows([("科目", "期末"), ("差旅费", 100)])
    assert str(error.value) == (
        "未找到可识别的报表科目 no known statement line items (资产总计, 营业收入…)"
    )


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("一、营业收入", "营业收入"),
        ("减：营业成本", "营业成本"),
        ("Total  Assets", "total assets"),
        ("净利润 (亏损)", "净利润"),
        ("所有者权益 合计", "所有者权益合计"),
    ],
    ids=["numbered", "less", "english", "bracketed", "spaced"],
)
def test_labels_are_normalised(label, key):
    assert normalise_item(label) == key
