"""The sample credit register: each customer's last evaluation under the abc policy.

Grade, term and limit come from ``assess()`` over the customer's statements, its judged
items, the payment record it had at that review (from its payment habit) and its expected
monthly purchases — the register is what the policy gives, not figures of its own.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from creditbook.core.assessment import Assessment, assess
from creditbook.core.exposure import Group
from creditbook.core.models import Customer, RegisterEntry, Statement
from creditbook.sample.ledger import HABITS

POLICY = "abc"
INVOICE_SIZE = 220_000  # a typical invoice, as the ledger simulation draws them
# Warning flags and register status of a few customers (seeds 2 and 5: 预警信号).
FLAGS: dict[str, frozenset[str]] = {
    "KH0020": frozenset({"被其他供应商追讨"}),
    "KH0025": frozenset({"经营亏损", "资金链紧张"}),
    "KH0026": frozenset({"资金链紧张", "重大诉讼", "被其他供应商追讨"}),
    "KH0027": frozenset({"经营亏损"}),
    "KH0028": frozenset({"失信被执行", "经营亏损"}),
}
SUSPENDED = frozenset({"KH0026", "KH0028"})
# Customers whose review date has passed by the demo date (复核逾期).
REVIEW_OVERDUE = {"KH0004": 390, "KH0011": 220, "KH0018": 140}
_EVALUATED_DAYS_AGO = {"A": (220, 320), "B": (60, 170), "C": (30, 85)}
# One group of three customers (集团客户), each within its own limit on the demo date and
# together over the group's limit; members name the group by its name or by its code.
GROUP = Group("华辰控股集团", "JT001", Decimal("1200000.00"), dt.date(2026, 6, 30))
GROUP_MEMBERS = {"KH0001": "华辰控股集团", "KH0009": "JT001", "KH0014": "华辰控股集团"}
# A temporary limit for the peak season that ended in the demo month (2026-11-15), the
# balance still above the base limit: 90 days, both counted; 300,000 ≤ 50% of 960,000.
TEMPORARY = {
    "KH0002": (Decimal("300000.00"), dt.date(2026, 8, 18), dt.date(2026, 11, 15), "LS-2026-011")
}


def review_behaviour(habit: str, monthly_sales: int) -> dict[str, float]:
    """The payment record a customer of ``habit`` showed at its last review (12 months)."""
    on_time = HABITS[habit][0]
    invoices = 12 * max(monthly_sales / INVOICE_SIZE, 1)
    return {"付款准时率": on_time, "逾期次数": round(invoices * (1 - on_time))}


def last_assessment(
    customer: Customer,
    statements: tuple[Statement, Statement],
    judged: dict[str, int | str],
    habit: str,
    monthly_sales: int,
) -> Assessment:
    """The register's evaluation: a new customer has no payment record yet."""
    previous, current = statements
    behaviour = None if customer.is_new else review_behaviour(habit, monthly_sales)
    return assess(
        customer, (current, previous), behaviour, judged, POLICY, monthly_purchases=monthly_sales
    )


def _add_months(day: dt.date, count: int) -> dt.date:
    month = day.month - 1 + count
    return dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def register_entry(
    rng: random.Random,
    customer: Customer,
    assessment: Assessment,
    first_invoice: dt.date,
    as_of: dt.date,
) -> RegisterEntry:
    """One register row: the assessment's grade, term and limit, review dates and flags."""
    grade = assessment.grade
    if customer.is_new:
        evaluated = first_invoice - dt.timedelta(days=rng.randint(7, 20))
    else:
        days_ago = _EVALUATED_DAYS_AGO.get(grade.grade, _EVALUATED_DAYS_AGO["C"])
        days = REVIEW_OVERDUE.get(customer.customer_id) or rng.randint(*days_ago)
        evaluated = as_of - dt.timedelta(days=days)
    flags = FLAGS.get(customer.customer_id, frozenset())
    amount, starts, ends, approval = TEMPORARY.get(customer.customer_id, (None, None, None, ""))
    status = "暂停" if customer.customer_id in SUSPENDED else "关注" if flags else "正常"
    return RegisterEntry(
        customer_id=customer.customer_id,
        customer_name=customer.name,
        uscc=customer.uscc,
        contact=customer.contact,
        phone=customer.phone,
        address=customer.address,
        grade=grade.grade,
        limit=assessment.limit.limit,
        term_days=assessment.term_days,
        evaluated_on=evaluated,
        next_review=_add_months(evaluated, grade.review_months),
        status=status,
        flags=flags,
        group=GROUP_MEMBERS.get(customer.customer_id, ""),
        temporary_limit=amount,
        temporary_starts=starts,
        temporary_ends=ends,
        temporary_approval=approval,
    )
