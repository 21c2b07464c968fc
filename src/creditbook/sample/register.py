"""The sample credit register: last approved grade, limit, term, review dates and flags."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from creditbook.core.models import Customer, RegisterEntry
from creditbook.core.money import round_down_to
from creditbook.core.policy import preset

# Register grade by financial strength under the default (abc) policy.
GRADE_OF = {"strong": "A", "good": "B", "fair": "C", "weak": "C"}
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


def _add_months(day: dt.date, count: int) -> dt.date:
    month = day.month - 1 + count
    return dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def register_entry(
    rng: random.Random,
    customer: Customer,
    strength: str,
    monthly_sales: int,
    first_invoice: dt.date,
    as_of: dt.date,
) -> RegisterEntry:
    """One register row consistent with the abc preset's terms and review cycles."""
    grade_rule = preset("abc").grade(GRADE_OF[strength])
    grade = grade_rule.grade
    factor = {"A": 1.2, "B": 1.1, "C": 1.0}[grade]
    limit = Decimal(monthly_sales * (grade_rule.term_days / 30 + 1) * factor)
    if customer.is_new:
        limit = min(limit * Decimal("0.5"), Decimal(200_000))
        evaluated = first_invoice - dt.timedelta(days=rng.randint(7, 20))
    else:
        days = REVIEW_OVERDUE.get(customer.customer_id) or rng.randint(*_EVALUATED_DAYS_AGO[grade])
        evaluated = as_of - dt.timedelta(days=days)
    flags = FLAGS.get(customer.customer_id, frozenset())
    status = "暂停" if customer.customer_id in SUSPENDED else "关注" if flags else "正常"
    return RegisterEntry(
        customer_id=customer.customer_id,
        customer_name=customer.name,
        uscc=customer.uscc,
        contact=customer.contact,
        phone=customer.phone,
        address=customer.address,
        grade=grade,
        limit=round_down_to(limit, Decimal(10_000)),
        term_days=grade_rule.term_days,
        evaluated_on=evaluated,
        next_review=_add_months(evaluated, grade_rule.review_months),
        status=status,
        flags=flags,
    )
