"""客户信用档案: the register columns plus utilisation, warnings and dunning stage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl.styles import Alignment
from openpyxl.workbook import Workbook

from creditbook.core.exposure import Group
from creditbook.core.models import (
    GROUP_COLUMNS,
    REGISTER_COLUMNS,
    REGISTER_GROUP_COLUMNS,
    WARNING_FLAGS,
    RegisterEntry,
)
from creditbook.core.policy import Policy
from creditbook.workbooks import _sheet as s
from creditbook.workbooks import _style as st
from creditbook.workbooks._policy_table import write_policy_sheet
from creditbook.workbooks._sheet import BookContext, Column, Formula

TITLE = "客户信用档案"
STATUSES = ("正常", "关注", "暂停", "停止")
EMPTY_ROWS = 20
TOP = 4

_FORMATS = {
    "uscc": "@",
    "phone": "@",
    "limit": st.MONEY,
    "term_days": "0",
    "evaluated_on": st.DATE,
    "next_review": st.DATE,
    "temporary_limit": st.MONEY,
    "temporary_starts": st.DATE,
    "temporary_ends": st.DATE,
}
_WIDTHS = {
    "customer_id": 8,
    "customer_name": 22,
    "uscc": 19,
    "contact": 11,
    "phone": 12,
    "address": 20,
    "grade": 5,
    "limit": 12,
    "term_days": 5,
    "evaluated_on": 10,
    "next_review": 10,
    "status": 5,
    "group": 14,
    "temporary_limit": 12,
    "temporary_starts": 10,
    "temporary_ends": 10,
    "temporary_approval": 12,
}
_HEADERS = {**REGISTER_COLUMNS, **REGISTER_GROUP_COLUMNS}
GROUP_ROWS = 10  # empty rows of the 集团 sheet
_WRAP = {"customer_name", "contact", "address"}
FLAG_WIDTH = 4
# Printed, the register runs over two page widths: first what a reader of the credit
# position needs (customer, grade, limit, term, balance, warnings, stage, status), then
# the contact details, dates and warning flags; 客户编码 and 客户名称 repeat on every page.
FIRST_PAGE = ("customer_id", "customer_name", "grade", "limit", "term_days")
COMPUTED = (
    "应收余额",
    "最长逾期天数",
    "有效额度",
    "可用额度",
    "额度使用率",
    "预警信号",
    "催收阶段",
)
# 计算日期: the day the sheet's 有效额度 is for (a temporary limit counts between its dates);
# blank = today, as CB_EFFECTIVE_LIMIT takes it.
AS_OF_LABEL, AS_OF_CELL = "A3", "B3"
AS_OF_REF = "$B$3"
PRINT_SCALE = 70  # percent: the first page's columns fill an A4 landscape width


def _column(key: str) -> Column:
    return Column(
        _HEADERS[key],
        _WIDTHS.get(key, FLAG_WIDTH),
        _FORMATS.get(key, "General"),
        wrap=key in _WRAP,
    )


def columns() -> list[Column]:
    """The register's columns in sheet order (first printed page first)."""
    rest = [k for k in REGISTER_COLUMNS if k not in FIRST_PAGE and k != "status"]
    return [
        *(_column(key) for key in FIRST_PAGE),
        Column("应收余额", 12, st.MONEY),
        Column("最长逾期天数", 6, "0"),
        Column("有效额度", 12, st.MONEY, input=False),
        Column("可用额度", 12, st.MONEY, input=False),
        Column("额度使用率", 7, "0%", input=False),
        Column("预警信号", 36, input=False, wrap=True),
        Column("催收阶段", 8, input=False),
        _column("status"),
        *(_column(key) for key in rest),
        *(_column(key) for key in REGISTER_GROUP_COLUMNS),
    ]


def build(
    workbook: Workbook,
    ctx: BookContext,
    policy: Policy,
    data: list[tuple[RegisterEntry, Decimal, int]] | None,
    groups: tuple[Group, ...] = (),
    as_of: dt.date | None = None,
) -> None:
    """The 信用档案 sheet (``data``: entry, 应收余额, 最长逾期天数 per customer), the 集团
    sheet and the 政策 sheet. 有效额度 is each customer's limit on ``as_of`` (the 计算日期
    cell; blank: the day Excel calculates), through CB_EFFECTIVE_LIMIT like ``monitor``."""
    ws = workbook.create_sheet("信用档案")
    groups_ws = workbook.create_sheet("集团")
    policy_ws = workbook.create_sheet("政策")
    policy_range = write_policy_sheet(policy_ws, policy)
    s.print_setup(policy_ws, ctx, landscape=True)
    cols = columns()
    letter = {c.header: _col(i) for i, c in enumerate(cols)}
    s.title(
        ws,
        TITLE,
        "每位客户一行：基本信息、信用等级与额度、预警标志（是/空）；右侧灰色列自动计算。"
        "有效额度 = 计算日期在临时额度生效日至到期日之间（含两端）时信用额度 + 临时额度，"
        "否则信用额度；可用额度、使用率和预警按有效额度计。",
        12,
    )
    s.write(ws, AS_OF_LABEL, "计算日期", "标签")
    s.write(ws, AS_OF_CELL, as_of, fmt=st.DATE)
    s.date_rule(ws, AS_OF_CELL)
    count = len(data) if data else EMPTY_ROWS
    rows = []
    for n in range(count):
        r = TOP + 1 + n
        entry, exposure, overdue = data[n] if data else (None, None, None)
        values = dict(zip(_HEADERS.values(), _entry_values(entry), strict=True))
        computed = _computed(r, letter, policy_range)
        values |= dict(zip(COMPUTED, [exposure, overdue, *computed], strict=True))
        rows.append([values[c.header] for c in cols])
    first, last = s.table(ws, ctx, "信用档案", TOP, cols, rows)
    for flag in WARNING_FLAGS:  # narrow columns: the headers read top to bottom
        ws[f"{letter[flag]}{TOP}"].alignment = Alignment(
            horizontal="center", vertical="center", text_rotation=255
        )
    ws.row_dimensions[TOP].height = 108
    for r in range(first, last + 1):  # room for two lines of computed warnings
        height = ws.row_dimensions[r].height or 0
        ws.row_dimensions[r].height = max(height, 2 * s.LINE_HEIGHT + 2)
    _rules(ws, letter, first, last, policy)
    s.freeze(ws, f"C{first}")
    s.print_setup(ws, ctx, repeat_rows=f"{TOP}:{TOP}", landscape=True)
    status = [c.header for c in cols].index(REGISTER_COLUMNS["status"]) + 1
    s.page_columns(ws, after=status, repeat="A:B", scale=PRINT_SCALE)
    s.date_rule(
        ws,
        " ".join(
            f"{letter[_HEADERS[k]]}{first}:{letter[_HEADERS[k]]}{last}"
            for k in ("temporary_starts", "temporary_ends")
        ),
    )
    s.number_rule(
        ws,
        f"{letter['临时额度']}{first}:{letter['临时额度']}{last}",
        "decimal",
        0,
        prompt="临时额度（元）：仅在生效日至到期日之间（含两端）计入额度",
    )
    _group_sheet(groups_ws, ctx, groups, letter, first, last, policy_range)


GROUP_TOP = 4


def _group_sheet(
    ws,
    ctx: BookContext,
    groups: tuple[Group, ...],
    register: dict[str, str],
    first: int,
    last: int,
    policy_range: str,
) -> None:
    """集团: each group's limit (inputs) and its exposure, available amount and use, summed
    from the 信用档案 rows whose 所属集团 is the group's name or code; 校验 says when the
    group limit is above the sum of the members' 有效额度 and the 政策 sheet caps it there."""
    s.title(
        ws,
        "集团客户额度表",
        "每个集团一行：集团名称或编码与信用档案「所属集团」一致；集团敞口 = 各成员应收余额之和；"
        "校验：政策要求集团额度不超过各成员有效额度之和时，超过即写明。",
        8,
    )
    cols = [
        Column(GROUP_COLUMNS["name"], 20),
        Column(GROUP_COLUMNS["code"], 10),
        Column(GROUP_COLUMNS["limit"], 14, st.MONEY),
        Column(GROUP_COLUMNS["approved_on"], 11, st.DATE),
        Column("集团敞口", 14, st.MONEY, input=False),
        Column("集团可用额度", 14, st.MONEY, input=False),
        Column("集团使用率", 9, "0%", input=False),
        Column("校验", 40, input=False, wrap=True),
    ]

    def span(header: str) -> str:
        return f"信用档案!${register[header]}${first}:${register[header]}${last}"

    members, balances, limits = span("所属集团"), span("应收余额"), span("有效额度")
    rows = []
    count = max(len(groups), GROUP_ROWS)  # room to add groups below the listed ones
    for n in range(count):
        r = GROUP_TOP + 1 + n
        group = groups[n] if n < len(groups) else None
        blank = f'AND(A{r}="",B{r}="")'
        exposure = f'=IF({blank},"",CB_GROUP_EXPOSURE({balances},{members},A{r},B{r}))'
        rows.append(
            [
                group.name if group else None,
                group.code if group else None,
                group.limit if group else None,
                group.approved_on if group else None,
                Formula(exposure),
                Formula(f'=IF(OR({blank},C{r}=""),"",CB_AVAILABLE(C{r},E{r}))'),
                Formula(f'=IF(OR({blank},N(C{r})=0),"",CB_UTILIZATION(E{r},C{r}))'),
                Formula(
                    f'=IF({blank},"",CB_GROUP_LIMIT_CHECK(C{r},{limits},{members},A{r},B{r},'
                    f"{policy_range}))"
                ),
            ]
        )
    top, bottom = s.table(ws, ctx, "集团额度", GROUP_TOP, cols, rows)
    s.number_rule(ws, f"C{top}:C{bottom}", "decimal", 0, prompt="集团额度（元）")
    s.date_rule(ws, f"D{top}:D{bottom}")
    s.highlight_when(ws, f"F{top}:F{bottom}", f"AND(ISNUMBER(F{top}),F{top}<0)", st.BAD_FILL, True)
    s.highlight_when(ws, f"H{top}:H{bottom}", f"LEN(H{top})>0", st.BAD_FILL)
    s.print_setup(ws, ctx, repeat_rows=f"{GROUP_TOP}:{GROUP_TOP}", landscape=True)


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _entry_values(entry: RegisterEntry | None) -> list[object]:
    if entry is None:
        return [None] * len(_HEADERS)
    values: list[object] = [
        entry.customer_id,
        entry.customer_name,
        entry.uscc,
        entry.contact,
        entry.phone,
        entry.address,
        entry.grade,
        entry.limit,
        entry.term_days,
        entry.evaluated_on,
        entry.next_review,
        entry.status,
    ]
    values += ["是" if flag in entry.flags else None for flag in WARNING_FLAGS]
    return [
        *values,
        entry.group or None,
        entry.temporary_limit,
        entry.temporary_starts,
        entry.temporary_ends,
        entry.temporary_approval or None,
    ]


def _computed(r: int, c: dict[str, str], policy_range: str) -> list[Formula]:
    base, limit, exposure, overdue = (
        f"{c['信用额度']}{r}",
        f"{c['有效额度']}{r}",
        f"{c['应收余额']}{r}",
        f"{c['最长逾期天数']}{r}",
    )
    temporary = ",".join(
        f"{c[_HEADERS[k]]}{r}" for k in ("temporary_limit", "temporary_starts", "temporary_ends")
    )
    term = f"{c['信用期限(天)']}{r}"
    flags = "&".join(f'IF({c[flag]}{r}="是","{flag} ","")' for flag in WARNING_FLAGS)
    blank = f'{c["客户编码"]}{r}=""'
    return [
        # a blank 信用额度 stays blank (未核定): a temporary amount alone sets no limit
        Formula(
            f'=IF(OR({blank},{base}=""),"",CB_EFFECTIVE_LIMIT({base},{temporary},{AS_OF_REF}))'
        ),
        Formula(f'=IF({blank},"",CB_AVAILABLE({limit},{exposure}))'),
        Formula(f'=IF(OR({blank},N({limit})=0),"",CB_UTILIZATION({exposure},{limit}))'),
        Formula(
            f'=IF({blank},"",CB_WARNINGS({term},{overdue},{exposure},{limit},'
            f"TRIM({flags}),{policy_range}))"
        ),
        Formula(f'=IF({blank},"",CB_DUNNING_STAGE({overdue},{policy_range}))'),
    ]


def _rules(ws, c: dict[str, str], first: int, last: int, policy: Policy) -> None:
    def span(header: str) -> str:
        return f"{c[header]}{first}:{c[header]}{last}"

    s.choice(ws, span("信用等级"), list(policy.labels), "按《客户信用管理制度》评定的信用等级")
    s.choice(ws, span("状态"), list(STATUSES))
    s.choice(
        ws,
        f"{c[WARNING_FLAGS[0]]}{first}:{c[WARNING_FLAGS[-1]]}{last}",
        ["是"],
        "出现该预警情形时选“是”，否则留空",
    )
    s.custom_rule(
        ws,
        span("统一社会信用代码"),
        f"LEN({c['统一社会信用代码']}{first})=18",
        "统一社会信用代码为 18 位",
    )
    s.number_rule(ws, span("信用额度"), "decimal", 0, prompt="信用额度（元）")
    s.number_rule(ws, span("信用期限(天)"), "whole", 0, 365, "信用期限（天）")
    s.date_rule(ws, f"{span('评估日期')} {span('下次复核日期')}")
    grade = span("信用等级")
    s.highlight_equal(ws, grade, f'"{policy.labels[0]}"', st.GOOD_FILL)
    s.highlight_equal(ws, grade, f'"{policy.labels[-1]}"', st.BAD_FILL)
    status = span("状态")
    s.highlight_equal(ws, status, '"关注"', st.WATCH_FILL)
    s.highlight_equal(ws, status, '"暂停"', st.BAD_FILL)
    s.highlight_equal(ws, status, '"停止"', st.BAD_FILL)
    util = f"{c['额度使用率']}{first}"
    watch = float(policy.monitoring.utilization_watch)
    s.highlight_when(ws, span("额度使用率"), f"AND(ISNUMBER({util}),{util}>1)", st.BAD_FILL, True)
    s.highlight_when(
        ws, span("额度使用率"), f"AND(ISNUMBER({util}),{util}>={watch})", st.WATCH_FILL
    )
    warn = f"{c['预警信号']}{first}"
    s.highlight_when(ws, span("预警信号"), f"LEN({warn})>0", st.BAD_FILL)
    stage = f"{c['催收阶段']}{first}"
    s.highlight_when(ws, span("催收阶段"), f"LEN({stage})>0", st.WATCH_FILL)
    s.highlight_when(
        ws,
        f"{c[WARNING_FLAGS[0]]}{first}:{c[WARNING_FLAGS[-1]]}{last}",
        f'{c[WARNING_FLAGS[0]]}{first}="是"',
        st.BAD_FILL,
    )
