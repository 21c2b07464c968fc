"""逾期付款损失 against hand-computed figures, across an LPR change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from creditbook.core.interest import (
    InterestTerms,
    RateTableError,
    interest_wording,
    late_payment_interest,
    load_lpr,
    lpr_checked_through,
    lpr_on,
    stale_lpr_warning,
)

LPR = load_lpr()
END = dt.date(2024, 12, 31)


def test_the_shipped_table_runs_from_the_first_lpr_to_the_may_2025_cut():
    assert (LPR[0].start, LPR[0].rate) == (dt.date(2019, 8, 20), D("0.0425"))
    assert (LPR[-1].start, LPR[-1].rate) == (dt.date(2025, 5, 20), D("0.0300"))
    assert lpr_on(dt.date(2024, 10, 20), LPR) == D("0.0335")
    assert lpr_on(dt.date(2024, 10, 21), LPR) == D("0.0310")
    assert lpr_on(dt.date(2019, 8, 19), LPR) is None


SHIPPED_HOW = (
    "请复制内置的 LPR 表，补上此后的变动，更新其中 checked_through 一行，再在 creditbook.toml "
    '的 [letters] 下设 lpr_file = "lpr.csv" 指向该副本 copy the shipped table, add the changes '
    "since, update its checked_through line and point lpr_file under [letters] at the copy"
)


def test_the_shipped_table_says_the_day_it_was_checked_through():
    assert lpr_checked_through() == dt.date(2025, 6, 20)


def test_a_letter_more_than_90_days_after_the_check_warns_and_says_how_to_update():
    # 2025-06-20 + 90 days = 2025-09-18: still fresh; the day after is stale
    assert stale_lpr_warning(dt.date(2025, 9, 18)) is None
    assert stale_lpr_warning(dt.date(2025, 9, 19)) == (
        "LPR 利率表 creditbook.core:lpr_1y.csv 核对至 checked through 2025-06-20，函件日期 "
        "2025-09-19 已晚 91 天（超过 90 天），其后的 LPR 变动未计入利息 the LPR table may miss "
        f"later changes: {SHIPPED_HOW}"
    )


def test_a_users_table_is_checked_through_its_line_or_else_its_last_change(tmp_path):
    own = tmp_path / "lpr.csv"
    own.write_text(
        "# checked_through: 2026-10-20\n生效日期,LPR\n2025-05-20,3.00\n", encoding="utf-8"
    )
    assert stale_lpr_warning(dt.date(2027, 1, 18), own) is None  # 90 days
    assert stale_lpr_warning(dt.date(2027, 1, 19), own) == (
        f"LPR 利率表 {own} 核对至 checked through 2026-10-20，函件日期 2027-01-19 已晚 91 天"
        "（超过 90 天），其后的 LPR 变动未计入利息 the LPR table may miss later changes: "
        f"请在 {own} 中补上此后的变动并更新 checked_through 一行 add the changes since to "
        "your lpr_file and update its checked_through line"
    )
    own.write_text("生效日期,LPR\n2025-05-20,3.00\n", encoding="utf-8")
    assert lpr_checked_through(own) is None
    assert stale_lpr_warning(dt.date(2025, 8, 18), own) is None  # 90 days after 05-20
    assert stale_lpr_warning(dt.date(2025, 8, 19), own).startswith(  # type: ignore[union-attr]
        f"LPR 利率表 {own} 未写核对日期，按最后一次变动 2025-05-20 计 no checked_through line，"
        "函件日期 2025-08-19 已晚 91 天"
    )
    own.write_text("# checked_through: 2026-13-01\n生效日期,LPR\n2025-05-20,3.00\n", "utf-8")
    with pytest.raises(RateTableError, match=r"checked_through 应为日期.*'2026-13-01'"):
        lpr_checked_through(own)


def test_each_invoice_keeps_the_lpr_in_force_on_its_first_day_overdue():
    # A: due 2024-10-15, first day overdue 10-16 (LPR 3.35%), 77 days to 12-31:
    #    100,000 × 3.35% × 1.5 × 77 / 365 = 1,060.068… → 1,060.07 (the 10-21 cut to 3.10%
    #    does not change a breach that happened before it).
    # B: due 2024-10-25, first day overdue 10-26 (LPR 3.10%), 67 days:
    #    100,000 × 3.10% × 1.5 × 67 / 365 = 853.561… → 853.56
    result = late_payment_interest(
        [("A", dt.date(2024, 10, 15), D("100000.00")), ("B", dt.date(2024, 10, 25), D("100000"))],
        END,
        InterestTerms(),
        LPR,
    )
    a, b = result.lines
    assert (a.days, a.lpr, a.annual_rate, a.amount) == (77, D("0.0335"), D("0.05025"), D("1060.07"))
    assert (b.days, b.lpr, b.annual_rate, b.amount) == (67, D("0.031"), D("0.0465"), D("853.56"))
    assert result.total == D("1913.63")


def test_the_lowest_statutory_uplift_and_a_contract_daily_rate():
    invoice = [("A", dt.date(2024, 10, 15), D("100000.00"))]
    # 100,000 × 3.35% × 1.3 × 77 / 365 = 918.726… → 918.73
    low = late_payment_interest(invoice, END, InterestTerms(markup=D("0.3")), LPR)
    assert low.total == D("918.73")
    # 每日万分之五: 100,000 × 0.0005 × 77 = 3,850.00
    daily = InterestTerms(clause=True, daily_rate=D("0.0005"))
    assert late_payment_interest(invoice, END, daily, LPR).total == D("3850.00")


def test_a_breach_before_the_lpr_existed_is_not_computed():
    result = late_payment_interest(
        [("OLD", dt.date(2019, 6, 30), D("500"))], END, InterestTerms(), LPR
    )
    assert result.lines[0].amount is None and "早于 LPR 利率表首日" in result.lines[0].note
    assert result.total == D("0.00")


def test_a_user_table_replaces_the_shipped_one_and_bad_rows_name_the_row(tmp_path):
    mine = tmp_path / "lpr.csv"
    mine.write_text("# 自己的表\n日期,利率\n2024-01-01,3.45\n2026-06-22,2.90\n", encoding="utf-8")
    assert lpr_on(dt.date(2026, 7, 1), load_lpr(mine)) == D("0.0290")
    mine.write_text("日期,利率\n2024-01-01,3.45\n2023-01-01,3.50\n", encoding="utf-8")
    with pytest.raises(RateTableError, match=r"第 3 行.*递增"):
        load_lpr(mine)
    mine.write_text("日期,利率\n2024-01-01,百分之三\n", encoding="utf-8")
    with pytest.raises(RateTableError, match="第 2 行"):
        load_lpr(mine)


def test_wording_rests_on_the_statute_without_a_clause_and_on_the_contract_with_one():
    statutory = interest_wording(InterestTerms(markup=D("0.3")))
    assert "第十八条" in statutory and "加计 30%" in statutory and "双方合同" not in statutory
    contract = interest_wording(InterestTerms(clause=True, daily_rate=D("0.0005")))
    assert "合同关于逾期付款违约责任的约定" in contract and "每日 0.05%" in contract


def test_the_first_day_of_the_lpr_is_computed_and_the_day_before_is_not():
    first = late_payment_interest(
        [("L1", dt.date(2019, 8, 19), D("100000"))], dt.date(2019, 9, 18), InterestTerms(), LPR
    ).lines[0]
    assert (first.start, first.days, first.lpr, first.amount) == (
        dt.date(2019, 8, 20), 30, D("0.0425"), D("523.97"),
    )  # 100,000 × 4.25% × 1.5 × 30 / 365  # fmt: skip
    before = late_payment_interest(
        [("L0", dt.date(2019, 8, 18), D("100000"))], dt.date(2019, 9, 18), InterestTerms(), LPR
    ).lines[0]
    assert before.amount is None
    assert before.note == "逾期起算日 2019-08-19 早于 LPR 利率表首日，未计算"


def test_a_breach_before_the_companys_own_table_begins_is_not_computed(tmp_path):
    mine = tmp_path / "lpr.csv"
    mine.write_text("日期,利率\n2024-01-01,3.45\n", encoding="utf-8")
    line = late_payment_interest(
        [("X1", dt.date(2023, 12, 1), D("1000"))], END, InterestTerms(), load_lpr(mine)
    ).lines[0]
    assert (line.amount, line.note) == (None, "逾期起算日 2023-12-02 早于 LPR 利率表首日，未计算")


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("2024-01-01,0.5\n", D("0.005")),
        ("2024-01-01,99.99\n", D("0.9999")),
        ("   # 注释行\n,,\n2024-01-01,3.45\n", D("0.0345")),
    ],
)
def test_a_companys_lpr_table_takes_rates_between_0_and_100_percent(tmp_path, rows, expected):
    mine = tmp_path / "lpr.csv"
    mine.write_text("日期,利率\n" + rows, encoding="utf-8")
    assert load_lpr(mine)[-1].rate == expected


@pytest.mark.parametrize("rate", ["0", "100", "-1"])
def test_a_rate_of_0_or_100_percent_or_below_is_refused_naming_the_row(tmp_path, rate):
    mine = tmp_path / "lpr.csv"
    mine.write_text(f"日期,利率\n2024-01-01,{rate}\n", encoding="utf-8")
    with pytest.raises(RateTableError) as error:
        load_lpr(mine)
    assert (
        str(error.value) == f"{mine} 第 2 行 row 2: 利率 {rate} 不在 0–100 之间 rate out of range"
    )
