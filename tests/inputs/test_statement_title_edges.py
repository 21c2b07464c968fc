"""Title lines of 用友/金蝶 running statements at their edges: which lines are titles, where a
customer's text stops, a code in brackets, and the periods that are no date."""

from __future__ import annotations

import datetime as dt

import pytest

from creditbook.inputs.statement_titles import (
    TitleCustomer,
    is_title_line,
    period_start,
    title_customer,
)

D = dt.date


def test_a_customer_is_keyed_by_its_code_when_the_title_gives_one_else_by_its_name():
    assert TitleCustomer("KH101", "无锡市恒通机电设备有限公司").key == "KH101"
    assert TitleCustomer("", "无锡市恒通机电设备有限公司").key == "无锡市恒通机电设备有限公司"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("客户编码：KH7 丁", ("KH7", "丁")),
        ("往来单位名称：KH5 乙  币种：人民币", ("KH5", "乙")),  # two spaces end the name
        ("单位名称：KH6 丙 科目：1122", ("KH6", "丙")),  # so does the account
        ("客户：KH101 无锡  市", ("KH101", "无锡")),
        ("客户:\u3000KH8\u3000戊", ("KH8", "戊")),  # full-width spaces
        ("客户：K-1/2 甲", ("K-1/2", "甲")),
        ("客户：【 KH102 】 苏州达远", ("KH102", "苏州达远")),
        ("客户：〔KH103〕宁波海联", ("KH103", "宁波海联")),
        ("客户：(华东)贸易公司", ("", "(华东)贸易公司")),  # words in brackets are no code
        ("客户：KH101", ("", "KH101")),  # a code alone is all the title says
        ("客户：KH101 无锡市恒通 机电设备有限公司", ("KH101", "无锡市恒通 机电设备有限公司")),
    ],
)
def test_title_customer_edges(text, expected):
    assert title_customer(text) == TitleCustomer(*expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("期间：2026.6", D(2026, 6, 1)),
        ("期间：  2026.06", D(2026, 6, 1)),
        ("查询期间：2026/06", D(2026, 6, 1)),
        ("所属期间 2026-06", D(2026, 6, 1)),
        ("起止日期：2026.06.05-2026.11.30", D(2026, 6, 5)),
        ("日期范围：2026-06-05", D(2026, 6, 5)),
        ("2026年6期", D(2026, 6, 1)),
        ("2026年1月至12月", D(2026, 1, 1)),
        (" 2026 年 6 月 ", D(2026, 6, 1)),
        ("期间：1999.06", D(1999, 6, 1)),
    ],
)
def test_period_start_edges(text, expected):
    assert period_start(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "日期：2026-02-30 至 2026-03-31",  # no such day
        "期间：2026.13",  # no such month
        "2026年1月 应收账款",  # a month inside a sentence
        None,
        20260601,
    ],
)
def test_no_period_start(text):
    assert period_start(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "科目：1122 应收账款",
        "会计科目：1122",
        "币种:人民币",
        "本币：人民币",
        "部门：销售一部",
        "业务员：王芳",
        "单位：元",
        "期间：2026.06-2026.11",
        "2026年6月",
        "客户：KH1 甲",
    ],
)
def test_lines_printed_above_a_block_are_title_lines(text):
    assert is_title_line(text) is True


@pytest.mark.parametrize(
    "text", ["科目 1122", "应收账款明细账", "单据日期", "打印日期：2026-12-01", "", None, 5]
)
def test_headers_names_and_footers_are_not_title_lines(text):
    assert is_title_line(text) is False
