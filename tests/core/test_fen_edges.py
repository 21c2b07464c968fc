"""One fen matters: a 0.01 residue left after a payment is still open, ages and counts as
late; the invoice view ages by invoice date; and scorecard ratings outside 1–5 are named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from ledger_rows import AS_OF, ledger

from creditbook.core.errors import ImpossibleValue
from creditbook.core.policy import preset
from creditbook.core.receivables import PaymentBehaviour, age, behaviour_record, payment_behaviour
from creditbook.core.scoring import score_portfolio

ROWS = (
    ("KH01", "XS-1", "2026-08-01", "2026-10-01", "100.01", "100.00", "2026-10-01"),  # 0.01 left
    ("KH02", "XS-2", "2026-10-01", "2026-11-29", "0.01", "0", None),  # one day overdue
    ("KH03", "XS-3", "2026-10-01", "2026-11-30", "50", "0", None),  # due today
)


def test_a_one_fen_residue_ages_as_overdue():
    aging = age(ledger(*ROWS), AS_OF)
    assert (aging.as_of, aging.view) == (AS_OF, "due")
    rows = aging.table.set_index("customer_id")
    assert rows.loc["KH01", ["31-60天", "total", "overdue", "max_days_overdue"]].tolist() == [
        1,
        1,
        1,
        60,
    ]
    assert rows.loc["KH02", ["1-30天", "max_days_overdue"]].tolist() == [1, 1]
    assert rows.loc["KH03", ["未到期", "overdue", "max_days_overdue"]].tolist() == [5000, 0, 0]
    assert list(aging.table.index) == [0, 1, 2]


def test_the_invoice_view_ages_by_invoice_date_and_keeps_days_overdue_from_due():
    aging = age(ledger(*ROWS), AS_OF, view="invoice")
    assert (aging.view, aging.buckets) == ("invoice", ("1年以内", "1-2年", "2-3年", "3年以上"))
    assert aging.table["1年以内"].tolist() == [1, 1, 5000]
    assert aging.table["max_days_overdue"].tolist() == [60, 1, 0]


def test_a_one_fen_residue_is_a_late_payment_and_a_line_due_today_is_not_judged():
    records = {
        r.customer_id: r
        for r in map(behaviour_record, payment_behaviour(ledger(*ROWS), AS_OF).to_dict("records"))
    }
    assert records["KH01"] == PaymentBehaviour(
        "KH01", 1, 0, 0.0, 0.0, 1, Decimal("0.01"), 60.0, 60, dt.date(2026, 8, 1), 60
    )
    assert (records["KH02"].overdue_count, records["KH02"].max_days_late) == (1, 1)
    assert records["KH03"] == PaymentBehaviour(
        "KH03", 0, 0, None, None, 0, Decimal("0.00"), None, 0, dt.date(2026, 10, 1)
    )


def test_a_window_starting_on_a_due_date_includes_that_line():
    frame = ledger(("KH01", "XS-1", "2026-08-01", "2026-09-30", "500", "0", None))
    (row,) = payment_behaviour(frame, AS_OF, since=dt.date(2026, 9, 30)).to_dict("records")
    assert row["judged"] == 1
    (later,) = payment_behaviour(frame, AS_OF, since=dt.date(2026, 10, 1)).to_dict("records")
    assert later["judged"] == 0


def test_ratings_outside_one_to_five_name_the_first_five_rows():
    frame = pd.DataFrame(
        {"行业地位": [1, 5, 0, 6, 0.5, 7, 9, -1, 3]},  # abc's rated (1–5) indicator
        index=["KH1", "KH2", "KH3", "KH4", "KH5", "KH6", "KH7", "KH8", "KH9"],
    )
    with pytest.raises(ImpossibleValue) as error:
        score_portfolio(frame, preset("abc"))
    assert str(error.value).endswith("(rows ['KH3', 'KH4', 'KH5', 'KH6', 'KH7'])")
    fine = score_portfolio(frame.loc[["KH1", "KH2", "KH9"]], preset("abc"))
    assert fine["缺失指标数"].tolist() == [7, 7, 7]  # abc's eight indicators but 行业地位
