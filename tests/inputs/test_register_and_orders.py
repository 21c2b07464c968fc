"""Credit registers and open-order lists as users keep them: beside a grading table, split
over two regional sheets, with their own header for the customer code, a blank code, a
cash-on-delivery term of 0 days, and an orders sheet behind a cover."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
from erp_exports import save

from creditbook.core.models import WARNING_FLAGS
from creditbook.inputs.problems import ProblemKind, ReadError
from creditbook.inputs.readers import read_orders, read_register, register_or_raise
from creditbook.inputs.sources import SourceError
from creditbook.protect import encrypt_office_file

GRADES = [["信用等级", "信用额度", "信用期限"], ["A", 500000, 60], ["B", 200000, 45]]
REGISTER = ["客户编码", "客户名称", "信用等级", "信用额度", "信用期限(天)"]


def test_a_register_beside_its_grading_table_is_found_and_either_sheet_can_be_asked_for(
    tmp_path,
):
    customers = [REGISTER, ["KH01", "苏州恒通电子有限公司", "A", 300000, 60]]
    path = save(tmp_path / "档案.xlsx", {"评级标准": GRADES, "客户": customers})
    frame, problems = read_register(path)
    assert problems == []
    assert frame[["customer_id", "limit", "term_days"]].values.tolist() == [["KH01", 30000000, 60]]
    assert register_or_raise(path, "客户")["customer_name"].tolist() == ["苏州恒通电子有限公司"]
    _, problems = read_register(path, sheet="评级标准")
    assert [p.kind for p in problems] == [ProblemKind.MISSING_COLUMN]
    with pytest.raises(ReadError) as raised:
        register_or_raise(path, "1")
    assert str(raised.value.problems[0]).startswith(
        "档案.xlsx 评级标准!1:1: missing column 客户编码 (customer_id)（缺少列）"
    )


def test_a_register_with_its_own_code_header_is_read_through_the_mapping(tmp_path):
    header = ["往来户号", "客户名称", "信用等级", "信用额度", "信用期限(天)"]
    path = save(
        tmp_path / "档案.xlsx",
        {"评级标准": GRADES, "客户": [header, ["KH07", "常州己机械有限公司", "B", 80000, 45]]},
    )
    mapping = {"往来户号": "客户编码"}
    frame, problems = read_register(path, columns=mapping)
    assert problems == []
    assert frame[["customer_id", "limit"]].values.tolist() == [["KH07", 8000000]]
    assert register_or_raise(path, "客户", columns=mapping)["term_days"].tolist() == [45]


def test_two_regional_register_sheets_are_refused_naming_both(tmp_path):
    path = save(
        tmp_path / "档案.xlsx",
        {
            "华东客户": [REGISTER, ["KH01", "苏州恒通", "A", 300000, 60]],
            "华南客户": [REGISTER, ["KH20", "广州庚贸易", "B", 100000, 30]],
        },
    )
    with pytest.raises(SourceError) as raised:
        read_register(path)
    assert str(raised.value) == (
        "档案.xlsx: 有多个工作表像台账 several sheets look like the table: 华东客户、华南客户; "
        '请把要读取的工作表命名为 "客户信用档案" rename the sheet to read "客户信用档案"'
        "（--sheet 只选台账的工作表 --sheet chooses only the ledger's sheet）"
    )
    assert read_register(path, sheet="华南客户")[0]["customer_id"].tolist() == ["KH20"]
    book = openpyxl.load_workbook(path)
    book["华南客户"].title = "客户信用档案"  # the fix the message gives
    book.save(path)
    assert read_register(path)[0]["customer_id"].tolist() == ["KH20"]


def test_register_rows_a_blank_code_a_zero_term_and_flags_that_are_booleans(tmp_path):
    header = [*REGISTER, "经营亏损"]
    path = save(
        tmp_path / "档案.xlsx",
        {
            "客户信用档案": [
                ["客户信用档案"],
                header,
                ["KH01", "苏州恒通", "A", 300000, None, "是"],
                [None, "无锡戊科技", "C", 0, 0, "否"],  # 现款: term 0, no credit
                ["KH03", "常州己", "B", 50000, 30, None],
            ]
        },
    )
    frame, problems = read_register(path)
    assert [(str(p), p.kind) for p in problems] == [
        ("档案.xlsx 客户信用档案!A4 客户编码: is blank（缺少必填值）", ProblemKind.BLANK)
    ]
    assert frame["term_days"].tolist()[1:] == [0, 30]
    assert frame["limit"].tolist() == [30000000, 0, 5000000]
    assert frame["经营亏损"].tolist() == [True, False, False]
    assert {flag: str(frame[flag].dtype) for flag in WARNING_FLAGS} == dict.fromkeys(
        WARNING_FLAGS, "bool"
    )


def test_a_register_with_a_header_and_no_customers_yet(tmp_path):
    path = save(tmp_path / "档案.xlsx", {"客户信用档案": [["客户编码", "客户名称"]]})
    frame, problems = read_register(path)
    assert problems == []
    assert len(frame) == 0
    assert (str(frame["limit"].dtype), str(frame["term_days"].dtype)) == ("Int64", "Int64")


def test_open_orders_behind_a_cover_with_their_own_code_header(tmp_path):
    orders = [
        ["2026年11月未发货订单"],
        ["客户号", "客户名称", "订单金额"],
        ["KH01", "苏州恒通", "1,000.50"],
        ["KH01", "苏州恒通", 2000],
        ["KH02", "无锡戊", None],
    ]
    path = save(tmp_path / "订单.xlsx", {"封面": [["销售部"]], "十一月": orders})
    totals, problems = read_orders(path, columns={"客户号": "客户编码"})
    assert totals == {"KH01": Decimal("3000.50"), "KH02": Decimal("0.00")}
    assert [(str(p), p.kind) for p in problems] == [
        ("订单.xlsx 十一月!C5 订单金额: is blank（缺少必填值）", ProblemKind.BLANK)
    ]


def test_the_orders_sheet_asked_for_and_a_receipts_header_in_it(tmp_path):
    header = ["客户编码", "订单金额", "已核销"]
    path = save(
        tmp_path / "订单.xlsx",
        {
            "一期": [header, ["KH01", 100, 0]],
            "二期": [header, ["KH01", 700, 0], ["KH05", 50, 0]],
        },
    )
    totals, problems = read_orders(path, sheet="二期")
    assert totals == {"KH01": Decimal("700.00"), "KH05": Decimal("50.00")}
    assert [(str(p), p.kind) for p in problems] == [
        (
            "订单.xlsx 二期!C1 已核销: looks like 已收金额 but is not a orders column creditbook "
            'knows（未识别的列，不会被静默忽略）; map it: --columns "已核销=已收金额" (or '
            '"已核销=-" to keep it as an unchecked extra column)',
            ProblemKind.UNMAPPED_COLUMN,
        )
    ]


def test_an_encrypted_orders_list_opens_with_its_password(tmp_path):
    orders = [["客户编码", "订单金额"], ["KH01", "1,000.50"], ["KH01", 99.5]]
    path = encrypt_office_file(save(tmp_path / "订单.xlsx", {"十一月": orders}), "华瑞2026")
    assert read_orders(path, password="华瑞2026") == ({"KH01": Decimal("1100.00")}, [])


@pytest.mark.parametrize(
    ("title", "header"), [(None, "信用额度（万元）"), ("单位：万元", "信用额度")]
)
def test_a_limit_kept_in_wan_yuan_is_read_in_yuan(tmp_path, title, header):
    """A register headed 信用额度（万元）, or under a 单位：万元 line, holds 5 for ¥50,000:
    read as ¥5.00 it made every customer 600000% used and refused every order."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "客户信用档案"
    sheet.append(["客户信用档案"])
    if title:
        sheet.append([title])
    sheet.append(["客户编码", "客户名称", "信用等级", header, "信用期限(天)"])
    sheet.append(["C01", "上海华瑞（集团）有限公司", "A", 5, 30])
    sheet.append(["C02", "上海甲商贸有限公司", "B", "1.5", 30])
    sheet.append(["C03", "上海乙商贸有限公司", "B", None, 30])
    path = tmp_path / "信用档案.xlsx"
    book.save(path)
    frame, problems = read_register(path)
    assert problems == []
    assert frame["limit"].tolist() == [5_000_000, 1_500_000, pd.NA]
    assert frame.attrs["report"].total_lines()[0] == f"合计 totals: D {header} 65,000.00"
