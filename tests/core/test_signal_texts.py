"""预警信号 as the monitoring sheet prints them, at each threshold's edge, under the default
policy and under a stricter one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from ledger_rows import AS_OF, ledger

from creditbook.core.monitoring import Signal, review_customers, warning_signals
from creditbook.core.policy import preset

D = Decimal
ABC = preset("abc")
STRICT = ABC.model_copy(
    update={
        "monitoring": ABC.monitoring.model_copy(
            update={
                "utilization_watch": D("0.8"),
                "overdue_term_pct": D("0.25"),
                "severe_overdue_term_pct": D("0.75"),
                "grace_days": 5,
            }
        )
    }
)


@pytest.mark.parametrize(
    ("exposure", "limit", "expected"),
    [
        ("5000", None, [("NO_LIMIT", "关注", "未核定信用额度，当前信用敞口 ¥5,000.00")]),
        ("0", None, []),
        ("100", "0", [("OVER_LIMIT", "预警", "信用敞口 ¥100.00 超过信用额度 ¥0.00，超出 ¥100.00")]),
        ("0", "0", []),
        ("95000", "100000", [("HIGH_UTILIZATION", "关注",
                              "额度使用率 95% 超过关注线 90%"
                              "（敞口 ¥95,000.00 / 额度 ¥100,000.00）")]),
        ("90000", "100000", []),
        ("100000.01", "100000", [("OVER_LIMIT", "预警", "信用敞口 ¥100,000.01 超过信用额度 "
                                  "¥100,000.00，超出 ¥0.01（使用率 100.0%）")]),
    ],
    ids=["no-limit", "nothing-owed", "zero-limit", "zero-both", "watch", "at-watch", "one-fen"],
)  # fmt: skip
def test_limit_signals(exposure, limit, expected):
    found = warning_signals(60, 0, D(exposure), None if limit is None else D(limit))
    assert [(s.code, s.level, s.reason) for s in found] == expected


def test_no_overdue_signal_without_a_term_or_without_days_overdue():
    assert warning_signals(None, 400, D(0), D(1)) == ()
    assert warning_signals(60, 0, D(0), D(1)) == ()


def test_a_stricter_policy_warns_earlier():
    assert warning_signals(60, 20, D("85000"), D("100000"), policy=STRICT) == (
        Signal("OVERDUE_TERM", "预警", "最长逾期 20 天，超过信用期限 60 天的 25%（15 天）"),
        Signal(
            "HIGH_UTILIZATION",
            "关注",
            "额度使用率 85% 超过关注线 80%（敞口 ¥85,000.00 / 额度 ¥100,000.00）",
        ),
    )
    (severe,) = warning_signals(60, 46, D(0), D(1), policy=STRICT)
    assert severe.reason == "最长逾期 46 天，超过信用期限 60 天的 75%（45 天）"
    assert warning_signals(60, 20, D("85000"), D("100000")) == ()


def test_a_review_date_is_overdue_from_the_day_after():
    same_day = warning_signals(60, 0, D(0), D(1), next_review=AS_OF, as_of=AS_OF)
    assert same_day == ()
    (late,) = warning_signals(60, 0, D(0), D(1), next_review=dt.date(2026, 11, 29), as_of=AS_OF)
    assert late.reason == "下次复核日期 2026-11-29 已过 1 天，需重新评估"


def test_register_flags_most_serious_first():
    found = warning_signals(
        60, 0, D(0), D(1), flags=["经营亏损", "被其他供应商追讨", "资金链紧张", "重大诉讼"]
    )
    assert [(s.code, s.level, s.reason) for s in found] == [
        ("CASH_STRAIN", "严重", "信用档案标记：资金链紧张"),
        ("OPERATING_LOSS", "预警", "信用档案标记：经营亏损"),
        ("LITIGATION", "预警", "信用档案标记：重大诉讼"),
        ("PURSUED_BY_SUPPLIERS", "预警", "信用档案标记：被其他供应商追讨"),
    ]


def test_the_review_applies_the_policy_it_is_given():
    frame = ledger(
        ("KH01", "XS-1", "2026-09-01", "2026-11-10", "85000", "0", None),  # 20 days overdue
        ("KH01", "XS-0", "2025-06-01", "2025-07-01", "1000", "1000", "2025-07-04"),  # 3 late
    )
    register = _register_row("KH01", "B", 10_000_000)
    (strict,) = review_customers(frame, register, AS_OF, STRICT)
    assert [s.code for s in strict.signals] == ["OVERDUE_TERM", "HIGH_UTILIZATION"]
    assert strict.behaviour.overdue_count == 1  # XS-1 only: 3 days late is within grace
    (default,) = review_customers(frame, register, AS_OF)
    assert [s.code for s in default.signals] == []
    assert default.behaviour.overdue_count == 2
    assert default.dunning_stage == strict.dunning_stage == "付款提醒"


def _register_row(customer_id: str, grade: str, limit_fen: int) -> pd.DataFrame:
    flags = dict.fromkeys(
        ("经营亏损", "资金链紧张", "重大诉讼", "失信被执行", "被其他供应商追讨"), False
    )
    return pd.DataFrame(
        [
            {
                "customer_id": customer_id,
                "customer_name": "苏州恒通电子有限公司",
                "grade": grade,
                "limit": limit_fen,
                "term_days": pd.NA,
                "next_review": pd.NaT,
                **flags,
            }
        ]
    )
