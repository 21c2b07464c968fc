"""For any ledger and contact log: what the letter demands + what is disputed + what a
promise holds = the overdue amount monitor shows, to the fen."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from creditbook.core.collections import collection_review
from creditbook.core.monitoring import review_customers
from creditbook.core.promises import apply_follow_ups, follow_ups
from creditbook.workbooks.reports import monitor_table

AS_OF = dt.date(2026, 11, 30)
CUSTOMERS = ("C1", "C2", "C3")
OUTCOMES = ("已承诺付款", "部分回款承诺", "已按承诺付款", "未按承诺付款", "已完成")
DISPUTES = ("争议", "质量异议", "数量差异", "价格争议", "争议已解决")


def _day(offset: int) -> pd.Timestamp:
    return pd.Timestamp(AS_OF + dt.timedelta(days=offset))


@st.composite
def books(draw):
    count = draw(st.integers(1, 12))
    lines = []
    for n in range(count):
        amount = draw(st.integers(-500_000, 5_000_000))  # fen; some credits
        issued = draw(st.integers(-400, 0))
        due = issued + draw(st.integers(0, 90))
        paid = draw(st.integers(0, amount)) if amount > 0 else 0
        paid_on = _day(draw(st.integers(issued, 10))) if paid else pd.NaT
        lines.append(
            {
                "customer_id": draw(st.sampled_from(CUSTOMERS)),
                "customer_name": "客户",
                "invoice_no": f"N{n}",
                "invoice_date": _day(issued),
                "due_date": _day(due),
                "amount": amount,
                "paid_amount": paid,
                "paid_date": paid_on,
                "currency": "CNY",
            }
        )
    ledger = pd.DataFrame(lines)
    for column in ("invoice_date", "due_date", "paid_date"):
        ledger[column] = pd.to_datetime(ledger[column]).astype("datetime64[ns]")
    ledger[["amount", "paid_amount"]] = ledger[["amount", "paid_amount"]].astype("int64")
    rows = []
    for _ in range(draw(st.integers(0, 10))):
        made = draw(st.integers(-120, 5))
        if draw(st.booleans()):
            rows.append(
                {
                    "date": _day(made),
                    "customer_id": draw(st.sampled_from(CUSTOMERS)),
                    "purpose": "催收",
                    "outcome": draw(st.sampled_from(OUTCOMES)),
                    "promised_date": _day(made + draw(st.integers(0, 40))),
                    "promised_amount": draw(st.integers(1, 6_000_000)),
                    "invoice_no": "",
                    "staff": "周敏",
                }
            )
        else:
            rows.append(
                {
                    "date": _day(made),
                    "customer_id": draw(st.sampled_from(CUSTOMERS)),
                    "purpose": "争议",
                    "outcome": draw(st.sampled_from(DISPUTES)),
                    "promised_date": pd.NaT,
                    "promised_amount": None,
                    "invoice_no": f"N{draw(st.integers(0, count))}",
                    "staff": "周敏",
                }
            )
    contacts = pd.DataFrame(rows) if rows else None
    if contacts is not None:
        for column in ("date", "promised_date"):
            contacts[column] = pd.to_datetime(contacts[column]).astype("datetime64[ns]")
        contacts["promised_amount"] = contacts["promised_amount"].astype("Int64")
    return ledger, contacts


@settings(max_examples=200, deadline=None)
@given(books())
def test_demanded_plus_disputed_plus_held_is_the_monitors_overdue(drawn):
    ledger, contacts = drawn
    overdue = {r.customer_id: r.overdue for r in review_customers(ledger, None, AS_OF)}
    # The monitor's table (what `monitor --contacts --out` writes) shows the three parts.
    table = monitor_table(review_customers(ledger, None, AS_OF, contacts=contacts), AS_OF)
    headers = [c.header for c in table.columns]
    at = {
        name: headers.index(name) for name in ("客户编码", "逾期金额", "争议金额", "承诺暂缓金额")
    }
    shown = {
        row[at["客户编码"]]: (row[at["逾期金额"]], row[at["争议金额"]], row[at["承诺暂缓金额"]])
        for row in table.rows
    }
    cases = apply_follow_ups(collection_review(ledger, AS_OF), follow_ups(contacts, ledger, AS_OF))
    for case in cases:
        assert case.held >= 0 and case.disputed_amount >= 0
        assert case.demanded + case.disputed_amount + case.held == overdue[case.customer_id]
        table_overdue, table_disputed, table_held = shown[case.customer_id]
        assert (table_disputed, table_held) == (case.disputed_amount, case.held)
        assert case.demanded + table_disputed + table_held == table_overdue
        if not case.skip_reason:  # the letter's table less the held part is its amount
            lines = sum((ln.open for ln in case.lines), case.held * 0)
            assert case.demanded == lines - case.held > 0
