"""Warning signals, adjustment advice and the per-customer review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from ledger_rows import AS_OF, ledger

from creditbook.core.monitoring import (
    highest_level,
    months_before,
    recommend_adjustment,
    review_customers,
    warning_signals,
)
from creditbook.core.receivables import PaymentBehaviour

D = Decimal


def codes(signals) -> dict[str, str]:
    return {s.code: s.level for s in signals}


def test_overdue_beyond_half_the_term_is_a_warning_and_beyond_the_term_severe():
    assert warning_signals(60, 30, D(0), D(1000)) == ()
    assert codes(warning_signals(60, 31, D(0), D(1000))) == {"OVERDUE_TERM": "预警"}
    assert codes(warning_signals(60, 61, D(0), D(1000))) == {"OVERDUE_TERM": "严重"}
    (signal,) = warning_signals(60, 45, D(0), D(1000))
    assert signal.reason == "最长逾期 45 天，超过信用期限 60 天的 50%（30 天）"


def test_exposure_over_the_limit_and_high_utilisation():
    (over,) = warning_signals(60, 0, D("120000"), D("100000"))
    assert (over.code, over.level) == ("OVER_LIMIT", "预警")
    assert "超出 ¥20,000.00" in over.reason and "120%" in over.reason
    (watch,) = warning_signals(60, 0, D("95000"), D("100000"))
    assert (watch.code, watch.level) == ("HIGH_UTILIZATION", "关注")
    assert warning_signals(60, 0, D("90000"), D("100000")) == ()


def test_register_flags_and_review_date_raise_signals():
    signals = warning_signals(
        60,
        0,
        D(0),
        D(1000),
        flags=["经营亏损", "失信被执行"],
        next_review=dt.date(2026, 11, 1),
        as_of=AS_OF,
    )
    assert codes(signals) == {
        "DISHONEST_DEBTOR": "严重",
        "OPERATING_LOSS": "预警",
        "REVIEW_OVERDUE": "关注",
    }
    assert signals[0].level == "严重"  # most serious first
    assert highest_level(signals) == "严重"
    assert "已过 29 天" in signals[-1].reason


def window(judged: int, late: int) -> PaymentBehaviour:
    rate = (judged - late) / judged if judged else None
    return PaymentBehaviour("C1", judged, judged - late, rate, rate, late, D(0), None, 0, None)


def test_a_severe_signal_suspends_credit_and_lowers_the_grade():
    signals = warning_signals(45, 100, D(0), D(1000))
    advice = recommend_adjustment("B", signals, window(5, 1), dt.date(2020, 1, 1), AS_OF)
    assert (advice.grade, advice.limit, advice.term) == ("下调", "暂停", "暂停")
    assert advice.suggested_grade == "C"


def test_a_warning_lowers_grade_limit_and_term():
    signals = warning_signals(60, 40, D(0), D(1000))
    advice = recommend_adjustment("A", signals, window(5, 1), dt.date(2020, 1, 1), AS_OF)
    assert (advice.grade, advice.limit, advice.term) == ("下调", "下调", "下调")
    assert (advice.suggested_grade, advice.suggested_term_days) == ("B", 45)


def test_upgrade_needs_a_clean_window_a_long_enough_record_and_the_on_time_rate():
    clean = recommend_adjustment("B", (), window(20, 0), dt.date(2024, 1, 1), AS_OF)
    assert (clean.grade, clean.limit, clean.term) == ("上调", "上调", "上调")
    assert (clean.suggested_grade, clean.suggested_term_days) == ("A", 60)
    late_once = recommend_adjustment("B", (), window(20, 1), dt.date(2024, 1, 1), AS_OF)
    assert (late_once.grade, late_once.limit) == ("维持", "维持")
    assert late_once.reasons == ("近 12 个月逾期 1 次，暂不上调",)
    new = recommend_adjustment("B", (), window(20, 0), dt.date(2026, 6, 1), AS_OF)
    assert new.reasons == ("合作不足 12 个月，暂不上调",)
    top = recommend_adjustment("A", (), window(20, 0), dt.date(2024, 1, 1), AS_OF)
    assert (top.grade, top.limit, top.term) == ("维持", "上调", "维持")


def test_watch_signals_hold_everything():
    signals = warning_signals(60, 0, D("95000"), D("100000"))
    advice = recommend_adjustment("B", signals, window(20, 0), dt.date(2024, 1, 1), AS_OF)
    assert (advice.grade, advice.limit, advice.term) == ("维持", "维持", "维持")


def test_months_before_clamps_to_the_month_end():
    assert months_before(dt.date(2026, 5, 31), 3) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 11, 30), 12) == dt.date(2025, 11, 30)


def register(*rows: dict) -> pd.DataFrame:
    base = {
        "customer_name": "",
        "grade": "",
        "limit": pd.NA,
        "term_days": pd.NA,
        "next_review": pd.NaT,
        "经营亏损": False,
        "资金链紧张": False,
        "重大诉讼": False,
        "失信被执行": False,
        "被其他供应商追讨": False,
    }
    return pd.DataFrame([{**base, **row} for row in rows])


def test_review_combines_ledger_register_and_open_orders():
    frame = ledger(
        ("C1", "A", "2026-09-01", "2026-10-01", "50000", "0", None),
        ("C3", "B", "2026-11-01", "2026-12-01", "100", "0", None),
    )
    entries = register(
        {"customer_id": "C1", "customer_name": "甲", "grade": "A", "limit": 6000000},
        {
            "customer_id": "C2",
            "customer_name": "乙",
            "grade": "B",
            "limit": 100,
            "资金链紧张": True,
        },
    )
    reviews = {
        r.customer_id: r
        for r in review_customers(frame, entries, AS_OF, open_orders={"C1": D("10000")})
    }
    assert list(reviews) == ["C1", "C2", "C3"]
    first = reviews["C1"]
    assert (first.balance, first.exposure, first.term_days) == (D("50000.00"), D("60000.00"), 60)
    assert first.utilization == 1.0
    assert first.max_days_overdue == 60
    assert first.dunning_stage == "催款"
    assert codes(first.signals) == {"OVERDUE_TERM": "预警", "HIGH_UTILIZATION": "关注"}
    assert codes(reviews["C2"].signals) == {"CASH_STRAIN": "严重"}
    assert reviews["C2"].adjustment.limit == "暂停"
    assert codes(reviews["C3"].signals) == {"NOT_REGISTERED": "关注"}


def test_an_unregistered_customer_400_days_overdue_is_severe_and_suspended():
    frame = ledger(("C9", "A", "2025-09-01", "2025-10-26", "50000", "0", None))
    review = review_customers(frame, None, AS_OF)[0]
    assert (review.max_days_overdue, review.dunning_stage, review.term_days) == (
        400,
        "法律程序",
        30,
    )
    assert codes(review.signals) == {
        "DUNNING_LEGAL": "严重",
        "OVERDUE_TERM": "严重",
        "NOT_REGISTERED": "关注",
    }
    assert review.signals[-1].reason.startswith("未建档：")
    assert (review.level, review.adjustment.limit, review.adjustment.term) == (
        "严重",
        "暂停",
        "暂停",
    )


def test_an_overdue_residue_below_the_minimum_raises_no_signal_or_stage():
    frame = ledger(("C1", "A", "2026-09-01", "2026-10-16", "1000.00", "999.99", "2026-11-01"))
    entries = register({"customer_id": "C1", "customer_name": "甲", "grade": "A", "limit": 10**7})
    review = review_customers(frame, entries, AS_OF)[0]
    assert (review.overdue, review.max_days_overdue) == (D("0.01"), 45)
    assert review.dunning_stage == "" and "OVERDUE_TERM" not in codes(review.signals)
    assert review.adjustment.limit == "维持"


def test_an_overdue_amount_of_exactly_the_minimum_is_chased_and_one_fen_less_is_not():
    def review_of(paid: str):
        frame = ledger(("C1", "A", "2026-09-01", "2026-10-16", "1000.00", paid, "2026-11-01"))
        entries = register(
            {"customer_id": "C1", "customer_name": "甲", "grade": "A", "limit": 10**7}
        )
        return review_customers(frame, entries, AS_OF)[0]

    at_minimum, below = review_of("900.00"), review_of("900.01")
    assert (at_minimum.overdue, at_minimum.dunning_stage) == (D("100.00"), "催款")
    assert "OVERDUE_TERM" in codes(at_minimum.signals)
    assert (below.overdue, below.dunning_stage) == (D("99.99"), "")
    assert "OVERDUE_TERM" not in codes(below.signals)


def _same_term_for_a_and_b():
    from creditbook.core.policy import policy_from_dict, preset

    data = preset("abc").model_dump(mode="json")
    data["grades"][1]["term_days"] = 60  # B trades on A's 60 days
    return policy_from_dict(data)


def test_a_grade_change_between_grades_of_one_term_keeps_the_term():
    policy = _same_term_for_a_and_b()
    up = recommend_adjustment("B", (), window(20, 0), dt.date(2024, 1, 1), AS_OF, policy)
    assert (up.grade, up.limit, up.term, up.suggested_term_days) == ("上调", "上调", "维持", 60)
    assert up.reasons == ("近 12 个月无逾期，付款准时率 100%，信用状况良好",)
    signals = warning_signals(60, 40, D(0), D(1000))
    down = recommend_adjustment("A", signals, window(20, 0), dt.date(2024, 1, 1), AS_OF, policy)
    assert (down.grade, down.limit, down.term, down.suggested_grade) == (
        "下调",
        "下调",
        "维持",
        "B",
    )


def test_an_unregistered_customer_is_reviewed_at_the_lowest_grade_still_on_credit():
    from creditbook.core.monitoring import base_grade
    from creditbook.core.policy import preset

    assert [(base_grade(preset(name)).grade, base_grade(preset(name)).term_days)
            for name in ("abc", "abcd", "aaa")] == [("C", 30), ("C", 30), ("B", 30)]  # fmt: skip
