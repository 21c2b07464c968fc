"""Ledgers and registers shaped the way users keep them: a title row, a blank row, the
header, the lines and a 合计 row — written with openpyxl."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl

LEDGER_HEADER = [
    "客户编码",
    "客户名称",
    "单据号",
    "单据日期",
    "到期日",
    "金额",
    "已收金额",
    "收款日期",
]
REGISTER_HEADER = [
    "客户编码",
    "客户名称",
    "统一社会信用代码",
    "联系人",
    "电话",
    "地址",
    "信用等级",
    "信用额度",
    "信用期限(天)",
]
REAL_SETTINGS = """\
[company]
name = "苏州恒达精工机械有限公司"
address = "苏州市吴中区木渎镇金枫路 88 号"
postcode = "215101"
phone = "0512-6621 8800"
contact = "李敏（应收账款）"
contact_phone = "0512-6621 8806"
email = "ar@hengda-jg.cn"
bank_name = "中国建设银行苏州吴中支行"
bank_account = "3225 0199 8836 0000 1234"

[letters]
number_prefix = "恒达财函"
"""


def write_ledger(path: Path, rows: list[list[object]], as_of: dt.date) -> Path:
    """An 应收账款台账 sheet with a title row, the header on row 3 and a 合计 line."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "应收账款台账"
    sheet.append([f"应收账款明细账（截至{as_of.year}年{as_of.month}月{as_of.day}日）"])
    sheet.append([])
    sheet.append(LEDGER_HEADER)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type, cell.quotePrefix = "s", True  # typed as text, as in Excel
    total = sum(r[5] for r in rows)
    sheet.append(["合计", None, None, None, None, total, sum(r[6] or 0 for r in rows), None])
    book.save(path)
    return path


def write_register(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "客户信用档案"
    sheet.append(["客户信用档案"])
    sheet.append(REGISTER_HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def real_settings(folder: Path) -> Path:
    """creditbook.toml filled in with a real company (its letters are not drafts)."""
    path = folder / "creditbook.toml"
    path.write_text(REAL_SETTINGS, encoding="utf-8")
    return path


def manifest(folder: Path) -> list[dict]:
    return json.loads((folder / "催收函-清单.json").read_text(encoding="utf-8"))
