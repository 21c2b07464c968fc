"""上调 needs a clean record: no late payment in the window, which is an on-time rate of 100%."""

from __future__ import annotations

import datetime as dt

from ledger_rows import AS_OF, ledger

from creditbook.core.monitoring import recommend_adjustment
from creditbook.core.receivables import behaviour_record, payment_behaviour

WINDOW_START = dt.date(2025, 11, 30)


def _monthly(late_months: set[int]) -> tuple:
    """Twelve monthly invoices of 8,000.00 due on the 10th, paid on the 8th or 25 days late."""
    rows = []
    for month in range(12):
        year, number = divmod(11 + month, 12)
        due = dt.date(2025 + year, number + 1, 10)
        paid = due + dt.timedelta(days=25 if month in late_months else -2)
        issued = due - dt.timedelta(days=45)
        rows.append(
            (
                "KH0300",
                f"XS-{month:02d}",
                issued.isoformat(),
                due.isoformat(),
                "8000.00",
                "8000.00",
                paid.isoformat(),
            )
        )
    return tuple(rows)


def _behaviour(late_months: set[int]):
    frame = ledger(*_monthly(late_months))
    table = payment_behaviour(frame, AS_OF, since=WINDOW_START)
    return behaviour_record(table.iloc[0].to_dict())


def test_a_clean_year_upgrades_and_states_the_full_on_time_rate():
    window = _behaviour(set())
    assert (window.judged, window.overdue_count, window.on_time_rate) == (12, 0, 1.0)
    advice = recommend_adjustment("B", (), window, dt.date(2024, 3, 1), AS_OF)
    assert (advice.grade, advice.limit, advice.term) == ("上调", "上调", "上调")
    assert advice.reasons == ("近 12 个月无逾期，付款准时率 100%，信用状况良好",)


def test_one_late_payment_in_twelve_holds_even_though_the_rate_is_above_95_percent():
    window = _behaviour({5})
    assert (window.judged, window.overdue_count) == (12, 1)
    assert round(window.on_time_rate, 4) == 0.9167
    advice = recommend_adjustment("B", (), window, dt.date(2024, 3, 1), AS_OF)
    assert (advice.grade, advice.limit, advice.term) == ("维持", "维持", "维持")
    assert advice.reasons == ("近 12 个月逾期 1 次，暂不上调",)
