"""CB_ worksheet functions for receivables: days overdue, payments, aging, warnings, dunning."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import numpy as np
import xlwings as xw

from creditbook.core.collections import dunning_stage
from creditbook.core.errors import InvalidValue, MissingValue, ZeroDenominator
from creditbook.core.models import WARNING_FLAGS
from creditbook.core.money import from_fen
from creditbook.core.monitoring import warning_signals
from creditbook.core.receivables import age, bucket_label, payment_behaviour
from creditbook.inputs.evaluation import behaviour_indicators, record_behaviour, record_frame
from creditbook.inputs.evaluation_cells import Problems
from creditbook.inputs.problems import ProblemKind
from creditbook.inputs.readers import read_ledger
from creditbook.inputs.sources import Grid
from creditbook.udfs._convert import (
    CATEGORY,
    CELL,
    RANGE,
    date_arg,
    excel_safe,
    fit_rows,
    flag,
    is_blank,
    matrix,
    number,
    optional_date,
    optional_flag,
    optional_money,
    optional_number,
    text,
)
from creditbook.udfs._policy import policy_arg

__all__ = [
    "CB_AGING",
    "CB_BUCKET",
    "CB_DAYS_OVERDUE",
    "CB_DUNNING_STAGE",
    "CB_ON_TIME_RATE",
    "CB_OVERDUE_AMOUNT",
    "CB_OVERDUE_COUNT",
    "CB_PAYMENT_RECORD",
    "CB_WARNINGS",
]

POLICY_DOC = (
    "信用政策：预设名 ABC/ABCD/AAA 或政策表区域，默认 ABC。Policy: preset name or 政策 range."
)
AS_OF_DOC = "统计日期，默认今天。As-of date (default today)."
GRACE_DOC = "宽限天数，默认取政策（0）。Grace days (default from the policy)."
DUE_DOC = "到期日区域（一列）。Due dates (one column)."
PAID_DOC = "收款日期区域，与到期日逐行对应，空白 = 未收。Paid dates; blank = unpaid."
_FLAG_SPLIT = re.compile(r"[\s,，、;；/|]+")


# ── Helpers ──────────────────────────────────────────────────────────────────


def _as_of(value: Any) -> dt.date:
    return optional_date(value, dt.date.today())  # type: ignore[return-value]


def _column(value: Any) -> list[Any]:
    """A one-column (or one-row) range as a list of cells; a single cell as one item.

    A blank range gives no cells (trailing blanks are trimmed, so columns are re-aligned
    by ``_aligned``)."""
    try:
        rows = matrix(value)
    except MissingValue:
        return []  # a blank range: its rows are all blank
    if len(rows) == 1:
        return rows[0]
    if any(len(row) != 1 for row in rows):
        raise InvalidValue("需要单列区域 expected a single column")
    return [row[0] for row in rows]


def _aligned(*ranges: Any) -> list[list[Any]]:
    """Columns padded with blanks to the longest (Excel trims trailing blanks differently)."""
    columns = [_column(r) for r in ranges]
    length = max((len(c) for c in columns), default=0)
    return [c + [None] * (length - len(c)) for c in columns]


def _columns_behaviour(
    due_dates: Any,
    paid_dates: Any,
    amounts: Any,
    paid_amounts: Any,
    as_of: Any,
    grace_days: Any = None,
) -> dict[str, Any]:
    """The payment record of lines given as separate columns, by the same reader and core
    function as CB_PAYMENT_RECORD (``record_frame`` + ``payment_behaviour``).

    A line is the row of a due date or an amount. Without an 已收金额 column a 收款日期
    means paid in full (the only word there is); without 金额 each line counts as one.
    Every line is taken as issued by the date. {} when there are no lines."""
    day = _as_of(as_of)
    due_column, paid_column, amount_column, received_column = _aligned(
        due_dates, paid_dates, amounts, paid_amounts
    )
    for column in (due_column, paid_column, amount_column, received_column):
        for cell in column:
            if isinstance(cell, str | dict):
                text(cell)  # an error cell (#N/A …) passes its error on
    has_amounts = any(not is_blank(c) for c in amount_column)
    has_received = any(not is_blank(c) for c in received_column)
    rows = []
    for due, paid, amount, received in zip(
        due_column, paid_column, amount_column, received_column, strict=True
    ):
        if all(is_blank(c) for c in (due, paid, amount, received)):
            continue
        owed = amount if has_amounts else 1
        if not has_received:
            received = None if is_blank(paid) else owed
        rows.append([None, day, due, owed, received, paid])
    problems = Problems()
    frame = record_frame(rows, problems, 1)
    if problems:  # a blank due date or amount: #N/A; a wrong value: #VALUE!
        kind = MissingValue if problems.only_blanks else InvalidValue
        raise kind("；".join(str(problem) for problem in problems[:3]))
    if frame.empty:
        raise MissingValue("到期日区域为空 no due dates")
    grace = None if is_blank(grace_days) else int(number(grace_days))
    table = payment_behaviour(frame, day, policy_arg(None), grace)
    return {str(name): value for name, value in table.iloc[0].to_dict().items()}


# ── Days overdue and payment record ──────────────────────────────────────────


@xw.func(category=CATEGORY)
@xw.arg("due_date", doc="到期日 due date", **CELL)
@xw.arg("as_of", doc=AS_OF_DOC, **CELL)
@xw.arg("paid_date", doc="收款日期，可选；给出时为付款时的逾期天数。Paid date (optional).", **CELL)
@xw.arg("amount", doc="金额，可选；与已收金额一起给出时，未收足的单据按统计日期计。Amount.", **CELL)
@xw.arg("paid_amount", doc="已收金额，可选，空白为 0。Amount received (optional).", **CELL)
@excel_safe
def CB_DAYS_OVERDUE(
    due_date: Any,
    as_of: Any = None,
    paid_date: Any = None,
    amount: Any = None,
    paid_amount: Any = None,
) -> Any:
    """逾期天数：统计日期（或收款日期）超过到期日的天数，未逾期为 0；部分收款的单据
    仍未结清，按统计日期计。Days past due (a part-paid line is still open)."""
    due = date_arg(due_date)
    end = _as_of(as_of)
    paid = optional_date(paid_date)
    owed = optional_money(amount)
    if owed is not None and (optional_money(paid_amount) or 0) < owed:
        paid = None  # not paid in full: still open on the date
    if paid is not None and paid <= end:
        end = paid
    return max(0, (end - due).days)


AMOUNTS_DOC = "金额区域，可选；贷项（红字、退货）为负数。Amounts (credit notes negative)."
RECEIVED_DOC = (
    "已收金额区域，可选；给出时已收足的单据才算已付，部分收款仍未结清。"
    "省略时有收款日期即按全额收讫。Amounts received."
)


@xw.func(category=CATEGORY)
@xw.arg("due_dates", doc=DUE_DOC, **RANGE)
@xw.arg("paid_dates", doc=PAID_DOC, **RANGE)
@xw.arg("amounts", doc=AMOUNTS_DOC, **RANGE)
@xw.arg("grace_days", doc=GRACE_DOC, **CELL)
@xw.arg("as_of", doc=AS_OF_DOC, **CELL)
@xw.arg("paid_amounts", doc=RECEIVED_DOC, **RANGE)
@xw.arg("by_amount", doc="TRUE 按金额加权，默认 FALSE 按单据数（制度口径）。By amount.", **CELL)
@excel_safe
def CB_ON_TIME_RATE(
    due_dates: Any,
    paid_dates: Any,
    amounts: Any = None,
    grace_days: Any = None,
    as_of: Any = None,
    paid_amounts: Any = None,
    by_amount: Any = None,
) -> Any:
    """付款准时率：按期收足的单据占可判断单据之比，按单据数。On-time rate, by count.

    与 CB_PAYMENT_RECORD、评估报告同一算法：含宽限天数；部分收款的单据未结清，逾期即算
    不准时；贷项（负数）不参与判断；尚无可判断的单据时为 #DIV/0!。"""
    behaviour = _columns_behaviour(due_dates, paid_dates, amounts, paid_amounts, as_of, grace_days)
    by = not is_blank(by_amount) and _truthy(by_amount)
    key = "on_time_rate_amount" if by else "on_time_rate"
    rate = behaviour[key]
    if rate is None or np.isnan(rate):
        raise ZeroDenominator("没有已到期的单据 no payment can be judged yet")
    return float(rate)


@xw.func(category=CATEGORY)
@xw.arg("due_dates", doc=DUE_DOC, **RANGE)
@xw.arg("paid_dates", doc=PAID_DOC, **RANGE)
@xw.arg("grace_days", doc=GRACE_DOC, **CELL)
@xw.arg("as_of", doc=AS_OF_DOC, **CELL)
@xw.arg("amounts", doc=AMOUNTS_DOC, **RANGE)
@xw.arg("paid_amounts", doc=RECEIVED_DOC, **RANGE)
@excel_safe
def CB_OVERDUE_COUNT(
    due_dates: Any,
    paid_dates: Any,
    grace_days: Any = None,
    as_of: Any = None,
    amounts: Any = None,
    paid_amounts: Any = None,
) -> Any:
    """逾期次数：超过到期日（含宽限天数）才收足或至今未收足的单据数。Late lines.

    与 CB_PAYMENT_RECORD、评估报告同一算法：部分收款的单据逾期即计一次；贷项不计。"""
    behaviour = _columns_behaviour(due_dates, paid_dates, amounts, paid_amounts, as_of, grace_days)
    return int(behaviour["overdue_count"])


@xw.func(category=CATEGORY)
@xw.arg("amounts", doc=AMOUNTS_DOC.replace("，可选", ""), **RANGE)
@xw.arg("due_dates", doc=DUE_DOC, **RANGE)
@xw.arg("paid_amounts", doc="已收金额区域，空白为 0。Amounts received.", **RANGE)
@xw.arg("as_of", doc=AS_OF_DOC, **CELL)
@xw.arg("paid_dates", doc="收款日期区域，可选；统计日期之后的收款尚未收到。Paid dates.", **RANGE)
@excel_safe
def CB_OVERDUE_AMOUNT(
    amounts: Any,
    due_dates: Any,
    paid_amounts: Any = None,
    as_of: Any = None,
    paid_dates: Any = None,
) -> Any:
    """逾期金额：已过到期日的未收金额，减去贷项，不低于 0。Overdue amount, net of credits.

    与 CB_PAYMENT_RECORD、评估报告同一算法：贷项（红字、预收，负数）先冲减逾期金额。"""
    if all(is_blank(c) for c in _column(amounts)):
        raise MissingValue("金额区域为空 amounts are blank")
    received = [[0]] if paid_amounts is None else paid_amounts
    behaviour = _columns_behaviour(due_dates, paid_dates, amounts, received, as_of)
    return from_fen(int(behaviour["overdue_amount"]))


RECORD_FIELDS = ("付款准时率", "逾期次数", "逾期金额", "最长逾期天数")
RECORD_TOP = 5  # the evaluation workbook's 信用记录 table starts on row 5


@xw.func(category=CATEGORY)
@xw.arg(
    "record",
    doc="信用记录区域：单据号、单据日期、到期日、金额、已收金额、收款日期（六列）。Invoice lines.",
    **RANGE,
)
@xw.arg("as_of", doc="评估日期，默认今天。Evaluation date (default today).", **CELL)
@xw.arg(
    "figure",
    doc="付款准时率、逾期次数、逾期金额 或 最长逾期天数；省略则溢出全部。Figure, or all.",
    **CELL,
)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@excel_safe
def CB_PAYMENT_RECORD(
    record: Any, as_of: Any = None, figure: Any = None, policy: Any = None
) -> Any:
    """付款记录：付款准时率（按单据数）、逾期次数、逾期金额、最长逾期天数，与评估报告同一算法；
    部分收款的单据未结清，逾期即计一次逾期；尚无可判断的单据时为空白，区域全空或某行缺到期日、
    金额时为 #N/A。
    Payment record, as the report computes it."""
    rules = policy_arg(policy)
    day = _as_of(as_of)
    rows = matrix(record)  # a blank range: #N/A, as every required input
    if rows and text(rows[0][0]) == "单据号":
        rows = rows[1:]
    problems = Problems()
    frame = record_frame(rows, problems, RECORD_TOP)
    if problems:  # a row typed halfway: #N/A (待填 on the sheet); a wrong value: #VALUE!
        kind = MissingValue if problems.only_blanks else InvalidValue
        raise kind("；".join(str(problem) for problem in problems[:3]))
    behaviour = record_behaviour(frame, day, rules)
    found: dict[str, Any] = dict(behaviour_indicators(behaviour))
    if behaviour:
        found["最长逾期天数"] = int(behaviour["max_days_overdue"])
    values = {name: ("" if found.get(name) is None else found[name]) for name in RECORD_FIELDS}
    name = text(figure)
    if not name:
        return [[key, value] for key, value in values.items()]
    if name not in values:
        raise InvalidValue(f"未知项目 unknown figure {name!r}; 可选 {'、'.join(RECORD_FIELDS)}")
    return values[name]


# ── Aging ────────────────────────────────────────────────────────────────────


@xw.func(category=CATEGORY)
@xw.arg("days_overdue", doc="逾期天数（0 或负数 = 未到期）。Days overdue.", **CELL)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@excel_safe
def CB_BUCKET(days_overdue: Any, policy: Any = None) -> Any:
    """账龄区间：按政策的区间把逾期天数归类，如 1-30天、31-60天。Aging bucket label."""
    days = number(days_overdue)
    if days != int(days):
        raise InvalidValue(f"逾期天数应为整数 days must be whole: {days!r}")
    return bucket_label(int(days), policy_arg(policy))


@xw.func(category=CATEGORY)
@xw.arg(
    "ledger",
    doc="应收台账区域（含表头）：客户编码、客户名称、单据号、单据日期、到期日、金额、已收金额…",
    **RANGE,
)
@xw.arg("as_of", doc=AS_OF_DOC, **CELL)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@xw.arg(
    "header", doc="是否含表头行，默认 TRUE；FALSE 时只溢出客户行。Include the header row.", **CELL
)
@xw.arg(
    "rows",
    doc="旧版数组区域的客户行数：不足补空行，超出时末行为“另有 N 户未显示”并含其余金额；"
    "留空按客户数溢出。Customer rows of a legacy array area.",
    **CELL,
)
@xw.arg(
    "skip_incomplete",
    doc="TRUE 时跳过必填格（客户编码、单据号、日期、金额）有空白的未填完行，不计入汇总"
    "（须另行显示这些行，如标准工作簿的“待填”与“未完成行”）；默认 FALSE，有这样的行时为 #VALUE!。"
    "Skip rows typed halfway.",
    **CELL,
)
@excel_safe
def CB_AGING(
    ledger: Any,
    as_of: Any = None,
    policy: Any = None,
    header: Any = None,
    rows: Any = None,
    skip_incomplete: Any = None,
) -> Any:
    """账龄分析（按到期日）：溢出表头及各客户区间金额、合计、逾期合计、最长逾期天数。AR aging."""
    cells = matrix(ledger)
    frame, problems = read_ledger(Grid("台账区域", None, cells))
    if not is_blank(skip_incomplete) and _truthy(skip_incomplete):
        frame, problems = _without_incomplete(cells, frame, problems)
    blocking = [p for p in problems if p.kind is not ProblemKind.DUPLICATE]
    if blocking:
        kind = MissingValue if blocking[0].kind is ProblemKind.MISSING_COLUMN else InvalidValue
        raise kind("; ".join(str(p) for p in blocking[:3]))
    result = age(frame, _as_of(as_of), policy_arg(policy))
    titles = ["客户编码", "客户名称", *result.buckets, "合计", "逾期合计", "最长逾期天数"]
    body = [
        [
            r.customer_id,
            r.customer_name,
            *(amount for _, amount in r.buckets),
            r.total,
            r.overdue,
            r.max_days_overdue,
        ]
        for r in result.records()
    ]
    body = fit_rows(body, rows, len(titles), _hidden_customers)
    if not _truthy(header):
        return body or [[""] * len(titles)]
    return [titles, *body]


def _without_incomplete(cells: list[list[Any]], frame: Any, problems: list[Any]) -> Any:
    """The ledger read again without the rows the reader found only blank required cells
    in (rows typed halfway); rows with a wrong value still stop the table."""
    rows_with = {p.row for p in problems if p.kind is ProblemKind.BLANK and p.row}
    wrong = {p.row for p in problems if p.kind is not ProblemKind.BLANK}
    halfway = rows_with - wrong
    if not halfway:
        return frame, problems
    kept = [row for r, row in enumerate(cells, start=1) if r not in halfway]
    return read_ledger(Grid("台账区域", None, kept))


def _hidden_customers(hidden: list[list[Any]]) -> list[Any]:
    """The overflow row of CB_AGING: how many customers are not shown, and their totals."""
    label = f"另有 {len(hidden)} 户未显示，请扩大区域"
    sums = [sum(column) for column in list(zip(*hidden, strict=True))[2:-1]]
    return ["…", label, *sums, max(row[-1] for row in hidden)]


def _truthy(value: Any) -> bool:
    """An optional TRUE/FALSE argument; as in Excel, any non-zero number is TRUE."""
    try:
        return bool(optional_flag(value, True))
    except InvalidValue:
        return number(value) != 0


# ── Warnings and dunning ─────────────────────────────────────────────────────


def _flags(value: Any) -> list[str]:
    """Flags as text ('经营亏损 资金链紧张'), a name/是否 column pair, or a header + value row."""
    try:
        rows = matrix(value)
    except MissingValue:
        return []  # a blank range or "" means no flag is set
    if len(rows) == 1 and len(rows[0]) == 1:
        names = [n for n in _FLAG_SPLIT.split(text(rows[0][0])) if n]
        return [_flag_name(n) for n in names if n not in {"否", "无"}]
    first_column = [text(row[0]) for row in rows]
    if len(rows[0]) >= 2 and all(n in WARNING_FLAGS for n in first_column if n):
        return [text(row[0]) for row in rows if text(row[0]) and flag(row[1])]
    if len(rows) >= 2 and all(text(c) in WARNING_FLAGS for c in rows[0] if not is_blank(c)):
        pairs = zip(rows[0], rows[1], strict=True)
        return [text(h) for h, v in pairs if not is_blank(h) and flag(v)]
    raise InvalidValue(f"无法识别预警标记 unrecognised flags; 可用 {'、'.join(WARNING_FLAGS)}")


def _flag_name(name: str) -> str:
    if name not in WARNING_FLAGS:
        raise InvalidValue(f"未知预警标记 unknown flag {name!r}; 可用 {'、'.join(WARNING_FLAGS)}")
    return name


@xw.func(category=CATEGORY)
@xw.arg("term_days", doc="信用期限（天）credit term in days", **CELL)
@xw.arg("max_days_overdue", doc="最长逾期天数，空白 = 0。Longest days overdue.", **CELL)
@xw.arg("exposure", doc="信用敞口（应收余额+未发货订单），空白 = 0。Exposure.", **CELL)
@xw.arg("limit", doc="信用额度，空白 = 未核定。Credit limit (blank = none).", **CELL)
@xw.arg(
    "flags",
    doc="预警标记：文字如“经营亏损 重大诉讼”，或两列 标记/是否，或表头行+是否行。Flags.",
    **RANGE,
)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@excel_safe
def CB_WARNINGS(
    term_days: Any,
    max_days_overdue: Any,
    exposure: Any,
    limit: Any,
    flags: Any = None,
    policy: Any = None,
) -> Any:
    """信用预警信号及级别（关注/预警/严重），无信号时为空。Triggered warning signals as text."""
    term = number(term_days)
    days = optional_number(max_days_overdue, 0)  # a new customer: nothing overdue yet
    if term < 0 or days < 0:
        raise InvalidValue("期限和逾期天数不能为负 term and days cannot be negative")
    signals = warning_signals(
        int(term),
        int(days),
        optional_money(exposure, Decimal(0)),  # blank: nothing owed, as Excel adds a blank
        optional_money(limit),
        _flags(flags),
        policy_arg(policy),
    )
    return "；".join(str(s) for s in signals)


@xw.func(category=CATEGORY)
@xw.arg("max_days_overdue", doc="最长逾期天数，空白 = 0。Longest days overdue.", **CELL)
@xw.arg("policy", doc=POLICY_DOC, **RANGE)
@excel_safe
def CB_DUNNING_STAGE(max_days_overdue: Any, policy: Any = None) -> Any:
    """催收阶段：付款提醒 / 催款 / 最后催告 / 法律程序，未逾期为空。Collection stage."""
    stage = dunning_stage(int(optional_number(max_days_overdue, 0)), policy_arg(policy))
    return stage.stage if stage else ""
