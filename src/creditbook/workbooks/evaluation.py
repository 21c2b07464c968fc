"""客户信用评估表: customer, statements, ratios, payment record, 5C, score, policy, approval."""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.workbook import Workbook

from creditbook.core.errors import InvalidValue
from creditbook.core.policy import Policy
from creditbook.inputs.evaluation import EvaluationData, evaluation_from_values
from creditbook.workbooks import _sheet as s
from creditbook.workbooks import _style as st
from creditbook.workbooks._policy_table import write_policy_sheet
from creditbook.workbooks._sample import Evaluation
from creditbook.workbooks._sheet import BookContext, Column, Formula

TITLE = "客户信用评估表"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = "1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28"

# 财务报表 line items: (科目, Statement field); rows 5.. on the sheet.
LINES = (
    ("资产总计", "total_assets"),
    ("负债合计", "total_liabilities"),
    ("流动资产合计", "current_assets"),
    ("流动负债合计", "current_liabilities"),
    ("存货", "inventory"),
    ("应收账款", "receivables"),
    ("应收票据", "notes_receivable"),
    ("其他非速动资产", "other_non_quick"),
    ("所有者权益合计", "equity"),
    ("营业收入", "revenue"),
    ("营业成本", "cost_of_sales"),
    ("净利润", "net_profit"),
)
STATEMENT_TOP = 5
UNIT_LABEL, UNIT_CELL = "D3", "E3"  # 单位 | 元/千元/万元 (CB_STATEMENT reads it)
UNIT_FACTORS = {"元": 1, "千元": 1000, "万元": 10000}
HISTORY_ROWS = 24
RATIO_ROWS = 9  # CB_RATIOS spills a header row and eight ratios


def line(name: str, period: str = "B") -> str:
    """Address on 财务报表 of a line item: period B = 本期, C = 上期."""
    index = [n for n, _ in LINES].index(name)
    return f"财务报表!${period}${STATEMENT_TOP + index}"


def build(workbook: Workbook, ctx: BookContext, policy: Policy, data: Evaluation | None) -> None:
    info = _customer_sheet(workbook.create_sheet("客户信息"), ctx, data)
    _statement_sheet(workbook.create_sheet("财务报表"), ctx, data)
    policy_sheet = workbook.create_sheet("政策")  # moved behind 定性评估 below
    policy_range = write_policy_sheet(policy_sheet, policy)
    ratios = _ratio_sheet(workbook.create_sheet("财务指标", 2), ctx, policy, policy_range)
    s.print_setup(policy_sheet, ctx, landscape=True)
    s.freeze(policy_sheet, "A2")
    record = _record_sheet(workbook.create_sheet("信用记录", 3), ctx, data, info, policy_range)
    five_c = _five_c_sheet(workbook.create_sheet("定性评估", 4), ctx, policy, data)
    score = _score_sheet(
        workbook.create_sheet("评分", 5), ctx, policy, policy_range, info, ratios, record, five_c
    )
    _approval_sheet(workbook.create_sheet("审批"), ctx, policy, policy_range, info, score, data)


def _customer_sheet(ws, ctx: BookContext, data: Evaluation | None) -> dict[str, str]:
    s.title(ws, f"{TITLE} — 客户基本信息", "黄色单元格为输入项，蓝灰色为公式计算结果。", 3)
    c = data.customer if data else None
    if c is not None and c.uscc:
        _check_uscc(c.customer_id, c.uscc)
    items = [
        ("客户编码", c.customer_id if c else None, None),
        ("客户名称", c.name if c else None, None),
        ("统一社会信用代码", c.uscc if c else None, "@"),
        ("代码校验", None, None),
        ("法定代表人", c.legal_representative if c else None, None),
        ("注册资本(元)", c.registered_capital if c else None, st.MONEY),
        ("成立日期", c.founded if c else None, st.DATE),
        ("所属行业", c.industry if c else None, None),
        ("联系人", c.contact if c else None, None),
        ("电话", c.phone if c else None, "@"),
        ("地址", c.address if c else None, None),
        ("业务员", c.salesperson if c else None, None),
        ("新客户", ("是" if c.is_new else "否") if c else None, None),
        ("预计月采购额(元)", data.monthly_sales if data else None, st.MONEY),
        ("评估日期", data.as_of if data else None, st.DATE),
        ("评估人", "信用管理部" if data else None, None),
    ]
    where = s.form(ws, 4, items)
    code = where["统一社会信用代码"]
    check = where["代码校验"]
    s.write(ws, check, Formula(_uscc_check(code)), "计算")
    s.highlight_when(ws, check, f'LEFT({check},1)="✗"', st.BAD_FILL, bold=True)
    s.custom_rule(ws, code, f"LEN({code})=18", "统一社会信用代码为 18 位（GB 32100-2015）")
    s.choice(ws, where["新客户"], ["是", "否"], "首年合作的新客户按政策适用较低额度")
    s.number_rule(
        ws, where["预计月采购额(元)"], "decimal", 0, prompt="客户预计每月向本公司采购的金额（元）"
    )
    s.date_rule(ws, f"{where['成立日期']},{where['评估日期']}")
    s.write(ws, "C4", "说明", "表头")
    notes = {
        "代码校验": "按 GB 32100-2015 校验码自动核对",
        "新客户": "是/否：新客户额度按政策打折并设上限",
        "预计月采购额(元)": "需求法的基数：客户每月向本公司采购的金额，不是客户的营业收入",
        "评估日期": "信用记录中逾期天数的计算基准日",
    }
    for label, ref in where.items():
        row = ref[1:]
        s.write(ws, f"C{row}", notes.get(label, ""), "说明")
    s.widths(ws, [20, 36, 40])
    s.freeze(ws, "A4")
    s.print_setup(ws, ctx, area=f"A1:C{3 + len(items)}")
    return {k: f"客户信息!${v[0]}${v[1:]}" for k, v in where.items()}


def _check_uscc(customer_id: str, code: str) -> None:
    """Refuse a 统一社会信用代码 that python-stdnum rejects (wrong length or check digit)."""
    from stdnum.cn import uscc
    from stdnum.exceptions import ValidationError

    try:
        uscc.validate(code)
    except ValidationError as error:
        raise InvalidValue(
            f"客户 {customer_id} 的统一社会信用代码 {code!r} 无效 invalid USCC: {error}"
        ) from None


def _uscc_check(code: str) -> str:
    digits = ",".join(str(i) for i in range(1, 18))
    total = f'SUMPRODUCT((FIND(MID({code},{{{digits}}},1),"{USCC_ALPHABET}")-1)*{{{USCC_WEIGHTS}}})'
    expected = f'MID("{USCC_ALPHABET}",MOD(31-MOD({total},31),31)+1,1)'
    return (
        f'=IF({code}="","",IF(LEN({code})<>18,"✗ 应为 18 位",'
        f'IFERROR(IF({expected}=RIGHT({code},1),"✓ 校验通过","✗ 校验码错误"),"✗ 含无效字符")))'
    )


def _statement_sheet(ws, ctx: BookContext, data: Evaluation | None) -> None:
    periods = (data.current.period, data.previous.period) if data else ("", "")
    s.title(
        ws,
        f"{TITLE} — 主要财务数据",
        "金额单位见 E3（元/千元/万元），也可在金额后写单位，如 50万、1.2亿。"
        "本期为最近一个会计年度，上期为其前一年度。",
        5,
    )
    s.write(ws, "A3", "会计期间", "标签")
    s.write(ws, "B3", periods[0] or None, "输入")
    s.write(ws, "C3", periods[1] or None, "输入")
    s.write(ws, UNIT_LABEL, "单位", "标签")
    s.write(ws, UNIT_CELL, "元", "输入")
    s.choice(ws, UNIT_CELL, list(UNIT_FACTORS), "报表金额的单位：元、千元或万元")
    columns = [
        Column("科目", 22, input=False),
        Column("本期(期末)", 18, st.MONEY),
        Column("上期(期初)", 18, st.MONEY),
    ]
    rows = []
    for name, field in LINES:
        now = getattr(data.current, field) if data else None
        before = getattr(data.previous, field) if data else None
        rows.append([name, now, before])
    first, last = s.table(ws, ctx, "财务报表", STATEMENT_TOP - 1, columns, rows)
    for r in range(first, last + 1):
        ws[f"A{r}"].style = "标签"
    s.number_rule(ws, f"B{first}:C{last}", "decimal", -1e15, 1e15, "金额（元），亏损填负数")
    note = last + 2
    s.write(
        ws,
        f"A{note}",
        "注：其他非速动资产指预付款项、一年内到期的非流动资产等，计算速动比率时扣除。",
        "说明",
    )
    ws.merge_cells(f"A{note}:C{note}")
    ws.row_dimensions[note].height = 30
    s.freeze(ws, f"B{STATEMENT_TOP}")
    s.print_setup(ws, ctx, repeat_rows=f"{STATEMENT_TOP - 1}:{STATEMENT_TOP - 1}")


PENDING = "待填"  # CB_SCORE reads it as missing (udfs.evaluation.PENDING_MARK)


def _pending(formula: str) -> str:
    """A CB_ formula that shows 待填 instead of #N/A while an input it needs is blank."""
    body = formula[1:]
    return f'=IF(ISNA({body}),"{PENDING}",{body})'


STATEMENT_RANGE = f"财务报表!$A${STATEMENT_TOP}:$C${STATEMENT_TOP + len(LINES) - 1}"
UNIT_REF = f"财务报表!${UNIT_CELL[0]}${UNIT_CELL[1:]}"


def _statement_formula(item: str, policy_range: str) -> str:
    """CB_STATEMENT: the figure as the report reads and computes it (unit, policy)."""
    return f'=CB_STATEMENT({STATEMENT_RANGE},"{item}",{UNIT_REF},{policy_range})'


def _ratio_sheet(ws, ctx: BookContext, policy: Policy, policy_range: str) -> dict[str, str]:
    s.title(
        ws,
        f"{TITLE} — 财务指标",
        "由财务报表自动计算（CB_STATEMENT，与评估报告同一读法与算法），无需输入；"
        "报表缺项时显示“待填”，评分按缺失计。",
        4,
    )
    days = policy.day_basis
    receivables = "平均(应收账款 + 应收票据)" if policy.dso_includes_notes else "平均应收账款"
    specs = [
        ("资产负债率", st.PERCENT, "负债合计 ÷ 资产总计"),
        ("流动比率", st.RATIO, "流动资产 ÷ 流动负债（流动负债为 0：无流动负债）"),
        ("速动比率", st.RATIO, "(流动资产 − 存货 − 其他非速动资产) ÷ 流动负债"),
        ("应收账款周转天数", st.RATIO, f"{days} × {receivables} ÷ 营业收入"),
        ("存货周转天数", st.RATIO, f"{days} × 平均存货 ÷ 营业成本"),
        ("销售净利率", st.PERCENT, "净利润 ÷ 营业收入"),
        ("净资产收益率", st.PERCENT, "净利润 ÷ 平均所有者权益"),
        ("销售增长率", st.PERCENT, "本期营业收入 ÷ 上期 − 1"),
    ]
    columns = [
        Column("指标", 20, input=False),
        Column("数值", 14, input=False),
        Column("计算方法", 40, input=False),
    ]
    rows = [
        [name, Formula(_pending(_statement_formula(name, policy_range))), note]
        for name, _, note in specs
    ]
    first, last = s.table(ws, ctx, "财务指标", 4, columns, rows)
    for offset, (_, fmt, _) in enumerate(specs):
        ws[f"B{first + offset}"].number_format = fmt
        ws[f"A{first + offset}"].style = "标签"
    top = last + 3
    s.write(ws, f"A{top - 1}", "CB_RATIOS：由报表区域一次算出全部指标（核对用）", "标签")
    ws.merge_cells(f"A{top - 1}:C{top - 1}")
    area = f"A{top}:B{top + RATIO_ROWS - 1}"
    check = _pending(f"=CB_RATIOS({STATEMENT_RANGE},{days})")
    s.write(ws, f"A{top}", Formula(check, area), "计算")
    for r in range(top, top + RATIO_ROWS):
        for col in "AB":
            ws[f"{col}{r}"].style = "表头" if r == top else "计算"
        ws[f"B{r}"].number_format = "0.0000"
    s.freeze(ws, "A5")
    s.print_setup(ws, ctx)
    return {name: f"财务指标!$B${first + i}" for i, (name, *_rest) in enumerate(specs)}


def _record_sheet(
    ws, ctx: BookContext, data: Evaluation | None, info: dict[str, str], policy_range: str
):
    s.title(
        ws,
        f"{TITLE} — 信用记录（付款行为）",
        "近 12 个月的销售单据与收款情况；逾期天数按评估日期计算。付款准时率按单据数计；"
        "部分收款的单据未结清，过到期日（含宽限）即计一次逾期。",
        7,
    )
    as_of = info["评估日期"]
    columns = [
        Column("单据号", 14),
        Column("单据日期", 12, st.DATE),
        Column("到期日", 12, st.DATE),
        Column("金额", 15, st.MONEY),
        Column("已收金额", 15, st.MONEY),
        Column("收款日期", 12, st.DATE),
        Column("逾期天数", 10, st.DAYS, input=False),
    ]
    history = list(data.history) if data else []
    top = 4
    rows: list[list[object]] = []
    for n in range(max(len(history), HISTORY_ROWS)):
        r = top + 1 + n
        inv = history[n] if n < len(history) else None
        days = Formula(f'=IF(C{r}="","",CB_DAYS_OVERDUE(C{r},{as_of},F{r},D{r},E{r}))')
        if inv is None:
            rows.append([None] * 6 + [days])
            continue
        rows.append(
            [
                inv.invoice_no,
                inv.invoice_date,
                inv.due_date,
                inv.amount,
                inv.paid_amount,
                inv.paid_date,
                days,
            ]
        )
    first, last = s.table(ws, ctx, "信用记录", top, columns, rows)
    s.date_rule(ws, f"B{first}:C{last} F{first}:F{last}")
    s.highlight_when(ws, f"G{first}:G{last}", f"AND(ISNUMBER(G{first}),G{first}>0)", st.BAD_FILL)
    summary = last + 2
    lines = f"信用记录!$A${first}:$F${last}"

    def record(field: str) -> Formula:
        found = _pending(f'=CB_PAYMENT_RECORD({lines},{as_of},"{field}",{policy_range})')
        return Formula(f'=IF({as_of}="","{PENDING}",{found[1:]})')

    items = [
        ("付款准时率", record("付款准时率"), st.PERCENT),
        ("逾期次数", record("逾期次数"), "0"),
        ("逾期金额", record("逾期金额"), st.MONEY),
        ("最长逾期天数", record("最长逾期天数"), "0"),
    ]
    where = s.form(ws, summary, items)
    for ref in where.values():  # 12-digit amounts need more than a date column's width
        ws.merge_cells(f"{ref}:C{ref[1:]}")
    s.freeze(ws, f"A{top + 1}")
    s.print_setup(ws, ctx, repeat_rows=f"{top}:{top}")
    return {k: f"信用记录!${v[0]}${v[1:]}" for k, v in where.items()}


def _five_c_sheet(ws, ctx: BookContext, policy: Policy, data: Evaluation | None):
    s.title(
        ws,
        f"{TITLE} — 定性评估与外部评级",
        "定性项目评分 1–5：5 = 极好，3 = 一般，1 = 差；评级项目填写评级（如 AA）。"
        "请结合评估要点填写评分与依据；标注“可选”的项目可留空（按最低分计）。",
        4,
    )
    items = [i for i in policy.scorecard if i.kind != "quantitative"]
    columns = [
        Column("项目", 12, input=False),
        Column("评估要点", 46, input=False, wrap=True),
        Column("评分/评级", 10, "@"),
        Column("评分依据", 36, wrap=True),
    ]
    rows = [
        [
            i.name,
            _guidance(i),
            data.five_c.get(i.name) if data else None,
            data.notes.get(i.name) if data else None,
        ]
        for i in items
    ]
    first, _last = s.table(ws, ctx, "定性评估", 4, columns, rows)
    for offset, item in enumerate(items):
        r = first + offset
        ws.row_dimensions[r].height = 45
        ws[f"A{r}"].style = "标签"
        if item.kind == "rating":
            s.choice(ws, f"C{r}", [x.label for x in item.ratings], "请选择评级")
        else:
            ws[f"C{r}"].number_format = "0"
            s.number_rule(ws, f"C{r}", "whole", 1, 5, "请输入 1 到 5 的整数")
    s.freeze(ws, "A5")
    s.print_setup(ws, ctx, repeat_rows="4:4")
    return {i.name: f"定性评估!$C${first + n}" for n, i in enumerate(items)}


def _guidance(item) -> str:
    text = item.guidance
    if item.kind == "rating":
        scale = "、".join(f"{r.label} {r.points:g} 分" for r in item.ratings)
        text = f"{text}评级与得分：{scale}。"
    return f"{text}（可选）" if item.optional else text


def _score_sheet(ws, ctx, policy, policy_range, info, ratios, record, five_c) -> dict[str, str]:
    s.title(
        ws,
        f"{TITLE} — 评分与结论",
        "由各表自动计算；修改“政策”表即可调整评分标准、等级与额度规则。",
        8,
    )
    # A blank judged item stays blank (a reference would read it as 0): scored as missing.
    judged = {name: f'IF({ref}="","",{ref})' for name, ref in five_c.items()}
    values = {
        **ratios,
        "付款准时率": record["付款准时率"],
        "逾期次数": record["逾期次数"],
        "逾期金额": record["逾期金额"],
        **judged,
    }
    n = len(policy.scorecard)
    top = 4
    for col, header in zip("AB", ("指标名称", "值"), strict=True):
        s.write(ws, f"{col}{top}", header, "表头")
    for offset, item in enumerate(policy.scorecard):
        r = top + 1 + offset
        s.write(ws, f"A{r}", item.name, "标签")
        ref = values.get(item.name)
        s.write(ws, f"B{r}", Formula(f"={ref}") if ref else None, "计算" if ref else "输入")
        ws[f"B{r}"].number_format = indicator_format(item.name)
    indicators = f"$A${top + 1}:$B${top + n}"
    detail = f"D{top}:H{top + n + 1}"  # header row, one row per indicator, total row
    s.write(ws, f"D{top}", Formula(f"=CB_SCORE_DETAIL({indicators},{policy_range})", detail))
    for col in "DEFGH":
        ws[f"{col}{top}"].style = "表头"
    for r in range(top + 1, top + n + 2):
        for col in "DEFGH":
            ws[f"{col}{r}"].style = "计算"
        ws[f"E{r}"].number_format = ws[f"B{r}"].number_format if r <= top + n else "General"
        for col in "FGH":
            ws[f"{col}{r}"].number_format = "0.00"
    for col in "DEFGH":
        ws[f"{col}{top + n + 1}"].font = Font(name=st.FONT_NAME, size=10, bold=True)
    r0 = top + n + 3
    s.write(ws, f"A{r0}", "评估结论", "表头")
    ws.merge_cells(f"A{r0}:B{r0}")
    score, grade = f"$B${r0 + 1}", f"$B${r0 + 2}"
    nw = _statement_formula("净资产", policy_range)[1:]
    wc = _statement_formula("营运资金", policy_range)[1:]

    is_new = f'{info["新客户"]}="是"'
    limit = f"$B${r0 + 4}"

    def after(ready: str, formula: str, otherwise: str = PENDING) -> Formula:
        """``formula`` once ``ready`` holds a result; 待填 (or blank) before."""
        return Formula(f'=IF({ready},{formula},"{otherwise}")')

    has_grade = f'{grade}<>"{PENDING}"'
    items = [
        (
            "信用评分",
            after(f'{info["评估日期"]}<>""', f"CB_SCORE({indicators},{policy_range})"),
            "0.00",
        ),
        ("信用等级", after(f"ISNUMBER({score})", f"CB_GRADE({score},{policy_range})"), None),
        ("信用期限(天)", after(has_grade, f"CB_TERM({grade},{policy_range},{is_new})"), "0"),
        (
            "建议信用额度(元)",
            after(
                has_grade,
                f"CB_LIMIT({grade},{info['预计月采购额(元)']},{nw},{wc},{is_new},{policy_range})",
            ),
            st.MONEY,
        ),
        ("额度大写", after(f"ISNUMBER({limit})", f"CB_RMB_UPPER({limit})", ""), None),
        (
            "需担保",
            after(has_grade, f'CB_GRADE_INFO({grade},"需担保",{policy_range})', ""),
            None,
        ),
        (
            "复核周期(月)",
            after(has_grade, f'CB_GRADE_INFO({grade},"复核周期",{policy_range})', ""),
            "0",
        ),
        (
            "等级说明",
            after(has_grade, f'CB_GRADE_INFO({grade},"说明",{policy_range})', ""),
            None,
        ),
    ]
    where = s.form(ws, r0 + 1, items)
    for label in ("信用评分", "信用等级", "信用期限(天)", "建议信用额度(元)"):
        ws[where[label]].style = "结果"
    ws[where["信用评分"]].number_format = "0.00"
    ws[where["信用期限(天)"]].number_format = "0"
    ws[where["建议信用额度(元)"]].number_format = st.MONEY
    for label in ("额度大写", "等级说明"):
        ref = where[label]
        ws.merge_cells(f"{ref}:H{ref[1:]}")
        ws[ref].alignment = Alignment(vertical="center", wrap_text=True)
    ws.row_dimensions[int(where["等级说明"][1:])].height = 36
    labels = policy.labels
    s.highlight_equal(ws, where["信用等级"], f'"{labels[0]}"', st.GOOD_FILL)
    s.highlight_equal(ws, where["信用等级"], f'"{labels[-1]}"', st.BAD_FILL)
    s.widths(ws, [18, 19, 2, 18, 12, 9, 9, 11])  # B: 999,999,999,999.99 fits
    s.freeze(ws, f"A{top + 1}")
    s.print_setup(ws, ctx)
    return {k: f"评分!${v[0]}${v[1:]}" for k, v in where.items()}


PERCENT_INDICATORS = ("资产负债率", "销售净利率", "净资产收益率", "销售增长率", "付款准时率")


def indicator_format(name: str) -> str:
    """How an indicator's value reads: percentages, ratios, days or whole numbers."""
    if name in PERCENT_INDICATORS:
        return st.PERCENT
    if name.endswith("天数"):
        return "0.0"
    if name.endswith("比率"):
        return st.RATIO
    return "0"


def _approval_sheet(
    ws,
    ctx,
    policy: Policy,
    policy_range: str,
    info: dict[str, str],
    score: dict[str, str],
    data: Evaluation | None = None,
) -> None:
    s.title(
        ws,
        f"{TITLE} — 信用额度审批",
        "审批链按“政策”的金额档次，取建议信用额度与核定信用额度中较高者（与 creditbook "
        "approval 审批表同一规则）；核定信用额度为本次审批核定的额度，现有信用额度为调整前"
        "的额度（调整申请填写）。各环节签署意见、签名与日期。",
        5,
    )
    items = [
        ("客户名称", Formula(f"={info['客户名称']}"), None),
        ("信用等级", Formula(f"={score['信用等级']}"), None),
        ("信用期限(天)", Formula(f"={score['信用期限(天)']}"), "0"),
        ("建议信用额度(元)", Formula(f"={score['建议信用额度(元)']}"), st.MONEY),
        ("现有信用额度(元)", data.current_limit if data else None, st.MONEY),
        ("核定信用额度(元)", None, st.MONEY),
    ]
    where = s.form(ws, 4, items)
    for label in ("客户名称", "建议信用额度(元)"):
        ws.merge_cells(f"{where[label]}:E{where[label][1:]}")
    approved, proposed = where["核定信用额度(元)"], where["建议信用额度(元)"]
    longest = max(len(t.chain) for t in policy.approval)
    top = 4 + len(items) + 1
    columns = [
        Column("序号", 16, "0", input=False),  # also the labels of the form above
        Column("审批环节", 22, input=False),
        Column("审批意见", 30, wrap=True),
        Column("签名", 12),
        Column("日期", 12, st.DATE),
    ]
    rows = []
    for step in range(longest):
        approver = f"CB_APPROVER({step + 1},{proposed},{approved},{policy_range})"
        shown = Formula(f'=IF(ISNUMBER({proposed}),{approver},"")')
        rows.append([step + 1, shown, None, None, None])
    first, last = s.table(ws, ctx, "审批", top, columns, rows)
    for r in range(first, last + 1):
        ws.row_dimensions[r].height = 40
    s.date_rule(ws, f"E{first}:E{last}")
    s.number_rule(
        ws, where["现有信用额度(元)"], "decimal", 0, prompt="调整申请：客户调整前的信用额度"
    )
    s.number_rule(
        ws,
        where["核定信用额度(元)"],
        "decimal",
        0,
        prompt="本次核定的额度；留空则按建议额度审批；高于建议额度时审批链按核定额度",
    )
    s.print_setup(ws, ctx)


def read_evaluation(path: str | Path) -> EvaluationData:
    """Read an evaluation workbook (calculating it when Excel never did); see
    :func:`creditbook.inputs.evaluation.evaluation_from_values` for what is read and refused."""
    from creditbook.workbooks.recalc import read_values

    return evaluation_from_values(read_values(path), path)
