"""Invoice-form (单据明细) ledger exports as they come from 金蝶云星空, 金蝶精斗云, 用友 T+ and
hand-kept workbooks, each written from the same canonical items by one function here.

``LAYOUTS`` maps a layout name to ``write(path, items)``; ``build(folder)`` writes the corpus
of ``invoice_expected.json`` from ``ITEMS`` (run ``python invoice_exports.py FOLDER`` to look
at the files in Excel). The property test writes generated items through the same functions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl

D = dt.date
AS_OF = D(2026, 11, 30)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Item:
    """One invoice as the canonical ledger has it (amounts tax-inclusive, in 元)."""

    code: str
    name: str
    number: str
    issued: dt.date
    due: dt.date
    amount: Decimal
    paid: Decimal

    @property
    def pre_tax(self) -> Decimal:
        """The 不含税金额 of a 13 % VAT invoice; with ``tax`` it adds up to ``amount``."""
        return (self.amount / Decimal("1.13")).quantize(CENT)

    @property
    def tax(self) -> Decimal:
        return self.amount - self.pre_tax


K1, K1N = "K001", "无锡市恒通机电设备有限公司"
K2, K2N = "K002", "常州新锐贸易有限公司"
ITEMS = (
    Item(K1, K1N, "INV-101", D(2026, 5, 10), D(2026, 6, 9), Decimal("11300.00"), Decimal(3000)),
    Item(K1, K1N, "INV-102", D(2026, 9, 20), D(2026, 10, 20), Decimal("5650.00"), Decimal(0)),
    Item(K1, K1N, "INV-103", D(2026, 11, 15), D(2026, 12, 15), Decimal("2260.50"), Decimal(0)),
    Item(K1, K1N, "INV-104", D(2026, 12, 2), D(2027, 1, 1), Decimal("1000.00"), Decimal(0)),
    Item(K2, K2N, "INV-201", D(2026, 10, 1), D(2026, 10, 31), Decimal("33900.00"), Decimal(33900)),
    Item(K2, K2N, "INV-202", D(2026, 10, 25), D(2026, 11, 24), Decimal("7910.00"), Decimal(1000)),
    Item(K2, K2N, "INV-203", D(2025, 10, 1), D(2025, 10, 31), Decimal("1130.00"), Decimal(0)),
)
CANONICAL = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"]


def _save(path: Path, title: str, rows: list[list[object]], hidden: str = "", merges=()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for letter in hidden:
        sheet.column_dimensions[letter].hidden = True
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def _customers(items) -> list[list[Item]]:
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.code, []).append(item)
    return list(groups.values())


def canonical(path: Path, items) -> Path:
    """The layout creditbook itself writes: one header row, amounts in 元."""
    rows = [CANONICAL]
    rows += [[i.code, i.name, i.number, i.issued, i.due, i.amount, i.paid] for i in items]
    return _save(path, "应收账款台账", rows)


def kingdee_cloud(path: Path, items) -> Path:
    """金蝶云星空 应收款明细表: titles, 往来单位, 不含税金额 | 税额 | 价税合计, its own 到期日,
    已核销/未核销, a 小计 per customer, 合计 and the signatures under it."""
    rows: list[list[object]] = [
        ["应收款明细表"],
        ["组织：上海华瑞精密机械有限公司", None, None, None, "期间：2025-01-01 至 2026-12-31"],
        ["币别：人民币"],
        [
            "业务日期",
            "单据编号",
            "往来单位编码",
            "往来单位",
            "到期日",
            "币别",
            "不含税金额",
            "税额",
            "价税合计",
            "已核销金额",
            "未核销金额",
        ],
    ]
    for group in _customers(items):
        for i in group:
            rows.append(
                [
                    i.issued,
                    i.number,
                    i.code,
                    i.name,
                    i.due,
                    "人民币",
                    float(i.pre_tax),
                    float(i.tax),
                    float(i.amount),
                    float(i.paid),
                    float(i.amount - i.paid),
                ]
            )
        total = sum(i.amount for i in group)
        paid = sum(i.paid for i in group)
        rows.append(
            [None, None, group[0].code, "小计", None, None, None, None, total, paid, total - paid]
        )
    total, paid = sum(i.amount for i in items), sum(i.paid for i in items)
    rows.append(["合计", None, None, None, None, None, None, None, total, paid, total - paid])
    rows.append([])
    rows.append(["制单人：王丽华", None, None, "审核人：李明", None, None, "打印日期：2026-11-30"])
    return _save(path, "应收款明细表", rows)


def jingdouyun(path: Path, items) -> Path:
    """金蝶精斗云 应收账款明细: 客户编号, 单据日期 as text, 应收金额 / 已收款金额 / 未收款金额."""
    rows: list[list[object]] = [
        ["应收账款明细"],
        ["日期：2025-01-01至2026-12-31"],
        [
            "客户编号",
            "客户",
            "单据日期",
            "单据编号",
            "到期日期",
            "应收金额",
            "已收款金额",
            "未收款金额",
        ],
    ]
    for i in items:
        rows.append(
            [
                i.code,
                i.name,
                i.issued.isoformat(),
                i.number,
                i.due.isoformat(),
                float(i.amount),
                float(i.paid),
                float(i.amount - i.paid),
            ]
        )
    total, paid = sum(i.amount for i in items), sum(i.paid for i in items)
    rows.append(["合计", None, None, None, None, float(total), float(paid), float(total - paid)])
    return _save(path, "应收账款明细", rows)


VAT_HEADER = ["序号", "客户编码", "客户名称", "开票日期", "发票号码", "金额", "税额", "价税合计"]


def vat_hidden(path: Path, items) -> Path:
    """A hand ledger keyed from VAT invoices: 金额 | 税额 | 价税合计 with 金额 and 税额 hidden,
    账期到期日, 已回款 and a 备注 column."""
    rows: list[list[object]] = [[*VAT_HEADER, "账期到期日", "已回款", "备注"]]
    for n, i in enumerate(items, 1):
        rows.append(
            [n, i.code, i.name, i.issued, i.number, i.pre_tax, i.tax, i.amount, i.due, i.paid, ""]
        )
    return _save(path, "发票台账", rows, hidden="FG")


def tax_column_only(path: Path, items) -> Path:
    """A hand ledger whose 金额 already includes the tax, with the 税额 beside it for the
    bookkeeper: refused (金额 may be pre-tax) until --columns "税额=-" says it is not."""
    rows: list[list[object]] = [
        ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "税额", "已收金额"]
    ]
    rows += [[i.code, i.name, i.number, i.issued, i.due, i.amount, i.tax, i.paid] for i in items]
    return _save(path, "台账", rows)


def merged_names(path: Path, items) -> Path:
    """The usual hand ledger: 客户编码 and 客户名称 merged down over each customer's rows."""
    rows: list[list[object]] = [["应收账款台账（手工）"], CANONICAL]
    merges = []
    for group in _customers(items):
        first = len(rows) + 1
        for n, i in enumerate(group):
            code, name = (i.code, i.name) if n == 0 else (None, None)
            rows.append([code, name, i.number, i.issued, i.due, i.amount, i.paid])
        if len(group) > 1:
            merges += [f"A{first}:A{first + len(group) - 1}", f"B{first}:B{first + len(group) - 1}"]
    return _save(path, "台账", rows, merges=merges)


def wan_yuan(path: Path, items) -> Path:
    """A management ledger in 万元 (单位：万元 in the title), amounts to the 分 in 万元."""
    rows: list[list[object]] = [
        ["应收账款余额明细"],
        ["单位：万元"],
        CANONICAL,
    ]
    rows += [
        [i.code, i.name, i.number, i.issued, i.due, float(i.amount / 10000), float(i.paid / 10000)]
        for i in items
    ]
    return _save(path, "台账", rows)


def text_amounts(path: Path, items) -> Path:
    """Amounts typed as text with separators and a currency sign, dates as 2026/05/10 text."""
    rows: list[list[object]] = [CANONICAL]
    rows += [
        [
            i.code,
            i.name,
            i.number,
            i.issued.strftime("%Y/%m/%d"),
            i.due.strftime("%Y/%m/%d"),
            f"¥{i.amount:,.2f}",
            f"{i.paid:,.2f}",
        ]
        for i in items
    ]
    return _save(path, "台账", rows)


def uncached_formulas(path: Path, items) -> Path:
    """Written by a script, never opened in Excel: 价税合计 =金额+税额, 到期日 =单据日期+N and
    已收金额 as a formula, none with a saved value."""
    rows: list[list[object]] = [
        [
            "客户编码",
            "客户名称",
            "单据号",
            "单据日期",
            "到期日",
            "金额",
            "税额",
            "价税合计",
            "已收金额",
        ]
    ]
    for n, i in enumerate(items, 2):
        rows.append(
            [
                i.code,
                i.name,
                i.number,
                i.issued,
                f"=D{n}+{(i.due - i.issued).days}",
                i.pre_tax,
                i.tax,
                f"=F{n}+G{n}",
                f"={i.paid}",
            ]
        )
    return _save(path, "台账", rows)


def lookup_formula(path: Path, items) -> Path:
    """A formula that cannot be computed here (已收金额 looked up from another sheet)."""
    rows: list[list[object]] = [CANONICAL]
    for n, i in enumerate(items, 2):
        paid: object = f"=VLOOKUP(C{n},收款!A:B,2,0)" if n == 3 else i.paid
        rows.append([i.code, i.name, i.number, i.issued, i.due, i.amount, paid])
    return _save(path, "台账", rows)


def gbk_csv(path: Path, items) -> Path:
    """用友 T+ 应收明细 saved as CSV on Chinese Windows (GBK): a title line, 本币金额 | 已收本币."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(["应收明细表"])
    writer.writerow(
        ["客户编码", "客户名称", "单据日期", "单据号", "到期日期", "本币金额", "已收本币"]
    )
    for i in items:
        writer.writerow(
            [i.code, i.name, i.issued.isoformat(), i.number, i.due.isoformat(), i.amount, i.paid]
        )
    writer.writerow(
        ["合计", "", "", "", "", sum(i.amount for i in items), sum(i.paid for i in items)]
    )
    path.write_bytes(text.getvalue().encode("gbk"))
    return path


Writer = Callable[[Path, tuple[Item, ...]], Path]
LAYOUTS: dict[str, tuple[str, Writer]] = {
    "kingdee_cloud": ("金蝶云星空应收款明细表.xlsx", kingdee_cloud),
    "jingdouyun": ("精斗云应收账款明细.xlsx", jingdouyun),
    "vat_hidden": ("发票台账.xlsx", vat_hidden),
    "tax_column_only": ("含税金额台账.xlsx", tax_column_only),
    "merged_names": ("手工台账.xlsx", merged_names),
    "wan_yuan": ("万元台账.xlsx", wan_yuan),
    "text_amounts": ("文本金额台账.xlsx", text_amounts),
    "uncached_formulas": ("脚本生成台账.xlsx", uncached_formulas),
    "lookup_formula": ("查找公式台账.xlsx", lookup_formula),
    "gbk_csv": ("用友T+应收明细.csv", gbk_csv),
}
AGED = (
    "kingdee_cloud",
    "jingdouyun",
    "vat_hidden",
    "merged_names",
    "wan_yuan",
    "text_amounts",
    "uncached_formulas",
    "gbk_csv",
)  # read as they are; the others are refused first


def build(folder: Path, items=ITEMS) -> dict[str, Path]:
    """Every layout of the corpus written from ``items`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: write(folder / file, items) for name, (file, write) in LAYOUTS.items()}


if __name__ == "__main__":
    for name, path in build(Path(sys.argv[1] if len(sys.argv) > 1 else "exports")).items():
        print(name, path)
