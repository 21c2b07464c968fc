"""The demo's steps; each calls the library function of its area and notes what it made."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from creditbook.core.assessment import Assessment, assess
from creditbook.core.collections import DunningCase, collection_review, dunning_cases
from creditbook.core.money import from_fen
from creditbook.core.monitoring import CustomerReview, months_before, review_customers
from creditbook.core.policy import resolve_policy
from creditbook.core.promises import apply_follow_ups, follow_ups
from creditbook.core.receivables import age, payment_behaviour
from creditbook.documents.store.base import ArchiveStore
from creditbook.sample import SampleData, ledger_frame, register_frame

ON_TIME, LATE_COUNT = "付款准时率", "逾期次数"


@dataclass(frozen=True)
class Evaluation:
    """One customer's assessment and the hash of exactly what it was computed from."""

    assessment: Assessment
    inputs_hash: str


def _behaviour(data: SampleData, policy: str) -> dict[str, dict[str, float | None]]:
    """付款准时率 and 逾期次数 over the last 12 months, from the ledger (receivables core)."""
    ledger = ledger_frame(data.invoices)
    since = months_before(data.as_of, 12)
    table = payment_behaviour(ledger, data.as_of, policy, since=since)
    behaviour = {}
    for row in table.to_dict("records"):
        rate = row["on_time_rate"]
        behaviour[row["customer_id"]] = {
            ON_TIME: None if pd.isna(rate) else float(rate),
            LATE_COUNT: float(row["overdue_count"]),
        }
    return behaviour


def _inputs_hash(*parts: object) -> str:
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def evaluate(data: SampleData, policy: str) -> dict[str, Evaluation]:
    """Assess every customer with ``core.assessment.assess``: statements, behaviour, 5C."""
    rules = resolve_policy(policy)
    behaviour = _behaviour(data, policy)
    evaluations = {}
    for customer in data.customers:
        cid = customer.customer_id
        previous, current = data.statements[cid]
        paid = behaviour.get(cid, {ON_TIME: None, LATE_COUNT: 0.0})
        sales = data.monthly_sales[cid]
        result = assess(customer, (current, previous), paid, data.five_c[cid], rules, sales)
        digest = _inputs_hash(
            current.model_dump(), previous.model_dump(), paid, data.five_c[cid], sales,
            rules.name, rules.version,
        )  # fmt: skip
        evaluations[cid] = Evaluation(result, digest)
    return evaluations


def aging_totals(data: SampleData, policy: str) -> list[tuple[str, Decimal]]:
    """Bucket totals of the management aging (by due date) and the overdue total, in yuan."""
    aging = age(ledger_frame(data.invoices), data.as_of, policy)
    totals = aging.totals()
    rows = [(bucket, from_fen(totals[bucket])) for bucket in aging.buckets]
    rows.append(("合计 total", from_fen(totals["total"])))
    rows.append(("其中逾期 overdue", from_fen(totals["overdue"])))
    return rows


def review(data: SampleData, policy: str) -> tuple[CustomerReview, ...]:
    """The monthly monitoring review: warning signals and adjustment advice per customer."""
    return review_customers(
        ledger_frame(data.invoices), register_frame(data.register), data.as_of, policy
    )


def collection_cases(
    data: SampleData, policy: str, contacts: pd.DataFrame | None = None
) -> tuple[DunningCase, ...]:
    """Customers with overdue invoices, each at the dunning stage its longest overdue sets;
    with the contact log, a promise holds the letter (the held ones are left out), a broken
    one raises the stage and disputed invoices leave the amount (``core.promises``)."""
    names = {c.customer_id: c.name for c in data.customers}
    ledger = ledger_frame(data.invoices)
    if contacts is None:
        return dunning_cases(ledger, data.as_of, policy, names)
    cases = collection_review(ledger, data.as_of, policy, names)
    talks = follow_ups(contacts, ledger, data.as_of, policy)
    return apply_follow_ups(cases, talks, policy)


def record_evaluations(
    archive: ArchiveStore, evaluations: dict[str, Evaluation], as_of: dt.date, by: str | None
) -> None:
    """Log each evaluation (score, grade, limit, term, policy and the inputs' hash)."""
    for cid, evaluation in evaluations.items():
        a = evaluation.assessment
        rules = resolve_policy(a.policy)
        archive.record(
            cid, "evaluation", by=by, as_of=as_of, inputs_hash=evaluation.inputs_hash,
            score=round(a.total, 2), grade=a.grade.grade, limit=a.limit.limit,
            term_days=a.term_days, policy=rules.name, policy_version=rules.version,
        )  # fmt: skip


def record_reviews(
    archive: ArchiveStore, reviews: tuple[CustomerReview, ...], as_of: dt.date, by: str | None
) -> None:
    """Log warnings and any adjustment other than 'keep everything as it is'."""
    for r in reviews:
        if r.signals:
            note = "；".join(str(s) for s in r.signals)
            archive.record(r.customer_id, "warning", by=by, as_of=as_of, note=note)
        adj = r.adjustment
        if {adj.grade, adj.limit, adj.term} != {"维持"}:
            archive.record(
                r.customer_id, "adjustment", by=by, as_of=as_of, grade=adj.suggested_grade,
                term_days=adj.suggested_term_days,
                note=f"{adj.summary}：{'；'.join(adj.reasons)}",
            )  # fmt: skip
