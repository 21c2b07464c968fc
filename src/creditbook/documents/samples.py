"""Sample contexts for every document kind: previews, template checks and tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from pydantic import BaseModel

from creditbook.core.interest import (
    InterestTerms,
    interest_wording,
    late_payment_interest,
    load_lpr,
)
from creditbook.core.policy import preset
from creditbook.documents.contexts import (
    AgingRow,
    ApprovalContext,
    ApprovalStep,
    ChangeRow,
    CompanyInfo,
    CorrectiveAction,
    CustomerInfo,
    DimensionRow,
    EarlierLetter,
    FinancialRow,
    InterestRow,
    InvoiceLine,
    LabelValue,
    LetterContext,
    LimitMethod,
    NoticeContext,
    RatioRow,
    ReportContext,
    ScoreItem,
    SurveyContext,
)
from creditbook.documents.letters import interest_rows, interest_terms
from creditbook.settings import Settings

AS_OF = dt.date(2026, 11, 30)
HOSTILE_NAME = "A&B <有限> {{x}} 公司 𠮷 😀 {% raw %}"


def company() -> CompanyInfo:
    return CompanyInfo.from_settings(Settings())


def customer(name: str = "杭州明远机电设备有限公司") -> CustomerInfo:
    return CustomerInfo(
        customer_id="C0012",
        name=name,
        uscc="91330106MA2CFK8T4X",
        legal_representative="陈志明",
        registered_capital="人民币 2,000 万元",
        industry="通用设备制造业",
        founded="2012年3月",
        address="浙江省杭州市西湖区文一西路 998 号",
        contact="刘建国（采购部经理）",
        phone="0571-8812 3456",
        salesperson="张伟",
        relationship="自 2019 年起合作，年均采购约 380 万元",
    )


def letter(kind: str = "demand", name: str = "杭州明远机电设备有限公司") -> LetterContext:
    lines = (
        InvoiceLine(
            invoice_no="XS20260712-031",
            invoice_date=dt.date(2026, 7, 12),
            due_date=dt.date(2026, 8, 26),
            amount=D("18650.00"),
            paid=D("5000.00"),
            days_overdue=96,
        ),
        InvoiceLine(
            invoice_no="XS20260803-007",
            invoice_date=dt.date(2026, 8, 3),
            due_date=dt.date(2026, 9, 17),
            amount=D("12128.27"),
            days_overdue=74,
        ),
        InvoiceLine(
            invoice_no="XS20260905-112",
            invoice_date=dt.date(2026, 9, 5),
            due_date=dt.date(2026, 10, 20),
            amount=D("5000.00"),
            days_overdue=41,
        ),
        InvoiceLine(
            invoice_no="XS20261002-015",
            invoice_date=dt.date(2026, 10, 2),
            due_date=dt.date(2026, 11, 16),
            amount=D("3000.00"),
            days_overdue=14,
        ),
        InvoiceLine(
            invoice_no="HZ20261105-002",
            invoice_date=dt.date(2026, 11, 5),
            due_date=dt.date(2026, 11, 5),
            amount=D("-3000.00"),
            days_overdue=0,
            note="贷项冲减",
        ),
    )
    stages = {"reminder": "付款提醒", "demand": "催款", "final": "最后催告"}
    settings = Settings()
    s = settings.letters
    sent = {
        "reminder": (),
        "demand": (EarlierLetter(date=dt.date(2026, 9, 25), title="付款提醒函", number=_no(3)),),
        "final": (
            EarlierLetter(date=dt.date(2026, 10, 31), title="催款函", number=_no(41)),
            EarlierLetter(date=dt.date(2026, 9, 25), title="付款提醒函", number=_no(3)),
        ),
    }[kind]
    return LetterContext(
        kind=kind,  # type: ignore[arg-type]
        stage=stages[kind],
        letter_no="华瑞财函〔2026〕0001号",
        letter_date=AS_OF,
        as_of=AS_OF,
        company=company(),
        customer_id="C0012",
        customer_name=name,
        contact="刘建国",
        address="浙江省杭州市西湖区文一西路 998 号",
        phone="0571-8812 3456",
        invoices=lines,
        payment_deadline=AS_OF + dt.timedelta(days=s.payment_deadline_days),
        objection_days=s.objection_days,
        contract_text=s.contract_text,
        interest_text=interest_wording(interest_terms(settings)),
        legal_text=s.legal_text,
        earlier=sent,
        interest=_sample_interest(lines) if kind == "final" else (),
        interest_to=AS_OF if kind == "final" else None,
    )


def _no(sequence: int) -> str:
    return f"华瑞财函〔2026〕{sequence:04d}号"


def _sample_interest(lines: tuple[InvoiceLine, ...]) -> tuple[InterestRow, ...]:
    """The 逾期付款损失 of the sample invoices, the credit applied to the oldest first (as
    ``letters.case_interest`` does)."""
    credit = -sum((i.open for i in lines if i.note), D(0))
    owed = []
    for i in (i for i in lines if not i.note):
        applied = min(credit, i.open)
        credit -= applied
        owed.append((i.invoice_no, i.due_date, i.open - applied))
    return interest_rows(late_payment_interest(owed, AS_OF, InterestTerms(), load_lpr()))


def report(name: str = "杭州明远机电设备有限公司") -> ReportContext:
    return ReportContext(
        company=company(),
        report_no="华瑞信评〔2026〕0045号",
        report_date=AS_OF,
        policy_title=preset("abc").title,
        customer=customer(name),
        previous_period="2024年度",
        current_period="2025年度",
        financials=tuple(
            FinancialRow(item=item, previous=D(previous), current=D(current))
            for item, previous, current in (
                ("资产总计", "48650000", "52380000"),
                ("负债合计", "27240000", "28290000"),
                ("流动资产合计", "31200000", "34060000"),
                ("流动负债合计", "20800000", "21290000"),
                ("存货", "9360000", "10120000"),
                ("应收账款", "11450000", "12010000"),
                ("营业收入", "68900000", "75350000"),
                ("净利润", "3620000", "4180000"),
                ("所有者权益合计", "21410000", "24090000"),
            )
        ),
        ratios=(
            RatioRow(
                name="资产负债率", previous="56.0%", current="54.0%", band="40%–55%", points=8
            ),
            RatioRow(name="流动比率", previous="1.50", current="1.60", band="1.5–2.0", points=8),
            RatioRow(name="速动比率", previous="1.05", current="1.12", band="≥ 1.0", points=10),
            RatioRow(
                name="应收账款周转天数", previous="58.2", current="56.1", band="45–60", points=8
            ),
            RatioRow(name="销售净利率", previous="5.3%", current="5.5%", band="3%–8%", points=7),
            RatioRow(
                name="净资产收益率", previous="17.8%", current="18.3%", band="≥ 12%", points=10
            ),
            RatioRow(
                name="付款准时率", previous="88.0%", current="91.7%", band="90%–95%", points=9
            ),
        ),
        payment=(
            LabelValue(label="近 12 个月销售额", value="3,862,400.00"),
            LabelValue(label="付款准时率", value="91.7%"),
            LabelValue(label="逾期次数", value="2 次"),
            LabelValue(label="当前逾期金额", value="30,778.27"),
            LabelValue(label="最长逾期天数", value="96 天"),
        ),
        five_c=tuple(
            ScoreItem(name=n, note=note, value=v, points=p, weight=5, weighted=w, kind="5C")
            for n, note, v, p, w in (
                ("品质", "合作七年，守约记录良好", "4", 8, 4),
                ("能力", "主营突出，经营现金流为正", "4", 8, 4),
                ("资本", "净资产约 2,400 万元", "3", 6, 3),
                ("抵押", "可提供股东连带责任保证", "3", 6, 3),
                ("条件", "行业景气一般，区域竞争加剧", "4", 8, 4),
            )
        ),
        score_items=(
            ScoreItem(name="资产负债率", value="54.0%", points=8, weight=10, weighted=8),
            ScoreItem(name="流动比率", value="1.60", points=8, weight=8, weighted=6.4),
            ScoreItem(name="速动比率", value="1.12", points=10, weight=7, weighted=7),
            ScoreItem(name="应收账款周转天数", value="56.1", points=8, weight=7, weighted=5.6),
            ScoreItem(name="付款准时率", value="91.7%", points=9, weight=15, weighted=13.5),
            ScoreItem(name="品质", value="4", points=8, weight=5, weighted=4, kind="5C"),
            ScoreItem(name="资本", value="3", points=6, weight=5, weighted=3, kind="5C"),
        ),
        score=78.6,
        grade="B",
        grade_description="信用良好，给予标准信用期限与额度",
        term_days=45,
        limit=D("480000"),
        current_limit=D("400000"),
        limit_methods=(
            LimitMethod(
                method="需求法",
                basis="月均销售额 321,866.67 × 45/30 × 系数 1.0",
                figure=D("482800.00"),
            ),
            LimitMethod(
                method="净资产比例法",
                basis="净资产 24,090,000 × 5% × 系数 1.0",
                figure=D("1204500.00"),
            ),
            LimitMethod(
                method="取值规则", basis="取各方法最小值，向下取整至 1,000", figure=D("480000")
            ),
        ),
        conditions=("按月对账，逾期超过 30 天暂停发货", "额度每 12 个月复核一次"),
        aging=(
            AgingRow(bucket="未到期", amount=D("286400.00")),
            AgingRow(bucket="1-30天", amount=D("0")),
            AgingRow(bucket="31-60天", amount=D("5000.00")),
            AgingRow(bucket="61-90天", amount=D("12128.27")),
            AgingRow(bucket="91-180天", amount=D("13650.00")),
        ),
        warnings=("存在逾期 96 天的单据，超过信用期限的 50%",),
        conclusion=(
            "该客户经营稳定，偿债能力良好，付款记录总体正常，建议评定为 B 级，"
            "信用额度调整为 480,000.00 元，信用期限 45 天，并督促其结清逾期款项。"
        ),
        evaluator="李敏",
        reviewer="周涛",
    )


def approval(name: str = "杭州明远机电设备有限公司") -> ApprovalContext:
    return ApprovalContext(
        company=company(),
        form_no="华瑞信审〔2026〕0045号",
        form_date=AS_OF,
        request_type="调整",
        customer=customer(name),
        sales_12m=D("3862400.00"),
        current_limit=D("400000"),
        requested_limit=D("600000"),
        recommended_limit=D("480000"),
        current_term=45,
        requested_term=60,
        recommended_term=45,
        receivables=D("317178.27"),
        overdue=D("30778.27"),
        max_days_overdue=96,
        score=78.6,
        grade="B",
        guarantees="无（B 级客户无需担保）",
        reasons="客户 2026 年新增产线，月采购量预计增长 30%，申请提高信用额度与期限。",
        chain=tuple(ApprovalStep(role=r) for r in preset("abc").approval_chain(D("480000"))),
    )


def notice(name: str = "杭州明远机电设备有限公司") -> NoticeContext:
    return NoticeContext(
        company=company(),
        notice_no="华瑞信调〔2026〕0012号",
        notice_date=AS_OF,
        effective_date=AS_OF + dt.timedelta(days=1),
        customer_id="C0012",
        customer_name=name,
        contact="刘建国",
        address="浙江省杭州市西湖区文一西路 998 号",
        changes=(
            ChangeRow(item="信用等级", before="A", after="B"),
            ChangeRow(item="信用额度（元）", before="600,000.00", after="400,000.00"),
            ChangeRow(item="信用期限（天）", before="60", after="45"),
        ),
        actions=("逾期款项结清前暂停新订单发货", "新订单须提供银行承兑汇票或预付 30% 货款"),
        reasons=("应收账款最长逾期 96 天，超过信用期限的 50%", "近 12 个月付款准时率降至 82%"),
    )


def survey() -> SurveyContext:
    dims = (
        ("产品质量", 4.42, 43),
        ("交货及时性", 3.71, 43),
        ("价格合理性", 3.86, 42),
        ("售后服务", 4.08, 43),
        ("技术支持", 3.64, 41),
        ("沟通响应", 4.15, 43),
    )
    return SurveyContext(
        company=company(),
        report_no="华瑞质〔2026〕0003号",
        report_date=AS_OF,
        period="2026年度",
        sent=50,
        returned=43,
        dimensions=tuple(
            DimensionRow(name=n, average=a, target=4.0, responses=r) for n, a, r in dims
        ),
        actions=(
            CorrectiveAction(
                dimension="交货及时性",
                action="推行周滚动排产，关键物料安全库存提高至 2 周",
                owner="生产计划部",
                due=dt.date(2027, 3, 31),
            ),
            CorrectiveAction(
                dimension="价格合理性",
                action="对主要客户开展年度价格复核，推出阶梯价格方案",
                owner="销售部",
                due=dt.date(2027, 2, 28),
            ),
            CorrectiveAction(
                dimension="技术支持",
                action="设立区域技术服务工程师，24 小时内响应现场需求",
                owner="技术服务部",
                due=dt.date(2027, 4, 30),
            ),
        ),
        comments=("希望缩短非标件交货周期", "技术资料可提供电子版"),
        prepared_by="质量管理部 赵静",
    )


def sample(kind: str, name: str | None = None) -> BaseModel:
    """The sample context of a document kind; ``name`` replaces the customer name."""
    named = {"name": name} if name else {}
    if kind in ("reminder", "demand", "final"):
        return letter(kind, **named)
    if kind == "survey":
        return survey()
    return {"report": report, "approval": approval, "notice": notice}[kind](**named)


def sample_for(kind: str, settings: Settings) -> BaseModel:
    """The sample context of a kind, with the company from ``settings``."""
    context = sample(kind)
    return context.model_copy(update={"company": CompanyInfo.from_settings(settings)})
