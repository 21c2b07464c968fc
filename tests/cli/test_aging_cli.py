"""`creditbook aging` and `creditbook monitor` on small workbooks."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
from typer.testing import CliRunner

from creditbook.cli import app

runner = CliRunner()
HEADER = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额", "收款日期"]


def make_ledger(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "应收账款台账"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def make_register(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "客户信用档案"
    sheet.append(["客户编码", "客户名称", "信用等级", "信用额度", "信用期限(天)", "资金链紧张"])
    sheet.append(["C1", "上海甲商贸有限公司", "A", 100000, 60, "否"])
    sheet.append(["C2", "杭州乙实业有限公司", "B", 50000, 45, "是"])
    book.save(path)
    return path


ROWS = [
    ["C1", "上海甲商贸有限公司", "N1", dt.date(2026, 9, 1), dt.date(2026, 10, 31), 1000, 0, None],
    ["C2", "杭州乙实业有限公司", "N2", dt.date(2026, 7, 1), dt.date(2026, 8, 1), 2500.5, 500, None],
]


def test_aging_prints_the_table_and_writes_csv_with_bom(tmp_path):
    ledger = make_ledger(tmp_path / "台账.xlsx", ROWS)
    out = tmp_path / "aging.csv"
    result = runner.invoke(
        app,
        ["aging", str(ledger), "--as-of", "2026-11-30", "--out", str(out)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "上海甲商贸有限公司" in result.output and "3,000.50" in result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("客户编码,客户名称,未到期,1-30天,31-60天")
    assert lines[1].split(",")[:5] == ["C1", "上海甲商贸有限公司", "0.00", "1000.00", "0.00"]
    assert lines[-1].split(",")[9] == "3000.50"  # 合计 column of the totals row


def test_aging_xlsx_has_number_formats_and_a_frozen_header(tmp_path):
    ledger = make_ledger(tmp_path / "台账.xlsx", ROWS)
    register = make_register(tmp_path / "档案.xlsx")
    out = tmp_path / "aging.xlsx"
    args = ["aging", str(ledger), "--register", str(register), "--as-of", "2026-11-30"]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet.freeze_panes == "C3"
    assert sheet["C2"].value == "未到期"
    assert sheet["D3"].value == 1000 and sheet["D3"].number_format == "#,##0.00"
    assert sheet["M2"].value == "信用额度" and sheet["N3"].number_format == "0.0%"
    assert sheet["A5"].value == "合计"
    again = runner.invoke(app, [*args, "--out", str(out)], env={"COLUMNS": "400"})
    assert again.exit_code == 1 and "already exists" in again.output


def test_unreadable_ledger_lists_every_problem_and_writes_nothing(tmp_path):
    ledger = make_ledger(
        tmp_path / "台账.xlsx",
        [
            ["C1", "甲", "N1", "2026-09-01", "2026-10-31", "一千元", 0, None],
            ["C1", "甲", "N1", "someday", "2026-10-31", 5, 0, None],
        ],
    )
    out = tmp_path / "aging.xlsx"
    result = runner.invoke(app, ["aging", str(ledger), "--out", str(out)])
    assert result.exit_code == 1
    assert '台账.xlsx 应收账款台账!F2 金额: "一千元" is not an amount' in result.output
    assert "台账.xlsx 应收账款台账!C3 单据号" in result.output
    assert "台账.xlsx 应收账款台账!D3 单据日期" in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [ledger]


def test_invoice_view_and_bad_as_of(tmp_path):
    ledger = make_ledger(tmp_path / "台账.xlsx", ROWS)
    result = runner.invoke(
        app,
        ["aging", str(ledger), "--as-of", "2026年11月30日", "--view", "invoice"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0 and "1年以内" in result.output
    bad = runner.invoke(app, ["aging", str(ledger), "--as-of", "soon"])
    assert bad.exit_code == 1 and "is not a date" in bad.output


def test_monitor_csv_has_a_bom_so_chinese_excel_opens_it_as_utf8(tmp_path):
    ledger = make_ledger(tmp_path / "台账.xlsx", ROWS)
    register = make_register(tmp_path / "档案.xlsx")
    out = tmp_path / "monitor.csv"
    args = ["monitor", str(ledger), "--register", str(register), "--as-of", "2026-11-30"]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith("\ufeff客户编码,客户名称,信用等级,信用额度,".encode())


def test_monitor_shows_signals_adjustments_and_stage(tmp_path):
    ledger = make_ledger(tmp_path / "台账.xlsx", ROWS)
    register = make_register(tmp_path / "档案.xlsx")
    out = tmp_path / "monitor.xlsx"
    result = runner.invoke(
        app,
        [
            "monitor",
            str(ledger),
            "--register",
            str(register),
            "--as-of",
            "2026-11-30",
            "--out",
            str(out),
        ],
        env={"COLUMNS": "250"},
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[2]]
    row = dict(zip(header, [c.value for c in sheet[4]], strict=True))
    assert row["客户编码"] == "C2"
    assert row["预警级别"] == "严重"
    assert "信用档案标记：资金链紧张" in row["预警信号"]
    assert (row["额度调整"], row["催收阶段"]) == ("暂停", "最后催告")
    assert row["最长逾期天数"] == 121  # 2026-08-01 → 2026-11-30


def test_monitor_adds_open_orders_to_the_exposure_and_reports_their_problems(tmp_path):
    ledger = make_ledger(tmp_path / "台账.xlsx", ROWS)
    register = make_register(tmp_path / "档案.xlsx")
    orders = tmp_path / "订单.csv"
    orders.write_text('客户编码,未发货订单金额\nC1,"99,500.00"\nC1,500\n', encoding="utf-8")
    out = tmp_path / "monitor.csv"
    args = ["monitor", str(ledger), "--register", str(register), "--as-of", "2026-11-30"]
    result = runner.invoke(app, [*args, "--orders", str(orders), "--out", str(out)])
    assert result.exit_code == 0, result.output
    header, first = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))[:2]
    assert first[header.index("信用敞口")] == "101000.00"  # 1,000 open + 100,000 on order
    assert first[header.index("额度调整")] == "下调"  # over the 100,000 limit
    said = " ".join(result.output.split())  # the orders' reading report: column and total
    assert "读取报告 reading report: 订单.csv（未发货订单 open orders）" in said
    assert "未发货订单金额 ← B 未发货订单金额" in said
    assert "合计 totals: B 未发货订单金额 100,000.00" in said
    orders.write_text("客户编码,金额\nC1,lots\n", encoding="utf-8")
    again = runner.invoke(app, [*args, "--orders", str(orders)], env={"COLUMNS": "300"})
    assert again.exit_code == 1
    assert '订单.csv B2 金额: "lots" is not an amount' in again.output
