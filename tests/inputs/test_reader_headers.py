"""Which column a reader takes when an export names the same field twice: the first one, except
the money columns, which are refused when no rule decides (``inputs.amounts``)."""

from __future__ import annotations

import datetime as dt

from creditbook.inputs.readers import read_ledger, read_register
from one_sheet import one_sheet


def _two_amounts(tmp_path):
    return one_sheet(
        tmp_path / "应收单列表.xlsx",
        "应收账款台账",
        [
            ["应收单列表"],
            ["查询日期：2026-11-30", None, None, None, None, None, None, None],
            [
                "客户编码",
                "客户名称",
                "单据编号",
                "单据日期",
                "到期日",
                "金额",
                "发票日期",
                "应收金额",
            ],
            [
                "0101",
                "苏州恒通电子有限公司",
                "YS-0001",
                "2026-09-01",
                "2026-10-31",
                "10,000.00",
                "2026-09-05",
                "9,800.00",
            ],
            ["合计", None, None, None, None, "10,000.00", None, "9,800.00"],
        ],
    )


def test_two_amount_columns_are_refused_naming_both_and_the_fix(tmp_path):
    frame, problems = read_ledger(_two_amounts(tmp_path))
    assert [str(p) for p in problems] == [
        "应收单列表.xlsx 应收账款台账!3:3 金额: 2 列都可能是金额 2 columns could be 金额: "
        "F 金额、H 应收金额（无法判断用哪一列）; 请指定 choose one, e.g. --columns "
        '"应收金额=-" （使用 uses F 金额）'
    ]
    assert frame.empty


def test_the_first_of_two_date_headers_wins_and_the_other_amount_is_kept_when_mapped(tmp_path):
    frame, problems = read_ledger(_two_amounts(tmp_path), columns={"应收金额": "-"})
    assert problems == []
    assert frame["invoice_date"].dt.date.tolist() == [dt.date(2026, 9, 1)]
    assert frame["amount"].tolist() == [1_000_000]
    assert frame["发票日期"].tolist() == ["2026-09-05"]
    assert frame["应收金额"].tolist() == ["9,800.00"]
    frame, problems = read_ledger(_two_amounts(tmp_path), columns={"应收金额": "金额"})
    assert problems == []
    assert frame["amount"].tolist() == [980_000]
    assert frame["金额"].tolist() == ["10,000.00"]


def test_the_first_matching_register_header_wins(tmp_path):
    path = one_sheet(
        tmp_path / "信用档案.xlsx",
        "客户信用档案",
        [
            ["客户编码", "客户名称", "信用等级", "信用额度", "额度", "信用期限(天)", "期限"],
            ["0101", "苏州恒通电子有限公司", "A", 500_000, 300_000, 60, 45],
        ],
    )
    frame, problems = read_register(path)
    assert problems == []
    assert frame["limit"].tolist() == [50_000_000]
    assert frame["term_days"].tolist() == [60]
    assert frame["额度"].tolist() == [300_000]
