"""Dunning cases for letter tests, shaped like the receivables core's DunningCase."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from creditbook.core.policy import preset
from creditbook.settings import CompanySettings, LetterSettings, Settings

AS_OF = dt.date(2026, 11, 30)


@dataclass(frozen=True)
class Line:
    invoice_no: str
    invoice_date: dt.date
    due_date: dt.date
    amount: Decimal
    received: Decimal
    days_overdue: int


@dataclass(frozen=True)
class Case:
    customer_id: str
    customer_name: str
    stage: object
    max_days_overdue: int
    lines: tuple[Line, ...]


def make_case(customer_id: str, name: str, days: int, amount: str = "12128.27") -> Case:
    stage = next(s for s in reversed(preset("abc").dunning) if days >= s.min_days)
    due = AS_OF - dt.timedelta(days=days)
    line = Line(
        invoice_no=f"XS-{customer_id}-001",
        invoice_date=due - dt.timedelta(days=45),
        due_date=due,
        amount=Decimal(amount),
        received=Decimal("0.00"),
        days_overdue=days,
    )
    return Case(customer_id, name, stage, days, (line,))


HENGDA = CompanySettings(
    name="苏州恒达精工机械有限公司",
    address="苏州市吴中区木渎镇金枫路 88 号",
    phone="0512-6621 8800",
    contact="李敏（应收账款）",
    contact_phone="0512-6621 8806",
    email="ar@hengda-jg.cn",
    bank_name="中国建设银行苏州吴中支行",
    bank_account="3225 0199 8836 0000 1234",
    account_name="苏州恒达精工机械有限公司财务专户",
)


def real_settings(counter_file: str | None = None, **letters: object) -> Settings:
    """A company's own settings: its letters go out (已发), they are not 样稿."""
    letters.setdefault("number_prefix", "恒达财函")
    where = {"counter_file": counter_file} if counter_file else {}
    settings = Settings(company=HENGDA, letters=LetterSettings(**letters), **where)
    assert not settings.is_draft
    return settings
