"""CB_ worksheet functions for credit evaluation: ratios, score, grade, term, limit, order check."""

import unicodedata
from decimal import Decimal
from typing import Any

import xlwings as xw

from creditbook.core import limits, ratios, scoring
from creditbook.core.assessment import approval_chain
from creditbook.core.errors import CreditbookError, InvalidValue, MissingValue
from creditbook.core.financial_statements import statements_from_rows
from creditbook.core.money import rmb_upper
from creditbook.core.policy import Grade, Policy, canonical_indicator
from creditbook.inputs.evaluation import read_statements
from creditbook.inputs.evaluation_cells import Problems
from creditbook.udfs._convert import (
    CATEGORY,
    CELL,
    EXCEL_ERRORS,
    RANGE,
    CellError,
    excel_error,
    excel_safe,
    matrix,
    money_arg,
    number,
    optional_flag,
    optional_money,
    optional_number,
    text,
)
from creditbook.udfs._policy import policy_arg

__all__ = [
    "CB_APPROVER",
    "CB_AVAILABLE",
    "CB_CHECK",
    "CB_CURRENT_RATIO",
    "CB_DEBT_RATIO",
    "CB_DIO",
    "CB_DSO",
    "CB_GRADE",
    "CB_GRADE_INFO",
    "CB_GROWTH",
    "CB_LIMIT",
    "CB_NET_MARGIN",
    "CB_QUICK_RATIO",
    "CB_RATIOS",
    "CB_RMB_UPPER",
    "CB_ROE",
    "CB_SCORE",
    "CB_SCORE_DETAIL",
    "CB_STATEMENT",
    "CB_TERM",
    "CB_UTILIZATION",
]

POLICY_DOC = (
    "信用政策：预设名 ABC/ABCD/AAA 或政策表区域，默认 ABC。Policy: preset name or 政策 range."
)
DAYS_DOC = "计算天数，默认 360。Day basis (default 360)."
GRADE_DOC = "信用等级，如 A、B、AAA。Credit grade."
INDICATORS_DOC = (
    "两列区域：指标名称、值（中英文名均可；空白或错误值按缺失计最差档）。"
    "Two columns: indicator name, value (blank/error = missing, worst band)."
)
DETAIL_HEADER = ["指标", "值", "得分", "权重", "加权得分"]
MISSING_MARK = "缺失"
PENDING_MARK = "待填"  # what the evaluation workbook shows where an input is still blank


# ── Helpers shared by the functions below ────────────────────────────────────


def _grade(value: Any, policy: Policy) -> Grade:
    label = text(value)
    if not label:
        raise MissingValue("缺少信用等级 grade is blank")
    try:
        return policy.grade(label)
    except KeyError:
        raise InvalidValue(f"等级 {label!r} 不在政策中 ({'/'.join(policy.labels)})") from None


def _indicator_value(cell: Any) -> float | Decimal | str | None:
    """A number; a rating label (AA) as text; 无流动负债 as +∞ (the best liquidity band)."""
    try:
        return optional_number(cell)
    except CellError:
        return None  # an indicator that errors upstream is scored as missing
    except InvalidValue:
        label = text(cell)
        if label == ratios.NO_CURRENT_LIABILITIES_MARK:
            return Decimal("Infinity")
        if label == PENDING_MARK:
            return None  # an input still blank: missing, the worst band
        return label  # a rating item takes it; a numeric one refuses it (#VALUE!)


def _indicators(value: Any) -> dict[str, float | Decimal | str | None]:
    rows = matrix(value)
    if len(rows[0]) < 2:
        raise InvalidValue("指标区域需要两列：指标名称、值 the range needs name and value columns")
    if _is_header(rows[0]):
        rows = rows[1:]
    found: dict[str, float | Decimal | str | None] = {}
    for row in rows:
        name = text(row[0])
        if name:
            found[name] = _indicator_value(row[1])
    return found


def _is_header(row: list[Any]) -> bool:
    """A first row naming no indicator, with text that is no number: 指标名称 | 值."""
    cell = row[1]
    if canonical_indicator(text(row[0])) is not None:
        return False
    if not isinstance(cell, str) or cell.strip() in EXCEL_ERRORS:
        return False
    try:
        optional_number(cell)
    except InvalidValue:
        return True
    return False


def _statement_cell(cell: Any) -> Any:
    if isinstance(cell, str) and not cell.strip(" -—–－"):
        return Decimal(0)  # statements print "-" or "—" for nil
    try:
        return optional_money(cell)
    except CellError:
        return None
    except InvalidValue:
        return text(cell)  # header text; the core names the row if it is not a header


# ── Ratios ───────────────────────────────────────────────────────────────────


@xw.func(category=CATEGORY)
@xw.arg("total_liabilities", doc="负债合计 total liabilities", **CELL)
@xw.arg("total_assets", doc="资产总计 total assets", **CELL)
@excel_safe
def CB_DEBT_RATIO(total_liabilities: Any, total_assets: Any) -> Any:
    """资产负债率 = 负债合计 / 资产总计（0.45 即 45%）。Debt ratio = liabilities / assets."""
    return ratios.debt_ratio(money_arg(total_liabilities), money_arg(total_assets))


@xw.func(category=CATEGORY)
@xw.arg("current_assets", doc="流动资产合计 current assets", **CELL)
@xw.arg("current_liabilities", doc="流动负债合计 current liabilities", **CELL)
@excel_safe
def CB_CURRENT_RATIO(current_assets: Any, current_liabilities: Any) -> Any:
    """流动比率 = 流动资产合计 / 流动负债合计。Current ratio."""
    return ratios.current_ratio(money_arg(current_assets), money_arg(current_liabilities))


@xw.func(category=CATEGORY)
@xw.arg("current_assets", doc="流动资产合计 current assets", **CELL)
@xw.arg("inventory", doc="存货 inventory", **CELL)
@xw.arg("current_liabilities", doc="流动负债合计 current liabilities", **CELL)
@xw.arg(
    "other_non_quick", doc="其他非速动资产（预付款项等），可选。Other non-quick assets.", **CELL
)
@excel_safe
def CB_QUICK_RATIO(
    current_assets: Any, inventory: Any, current_liabilities: Any, other_non_quick: Any = None
) -> Any:
    """速动比率 = (流动资产 − 存货 − 其他非速动资产) / 流动负债。Quick ratio."""
    return ratios.quick_ratio(
        money_arg(current_assets),
        money_arg(inventory),
        money_arg(current_liabilities),
        optional_money(other_non_quick),
    )


@xw.func(category=CATEGORY)
@xw.arg("revenue", doc="营业收入 revenue", **CELL)
@xw.arg("receivables_end", doc="期末应收账款 closing receivables", **CELL)
@xw.arg("receivables_begin", doc="期初应收账款，可选；给出时取平均。Opening receivables.", **CELL)
@xw.arg("days", doc=DAYS_DOC, **CELL)
@excel_safe
def CB_DSO(
    revenue: Any, receivables_end: Any, receivables_begin: Any = None, days: Any = None
) -> Any:
    """应收账款周转天数 = 天数 × 平均应收账款 / 营业收入。Days sales outstanding."""
    return ratios.dso(
        money_arg(revenue),
        money_arg(receivables_end),
        optional_money(receivables_begin),
        optional_number(days, ratios.DAY_BASIS),
    )


@xw.func(category=CATEGORY)
@xw.arg("cost_of_sales", doc="营业成本 cost of sales", **CELL)
@xw.arg("inventory_end", doc="期末存货 closing inventory", **CELL)
@xw.arg("inventory_begin", doc="期初存货，可选；给出时取平均。Opening inventory.", **CELL)
@xw.arg("days", doc=DAYS_DOC, **CELL)
@excel_safe
def CB_DIO(
    cost_of_sales: Any, inventory_end: Any, inventory_begin: Any = None, days: Any = None
) -> Any:
    """存货周转天数 = 天数 × 平均存货 / 营业成本。Days inventory outstanding."""
    return ratios.dio(
        money_arg(cost_of_sales),
        money_arg(inventory_end),
        optional_money(inventory_begin),
        optional_number(days, ratios.DAY_BASIS),
    )


@xw.func(category=CATEGORY)
@xw.arg("net_profit", doc="净利润 net profit", **CELL)
@xw.arg("revenue", doc="营业收入 revenue", **CELL)
@excel_safe
def CB_NET_MARGIN(net_profit: Any, revenue: Any) -> Any:
    """销售净利率 = 净利润 / 营业收入。Net profit margin."""
    return ratios.net_margin(money_arg(net_profit), money_arg(revenue))


@xw.func(category=CATEGORY)
@xw.arg("net_profit", doc="净利润 net profit", **CELL)
@xw.arg("equity_end", doc="期末所有者权益 closing equity", **CELL)
@xw.arg("equity_begin", doc="期初所有者权益，可选；给出时取平均。Opening equity.", **CELL)
@excel_safe
def CB_ROE(net_profit: Any, equity_end: Any, equity_begin: Any = None) -> Any:
    """净资产收益率 = 净利润 / 平均所有者权益。Return on equity."""
    return ratios.roe(money_arg(net_profit), money_arg(equity_end), optional_money(equity_begin))


@xw.func(category=CATEGORY)
@xw.arg("current", doc="本期数，如本年营业收入。Current value.", **CELL)
@xw.arg("previous", doc="上期数，如上年营业收入。Previous value.", **CELL)
@excel_safe
def CB_GROWTH(current: Any, previous: Any) -> Any:
    """增长率 = (本期 − 上期) / |上期|，如销售增长率。Growth rate, e.g. sales growth."""
    return ratios.growth(money_arg(current), money_arg(previous))


@xw.func(category=CATEGORY)
@xw.arg(
    "statement",
    doc="报表区域：科目、期末[、期初]，识别资产总计、营业收入等。Rows: item, end[, begin].",
    **RANGE,
)
@xw.arg("days", doc=DAYS_DOC, **CELL)
@excel_safe
def CB_RATIOS(statement: Any, days: Any = None) -> Any:
    """由报表计算全部财务指标，溢出 [指标, 值]（含表头）。All ratios from a statement."""
    rows = [[text(row[0]), *map(_statement_cell, row[1:3])] for row in matrix(statement)]
    current, previous = statements_from_rows(rows)
    basis = int(optional_number(days, ratios.DAY_BASIS))
    found = ratios.ratios_from_statement(current, previous, basis)
    body = [[k, excel_error(v) if isinstance(v, CreditbookError) else v] for k, v in found.items()]
    return [["指标", "值"], *body]


STATEMENT_AMOUNTS = {"净资产": "equity", "营运资金": "working_capital"}
STATEMENT_TOP = 5  # the evaluation workbook's 财务报表 lines start on row 5


@xw.func(category=CATEGORY)
@xw.arg(
    "statement",
    doc="报表区域：科目、本期、上期（评估表“财务报表”）。Rows: item, current, previous.",
    **RANGE,
)
@xw.arg(
    "item",
    doc="财务指标名（资产负债率、流动比率…）或 净资产、营运资金（元）。Ratio or amount.",
    **CELL,
)
@xw.arg("unit", doc="金额单位：元、千元或万元，默认元。Unit of the amounts.", **CELL)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@excel_safe
def CB_STATEMENT(statement: Any, item: Any, unit: Any = None, policy: Any = None) -> Any:
    """报表的一项财务指标或净资产、营运资金：与评估报告同一读法（单位、50万、空白按缺失）
    与同一算法（政策的计算天数、应收票据口径）；缺少数据为 #N/A，净资产等缺失为空白。
    A ratio or amount of the statement, read and computed as the report does."""
    rules = policy_arg(policy)
    name = text(item)
    if not name:
        raise MissingValue("缺少项目 item is blank")
    current, previous = _statements(statement, unit)
    if name in STATEMENT_AMOUNTS:
        amount = getattr(current, STATEMENT_AMOUNTS[name])
        return "" if amount is None else amount
    found = ratios.ratios_from_statement(
        current, previous, rules.day_basis, rules.dso_includes_notes
    )
    canonical = canonical_indicator(name)
    if canonical not in found:
        known = "、".join([*found, *STATEMENT_AMOUNTS])
        raise InvalidValue(f"未知项目 unknown item {name!r}; 可选 {known}")
    value = found[canonical]
    if isinstance(value, CreditbookError):
        raise value
    if value.is_infinite():
        return ratios.NO_CURRENT_LIABILITIES_MARK
    return value


def _statements(statement: Any, unit: Any) -> tuple[Any, Any]:
    """(本期, 上期) by the evaluation reader (``inputs.evaluation.read_statements``)."""
    try:
        rows = matrix(statement)
    except MissingValue:
        rows = []
    cells: dict[str, Any] = {"D1": "单位", "E1": text(unit) or None}
    for at, row in enumerate(rows, start=STATEMENT_TOP):
        for column, value in zip("ABC", row, strict=False):
            cells[f"{column}{at}"] = value
    problems = Problems()
    _periods, (current, previous) = read_statements(cells, problems)
    if problems:
        raise InvalidValue("；".join(str(problem) for problem in problems[:3]))
    return current, previous


# ── Score and grade ──────────────────────────────────────────────────────────


@xw.func(category=CATEGORY)
@xw.arg("indicators", doc=INDICATORS_DOC, **RANGE)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@excel_safe
def CB_SCORE(indicators: Any, policy: Any = None) -> Any:
    """按评分卡计算 0–100 加权总分。Weighted credit score (0–100) from indicator values."""
    return scoring.score(_indicators(indicators), policy_arg(policy)).total


@xw.func(category=CATEGORY)
@xw.arg("indicators", doc=INDICATORS_DOC, **RANGE)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@excel_safe
def CB_SCORE_DETAIL(indicators: Any, policy: Any = None) -> Any:
    """评分明细：指标、值、得分、权重、加权得分及合计行；缺失标注“缺失”。Score detail."""
    result = scoring.score(_indicators(indicators), policy_arg(policy))
    body = [
        [x.name, _shown(x.value, x.missing), x.points, x.weight, round(x.weighted, 4)]
        for x in result.lines
    ]
    total = ["合计", None, None, sum(x.weight for x in result.lines), result.total]
    return [DETAIL_HEADER, *body, total]


def _shown(value: Any, missing: bool) -> Any:
    if missing:
        return MISSING_MARK
    if isinstance(value, Decimal) and value.is_infinite():
        return ratios.NO_CURRENT_LIABILITIES_MARK
    return value


@xw.func(category=CATEGORY)
@xw.arg("score", doc="评分 0–100。Score.", **CELL)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@excel_safe
def CB_GRADE(score: Any, policy: Any = None) -> Any:
    """由评分确定信用等级（A/B/C、A/B/C/D、AAA/AA/A/B/C）。Credit grade for a score."""
    return scoring.grade_for(number(score), policy_arg(policy)).grade


_GRADE_FIELDS = {
    "期限": "term_days",
    "信用期限": "term_days",
    "term": "term_days",
    "额度系数": "limit_factor",
    "系数": "limit_factor",
    "factor": "limit_factor",
    "需担保": "guarantee_required",
    "担保": "guarantee_required",
    "guarantee": "guarantee_required",
    "可要求担保": "guarantee_optional",
    "guarantee_optional": "guarantee_optional",
    "现款": "cash_only",
    "cash": "cash_only",
    "复核周期": "review_months",
    "复核": "review_months",
    "review": "review_months",
    "说明": "description",
    "description": "description",
    "最低分": "min_score",
    "min_score": "min_score",
}


@xw.func(category=CATEGORY)
@xw.arg("grade", doc=GRADE_DOC, **CELL)
@xw.arg(
    "field",
    doc="字段：期限、额度系数、需担保、现款、复核周期、说明、最低分。Field name.",
    **CELL,
)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@excel_safe
def CB_GRADE_INFO(grade: Any, field: Any, policy: Any = None) -> Any:
    """等级表中某一字段的值，如期限(天)、额度系数、需担保(是/否)。A field of the grade's row."""
    key = unicodedata.normalize("NFKC", text(field)).strip().lower()
    key = key.removesuffix("(天)").removesuffix("(月)")
    if not key:
        raise MissingValue("缺少字段名 field is blank")
    if key not in _GRADE_FIELDS:
        raise InvalidValue(f"未知字段 unknown field {field!r}")
    value = getattr(_grade(grade, policy_arg(policy)), _GRADE_FIELDS[key])
    return ("是" if value else "否") if isinstance(value, bool) else value


@xw.func(category=CATEGORY)
@xw.arg("grade", doc=GRADE_DOC, **CELL)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@xw.arg(
    "is_new",
    doc="是否新客户：是/否，默认否；新客户不超过政策的新客户期限。New customer (yes/no).",
    **CELL,
)
@excel_safe
def CB_TERM(grade: Any, policy: Any = None, is_new: Any = None) -> Any:
    """信用期限（天），现款等级为 0。Credit term in days (0 for cash-only grades).

    新客户（is_new 为“是”）的期限不超过政策的新客户信用期限，与 CB_LIMIT、评估报告一致。"""
    rules = policy_arg(policy)
    return limits.term_for(_grade(grade, rules), rules, bool(optional_flag(is_new, False)))


# ── Limit and exposure ───────────────────────────────────────────────────────


@xw.func(category=CATEGORY)
@xw.arg("grade", doc=GRADE_DOC, **CELL)
@xw.arg(
    "monthly_purchases",
    doc="预计月采购额：客户每月向本公司采购的金额（需求法基数）。Monthly purchases from us.",
    **CELL,
)
@xw.arg("net_worth", doc="净资产，可选（净资产法）。Net worth, optional.", **CELL)
@xw.arg("working_capital", doc="营运资金，可选（营运资金法）。Working capital, optional.", **CELL)
@xw.arg("is_new", doc="是否新客户：是/否，默认否。New customer (yes/no).", **CELL)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@excel_safe
def CB_LIMIT(
    grade: Any,
    monthly_purchases: Any,
    net_worth: Any = None,
    working_capital: Any = None,
    is_new: Any = None,
    policy: Any = None,
) -> Any:
    """建议信用额度：政策各方法组合（资料不足按 0 计）、新客户系数与上限、取整。Credit limit."""
    rules = policy_arg(policy)
    return limits.recommend_limit(
        _grade(grade, rules),
        rules,
        optional_money(monthly_purchases),
        optional_money(net_worth),
        optional_money(working_capital),
        bool(optional_flag(is_new, False)),
    ).limit


@xw.func(category=CATEGORY)
@xw.arg("limit", doc="信用额度 credit limit", **CELL)
@xw.arg("exposure", doc="已占用额度（应收余额+未发货订单），空白 = 0。Exposure.", **CELL)
@excel_safe
def CB_AVAILABLE(limit: Any, exposure: Any) -> Any:
    """可用额度 = 信用额度 − 占用，负数表示超额。Available credit (negative = over the limit)."""
    return limits.available_credit(money_arg(limit), optional_money(exposure, Decimal(0)))


@xw.func(category=CATEGORY)
@xw.arg("exposure", doc="已占用额度，空白 = 0。Exposure.", **CELL)
@xw.arg("limit", doc="信用额度 credit limit", **CELL)
@excel_safe
def CB_UTILIZATION(exposure: Any, limit: Any) -> Any:
    """额度使用率 = 占用 / 信用额度。Credit utilization."""
    return limits.utilization(optional_money(exposure, Decimal(0)), money_arg(limit))


@xw.func(category=CATEGORY)
@xw.arg("order_amount", doc="订单金额 order amount", **CELL)
@xw.arg("limit", doc="信用额度 credit limit", **CELL)
@xw.arg("exposure", doc="已占用额度 exposure", **CELL)
@xw.arg("max_days_overdue", doc="最长逾期天数，可选，默认 0。Max days overdue.", **CELL)
@xw.arg("grade", doc="信用等级，可选（现款等级拦截）。Grade, optional.", **CELL)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@xw.arg(
    "group_available",
    doc="集团可用额度，可选（CB_GROUP_AVAILABLE）；空白 = 不属集团。Group's available amount.",
    **CELL,
)
@excel_safe
def CB_CHECK(
    order_amount: Any,
    limit: Any,
    exposure: Any,
    max_days_overdue: Any = None,
    grade: Any = None,
    policy: Any = None,
    group_available: Any = None,
) -> Any:
    """订单信用校验：“通过”或拦截原因（超出信用额度、超出集团额度、逾期、现款客户）。Order check."""
    rules = policy_arg(policy)
    overdue = optional_number(max_days_overdue, 0)
    return limits.check_order(
        money_arg(order_amount),
        money_arg(limit),
        money_arg(exposure),
        int(overdue or 0),
        _grade(grade, rules) if text(grade) else None,
        rules,
        optional_money(group_available),
    ).text


@xw.func(category=CATEGORY)
@xw.arg("amount", doc="金额（元），四舍五入到分。Amount in yuan.", **CELL)
@excel_safe
def CB_RMB_UPPER(amount: Any) -> Any:
    """人民币大写，如 1004.05 → 人民币壹仟零肆元零伍分。Amount in Chinese capitals."""
    return rmb_upper(money_arg(amount))


@xw.func(category=CATEGORY)
@xw.arg("position", doc="第几个审批环节（1 起）。Position in the chain, from 1.", **CELL)
@xw.arg("recommended", doc="建议信用额度 recommended limit", **CELL)
@xw.arg("approved", doc="核定信用额度，可选（留空按建议额度）。Approved limit, optional.", **CELL)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@excel_safe
def CB_APPROVER(position: Any, recommended: Any, approved: Any = None, policy: Any = None) -> Any:
    """审批链第 n 个环节：按政策的金额档次，取建议额度与核定额度中较高者，与审批表相同；
    链较短时为空白。The n-th approver for the higher of the recommended and approved limits."""
    chain = approval_chain(policy_arg(policy), money_arg(recommended), optional_money(approved))
    at = int(number(position))
    if at < 1:
        raise InvalidValue(f"环节须从 1 起 positions count from 1, got {at}")
    return chain[at - 1] if at <= len(chain) else ""
