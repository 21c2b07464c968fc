"""应收账款账龄分析: the ledger, the CB_AGING summary with a chart, and the overdue list."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break

from creditbook.core.models import LEDGER_COLUMNS, Invoice
from creditbook.core.policy import Policy
from creditbook.inputs.readers import LEDGER_REQUIRED
from creditbook.workbooks import _sheet as s
from creditbook.workbooks import _style as st
from creditbook.workbooks import worklist_sheet
from creditbook.workbooks._policy_table import write_policy_sheet
from creditbook.workbooks._sample import AS_OF
from creditbook.workbooks._sheet import BookContext, Column, Formula

TITLE = "应收账款账龄分析"
PENDING = "待填"
# The ledger sheet's columns (LEDGER_COLUMNS order) of the cells the reader requires.
_REQUIRED_COLUMNS = "".join(chr(65 + list(LEDGER_COLUMNS).index(k)) for k in LEDGER_REQUIRED)
EMPTY_ROWS = 50
SUMMARY_ROWS = 30  # customers the summary has room for when the ledger is empty
# A summary longer than this many customers leaves no room under it for the chart on the
# printed page: the chart then starts a page of its own instead of being cut in two.
CHART_SHARES_PAGE = 15
TOP = 4
# The summary is a legacy array formula (every Excel since 2007, LibreOffice, the headless
# engines): CB_AGING pads it with blank rows and, when the ledger holds more customers
# than it has rows, ends it with a visible 另有 N 户未显示 row that carries their amounts.


def build(workbook: Workbook, ctx: BookContext, policy: Policy, data: list[Invoice] | None):
    ledger_ws = workbook.create_sheet("应收台账")
    summary_ws = workbook.create_sheet("账龄汇总")
    overdue_ws = workbook.create_sheet("逾期客户")
    policy_ws = workbook.create_sheet("政策")
    policy_range = write_policy_sheet(policy_ws, policy)
    s.print_setup(policy_ws, ctx, landscape=True)
    ledger = _ledger_sheet(ledger_ws, ctx, data, policy_range)
    customers = max(len({i.customer_id for i in data}), 1) if data else SUMMARY_ROWS
    buckets = [b.label for b in policy.aging.due]
    summary = _summary_sheet(summary_ws, ctx, ledger, customers, buckets, policy_range)
    _overdue_sheet(overdue_ws, ctx, summary, customers, buckets, policy_range)
    worklist_sheet.build(workbook, ctx, policy, data, AS_OF)


def _ledger_sheet(ws, ctx: BookContext, data: list[Invoice] | None, policy_range: str):
    s.title(
        ws,
        f"{TITLE} — 应收账款台账",
        "每张单据一行；已收金额含部分收款。账龄以下方“统计日期”为基准。",
        10,
    )
    s.write(ws, "A3", "统计日期", "标签")
    s.write(ws, "B3", AS_OF if data else None, "输入", st.DATE)
    s.date_rule(ws, "B3")
    keys = list(LEDGER_COLUMNS)[:-1]  # 币种 is optional; CNY throughout
    formats = {
        "invoice_date": st.DATE,
        "due_date": st.DATE,
        "paid_date": st.DATE,
        "amount": st.MONEY,
        "paid_amount": st.MONEY,
    }
    widths = {
        "customer_id": 9,
        "customer_name": 28,
        "invoice_no": 15,
        "amount": 14,
        "paid_amount": 14,
    }
    cols = [Column(LEDGER_COLUMNS[k], widths.get(k, 11), formats.get(k, "General")) for k in keys]
    cols += [
        Column("未收金额", 14, st.MONEY, input=False),
        Column("逾期天数", 9, "0", input=False),
        Column("账龄区间", 10, input=False),
    ]
    rows = []
    invoices = data or []
    for n in range(max(len(invoices), 0 if data else EMPTY_ROWS)):
        r = TOP + 1 + n
        inv = invoices[n] if n < len(invoices) else None
        values = (
            [
                inv.customer_id,
                inv.customer_name,
                inv.invoice_no,
                inv.invoice_date,
                inv.due_date,
                inv.amount,
                inv.paid_amount,
                inv.paid_date,
            ]
            if inv
            else [None] * 8
        )
        rows.append(
            [
                *values,
                Formula(f'=IF(F{r}="","",F{r}-G{r})'),  # "1,000" is 1,000, as in CB_AGING
                Formula(f'=IF(OR(E{r}="",N(I{r})<=0),"",CB_DAYS_OVERDUE(E{r},$B$3))'),
                Formula(
                    f'=IF({_halfway(r)},"{PENDING}",IF(J{r}="","",CB_BUCKET(J{r},{policy_range})))'
                ),
            ]
        )
    first, last = s.table(ws, ctx, "应收台账", TOP, cols, rows)
    s.date_rule(ws, f"D{first}:E{last} H{first}:H{last}")
    s.number_rule(ws, f"F{first}:G{last}", "decimal", -1e12, 1e12, "金额（元），红字冲销填负数")
    s.highlight_when(ws, f"J{first}:J{last}", f"AND(ISNUMBER(J{first}),J{first}>90)", st.BAD_FILL)
    s.highlight_when(
        ws, f"J{first}:J{last}", f"AND(ISNUMBER(J{first}),J{first}>0,J{first}<=90)", st.WATCH_FILL
    )
    s.highlight_when(ws, f"K{first}:K{last}", f'K{first}="{PENDING}"', st.WATCH_FILL)
    s.freeze(ws, f"C{first}")
    s.print_setup(ws, ctx, repeat_rows=f"{TOP}:{TOP}", landscape=True)
    return f"应收台账!$A${TOP}:$H${last}"


def _halfway(r: int) -> str:
    """A ledger row typed halfway: something typed, but a cell the ledger reader requires
    (客户编码, 单据号, 单据日期, 到期日, 金额: readers.LEDGER_REQUIRED) still blank. CB_AGING
    leaves such a row out; the row shows 待填 and 账龄汇总 counts it as 未完成行."""
    typed = ",".join(f'{c}{r}<>""' for c in "ABCDEFGH")
    blank = ",".join(f'{c}{r}=""' for c in _REQUIRED_COLUMNS)
    return f"AND(OR({typed}),OR({blank}))"


def _summary_sheet(ws, ctx, ledger: str, customers: int, buckets: list[str], policy_range: str):
    s.title(
        ws,
        f"{TITLE} — 按客户账龄汇总",
        f"由 CB_AGING 按到期日计算（管理口径），单位：元。本区域可列 {customers} 户；"
        "客户更多时末行显示“另有 N 户未显示”（金额已计入合计），请扩大数组区域并修改最后一个参数。",
        len(buckets) + 5,
    )
    s.write(ws, "A3", "统计日期", "标签")
    s.write(ws, "B3", Formula('=IF(应收台账!$B$3="","",应收台账!$B$3)'), "计算", st.DATE)
    s.write(ws, "C3", "未完成行", "标签")
    rows = ledger.split("!")[1].replace("$A$", "$K$").replace("$H$", "$K$")
    s.write(ws, "D3", Formula(f'=COUNTIF(应收台账!{rows},"{PENDING}")'), "结果", "0")
    s.write(
        ws,
        "E3",
        Formula(f'=IF(D3>0,"台账中标“{PENDING}”的行未计入汇总，填完即计入","")'),
        "计算",
    )
    headers = ["客户编码", "客户名称", *buckets, "合计", "逾期合计", "最长逾期天数"]
    last_col = _col(len(headers) - 1)
    area = f"A{TOP}:{last_col}{TOP + customers}"  # CB_AGING spills its header row too
    s.write(
        ws,
        f"A{TOP}",
        Formula(f"=CB_AGING({ledger},$B$3,{policy_range},TRUE,{customers},TRUE)", area),
    )
    for i in range(len(headers)):
        ws[f"{_col(i)}{TOP}"].style = "表头"
    ws.row_dimensions[TOP].height = 30
    for r in range(TOP + 1, TOP + customers + 1):
        for i in range(len(headers)):
            cell = ws[f"{_col(i)}{r}"]
            cell.style = "计算"
            cell.number_format = st.MONEY if 1 < i < len(headers) - 1 else "General"
        ws[f"{last_col}{r}"].number_format = "0"
    total = TOP + customers + 1
    s.write(ws, f"A{total}", "合计", "标签")
    s.write(ws, f"B{total}", "", "标签")
    for i in range(2, len(headers) - 1):
        c = _col(i)
        s.write(
            ws, f"{c}{total}", Formula(f"=SUM({c}{TOP + 1}:{c}{TOP + customers})"), "结果", st.MONEY
        )
    c = last_col
    s.write(ws, f"{c}{total}", Formula(f"=MAX({c}{TOP + 1}:{c}{TOP + customers})"), "结果", "0")
    share = total + 1
    s.write(ws, f"A{share}", "占比", "标签")
    s.write(ws, f"B{share}", "", "标签")
    total_col = _col(len(buckets) + 2)
    for i in range(2, len(headers) - 1):
        c = _col(i)
        s.write(
            ws,
            f"{c}{share}",
            Formula(f"=IF(N(${total_col}${total})=0,0,{c}{total}/${total_col}${total})"),
            "计算",
            st.PERCENT,
        )
    s.widths(ws, [9, 28, *([12] * len(buckets)), 14, 14, 9])
    _chart(ws, buckets, total, share + 2)
    if customers > CHART_SHARES_PAGE:
        ws.row_breaks.append(Break(id=share + 1))
    s.freeze(ws, f"C{TOP + 1}")
    s.print_setup(ws, ctx, repeat_rows=f"{TOP}:{TOP}", landscape=True)
    return {"top": TOP + 1, "last_col": last_col, "headers": headers}


def _chart(ws, buckets: list[str], total_row: int, anchor_row: int) -> None:
    chart = BarChart()
    chart.type = "col"
    chart.title = "应收账款账龄分布（元）"
    chart.y_axis.title = "金额（元）"
    chart.y_axis.numFmt = "#,##0"
    chart.legend = None
    data = Reference(ws, min_col=3, max_col=2 + len(buckets), min_row=total_row)
    labels = Reference(ws, min_col=3, max_col=2 + len(buckets), min_row=TOP)
    chart.add_data(data, from_rows=True, titles_from_data=False)
    chart.set_categories(labels)
    chart.height, chart.width = 7.5, 18
    ws.add_chart(chart, f"B{anchor_row}")


def _overdue_sheet(ws, ctx, summary, customers: int, buckets: list[str], policy_range: str):
    s.title(
        ws,
        f"{TITLE} — 逾期客户清单",
        "逾期合计大于 0 的客户及建议的催收阶段；空行表示该客户无逾期。",
        6,
    )
    n = len(buckets)
    source = {
        "客户编码": "A",
        "客户名称": "B",
        "逾期合计": _col(n + 3),
        "最长逾期天数": _col(n + 4),
    }
    cols = [
        Column("客户编码", 10, input=False),
        Column("客户名称", 30, input=False),
        Column("逾期合计", 15, st.MONEY, input=False),
        Column("最长逾期天数", 10, "0", input=False),
        Column("催收阶段", 12, input=False),
        Column("跟进人", 10),
        Column("备注", 24),
    ]
    rows = []
    for i in range(customers):
        r = summary["top"] + i
        due = f"账龄汇总!${source['逾期合计']}${r}"
        show = f"N({due})>0"
        rows.append(
            [
                Formula(f'=IF({show},账龄汇总!$A${r},"")'),
                Formula(f'=IF({show},账龄汇总!$B${r},"")'),
                Formula(f'=IF({show},{due},"")'),
                Formula(f'=IF({show},账龄汇总!${source["最长逾期天数"]}${r},"")'),
                Formula(f'=IF({show},CB_DUNNING_STAGE(D{TOP + 1 + i},{policy_range}),"")'),
                None,
                None,
            ]
        )
    first, last = s.table(ws, ctx, "逾期客户", TOP, cols, rows)
    s.highlight_when(ws, f"D{first}:D{last}", f"AND(ISNUMBER(D{first}),D{first}>90)", st.BAD_FILL)
    s.freeze(ws, f"A{first}")
    s.print_setup(ws, ctx, repeat_rows=f"{TOP}:{TOP}")


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
