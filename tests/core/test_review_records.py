"""监控预警记录 per customer: every figure of the review, for a registered customer, one only
in the register, one only in the ledger, and one whose old late payment is outside the window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from ledger_rows import AS_OF, ledger

from creditbook.core.monitoring import review_customers
from creditbook.core.receivables import PaymentBehaviour

D = Decimal
FLAGS = ("经营亏损", "资金链紧张", "重大诉讼", "失信被执行", "被其他供应商追讨")


def _register(*rows: dict) -> pd.DataFrame:
    base = {"customer_name": "", "grade": "", "limit": pd.NA, "term_days": pd.NA}
    base |= {"next_review": pd.NaT} | dict.fromkeys(FLAGS, False)
    return pd.DataFrame([{**base, **row} for row in rows])


@pytest.fixture
def reviews():
    frame = ledger(
        ("KH01", "XS-1", "2025-06-01", "2025-07-01", "20000", "20000", "2025-07-20"),
        ("KH01", "XS-2", "2026-09-01", "2026-10-01", "30000", "10000", "2026-10-15"),
        ("KH01", "XS-3", "2026-11-01", "2026-12-31", "5000", "0", None),
        ("KH03", "XS-9", "2026-10-20", "2026-11-20", "800", "0", None),
        ("KH04", "XS-5", "2025-01-01", "2025-02-01", "6000", "6000", "2025-03-01"),
        ("KH04", "XS-6", "2026-03-01", "2026-04-01", "9000", "9000", "2026-03-30"),
    )
    entries = _register(
        {
            "customer_id": "KH01",
            "customer_name": "苏州恒通电子有限公司",
            "grade": "B",
            "limit": 3_000_000,
            "term_days": 40,
            "next_review": pd.Timestamp("2026-11-01"),
            "重大诉讼": True,
        },
        {
            "customer_id": "KH02",
            "customer_name": "无锡乙贸易有限公司",
            "grade": "A",
            "limit": 10**7,
        },
        {
            "customer_id": "KH04",
            "customer_name": "常州丙材料有限公司",
            "grade": "B",
            "limit": 2 * 10**7,
        },
    )
    found = review_customers(frame, entries, AS_OF, "abc", open_orders={"KH01": D("2500.50")})
    return {r.customer_id: r for r in found}


def test_customers_from_ledger_and_register_are_reviewed_in_code_order(reviews):
    assert list(reviews) == ["KH01", "KH02", "KH03", "KH04"]
    assert {r.as_of for r in reviews.values()} == {AS_OF}


def test_a_registered_customer_overdue_beyond_its_own_term(reviews):
    r = reviews["KH01"]
    assert (r.customer_name, r.grade, r.limit, r.term_days) == (
        "苏州恒通电子有限公司",
        "B",
        D("30000.00"),
        40,  # the register's term, not grade B's 45
    )
    assert (r.balance, r.overdue, r.max_days_overdue, r.exposure) == (
        D("25000.00"),
        D("20000.00"),
        60,
        D("27500.50"),
    )
    assert round(r.utilization, 6) == 0.916683
    assert r.behaviour == PaymentBehaviour(
        "KH01", 2, 0, 0.0, 0.0, 2, D("20000.00"), 39.5, 60, dt.date(2025, 6, 1), 60
    )
    assert [(s.code, s.level) for s in r.signals] == [
        ("OVERDUE_TERM", "严重"),
        ("LITIGATION", "预警"),
        ("HIGH_UTILIZATION", "关注"),
        ("REVIEW_OVERDUE", "关注"),
    ]
    assert r.signals[0].reason == "最长逾期 60 天，超过信用期限 40 天的 100%（40 天）"
    assert r.signals[3].reason == "下次复核日期 2026-11-01 已过 29 天，需重新评估"
    assert r.level == "严重"
    assert (r.adjustment.grade, r.adjustment.limit, r.adjustment.suggested_grade) == (
        "下调",
        "暂停",
        "C",
    )
    assert r.dunning_stage == "催款"


def test_a_customer_only_in_the_register_owes_nothing(reviews):
    r = reviews["KH02"]
    assert (r.customer_name, r.grade, r.limit, r.term_days) == (
        "无锡乙贸易有限公司",
        "A",
        D("100000.00"),
        60,
    )
    assert (r.balance, r.overdue, r.max_days_overdue, r.exposure, r.utilization) == (
        D("0.00"),
        D("0.00"),
        0,
        D("0.00"),
        0.0,
    )
    assert r.behaviour == PaymentBehaviour("KH02", 0, 0, None, None, 0, D("0.00"), None, 0, None)
    assert r.signals == () and r.level == "" and r.dunning_stage == ""
    assert r.adjustment.reasons == ("合作不足 12 个月，暂不上调",)
    assert (r.adjustment.suggested_grade, r.adjustment.suggested_term_days) == ("A", 60)


def test_a_customer_missing_from_the_register_is_flagged_not_limited(reviews):
    r = reviews["KH03"]
    assert (r.customer_name, r.grade, r.limit, r.term_days, r.utilization) == (
        "KH03公司",
        "",
        None,
        30,  # abc's base grade C (the lowest on credit): 30 days
        None,
    )
    assert (r.balance, r.overdue, r.max_days_overdue) == (D("800.00"), D("800.00"), 10)
    reason = "未建档：客户信用档案中无此客户编码，按基础等级 C 的信用期限 30 天评估"
    assert [(s.code, s.level, s.reason) for s in r.signals] == [("NOT_REGISTERED", "关注", reason)]
    assert r.adjustment.reasons == (reason, "合作不足 12 个月，暂不上调")
    assert r.adjustment.suggested_grade is None
    assert r.dunning_stage == "付款提醒"


def test_an_old_late_payment_outside_the_window_does_not_stop_an_upgrade(reviews):
    r = reviews["KH04"]
    assert r.term_days == 45  # none in the register: grade B's term
    assert (r.behaviour.judged, r.behaviour.overdue_count) == (2, 1)  # the whole history
    assert (r.adjustment.grade, r.adjustment.limit, r.adjustment.term) == ("上调", "上调", "上调")
    assert (r.adjustment.suggested_grade, r.adjustment.suggested_term_days) == ("A", 60)
    assert (r.balance, r.utilization, r.dunning_stage) == (D("0.00"), 0.0, "")
