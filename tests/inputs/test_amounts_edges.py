"""Which money column an export's header names, at the edges of the rules: a 用友 invoice list
with 金额 beside 不含税金额, unit suffixes, tax columns the user keeps, and the exact refusals."""

from __future__ import annotations

import datetime as dt

from creditbook.inputs.amounts import conflict_problems
from creditbook.inputs.problems import ProblemKind, ReadProblem
from creditbook.inputs.readers import read_ledger
from creditbook.inputs.sources import Grid
from creditbook.inputs.tables import Header

D = dt.date


def _yonyou(header_tail, first, second, total, columns=None):
    """A 用友 T+ 销售发票明细表: title, period, header, two invoices and the 合计 line."""
    rows = [
        ["销售发票明细表"],
        ["日期：2026-09-01 至 2026-11-30"],
        ["客户编码", "客户名称", "发票号", "开票日期", "到期日", *header_tail, "业务员"],
        [
            "KH101",
            "无锡市恒通机电设备有限公司",
            "FP-0901",
            D(2026, 9, 1),
            D(2026, 10, 31),
            *first,
            "王芳",
        ],
        ["KH102", "常州华达电气有限公司", "FP-0902", D(2026, 9, 15), D(2026, 11, 14), *second, ""],
        ["合计", "", "", "", "", *total, ""],
    ]
    return read_ledger(Grid("发票明细.xlsx", "Sheet1", rows), columns=columns)


def test_the_pre_tax_column_beside_the_amount_is_reported_not_used_not_dropped():
    frame, problems = _yonyou(
        ["金额", "不含税金额"], [11300, 10000], [5650.5, 5000.44], [16950.5, 15000.44]
    )
    assert problems == []
    assert frame["amount"].tolist() == [1_130_000, 565_050]
    report = frame.attrs["report"]
    assert report.unused_lines() == ["未用 not used: G 不含税金额 — 不含税金额 pre-tax amount"]
    assert report.total_lines() == [
        "合计 totals: F 金额 16,950.50；G 不含税金额 15,000.44（未用 not used）",
        "表中合计 the sheet's 合计 (第 6 行 row 6): 与读出的行相符 agrees with the rows read"
        "（F 金额）",
    ]


KEY = ["客户编码", "单据号", "单据日期", "到期日"]
ROW = ["KH101", "XS-0901", D(2026, 9, 1), D(2026, 10, 31)]


def _read(tail, values, columns=None, first_row=1):
    """An 应收单据明细 sheet: its title row, then the header and one invoice."""
    rows = [["应收单据明细"], [*KEY, *tail], [*ROW, *values]]
    return read_ledger(Grid("应收.xlsx", "台账", rows, first_row=first_row), columns=columns)


def _refused(tail, values, columns=None, first_row=1):
    frame, problems = _read(tail, values, columns, first_row)
    assert frame.empty
    return [str(p) for p in problems]


def test_columns_with_a_unit_in_brackets_are_judged_by_their_name():
    frame, problems = _read(["价税合计（元）", "金额（元）", "税额（元）"], [1130, 1000, 130])
    assert problems == []
    assert frame["amount"].tolist() == [113_000]
    assert frame.attrs["report"].unused_lines() == [
        "未用 not used: F 金额（元） — 不含税金额 pre-tax amount（价税合计（元） 是含税金额 is "
        "the tax-inclusive amount）; G 税额（元） — 税额 tax"
    ]


def test_a_refusal_names_the_header_row_below_the_title_and_below_rows_not_loaded():
    message = (
        " 金额: 2 列都可能是金额 2 columns could be 金额: E 价税合计、F 应收金额（无法判断用"
        '哪一列）; 请指定 choose one, e.g. --columns "应收金额=-" （使用 uses E 价税合计）'
    )
    assert _refused(["价税合计", "应收金额"], [1130, 1130]) == ["应收.xlsx 台账!2:2" + message]
    assert _refused(["价税合计", "应收金额"], [1130, 1130], first_row=4) == [
        "应收.xlsx 台账!5:5" + message
    ]
    frame, problems = _read(["价税合计", "应收金额"], [1130, 1130], {"应收金额": "-"})
    assert problems == []
    assert frame["amount"].tolist() == [113_000]


def test_two_columns_the_user_both_maps_to_the_amount_are_refused():
    assert _refused(["价税合计", "金额"], [1130, 1000], {"价税合计": "金额", "金额": "金额"}) == [
        "应收.xlsx 台账!2:2 金额: 2 列都可能是金额 2 columns could be 金额: E 价税合计、F 金额"
        '（无法判断用哪一列）; 请指定 choose one, e.g. --columns "金额=-" （使用 uses E 价税合计）'
    ]


def test_leaving_out_the_tax_inclusive_column_brings_back_the_tax_question():
    assert _refused(["金额", "税额", "价税合计"], [1000, 130, 1130], {"价税合计": "-"}) == [
        "应收.xlsx 台账!2:2 金额: 有税额列时 金额 可能不含税 with a tax column, 金额 may be the "
        "pre-tax amount: E 金额、F 税额（无法判断应收金额）; 应收金额应为价税合计 the receivable "
        "is the tax-inclusive amount: 请加一列价税合计 add a 价税合计 column, 或 金额 已含税时 if "
        'it includes tax: --columns "税额=-"'
    ]


def test_the_users_received_column_is_used_and_the_other_reported_as_passed_over():
    frame, problems = _read(
        ["价税合计", "金额", "已收金额", "收款金额"],
        [1130, 1000, 100, 300],
        {"收款金额": "已收金额"},
    )
    assert problems == []
    assert frame["paid_amount"].tolist() == [30_000]
    report = frame.attrs["report"]
    assert report.unused_lines() == [
        "未用 not used: F 金额 — 不含税金额 pre-tax amount（价税合计 是含税金额 is the "
        "tax-inclusive amount）; G 已收金额 — --columns 选定 chosen: H 收款金额"
    ]
    assert report.field_lines()[0].endswith("金额 ← E 价税合计；已收金额 ← H 收款金额")


def test_a_pre_tax_column_beside_two_amount_columns_is_named_in_the_refusal():
    assert _refused(["金额", "不含税金额", "应收金额"], [1130, 1000, 1130]) == [
        "应收.xlsx 台账!2:2 金额: 3 列都可能是金额 3 columns could be 金额: E 金额、G 应收金额、"
        'F 不含税金额（无法判断用哪一列）; 请指定 choose one, e.g. --columns "应收金额=-,'
        '不含税金额=-" （使用 uses E 金额）'
    ]


def test_pre_tax_columns_alone_are_never_the_amount():
    for tail in (["不含税金额"], ["不含税金额", "无税金额"]):
        (problem,) = _refused(tail, [1000] * len(tail))
        assert problem.startswith("应收.xlsx 台账!2:2: missing column 金额 (amount)（缺少列）")


def test_two_tax_columns_beside_the_amount_are_both_named_in_the_fix():
    (problem,) = _read(["金额", "税额", "本币税额"], [1000, 130, 130])[1]
    assert problem.kind is ProblemKind.MISSING_COLUMN
    assert str(problem) == (
        "应收.xlsx 台账!2:2 金额: 有税额列时 金额 可能不含税 with a tax column, 金额 may be the "
        "pre-tax amount: E 金额、F 税额、G 本币税额（无法判断应收金额）; 应收金额应为价税合计 the "
        "receivable is the tax-inclusive amount: 请加一列价税合计 add a 价税合计 column, 或 金额 "
        '已含税时 if it includes tax: --columns "税额=-,本币税额=-"'
    )


def test_tax_columns_mapped_to_the_received_amount_keep_the_received_column_in_the_fix():
    mapping = {"税额": "已收金额", "销项税额": "已收金额"}
    assert _refused(["金额", "税额", "销项税额", "已收金额"], [1000, 130, 130, 0], mapping) == [
        "应收.xlsx 台账!2:2 已收金额: 3 列都可能是已收金额 3 columns could be 已收金额: F 税额、"
        'G 销项税额、H 已收金额（无法判断用哪一列）; 请指定 choose one, e.g. --columns "税额=-,'
        '销项税额=-" （使用 uses H 已收金额）'
    ]
    # with only the two tax columns, the first is the one kept
    assert _refused(["金额", "税额", "销项税额"], [1000, 130, 130], mapping) == [
        "应收.xlsx 台账!2:2 已收金额: 2 列都可能是已收金额 2 columns could be 已收金额: F 税额、"
        'G 销项税额（无法判断用哪一列）; 请指定 choose one, e.g. --columns "销项税额=-" '
        "（使用 uses F 税额）"
    ]


def test_a_field_without_a_label_is_named_by_its_canonical_name():
    header = Header(
        row=2,
        columns={},
        labels={5: "未收金额", 6: "余额"},
        conflicts=(("open_amount", (5, 6)),),
    )
    grid = Grid("应收.xlsx", "台账", [], first_row=1)
    assert conflict_problems(grid, header, {}) == [
        ReadProblem(
            "应收.xlsx",
            "台账",
            3,
            None,
            "open_amount",
            "2 列都可能是open_amount 2 columns could be open_amount: F 未收金额、G 余额（无法判断"
            '用哪一列）; 请指定 choose one, e.g. --columns "余额=-" （使用 uses F 未收金额）',
            ProblemKind.MISSING_COLUMN,
        )
    ]
