"""Real ledger exports read through `creditbook aging` to the fen, against hand-computed aging.

As of 2026-11-30, policy abc, management view (by due date).
"""

from __future__ import annotations

import csv
import io

from erp_exports import (
    D,
    aging_rows,
    figures,
    handmade,
    kingdee,
    register,
    runner,
    save,
    yonyou,
)

from creditbook.cli import app


def test_kingdee_export_counts_written_off_amounts_as_received(tmp_path):
    """金蝶: 已核销金额 is what was received; K002 paid in full is not aged at all; the
    instalment AR-0004 (two due dates) is two lines; 小计/合计/footer rows are skipped."""
    result, rows = aging_rows(tmp_path, str(kingdee(tmp_path / "应收款明细表.xlsx")))
    assert set(rows) == {"K001", "K003"}
    # AR-0001: 10,000 − 4,000 due 08-31 → 91 days; AR-0002: 11,300.50 due 11-14 → 16 days
    assert figures(rows["K001"]) == (
        {"1-30天": "11300.50", "91-180天": "6000.00"},
        "17300.50",
        "17300.50",
        "91",
    )
    assert figures(rows["K003"]) == ({"未到期": "10000.00"}, "10000.00", "0.00", "0")
    assert "读取 read: 应收款明细表.xlsx 工作表 sheet 应收款明细表（单据明细 invoice form）" in (
        result.output
    )
    assert (
        "跳过非数据行 skipped rows in 应收款明细表.xlsx 应收款明细表: 空行 1 行，"
        "表尾签字/打印日期行 1 行，合计/小计行 4 行" in result.output
    )


def test_yonyou_export_with_names_only_is_keyed_by_name(tmp_path):
    """用友: 往来单位 / 业务日期 / 本币金额 / 已收本币, amounts as text with thousands marks."""
    result, rows = aging_rows(tmp_path, str(yonyou(tmp_path / "应收明细表.xlsx")))
    # 23,400 − 3,400 due 10-10 → 51 days; 1,170 due 12-20 not yet due
    assert figures(rows["上海甲商贸有限公司"]) == (
        {"未到期": "1170.00", "31-60天": "20000.00"},
        "21170.00",
        "20000.00",
        "51",
    )
    # due 2025-10-31 → 395 days
    assert figures(rows["杭州乙实业有限公司"]) == (
        {"365天以上": "50000.00"},
        "50000.00",
        "50000.00",
        "395",
    )
    assert result.output.count("以客户名称作为客户编码 the name is the key") == 1
    assert "合计/小计行 2 行" in result.output


def test_handmade_sheet_in_wan_yuan_below_a_merged_title(tmp_path):
    """Hand-made: merged title, 金额单位：万元 (1.2345 万元 = 12,345.00 元), dates typed as
    2026年9月1日 / 2026.10.1 / 20261201, 小　计, a blank row and a 制表/审核 footer."""
    result, rows = aging_rows(tmp_path, str(handmade(tmp_path / "台账.xlsx")))
    # F001: 12,345 − 2,345 due 10-01 → 60 days; F002 5,000 due 12-01
    assert figures(rows["宁波丙贸易有限公司"]) == (
        {"未到期": "5000.00", "31-60天": "10000.00"},
        "15000.00",
        "10000.00",
        "60",
    )
    # F003: 20,000 due 06-09 → 174 days
    assert figures(rows["苏州丁精工有限公司"]) == (
        {"91-180天": "20000.00"},
        "20000.00",
        "20000.00",
        "174",
    )
    assert "空行 1 行，表尾签字/打印日期行 1 行，合计/小计行 2 行" in result.output


def test_columns_option_and_company_settings_map_unknown_headers(tmp_path, monkeypatch):
    path = yonyou(tmp_path / "应收明细表.xlsx", customer_header="购货单位名")
    _, rows = aging_rows(tmp_path, str(path), "--columns", "购货单位名=客户名称")
    assert rows["上海甲商贸有限公司"]["合计"] == "21170.00"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "creditbook.toml").write_text(
        '[ledger.columns]\n"购货单位名" = "客户名称"\n', encoding="utf-8"
    )
    (tmp_path / "aging.csv").unlink()
    _, rows = aging_rows(tmp_path, str(path))
    assert rows["杭州乙实业有限公司"]["合计"] == "50000.00"


def test_open_balance_column_alone_gives_the_received_amount(tmp_path):
    """SAP Business One: 单据总计 and 未清余额 only."""
    path = save(
        tmp_path / "sap.xlsx",
        {
            "Sheet1": [
                [
                    "业务伙伴代码",
                    "业务伙伴名称",
                    "凭证编号",
                    "过账日期",
                    "到期日",
                    "单据总计",
                    "未清余额",
                ],
                [
                    "C20001",
                    "深圳庚电子有限公司",
                    1045,
                    D(2026, 10, 1),
                    D(2026, 10, 31),
                    8800,
                    2800.25,
                ],
            ]
        },
    )
    _, rows = aging_rows(tmp_path, str(path))
    assert figures(rows["C20001"]) == ({"1-30天": "2800.25"}, "2800.25", "2800.25", "30")


def test_invalid_uscc_in_the_register_is_a_warning_and_aging_goes_on(tmp_path):
    ledger = kingdee(tmp_path / "应收款明细表.xlsx")
    entries = register(
        tmp_path / "档案.xlsx",
        [
            ["K001", "华东贸易有限公司", "91110000600037342L", "A", 100000, 60],
            ["K003", "浙江宏达五金有限公司", "", "B", 50000, 45],
        ],
    )
    result, rows = aging_rows(tmp_path, str(ledger), "--register", str(entries))
    assert (
        '警告 WARNING: 档案.xlsx 客户信用档案!C2 统一社会信用代码: "91110000600037342L" is not '
        "a valid 统一社会信用代码 (USCC)（校验失败）" in result.output
    )
    assert rows["K001"]["信用额度"] == "100000.00"


def test_odoo_invoice_list_export(tmp_path):
    path = save(
        tmp_path / "Invoices.xlsx",
        {
            "Sheet1": [
                ["Partner", "Number", "Invoice/Bill Date", "Due Date", "Total", "Amount Due"],
                [
                    "Ningbo Harbour Moulds Co., Ltd.",
                    "INV/2026/00042",
                    D(2026, 9, 15),
                    D(2026, 10, 15),
                    4520.0,
                    4520.0,
                ],
                [
                    "Ningbo Harbour Moulds Co., Ltd.",
                    "INV/2026/00051",
                    D(2026, 10, 2),
                    D(2026, 11, 1),
                    1130.0,
                    0.0,
                ],
            ]
        },
    )
    _, rows = aging_rows(tmp_path, str(path))
    assert figures(rows["Ningbo Harbour Moulds Co., Ltd."]) == (
        {"31-60天": "4520.00"},
        "4520.00",
        "4520.00",
        "46",
    )


def test_monitor_reads_open_orders_with_the_same_column_mapping(tmp_path):
    ledger = kingdee(tmp_path / "应收款明细表.xlsx")
    entries = register(tmp_path / "档案.xlsx", [["K001", "华东贸易有限公司", "", "A", 20000, 60]])
    orders = tmp_path / "订单.csv"
    orders.write_text("客户编码,在手订单\nK001,2700\n", encoding="utf-8")
    out = tmp_path / "monitor.csv"
    args = ["monitor", str(ledger), "--register", str(entries), "--as-of", "2026-11-30"]
    args += ["--orders", str(orders), "--columns", "在手订单=未发货订单金额", "--out", str(out)]
    result = runner.invoke(app, args, env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    header, first = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))[:2]
    assert first[header.index("信用敞口")] == "20000.50"  # 17,300.50 open + 2,700.00 on order
