"""Evaluation workbook cells: amounts in Chinese units, a sheet's unit, refusals named by cell."""

from decimal import Decimal

import pytest

from creditbook.core.models import Statement
from creditbook.inputs.evaluation import read_statements
from creditbook.inputs.evaluation_cells import (
    Problems,
    parse_amount,
    parse_day,
    parse_rating,
    shown,
    unit_of,
)

WAN = Decimal(10_000)


@pytest.mark.parametrize(
    ("cell", "unit", "expected"),
    [
        ("50万", Decimal(1), "500000.00"),
        ("5,000万", Decimal(1), "50000000.00"),
        ("1.2亿", Decimal(1), "120000000.00"),
        ("人民币 30万元", Decimal(1), "300000.00"),
        ("300千元", Decimal(1), "300000.00"),
        ("12元", WAN, "12.00"),  # the cell's own unit wins over the sheet's
        ("¥1,234.50", WAN, "12345000.00"),  # no unit in the cell: the sheet's 万元
        (1234.5678, WAN, "12345678.00"),
        ("(300.00)", Decimal(1), "-300.00"),
        ("—", Decimal(1), "0.00"),
        ("５０万", Decimal(1), "500000.00"),  # full-width digits
        (1.005, Decimal(1), "1.01"),
    ],
)
def test_amounts_in_chinese_units(cell, unit, expected):
    assert parse_amount(cell, unit) == Decimal(expected)


@pytest.mark.parametrize("cell", ["五十万", "万", "50万美元", "=cmd|' /C calc'!A0", True])
def test_what_is_not_an_amount_is_refused(cell):
    with pytest.raises(ValueError, match="不是金额 not an amount"):
        parse_amount(cell)


def test_blank_is_not_zero():
    assert parse_amount(None) is None and parse_amount("  ") is None


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("万元", 10_000),
        ("单位：千元", 1000),
        ("本期(万元)", 10_000),
        ("金额单位：元", 1),
        ("美元", None),
    ],
)
def test_units_named_in_a_cell_or_a_header(text, unit):
    assert unit_of(text) == (None if unit is None else Decimal(unit))


def test_dates_and_ratings_read_as_the_ledger_reader_reads_them():
    assert str(parse_day("2026年11月29日")) == "2026-11-29"
    assert str(parse_day(46355)) == "2026-11-29"  # an Excel serial number
    with pytest.raises(ValueError, match="不是日期"):
        parse_day("2026-02-30")
    assert parse_rating("４分") == 4.0
    with pytest.raises(ValueError, match="评分须为 1–5"):
        parse_rating(6)


def test_hostile_text_is_quoted_as_data():
    assert shown("[/bold]{{ x }}") == '"[/bold]{{ x }}"'
    assert shown("a\x07b") == '"a\\x07b"'
    assert shown("长" * 10_000) == '"' + "长" * 40 + '…（共 10000 字）"'


def test_a_hand_made_statement_in_wan_with_numbered_items_and_totals():
    # An export as 金蝶/用友 print it: title rows, a 单位 cell, numbered items, a 合计 line
    # that is not a statement line, and a unit of its own in one cell.
    cells = {
        "A1": "资产负债表及利润表",
        "A2": "编制单位：宁波港兴模具有限公司",
        "D2": "单位",
        "E2": "万元",
        "A3": "会计期间",
        "B3": "2025年度",
        "C3": "2024年度",
        "A4": "科目",
        "B4": "期末余额",
        "C4": "年初余额",
        "A5": "资产总计",
        "B5": 5551.572445,
        "C5": 5000,
        "A6": "负债合计",
        "B6": "2,220.628998",
        "A7": "其中：应收账款",
        "B7": "300万",
        "A8": "一、营业收入",
        "B8": "1.2亿",
        "C8": 10000,
        "A9": "减：营业成本",
        "B9": 9000,
        "A10": "合计",
        "B10": 99999,
    }
    problems = Problems()
    periods, (current, previous) = read_statements(cells, problems)
    assert list(problems) == []
    assert periods == ("2025年度", "2024年度")
    assert current == Statement(
        period="2025年度",
        total_assets=Decimal("55515724.45"),
        total_liabilities=Decimal("22206289.98"),
        receivables=Decimal("3000000.00"),
        revenue=Decimal("120000000.00"),
        cost_of_sales=Decimal("90000000.00"),
    )
    assert previous == Statement(
        period="2024年度", total_assets=Decimal("50000000.00"), revenue=Decimal("100000000.00")
    )


def test_unreadable_statement_cells_are_each_named():
    cells = {
        "D3": "单位",
        "E3": "美元",
        "A4": "科目",
        "A5": "资产总计",
        "B5": "5,000万x",
        "A6": "负债合计",
        "B6": "[/bold]{{ x }}",
        "C6": "很多",
    }
    problems = Problems()
    read_statements(cells, problems)
    assert [str(problem) for problem in problems] == [
        '财务报表!E3 单位: "美元" 应为 元、千元 或 万元',
        '财务报表!B5 资产总计: "5,000万x" 不是金额 not an amount（可写 500000、50万、1.2亿）',
        '财务报表!B6 负债合计: "[/bold]{{ x }}" 不是金额 not an amount（可写 500000、50万、1.2亿）',
        '财务报表!C6 负债合计: "很多" 不是金额 not an amount（可写 500000、50万、1.2亿）',
    ]
