"""Contact and collection log (客户联系记录) and the yearly satisfaction survey (满意度调查)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from creditbook.core.models import Customer, Invoice
from creditbook.sample.company import SELLER, person_name

SURVEY_DIMENSIONS = ("产品质量", "服务质量", "价格", "交付", "公司评价")
SURVEY_TARGET = 4.0  # 公司规定的满意度目标 (每项平均分)
# Mean score per dimension; 交付 (delivery) sits below the target on purpose.
_SURVEY_MEANS = {"产品质量": 4.4, "服务质量": 4.2, "价格": 4.2, "交付": 3.3, "公司评价": 4.3}
_COMMENTS = (
    "",
    "",
    "",
    "交货期偶有延误，希望加强生产计划协调。",
    "希望价格能有一定优惠。",
    "产品质量稳定，售后响应及时。",
    "物流到货时间不稳定，建议增加备货。",
    "技术支持很专业。",
    "对账单希望按月准时提供。",
    "交付周期偏长，旺季尤为明显。",
)


@dataclass(frozen=True)
class ContactEntry:
    """One line of the contact/collection log (客户联系与催收记录)."""

    date: dt.date
    customer_id: str
    customer_name: str
    method: str  # 电话 / 上门拜访 / 发函 / 微信 / 电子邮件
    purpose: str  # 催收 / 对账 / 客户回访 / 满意度调查 / 法律程序
    contact: str
    staff: str
    content: str
    promised_date: dt.date | None = None
    promised_amount: Decimal | None = None
    outcome: str = ""
    invoice_no: str = ""  # the invoice a dispute (事由 争议) is about
    dispute_reason: str = ""


@dataclass(frozen=True)
class SurveyResponse:
    """One returned 顾客满意度调查表: scores 1–5 per dimension."""

    survey_date: dt.date
    customer_id: str
    customer_name: str
    respondent: str
    scores: tuple[int, ...]  # in SURVEY_DIMENSIONS order
    comment: str = ""


def _late_payment_calls(
    rng: random.Random, customer: Customer, invoices: list[Invoice], as_of: dt.date
) -> list[ContactEntry]:
    """A reminder call for late payments; the promise is kept when the money came soon after."""
    entries = []
    for invoice in invoices:
        call = invoice.due_date + dt.timedelta(days=rng.randint(3, 8))
        paid = invoice.paid_date if invoice.open_amount == 0 else None
        if invoice.amount <= 0 or call > as_of or (paid and paid <= call):
            continue
        if rng.random() < (0.5 if paid is None else 0.6):
            continue
        promised = call + dt.timedelta(days=rng.randint(5, 15))
        kept = paid is not None and paid <= promised + dt.timedelta(days=3)
        outcome = "已按承诺付款" if kept else "未按承诺付款" if promised <= as_of else "已承诺付款"
        entries.append(
            ContactEntry(
                call,
                customer.customer_id,
                customer.name,
                "电话",
                "催收",
                customer.contact,
                SELLER.ar_accountant,
                f"提醒单据 {invoice.invoice_no} 已到期，金额 {invoice.amount:,.2f} 元。",
                promised,
                invoice.open_amount if paid is None else invoice.amount,
                outcome,
            )
        )
    return entries


def _dunning_trail(customer: Customer, oldest: Invoice, as_of: dt.date) -> list[ContactEntry]:
    """Calls, letters, a visit and the legal referral that the oldest open invoice earned."""
    steps = (
        (5, "电话", "催收", "电话提醒付款，客户称资金周转中。", "已承诺付款"),
        (33, "发函", "催收", "寄送催款函（EMS），要求十日内付清。", "客户已签收"),
        (50, "上门拜访", "催收", "销售人员上门催收，与财务负责人核对欠款。", "部分回款承诺"),
        (95, "发函", "催收", "寄送最后催告函，通知暂停供货。", "未付款"),
        (185, "发函", "法律程序", "移交法务部，准备起诉材料并申请财产保全。", "移交法务"),
    )
    entries = []
    for days, method, purpose, content, outcome in steps:
        day = oldest.due_date + dt.timedelta(days=days)
        if day > as_of:
            break
        staff = SELLER.legal_department if purpose == "法律程序" else SELLER.ar_accountant
        if method == "上门拜访":
            staff = customer.salesperson
        entries.append(
            ContactEntry(
                day,
                customer.customer_id,
                customer.name,
                method,
                purpose,
                customer.contact,
                staff,
                content,
                outcome=outcome,
            )
        )
    return entries


def _visits(rng: random.Random, customer: Customer, first: dt.date, as_of: dt.date):
    day = first + dt.timedelta(days=rng.randint(20, 60))
    while day <= as_of:
        yield ContactEntry(
            day,
            customer.customer_id,
            customer.name,
            rng.choice(("上门拜访", "上门拜访", "电话", "微信")),
            "客户回访",
            customer.contact,
            customer.salesperson,
            rng.choice(
                (
                    "了解下季度采购计划。",
                    "沟通新产品选型与报价。",
                    "核对上月对账单，无差异。",
                    "收集产品使用意见。",
                )
            ),
            outcome="已完成",
        )
        day += dt.timedelta(days=rng.randint(120, 200))


def build_contacts(
    rng: random.Random, customer: Customer, invoices: list[Invoice], as_of: dt.date
) -> list[ContactEntry]:
    """The whole log for one customer, in date order."""
    entries = _late_payment_calls(rng, customer, invoices, as_of)
    overdue = [i for i in invoices if i.open_amount > 0 and i.due_date < as_of]
    if overdue:
        entries += _dunning_trail(customer, min(overdue, key=lambda i: i.due_date), as_of)
    if invoices:
        entries += _visits(rng, customer, invoices[0].invoice_date, as_of)
    return sorted(entries, key=lambda e: (e.date, e.method))


def build_survey(rng: random.Random, customer: Customer, when: dt.date) -> SurveyResponse:
    """One response; scores scatter around each dimension's mean."""
    scores = tuple(
        max(1, min(5, round(rng.gauss(_SURVEY_MEANS[d], 0.7)))) for d in SURVEY_DIMENSIONS
    )
    return SurveyResponse(
        when, customer.customer_id, customer.name, person_name(rng), scores, rng.choice(_COMMENTS)
    )
