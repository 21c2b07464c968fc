"""The ledger lines, terms, prepayments and notes a running statement (往来明细账) gives:
customers found by code, by name, by sheet or title; openings with and without a date or a
余额 column; amounts in 万元."""

from __future__ import annotations

import numpy as np
import pandas as pd
from statement_sheets import KINGDEE_HEADER, D, lines, names, read

from creditbook.core.policy import resolve_policy
from creditbook.inputs.books import register_terms
from creditbook.inputs.notes import notes_of
from creditbook.inputs.problems import ProblemKind

YONYOU_HEADER = ["客户编码", "客户名称", "凭证日期", "凭证编号", "摘要", "借方发生额", "贷方发生额"]
YONYOU_HEADER += ["借或贷", "余额"]
REGISTER = pd.DataFrame(
    {
        "customer_id": ["K001", "K002"],
        "customer_name": ["华东贸易有限公司", "江南机电有限公司"],
        "grade": ["A", "B"],
        "term_days": [30, None],
    }
)


def yonyou_statement():
    """用友 客户往来明细账 whose codes are not the register's (0101 for K001), whose short
    name is not the register's (江南机电), and one customer without a code; a day's first
    line has no 余额, a settled account shows 平."""
    return [
        ["客户往来明细账"],
        ["期间：2026.09-2026.11", None, None, None, None, None, None, None, "金额单位：元"],
        YONYOU_HEADER,
        [
            "0101",
            "华东贸易有限公司",
            "2026-09-01",
            "记-11",
            "销售发货",
            "12,000.00",
            None,
            None,
            None,
        ],
        [
            "0101",
            "华东贸易有限公司",
            "2026-09-01",
            "记-12",
            "销售发货",
            "3,000.00",
            None,
            "借",
            "15,000.00",
        ],
        [
            "0101",
            "华东贸易有限公司",
            "2026-10-08",
            "记-20",
            "收款",
            None,
            "15,000.00",
            "平",
            "0.00",
        ],
        [
            "0101",
            "华东贸易有限公司",
            "2026-11-05",
            "记-27",
            "销售发货",
            "6,000.00",
            None,
            "借",
            "6,000.00",
        ],
        ["K002", "江南机电", "2026-01-01", None, "期初余额", None, None, "贷", "3,000.00"],
        ["K002", "江南机电", "2026-09-15", "记-14", "销售发货", "2,000.00", None, "贷", "1,000.00"],
        [
            None,
            "苏州丁精工有限公司",
            "2026-11-02",
            "记-31",
            "销售发货",
            "800.00",
            None,
            "借",
            "800.00",
        ],
    ]


def test_a_statement_customer_is_matched_to_the_register_by_code_or_by_name():
    terms = register_terms(REGISTER, resolve_policy(None))
    frame, problems = read(yonyou_statement(), terms=terms, default_term=60)
    assert problems == []
    assert lines(frame) == [
        ("K001", "记-11", "2026-09-01", "2026-10-01", 1200000, 1200000, "2026-10-08"),
        ("K001", "记-12", "2026-09-01", "2026-10-01", 300000, 300000, "2026-10-08"),
        ("K001", "记-27", "2026-11-05", "2026-12-05", 600000, 0, None),
        ("K002", "记-14", "2026-09-15", "2026-10-30", 200000, 200000, "2026-09-15"),
        ("苏州丁精工有限公司", "记-31", "2026-11-02", "2027-01-01", 80000, 0, None),
    ]
    assert names(frame) == {
        "K001": "华东贸易有限公司",
        "K002": "江南机电",
        "苏州丁精工有限公司": "苏州丁精工有限公司",
    }
    assert frame["摘要"].tolist() == ["销售发货"] * 5
    assert frame["currency"].tolist() == ["CNY"] * 5
    assert frame["amount"].dtype == np.int64 and frame["paid_amount"].dtype == np.int64
    assert frame.attrs["form"] == "statement"
    assert frame.attrs["prepayments"] == {"K002": 100000}
    assert [str(n) for n in notes_of(frame)] == [
        "读取 read: 往来明细账.xlsx 工作表 sheet 往来明细账（往来明细账 statement form）",
        "华东贸易有限公司: 信用期限 30 天 term from 客户信用档案 信用期限 register",
        "江南机电: 信用期限 45 天 term from 信用政策 B 级 policy grade",
        "江南机电: 预收 prepayment 1,000.00（未核销贷方 2026-01-01 起，不计入账龄 not aged）",
        "苏州丁精工有限公司: 信用期限 60 天 term from --term",
    ]  # a 客户编码 column is there: no "the name is the key" note for the one left blank


def test_a_sheet_per_customer_without_a_title_is_the_customer_named_by_the_sheet():
    """A hand-kept sheet named 华东贸易: the undated 期初余额 is not given the date of the
    next line (a year-old balance aged as current); it is refused at its row, and dated by
    --period-start."""
    rows = [
        KINGDEE_HEADER,
        [None, None, "期初余额", None, None, "借", 5000],
        [D(2026, 2, 1), "记-3", "销售发货", 2000, None, "借", 7000],
        [D(2026, 3, 1), "记-9", "收款", None, 6000, "借", 1000],
    ]
    _, problems = read(rows, sheet="华东贸易", file="华东贸易.xlsx", default_term=30)
    assert [(p.row, p.column, p.kind) for p in problems] == [(2, "A", ProblemKind.BLANK)]
    frame, problems = read(
        rows, sheet="华东贸易", file="华东贸易.xlsx", default_term=30, period_start=D(2026, 1, 1)
    )
    assert problems == []
    assert lines(frame) == [
        ("华东贸易", "期初余额", "2026-01-01", "2026-01-31", 500000, 500000, "2026-03-01"),
        ("华东贸易", "记-3", "2026-02-01", "2026-03-03", 200000, 100000, "2026-03-01"),
    ]
    assert names(frame) == {"华东贸易": "华东贸易"}
    assert frame["摘要"].tolist() == ["期初余额", "销售发货"]
    assert [str(n) for n in notes_of(frame)] == [
        "读取 read: 华东贸易.xlsx 工作表 sheet 华东贸易（往来明细账 statement form）",
        "华东贸易: 期初余额 5,000.00 没有日期，按期间开始日 2026-01-01 计账龄 undated opening "
        "balance aged from the period start（--period-start）",
        "没有客户编码列 no 客户编码 column: 以客户名称作为客户编码 the name is the key",
        "华东贸易: 信用期限 30 天 term from --term",
    ]


def test_a_customer_without_movement_is_aged_from_its_opening_line():
    """金蝶 prints 期初余额, a zero 本月合计 and 本年累计 (undated) for an idle customer."""
    rows = [
        ["应收账款明细账"],
        ["客户：江南机电有限公司"],
        KINGDEE_HEADER,
        [D(2025, 12, 31), None, "期初余额", None, None, "借", 8000],
        [None, None, "本月合计", 0, 0, "借", 8000],
        [None, None, "本年累计", 0, 0, "借", 8000],
    ]
    frame, problems = read(rows, sheet="江南机电", default_term=30)
    assert problems == []
    assert lines(frame) == [
        ("江南机电有限公司", "期初余额", "2025-12-31", "2026-01-30", 800000, 0, None),
    ]


def test_openings_in_the_debit_or_credit_column_of_a_sheet_without_a_balance():
    """A hand-kept 往来账 (no 余额 column, amounts in 万元): 宁波丙 owes 0.5 万 from before,
    苏州丁 paid 0.3 万 in advance, which settles its 0.2 万 sale."""
    rows = [
        ["客户往来台账"],
        ["金额单位：万元"],
        ["客户", "日期", "摘要", "发货金额", "回款金额"],
        ["宁波丙贸易有限公司", "2026-01-01", "期初余额", 0.5, None],
        ["宁波丙贸易有限公司", "2026-03-12", "发货", 1.2345, None],
        ["苏州丁精工有限公司", "2026-01-01", "期初余额", None, 0.3],
        ["苏州丁精工有限公司", "2026-04-20", "发货", 0.2, None],
        ["宁波丙贸易有限公司", "2026-05-06", "回款", None, 0.8],
    ]
    frame, problems = read(rows, sheet="台账", default_term=30)
    assert problems == []
    assert lines(frame) == [
        (
            "宁波丙贸易有限公司",
            "期初余额",
            "2026-01-01",
            "2026-01-31",
            500000,
            500000,
            "2026-05-06",
        ),
        (
            "宁波丙贸易有限公司",
            "2026-03-12",
            "2026-03-12",
            "2026-04-11",
            1234500,
            300000,
            "2026-05-06",
        ),
        (
            "苏州丁精工有限公司",
            "2026-04-20",
            "2026-04-20",
            "2026-05-20",
            200000,
            200000,
            "2026-04-20",
        ),
    ]
    assert frame["摘要"].tolist() == ["期初余额", "发货", "发货"]
    assert frame.attrs["prepayments"] == {"苏州丁精工有限公司": 100000}


def test_an_undated_credit_opening_without_movement_is_a_prepayment_with_no_start():
    rows = [
        ["客户：江南机电有限公司"],
        KINGDEE_HEADER,
        [None, None, "期初余额", None, None, "贷", 3000],
    ]
    frame, problems = read(rows, sheet="江南机电", default_term=30)
    assert problems == []
    assert len(frame) == 0
    assert frame.attrs["prepayments"] == {"江南机电有限公司": 300000}
    assert str(notes_of(frame)[-1]) == (
        "江南机电有限公司: 预收 prepayment 3,000.00（未核销贷方，不计入账龄 not aged）"
    )
