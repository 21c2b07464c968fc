"""Every column a reader returns, and every problem it reports, for a hand-kept register, a
ledger with wrong rows, an open-orders sheet and a sheet missing its columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from creditbook.inputs.notes import NoteLevel, notes_of
from creditbook.inputs.problems import ProblemKind
from creditbook.inputs.readers import (
    ReadError,
    read_ledger,
    read_orders,
    read_register,
    register_or_raise,
)
from one_sheet import one_sheet

REGISTER_HEADER = [
    *["客户编码", "客户名称", "统一社会信用代码", "联系人", "电话", "地址", "信用等级", "信用额度"],
    *["信用期限(天)", "评估日期", "下次复核日期", "状态", "重大诉讼", "失信被执行"],
]


@pytest.fixture
def register(tmp_path):
    return one_sheet(
        tmp_path / "档案.xlsx",
        "客户信用档案",
        [
            ["客户信用档案"],
            REGISTER_HEADER,
            [
                "KH01",
                "苏州恒通电子有限公司",
                "91320500MA1MXXXXXX",
                "王丽",
                "0512-66881234",
                "苏州工业园区星湖街 1 号",
                "a",
                "50万",
                "六十",
                "2026-01-05",
                "2026-07-05",
                "",
                "是",
                "否",
            ],
            [
                "KH02",
                None,
                None,
                None,
                None,
                None,
                "B",
                300000,
                45,
                None,
                None,
                "暂停",
                "否",
                "maybe",
            ],
            [
                "KH01",
                "重复公司",
                None,
                None,
                None,
                None,
                "C",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ],
        ],
    )


def test_register_columns_row_by_row(register):
    frame, _ = read_register(register)
    first, second, third = frame.to_dict("records")
    assert {k: first[k] for k in ("customer_id", "contact", "phone", "address")} == {
        "customer_id": "KH01",
        "contact": "王丽",
        "phone": "0512-66881234",
        "address": "苏州工业园区星湖街 1 号",
    }
    assert (first["grade"], first["status"]) == ("A", "正常")  # upper-cased; blank → 正常
    assert (first["evaluated_on"], first["next_review"]) == (
        pd.Timestamp("2026-01-05"),
        pd.Timestamp("2026-07-05"),
    )
    assert (first["重大诉讼"], first["失信被执行"], first["经营亏损"]) == (True, False, False)
    assert (second["customer_name"], second["status"]) == ("KH02", "暂停")  # no name: the code
    assert (second["limit"], second["term_days"]) == (30_000_000, 45)
    assert second["uscc"] == "" and pd.isna(second["evaluated_on"])
    assert pd.isna(third["limit"]) and pd.isna(third["term_days"])
    assert str(frame["limit"].dtype) == "Int64" and str(frame["term_days"].dtype) == "Int64"


def test_register_problems_name_each_cell(register):
    frame, problems = read_register(register)
    expected = [
        '档案.xlsx 客户信用档案!H3 信用额度: "50万" is not an amount（不是有效金额）',
        '档案.xlsx 客户信用档案!I3 信用期限(天): "六十" is not a number of days（不是有效天数）',
        '档案.xlsx 客户信用档案!N4 失信被执行: "maybe" is not 是/否 (yes/no)（应填是或否）',
        '档案.xlsx 客户信用档案!A5 客户编码: "KH01" duplicates row 3（客户编码重复）',
    ]
    assert [str(p) for p in problems] == expected
    # a blank name and a mistyped 统一社会信用代码 warn, naming their cells; the run goes on
    assert [str(n) for n in notes_of(frame)] == [
        "客户名称为空 blank 客户名称 in 档案.xlsx 客户信用档案: 1 行（B4），"
        "以客户编码代替 the code stands in for the name",
        '警告 WARNING: 档案.xlsx 客户信用档案!C3 统一社会信用代码: "91320500MA1MXXXXXX" '
        "is not a valid 统一社会信用代码 (USCC)（校验失败）",
    ]
    assert [n.level for n in notes_of(frame)] == [NoteLevel.INFO, NoteLevel.WARNING]
    with pytest.raises(ReadError) as error:
        register_or_raise(register)
    assert str(error.value).splitlines() == [
        "4 problem(s) in the input（输入有误）:",
        *(f"  {line}" for line in expected),
    ]


def test_a_register_without_limit_term_or_dates_columns(tmp_path):
    path = one_sheet(
        tmp_path / "r.xlsx", "信用档案", [["客户编码", "客户名称"], ["KH09", "丁公司"]]
    )
    frame, problems = read_register(path)
    assert problems == []
    (row,) = frame.to_dict("records")
    assert pd.isna(row["limit"]) and pd.isna(row["term_days"]) and pd.isna(row["next_review"])
    assert (row["grade"], row["status"], row["contact"], row["重大诉讼"]) == ("", "正常", "", False)
    assert str(frame["limit"].dtype) == "Int64"
    assert str(frame["next_review"].dtype) == "datetime64[ns]"


def test_a_register_missing_its_code_column_is_empty_with_the_canonical_columns(tmp_path):
    path = one_sheet(tmp_path / "r.xlsx", "信用档案", [["客户名称", "信用等级"], ["丁公司", "A"]])
    frame, problems = read_register(path)
    assert frame.empty and "customer_id" in frame.columns and "被其他供应商追讨" in frame.columns
    assert [p.kind for p in problems] == [ProblemKind.MISSING_COLUMN]


@pytest.fixture
def ledger(tmp_path):
    return one_sheet(
        tmp_path / "台账.xlsx",
        "应收账款台账",
        [
            [
                *[
                    "客户编码",
                    "客户名称",
                    "单据号",
                    "单据日期",
                    "到期日",
                    "金额",
                    "已收金额",
                    "收款日期",
                    "币种",
                ]
            ],
            ["KH01", "苏州恒通", "XS-1", "2026-10-01", "2026-09-01", 1000, 1200, None, "usd"],
            ["KH01", None, None, "2026-10-01", "2026-11-01", None, 0, None, None],
            ["KH02", "乙", "HC-1", "2026-10-01", "2026-10-01", -500, -600, None, ""],
            ["KH02", "乙", "XS-1", "2026-10-01", "2026-10-31", 300, 0, None, "CNY"],
            ["KH01", "苏州恒通", "XS-1", "2026-08-01", "2026-09-01", 200, 0, None, "CNY"],
        ],
    )


def test_ledger_rows_that_cannot_be_right_are_each_reported(ledger):
    _, problems = read_ledger(ledger)
    assert [str(p) for p in problems] == [
        "台账.xlsx 应收账款台账!E2 到期日: 2026-09-01 is before the invoice date 2026-10-01"
        "（到期日早于单据日期）",
        "台账.xlsx 应收账款台账!G2 已收金额: paid 1,200.00 is more than the amount 1,000.00"
        "（已收金额超过单据金额）",
        "台账.xlsx 应收账款台账!C3 单据号: is blank（缺少必填值）",
        "台账.xlsx 应收账款台账!F3 金额: is blank（缺少必填值）",
        "台账.xlsx 应收账款台账!G4 已收金额: paid -600.00 is more than the amount -500.00"
        "（已收金额超过单据金额）",
        # row 5 repeats XS-1 with another due date: an instalment, not a duplicate
        '台账.xlsx 应收账款台账!C6 单据号: "XS-1" duplicates row 2（同一客户的单据号+到期日重复）',
    ]
    assert [p.kind for p in problems][:2] == [ProblemKind.CONSISTENCY, ProblemKind.CONSISTENCY]


def test_ledger_columns_currency_and_names(ledger):
    frame, _ = read_ledger(ledger)
    assert frame["currency"].tolist() == ["USD", "CNY", "CNY", "CNY", "CNY"]
    assert frame["customer_name"].tolist() == ["苏州恒通", "KH01", "乙", "乙", "苏州恒通"]
    assert frame["invoice_no"].tolist() == ["XS-1", "", "HC-1", "XS-1", "XS-1"]
    assert frame["amount"].tolist() == [100000, 0, -50000, 30000, 20000]
    assert frame["paid_amount"].tolist() == [120000, 0, -60000, 0, 0]
    assert frame["paid_date"].isna().all()


def test_a_ledger_missing_columns_is_an_empty_frame_of_the_right_types(tmp_path):
    path = one_sheet(tmp_path / "空.xlsx", "台账", [["客户编码", "金额"], ["KH01", 1]])
    frame, problems = read_ledger(path)
    assert len(frame) == 0
    assert {c: str(t) for c, t in frame.dtypes.items()} == {
        "customer_id": "object",
        "customer_name": "object",
        "invoice_no": "object",
        "invoice_date": "datetime64[ns]",
        "due_date": "datetime64[ns]",
        "amount": "int64",
        "paid_amount": "int64",
        "paid_date": "datetime64[ns]",
        "currency": "object",
    }
    assert [str(p) for p in problems] == [
        "空.xlsx 台账!1:1: missing column 单据号 (invoice_no)（缺少列）; accepted headers"
        "（可用表头）: 单据号、invoice_no、invoice no、invoice number、document no、"
        "单据编号、发票号、发票号码、单据编码、应收单号、凭证编号、凭证号码、doc. no.、"
        "docnum、number、编号、发票编号、订单号、合同号; "
        'or map your own: --columns "你的表头=单据号"',
        "空.xlsx 台账!1:1: missing column 单据日期 (invoice_date)（缺少列）; accepted headers"
        "（可用表头）: 单据日期、invoice_date、invoice date、date、业务日期、记账日期、"
        "制单日期、开票日期、过账日期、凭证日期、posting date、invoice/bill date、"
        "发票日期、发货日期; "
        'or map your own: --columns "你的表头=单据日期"',
        "空.xlsx 台账!1:1: missing column 到期日 (due_date)（缺少列）; accepted headers"
        "（可用表头）: 到期日、due_date、due date、due、到期日期、收款到期日、应收日期、"
        "截止日期、账期到期日、约定付款日、应付款日期; "
        'or map your own: --columns "你的表头=到期日"',
    ]


def test_a_ledger_without_payment_columns_has_nothing_received():
    frame, problems = read_ledger(
        pd.DataFrame(
            {
                "客户编码": ["KH01"],
                "单据号": ["XS-1"],
                "单据日期": ["2026-10-01"],
                "到期日": ["2026-10-31"],
                "金额": [880.0],
            }
        )
    )
    assert problems == []
    assert frame["paid_amount"].tolist() == [0] and frame["paid_amount"].dtype == np.int64
    assert frame["paid_date"].isna().tolist() == [True]
    assert frame["due_date"].dt.date.tolist() == [dt.date(2026, 10, 31)]


def test_open_orders_add_up_per_customer_and_name_bad_cells(tmp_path):
    path = one_sheet(
        tmp_path / "订单.xlsx",
        "未发货订单",
        [
            ["未发货订单"],
            ["客户编码", "客户名称", "订单金额"],
            ["KH01", "甲", "1,000.50"],
            ["KH01", "甲", 2000],
            ["KH02", "乙", "abc"],
            [None, None, 5],
            ["合计", None, 3000.5],
        ],
    )
    totals, problems = read_orders(path)
    assert totals == {"KH01": Decimal("3000.50"), "KH02": Decimal("0.00")}
    assert [str(p) for p in problems] == [
        '订单.xlsx 未发货订单!C5 订单金额: "abc" is not an amount（不是有效金额）',
        "订单.xlsx 未发货订单!A6 客户编码: is blank（缺少必填值）",
    ]


def test_an_orders_sheet_without_its_columns_gives_no_exposure(tmp_path):
    path = one_sheet(tmp_path / "o.xlsx", "订单", [["客户", "备注"], ["甲", "加急"]])
    totals, problems = read_orders(path)
    assert totals == {}
    assert [str(p) for p in problems] == [
        "o.xlsx 订单!1:1: missing column 客户编码 (customer_id)（缺少列）; accepted headers"
        "（可用表头）: 客户编码、customer_id、customer id、customer code、客户代码、"
        "客户编号、往来单位编码; "
        'or map your own: --columns "你的表头=客户编码"',
        "o.xlsx 订单!1:1: missing column 未发货订单金额 (amount)（缺少列）; accepted headers"
        "（可用表头）: 未发货订单金额、open_orders、open orders、order amount、amount、"
        "在途订单金额、未完成订单金额、订单金额、金额; "
        'or map your own: --columns "你的表头=未发货订单金额"',
    ]
