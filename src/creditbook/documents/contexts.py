"""What each document template may use: one pydantic context model per document kind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from creditbook.core.money import round_fen
from creditbook.settings import Settings

LetterKind = Literal["reminder", "demand", "final"]
LETTER_TITLES: dict[str, str] = {
    "reminder": "付款提醒函",
    "demand": "催款函",
    "final": "最后催告函",
}


class _Context(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CompanyInfo(_Context):
    """本公司 (the issuer): letterhead, bank details, signature block."""

    name: str
    address: str = ""
    postcode: str = ""
    phone: str = ""
    contact: str = ""
    contact_phone: str = ""
    email: str = ""
    bank_name: str = ""
    bank_account: str = ""
    payee: str = ""
    legal_department: str = "法务部"
    draft: bool = False  # 样稿: the settings are missing or still the shipped example

    @classmethod
    def from_settings(cls, settings: Settings) -> CompanyInfo:
        c = settings.company
        data = c.model_dump(exclude={"account_name"})
        return cls(**data, payee=c.payee, draft=settings.is_draft)


class InvoiceLine(_Context):
    """A row of a letter's invoice table (单据号 … 逾期天数). A credit that reduces the
    amount owed (贷项冲减, 未核销收款) has a negative open amount and says so in ``note``."""

    invoice_no: str
    invoice_date: dt.date
    due_date: dt.date
    amount: Decimal
    paid: Decimal = Decimal("0.00")
    days_overdue: int = Field(ge=0)
    note: str = ""

    @computed_field
    @property
    def open(self) -> Decimal:
        return round_fen(self.amount - self.paid)


class DisputedInvoice(_Context):
    """An overdue invoice the customer disputes: listed apart, not in ``amount_owed``."""

    invoice_no: str
    invoice_date: dt.date
    due_date: dt.date
    open: Decimal
    reason: str = ""
    since: dt.date | None = None


class EarlierLetter(_Context):
    """A letter already sent to the customer, from the 发文登记簿."""

    date: dt.date
    title: str
    number: str


class InterestRow(_Context):
    """逾期付款损失 of one invoice: principal, from when, how many days, at what rate."""

    invoice_no: str
    principal: Decimal
    start: dt.date
    days: int
    rate: str  # e.g. 'LPR 3.35% 加计 50%，年利率 5.025%'
    amount: Decimal | None = None
    note: str = ""


class LetterContext(_Context):
    """付款提醒函 / 催款函 / 最后催告函 for one customer at its highest dunning stage.

    ``amount_owed`` is what the letter demands: the table's open amounts (overdue invoices
    less credits, ``lines_total``) less ``held``, the part an open promise to pay holds back
    (``held_text`` says which). Invoices under dispute are in ``disputed``, apart and never
    in ``amount_owed``; ``broken_text`` cites a promise the customer broke. ``earlier`` lists
    the letters already sent (none: the letter claims none). The interest rows, when
    computed, are a separate claim and never part of ``amount_owed``.
    """

    kind: LetterKind
    stage: str
    letter_no: str
    letter_date: dt.date
    as_of: dt.date
    company: CompanyInfo
    customer_id: str
    customer_name: str
    contact: str = ""
    address: str = ""
    phone: str = ""
    invoices: tuple[InvoiceLine, ...]
    payment_deadline: dt.date
    objection_days: int
    contract_text: str = ""
    interest_text: str = ""
    legal_text: str = ""
    earlier: tuple[EarlierLetter, ...] = ()
    interest: tuple[InterestRow, ...] = ()
    interest_to: dt.date | None = None
    held: Decimal = Decimal("0.00")
    held_text: str = ""
    broken_text: str = ""
    disputed: tuple[DisputedInvoice, ...] = ()

    @computed_field
    @property
    def title(self) -> str:
        return LETTER_TITLES[self.kind]

    @computed_field
    @property
    def lines_total(self) -> Decimal:
        return round_fen(sum((i.open for i in self.invoices), Decimal("0")))

    @computed_field
    @property
    def disputed_total(self) -> Decimal:
        return round_fen(sum((d.open for d in self.disputed), Decimal("0")))

    @computed_field
    @property
    def earlier_text(self) -> str:
        """'我司已于2026年10月31日发出《催款函》（…号），' ('' when none was sent)."""
        if not self.earlier:
            return ""
        sent = "、于".join(
            f"{e.date.year}年{e.date.month}月{e.date.day}日发出《{e.title}》（{e.number}）"
            for e in self.earlier
        )
        return f"我司已于{sent}，"

    @computed_field
    @property
    def interest_total(self) -> Decimal:
        return round_fen(sum((r.amount for r in self.interest if r.amount is not None), Decimal(0)))

    @computed_field
    @property
    def amount_owed(self) -> Decimal:
        return round_fen(self.lines_total - self.held)

    @computed_field
    @property
    def max_days_overdue(self) -> int:
        return max((i.days_overdue for i in self.invoices), default=0)


class CustomerInfo(_Context):
    """客户基本信息 on the evaluation report and approval form."""

    customer_id: str
    name: str
    uscc: str = ""
    legal_representative: str = ""
    registered_capital: str = ""
    industry: str = ""
    founded: str = ""
    address: str = ""
    contact: str = ""
    phone: str = ""
    salesperson: str = ""
    is_new: bool = False
    relationship: str = ""  # 合作年限 / 合作情况


class FinancialRow(_Context):
    """财务摘要: one line item over two periods."""

    item: str
    previous: Decimal | None = None
    current: Decimal | None = None


class RatioRow(_Context):
    """A ratio against the policy's bands (值 and the band that earned the points)."""

    name: str
    previous: str = ""
    current: str
    band: str = ""
    points: float = 0
    max_points: float = 10


class ScoreItem(_Context):
    """A line of the score breakdown (评分明细), quantitative or 5C."""

    name: str
    value: str
    points: float
    weight: float
    weighted: float
    kind: str = "定量"
    note: str = ""  # 评分依据 (5C)


class LabelValue(_Context):
    label: str
    value: str


class LimitMethod(_Context):
    """A limit method's trace: its figure and how it was reached."""

    method: str
    basis: str = ""
    figure: Decimal | None = None
    note: str = ""


class AgingRow(_Context):
    bucket: str
    amount: Decimal


class ReportContext(_Context):
    """客户信用评估报告."""

    company: CompanyInfo
    report_no: str
    report_date: dt.date
    policy_title: str
    customer: CustomerInfo
    previous_period: str
    current_period: str
    financials: tuple[FinancialRow, ...]
    ratios: tuple[RatioRow, ...]
    payment: tuple[LabelValue, ...]
    five_c: tuple[ScoreItem, ...]
    score_items: tuple[ScoreItem, ...]
    score: float
    grade: str
    grade_description: str = ""
    term_days: int
    limit: Decimal
    current_limit: Decimal | None = None
    limit_methods: tuple[LimitMethod, ...]
    conditions: tuple[str, ...] = ()
    aging: tuple[AgingRow, ...] = ()
    warnings: tuple[str, ...] = ()
    conclusion: str
    evaluator: str = ""
    reviewer: str = ""
    archive_head: str = ""  # 档案链头: the credit archive's head hash when this was generated


class ApprovalStep(_Context):
    role: str


class ApprovalContext(_Context):
    """信用额度审批表."""

    company: CompanyInfo
    form_no: str
    form_date: dt.date
    request_type: Literal["新增", "调整", "临时"]
    expiry: dt.date | None = None  # 临时额度到期日
    customer: CustomerInfo
    sales_12m: Decimal | None  # None: no sales record in the workbook (无 · 资料不足)
    current_limit: Decimal | None = None
    requested_limit: Decimal
    recommended_limit: Decimal
    current_term: int | None = None
    requested_term: int
    recommended_term: int
    receivables: Decimal
    overdue: Decimal
    max_days_overdue: int = 0
    score: float
    grade: str
    guarantees: str = "无"
    reasons: str
    chain: tuple[ApprovalStep, ...]
    archive_head: str = ""  # 档案链头: the credit archive's head hash when this was generated


class ChangeRow(_Context):
    item: str
    before: str
    after: str


class NoticeContext(_Context):
    """信用调整通知书 from the monitor's recommendations."""

    company: CompanyInfo
    notice_no: str
    notice_date: dt.date
    effective_date: dt.date
    customer_id: str
    customer_name: str
    contact: str = ""
    address: str = ""
    changes: tuple[ChangeRow, ...]
    actions: tuple[str, ...] = ()
    reasons: tuple[str, ...]
    objection_days: int = 7


class DimensionRow(_Context):
    name: str
    average: float
    target: float
    responses: int = 0

    @computed_field
    @property
    def gap(self) -> float:
        return round(self.average - self.target, 2)

    @computed_field
    @property
    def below(self) -> bool:
        return self.average < self.target


class CorrectiveAction(_Context):
    dimension: str
    action: str
    owner: str = ""
    due: dt.date | None = None


class SurveyContext(_Context):
    """顾客满意度调查分析报告."""

    company: CompanyInfo
    report_no: str
    report_date: dt.date
    period: str
    scale: int = 5
    sent: int
    returned: int
    dimensions: tuple[DimensionRow, ...]
    actions: tuple[CorrectiveAction, ...] = ()
    comments: tuple[str, ...] = ()
    prepared_by: str = ""

    @computed_field
    @property
    def response_rate(self) -> float:
        return self.returned / self.sent if self.sent else 0.0

    @computed_field
    @property
    def overall(self) -> float:
        weights = [max(d.responses, 1) for d in self.dimensions]
        total = sum(d.average * w for d, w in zip(self.dimensions, weights, strict=True))
        return round(total / sum(weights), 2) if weights else 0.0

    @computed_field
    @property
    def below_target(self) -> tuple[DimensionRow, ...]:
        return tuple(d for d in self.dimensions if d.below)


CONTEXTS: dict[str, type[_Context]] = {
    "report": ReportContext,
    "approval": ApprovalContext,
    "reminder": LetterContext,
    "demand": LetterContext,
    "final": LetterContext,
    "notice": NoticeContext,
    "survey": SurveyContext,
}
