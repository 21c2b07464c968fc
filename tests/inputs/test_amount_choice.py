"""The amount an accountant would take: 价税合计 over the pre-tax 金额 and the 税额; two columns
that could each be the amount, the received or the open balance are refused naming both."""

from __future__ import annotations

import datetime as dt

from creditbook.inputs.readers import read_ledger
from creditbook.inputs.sources import Grid

D = dt.date
KEY = ["客户编码", "单据号", "单据日期", "到期日"]
ROW = ["C1", "N1", D(2026, 9, 1), D(2026, 10, 31)]


def _read(header, row, columns=None):
    return read_ledger(Grid("台账.xlsx", "台账", [header, row]), columns=columns)


def _refusals(header, row, columns=None):
    frame, problems = _read(header, row, columns)
    assert frame.empty
    return [str(p) for p in problems]


def test_vat_ledger_is_aged_on_the_tax_inclusive_amount_and_says_what_it_left_out():
    frame, problems = _read(
        [*KEY, "金额", "税额", "价税合计", "已收金额"], [*ROW, 1000, 130, 1130, 130]
    )
    assert problems == []
    assert frame["amount"].tolist() == [113_000]
    assert frame["paid_amount"].tolist() == [13_000]
    report = frame.attrs["report"]
    assert report.unused_lines() == [
        "未用 not used: E 金额 — 不含税金额 pre-tax amount（价税合计 是含税金额 is the "
        "tax-inclusive amount）; F 税额 — 税额 tax"
    ]


def test_kingdee_tax_inclusive_in_base_currency_beside_amount_is_chosen():
    frame, problems = _read([*KEY, "本位币价税合计", "金额（元）"], [*ROW, "1,130.00", "1,000.00"])
    assert problems == []
    assert frame["amount"].tolist() == [113_000]


def test_amount_beside_a_tax_column_without_a_total_is_refused_with_a_fix_that_works():
    header = [*KEY, "金额", "税额"]
    assert _refusals(header, [*ROW, 1000, 130]) == [
        "台账.xlsx 台账!1:1 金额: 有税额列时 金额 可能不含税 with a tax column, 金额 may be the "
        "pre-tax amount: E 金额、F 税额（无法判断应收金额）; 应收金额应为价税合计 the receivable "
        "is the tax-inclusive amount: 请加一列价税合计 add a 价税合计 column, 或 金额 已含税时 if "
        'it includes tax: --columns "税额=-"'
    ]
    frame, problems = _read(header, [*ROW, 1000, 130], {"税额": "-"})
    assert problems == []
    assert frame["amount"].tolist() == [100_000]


def test_only_pre_tax_and_tax_columns_are_refused_asking_for_the_total():
    assert _refusals([*KEY, "不含税金额", "税额"], [*ROW, 1000, 130]) == [
        "台账.xlsx 台账!1:1 金额: 只有不含税金额和税额 only pre-tax and tax columns: E 不含税金额、"
        "F 税额; 应收金额是价税合计 the receivable is the tax-inclusive amount: 请在台账中加一列"
        "价税合计（不含税金额 + 税额）add a 价税合计 column"
    ]


def test_two_tax_inclusive_columns_are_refused_naming_both():
    assert _refusals([*KEY, "价税合计", "本位币价税合计"], [*ROW, 1130, 1130]) == [
        "台账.xlsx 台账!1:1 金额: 2 列都可能是金额 2 columns could be 金额: E 价税合计、"
        "F 本位币价税合计（无法判断用哪一列）; 请指定 choose one, e.g. --columns "
        '"本位币价税合计=-" （使用 uses E 价税合计）'
    ]


def test_two_received_columns_and_two_open_columns_are_refused_naming_both():
    header = [*KEY, "金额", "已收金额", "回款金额", "未收金额", "余额"]
    assert _refusals(header, [*ROW, 1000, 400, 400, 600, 600]) == [
        "台账.xlsx 台账!1:1 已收金额: 2 列都可能是已收金额 2 columns could be 已收金额: "
        "F 已收金额、G 回款金额（无法判断用哪一列）; 请指定 choose one, e.g. "
        '--columns "回款金额=-" （使用 uses F 已收金额）',
        "台账.xlsx 台账!1:1 未收金额: 2 列都可能是未收金额 2 columns could be 未收金额: "
        "H 未收金额、"
        'I 余额（无法判断用哪一列）; 请指定 choose one, e.g. --columns "余额=-" （使用 uses H '
        "未收金额）",
    ]
    frame, problems = _read(
        header, [*ROW, 1000, 400, 400, 600, 600], {"回款金额": "-", "余额": "-"}
    )
    assert problems == []
    assert frame["paid_amount"].tolist() == [40_000]


def test_the_users_mapping_decides_between_two_amount_columns():
    header = [*KEY, "金额", "价税合计"]
    frame, problems = _read(header, [*ROW, 1000, 1130], {"金额": "金额"})
    assert problems == []
    assert frame["amount"].tolist() == [100_000]
    assert frame.attrs["report"].unused_lines() == [
        "未用 not used: F 价税合计 — --columns 选定 chosen: E 金额"
    ]
