"""CB_ON_TIME_RATE, CB_OVERDUE_COUNT and CB_OVERDUE_AMOUNT give CB_PAYMENT_RECORD's figures.

The column functions and the evaluation workbook's payment record reach the same core
function (``payment_behaviour``); generated lines carry part payments with a 收款日期,
payments after the as-of day, not-yet-due lines and credit notes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditbook.core.money import from_fen, to_fen
from creditbook.core.receivables import payment_behaviour
from creditbook.udfs import (
    CB_ON_TIME_RATE,
    CB_OVERDUE_AMOUNT,
    CB_OVERDUE_COUNT,
    CB_PAYMENT_RECORD,
)

AS_OF = dt.datetime(2026, 11, 30)


@st.composite
def lines(draw) -> list[list]:
    """CB_PAYMENT_RECORD's six columns: 单据号, 单据日期, 到期日, 金额, 已收金额, 收款日期."""
    found = []
    for n in range(draw(st.integers(min_value=1, max_value=10))):
        due = AS_OF + dt.timedelta(days=draw(st.integers(min_value=-200, max_value=40)))
        issued = min(due - dt.timedelta(days=30), AS_OF)
        amount = D(draw(st.integers(min_value=100, max_value=300_000))) + D("0.37")
        kind = draw(st.sampled_from(["paid", "part", "open", "credit"]))
        if kind == "credit":
            amount = -(amount / 4).quantize(D("0.01"))
        paid = {"paid": amount, "part": (amount / 3).quantize(D("0.01"))}.get(kind, D(0))
        paid_on = None
        if kind in ("paid", "part"):
            paid_on = due + dt.timedelta(days=draw(st.integers(min_value=-20, max_value=60)))
        found.append([f"XS-{n + 1:02d}", issued, due, float(amount), float(paid), paid_on])
    return found


def _column(rows: list[list], i: int) -> list[list]:
    return [[row[i]] for row in rows]


@settings(max_examples=60, deadline=None)
@given(rows=lines(), grace=st.integers(min_value=0, max_value=15))
def test_the_column_functions_give_the_payment_record_figures(rows, grace):
    due, amounts, received, paid = (_column(rows, i) for i in (2, 3, 4, 5))
    record = dict(CB_PAYMENT_RECORD(rows, AS_OF))
    rate = CB_ON_TIME_RATE(due, paid, amounts, None, AS_OF, received)
    if record["付款准时率"] == "":
        assert rate == "#DIV/0!"  # nothing can be judged yet
    else:
        assert rate == record["付款准时率"]
    assert CB_OVERDUE_COUNT(due, paid, None, AS_OF, amounts, received) == record["逾期次数"]
    overdue = CB_OVERDUE_AMOUNT(amounts, due, received, AS_OF, paid)
    assert overdue == record["逾期金额"]  # the same float of the same fen

    # with a grace period, against the core function itself
    ledger = pd.DataFrame(
        {
            "customer_id": "KH0001",
            "customer_name": "客户",
            "invoice_date": pd.to_datetime([r[1] for r in rows]),
            "due_date": pd.to_datetime([r[2] for r in rows]),
            "amount": [to_fen(D(str(r[3]))) for r in rows],
            "paid_amount": [to_fen(D(str(r[4]))) for r in rows],
            "paid_date": pd.to_datetime([r[5] for r in rows]),
        }
    )
    core = payment_behaviour(ledger, AS_OF.date(), "abc", grace).iloc[0]
    assert CB_OVERDUE_COUNT(due, paid, grace, AS_OF, amounts, received) == core["overdue_count"]
    by_amount = CB_ON_TIME_RATE(due, paid, amounts, grace, AS_OF, received, True)
    if pd.isna(core["on_time_rate_amount"]):
        assert by_amount == "#DIV/0!"
    else:
        assert by_amount == pytest.approx(core["on_time_rate_amount"], abs=1e-12)
    assert D(str(overdue)) == from_fen(int(core["overdue_amount"]))  # to the fen
