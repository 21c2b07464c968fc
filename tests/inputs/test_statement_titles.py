"""Title lines of running statements (whose account, from when) and the one name key."""

from __future__ import annotations

import datetime as dt

import pytest
from statement_sheets import KINGDEE_HEADER, D, lines, read

from creditbook.inputs.identifiers import name_key
from creditbook.inputs.notes import notes_of
from creditbook.inputs.statement_titles import TitleCustomer, period_start, title_customer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("客户：KH101 无锡市恒通机电设备有限公司", ("KH101", "无锡市恒通机电设备有限公司")),
        ("客户：无锡市恒通机电设备有限公司", ("", "无锡市恒通机电设备有限公司")),
        ("客户: 华东贸易有限公司", ("", "华东贸易有限公司")),
        ("往来单位：[KH102]苏州达远", ("KH102", "苏州达远")),
        ("客户名称：【C-07】常州己机械有限公司", ("C-07", "常州己机械有限公司")),
        ("客户：(0101)华东贸易", ("0101", "华东贸易")),
        ("客户：ＫＨ１０３ 宁波海联", ("KH103", "宁波海联")),  # full-width code
        ("客户：KH101 无锡市恒通   期间：2026.06-2026.11", ("KH101", "无锡市恒通")),
        ("客户：KH101 无锡市恒通 期间：2026.06", ("KH101", "无锡市恒通")),
        ("客户：无锡市 恒通机电", ("", "无锡市 恒通机电")),  # not a code before the space
        ("客户：ABC 精密", ("", "ABC 精密")),  # letters alone are not a code
    ],
)
def test_a_title_line_gives_the_code_and_the_name(text, expected):
    assert title_customer(text) == TitleCustomer(*expected)


@pytest.mark.parametrize("text", ["客户经理：王丽", "应收账款明细账", "客户：", None, 101])
def test_other_lines_name_no_customer(text):
    assert title_customer(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("期间：2026.06-2026.11", D(2026, 6, 1)),
        ("期间 2026.06–2026.11", D(2026, 6, 1)),
        ("会计期间 2026年1期至2026年11期", D(2026, 1, 1)),
        ("会计期间：2026年6期至2026年11期", D(2026, 6, 1)),
        ("2026年1月", D(2026, 1, 1)),
        ("2026年6月-2026年11月", D(2026, 6, 1)),
        ("日期：2026-06-15 至 2026-11-30", D(2026, 6, 15)),
        ("科目：1122 应收账款  日期：2026-01-01至2026-11-30", D(2026, 1, 1)),
        ("期间：2026年6月15日至2026年11月30日", D(2026, 6, 15)),
    ],
)
def test_a_period_line_gives_its_first_day(text, expected):
    assert period_start(text) == expected


@pytest.mark.parametrize(
    "text",
    ["打印日期：2026-12-01", "制表日期：2026-12-01", "2026年度", "期间：13月", "应收账款明细账"],
)
def test_other_dates_are_no_period(text):
    assert period_start(text) is None


def test_one_key_for_the_spellings_of_one_company():
    same = [
        "苏州达远精密制造有限公司",
        "苏州 达远精密制造有限公司",
        "苏州达远精密制造（有限公司）",
        "苏州达远精密制造(有限公司)",
        "苏州达远精密制造有限公司\u200b",
        "苏州达远精密制造有限公司　",
    ]
    assert {name_key(n) for n in same} == {"苏州达远精密制造有限公司"}
    assert name_key("ＡＢＣ精密（苏州）有限公司") == name_key("abc精密(苏州)有限公司")
    assert name_key("苏州达远精密制造有限公司") != name_key("苏州达远精密制造股份有限公司")


def test_rows_dated_before_the_period_start_are_aged_and_counted():
    rows = [
        ["应收账款明细账"],
        ["客户：KH1 华东贸易有限公司", None, None, "期间：2026.06-2026.11"],
        KINGDEE_HEADER,
        [None, None, "期初余额", None, None, "借", 1000],
        [D(2026, 5, 28), "记-1", "销售发货（补记）", 500, None, "借", 1500],
        [D(2026, 6, 3), "记-2", "销售发货", 200, None, "借", 1700],
    ]
    frame, problems = read(rows, default_term=30)
    assert problems == []
    assert lines(frame) == [
        ("KH1", "期初余额", "2026-06-01", "2026-07-01", 100000, 0, None),
        ("KH1", "记-1", "2026-05-28", "2026-06-27", 50000, 0, None),
        ("KH1", "记-2", "2026-06-03", "2026-07-03", 20000, 0, None),
    ]
    assert (
        "期间开始日 2026-06-01 之前的行 rows dated before the period start in 往来明细账.xlsx "
        "往来明细账: 1 行（第 5 行），已计入 read and aged"
    ) in [str(n) for n in notes_of(frame)]


def test_period_start_wins_over_the_title_and_says_so():
    rows = [
        ["期间：2026.06-2026.11"],
        ["客户：KH1 华东贸易有限公司"],
        KINGDEE_HEADER,
        [None, None, "上年结转", None, None, "借", 1000],
        [D(2026, 6, 3), "记-2", "销售发货", 200, None, "借", 1200],
    ]
    frame, problems = read(rows, default_term=30, period_start=dt.date(2026, 1, 1))
    assert problems == []
    assert lines(frame)[0] == ("KH1", "上年结转", "2026-01-01", "2026-01-31", 100000, 0, None)
    assert (
        "--period-start 2026-01-01 代替标题期间 instead of the title's period start 2026-06-01 "
        "in 往来明细账.xlsx 往来明细账"
    ) in [str(n) for n in notes_of(frame)]


def test_a_credit_opening_without_a_date_needs_no_period():
    """A 贷 opening is a prepayment, not aged: no date is needed for it."""
    rows = [
        ["客户：KH1 华东贸易有限公司"],
        KINGDEE_HEADER,
        [None, None, "期初余额", None, None, "贷", 300],
        [D(2026, 6, 3), "记-2", "销售发货", 200, None, "贷", 100],
    ]
    frame, problems = read(rows, default_term=30)
    assert problems == []
    assert lines(frame) == [("KH1", "记-2", "2026-06-03", "2026-07-03", 20000, 20000, "2026-06-03")]


def test_an_undated_row_with_an_amount_is_reported_not_taken_for_a_title_line():
    """A row that books money is an entry, even if its 摘要 reads like a title line."""
    rows = [
        ["客户：KH1 华东贸易有限公司"],
        KINGDEE_HEADER,
        [D(2026, 6, 1), "记-1", "销售发货", 500, None, "借", 500],
        [None, "记-2", "客户：华东贸易 退款", None, 100, "借", 400],
        [None, None, "期间：2026.06-2026.11", None, None, None, None],
    ]
    frame, problems = read(rows, default_term=30)
    assert [(p.row, p.column, p.message) for p in problems] == [(4, "A", "is blank（缺少必填值）")]
    assert "标题/重复表头行 1 行已跳过 title lines and repeated headers skipped（第 5 行）" in (
        " ".join([str(n) for n in notes_of(frame)])
    )


def test_a_mid_year_累计_that_adds_up_the_rows_shown_needs_no_note():
    """A hand statement from June whose 累计 sums only its own rows: it agrees, so nothing
    is said; a 本年累计 that holds earlier months is skipped with a note."""
    rows = [
        ["客户：KH1 华东贸易有限公司", None, None, "期间：2026.06-2026.11"],
        KINGDEE_HEADER,
        [D(2026, 6, 3), "记-2", "销售发货", 200, None, "借", 200],
        [D(2026, 7, 3), "记-3", "收款", None, 50, "借", 150],
        [None, None, "累计", 200, 50, "借", 150],
    ]
    frame, problems = read(rows, default_term=30)
    assert problems == []
    assert not any("本年累计未核对" in n for n in map(str, notes_of(frame)))
    rows[-1] = [None, None, "本年累计", 900, 50, "借", 150]
    frame, problems = read(rows, default_term=30)
    assert problems == []
    assert any(n.startswith("本年累计未核对 not checked in") for n in map(str, notes_of(frame)))


def test_an_opening_line_named_in_english_is_listed_as_期初余额():
    rows = [
        ["客户：KH1 华东贸易有限公司"],
        KINGDEE_HEADER,
        [D(2026, 1, 1), None, "Opening Balance", None, None, "借", 1000],
    ]
    frame, problems = read(rows, default_term=30)
    assert problems == []
    assert lines(frame)[0][:2] == ("KH1", "期初余额")
