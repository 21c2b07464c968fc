"""The exact signals of temporary limits and groups at their edges: an empty temporary row, an
incomplete one, a limit that ended exactly ``notice_days`` ago, a balance exactly at the base
limit, no base limit at all, a group without members, a member without a limit, a group
whose 集团额度 is 0 (frozen) and a group over its limit with a member over its own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from creditbook.core.exposure import (
    Group,
    TemporaryLimit,
    group_position,
    group_reasons,
    temporary_reasons,
)

D = Decimal
BASE = D("100000.00")
# 50,000 on top of 100,000 from 2026-09-01 to 2026-11-20, as the register's LS-2026-011 row
AUTUMN = TemporaryLimit(D("50000.00"), dt.date(2026, 9, 1), dt.date(2026, 11, 20), "LS-2026-011")
NOTICE = 7


def test_a_register_row_with_no_temporary_amount_and_no_end_says_nothing():
    empty = TemporaryLimit(None, None, None)
    zero = TemporaryLimit(D("0"), dt.date(2026, 9, 1), None)
    day = dt.date(2026, 11, 30)
    assert temporary_reasons(BASE, empty, D("150000.00"), day, NOTICE) == ()
    assert temporary_reasons(BASE, zero, D("150000.00"), day, NOTICE) == ()
    assert temporary_reasons(BASE, None, D("150000.00"), day, NOTICE) == ()


def test_an_incomplete_temporary_limit_names_its_amount_or_says_it_is_blank():
    no_amount = TemporaryLimit(None, dt.date(2026, 9, 1), dt.date(2026, 11, 20))
    no_start = TemporaryLimit(D("50000"), None, dt.date(2026, 11, 20))
    day = dt.date(2026, 10, 1)
    assert temporary_reasons(BASE, no_amount, D("90000.00"), day, NOTICE) == (
        (
            "TEMPORARY_INCOMPLETE",
            "关注",
            "临时额度 （空白） 的金额或生效日/到期日缺失或不合理，按信用额度计",
        ),
    )
    assert temporary_reasons(BASE, no_start, D("90000.00"), day, NOTICE) == (
        (
            "TEMPORARY_INCOMPLETE",
            "关注",
            "临时额度 50,000.00 的金额或生效日/到期日缺失或不合理，按信用额度计",
        ),
    )


def test_a_limit_that_ended_exactly_notice_days_ago_with_the_balance_at_the_base_is_noted():
    # ended 2026-11-20, today 2026-11-27: 7 days ago; the balance is exactly the base limit,
    # which is within it (not the 预警 of a balance above it)
    day = dt.date(2026, 11, 27)
    assert temporary_reasons(BASE, AUTUMN, D("100000.00"), day, NOTICE) == (
        (
            "TEMPORARY_ENDED",
            "关注",
            "临时额度 ¥50,000.00 已于 2026-11-20 到期（7 天前），信用额度回落为 ¥100,000.00",
        ),
    )
    # one fen above the base is the warning
    ((code, level, _),) = temporary_reasons(BASE, AUTUMN, D("100000.01"), day, NOTICE)
    assert (code, level) == ("TEMPORARY_EXPIRED", "预警")
    # a day later the customer has been told long enough: nothing
    assert temporary_reasons(BASE, AUTUMN, D("100000.00"), day + dt.timedelta(1), NOTICE) == ()


def test_without_a_base_limit_an_ended_temporary_limit_says_nothing_and_an_ending_one_no_fallback():
    ended = dt.date(2026, 11, 22)  # 2 days after 到期日
    assert temporary_reasons(None, AUTUMN, D("999999.00"), ended, NOTICE) == ()
    ending = dt.date(2026, 11, 15)  # 5 days before 到期日
    assert temporary_reasons(None, AUTUMN, D("10.00"), ending, NOTICE) == (
        (
            "TEMPORARY_EXPIRING",
            "关注",
            "临时额度 ¥50,000.00 将于 2026-11-20 到期（剩 5 天，提前 7 天提示）",
        ),
    )


HUAXIN = Group("华信集团", "HX01", D("200000.00"), dt.date(2026, 1, 5))


def test_a_group_with_no_members_has_no_exposure_and_no_member_limits():
    position = group_position(HUAXIN, {})
    assert position.members == ()
    assert position.exposure == D("0.00") and str(position.exposure) == "0.00"
    assert position.available == D("200000.00")
    assert position.utilization == D("0")
    assert position.member_limits is None  # nothing to compare the 集团额度 with
    assert position.over_own_limit == ()


def test_a_member_without_a_limit_leaves_the_sum_of_the_members_limits_unknown():
    exposures = {"K1": D("90000.00"), "K2": D("70000.00")}
    blank = group_position(HUAXIN, exposures, {"K1": D("100000.00"), "K2": None})
    assert blank.member_limits is None
    assert blank.over_own_limit == ()  # K2 has no limit to be over
    assert group_position(HUAXIN, exposures).member_limits is None
    both = group_position(HUAXIN, exposures, {"K1": D("100000.00"), "K2": D("80000.00")})
    assert both.member_limits == D("180000.00")


def test_a_frozen_group_with_a_limit_of_zero_is_over_it_without_a_share():
    position = group_position(Group("华信集团", "HX01", D("0")), {"K1": D("5000.00")})
    assert position.utilization is None and position.available == D("-5000.00")
    assert group_reasons(position, D("0.9")) == (
        (
            "GROUP_OVER_LIMIT",
            "预警",
            "集团超额：华信集团 集团敞口 ¥5,000.00 超过集团额度 ¥0.00，超出 ¥5,000.00"
            "，各成员均未超出本身额度",
        ),
    )


def test_a_group_over_its_limit_with_a_member_over_its_own_does_not_say_all_are_within():
    exposures = {"K1": D("120000.00"), "K2": D("90000.00")}
    limits = {"K1": D("100000.00"), "K2": D("150000.00")}
    position = group_position(HUAXIN, exposures, limits)
    assert position.over_own_limit == ("K1",)
    assert group_reasons(position, D("0.9")) == (
        (
            "GROUP_OVER_LIMIT",
            "预警",
            "集团超额：华信集团 集团敞口 ¥210,000.00 超过集团额度 ¥200,000.00，超出 ¥10,000.00"
            "（使用率 105%）",
        ),
    )


def test_the_group_use_signal_is_a_note_with_both_shares_and_both_amounts():
    position = group_position(HUAXIN, {"K1": D("92500.00"), "K3": D("92500.00")})
    assert position.utilization == D("0.925")
    assert group_reasons(position, D("0.9")) == (
        (
            "GROUP_HIGH_UTILIZATION",
            "关注",
            "集团使用率 92.5% ≥ 90%：华信集团 集团敞口 ¥185,000.00 / 集团额度 ¥200,000.00",
        ),
    )
