"""The sample company's records for any number of customers (1 … 200): ids KH0001 on.

Customer n copies sample customer n mod 30 under its own code and name, with its own
invoices, register row, contact log entries and survey answers, so that a workbook filled
with n customers holds n distinct customers with realistic figures.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from creditbook.core.models import Invoice, RegisterEntry
from creditbook.sample import ContactEntry, SurveyResponse
from creditbook.workbooks import _sample

OPEN_ITEMS = 3  # open invoices per customer: enough for every bucket, quick to recalculate


def _names(n: int) -> list[tuple[str, str, str]]:
    """(new id, new name, sample id) for n customers."""
    base = [entry for entry, _, _ in _sample.register()]
    out = []
    for i in range(n):
        source = base[i % len(base)]
        round_ = i // len(base)
        name = (
            source.customer_name
            if not round_
            else f"{source.customer_name}（第{round_ + 1}分公司）"
        )
        out.append((f"KH{i + 1:04d}", name, source.customer_id))
    return out


def ledger(n: int) -> list[Invoice]:
    items = _sample.ledger()
    with_open = sorted({i.customer_id for i in items})
    out = []
    for k, (new_id, name, old_id) in enumerate(_names(n)):
        source = old_id if old_id in with_open else with_open[k % len(with_open)]
        own = [i for i in items if i.customer_id == source][:OPEN_ITEMS]
        out += [
            i.model_copy(
                update={
                    "customer_id": new_id,
                    "customer_name": name,
                    "invoice_no": f"{new_id}-{j + 1:02d}",
                }
            )
            for j, i in enumerate(own)
        ]
    return out


def register(n: int) -> list[tuple[RegisterEntry, Decimal, int]]:
    rows = {
        entry.customer_id: (entry, exposure, days) for entry, exposure, days in _sample.register()
    }
    out = []
    for new_id, name, old_id in _names(n):
        entry, exposure, days = rows[old_id]
        out.append(
            (
                entry.model_copy(update={"customer_id": new_id, "customer_name": name}),
                exposure,
                days,
            )
        )
    return out


def contacts(n: int) -> list[ContactEntry]:
    from dataclasses import replace

    entries = _sample.contacts()
    out = []
    for new_id, name, old_id in _names(n):
        own = [e for e in entries if e.customer_id == old_id][:2] or entries[:1]
        out += [replace(e, customer_id=new_id, customer_name=name) for e in own]
    return out


def survey(n: int) -> list[SurveyResponse]:
    from dataclasses import replace

    answers = _sample.survey()
    return [
        replace(answers[i % len(answers)], customer_id=new_id, customer_name=name)
        for i, (new_id, name, _) in enumerate(_names(n))
    ]


def evaluation(n: int) -> _sample.Evaluation:
    """The sample evaluation with a payment history of n invoices (one per month back)."""
    from dataclasses import replace

    data = _sample.evaluation()
    history = list(data.history)
    out = []
    for k in range(n):
        source = history[k % len(history)]
        shift = dt.timedelta(days=30 * (k // len(history)))
        out.append(
            source.model_copy(
                update={
                    "invoice_no": f"HIS-{k + 1:04d}",
                    "invoice_date": source.invoice_date - shift,
                    "due_date": source.due_date - shift,
                    "paid_date": source.paid_date - shift if source.paid_date else None,
                }
            )
        )
    return replace(data, history=tuple(out))
