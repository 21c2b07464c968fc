"""`--sample`: the sample company (creditbook.sample) shaped as each workbook's inputs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from creditbook.core.models import Customer, Invoice, RegisterEntry, Statement
from creditbook.sample import (
    DEMO_DATE,
    SURVEY_DIMENSIONS,
    SURVEY_TARGET,
    ContactEntry,
    SurveyResponse,
    sample_data,
)

__all__ = [
    "AS_OF",
    "EVALUATED",
    "SURVEY_DIMENSIONS",
    "SURVEY_TARGET",
    "ContactEntry",
    "Evaluation",
    "SurveyResponse",
    "company",
    "contacts",
    "evaluation",
    "ledger",
    "register",
    "survey",
]

AS_OF = DEMO_DATE
EVALUATED = "KH0008"  # a sound but not outstanding customer: every section has something to say
HISTORY_DAYS = 365


@dataclass(frozen=True)
class Evaluation:
    """Inputs of one credit evaluation: customer, two statements, payment history, 5C scores."""

    customer: Customer
    monthly_sales: Decimal
    current: Statement
    previous: Statement
    history: tuple[Invoice, ...]
    five_c: dict[str, int | str]  # every judged item of any preset, by name
    notes: dict[str, str] = field(default_factory=dict)
    as_of: dt.date = AS_OF
    current_limit: Decimal | None = None  # the register's limit before this review (老客户)


def company() -> str:
    return sample_data().company.name


def evaluation(customer_id: str = EVALUATED) -> Evaluation:
    data = sample_data()
    previous, current = data.statements[customer_id]
    since = data.as_of - dt.timedelta(days=HISTORY_DAYS)
    history = tuple(i for i in data.invoices_of(customer_id) if i.invoice_date > since)
    return Evaluation(
        customer=data.customer(customer_id),
        monthly_sales=data.monthly_sales[customer_id],
        current=current,
        previous=previous,
        history=history,
        five_c=dict(data.five_c[customer_id]),
        as_of=data.as_of,
        current_limit=None
        if data.customer(customer_id).is_new
        else data.register_entry(customer_id).limit,
    )


def ledger() -> list[Invoice]:
    """The open items of the AR ledger (invoices not fully settled) on the sample date, with
    the whole ledger, register and contact log behind them (the 催收工作清单 sheet's)."""
    from creditbook.workbooks.worklist_sheet import Conversation, Ledger

    data = sample_data()
    behind = Conversation(data.invoices, data.register, data.contacts)
    return Ledger([i for i in data.invoices if i.open_amount != 0], behind)


def register() -> list[tuple[RegisterEntry, Decimal, int]]:
    """Register rows with each customer's receivable balance and longest days overdue."""
    data = sample_data()
    rows = []
    for entry in data.register:
        open_items = [i for i in data.invoices_of(entry.customer_id) if i.open_amount != 0]
        exposure = sum((i.open_amount for i in open_items), Decimal("0.00"))
        overdue = max(
            [(data.as_of - i.due_date).days for i in open_items if i.open_amount > 0] + [0]
        )
        rows.append((entry, exposure, max(overdue, 0)))
    return rows


def groups() -> dict[str, object]:
    """The 集团 sheet of the sample register (its groups and their limits) and the register's
    计算日期, the sample's date, so its 有效额度 are the limits ``monitor`` gives that day."""
    data = sample_data()
    return {"groups": data.groups, "as_of": data.as_of}


def contacts() -> list[ContactEntry]:
    return list(sample_data().contacts)


def survey() -> list[SurveyResponse]:
    return list(sample_data().survey)
