"""Reading the 集团 sheet and the register's group and temporary-limit columns as finance
keeps them by hand: title rows, 万元 headers, Chinese dates, blanks, 合计 and footers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pandas as pd

from creditbook.core.exposure import Group
from creditbook.inputs.groups import groups_beside, read_groups
from creditbook.inputs.notes import NoteLevel, notes_of
from creditbook.inputs.readers import read_register


def group_book(path, rows):
    book = openpyxl.Workbook()
    book.active.title = "客户信用档案"
    book.active.append(["客户编码", "客户名称", "信用额度", "所属集团"])
    book.active.append(["K1", "甲", 100000, "华信集团"])
    sheet = book.create_sheet("集团")
    sheet.append(["集团客户额度表（2026年）"])
    sheet.append(["集团名称", "集团代码", "集团授信额度（万元）", "审批日期"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_the_group_sheet_in_wan_with_a_total_and_a_footer(tmp_path):
    path = group_book(
        tmp_path / "档案.xlsx",
        [
            ["华信集团", "HX01", 20, "2026年1月5日"],
            ["远东集团", "YD02", None, None],  # no limit yet: None, never 0
            [None, None, None, None],
            ["合计", None, 20, None],
            ["制表：财务部 张会计"],
        ],
    )
    groups, problems = groups_beside(path)
    assert problems == []
    assert groups == [
        Group("华信集团", "HX01", Decimal("200000.00"), dt.date(2026, 1, 5)),
        Group("远东集团", "YD02", None, None),
    ]


def test_a_bad_group_limit_and_a_repeated_group_are_problems_naming_the_cell(tmp_path):
    path = group_book(
        tmp_path / "档案.xlsx",
        [["华信集团", "HX01", "二十万", None], ["华信集团", "HX09", 10, None]],
    )
    _, problems = read_groups(path, "集团")
    assert [str(p) for p in problems] == [
        '档案.xlsx 集团!C3 集团授信额度（万元）: "二十万" is not an amount（不是有效金额）',
        '档案.xlsx 集团!A4 集团名称: "华信集团" is listed twice（集团重复，见第 3 行）',
    ]


def test_a_register_without_a_group_sheet_has_no_groups(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["客户编码", "信用额度"])
    book.save(tmp_path / "档案.xlsx")
    assert groups_beside(tmp_path / "档案.xlsx") == ([], [])
    (tmp_path / "档案.csv").write_text("客户编码,信用额度\nK1,100\n", encoding="utf-8")
    assert groups_beside(tmp_path / "档案.csv") == ([], [])


def test_register_temporary_columns_and_unreadable_values_left_blank_with_a_warning(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "客户信用档案"
    sheet.append(["客户编码", "信用额度", "集团名称", "临时信用额度", "生效日期", "失效日期"])
    sheet.append(["K1", 100000, "华信集团", 50000, "2026-03-01", dt.date(2026, 5, 31)])
    sheet.append(["K2", 80000, None, 30000, "3月1日左右", "2026-05-31"])
    sheet.append(["K3", 60000, None, -5000, "2026-03-01", "2026-05-31"])
    sheet.append(["K4", 60000, None, None, None, None])
    book.save(tmp_path / "档案.xlsx")
    frame, problems = read_register(tmp_path / "档案.xlsx")
    assert problems == []
    assert list(frame["group"]) == ["华信集团", "", "", ""]
    assert frame["temporary_limit"].tolist() == [5_000_000, 3_000_000, pd.NA, pd.NA]
    assert frame["temporary_starts"].iloc[0] == pd.Timestamp("2026-03-01")
    assert pd.isna(frame["temporary_starts"].iloc[1])
    warnings = [str(n) for n in notes_of(frame) if n.level is NoteLevel.WARNING]
    assert warnings == [
        '警告 WARNING: 档案.xlsx 客户信用档案!D4 临时信用额度: "-5000" is not an amount'
        "（不是有效金额），临时额度不计，按信用额度 base limit",
        '警告 WARNING: 档案.xlsx 客户信用档案!E3 生效日期: "3月1日左右" is not a date'
        "（不是有效日期），临时额度不计，按信用额度 base limit",
    ]
