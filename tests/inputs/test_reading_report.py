"""The reading report as a structure: what the register read says, and the hooks another form's
reader uses to add its own counts and notes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from creditbook.inputs.readers import read_ledger, read_register
from creditbook.inputs.report import ReadingReport
from creditbook.inputs.sources import Grid

D = dt.date


def test_the_register_report_names_its_columns_and_totals_the_limits():
    rows = [
        ["客户编码", "客户名称", "信用额度", "信用期限(天)"],
        ["KH01", "苏州恒通", 300000, 60],
        ["KH02", "广州庚贸易", None, 30],
        ["合计", None, 300000, None],
    ]
    frame, problems = read_register(Grid("档案.xlsx", "客户信用档案", rows))
    assert problems == []
    assert frame.attrs["report"].lines() == [
        "读取报告 reading report: 档案.xlsx 工作表 sheet 客户信用档案（客户信用档案 register）；"
        "表头在第 1 行 header row 1",
        "列 columns: 客户编码 ← A 客户编码；客户名称 ← B 客户名称；信用额度 ← C 信用额度；"
        "信用期限(天) ← D 信用期限(天)",
        "行 rows: 读取 read 2 行；跳过 skipped: 合计/小计行 1 行",
        "合计 totals: C 信用额度 300,000.00",
        "表中合计 the sheet's 合计 (第 4 行 row 4): 与读出的行相符 agrees with the rows read"
        "（C 信用额度）",
    ]


def test_another_reader_adds_counts_and_notes_to_a_report():
    report = ReadingReport("明细账.xlsx", "华东贸易", "statement", rows_read=5)
    more = report.with_counts({"期初前 before the period": 3}).with_notes("期间 2026.06–2026.11")
    assert more.lines() == [
        "读取报告 reading report: 明细账.xlsx 工作表 sheet 华东贸易（往来明细账 statement form）",
        "行 rows: 读取 read 5 行；跳过 skipped: 期初前 before the period 3 行",
        "期间 2026.06–2026.11",
    ]
    assert report.lines()[1] == "行 rows: 读取 read 5 行"  # frozen: the original is unchanged


def test_documents_after_the_as_of_day_are_counted_and_the_first_ten_listed():
    header = ["客户编码", "单据号", "单据日期", "到期日", "金额"]
    rows = [header] + [
        ["C1", f"N{n:02d}", D(2026, 12, 1 + n), D(2027, 1, 1 + n), 100] for n in range(12)
    ]
    rows.append(["C1", "N99", D(2026, 11, 30), D(2026, 12, 30), 100])
    frame, problems = read_ledger(Grid("台账.csv", None, rows), as_of=D(2026, 11, 30))
    assert problems == []
    report = frame.attrs["report"]
    assert report.after_as_of == 12
    assert report.after_cells[0] == "C2 N00 2026-12-01"
    assert len(report.after_cells) == 10
    assert report.as_of_lines()[0].endswith("C11 N09 2026-12-10…），不计入账龄 not aged")
    assert report.totals[0].total == Decimal("1300.00")
