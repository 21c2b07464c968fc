"""Deterministic sample data: a Suzhou supplier, thirty customers and 18 months of trade.

``sample_data(seed)`` returns the same records for the same seed: customers with valid
统一社会信用代码, two years of statements, 5C scores, about 600 invoices whose open items as
of ``DEMO_DATE`` reach every dunning stage, the credit register, the contact log and the
satisfaction survey. The ``*_frame`` helpers give pandas DataFrames with the canonical
column names (money as int64 fen).
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass, fields
from decimal import Decimal

import pandas as pd

from creditbook.core.exposure import Group
from creditbook.core.models import (
    LEDGER_COLUMNS,
    REGISTER_COLUMNS,
    REGISTER_GROUP_COLUMNS,
    WARNING_FLAGS,
    Customer,
    Invoice,
    RegisterEntry,
    Statement,
)
from creditbook.core.money import to_fen
from creditbook.core.promises import CONTACT_LABELS
from creditbook.sample.company import PROFILES, SELLER, Company, build_customers, make_uscc
from creditbook.sample.ledger import Account, build_invoices
from creditbook.sample.register import GROUP, last_assessment, register_entry
from creditbook.sample.relations import (
    SURVEY_DIMENSIONS,
    SURVEY_TARGET,
    ContactEntry,
    SurveyResponse,
    build_contacts,
    build_survey,
)
from creditbook.sample.statements import FIVE_C, PERIODS, build_five_c, build_statements

__all__ = [
    "CONTACT_COLUMNS",
    "DEFAULT_SEED",
    "DEMO_DATE",
    "FIVE_C",
    "PERIODS",
    "SELLER",
    "SURVEY_COLUMNS",
    "SURVEY_DIMENSIONS",
    "SURVEY_TARGET",
    "Company",
    "ContactEntry",
    "SampleData",
    "SurveyResponse",
    "contacts_frame",
    "ledger_frame",
    "make_uscc",
    "register_frame",
    "sample_data",
    "survey_frame",
]

DEMO_DATE = dt.date(2026, 11, 30)
DEFAULT_SEED = 2026
LEDGER_MONTHS = 18
NEW_CUSTOMER_RAMP = 0.6  # a new customer's first months run below the sales it applied with

CONTACT_COLUMNS = {f.name: CONTACT_LABELS[f.name] for f in fields(ContactEntry)}
"""The sample contact log's columns (those of ``ContactEntry``) with their headers."""
SURVEY_COLUMNS = {
    "survey_date": "调查日期",
    "customer_id": "客户编码",
    "customer_name": "客户名称",
    "respondent": "填表人",
    **{d: d for d in SURVEY_DIMENSIONS},
    "comment": "意见和建议",
}


@dataclass(frozen=True)
class SampleData:
    """Everything the demo needs, as records; ``*_frame`` functions tabulate them."""

    seed: int
    as_of: dt.date
    company: Company
    customers: tuple[Customer, ...]
    strengths: dict[str, str]  # customer_id → strong/good/fair/weak
    habits: dict[str, str]  # customer_id → prompt/mostly/late/chronic/default
    monthly_sales: dict[str, Decimal]  # 预计月销售额 the sales department applies with
    statements: dict[str, tuple[Statement, Statement]]  # (previous year, last year)
    five_c: dict[str, dict[str, int | str]]  # 5C, other judged items and 银行信用评级
    invoices: tuple[Invoice, ...]
    register: tuple[RegisterEntry, ...]
    contacts: tuple[ContactEntry, ...]
    survey: tuple[SurveyResponse, ...]
    groups: tuple[Group, ...] = ()  # the 集团 sheet: groups of customers and their limits

    def customer(self, customer_id: str) -> Customer:
        return next(c for c in self.customers if c.customer_id == customer_id)

    def invoices_of(self, customer_id: str) -> tuple[Invoice, ...]:
        return tuple(i for i in self.invoices if i.customer_id == customer_id)

    def register_entry(self, customer_id: str) -> RegisterEntry:
        return next(r for r in self.register if r.customer_id == customer_id)


def _first_month(rng: random.Random, customer: Customer, as_of: dt.date) -> dt.date:
    start = (as_of.replace(day=1) - dt.timedelta(days=(LEDGER_MONTHS - 1) * 30.4)).replace(day=1)
    if customer.is_new:
        start = (as_of - dt.timedelta(days=rng.randint(190, 300))).replace(day=1)
    return start


@functools.lru_cache(maxsize=4)
def sample_data(seed: int = DEFAULT_SEED, as_of: dt.date = DEMO_DATE) -> SampleData:
    """The whole sample company; the same seed always gives the same data."""
    rng = random.Random(seed)
    customers = build_customers(rng)
    profile = {c.customer_id: p for c, p in zip(customers, PROFILES, strict=True)}
    strengths = {cid: p[4] for cid, p in profile.items()}
    statements = {cid: build_statements(rng, strengths[cid], profile[cid][7]) for cid in profile}
    five_c = {c.customer_id: build_five_c(rng, strengths[c.customer_id]) for c in customers}
    accounts = []
    register = []
    for customer in customers:
        _, _, _, _, _, habit, _, sales = profile[customer.customer_id]
        first = _first_month(rng, customer, as_of)
        cid = customer.customer_id
        review = last_assessment(customer, statements[cid], five_c[cid], habit, sales)
        entry = register_entry(rng, customer, review, first, as_of)
        register.append(entry)
        volume = int(sales * NEW_CUSTOMER_RAMP) if customer.is_new else sales
        accounts.append(Account(customer, habit, volume, entry.term_days, first))
    invoices = build_invoices(rng, accounts, as_of)
    contacts = []
    for customer in customers:
        own = [i for i in invoices if i.customer_id == customer.customer_id]
        contacts += build_contacts(rng, customer, own, as_of)
    survey_day = dt.date(as_of.year, 10, 15) if as_of.month > 10 else as_of
    survey = tuple(
        build_survey(rng, c, survey_day + dt.timedelta(days=rng.randint(0, 14))) for c in customers
    )
    return SampleData(
        seed=seed,
        as_of=as_of,
        company=SELLER,
        customers=customers,
        strengths=strengths,
        habits={cid: p[5] for cid, p in profile.items()},
        monthly_sales={cid: Decimal(p[7]) for cid, p in profile.items()},
        statements=statements,
        five_c=five_c,
        invoices=invoices,
        register=tuple(register),
        contacts=tuple(sorted(contacts, key=lambda e: (e.date, e.customer_id))),
        survey=survey,
        groups=(GROUP,),
    )


def _dates(values: list[dt.date | None]) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object")).astype("datetime64[ns]")


def ledger_frame(invoices: tuple[Invoice, ...]) -> pd.DataFrame:
    """Invoices → the canonical ledger DataFrame (LEDGER_COLUMNS; money int64 fen)."""
    frame = pd.DataFrame(
        {
            "customer_id": [i.customer_id for i in invoices],
            "customer_name": [i.customer_name for i in invoices],
            "invoice_no": [i.invoice_no for i in invoices],
            "invoice_date": _dates([i.invoice_date for i in invoices]),
            "due_date": _dates([i.due_date for i in invoices]),
            "amount": pd.Series([to_fen(i.amount) for i in invoices], dtype="int64"),
            "paid_amount": pd.Series([to_fen(i.paid_amount) for i in invoices], dtype="int64"),
            "paid_date": _dates([i.paid_date for i in invoices]),
            "currency": [i.currency for i in invoices],
        }
    )
    return frame[list(LEDGER_COLUMNS)]


def register_frame(register: tuple[RegisterEntry, ...]) -> pd.DataFrame:
    """Register entries → DataFrame (REGISTER_COLUMNS; limit int64 fen; flags as bools)."""
    rows = []
    for entry in register:
        row = entry.model_dump(exclude={"flags"})
        row["limit"] = to_fen(entry.limit)
        temporary = entry.temporary_limit
        row["temporary_limit"] = pd.NA if temporary is None else to_fen(temporary)
        row.update({flag: flag in entry.flags for flag in WARNING_FLAGS})
        rows.append(row)
    frame = pd.DataFrame(rows)[[*REGISTER_COLUMNS, *REGISTER_GROUP_COLUMNS]]
    for column in ("evaluated_on", "next_review", "temporary_starts", "temporary_ends"):
        frame[column] = pd.to_datetime(frame[column])
    return frame.astype({"limit": "int64", "term_days": "int64", "temporary_limit": "Int64"})


def contacts_frame(contacts: tuple[ContactEntry, ...]) -> pd.DataFrame:
    """Contact log → DataFrame (CONTACT_COLUMNS; promised amount int64 fen, 0 when none)."""
    frame = pd.DataFrame([vars(entry) for entry in contacts], columns=list(CONTACT_COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"])
    frame["promised_date"] = pd.to_datetime(frame["promised_date"])
    frame["promised_amount"] = [
        0 if amount is None else to_fen(amount) for amount in frame["promised_amount"]
    ]
    return frame.astype({"promised_amount": "int64"})


def survey_frame(survey: tuple[SurveyResponse, ...]) -> pd.DataFrame:
    """Survey responses → one row per response with a column per dimension (1–5)."""
    rows = [
        {
            "survey_date": r.survey_date,
            "customer_id": r.customer_id,
            "customer_name": r.customer_name,
            "respondent": r.respondent,
            **dict(zip(SURVEY_DIMENSIONS, r.scores, strict=True)),
            "comment": r.comment,
        }
        for r in survey
    ]
    frame = pd.DataFrame(rows, columns=list(SURVEY_COLUMNS))
    frame["survey_date"] = pd.to_datetime(frame["survey_date"])
    return frame
