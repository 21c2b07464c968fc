"""Which money column an export's header names, at the edges of the rules: a 用友 invoice list
with 金额 beside 不含税金额, unit suffixes, tax columns the user keeps, and the exact refusals."""

from __future__ import annotations

import datetime as dt

from creditbook.inputs.readers import read_ledger
from creditbook.inputs.sources import Grid

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
        "合计 totals: F 金额 16,950.50；G 不含税金额 15,000.44（未用 not used）"
    ]
