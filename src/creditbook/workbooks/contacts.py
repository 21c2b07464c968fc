"""客户联系与催收记录: visits, calls, letters, legal steps, promises, outcomes, next steps."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from creditbook.core.policy import Policy
from creditbook.workbooks import _sheet as s
from creditbook.workbooks import _style as st
from creditbook.workbooks._sample import AS_OF, Contact
from creditbook.workbooks._sheet import BookContext, Column, Formula

TITLE = "客户联系与催收记录"
CHANNELS = ("拜访", "电话", "发函", "邮件", "法律程序")
OUTCOMES = ("已付款", "部分付款", "承诺付款", "进行中", "无回应", "拒绝付款", "已完成")
EMPTY_ROWS = 40
TOP = 4


def build(workbook: Workbook, ctx: BookContext, policy: Policy, data: list[Contact] | None):
    del policy  # the log does not depend on the policy's tables
    ws = workbook.create_sheet("联系记录")
    s.title(ws, TITLE, "客户关系维护与催收的每一次接触一行；承诺付款到期未付的行自动标红。", 10)
    s.write(ws, "A3", "统计日期", "标签")
    s.write(ws, "B3", AS_OF if data else None, "输入", st.DATE)
    cols = [
        Column("日期", 11, st.DATE),
        Column("客户编码", 9),
        Column("客户名称", 26),
        Column("方式", 8),
        Column("对方联系人", 9),
        Column("经办人", 8),
        Column("内容摘要", 28, wrap=True),
        Column("欠款金额", 13, st.MONEY),
        Column("承诺付款日期", 11, st.DATE),
        Column("承诺金额", 13, st.MONEY),
        Column("结果", 9),
        Column("下一步", 20, wrap=True),
        Column("下次跟进日期", 11, st.DATE),
        Column("承诺状态", 10, input=False),
    ]
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
                c.channel,
                c.person,
                c.handler,
                c.summary,
                c.amount_due,
                c.promised_date,
                c.promised_amount,
                c.outcome,
                c.next_step,
                c.follow_up,
            ]
            if c
            else [None] * 13
        )
        rows.append(
            [
                *values,
                Formula(
                    f'=IF(I{r}="","",IF(K{r}="已付款","已兑现",IF(I{r}<$B$3,"到期未付","未到期")))'
                ),
            ]
        )
    first, last = s.table(ws, ctx, "联系记录", TOP, cols, rows)
    s.choice(ws, f"D{first}:D{last}", list(CHANNELS))
    s.choice(ws, f"K{first}:K{last}", list(OUTCOMES))
    s.date_rule(ws, f"A{first}:A{last} I{first}:I{last} M{first}:M{last} B3")
    s.highlight_equal(ws, f"N{first}:N{last}", '"到期未付"', st.BAD_FILL)
    s.highlight_equal(ws, f"N{first}:N{last}", '"已兑现"', st.GOOD_FILL)
    s.highlight_equal(ws, f"D{first}:D{last}", '"法律程序"', st.BAD_FILL)
    _summary(ws, last)
    s.freeze(ws, f"D{first}")
    s.print_setup(ws, ctx, repeat_rows=f"{TOP}:{TOP}", landscape=True)


def _summary(ws, last: int) -> None:
    top = last + 2
    s.write(ws, f"A{top}", "按方式统计", "表头")
    s.write(ws, f"B{top}", "次数", "表头")
    for i, channel in enumerate(CHANNELS, start=1):
        s.write(ws, f"A{top + i}", channel, "标签")
        s.write(ws, f"B{top + i}", Formula(f"=COUNTIF($D${TOP + 1}:$D${last},A{top + i})"), "计算")
    s.write(ws, f"C{top}", "到期未付承诺", "表头")
    s.write(ws, f"C{top + 1}", Formula(f'=COUNTIF($N${TOP + 1}:$N${last},"到期未付")'), "结果")
