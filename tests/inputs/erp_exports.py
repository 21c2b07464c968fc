"""Ledger exports as finance staff bring them, built by code: 金蝶, 用友, a hand-made sheet,
and running statements (往来明细账) with one customer per sheet or a customer column."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
from typer.testing import CliRunner

from creditbook.cli import app

D = dt.date
AS_OF = "2026-11-30"
runner = CliRunner()


def save(path, sheets):
    """sheets: {name: [rows]} → an .xlsx at path, in order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def kingdee(path):
    """金蝶云星空 应收款明细表: 客户代码/客户, 价税合计, 已核销金额, 未核销金额, 小计/合计, 表尾."""
    return save(
        path,
        {
            "应收款明细表": [
                ["应收款明细表"],
                ["组织：上海华瑞精密机械有限公司", None, None, "期间：2026-01-01 至 2026-11-30"],
                ["币别：人民币"],
                [
                    "客户代码",
                    "客户",
                    "单据编号",
                    "业务日期",
                    "到期日期",
                    "币别",
                    "价税合计",
                    "已核销金额",
                    "未核销金额",
                    "业务员",
                ],
                [
                    "K001",
                    "华东贸易有限公司",
                    "AR-0001",
                    D(2026, 8, 1),
                    D(2026, 8, 31),
                    "人民币",
                    10000,
                    4000,
                    6000,
                    "张三",
                ],
                [
                    "K001",
                    "华东贸易有限公司",
                    "AR-0002",
                    D(2026, 10, 15),
                    D(2026, 11, 14),
                    "人民币",
                    11300.5,
                    0,
                    11300.5,
                    "张三",
                ],
                ["K001", "小计", None, None, None, None, 21300.5, 4000, 17300.5],
                [
                    "K002",
                    "江南机电有限公司",
                    "AR-0003",
                    D(2026, 6, 1),
                    D(2026, 7, 1),
                    "人民币",
                    8000,
                    8000,
                    0,
                    "李四",
                ],
                ["K002", "小计", None, None, None, None, 8000, 8000, 0],
                [
                    "K003",
                    "浙江宏达五金有限公司",
                    "AR-0004",
                    D(2026, 11, 1),
                    D(2026, 12, 31),
                    "人民币",
                    5000,
                    0,
                    5000,
                    "李四",
                ],
                [
                    "K003",
                    "浙江宏达五金有限公司",
                    "AR-0004",
                    D(2026, 11, 1),
                    D(2027, 1, 31),
                    "人民币",
                    5000,
                    0,
                    5000,
                    "李四",
                ],
                ["K003", "小  计", None, None, None, None, 10000, 0, 10000],
                ["合　计", None, None, None, None, None, 39300.5, 12000, 27300.5],
                [],
                ["制表人：王丽华", None, None, "审核人：李明", None, None, "打印日期：2026-11-30"],
            ]
        },
    )


def yonyou(path, customer_header="往来单位"):
    """用友 U8 应收明细表: 往来单位, 业务日期, 本币金额, 已收本币; no 客户编码 column."""
    return save(
        path,
        {
            "应收明细表": [
                ["应收明细表"],
                ["单位：元"],
                [customer_header, "业务日期", "单据号", "到期日期", "摘要", "本币金额", "已收本币"],
                [
                    "上海甲商贸有限公司",
                    "2026-09-10",
                    "0000012",
                    "2026-10-10",
                    "销售专用发票",
                    "23,400.00",
                    "3,400.00",
                ],
                [
                    "上海甲商贸有限公司",
                    "2026-11-20",
                    "0000015",
                    "2026-12-20",
                    "销售专用发票",
                    "1,170.00",
                    None,
                ],
                [
                    "杭州乙实业有限公司",
                    "2025-10-01",
                    "0000003",
                    "2025-10-31",
                    "销售普通发票",
                    "50,000.00",
                    "0.00",
                ],
                [None, None, None, None, "本期合计", "74,570.00", "3,400.00"],
                [None, None, None, None, "本年累计", "74,570.00", "3,400.00"],
            ]
        },
    )


def handmade(path):
    """A hand-kept 台账: merged title, 金额单位：万元, dates typed every way, 小计, a blank
    row and a signature footer; 客户 is a name, no code."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2026年台账"
    sheet.append(["2026年应收账款台账"])
    sheet.merge_cells("A1:I1")
    sheet.append(["金额单位：万元"])
    rows = [
        [
            "序号",
            "客户",
            "发票号",
            "开票日期",
            "应收日期",
            "应收金额",
            "回款金额",
            "回款日期",
            "备注",
        ],
        [
            1,
            "宁波丙贸易有限公司",
            "F001",
            "2026年9月1日",
            "2026.10.1",
            1.2345,
            0.2345,
            "2026/10/05",
            None,
        ],
        [2, "宁波丙贸易有限公司", "F002", "2026-11-01", "20261201", "0.5", None, None, "分批"],
        [],
        [None, "小　计", None, None, None, 1.7345, 0.2345],
        [3, "苏州丁精工有限公司", "F003", D(2026, 5, 10), D(2026, 6, 9), 2, 0, None, None],
        [None, "合计", None, None, None, 3.7345, 0.2345],
        ["制表：张三", None, None, "审核：李四", None, "打印日期：2026年11月30日"],
    ]
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


STATEMENT_HEADER = ["日期", "凭证字号", "摘要", "借方", "贷方", "方向", "余额"]


def statement_per_sheet(path, bad_balance=False):
    """金蝶 应收账款明细账, one customer per sheet (named in a title row)."""
    east = [
        ["应收账款明细账"],
        ["客户：华东贸易有限公司"],
        ["期间：2026年1期 至 2026年11期"],
        STATEMENT_HEADER,
        [D(2026, 1, 1), None, "期初余额", None, None, "借", 5000],
        [D(2026, 7, 10), "记-15", "销售发货", 20000, None, "借", 25000],
        [None, None, "本月合计", 20000, 0, "借", 25000],
        [D(2026, 8, 20), "记-33", "销售发货", 30000, None, "借", 55000],
        [None, None, "本月合计", 30000, 0, "借", 55000],
        [D(2026, 9, 5), "记-41", "收到货款", None, 32000, "借", 24000 if bad_balance else 23000],
        [None, None, "本月合计", 0, 32000, "借", 23000],
        [D(2026, 10, 18), "记-52", "销售退回（红字）", -2000, None, "借", 21000],
        [None, None, "本月合计", -2000, 0, "借", 21000],
        [D(2026, 11, 10), "记-60", "销售发货", 8000, None, "借", 29000],
        [None, None, "本月合计", 8000, 0, "借", 29000],
        [None, None, "本年累计", 56000, 32000, "借", 29000],
    ]
    south = [
        ["应收账款明细账"],
        ["客户：江南机电有限公司"],
        STATEMENT_HEADER,
        [D(2026, 1, 1), None, "期初余额", None, None, "贷", 3000],
        [D(2026, 3, 1), "记-08", "收到预付款", None, 10000, "贷", 13000],
        [D(2026, 4, 15), "记-21", "销售发货", 12000, None, "贷", 1000],
        [D(2026, 6, 1), "记-30", "销售发货", 500, None, "贷", 500],
        [None, None, "本年累计", 12500, 10000, "贷", 500],
    ]
    return save(path, {"华东贸易": east, "江南机电": south})


def statement_with_customers(path, bad_total=False):
    """用友 客户往来明细账 with a customer column, 期初余额 and 小计 per customer, a 合计."""
    header = [
        "客户编码",
        "客户名称",
        "凭证日期",
        "凭证编号",
        "摘要",
        "借方发生额",
        "贷方发生额",
        "借或贷",
        "余额",
    ]
    rows = [
        ["客户往来明细账"],
        ["金额单位：元"],
        header,
        ["Y01", "无锡戊科技有限公司", "2026-01-01", None, "期初余额", None, None, "借", "1,000.00"],
        [
            "Y01",
            "无锡戊科技有限公司",
            "2026-09-01",
            "0031",
            "销售发货",
            "4,000.00",
            None,
            "借",
            "5,000.00",
        ],
        [
            "Y01",
            "无锡戊科技有限公司",
            "2026-10-01",
            "0045",
            "收款",
            None,
            "6,000.00",
            "贷",
            "1,000.00",
        ],
        [
            "Y01",
            "无锡戊科技有限公司",
            "2026-11-15",
            "0052",
            "销售发货",
            "2,500.00",
            None,
            "借",
            "1,500.00",
        ],
        ["Y01", "小计", None, None, None, "6,500.00", "6,000.00", "借", "1,500.00"],
        [
            "Y02",
            "常州己机械有限公司",
            "2026-07-01",
            "0020",
            "销售发货",
            "9,999.99",
            None,
            "借",
            "9,999.99",
        ],
        [
            "Y02",
            "常州己机械有限公司",
            "2026-08-01",
            "0027",
            "收款",
            None,
            "3,333.33",
            "借",
            "6,666.66",
        ],
        ["Y02", "小计", None, None, None, "9,999.99", "3,333.33", "借", "6,666.66"],
        [
            "合计",
            None,
            None,
            None,
            None,
            "16,599.99" if bad_total else "16,499.99",
            "9,333.33",
            "借",
            "8,166.66",
        ],
    ]
    return save(path, {"往来明细账": rows})


def register(path, rows):
    header = ["客户编码", "客户名称", "统一社会信用代码", "信用等级", "信用额度", "信用期限(天)"]
    return save(path, {"客户信用档案": [header, *rows]})


def aging_rows(tmp_path, *args, env=None):
    out = tmp_path / "aging.csv"
    result = runner.invoke(
        app,
        ["aging", *args, "--as-of", AS_OF, "--out", str(out)],
        env={"COLUMNS": "250", **(env or {})},
    )
    assert result.exit_code == 0, result.output
    lines = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    header = lines[0]
    rows = {line[0]: dict(zip(header, line, strict=True)) for line in lines[1:-1]}
    return result, rows


BUCKETS = ("未到期", "1-30天", "31-60天", "61-90天", "91-180天", "181-365天", "365天以上")


def figures(row):
    """A CSV row's bucket amounts (only the non-zero ones), 合计, 逾期合计, 最长逾期天数."""
    buckets = {b: row[b] for b in BUCKETS if row[b] != "0.00"}
    return buckets, row["合计"], row["逾期合计"], row["最长逾期天数"]
