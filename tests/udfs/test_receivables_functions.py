"""CB_ receivables functions: results by hand, each runtime's value forms, and the Excel errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from creditbook.udfs import (
    CB_AGING,
    CB_BUCKET,
    CB_DAYS_OVERDUE,
    CB_DUNNING_STAGE,
    CB_ON_TIME_RATE,
    CB_OVERDUE_AMOUNT,
    CB_OVERDUE_COUNT,
    CB_WARNINGS,
)

AS_OF = dt.datetime(2026, 11, 30)
AS_OF_SERIAL = 46356  # the same day as an Excel serial number (Lite / Office.js)


def serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


def test_days_overdue_with_dates_or_serials_and_paid_date():
    assert CB_DAYS_OVERDUE(dt.datetime(2026, 10, 31), AS_OF) == 30
    assert CB_DAYS_OVERDUE(serial(dt.date(2026, 10, 31)), AS_OF_SERIAL) == 30
    assert CB_DAYS_OVERDUE("2026-12-01", AS_OF) == 0
    assert CB_DAYS_OVERDUE("2026-10-31", AS_OF, "2026-11-05") == 5
    assert CB_DAYS_OVERDUE("2026-10-31", AS_OF, "2026-12-05") == 30  # paid after the date
    assert CB_DAYS_OVERDUE([[AS_OF_SERIAL - 1]], [[AS_OF_SERIAL]], [[None]]) == 1


def test_days_overdue_errors():
    assert CB_DAYS_OVERDUE(None, AS_OF) == "#N/A"
    assert CB_DAYS_OVERDUE("soon", AS_OF) == "#VALUE!"
    assert CB_DAYS_OVERDUE("#REF!", AS_OF) == "#REF!"


DUE = [[dt.datetime(2026, 9, 1)], [dt.datetime(2026, 9, 10)], [dt.datetime(2026, 11, 10)],
       [dt.datetime(2026, 12, 10)]]  # fmt: skip
PAID = [[dt.datetime(2026, 9, 1)], [dt.datetime(2026, 9, 20)], [None], [None]]
AMOUNTS = [[100], [300], [600], [999]]


def test_on_time_rate_by_count_and_by_amount():
    # on time; 10 days late; unpaid 20 days past due (late); not yet due (not judged)
    assert CB_ON_TIME_RATE(DUE, PAID, None, None, AS_OF) == pytest.approx(1 / 3)
    # by count whatever the amounts (the policy's measure, as CB_PAYMENT_RECORD); by amount
    # only when asked: 100 on time of 100 + 300 + 600 judged
    assert CB_ON_TIME_RATE(DUE, PAID, AMOUNTS, None, AS_OF) == pytest.approx(1 / 3)
    assert CB_ON_TIME_RATE(DUE, PAID, AMOUNTS, None, AS_OF, None, True) == pytest.approx(0.1)
    assert CB_ON_TIME_RATE(DUE, PAID, None, 10, AS_OF) == pytest.approx(2 / 3)


def test_on_time_rate_accepts_flat_lists_and_trailing_blank_rows():
    due = [serial(dt.date(2026, 9, 1)), serial(dt.date(2026, 9, 10)), None]
    paid = [serial(dt.date(2026, 9, 1))]
    assert CB_ON_TIME_RATE(due, paid, None, None, AS_OF_SERIAL) == 0.5


def test_on_time_rate_with_nothing_due_yet_is_div0():
    assert CB_ON_TIME_RATE([[dt.datetime(2026, 12, 31)]], [[None]], None, None, AS_OF) == "#DIV/0!"
    assert CB_ON_TIME_RATE([[None]], [[None]]) == "#N/A"


def test_overdue_count_and_amount():
    assert CB_OVERDUE_COUNT(DUE, PAID, None, AS_OF) == 2
    assert CB_OVERDUE_COUNT(DUE, PAID, 20, AS_OF) == 0
    paid_amounts = [[100], [300], [200], [0]]
    assert CB_OVERDUE_AMOUNT(AMOUNTS, DUE, paid_amounts, AS_OF) == 400.0
    assert CB_OVERDUE_AMOUNT(AMOUNTS, DUE, None, AS_OF) == 1000.0
    assert CB_OVERDUE_AMOUNT([["abc"]], DUE[:1], None, AS_OF) == "#VALUE!"
    assert CB_OVERDUE_AMOUNT(None, None, None, AS_OF) == "#N/A"


def test_part_payments_with_a_paid_date_stay_open_and_credit_notes_net():
    """A 收款日期 beside a part payment does not settle the line; a credit note (负数) nets
    the overdue amount and is not judged: the figures CB_PAYMENT_RECORD gives."""
    due = [["2026-09-01"], ["2026-10-01"], ["2026-11-20"], ["2026-10-15"]]
    paid = [["2026-09-01"], ["2026-10-05"], [None], [None]]
    amounts = [[1000], [2000], [500], [-300]]
    received = [[1000], [1500], [0], [0]]  # line 2: 1,500 of 2,000 on 10-05 — still open
    assert CB_ON_TIME_RATE(due, paid, amounts, None, AS_OF, received) == pytest.approx(1 / 3)
    assert CB_ON_TIME_RATE(due, paid, amounts, None, AS_OF) == pytest.approx(1 / 3)
    # without 已收金额 the paid date settles line 2 (late by 4 days); line 3 is open and late
    assert CB_OVERDUE_COUNT(due, paid, None, AS_OF, amounts) == 2
    assert CB_OVERDUE_COUNT(due, paid, None, AS_OF) == 3  # no amounts: the credit is a line
    assert CB_OVERDUE_COUNT(due, paid, None, AS_OF, amounts, received) == 2
    assert CB_OVERDUE_COUNT(due, paid, 5, AS_OF, amounts, received) == 2  # 60 and 10 days
    assert CB_OVERDUE_COUNT(due, paid, 10, AS_OF, amounts, received) == 1
    # open past due: 500 (line 2) + 500 (line 3) − 300 credit note = 700.00
    assert CB_OVERDUE_AMOUNT(amounts, due, received, AS_OF) == Decimal("700.00")
    # a payment dated after the as-of day has not arrived yet: line 2 owes 2,000
    late_paid = [["2026-09-01"], ["2026-12-05"], [None], [None]]
    assert CB_OVERDUE_AMOUNT(amounts, due, received, AS_OF, late_paid) == Decimal("2200.00")


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (-5, "未到期"),
        (0, "未到期"),
        (1, "1-30天"),
        (30, "1-30天"),
        (31, "31-60天"),
        (365, "181-365天"),
        (366, "365天以上"),
    ],
)
def test_bucket(days, label):
    assert CB_BUCKET(days) == label


def test_bucket_errors():
    assert CB_BUCKET(None) == "#N/A"
    assert CB_BUCKET("many") == "#VALUE!"
    assert CB_BUCKET(3.5) == "#VALUE!"
    assert CB_BUCKET(5, "XYZ") == "#VALUE!"


LEDGER = [
    ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额", "收款日期"],
    ["C001", "华东机电", "INV-1", 46200, 46230, 10000, 0, None],  # due 2026-07-27: 126 days
    ["C001", "华东机电", "INV-2", 46300, 46330, 5000, 1000, 46330],  # due 2026-11-05: 25 days
    ["C002", "南方建材", "INV-3", 46300, 46360, 8000, 8000, 46350],  # settled
    ["C003", "北方物流", "INV-4", 46300, 46360, 3000, 3000, 46400],  # paid after the date
    [None, None, None, None, None, None, None, None],
]


def test_aging_spills_a_header_and_one_row_per_customer_with_a_balance():
    table = CB_AGING(LEDGER, AS_OF_SERIAL)
    assert table[0] == [
        "客户编码", "客户名称", "未到期", "1-30天", "31-60天", "61-90天", "91-180天",
        "181-365天", "365天以上", "合计", "逾期合计", "最长逾期天数",
    ]  # fmt: skip
    assert table[1] == ["C001", "华东机电", 0.0, 4000.0, 0.0, 0.0, 10000.0, 0.0, 0.0,
                        14000.0, 14000.0, 126]  # fmt: skip
    assert table[2] == ["C003", "北方物流", 3000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                        3000.0, 0.0, 0]  # fmt: skip
    assert len(table) == 3


def test_aging_without_its_header_row_for_a_table_that_has_one():
    table = CB_AGING(LEDGER, AS_OF_SERIAL, None, False)
    assert [row[0] for row in table] == ["C001", "C003"]
    assert CB_AGING(LEDGER[:1] + LEDGER[3:4], AS_OF_SERIAL, None, False) == [[""] * 12]


def test_aging_errors():
    assert CB_AGING([["客户编码", "金额"], ["C1", 5]], AS_OF) == "#N/A"  # columns missing
    bad = [LEDGER[0], ["C1", "甲", "N1", 46200, 46230, "一千元", 0, None]]
    assert CB_AGING(bad, AS_OF) == "#VALUE!"
    assert CB_AGING(None, AS_OF) == "#N/A"


def test_warnings_from_figures_and_each_flag_form():
    assert CB_WARNINGS(60, 10, 50000, 100000) == ""
    assert CB_WARNINGS(60, 45, 50000, 100000) == (
        "[预警] 最长逾期 45 天，超过信用期限 60 天的 50%（30 天）"
    )
    text = CB_WARNINGS(60, 0, 50000, 100000, "经营亏损 失信被执行")
    assert text == "[严重] 信用档案标记：失信被执行；[预警] 信用档案标记：经营亏损"
    pairs = [["经营亏损", "否"], ["重大诉讼", "是"], ["资金链紧张", None]]
    assert CB_WARNINGS(60, 0, 50000, 100000, pairs) == "[预警] 信用档案标记：重大诉讼"
    header_row = [["经营亏损", "重大诉讼"], ["是", "否"]]
    assert CB_WARNINGS(60, 0, 50000, 100000, header_row) == "[预警] 信用档案标记：经营亏损"
    assert CB_WARNINGS(60, 0, 120000, 100000, "").startswith("[预警] 信用敞口 ¥120,000.00")


def test_warnings_errors():
    assert CB_WARNINGS(60, 0, 1, 1, "破产") == "#VALUE!"
    assert CB_WARNINGS(None, 0, 1, 1) == "#N/A"
    assert CB_WARNINGS(60, -1, 1, 1) == "#VALUE!"


def test_a_new_customer_with_blank_balance_and_days_has_no_warning_and_no_stage():
    """Blank 应收余额 / 最长逾期天数 on a register row are 0, as Excel adds a blank."""
    assert CB_WARNINGS(60, None, None, 100000) == ""
    assert CB_WARNINGS(60, "", 120000, 100000).startswith("[预警] 信用敞口 ¥120,000.00")
    assert CB_WARNINGS(60, 45, None, 100000).startswith("[预警] 最长逾期 45 天")
    assert CB_DUNNING_STAGE(None) == ""
    assert CB_DUNNING_STAGE("") == ""


def test_dunning_stage():
    assert [CB_DUNNING_STAGE(d) for d in (0, 1, 30, 31, 91, 181)] == [
        "",
        "付款提醒",
        "付款提醒",
        "催款",
        "最后催告",
        "法律程序",
    ]
    assert CB_DUNNING_STAGE("x") == "#VALUE!"


def test_the_payment_record_counts_invoices_and_keeps_a_part_paid_invoice_open():
    from creditbook.udfs import CB_PAYMENT_RECORD

    # 单据号, 单据日期, 到期日, 金额, 已收金额, 收款日期 — as on 信用记录, with a 合计 row.
    lines = [
        ["单据号", "单据日期", "到期日", "金额", "已收金额", "收款日期"],
        ["XS-1", "2026-05-01", "2026-06-30", 900_000, 900_000, "2026-06-28"],
        ["XS-2", "2026-09-01", "2026-10-31", 100_000, 40_000, "2026-10-20"],
        [None, None, None, None, None, None],
        ["合计", None, None, 1_000_000, 940_000, None],
    ]
    on = "2026-11-30"
    assert CB_PAYMENT_RECORD(lines, on, "付款准时率") == 0.5  # by count, not 90% by amount
    assert CB_PAYMENT_RECORD(lines, on, "逾期次数") == 1
    assert CB_PAYMENT_RECORD(lines, on, "逾期金额") == 60_000
    assert CB_PAYMENT_RECORD(lines, on, "最长逾期天数") == 30
    assert CB_PAYMENT_RECORD(lines, on) == [
        ["付款准时率", 0.5],
        ["逾期次数", 1],
        ["逾期金额", 60_000],
        ["最长逾期天数", 30],
    ]
    assert CB_PAYMENT_RECORD([[None] * 6], on, "付款准时率") == "#N/A"  # a blank range
    assert (
        CB_PAYMENT_RECORD(
            [lines[0], ["XS-9", "2026-11-01", "2026-12-31", 5, 0, None]], on, "付款准时率"
        )
        == ""
    )
    assert CB_PAYMENT_RECORD(lines, on, "准时") == "#VALUE!"
    assert CB_PAYMENT_RECORD([["XS-3", None, "下月", 5, 0, None]], on, "逾期次数") == "#VALUE!"
    halfway = [["XS-3", "2026-11-01", None, None, None, None]]  # 到期日 and 金额 not typed yet
    assert CB_PAYMENT_RECORD([*lines, *halfway], on, "逾期次数") == "#N/A"


def test_days_overdue_of_a_part_paid_line_run_to_the_evaluation_date():
    from creditbook.udfs import CB_DAYS_OVERDUE

    assert CB_DAYS_OVERDUE("2026-10-31", "2026-11-30", "2026-10-20", 100_000, 40_000) == 30
    assert CB_DAYS_OVERDUE("2026-10-31", "2026-11-30", "2026-11-05", 100_000, 100_000) == 5
    assert CB_DAYS_OVERDUE("2026-10-31", "2026-11-30", "2026-11-05") == 5


def test_aging_skips_a_row_typed_halfway_only_when_asked():
    """A row with 金额 typed and the dates blank: #VALUE! by default; with skip_incomplete
    the other rows age as without it; a date typed as text still stops the table."""
    header = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"]
    complete = [
        header,
        ["C1", "甲", "N1", "2026-09-01", "2026-10-31", 1000, 0],
        ["C2", "乙", "N2", "2026-07-01", "2026-08-01", 2500.5, 500],
    ]
    halfway = [*complete, ["C3", "丙", "N3", None, None, 5000, None]]
    assert CB_AGING(halfway, AS_OF, None, False) == "#VALUE!"
    assert CB_AGING(halfway, AS_OF, None, False, None, True) == CB_AGING(
        complete, AS_OF, None, False
    )
    assert CB_AGING(complete, AS_OF, None, False)[1][:4] == ["C2", "乙", 0, 0]
    wrong = [*halfway, ["C4", "丁", "N4", "2026-09-01", "十月底", 10, None]]
    assert CB_AGING(wrong, AS_OF, None, False, None, True) == "#VALUE!"
