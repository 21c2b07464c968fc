"""客户联系与催收记录: visits, calls, letters, legal steps, promises, outcomes, next steps."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from creditbook.core.policy import Policy
from creditbook.core.promises import CONTACT_LABELS
from creditbook.workbooks import _sheet as s
from creditbook.workbooks import _style as st
from creditbook.workbooks._sample import AS_OF, ContactEntry
from creditbook.workbooks._sheet import BookContext, Column, Formula

TITLE = "客户联系与催收记录"
METHODS = ("电话", "上门拜访", "发函", "微信", "电子邮件", "律师函", "诉讼")
PURPOSES = ("催收", "对账", "争议", "客户回访", "满意度调查", "法律程序")
OUTCOMES = (
    "已完成",
    "已承诺付款",
    "部分回款承诺",
    "已按承诺付款",
    "未按承诺付款",
    "未付款",
    "质量异议",
    "数量差异",
    "价格争议",
    "争议已解决",
    "客户已签收",
    "无人接听",
    "移交法务",
)
EMPTY_ROWS = 40
TOP = 4


def _column(name: str, width: float, number_format: str = "General", **options: bool) -> Column:
    """A column of the log headed as the reader knows it (core.promises.CONTACT_LABELS)."""
    return Column(CONTACT_LABELS[name], width, number_format, **options)


COLUMNS = (
    _column("date", 11, st.DATE),
    _column("customer_id", 9),
    _column("customer_name", 26, wrap=True),
    _column("method", 9),
    _column("purpose", 9),
    _column("contact", 12, wrap=True),
    _column("staff", 8),
    _column("content", 34, wrap=True),
    _column("promised_date", 11, st.DATE),
    _column("promised_amount", 13, st.MONEY),
    _column("outcome", 11),
    _column("next_step", 18, wrap=True),
    _column("next_date", 11, st.DATE),
    _column("invoice_no", 13),
    _column("dispute_reason", 18, wrap=True),
    _column("promise_status", 10, input=False),
)


def promise_status_formula(row: int) -> str:
    """承诺状态 of log row ``row``: 已兑现 / 到期未兑现 / 未到期 against 统计日期 ($B$3)."""
    return (
        f'=IF(I{row}="","",IF(K{row}="已按承诺付款","已兑现",'
        f'IF(I{row}<$B$3,"到期未兑现","未到期")))'
    )


def build(workbook: Workbook, ctx: BookContext, policy: Policy, data: list[ContactEntry] | None):
    del policy  # the log does not depend on the policy's tables
    ws = workbook.create_sheet("联系记录")
    s.title(
        ws,
        TITLE,
        "客户拜访、回访、催收与法律程序的每一次接触一行；承诺付款到期未兑现的行自动标红；"
        "客户对单据有异议时，事由填“争议”，并填写单据号与争议原因。",
        10,
    )
    s.write(ws, "A3", "统计日期", "标签")
    s.write(ws, "B3", AS_OF if data else None, "输入", st.DATE)
    log = data or []
    rows = []
    for n in range(max(len(log), 0 if data else EMPTY_ROWS)):
        r = TOP + 1 + n
        c = log[n] if n < len(log) else None
        values = (
            [
                c.date,
                c.customer_id,
                c.customer_name,
                c.method,
                c.purpose,
                c.contact,
                c.staff,
                c.content,
                c.promised_date,
                c.promised_amount,
                c.outcome,
                None,
                None,
                c.invoice_no or None,
                c.dispute_reason or None,
            ]
            if c
            else [None] * 15
        )
        rows.append(
            [
                *values,
                Formula(promise_status_formula(r)),
            ]
        )
    first, last = s.table(ws, ctx, "联系记录", TOP, list(COLUMNS), rows)
    s.choice(ws, f"D{first}:D{last}", list(METHODS))
    s.choice(ws, f"E{first}:E{last}", list(PURPOSES))
    s.choice(ws, f"K{first}:K{last}", list(OUTCOMES), "可从列表选择，也可填写其他结果")
    ws.data_validations.dataValidation[-1].showErrorMessage = False
    s.date_rule(ws, f"A{first}:A{last} I{first}:I{last} M{first}:M{last} B3")
    s.highlight_equal(ws, f"P{first}:P{last}", '"到期未兑现"', st.BAD_FILL)
    s.highlight_equal(ws, f"P{first}:P{last}", '"已兑现"', st.GOOD_FILL)
    s.highlight_equal(ws, f"E{first}:E{last}", '"法律程序"', st.BAD_FILL)
    _summary(ws, last)
    s.freeze(ws, f"D{first}")
    s.print_setup(ws, ctx, repeat_rows=f"{TOP}:{TOP}", landscape=True)


def _summary(ws, last: int) -> None:
    top = last + 2
    s.write(ws, f"A{top}", "按联系方式统计", "表头")
    s.write(ws, f"B{top}", "次数", "表头")
    for i, method in enumerate(METHODS, start=1):
        s.write(ws, f"A{top + i}", method, "标签")
        s.write(ws, f"B{top + i}", Formula(f"=COUNTIF($D${TOP + 1}:$D${last},A{top + i})"), "计算")
    s.write(ws, f"D{top}", "按事由统计", "表头")
    s.write(ws, f"E{top}", "次数", "表头")
    for i, purpose in enumerate(PURPOSES, start=1):
        s.write(ws, f"D{top + i}", purpose, "标签")
        s.write(ws, f"E{top + i}", Formula(f"=COUNTIF($E${TOP + 1}:$E${last},D{top + i})"), "计算")
    s.write(ws, f"G{top}", "到期未兑现的承诺", "表头")
    s.write(ws, f"G{top + 1}", Formula(f'=COUNTIF($P${TOP + 1}:$P${last},"到期未兑现")'), "结果")
