"""For any ledger, every customer's letter demands exactly what aging and monitor call
overdue — credit notes, partial receipts and unapplied receipts included — to the fen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creditbook.core.collections import collection_review
from creditbook.core.money import from_fen
from creditbook.core.monitoring import review_customers
from creditbook.core.policy import preset
from creditbook.core.receivables import age
from creditbook.documents.letters import letter_context
from creditbook.settings import Settings

AS_OF = dt.date(2026, 11, 30)
POLICY = preset("abc")
MINIMUM = POLICY.monitoring.min_overdue_amount

invoice = st.tuples(
    st.just("invoice"),
    st.integers(1, 50_000_000),  # amount, fen
    st.integers(-60, 500),  # days overdue on the as-of date
    st.floats(0, 1),  # share received
    st.sampled_from(["none", "before", "after"]),  # 收款日期 blank, by the date, after it
)
credit = st.tuples(
    st.sampled_from(["credit_note", "receipt"]),
    st.integers(1, 20_000_000),
    st.integers(-30, 200),
    st.just(0.0),
    st.just("none"),
)
customer = st.lists(st.one_of(invoice, invoice, credit), min_size=1, max_size=8)
ledgers = st.lists(customer, min_size=1, max_size=5)


def _frame(customers: list[list[tuple]]) -> pd.DataFrame:
    rows = []
    for c, lines in enumerate(customers):
        for n, (kind, fen, days, share, paid_when) in enumerate(lines):
            due = AS_OF - dt.timedelta(days=days)
            amount = fen if kind == "invoice" else -fen
            paid = int(fen * share) if kind == "invoice" else 0
            paid_on = {"none": None, "before": AS_OF - dt.timedelta(days=1)}.get(
                paid_when, AS_OF + dt.timedelta(days=5)
            )
            rows.append(
                {
                    "customer_id": f"KH{c:03d}",
                    "customer_name": f"客户{c}",
                    "invoice_no": f"{kind[:2].upper()}-{c}-{n}",
                    "invoice_date": due - dt.timedelta(days=45 if kind == "invoice" else 0),
                    "due_date": due,
                    "amount": amount,
                    "paid_amount": paid,
                    "paid_date": paid_on,
                    "currency": "CNY",
                }
            )
    frame = pd.DataFrame(rows)
    for column in ("invoice_date", "due_date", "paid_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    frame["amount"] = frame["amount"].astype(np.int64)
    frame["paid_amount"] = frame["paid_amount"].astype(np.int64)
    return frame


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers)
def test_letter_total_equals_monitor_and_aging_overdue_for_every_customer(customers):
    ledger = _frame(customers)
    aging = {
        row["customer_id"]: from_fen(row["overdue"])
        for row in age(ledger, AS_OF, POLICY, include_settled=True).table.to_dict("records")
    }
    reviews = {r.customer_id: r for r in review_customers(ledger, None, AS_OF, POLICY)}
    letters = {}
    for case in collection_review(ledger, AS_OF, POLICY):
        if not case.skip_reason:
            assert sum((ln.open for ln in case.lines), Decimal(0)) == case.overdue_amount
            context = letter_context(case, "测函〔2026〕0001号", AS_OF, AS_OF, Settings())
            letters[case.customer_id] = context.amount_owed
            assert context.amount_owed == case.overdue_amount
    assert set(aging) == set(reviews)
    for customer_id, review in reviews.items():
        assert review.overdue == aging[customer_id]
        due_a_letter = review.overdue >= MINIMUM and review.overdue > 0
        assert (customer_id in letters) == due_a_letter
        if due_a_letter:
            assert letters[customer_id] == review.overdue
            assert review.dunning_stage != ""
        else:
            assert review.dunning_stage == ""
