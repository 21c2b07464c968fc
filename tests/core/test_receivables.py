"""Aging as of a date and payment behaviour, on hand-computed ledgers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from ledger_rows import AS_OF, ledger

from creditbook.core.policy import preset
from creditbook.core.receivables import age, bucket_label, payment_behaviour


def overdue_by(days: int) -> dt.date:
    return AS_OF - dt.timedelta(days=days)


def test_due_view_puts_each_edge_day_in_its_bucket():
    edges = [-5, 0, 1, 30, 31, 60, 61, 90, 91, 180, 181, 365, 366]
    rows = [
        ("C1", f"N{d}", overdue_by(400), overdue_by(d), 2**i, 0, None) for i, d in enumerate(edges)
    ]
    row = age(ledger(*rows), AS_OF).table.iloc[0]
    amount = {d: Decimal(2**i) for i, d in enumerate(edges)}
    expected = {
        "未到期": amount[-5] + amount[0],
        "1-30天": amount[1] + amount[30],
        "31-60天": amount[31] + amount[60],
        "61-90天": amount[61] + amount[90],
        "91-180天": amount[91] + amount[180],
        "181-365天": amount[181] + amount[365],
        "365天以上": amount[366],
    }
    assert {label: Decimal(int(row[label])) / 100 for label in expected} == expected
    assert row["total"] == sum(2**i for i in range(len(edges))) * 100
    assert Decimal(int(row["overdue"])) / 100 == sum(a for d, a in amount.items() if d > 0)
    assert row["max_days_overdue"] == 366


def test_invoice_view_buckets_by_days_since_invoice():
    days = [0, 365, 366, 730, 731, 1095, 1096]
    rows = [
        ("C1", f"N{d}", overdue_by(d), overdue_by(d), 1 + i, 0, None) for i, d in enumerate(days)
    ]
    result = age(ledger(*rows), AS_OF, view="invoice")
    row = result.table.iloc[0]
    assert result.buckets == ("1年以内", "1-2年", "2-3年", "3年以上")
    assert [row[b] // 100 for b in result.buckets] == [1 + 2, 3 + 4, 5 + 6, 7]


def test_bucket_label_edges():
    labels = {d: bucket_label(d) for d in (-3, 0, 1, 30, 31, 365, 366)}
    assert labels == {
        -3: "未到期",
        0: "未到期",
        1: "1-30天",
        30: "1-30天",
        31: "31-60天",
        365: "181-365天",
        366: "365天以上",
    }
    assert bucket_label(366, view="invoice") == "1-2年"


def test_partial_payment_leaves_the_rest_open_and_fully_paid_lines_vanish():
    frame = ledger(
        ("C1", "A", "2026-09-01", "2026-10-01", "1000.00", "400.00", "2026-10-05"),
        ("C2", "B", "2026-09-01", "2026-10-01", "500.00", "500.00", "2026-09-30"),
    )
    table = age(frame, AS_OF).table
    assert list(table["customer_id"]) == ["C1"]
    assert table.iloc[0]["31-60天"] == 60000
    settled = age(frame, AS_OF, include_settled=True).table
    assert settled.set_index("customer_id").loc["C2", "total"] == 0


def test_payment_after_the_as_of_date_does_not_reduce_the_balance_then():
    frame = ledger(("C1", "A", "2026-10-01", "2026-11-15", "800.00", "800.00", "2026-12-03"))
    assert age(frame, AS_OF).table.iloc[0]["1-30天"] == 80000
    assert age(frame, dt.date(2026, 12, 3)).table.empty


def test_invoices_dated_after_the_as_of_date_are_left_out():
    frame = ledger(
        ("C1", "A", "2026-11-30", "2026-12-30", "100.00", 0, None),
        ("C1", "B", "2026-12-01", "2026-12-31", "900.00", 0, None),
    )
    assert age(frame, AS_OF).table.iloc[0]["total"] == 10000


def test_credit_note_reduces_the_total_but_never_makes_a_customer_overdue():
    frame = ledger(
        ("C1", "A", "2026-11-01", "2026-12-01", "1000.00", 0, None),
        ("C1", "CN", "2026-08-01", "2026-08-01", "-300.00", 0, None),
    )
    row = age(frame, AS_OF).table.iloc[0]
    assert row["total"] == 70000
    assert row["91-180天"] == -30000
    assert row["max_days_overdue"] == 0


def test_custom_buckets_come_from_the_policy():
    policy = preset("abc").model_copy(
        update={
            "aging": preset("abc").aging.model_copy(
                update={"due": (preset("abc").aging.due[0], preset("abc").aging.due[-1])}
            )
        }
    )
    frame = ledger(("C1", "A", "2026-01-01", "2026-01-31", "10", 0, None))
    result = age(frame, AS_OF, policy)
    assert result.buckets == ("未到期", "365天以上")
    assert result.table.iloc[0]["365天以上"] == 1000


def test_records_are_decimal_yuan():
    frame = ledger(("C1", "A", "2026-10-01", "2026-10-31", "1234.56", "0.01", None))
    record = age(frame, AS_OF).records()[0]
    assert record.total == Decimal("1234.55")
    assert dict(record.buckets)["1-30天"] == Decimal("1234.55")
    assert record.max_days_overdue == 30


def behaviour(frame: pd.DataFrame, **kwargs) -> dict:
    return payment_behaviour(frame, AS_OF, **kwargs).set_index("customer_id").iloc[0].to_dict()


def test_on_time_rate_by_count_and_amount():
    # paid on due date (on time), paid 10 days late, unpaid 20 days past due (late),
    # unpaid not yet due (pending, not judged)
    frame = ledger(
        ("C1", "A", "2026-08-01", "2026-09-01", "100", "100", "2026-09-01"),
        ("C1", "B", "2026-08-01", "2026-09-10", "300", "300", "2026-09-20"),
        ("C1", "C", "2026-10-01", "2026-11-10", "600", "0", None),
        ("C1", "D", "2026-11-01", "2026-12-10", "999", "0", None),
    )
    result = behaviour(frame)
    assert result["judged"] == 3
    assert result["on_time_rate"] == pytest.approx(1 / 3)
    assert result["on_time_rate_amount"] == pytest.approx(100 / 1000)
    assert result["overdue_count"] == 2
    assert result["average_days_late"] == pytest.approx((10 + 20) / 2)
    assert result["max_days_late"] == 20
    assert result["overdue_amount"] == 60000


def test_grace_days_count_a_slightly_late_payment_as_on_time():
    frame = ledger(("C1", "A", "2026-08-01", "2026-09-01", "100", "100", "2026-09-04"))
    assert behaviour(frame)["on_time_rate"] == 0.0
    assert behaviour(frame, grace_days=3)["on_time_rate"] == 1.0


def test_window_judges_only_lines_due_since_its_start():
    frame = ledger(
        ("C1", "A", "2025-01-01", "2025-02-01", "100", "100", "2025-05-01"),
        ("C1", "B", "2026-06-01", "2026-07-01", "100", "100", "2026-07-01"),
    )
    assert behaviour(frame)["overdue_count"] == 1
    windowed = behaviour(frame, since=dt.date(2025, 11, 30))
    assert windowed["overdue_count"] == 0
    assert windowed["on_time_rate"] == 1.0


def test_aging_a_large_ledger_is_exact_in_fen():
    rng = np.random.default_rng(7)
    n = 20_000
    frame = ledger(
        *(
            ("C" + str(i % 37), f"N{i}", "2026-01-01", "2026-06-30", f"{v / 100:.2f}", 0, None)
            for i, v in enumerate(rng.integers(1, 10**9, n))
        )
    )
    table = age(frame, AS_OF).table
    assert table["total"].sum() == frame["amount"].sum()


def test_judging_a_settled_line_without_a_payment_date():
    """Settled with no 收款日期: on time if it is not yet past due (due today included),
    otherwise it cannot be judged; an open line is late only past the grace days."""
    from creditbook.core.receivables import NAT_DAY, judge_payments

    today = 100
    due = np.array([100, 101, 99, 99, 90, 97])
    paid = np.array([NAT_DAY, NAT_DAY, NAT_DAY, 104, NAT_DAY, NAT_DAY])
    settled = np.array([True, True, True, True, False, False])
    judged, late, days = judge_payments(due, paid, settled, today, grace_days=3)
    assert judged.tolist() == [True, True, False, True, True, False]
    assert late.tolist() == [False, False, False, True, True, False]
    assert days.tolist() == [0, 0, 0, 5, 10, 0]


def test_the_aging_table_has_exactly_the_columns_the_workbook_shows():
    frame = ledger(
        ("C2", "B", "2026-09-01", "2026-10-01", "500.00", "0", None),
        ("C1", "A", "2026-11-01", "2026-12-01", "100.00", "100.00", "2026-11-20"),  # settled
        ("C3", "C", "2026-10-01", "2026-10-31", "800.00", "0", None),
    )
    table = age(frame, AS_OF).table
    assert table.index.tolist() == [0, 1]
    assert table["customer_id"].tolist() == ["C2", "C3"]
    assert table.columns.tolist() == [
        "customer_id", "customer_name", "未到期", "1-30天", "31-60天", "61-90天", "91-180天",
        "181-365天", "365天以上", "total", "overdue", "max_days_overdue",
    ]  # fmt: skip
