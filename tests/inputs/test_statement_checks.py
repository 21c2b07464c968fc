"""What a running statement is checked against, row by row, and the problem each check
reports: 余额 reconciled from 期初余额 + 借方 − 贷方 (承前页/过次页 and a mid-statement
年初余额 included), 本月/本季/本年 totals and 小计 against the rows above them, bad cells."""

from __future__ import annotations

from statement_sheets import KINGDEE_HEADER, D, lines, read

from creditbook.inputs.notes import notes_of
from creditbook.inputs.problems import ProblemKind, ReadProblem

TOTAL_MISMATCH = "（合计行与明细不符 the total does not add up）"


def mismatch(sheet, row, column, header, message):
    return ReadProblem(
        "往来明细账.xlsx", sheet, row, column, header, message, ProblemKind.CONSISTENCY
    )


def test_carried_lines_of_a_printed_statement_must_carry_the_running_balance():
    """A two-page print: 过次页 / 承前页 repeat the balance; page 2's 过次页 was typed wrong."""
    rows = [
        ["客户：华东贸易有限公司"],
        KINGDEE_HEADER,
        [D(2026, 1, 1), None, "期初余额", None, None, "借", 1000],
        [D(2026, 2, 3), "记-7", "销售发货", 4000, None, "借", 5000],
        [None, None, "过次页", 4000, 0, "借", 5000],
        [None, None, "承前页", 4000, 0, "借", 5000],
        [D(2026, 3, 9), "记-12", "收款", None, 2500, "借", 2500],
        [None, None, "过次页", 4000, 2500, "借", 3500],
        [None, None, "承前页", 4000, 2500, "借", 3500],
    ]
    frame, problems = read(rows, sheet="华东贸易", default_term=30)
    assert problems == [
        mismatch(
            "华东贸易",
            8,
            "G",
            "余额",
            "3,500.00 ≠ 逐行计算的余额 2,500.00（对账不平：期初余额 + 借方 − 贷方 does not "
            "reconcile; first mismatch for 华东贸易有限公司）",
        )
    ]  # reported once: the 承前页 below repeats the same wrong balance
    assert str(notes_of(frame)[1]) == (
        "跳过非数据行 skipped rows in 往来明细账.xlsx 华东贸易: 承前页/过次页行 4 行"
    )


def test_a_statement_across_the_new_year_checks_本年累计_against_the_new_year():
    """金蝶 明细账 2025-12 to 2026-01: 年初余额 repeats the balance mid-statement; 华东贸易
    sells in January and ends with a 累计 of the whole statement, 江南机电 has no January
    movement (zero totals)."""
    east = [
        ["客户：华东贸易有限公司"],
        KINGDEE_HEADER,
        [D(2025, 12, 1), None, "期初余额", None, None, "借", 10000],
        [D(2025, 12, 5), "记-101", "销售发货", 6000, None, "借", 16000],
        [D(2025, 12, 20), "记-130", "收款", None, 4000, "借", 12000],
        [D(2025, 12, 31), None, "本月合计", 6000, 4000, "借", 12000],
        [D(2025, 12, 31), None, "本年累计", 6000, 4000, "借", 12000],
        [D(2026, 1, 1), None, "年初余额", None, None, "借", 12000],
        [D(2026, 1, 15), "记-5", "销售发货", 3000, None, "借", 15000],
        [D(2026, 1, 31), None, "本月合计", 3000, 0, "借", 15000],
        [D(2026, 1, 31), None, "本年累计", 3000, 0, "借", 15000],
        [None, None, "累计", 9000, 4000, "借", 15000],
    ]
    south = [
        ["客户：江南机电有限公司"],
        KINGDEE_HEADER,
        [D(2025, 12, 1), None, "期初余额", None, None, "借", 2000],
        [D(2025, 12, 8), "记-110", "销售发货", 1000, None, "借", 3000],
        [D(2025, 12, 31), None, "本月合计", 1000, 0, "借", 3000],
        [D(2025, 12, 31), None, "本年累计", 1000, 0, "借", 3000],
        [D(2026, 1, 31), None, "本月合计", 0, 0, "借", 3000],
        [D(2026, 1, 31), None, "本年累计", 0, 0, "借", 3000],
    ]
    for rows, name in ((east, "华东贸易"), (south, "江南机电")):
        assert read(rows, sheet=name, default_term=30)[1] == [], name
    east[10][3] = 9000  # 本年累计 showing the whole statement, not 2026
    assert read(east, sheet="华东贸易", default_term=30)[1] == [
        mismatch(
            "华东贸易",
            11,
            "D",
            "借方",
            f"本年累计 9,000.00 ≠ 上方各行合计 3,000.00{TOTAL_MISMATCH}",
        )
    ]
    east[7][6] = 11000  # 年初余额 that is not the closing balance of December
    assert read(east, sheet="华东贸易", default_term=30)[1][0] == mismatch(
        "华东贸易",
        8,
        "G",
        "余额",
        "11,000.00 ≠ 逐行计算的余额 12,000.00（对账不平：期初余额 + 借方 − 贷方 does not "
        "reconcile; first mismatch for 华东贸易有限公司）",
    )


def quarterly_sheet():
    """A hand-kept sheet in 万元 without 余额: 本季合计 for Q2, 本期合计 for Q3 (the period
    since the last total), then a 本月合计 for November only (October's was never written)."""
    return [
        ["客户：宁波丙贸易有限公司"],
        ["金额单位：万元"],
        ["日期", "单号", "摘要", "借方", "贷方"],
        ["2026-04-03", "F1", "发货", 0.1, None],
        ["2026-05-06", "F2", "发货", 0.2, None],
        ["2026-06-10", None, "回款", None, 0.15],
        [None, None, "本季合计", 0.3, 0.15],
        ["2026-07-08", "F3", "发货", 0.4, None],
        ["2026-08-12", None, "回款", None, 0.2],
        ["2026-09-09", "F4", "发货", 0.05, None],
        [None, None, "本期合计", 0.45, 0.2],
        ["2026-10-15", "F5", "发货", 0.07, None],
        ["2026-11-20", None, "回款", None, 0.12],
        [None, None, "本月合计", 0, 0.12],
    ]


def test_period_totals_may_cover_a_quarter_or_only_their_month():
    frame, problems = read(quarterly_sheet(), sheet="台账", default_term=30)
    assert problems == []
    assert [line[1:] for line in lines(frame)] == [
        ("F1", "2026-04-03", "2026-05-03", 100000, 100000, "2026-06-10"),
        ("F2", "2026-05-06", "2026-06-05", 200000, 200000, "2026-08-12"),
        ("F3", "2026-07-08", "2026-08-07", 400000, 170000, "2026-11-20"),
        ("F4", "2026-09-09", "2026-10-09", 50000, 0, None),
        ("F5", "2026-10-15", "2026-11-14", 70000, 0, None),
    ]


def test_a_period_total_that_does_not_add_up_names_its_cell_and_the_right_sum():
    rows = quarterly_sheet()
    rows[-1][3:] = [None, 0.13]  # November's 本月合计: 借方 left blank, 贷方 wrong
    assert read(rows, sheet="台账", default_term=30)[1] == [
        ReadProblem(
            "往来明细账.xlsx",
            "台账",
            14,
            "E",
            "贷方",
            f"本期/本月合计 1,300.00 ≠ 上方各行合计 1,200.00{TOTAL_MISMATCH}",
            ProblemKind.CONSISTENCY,
        )
    ]


def subtotalled_statement():
    """用友 客户往来明细账 printed on two pages: each customer's 小计 row carries its code,
    then a grand 合计."""
    header = ["客户编码", "客户名称", "日期", "凭证号", "摘要", "借方", "贷方", "方向", "余额"]
    return [
        header,
        ["Y01", "无锡戊科技有限公司", "2026-09-01", "0031", "销售发货", 4000, None, "借", 4000],
        ["Y01", "无锡戊科技有限公司", "2026-10-01", "0045", "收款", None, 1000, "借", 3000],
        ["Y01", "小计", None, None, None, 4000, 1000, "借", 3000],
        ["Y02", "常州己机械有限公司", "2026-07-01", "0020", "销售发货", 9000, None, "借", 9000],
        ["Y02", "常州己机械有限公司", "2026-08-01", "0027", "收款", None, 2000, "借", 7000],
        [None, None, None, None, "过次页", 13000, 3000, "借", 7000],
        [None, None, None, None, "承前页", 13000, 3000, "借", 7000],
        ["Y02", "小计", None, None, None, 9000, 2000, "借", 7000],
        ["合计", None, None, None, None, 13000, 3000, "借", 10000],
    ]


def test_a_customers_subtotal_is_checked_against_that_customer_alone():
    rows = subtotalled_statement()
    assert read(rows, default_term=30)[1] == []
    rows[8][5] = 13000  # Y02's 小计 showing the sheet's 借方 so far
    assert read(rows, default_term=30)[1] == [
        mismatch(
            "往来明细账", 9, "F", "借方", f"合计 13,000.00 ≠ 上方各行合计 9,000.00{TOTAL_MISMATCH}"
        )
    ]


def test_a_subtotal_named_by_the_customer_checks_its_balance():
    """Names only (no code column): each 小计 row names its customer; 常州己's shows the
    balance of both customers."""
    rows = [
        ["客户名称", "日期", "凭证号", "摘要", "借方", "贷方", "余额"],
        ["无锡戊科技有限公司", "2026-09-01", "0031", "销售发货", 4000, None, 4000],
        ["无锡戊科技有限公司", None, None, "小计", 4000, 0, 4000],
        ["常州己机械有限公司", "2026-07-01", "0020", "销售发货", 9000, None, 9000],
        ["常州己机械有限公司", None, None, "小计", 9000, 0, 13000],
    ]
    assert read(rows, default_term=30)[1] == [
        mismatch(
            "往来明细账",
            5,
            "G",
            "余额",
            "13,000.00 ≠ 逐行计算的余额 9,000.00（对账不平：期初余额 + 借方 − 贷方 does not "
            "reconcile; first mismatch for 常州己机械有限公司）",
        )
    ]


def test_the_total_of_a_single_customer_sheet_checks_its_balance():
    rows = [
        ["客户：华东贸易有限公司"],
        KINGDEE_HEADER,
        [D(2026, 9, 1), "记-1", "销售发货", 5000, None, "借", 5000],
        [D(2026, 9, 20), "记-8", "收款", None, 1000, "借", 4000],
        [None, None, "合计", 5000, 1000, "借", 40000],
    ]
    assert read(rows, sheet="华东贸易", default_term=30)[1] == [
        mismatch(
            "华东贸易",
            5,
            "G",
            "余额",
            "40,000.00 ≠ 逐行计算的余额 4,000.00（对账不平：期初余额 + 借方 − 贷方 does not "
            "reconcile; first mismatch for 华东贸易有限公司）",
        )
    ]


def test_bad_cells_are_reported_at_their_cell_and_the_rest_is_read():
    rows = [
        ["客户：华东贸易有限公司"],
        ["日期", "凭证字号", "摘要", "借方", "贷方"],
        ["2026-09-01", "记-1", "销售发货", "1,2OO.00", None],
        ["2026-09-31", "记-2", "销售发货", "800.00", None],
        [None, "记-3", "销售发货", "300.00", None],
        ["2026-10-09", "记-4", "销售发货", "500.00", None],
    ]
    frame, problems = read(rows, sheet="华东贸易", default_term=30)
    assert problems == [
        ReadProblem(
            "往来明细账.xlsx",
            "华东贸易",
            3,
            "D",
            "借方",
            '"1,2OO.00" is not an amount（不是有效金额）',
            ProblemKind.VALUE,
        ),
        ReadProblem(
            "往来明细账.xlsx",
            "华东贸易",
            4,
            "A",
            "日期",
            '"2026-09-31" is not a date（不是有效日期）',
            ProblemKind.VALUE,
        ),
        ReadProblem(
            "往来明细账.xlsx",
            "华东贸易",
            5,
            "A",
            "日期",
            "is blank（缺少必填值）",
            ProblemKind.BLANK,
        ),
    ]
    assert [line[1] for line in lines(frame)] == ["记-4"]


def test_a_quarter_total_below_the_monthly_totals_adds_up_the_quarter():
    """用友 prints 本月合计 for July to September (August without movement), then 本季合计
    and 本年累计."""
    rows = [
        ["客户：华东贸易有限公司"],
        KINGDEE_HEADER,
        [D(2026, 7, 5), "记-1", "销售发货", 2000, None, "借", 2000],
        [D(2026, 7, 31), None, "本月合计", 2000, 0, "借", 2000],
        [D(2026, 8, 31), None, "本月合计", 0, 0, "借", 2000],
        [D(2026, 9, 12), "记-3", "销售发货", 800, None, "借", 2800],
        [D(2026, 9, 20), "记-4", "收款", None, 1500, "借", 1300],
        [D(2026, 9, 30), None, "本月合计", 800, 1500, "借", 1300],
        [D(2026, 9, 30), None, "本季合计", 2800, 1500, "借", 1300],
        [D(2026, 9, 30), None, "本年累计", 2800, 1500, "借", 1300],
    ]
    assert read(rows, sheet="华东贸易", default_term=30)[1] == []
    rows[8][4] = 1600
    assert read(rows, sheet="华东贸易", default_term=30)[1] == [
        mismatch(
            "华东贸易",
            9,
            "E",
            "贷方",
            f"本期/本月合计 1,600.00 ≠ 上方各行合计 1,500.00{TOTAL_MISMATCH}",
        )
    ]
