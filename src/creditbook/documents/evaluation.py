"""Evaluation report and approval form from an evaluation workbook, through ``assess()``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pandas as pd

from creditbook.core.assessment import Assessment, approval_chain
from creditbook.core.errors import InvalidValue
from creditbook.core.exposure import Group, GroupPosition, temporary_request_problems
from creditbook.core.financial_statements import insolvent, unit_doubts
from creditbook.core.money import ZERO, format_money, from_fen, money
from creditbook.core.monitoring import review_customers, review_groups
from creditbook.core.policy import FIVE_C, Indicator, Policy
from creditbook.core.ratios import ratios_from_statement
from creditbook.core.receivables import bucket_label
from creditbook.documents.contexts import (
    AgingRow,
    ApprovalContext,
    ApprovalStep,
    CompanyInfo,
    CustomerInfo,
    FinancialRow,
    LabelValue,
    LimitMethod,
    RatioRow,
    ReportContext,
    ScoreItem,
)
from creditbook.documents.single import DocumentFiles, write_document
from creditbook.inputs.evaluation import (
    DAYS,
    PERCENT,
    STATEMENT_LINES,
    EvaluationData,
    behaviour_indicators,
    cell_text,
    evaluate,
)
from creditbook.settings import Settings

__all__ = ["approval_context", "generate_approval", "generate_report", "report_context"]


def _format(name: str, value: float | Decimal | str | None, judged: bool = False) -> str:
    """An indicator's value as the report prints it; ``judged`` for a 1–5 rating."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value  # a rating label (银行信用评级 AA)
    if isinstance(value, Decimal) and value.is_infinite():
        return "无流动负债"
    if judged:
        return f"{value:g}"
    if name in PERCENT:
        return f"{value * 100:.1f}%"
    if name in DAYS:
        return f"{value:.1f} 天"
    if name in FIVE_C:
        return f"{value:g}"
    if name == "逾期次数":
        return f"{value:g} 次"
    return f"{value:.2f}"


def bandcell_text(indicator: Indicator, value: float | Decimal | str | None) -> str:
    """The band a value falls in, with its included end: '≥ 40% 且 < 55%', '< 0.5（不含 0.5）';
    a rating item's label is its own band."""
    if value is None:
        return "缺失"
    if isinstance(value, str):
        return value
    return indicator.band_for(value).text(indicator.percent)


def _kind(indicator: Indicator | None) -> str:
    """类型 in the score detail: 5C, 定性 (other judgements), 评级 or 定量."""
    if indicator is None or indicator.kind == "quantitative":
        return "定量"
    if indicator.kind == "rating":
        return "评级"
    return "5C" if indicator.name in FIVE_C else "定性"


def report_context(
    data: EvaluationData,
    result: Assessment,
    settings: Settings,
    report_no: str = "",
    groups: Iterable[GroupPosition] = (),
) -> ReportContext:
    """客户信用评估报告 context from the workbook's data and the assessment; with ``groups``
    (from the register and ledger) the customer's group, its exposure and limit."""
    info, policy = data.info, data.policy
    current, previous = data.statements
    before = {
        k: (None if isinstance(v, Exception) else v)
        for k, v in ratios_from_statement(previous, None, policy.day_basis).items()
    }
    lines = {line.name: line for line in result.score.lines}
    ratios = tuple(
        RatioRow(
            name=ind.name,
            previous=_format(ind.name, before.get(ind.name)),
            current=_format(ind.name, result.indicators.get(ind.name)),
            band=bandcell_text(ind, result.indicators.get(ind.name)),
            points=lines[ind.name].points if ind.name in lines else 0,
            max_points=ind.max_points,
        )
        for ind in policy.scorecard
        if ind.kind == "quantitative"
    )
    items = tuple(
        ScoreItem(
            name=line.name,
            value=_format(line.name, line.value, _kind(policy.indicator(line.name)) != "定量"),
            points=round(line.points / line.full_points * 10, 2) if line.full_points else 0,
            weight=line.weight,
            weighted=round(line.weighted, 2),
            kind=_kind(policy.indicator(line.name)),
            note=data.five_c.get(line.name, (None, ""))[1],
        )
        for line in result.score.lines
    )
    return ReportContext(
        company=CompanyInfo.from_settings(settings),
        report_no=report_no or f"{data.customer.customer_id}-{data.evaluated_on:%Y%m%d}",
        report_date=data.evaluated_on,
        policy_title=policy.title,
        customer=_customer_info(data),
        previous_period=data.periods[1],
        current_period=data.periods[0],
        financials=tuple(
            FinancialRow(item=label, previous=getattr(previous, f), current=getattr(current, f))
            for label, f in STATEMENT_LINES.items()
        ),
        ratios=ratios,
        payment=_payment(data) + _group_rows(data.customer.customer_id, groups),
        five_c=tuple(i for i in items if i.kind != "定量"),
        score_items=items,
        score=round(result.total, 2),
        grade=result.grade.grade,
        grade_description=result.grade.description,
        term_days=result.term_days,
        limit=result.limit.limit,
        current_limit=data.current_limit,
        limit_methods=tuple(
            LimitMethod(method=s.step, basis=s.detail, figure=s.amount) for s in result.limit.trace
        ),
        conditions=tuple(c for c in result.conditions.rstrip("。").split("；") if c),
        aging=_aging(data),
        warnings=_warnings(data, result),
        conclusion=_conclusion(data, result),
        evaluator=cell_text(info.get("评估人")),
        reviewer="",
    )


def _customer_info(data: EvaluationData) -> CustomerInfo:
    c = data.customer
    capital, founded = data.registered_capital, data.founded
    return CustomerInfo(
        customer_id=c.customer_id,
        name=c.name,
        uscc=c.uscc,
        legal_representative=c.legal_representative,
        registered_capital="" if capital is None else f"{format_money(capital)} 元",
        industry=c.industry,
        founded=f"{founded:%Y年%m月}" if founded else "",
        address=c.address,
        contact=c.contact,
        phone=c.phone,
        salesperson=c.salesperson,
        is_new=c.is_new,
        relationship="新客户" if c.is_new else "老客户",
    )


def _longest(data: EvaluationData) -> int:
    """最长逾期天数 as the payment record (and the workbook's 信用记录) states it."""
    record = data.behaviour()
    return int(record["max_days_overdue"]) if record else 0


def _overdue(data: EvaluationData) -> Decimal:
    """逾期金额 as scored: past due and still open, net of credits (``balances``)."""
    record = data.behaviour()
    return from_fen(int(record["overdue_amount"])) if record else ZERO


def _payment(data: EvaluationData) -> tuple[LabelValue, ...]:
    found = behaviour_indicators(data.behaviour())
    purchases = data.monthly_purchases
    rows = [
        ("预计月采购额", "—" if purchases is None else f"{format_money(purchases)} 元"),
        ("付款准时率", _format("付款准时率", found.get("付款准时率"))),
        ("逾期次数", _format("逾期次数", found.get("逾期次数"))),
        ("当前逾期金额", f"{format_money(_overdue(data))} 元"),
        ("当前最长逾期天数", f"{max(_longest(data), 0)} 天"),
    ]
    return tuple(LabelValue(label=a, value=b) for a, b in rows)


def _group_rows(customer_id: str, groups: Iterable[GroupPosition]) -> tuple[LabelValue, ...]:
    """所属集团, 集团敞口, 集团额度 and 集团可用额度 of the customer's group, if it has one."""
    position = next((g for g in groups if customer_id in g.members), None)
    if position is None:
        return ()
    limit, left = position.group.limit, position.available
    rows = [
        (
            "所属集团",
            position.group.label
            + (f"（{position.group.code}）" if position.group.name and position.group.code else ""),
        ),
        ("集团敞口", f"{format_money(position.exposure)} 元（成员 {'、'.join(position.members)}）"),
        ("集团额度", "未核定" if limit is None else f"{format_money(limit)} 元"),
        (
            "集团可用额度",
            "—"
            if left is None
            else f"{format_money(left)} 元" + ("（集团超额）" if left < 0 else ""),
        ),
    ]
    return tuple(LabelValue(label=a, value=b) for a, b in rows)


def group_positions(
    ledger: pd.DataFrame,
    register: pd.DataFrame,
    groups: Iterable[Group],
    day: dt.date,
    policy: Policy,
) -> tuple[GroupPosition, ...]:
    """Every group's position on ``day`` from the ledger and register, as monitor has it."""
    reviews = review_customers(ledger, register, day, policy)
    return tuple(g.position for g in review_groups(reviews, groups, policy))


def _aging(data: EvaluationData) -> tuple[AgingRow, ...]:
    totals: dict[str, Decimal] = {b.label: ZERO for b in data.policy.aging.due}
    for days, amount in data.open_items():
        label = bucket_label(days, data.policy)
        totals[label] = totals.get(label, ZERO) + amount
    return tuple(AgingRow(bucket=k, amount=v) for k, v in totals.items())


def uscc_finding(code: str) -> str:
    """A finding when a 统一社会信用代码 is given but fails its check ('' when it passes or is
    empty: foreign, Hong Kong and 个体户 customers may have none)."""
    from stdnum.cn import uscc

    code = code.strip()
    if not code or uscc.is_valid(code):
        return ""
    return f"统一社会信用代码「{code}」校验不通过，请核实客户身份后再授信"


def _warnings(data: EvaluationData, result: Assessment) -> tuple[str, ...]:
    found = [uscc_finding(data.customer.uscc)] if uscc_finding(data.customer.uscc) else []
    found += [f"{name}：{text}" for name, text in result.problems.items()]
    found += [f"{name} 缺失，按最差档计分" for name in result.score.missing]
    found += statement_findings(data)
    longest = _longest(data)
    term = result.term_days
    limit = data.policy.monitoring.overdue_term_pct
    if term and longest > term * float(limit):
        found.append(f"最长逾期 {longest} 天，超过信用期限 {term} 天的 {float(limit):.0%}")
    return tuple(found)


def statement_findings(data: EvaluationData) -> tuple[str, ...]:
    """What the current statement says that the approver must see: 资不抵债, and amounts
    that look like the wrong unit (against 注册资本 and our own invoicing)."""
    current = data.statements[0]
    found = []
    if insolvent(current) and current.equity is not None:
        equity = format_money(current.equity)
        found.append(f"资不抵债：所有者权益合计 {equity} 元为负，负债超过资产")
    found += unit_doubts(current, data.registered_capital, _sales_12m(data))
    return tuple(found)


def _conclusion(data: EvaluationData, result: Assessment) -> str:
    grade = result.grade
    described = grade.description.rstrip("。；，")  # a full stop inside （…） doubles the 。
    text = (
        f"综合评分 {result.total:.1f} 分，评定为 {grade.grade} 级"
        f"{'（' + described + '）' if described else ''}。"
    )
    if grade.cash_only:
        return text + "建议采用现款交易，不授予信用额度。"
    text += (
        f"建议信用额度 {format_money(result.limit.limit)} 元（{_upper(result.limit.limit)}），"
        f"信用期限 {result.term_days} 天"
    )
    if result.guarantee_required:
        text += "，并须提供担保"
    elif result.grade.guarantee_optional:
        text += "，可要求提供担保"
    left_out = result.limit.left_out
    counted = [m for m in result.limit.insufficient if m not in left_out]
    if left_out:
        text += f"；{'、'.join(left_out)}资料不足，未计算，新客户不计入"
    if counted:
        text += f"；{'、'.join(counted)}资料不足，未计算，按 0 计"
    return text + "。"


def _upper(amount: Decimal) -> str:
    from creditbook.core.money import rmb_upper

    return rmb_upper(amount)


def approval_context(
    data: EvaluationData,
    result: Assessment,
    settings: Settings,
    request_type: str = "新增",
    requested_limit: Decimal | None = None,
    expiry: dt.date | None = None,
    form_no: str = "",
) -> ApprovalContext:
    """信用额度审批表: the chain follows the policy's tiers for the highest limit on the form
    (申请, 评估建议, the workbook's 核定信用额度), as the workbook's 审批 sheet does
    (``core.assessment.approval_chain``); 现有 is the workbook's 现有信用额度."""
    if request_type not in ("新增", "调整", "临时"):
        raise InvalidValue(f"申请类型应为 新增/调整/临时, not {request_type!r}")
    requested = _requested(requested_limit)
    requested = requested if requested is not None else result.limit.limit
    chain = approval_chain(data.policy, result.limit.limit, requested, data.approved_limit)
    if request_type == "临时":  # the requested amount is the temporary amount
        if requested_limit is None:
            raise InvalidValue("临时额度申请须注明金额 --requested（the temporary amount）")
        base = next(
            (v for v in (data.current_limit, data.approved_limit) if v is not None),
            result.limit.limit,
        )
        problems = temporary_request_problems(
            requested, base, data.evaluated_on, expiry, data.policy
        )
        if problems:
            raise InvalidValue("；".join(problems))
        chain = data.policy.temporary_chain(requested)
    return ApprovalContext(
        company=CompanyInfo.from_settings(settings),
        form_no=form_no or f"{data.customer.customer_id}-{data.evaluated_on:%Y%m%d}",
        form_date=data.evaluated_on,
        request_type=request_type,  # type: ignore[arg-type]
        expiry=expiry,
        customer=_customer_info(data),
        sales_12m=_sales_12m(data),
        current_limit=data.current_limit if request_type != "新增" else None,
        requested_limit=requested,
        recommended_limit=result.limit.limit,
        current_term=None,
        requested_term=result.term_days,
        recommended_term=result.term_days,
        receivables=sum((a for _d, a in data.open_items()), ZERO),
        overdue=_overdue(data),
        max_days_overdue=max(_longest(data), 0),
        score=round(result.total, 2),
        grade=result.grade.grade,
        guarantees="须提供担保"
        if result.guarantee_required
        else "可要求提供担保"
        if result.grade.guarantee_optional
        else "无",
        reasons=" ".join(
            filter(
                None,
                (
                    _conclusion(data, result),
                    uscc_finding(data.customer.uscc),
                    *(f"{finding}。" for finding in statement_findings(data)),
                ),
            )
        ),
        chain=tuple(ApprovalStep(role=role) for role in chain),
    )


def _requested(value: object) -> Decimal | None:
    """申请额度 as an amount; a negative or zero request is refused (None: not given)."""
    if value is None:
        return None
    amount = money(value)
    if amount <= 0:
        shown = format_money(amount)
        raise InvalidValue(f"申请额度须大于 0 the requested limit must be more than 0: {shown}")
    return amount


def _sales_12m(data: EvaluationData) -> Decimal | None:
    """Invoiced in the twelve months to the evaluation date; None when the workbook has no
    sales record (the form says 无 · 资料不足 rather than inventing a figure from 预计月采购额)."""
    lines = data.record_lines
    if lines.empty:
        return None
    end = pd.Timestamp(data.as_of)
    start = end - pd.DateOffset(months=12)
    window = lines[(lines["invoice_date"] > start) & (lines["invoice_date"] <= end)]
    return from_fen(int(window["amount"].sum()))


def generate_report(
    evaluation: str | Path,
    out: str | Path,
    *,
    settings: Settings | None = None,
    pdf: bool = False,
    force: bool = False,
    templates_dir: str | Path | None = None,
    archive_head: str = "",
    books: tuple[pd.DataFrame, pd.DataFrame, Iterable[Group]] | None = None,
) -> DocumentFiles:
    """客户信用评估报告 from an evaluation workbook; ``archive_head`` is the credit archive's
    head when it was generated (``archive verify --expect-head`` checks it later). With
    ``books`` (ledger, register, the 集团 sheet) the report shows the customer's group, its
    exposure and limit on the evaluation date."""
    from creditbook.workbooks.evaluation import read_evaluation

    settings = settings or Settings()
    data = read_evaluation(evaluation)
    found = group_positions(*books, data.evaluated_on, data.policy) if books else ()
    context = report_context(data, evaluate(data), settings, groups=found)
    context = context.model_copy(update={"archive_head": archive_head})
    return write_document("report", context, out, pdf=pdf, force=force, templates_dir=templates_dir)


def generate_approval(
    evaluation: str | Path,
    out: str | Path,
    *,
    settings: Settings | None = None,
    request_type: str = "新增",
    requested_limit: object = None,
    expiry: dt.date | None = None,
    pdf: bool = False,
    force: bool = False,
    templates_dir: str | Path | None = None,
    archive_head: str = "",
) -> DocumentFiles:
    """信用额度审批表 from an evaluation workbook (``archive_head`` as for the report)."""
    from creditbook.workbooks.evaluation import read_evaluation

    settings = settings or Settings()
    requested = _requested(requested_limit)  # refused before the workbook is read
    data = read_evaluation(evaluation)
    context = approval_context(data, evaluate(data), settings, request_type, requested, expiry)
    context = context.model_copy(update={"archive_head": archive_head})
    return write_document(
        "approval", context, out, pdf=pdf, force=force, templates_dir=templates_dir
    )
