"""Temporary limits across their dates and group exposure, with hand-computed figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ledger_rows import AS_OF, ledger

from creditbook.core.exposure import (
    Group,
    TemporaryLimit,
    effective_limit,
    group_limit_excess,
    group_position,
    temporary_state,
)
from creditbook.core.monitoring import review_customers, review_groups
from creditbook.core.policy import preset

D = Decimal
SPRING = TemporaryLimit(D("50000.00"), dt.date(2026, 3, 1), dt.date(2026, 5, 31), "LS-2026-003")


@pytest.mark.parametrize(
    ("day", "limit"),
    [
        (dt.date(2026, 2, 28), D("200000.00")),  # the day before 生效日
        (dt.date(2026, 3, 1), D("250000.00")),  # 生效日 itself counts
        (dt.date(2026, 4, 15), D("250000.00")),
        (dt.date(2026, 5, 31), D("250000.00")),  # 到期日 itself counts
        (dt.date(2026, 6, 1), D("200000.00")),  # the day after 到期日
    ],
)
def test_the_temporary_amount_counts_from_its_first_to_its_last_day(day, limit):
    assert effective_limit(D("200000.00"), SPRING, day) == limit


def test_missing_parts_of_a_temporary_limit_never_raise_the_limit():
    day = dt.date(2026, 4, 15)
    no_end = TemporaryLimit(D("50000.00"), dt.date(2026, 3, 1), None)
    no_start = TemporaryLimit(D("50000.00"), None, dt.date(2026, 5, 31))
    blank = TemporaryLimit(None, dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    backwards = TemporaryLimit(D("50000.00"), dt.date(2026, 5, 31), dt.date(2026, 3, 1))
    for temporary in (no_end, no_start, blank, backwards, None):
        assert effective_limit(D("200000.00"), temporary, day) == D("200000.00")
    assert effective_limit(None, SPRING, day) is None  # a temporary amount alone sets none
    assert temporary_state(no_end, day, 7) == "资料不全"


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (dt.date(2026, 2, 28), "未生效"),
        (dt.date(2026, 3, 1), "生效中"),  # 生效日 itself counts
        (dt.date(2026, 5, 23), "生效中"),  # 8 days left
        (dt.date(2026, 5, 24), "即将到期"),  # 7 days left: within the notice
        (dt.date(2026, 5, 31), "即将到期"),
        (dt.date(2026, 6, 1), "已到期"),
    ],
)
def test_the_state_of_a_temporary_limit(day, state):
    assert temporary_state(SPRING, day, 7) == state


def test_a_temporary_limit_without_an_amount_is_none_or_incomplete():
    day = dt.date(2026, 4, 15)
    assert temporary_state(None, day, 7) == ""
    assert temporary_state(TemporaryLimit(None, None, None), day, 7) == ""
    assert temporary_state(TemporaryLimit(D("0"), None, None), day, 7) == ""
    # dates typed but the amount left 0 or blank: the row is incomplete, not "no limit"
    dated = (dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    assert temporary_state(TemporaryLimit(D("0"), *dated), day, 7) == "资料不全"
    assert temporary_state(TemporaryLimit(None, *dated), day, 7) == "资料不全"


def test_a_group_is_named_by_its_name_or_code_only():
    group = Group(" 华辰控股集团 ", "HC01")
    assert group.matches("华辰控股集团") and group.matches(" HC01 ")
    assert not group.matches("华辰集团") and not group.matches("")
    assert not Group("", "").matches("  ")


def test_a_member_exactly_at_its_own_limit_is_not_over_it():
    exposures = {"K1": D("100000.00"), "K2": D("100000.01")}
    limits = {"K1": D("100000.00"), "K2": D("100000.00")}
    position = group_position(Group("G", limit=D("300000.00")), exposures, limits)
    assert position.over_own_limit == ("K2",)
    assert position.member_limits == D("200000.00")


def test_the_group_limit_rule_names_the_excess_and_the_cell():
    assert group_limit_excess(D("300000"), D("200000"), True, "档案.xlsx 集团!C5") == (
        "集团额度 ¥300,000.00 超过各成员信用额度之和 ¥200,000.00，超出 ¥100,000.00"
        "（政策：集团额度不超过成员额度之和），见 档案.xlsx 集团!C5"
    )
    assert group_limit_excess(D("300000"), D("200000"), True).endswith("成员额度之和）")
    assert group_limit_excess(D("200000"), D("200000"), True) == ""  # equal is within
    assert group_limit_excess(D("300000"), D("200000"), False) == ""  # rule off
    assert group_limit_excess(None, D("200000"), True) == ""
    assert group_limit_excess(D("300000"), None, True) == ""


def register(*rows: dict) -> pd.DataFrame:
    base = {
        "customer_name": "",
        "grade": "A",
        "limit": pd.NA,
        "term_days": 60,
        "next_review": pd.NaT,
        "group": "",
        "temporary_limit": pd.NA,
        "temporary_starts": pd.NaT,
        "temporary_ends": pd.NaT,
    }
    frame = pd.DataFrame([{**base, **row} for row in rows])
    for column in ("limit", "temporary_limit"):
        frame[column] = frame[column].astype("Int64")
    for column in ("temporary_starts", "temporary_ends", "next_review"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def codes(signals) -> dict[str, str]:
    return {s.code: s.level for s in signals}


def test_an_expired_temporary_limit_with_the_balance_above_the_base_limit_is_a_warning():
    # 120,000 open, due 2026-12-20 (not overdue); base 100,000 + 50,000 until 2026-11-20.
    frame = ledger(
        ("C1", "A1", "2026-10-21", "2026-12-20", "120000.00", "0", None),
        ("C2", "B1", "2026-10-21", "2026-12-20", "80000.00", "0", None),
    )
    entries = register(
        {
            "customer_id": "C1",
            "limit": 10_000_000,
            "temporary_limit": 5_000_000,
            "temporary_starts": "2026-09-01",
            "temporary_ends": "2026-11-20",
        },
        {
            "customer_id": "C2",
            "limit": 10_000_000,
            "temporary_limit": 5_000_000,
            "temporary_starts": "2026-09-01",
            "temporary_ends": "2026-11-20",
        },
    )
    over, within = review_customers(frame, entries, AS_OF)
    assert (over.limit, over.base_limit, over.temporary_state) == (
        D("100000.00"),
        D("100000.00"),
        "已到期",
    )
    expired = next(s for s in over.signals if s.code == "TEMPORARY_EXPIRED")
    assert expired.level == "预警"
    assert expired.reason == (
        "临时额度已到期，余额超出信用额度：临时额度 ¥50,000.00 于 2026-11-20 到期，"
        "应收余额 ¥120,000.00 超过信用额度 ¥100,000.00，超出 ¥20,000.00"
    )
    assert codes(over.signals) == {"OVER_LIMIT": "预警", "TEMPORARY_EXPIRED": "预警"}
    # 80,000 within the base 100,000: expired, but no signal and nothing to lower
    assert within.temporary_state == "已到期"
    assert codes(within.signals) == {}


def test_a_temporary_limit_ending_within_the_notice_days_is_flagged_and_still_counts():
    frame = ledger(("C1", "A1", "2026-10-21", "2026-12-20", "120000.00", "0", None))
    entries = register(
        {
            "customer_id": "C1",
            "limit": 10_000_000,
            "temporary_limit": 5_000_000,
            "temporary_starts": "2026-11-01",
            "temporary_ends": "2026-12-07",  # 7 days after 2026-11-30
        }
    )
    (review,) = review_customers(frame, entries, AS_OF)
    assert review.limit == D("150000.00") and review.temporary_state == "即将到期"
    assert review.utilization == 0.8  # 120,000 / 150,000
    assert codes(review.signals) == {"TEMPORARY_EXPIRING": "关注"}
    assert review.signals[0].reason == (
        "临时额度 ¥50,000.00 将于 2026-12-07 到期（剩 7 天，提前 7 天提示），"
        "到期后额度回落为 ¥100,000.00"
    )
    later = register({**entries.iloc[0].to_dict(), "temporary_ends": "2026-12-08"})
    (review,) = review_customers(frame, later, AS_OF)
    assert review.temporary_state == "生效中" and codes(review.signals) == {}


GROUP_LEDGER = (
    ("K1", "A1", "2026-10-21", "2026-12-20", "90000.00", "0", None),
    ("K2", "B1", "2026-10-21", "2026-12-20", "70000.00", "0", None),
    ("K3", "C1", "2026-10-21", "2026-12-20", "60000.00", "10000.00", "2026-11-10"),
    ("K4", "D1", "2026-10-21", "2026-12-20", "5000.00", "0", None),
)


def group_register(group_limit_owner: str = "华信集团") -> pd.DataFrame:
    return register(
        {"customer_id": "K1", "limit": 10_000_000, "group": group_limit_owner},
        {"customer_id": "K2", "limit": 8_000_000, "group": "HX01"},
        {"customer_id": "K3", "limit": 6_000_000, "group": "华信集团"},
        {"customer_id": "K4", "limit": 1_000_000},
    )


def test_a_group_over_its_limit_though_each_member_is_within_its_own():
    # members: 90,000/100,000, 70,000/80,000, 50,000/60,000 → 210,000 against 200,000
    reviews = review_customers(ledger(*GROUP_LEDGER), group_register(), AS_OF)
    assert all(codes(r.signals) == {} for r in reviews if r.customer_id != "K4")
    group = Group("华信集团", "HX01", D("200000.00"), dt.date(2026, 1, 5))
    (row,) = review_groups(reviews, [group], preset("abc"))
    position = row.position
    assert position.members == ("K1", "K2", "K3")
    assert (position.exposure, position.available) == (D("210000.00"), D("-10000.00"))
    assert position.utilization == D("1.05")
    assert position.member_limits == D("240000.00") and position.over_own_limit == ()
    (signal,) = row.signals
    assert (signal.code, signal.level) == ("GROUP_OVER_LIMIT", "预警")
    assert signal.reason == (
        "集团超额：华信集团 集团敞口 ¥210,000.00 超过集团额度 ¥200,000.00，超出 ¥10,000.00"
        "（使用率 105%），各成员均未超出本身额度"
    )


@pytest.mark.parametrize(
    ("limit", "code"),
    [
        ("233333.34", None),  # 210,000 / 233,333.34 = 89.99999…%
        ("233333.33", "GROUP_HIGH_UTILIZATION"),  # 90.000000…%
        ("210000.00", "GROUP_HIGH_UTILIZATION"),  # 100%: not over
        ("209999.99", "GROUP_OVER_LIMIT"),
        ("240000.00", None),  # 87.5%, and exactly the sum of the members' limits
    ],
)
def test_group_use_at_or_above_the_watch_share_is_flagged(limit, code):
    reviews = review_customers(ledger(*GROUP_LEDGER), group_register(), AS_OF)
    (row,) = review_groups(reviews, [Group("华信集团", "HX01", D(limit))], preset("abc"))
    assert [s.code for s in row.signals] == ([code] if code else [])


def test_a_group_limit_above_the_sum_of_its_members_limits_is_flagged_as_the_policy_says():
    reviews = review_customers(ledger(*GROUP_LEDGER), group_register(), AS_OF)
    group = [Group("华信集团", "HX01", D("240000.01"))]
    (row,) = review_groups(reviews, group, preset("abc"))
    (signal,) = row.signals
    assert (signal.code, signal.level) == ("GROUP_LIMIT_ABOVE_MEMBERS", "关注")
    assert signal.reason == (
        "集团额度 ¥240,000.01 超过各成员信用额度之和 ¥240,000.00，超出 ¥0.01"
        "（政策：集团额度不超过成员额度之和）"
    )
    lenient = preset("abc").model_copy(
        update={"group": preset("abc").group.model_copy(update={"cap_at_member_sum": False})}
    )
    assert review_groups(reviews, group, lenient)[0].signals == ()


def test_group_use_of_exactly_the_watch_share_is_flagged_and_a_fen_less_is_not():
    exposures = {"K1": D("90000.00")}
    at = group_position(Group("G", limit=D("100000.00")), exposures)
    assert at.utilization == D("0.9")
    from creditbook.core.exposure import group_reasons

    assert [r[0] for r in group_reasons(at, D("0.9"))] == ["GROUP_HIGH_UTILIZATION"]
    below = group_position(Group("G", limit=D("100000.00")), {"K1": D("89999.99")})
    assert group_reasons(below, D("0.9")) == ()


def test_a_group_named_in_the_register_but_not_in_the_group_sheet_has_no_limit():
    reviews = review_customers(ledger(*GROUP_LEDGER), group_register(), AS_OF)
    unlisted = review_groups(reviews, [], preset("abc"))
    # K2 names the group by its code, so without the sheet it is a second, unlisted group
    assert [r.position.group.label for r in unlisted] == ["HX01", "华信集团"]
    assert [r.position.members for r in unlisted] == [("K2",), ("K1", "K3")]
    for row in unlisted:
        assert row.position.group.limit is None and row.position.available is None
        assert [s.code for s in row.signals] == ["GROUP_NO_LIMIT"]
    assert unlisted[1].signals[0].reason == "集团 华信集团 未核定集团额度，集团敞口 ¥140,000.00"


AMOUNTS = st.lists(
    st.tuples(
        st.sampled_from(["K1", "K2", "K3", "K4"]),
        st.decimals(min_value=D("-5000"), max_value=D("99999999.99"), places=2),
        st.decimals(min_value=D("0"), max_value=D("1"), places=2),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(AMOUNTS)
def test_group_exposure_is_the_sum_of_the_members_balances_from_monitor(rows):
    lines = [
        (
            cid,
            f"N{i}",
            "2026-10-01",
            "2026-12-31",
            str(amount),
            str((amount * share).quantize(D("0.01"))),
            None,
        )
        for i, (cid, amount, share) in enumerate(rows)
    ]
    reviews = review_customers(ledger(*lines), group_register(), AS_OF)
    (row,) = review_groups(reviews, [Group("华信集团", "HX01", D("1000000.00"))], preset("abc"))
    members = [r for r in reviews if r.customer_id in {"K1", "K2", "K3"}]
    assert row.position.exposure == sum((r.balance for r in members), D("0.00"))
    assert row.position.available == D("1000000.00") - row.position.exposure


def test_a_temporary_request_against_the_policy_at_its_edges():
    from creditbook.core.exposure import temporary_request_problems

    abc = preset("abc")  # at most 50 % of the base limit, at most 90 days (both ends)
    form = dt.date(2026, 11, 30)
    last = dt.date(2027, 2, 27)  # day 90
    assert temporary_request_problems(D("50000.00"), D("100000.00"), form, last, abc) == []
    assert temporary_request_problems(D("50000.01"), D("100000.00"), form, last, abc) == [
        "临时额度 50,000.01 超过信用额度 100,000.00 的 50%（上限 50,000.00）"
    ]
    assert temporary_request_problems(D("1"), D("100"), form, last + dt.timedelta(1), abc) == [
        "临时额度期限 91 天超过政策上限 90 天（两端都算），到期日最晚 2027-02-27"
    ]
    assert temporary_request_problems(D("1"), D("100"), form, form, abc) == [
        "到期日 2026-11-30 须晚于申请日期 2026-11-30（expiry must be after the form date）"
    ]
    assert temporary_request_problems(D("1"), D("100"), form, None, abc) == [
        "临时额度须注明到期日 --expiry（a temporary limit needs its expiry date）"
    ]
    assert temporary_request_problems(D("9"), None, form, form + dt.timedelta(1), abc) == []
