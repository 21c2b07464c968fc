"""The sheet's own 合计 row against the rows read: agreement said, a difference warned."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from creditbook.inputs.notes import NoteLevel, notes_of
from creditbook.inputs.readers import read_ledger, read_register
from creditbook.inputs.sources import Grid

D = dt.date
HEADER = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "价税合计", "已收金额"]


def report_of(rows, name="应收明细.xlsx", sheet="应收明细"):
    frame, problems = read_ledger(Grid(name, sheet, rows))
    assert problems == []
    return frame.attrs["report"]


def invoice(code, number, amount, paid=0):
    return [code, f"{code}公司", number, D(2026, 6, 1), D(2026, 7, 1), amount, paid]


def test_a_yonyou_export_with_subtotals_agrees_with_its_grand_total():
    """小计 rows are subtotals; the 总计 below every row totals the rows read."""
    rows = [
        ["应收账款明细表"],
        ["会计期间：2026年1期至2026年11期"],
        HEADER,
        invoice("C01", "F1", 1000.25, 200),
        invoice("C01", "F2", 500, 0),
        ["小计", None, None, None, None, 1500.25, 200],
        invoice("C02", "F3", 80.5, 80.5),
        ["小计", None, None, None, None, 80.5, 80.5],
        ["总计", None, None, None, None, 1580.75, 280.5],
        ["制表人：王丽华", None, "审核人：李明"],
    ]
    report = report_of(rows)
    assert report.sheet_totals.line() == (
        "表中合计 the sheet's 合计 (第 9 行 row 9): 与读出的行相符 agrees with the rows read"
        "（F 价税合计、G 已收金额）"
    )
    assert report.total_warning() is None
    assert report.total_lines()[-1] == report.sheet_totals.line()


def test_a_grand_total_that_differs_is_warned_with_the_difference():
    """One row typed in 元 in a 万元 sheet: the sheet's 合计 says 14.0005 万, the rows 1,013.5."""
    rows = [
        ["应收账款明细表", None, None, None, None, "单位：万元"],
        HEADER,
        invoice("C01", "F1", 12.5, 0),
        invoice("C01", "HZ1", -2.5, 0),
        invoice("C03", "F3", 1000.5, 3),
        ["合  计", None, None, None, None, 14.0005, 3],
    ]
    report = report_of(rows)
    assert report.sheet_totals.line() == (
        "表中合计 the sheet's 合计: 第 6 行 row 6 F 价税合计 表中 on the sheet 140,005.00 "
        "≠ 读出 read 10,105,000.00（差 difference -9,964,995.00）"
    )
    assert report.total_warning() == (
        "应收明细.xlsx 应收明细 表中合计与读出的行不符 the sheet's 合计 does not match the rows "
        "read: 第 6 行 row 6 F 价税合计 表中 on the sheet 140,005.00 ≠ 读出 read "
        "10,105,000.00（差 difference -9,964,995.00） — 请核对是否有行未读或重复、金额单位是否一致 "
        "check for rows missed or read twice and for the unit"
    )


def test_one_fen_apart_is_a_difference():
    rows = [HEADER, invoice("C01", "F1", 100.01), ["合计", None, None, None, None, 100.02, None]]
    line = report_of(rows).sheet_totals.line()
    assert line.endswith("表中 on the sheet 100.02 ≠ 读出 read 100.01（差 difference 0.01）")


def test_a_ledger_closing_each_customer_with_its_own_total_agrees_by_the_last_block():
    """A hand ledger writes 合计 under each customer: the last one totals its own rows."""
    rows = [
        HEADER,
        invoice("C01", "F1", 300),
        ["合计", None, None, None, None, 300, None],
        invoice("C02", "F2", 50),
        invoice("C02", "F3", 25),
        ["合计", None, None, None, None, 75, None],
    ]
    report = report_of(rows)
    assert report.total_warning() is None
    assert report.sheet_totals.line().startswith(
        "表中合计 the sheet's 合计 (第 6 行 row 6): 与读出"
    )


def test_a_last_block_total_that_differs_from_both_is_warned():
    rows = [
        HEADER,
        invoice("C01", "F1", 300),
        ["合计", None, None, None, None, 300, None],
        invoice("C02", "F2", 50),
        ["合计", None, None, None, None, 60, None],
    ]
    assert report_of(rows).sheet_totals.differences() == [
        "第 5 行 row 5 F 价税合计 表中 on the sheet 60.00 ≠ 读出 read 350.00"
        "（差 difference -290.00）"
    ]


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([HEADER, invoice("C01", "F1", 300)], id="no total row"),
        pytest.param(
            [HEADER, ["合计", None, None, None, None, 999, None], invoice("C01", "F1", 300)],
            id="a total above the data",
        ),
        pytest.param(
            [HEADER, invoice("C01", "F1", 300), ["本月合计", None, None, None, None, 999, None]],
            id="a month total",
        ),
        pytest.param(
            [HEADER, invoice("C01", "F1", 300), ["合计", None, None, None, None, "共 1 笔", None]],
            id="a count, not an amount",
        ),
        pytest.param(
            [HEADER, invoice("C01", "F1", 300), ["合计", None, None, None, None, None, None]],
            id="an empty total row",
        ),
    ],
)
def test_nothing_is_compared_without_a_grand_total_amount(rows):
    report = report_of(rows)
    assert report.sheet_totals is None
    assert report.total_warning() is None
    assert not any(line.startswith("表中合计") for line in report.lines())


def test_only_the_columns_the_total_row_fills_are_compared():
    rows = [HEADER, invoice("C01", "F1", 300, 100), ["合计", None, None, None, None, 300, None]]
    (only,) = report_of(rows).sheet_totals.columns
    assert (only.letter, only.header, str(only.on_sheet), str(only.read)) == (
        "F",
        "价税合计",
        "300.00",
        "300.00",
    )


def test_the_difference_is_a_warning_note_every_command_prints_and_agreement_is_not():
    differing = [HEADER, invoice("C01", "F1", 100), ["合计", None, None, None, None, 90, None]]
    frame, _ = read_ledger(Grid("台账.xlsx", "台账", differing))
    warnings = [n for n in notes_of(frame) if n.level is NoteLevel.WARNING]
    assert [n.text for n in warnings] == [frame.attrs["report"].total_warning()]
    agreeing = [HEADER, invoice("C01", "F1", 100), ["合计", None, None, None, None, 100, None]]
    frame, _ = read_ledger(Grid("台账.xlsx", "台账", agreeing))
    assert [n for n in notes_of(frame) if n.level is NoteLevel.WARNING] == []


def test_a_register_whose_合计_differs_is_warned_too():
    rows = [
        ["客户编码", "客户名称", "信用额度", "信用期限(天)"],
        ["KH01", "苏州恒通", 300000, 60],
        ["KH02", "广州庚贸易", 100000, 30],
        ["合计", None, 300000, None],
    ]
    frame, problems = read_register(Grid("档案.xlsx", "客户信用档案", rows))
    assert problems == []
    assert [str(n) for n in notes_of(frame) if n.level is NoteLevel.WARNING] == [
        "警告 WARNING: 档案.xlsx 客户信用档案 表中合计与读出的行不符 the sheet's 合计 does not "
        "match the rows read: 第 4 行 row 4 C 信用额度 表中 on the sheet 300,000.00 ≠ 读出 read "
        "400,000.00（差 difference -100,000.00） — 请核对是否有行未读或重复、金额单位是否一致 "
        "check for rows missed or read twice and for the unit"
    ]


def test_two_columns_that_differ_are_each_named_in_one_line():
    rows = [
        HEADER,
        invoice("C01", "F1", 100, 40),
        ["合计", None, None, None, None, 90, 30],
    ]
    totals = report_of(rows).sheet_totals
    assert totals.line() == (
        "表中合计 the sheet's 合计: 第 3 行 row 3 F 价税合计 表中 on the sheet 90.00 ≠ 读出 read "
        "100.00（差 difference -10.00）；第 3 行 row 3 G 已收金额 表中 on the sheet 30.00 ≠ 读出 "
        "read 40.00（差 difference -10.00）"
    )
    assert totals.warning().count("）；第 3 行") == 1


def test_a_total_row_that_leaves_the_amount_blank_is_compared_on_the_received_column():
    rows = [HEADER, invoice("C01", "F1", 100, 40), ["合计", None, None, None, None, None, 40]]
    (only,) = report_of(rows).sheet_totals.columns
    assert (only.letter, str(only.on_sheet), str(only.read)) == ("G", "40.00", "40.00")


def test_a_single_total_is_compared_with_every_row_not_the_last_ones():
    rows = [
        HEADER,
        invoice("C01", "F1", 100),
        invoice("C01", "F2", 50),
        invoice("C01", "F3", 25),
        ["合计", None, None, None, None, 25, None],
    ]
    assert report_of(rows).sheet_totals.differences() == [
        "第 5 行 row 5 F 价税合计 表中 on the sheet 25.00 ≠ 读出 read 175.00"
        "（差 difference -150.00）"
    ]


def test_a_subtotal_typed_with_spaces_is_not_taken_for_the_grand_total():
    rows = [HEADER, invoice("C01", "F1", 100), ["华东 小　计", None, None, None, None, 70, None]]
    assert report_of(rows).sheet_totals is None


def test_a_ledger_of_no_invoices_yet_agrees_with_its_zero_total():
    rows = [HEADER, ["合计", None, None, None, None, 0, None]]
    frame, problems = read_ledger(Grid("空台账.xlsx", "台账", rows))
    assert problems == []
    assert frame.attrs["report"].sheet_totals.line() == (
        "表中合计 the sheet's 合计 (第 2 行 row 2): 与读出的行相符 agrees with the rows read"
        "（F 价税合计）"
    )


def test_void_rows_a_total_leaves_out_are_not_added_and_void_rows_in_wan_are_scaled():
    void = ["C01", "作废X", "F9", D(2026, 6, 1), D(2026, 7, 1), 3, 1, "已作废"]
    header = [*HEADER, "单据状态"]
    left_out = [
        header,
        [*invoice("C01", "F1", 10, 2), "已审核"],
        void,
        ["合计", None, None, None, None, 10, 2, None],
    ]
    totals = report_of(left_out).sheet_totals
    assert [(c.read, c.voided) for c in totals.columns] == [
        (Decimal("10.00"), None),
        (Decimal("2.00"), None),
    ]
    assert "作废" not in totals.line()
    in_wan = [
        ["单位：万元"],
        header,
        [*invoice("C01", "F1", 10, 2), "已审核"],
        void,
        [*invoice("C01", "F8", 1, 0)[:5], "待核", None, "已作废"],
        ["合计", None, None, None, None, 13, 3, None],
    ]
    totals = report_of(in_wan).sheet_totals
    assert totals.line() == (
        "表中合计 the sheet's 合计 (第 6 行 row 6): 与读出的行相符 agrees with the rows read"
        "（F 价税合计、G 已收金额），表中合计中 F 列含作废单据 void documents 30,000.00；"
        "G 列含作废单据 void documents 10,000.00，未计入 not counted"
    )
