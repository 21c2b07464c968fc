"""The Jinja filters documents use: money, 大写, Chinese dates, percentages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from creditbook.documents.render import TemplateError, cn_date, money, num, pct, rmb_upper


def test_money_has_thousands_separators_and_two_decimals():
    assert money(Decimal("30778.27")) == "30,778.27"
    assert money(Decimal("480000")) == "480,000.00"
    assert money(None) == "—"


def test_rmb_upper_follows_the_pboc_rules():
    assert rmb_upper(Decimal("30778.27")) == "人民币叁万零柒佰柒拾捌元贰角柒分"
    assert rmb_upper(Decimal("100000")) == "人民币壹拾万元整"


def test_cn_date_writes_year_month_day_without_padding():
    assert cn_date(dt.date(2026, 11, 30)) == "2026年11月30日"
    assert cn_date(dt.date(2027, 1, 5)) == "2027年1月5日"
    assert cn_date("2026-03-01") == "2026年3月1日"
    with pytest.raises(TemplateError):
        cn_date(42)


def test_pct_and_num():
    assert pct(0.917) == "91.7%"
    assert pct(1) == "100.0%"
    assert num(78.6) == "78.6"
    assert num(8.0) == "8"
    assert num(6.456) == "6.46"
