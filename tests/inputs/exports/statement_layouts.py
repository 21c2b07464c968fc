"""Running-statement exports (往来明细账, 对账单) as 用友 U8/T+, 金蝶 and hand-kept books print
them, each with the aging a person computed by hand beside it.

``python tests/inputs/exports/statement_layouts.py`` writes every layout into
``tests/inputs/exports/statements/`` (the .xlsx files are committed; a test checks this
builder still writes exactly what is there). Every layout is aged as of 2026-11-30 with the
default policy (未到期, 1-30天, 31-60天, 61-90天, 91-180天, 181-365天, 365天以上); the expected
figures below were worked out from the rows by hand, first-in-first-out, and the reasoning is
written beside each.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

D = dt.date
AS_OF = "2026-11-30"
FOLDER = Path(__file__).resolve().parent / "statements"
REGISTER_HEADER = ["客户编码", "客户名称", "信用等级", "信用额度", "信用期限(天)", "地址"]


@dataclass(frozen=True)
class Layout:
    """One export: its sheets, the register beside it (if any), the options a user types,
    and per customer (the code the aging shows) the non-zero buckets, 合计 and 逾期合计."""

    file: str
    what: str
    sheets: dict[str, list[list[object]]]
    expected: dict[str, tuple[dict[str, str], str, str]]
    options: tuple[str, ...] = ()
    register: list[list[object]] = field(default_factory=list)
    refused: str = ""  # the problem line a refusal prints; ``options`` are then the fix

    @property
    def register_file(self) -> str:
        return self.file.replace(".xlsx", "-客户信用档案.xlsx")


STATEMENT = ["日期", "凭证号", "摘要", "借方", "贷方", "方向", "余额"]

# 1. U8 客户往来明细账, several customers in blocks on one sheet, each opened by a 客户：CODE
#    NAME line, the header printed once; 上年结转 undated, dated by the title's 期间 (January:
#    本年累计 is checked).
#    KH101 (term 30): 上年结转 8,000.00 (01-01) + 23,400.00 (03-05) + 15,820.50 (09-18);
#    收款 10,000.00 (04-10) settles 8,000 + 2,000 of 03-05; 20,000.00 (11-02) settles 20,000
#    more of 03-05 → 1,400.00 open, due 04-04, 240 days → 181-365天; 15,820.50 due 10-18,
#    43 days → 31-60天.
#    KH102 (term 60): 上年结转 12,000.00 settled by 12,000.00 (10-15); 6,500.00 (07-20) due
#    09-18, 73 days → 61-90天.
U8_BLOCKS = Layout(
    file="u8-客户往来明细账-分块.xlsx",
    what="用友 U8 客户往来明细账，多个客户分块（客户：编码 名称），表头只印一次，上年结转",
    sheets={
        "客户往来明细账": [
            ["客户往来明细账"],
            ["科目：1122 应收账款", None, None, "期间：2026.01-2026.11"],
            ["客户：KH101 无锡市恒通机电设备有限公司"],
            STATEMENT,
            [None, None, "上年结转", None, None, "借", "8,000.00"],
            ["2026-03-05", "记-0012", "销售商品", "23,400.00", None, "借", "31,400.00"],
            ["2026-04-10", "记-0045", "收到货款", None, "10,000.00", "借", "21,400.00"],
            ["2026-09-18", "记-0101", "销售商品", "15,820.50", None, "借", "37,220.50"],
            ["2026-11-02", "记-0133", "收到货款", None, "20,000.00", "借", "17,220.50"],
            [None, None, "本月合计", "0.00", "20,000.00", "借", "17,220.50"],
            [None, None, "本年累计", "39,220.50", "30,000.00", "借", "17,220.50"],
            ["客户：KH102 苏州达远精密制造有限公司"],
            [None, None, "上年结转", None, None, "借", "12,000.00"],
            ["2026-07-20", "记-0088", "销售商品", "6,500.00", None, "借", "18,500.00"],
            ["2026-10-15", "记-0120", "收到货款", None, "12,000.00", "借", "6,500.00"],
            [None, None, "本年累计", "6,500.00", "12,000.00", "借", "6,500.00"],
            ["制表人：张会计", None, None, "打印日期：2026-12-01"],
        ]
    },
    register=[
        ["KH101", "无锡市恒通机电设备有限公司", "A", 200000, 30, "无锡市新吴区长江路 8 号"],
        ["KH102", "苏州达远精密制造有限公司", "B", 100000, 60, "苏州工业园区星湖街 21 号"],
    ],
    expected={
        "KH101": ({"31-60天": "15820.50", "181-365天": "1400.00"}, "17220.50", "17220.50"),
        "KH102": ({"61-90天": "6500.00"}, "6500.00", "6500.00"),
    },
)

# 2. U8 客户往来明细账 in blocks with the header repeated under each 客户 line and a blank
#    row between blocks; a mid-year export (期间 2026.06-2026.11): the undated 期初余额 is
#    dated 2026-06-01, and 本年累计 (which holds January to May) is not checked.
#    KH201 (--term 45): 期初 30,000.00 (06-01), 11,300.00 (06-15); 收款 35,000.00 (08-20)
#    settles 30,000 + 5,000 → 6,300.00 of 06-15 open, due 07-30, 123 days → 91-180天;
#    9,040.00 (10-30) due 12-14 → 未到期.
#    KH202: 期初 贷 2,000.00 (预收) settles 2,000 of 5,000.00 (09-01) → 3,000.00 due 10-16,
#    45 days → 31-60天; 1,200.00 (11-20) → 未到期.
U8_BLOCKS_REPEATED = Layout(
    file="u8-客户往来明细账-分块-重复表头-年中.xlsx",
    what="用友 U8 客户往来明细账，分块且每块重复表头，年中导出（期间 2026.06-2026.11）",
    sheets={
        "Sheet1": [
            ["客户往来明细账"],
            ["期间：2026.06-2026.11", None, None, None, None, None, "单位：元"],
            ["客户：KH201 常州新科电子有限公司"],
            STATEMENT,
            [None, None, "期初余额", None, None, "借", "30,000.00"],
            ["2026-06-15", "记-0201", "销售商品", "11,300.00", None, "借", "41,300.00"],
            ["2026-08-20", "记-0260", "收到货款", None, "35,000.00", "借", "6,300.00"],
            ["2026-10-30", "记-0311", "销售商品", "9,040.00", None, "借", "15,340.00"],
            [None, None, "本年累计", "80,340.00", "65,000.00", "借", "15,340.00"],
            [],
            ["客户：[KH202]南通远航物流有限公司"],
            STATEMENT,
            [None, None, "期初余额", None, None, "贷", "2,000.00"],
            ["2026-09-01", "记-0280", "运输服务", "5,000.00", None, "借", "3,000.00"],
            ["2026-11-20", "记-0350", "运输服务", "1,200.00", None, "借", "4,200.00"],
            [None, None, "本年累计", "9,200.00", "3,000.00", "借", "4,200.00"],
        ]
    },
    options=("--term", "45"),
    expected={
        "KH201": ({"未到期": "9040.00", "91-180天": "6300.00"}, "15340.00", "6300.00"),
        "KH202": ({"未到期": "1200.00", "31-60天": "3000.00"}, "4200.00", "3000.00"),
    },
)

# 3. U8 one customer per sheet, the title 客户：CODE NAME (the code is in no column), the
#    期间 on the same line or the next; dated 期初余额 rows.
#    KH301 (term 60): 期初 4,500.00 settled by 4,500.00 (06-30); 7,800.00 (05-06) due 07-05,
#    148 days → 91-180天; 2,260.40 (11-10) due 2027-01-09 → 未到期.
#    KH302 (term 30): 50,000.00 (10-08) settled 10-25; 3,333.33 (11-05) due 12-05 → 未到期.
U8_SHEETS = Layout(
    file="u8-客户往来明细账-每户一表.xlsx",
    what="用友 U8 客户往来明细账，每个客户一张工作表，标题 客户：编码 名称",
    sheets={
        "KH301": [
            ["客户往来明细账"],
            ["客户：KH301 杭州顺丰五金制品有限公司", None, None, "期间：2026年1月-2026年11月"],
            ["日期", "凭证字号", "摘要", "借方金额", "贷方金额", "借或贷", "余额"],
            [D(2026, 1, 1), None, "期初余额", None, None, "借", 4500],
            [D(2026, 5, 6), "记-55", "销售", 7800, None, "借", 12300],
            [D(2026, 6, 30), "记-80", "收款", None, 4500, "借", 7800],
            [D(2026, 11, 10), "记-140", "销售", 2260.4, None, "借", 10060.4],
        ],
        "KH302": [
            ["客户往来明细账"],
            ["客户：KH302 宁波海联进出口有限公司"],
            ["期间：2026年1月-2026年11月"],
            ["日期", "凭证字号", "摘要", "借方金额", "贷方金额", "借或贷", "余额"],
            [D(2026, 1, 1), None, "期初余额", None, None, "平", 0],
            [D(2026, 10, 8), "记-120", "销售", 50000, None, "借", 50000],
            [D(2026, 10, 25), "记-128", "收款", None, 50000, "平", 0],
            [D(2026, 11, 5), "记-136", "销售", 3333.33, None, "借", 3333.33],
        ],
    },
    register=[
        ["KH301", "杭州顺丰五金制品有限公司", "B", 50000, 60, "杭州市余杭区文一西路 99 号"],
        ["KH302", "宁波海联进出口有限公司", "A", 80000, 30, "宁波市北仑区明州路 3 号"],
    ],
    expected={
        "KH301": ({"未到期": "2260.40", "91-180天": "7800.00"}, "10060.40", "7800.00"),
        "KH302": ({"未到期": "3333.33"}, "3333.33", "0.00"),
    },
)

# 4. U8 客户对账单: 往来单位：NAME (with （有限公司） in full-width brackets, as typed into
#    U8's 客户档案), 日期：… 至 …, text dates and amounts, 合计 and a signature footer. The
#    register writes the name 无锡市恒通机电设备有限公司: one customer, KH401.
#    KH401 (term 30): 上年结转 6,000.00 (01-01) settled 03-31; 18,000.00 (02-10) less
#    10,000.00 (09-30) → 8,000.00 due 03-12, 263 days → 181-365天; 9,999.99 (07-15) due
#    08-14, 108 days → 91-180天.
U8_RECONCILIATION = Layout(
    file="u8-客户对账单.xlsx",
    what="用友 U8 客户对账单，往来单位：名称（全角括号），按名称对应客户信用档案",
    sheets={
        "对账单": [
            ["客户对账单"],
            ["往来单位：无锡市恒通机电设备（有限公司）"],
            ["日期：2026-01-01 至 2026-11-30", None, None, None, None, "单位：元"],
            ["单据日期", "单据号", "摘要", "应收金额", "收款金额", "余额"],
            ["2026-01-01", None, "上年结转", None, None, "6,000.00"],
            ["2026-02-10", "XS-0007", "销售出库", "18,000.00", None, "24,000.00"],
            ["2026-03-31", "SK-0011", "银行收款", None, "6,000.00", "18,000.00"],
            ["2026-07-15", "XS-0052", "销售出库", "9,999.99", None, "27,999.99"],
            ["2026-09-30", "SK-0040", "银行收款", None, "10,000.00", "17,999.99"],
            ["合计", None, None, "27,999.99", "16,000.00", "17,999.99"],
            [],
            ["制表人：王会计", None, None, "审核：李经理"],
        ]
    },
    register=[
        ["KH401", "无锡市恒通机电设备有限公司", "A", 300000, 30, "无锡市新吴区长江路 8 号"],
    ],
    expected={
        "KH401": ({"91-180天": "9999.99", "181-365天": "8000.00"}, "17999.99", "17999.99"),
    },
)

# 5. 金蝶云星空 往来对账明细表 with a customer column (往来单位编码/名称), 本期应收/本期收款/
#    期末余额, undated 期初余额 rows, 小计 per customer and a 合计; 会计期间 2026年6期至2026年11期.
#    C0501 (--term 30): 期初 15,000.00 (06-01) settled 07-31; 8,475.00 (06-18) due 07-18,
#    135 days → 91-180天; 4,237.50 (10-12) due 11-11, 19 days → 1-30天.
#    C0502: 20,000.00 (11-25) due 12-25 → 未到期.
KINGDEE_RECONCILIATION = Layout(
    file="金蝶云星空-往来对账明细表.xlsx",
    what="金蝶云星空 往来对账明细表，往来单位列，期初余额无日期（会计期间 2026年6期起）",
    sheets={
        "往来对账明细表": [
            ["往来对账明细表"],
            ["会计期间：2026年6期至2026年11期", None, None, "币别：人民币"],
            [
                "往来单位编码",
                "往来单位名称",
                "业务日期",
                "单据编号",
                "摘要",
                "本期应收",
                "本期收款",
                "期末余额",
            ],
            ["C0501", "上海博远科技有限公司", None, None, "期初余额", None, None, "15,000.00"],
            [
                "C0501",
                "上海博远科技有限公司",
                "2026-06-18",
                "AR00012",
                "应收单",
                "8,475.00",
                None,
                "23,475.00",
            ],
            [
                "C0501",
                "上海博远科技有限公司",
                "2026-07-31",
                "SK00031",
                "收款单",
                None,
                "15,000.00",
                "8,475.00",
            ],
            [
                "C0501",
                "上海博远科技有限公司",
                "2026-10-12",
                "AR00045",
                "应收单",
                "4,237.50",
                None,
                "12,712.50",
            ],
            [None, "小计", None, None, None, "12,712.50", "15,000.00", "12,712.50"],
            ["C0502", "杭州万象商贸有限公司", None, None, "期初余额", None, None, "0.00"],
            [
                "C0502",
                "杭州万象商贸有限公司",
                "2026-11-25",
                "AR00061",
                "应收单",
                "20,000.00",
                None,
                "20,000.00",
            ],
            [None, "小计", None, None, None, "20,000.00", "0.00", "20,000.00"],
            [None, "合计", None, None, None, "32,712.50", "15,000.00", "32,712.50"],
        ]
    },
    options=("--term", "30"),
    expected={
        "C0501": ({"1-30天": "4237.50", "91-180天": "8475.00"}, "12712.50", "12712.50"),
        "C0502": ({"未到期": "20000.00"}, "20000.00", "0.00"),
    },
)

# 6. 金蝶 应收款明细表 as a running account with the ERP's own 到期日 per document (30 and 60
#    day terms mixed): the due dates are read from the column, no --term is needed.
#    C0601: 收款 12,000.00 (09-10) settles AR-0801; open 7,500.00 due 10-24, 37 days →
#    31-60天; 5,650.00 due 11-19, 11 days → 1-30天; 2,000.00 due 2027-01-14 → 未到期.
KINGDEE_DUE_DATES = Layout(
    file="金蝶-应收款明细表-到期日.xlsx",
    what="金蝶 应收款明细表（借方/贷方/余额，带到期日列）",
    sheets={
        "应收款明细表": [
            ["应收款明细表"],
            ["客户：[C0601]嘉兴华美纺织有限公司", None, None, "期间：2026-01-01 至 2026-11-30"],
            ["日期", "单据编号", "摘要", "到期日", "借方", "贷方", "余额"],
            ["2026-08-03", "AR-0801", "销售发票", "2026-09-02", "12,000.00", None, "12,000.00"],
            ["2026-08-25", "AR-0825", "销售发票", "2026-10-24", "7,500.00", None, "19,500.00"],
            ["2026-09-10", "SK-0910", "收款", None, None, "12,000.00", "7,500.00"],
            ["2026-10-20", "AR-1020", "销售发票", "2026-11-19", "5,650.00", None, "13,150.00"],
            ["2026-11-15", "AR-1115", "销售发票", "2027-01-14", "2,000.00", None, "15,150.00"],
            ["合计", None, None, None, "27,150.00", "12,000.00", "15,150.00"],
        ]
    },
    expected={
        "C0601": (
            {"未到期": "2000.00", "1-30天": "5650.00", "31-60天": "7500.00"},
            "15150.00",
            "13150.00",
        ),
    },
)

# 7. A hand-kept running account keyed by name only (客户名称 column, no code), the name typed
#    once with a space; a 红字 return (negative 借方); the register holds the codes.
#    苏州达远精密制造有限公司 = KH702 (term 60): 上年结转 5,000.00 (01-01); 16,000.00 (04-12);
#    红字 −1,600.00 (05-03) settles 1,600 of the 上年结转; 收款 9,000.00 (06-20) settles the
#    other 3,400 and 5,600 of 04-12 → 10,400.00 open (已收 5,600.00; the memo settled the
#    上年结转, which is closed, so it is no line of its own), due 06-11, 172 days → 91-180天;
#    4,321.09 (09-09) due 11-08, 22 days → 1-30天.
#    南京天和建材有限公司 (register writes （有限公司）) = KH703 (term 30): 2,500.00 (10-30) due
#    11-29, 1 day → 1-30天.
HAND_NAMES_MEMO = Layout(
    file="手工-往来账-按名称-红字.xlsx",
    what="手工往来账，只有客户名称（名称写法不一），含红字退货",
    sheets={
        "应收明细": [
            ["应收账款明细（手工）"],
            ["单位：元"],
            ["日期", "客户名称", "摘要", "借方", "贷方", "余额"],
            ["2026-01-01", "苏州 达远精密制造有限公司", "上年结转", None, None, "5,000.00"],
            [
                "2026-04-12",
                "苏州达远精密制造有限公司",
                "发货 X-112",
                "16,000.00",
                None,
                "21,000.00",
            ],
            [
                "2026-05-03",
                "苏州达远精密制造有限公司",
                "红字冲销 X-112 退货",
                "-1,600.00",
                None,
                "19,400.00",
            ],
            ["2026-06-20", "苏州达远精密制造有限公司", "收款", None, "9,000.00", "10,400.00"],
            ["2026-09-09", "苏州达远精密制造有限公司", "发货 X-160", "4,321.09", None, "14,721.09"],
            ["2026-10-30", "南京天和建材有限公司", "发货 N-01", "2,500.00", None, "2,500.00"],
        ]
    },
    register=[
        ["KH702", "苏州达远精密制造有限公司", "B", 100000, 60, "苏州工业园区星湖街 21 号"],
        ["KH703", "南京天和建材（有限公司）", "C", 20000, 30, "南京市江宁区天元路 5 号"],
    ],
    expected={
        "KH702": ({"1-30天": "4321.09", "91-180天": "10400.00"}, "14721.09", "14721.09"),
        "KH703": ({"1-30天": "2500.00"}, "2500.00", "2500.00"),
    },
)

# 8. A hand statement whose 红字 memo settles part of a debit that stays open: the letter
#    lists the memo as its own line. KH801 (--term 30): 20,000.00 (08-01); 收款 5,000.00
#    (09-01); 红字 −3,000.00 (09-15) → 12,000.00 open of 08-01, due 08-31, 91 days →
#    91-180天 (20,000 less 5,000 received, less the 3,000 memo, which ages with it).
HAND_MEMO_OPEN = Layout(
    file="手工-对账单-红字冲减.xlsx",
    what="手工对账单，红字冲减部分冲抵一张仍未收清的发货",
    sheets={
        "华北重工": [
            ["客户对账单"],
            ["客户：KH801 华北重工机械有限公司"],
            ["日期", "单号", "摘要", "借方", "贷方", "余额"],
            [D(2026, 8, 1), "FH-0801", "发货", 20000, None, 20000],
            [D(2026, 9, 1), "SK-0901", "收款", None, 5000, 15000],
            [D(2026, 9, 15), "HZ-0915", "红字冲减 质量折让", -3000, None, 12000],
        ]
    },
    options=("--term", "30"),
    expected={"KH801": ({"91-180天": "12000.00"}, "12000.00", "12000.00")},
)

# 9. The blocks of layout 1 exported without the 期间 line: nothing dates the 上年结转, so it
#    is refused at its cell; --period-start 2026-01-01 (what the message says) gives layout
#    1's aging to the fen.
U8_BLOCKS_NO_PERIOD = Layout(
    file="u8-客户往来明细账-分块-无期间.xlsx",
    what="用友 U8 客户往来明细账分块，标题没有期间：上年结转无日期被拒绝，--period-start 修正",
    sheets={
        "客户往来明细账": [
            ["客户往来明细账"],
            ["科目：1122 应收账款"],
            *U8_BLOCKS.sheets["客户往来明细账"][2:],
        ]
    },
    register=U8_BLOCKS.register,
    refused=(
        "u8-客户往来明细账-分块-无期间.xlsx 客户往来明细账!A5 日期: 上年结转 8,000.00 没有日期，"
        "无法计算账龄 the opening balance has no date and the title states no period（标题没有"
        "期间）: 请填写该行日期 fill its 日期, or give the period's first day: --period-start "
        "YYYY-MM-DD"
    ),
    options=("--period-start", "2026-01-01"),
    expected=U8_BLOCKS.expected,
)

# 10. A hand-kept invoice list keyed by name only (客户名称, no 客户编码): one customer typed
#     with and without a space, another in full-width letters while the register writes them
#     half-width. Joined to the register by name: one row per customer, with its code.
#     KH901: FP-1001 11,300.00 less 5,000.00 → 6,300.00 due 07-31, 122 days → 91-180天;
#     FP-1002 4,520.00 due 11-09, 21 days → 1-30天. KH902: 8,000.00 due 12-20 → 未到期.
HAND_NAME_KEYED = Layout(
    file="手工-应收台账-按名称.xlsx",
    what="手工应收台账，只有客户名称（空格、全角半角不一），按名称对应客户信用档案",
    sheets={
        "应收账款台账": [
            ["应收账款台账"],
            ["客户名称", "发票号码", "开票日期", "到期日", "金额", "已收金额"],
            [
                "无锡市恒通机电设备有限公司",
                "FP-1001",
                "2026-07-01",
                "2026-07-31",
                "11,300.00",
                "5,000.00",
            ],
            [
                "无锡市 恒通机电设备有限公司",
                "FP-1002",
                "2026-10-10",
                "2026-11-09",
                "4,520.00",
                None,
            ],
            ["ＡＢＣ精密（苏州）有限公司", "FP-1003", "2026-11-20", "2026-12-20", "8,000.00", None],
        ]
    },
    register=[
        ["KH901", "无锡市恒通机电设备有限公司", "A", 200000, 30, "无锡市新吴区长江路 8 号"],
        ["KH902", "ABC精密(苏州)有限公司", "B", 50000, 30, "苏州市吴中区东吴北路 2 号"],
    ],
    expected={
        "KH901": ({"1-30天": "4520.00", "91-180天": "6300.00"}, "10820.00", "10820.00"),
        "KH902": ({"未到期": "8000.00"}, "8000.00", "0.00"),
    },
)

LAYOUTS = (
    U8_BLOCKS,
    U8_BLOCKS_REPEATED,
    U8_SHEETS,
    U8_RECONCILIATION,
    KINGDEE_RECONCILIATION,
    KINGDEE_DUE_DATES,
    HAND_NAMES_MEMO,
    HAND_MEMO_OPEN,
    U8_BLOCKS_NO_PERIOD,
    HAND_NAME_KEYED,
)


def save(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """sheets: {name: rows} → an .xlsx at ``path``, in order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def build(folder: Path = FOLDER) -> list[Path]:
    """Write every layout (and its register) into ``folder``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for layout in LAYOUTS:
        written.append(save(folder / layout.file, layout.sheets))
        if layout.register:
            rows = [REGISTER_HEADER, *layout.register]
            written.append(save(folder / layout.register_file, {"客户信用档案": rows}))
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER):
        print(path)
