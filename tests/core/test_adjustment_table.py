"""调整建议 for every grade of a scale, at each signal level: the whole advice, figure by figure.

Columns: grade, limit, term advice (上调/维持/下调/暂停), the suggested grade and its term.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from creditbook.core.monitoring import Signal, recommend_adjustment
from creditbook.core.receivables import PaymentBehaviour

AS_OF = dt.date(2026, 11, 30)
SIGNALS = {
    "严重": (Signal("CASH_STRAIN", "严重", "信用档案标记：资金链紧张"),),
    "预警": (Signal("OVERDUE_TERM", "预警", "最长逾期 45 天，超过信用期限 60 天的 50%（30 天）"),),
    "关注": (Signal("HIGH_UTILIZATION", "关注", "额度使用率 95% 超过关注线 90%"),),
    "无": (),
}
SUSPEND = "暂停信用交易，改为现款结算，并催收欠款"
CLEAN = "近 12 个月无逾期，付款准时率 100%，信用状况良好"
TABLE = [
    # preset, grade, level, advice, suggested grade, suggested term
    ("abc", "A", "严重", ("下调", "暂停", "暂停"), "B", 0),
    ("abc", "A", "预警", ("下调", "下调", "下调"), "B", 45),
    ("abc", "A", "关注", ("维持", "维持", "维持"), "A", 60),
    ("abc", "A", "无", ("维持", "上调", "维持"), "A", 60),  # already the top grade
    ("abc", "B", "严重", ("下调", "暂停", "暂停"), "C", 0),
    ("abc", "B", "预警", ("下调", "下调", "下调"), "C", 30),
    ("abc", "B", "关注", ("维持", "维持", "维持"), "B", 45),
    ("abc", "B", "无", ("上调", "上调", "上调"), "A", 60),
    ("abc", "C", "严重", ("维持", "暂停", "暂停"), "C", 0),  # already the bottom grade
    ("abc", "C", "预警", ("维持", "下调", "维持"), "C", 30),
    ("abc", "C", "无", ("上调", "上调", "上调"), "B", 45),
    ("abcd", "C", "严重", ("下调", "暂停", "暂停"), "D", 0),
    ("abcd", "C", "预警", ("下调", "下调", "下调"), "D", 0),  # D is cash only: term 0
    ("abcd", "D", "预警", ("维持", "下调", "维持"), "D", 0),
    ("abcd", "D", "关注", ("维持", "维持", "维持"), "D", 0),
    ("abcd", "D", "无", ("上调", "上调", "上调"), "C", 30),
    ("abc", None, "严重", ("维持", "暂停", "暂停"), None, 0),  # no grade on file
    ("abc", None, "预警", ("维持", "下调", "维持"), None, None),
    ("abc", None, "关注", ("维持", "维持", "维持"), None, None),
    ("abc", "Z", "无", ("维持", "上调", "维持"), None, None),  # a grade the policy lacks
]


def _clean_year() -> PaymentBehaviour:
    return PaymentBehaviour("KH0001", 12, 12, 1.0, 1.0, 0, Decimal(0), None, 0, None)


@pytest.mark.parametrize(
    ("name", "grade", "level", "advice", "suggested", "term"),
    TABLE,
    ids=[f"{row[0]}-{row[1]}-{n}" for n, row in enumerate(TABLE)],
)
def test_advice_for_each_grade_and_level(name, grade, level, advice, suggested, term):
    result = recommend_adjustment(
        grade, SIGNALS[level], _clean_year(), dt.date(2024, 1, 1), AS_OF, name
    )
    assert (result.grade, result.limit, result.term) == advice
    assert (result.suggested_grade, result.suggested_term_days) == (suggested, term)
    reasons = tuple(s.reason for s in SIGNALS[level])
    expected = {"严重": (*reasons, SUSPEND), "无": (CLEAN,)}.get(level, reasons)
    assert result.reasons == expected
    assert result.summary == f"等级{advice[0]}、额度{advice[1]}、期限{advice[2]}"


def test_a_blocked_upgrade_keeps_the_grade_and_its_term():
    late = PaymentBehaviour("KH0001", 12, 10, 10 / 12, 0.8, 2, Decimal(0), 3.0, 5, None)
    result = recommend_adjustment("B", (), late, dt.date(2024, 1, 1), AS_OF, "abc")
    assert (result.grade, result.limit, result.term) == ("维持", "维持", "维持")
    assert (result.suggested_grade, result.suggested_term_days) == ("B", 45)
    assert result.reasons == ("近 12 个月逾期 2 次，暂不上调",)


def test_a_watch_signal_and_a_blocked_upgrade_give_both_reasons():
    result = recommend_adjustment(
        "B", SIGNALS["关注"], _clean_year(), dt.date(2026, 6, 1), AS_OF, "abc"
    )
    assert result.reasons == (SIGNALS["关注"][0].reason, "合作不足 12 个月，暂不上调")


def test_no_payment_to_judge_blocks_the_upgrade():
    empty = PaymentBehaviour("KH0001", 0, 0, None, None, 0, Decimal(0), None, 0, None)
    result = recommend_adjustment("B", (), empty, dt.date(2024, 1, 1), AS_OF, "abc")
    assert result.reasons == ("近 12 个月无可评价的付款记录，暂不上调",)
    assert recommend_adjustment("B", (), None, dt.date(2024, 1, 1), AS_OF, "abc").reasons == (
        "近 12 个月无可评价的付款记录，暂不上调",
    )
    assert recommend_adjustment("B", (), empty, None, AS_OF, "abc").reasons == (
        "合作不足 12 个月，暂不上调",
    )


def test_a_record_starting_exactly_twelve_months_back_is_long_enough():
    result = recommend_adjustment("B", (), _clean_year(), dt.date(2025, 11, 30), AS_OF, "abc")
    assert result.grade == "上调"
    later = recommend_adjustment("B", (), _clean_year(), dt.date(2025, 12, 1), AS_OF, "abc")
    assert later.reasons == ("合作不足 12 个月，暂不上调",)
