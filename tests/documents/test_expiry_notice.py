"""信用调整通知书 for a temporary limit that ended with the balance above the base limit:
the sample's KH0002 (300,000 until 2026-11-15 on a base of 960,000)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from docx_text import docx_text

from creditbook.core.models import RegisterEntry
from creditbook.core.monitoring import review_customers
from creditbook.documents.notice_batch import notice_changes, notice_context
from creditbook.documents.render import FastTemplate, template_path
from creditbook.sample import ledger_frame, register_frame, sample_data
from creditbook.settings import Settings


def test_the_notice_gives_the_expiry_and_the_excess_as_its_reason():
    data = sample_data()
    reviews = review_customers(
        ledger_frame(data.invoices), register_frame(data.register), data.as_of, "abc"
    )
    (review,) = [r for r in reviews if r.customer_id == "KH0002"]
    assert review.adjustment.limit == "下调"
    context = notice_context(review, "X-1", dt.date(2026, 12, 1), Settings())
    assert (
        "临时额度已到期，余额超出信用额度：临时额度 ¥300,000.00 于 2026-11-15 到期，"
        "应收余额 ¥1,177,904.08 超过信用额度 ¥960,000.00，超出 ¥217,904.08"
    ) in context.reasons
    limit_row = next(c for c in context.changes if c.item == "信用额度（元）")
    assert limit_row.before == "960,000.00"  # the base limit it fell back to, not 1,260,000


# A customer within its base limit: 80,000.00 open (due 2026-12-20), 信用额度 100,000,
# 临时额度 50,000 from 2026-10-01; the policy's notice days are 7.
AS_OF = dt.date(2026, 11, 30)


def review_ending(ends: str):
    entry = RegisterEntry(
        customer_id="C1",
        customer_name="华联五金有限公司",
        grade="A",
        limit=Decimal("100000"),
        term_days=60,
        temporary_limit=Decimal("50000"),
        temporary_starts=dt.date(2026, 10, 1),
        temporary_ends=dt.date.fromisoformat(ends),
        temporary_approval="LS-2026-011",
    )
    ledger = pd.DataFrame(
        {
            "customer_id": ["C1"],
            "customer_name": ["华联五金有限公司"],
            "invoice_no": ["A1"],
            "invoice_date": pd.to_datetime(["2026-10-21"]).astype("datetime64[ns]"),
            "due_date": pd.to_datetime(["2026-12-20"]).astype("datetime64[ns]"),
            "amount": [8_000_000],
            "paid_amount": [0],
            "paid_date": pd.to_datetime([None]).astype("datetime64[ns]"),
        }
    )
    (review,) = review_customers(ledger, register_frame([entry]), AS_OF, "abc")
    return review


def rendered(review) -> str:
    context = notice_context(review, "XY-2026-001", AS_OF, Settings())
    return docx_text(FastTemplate(template_path("notice")).render_bytes(context))


def test_a_temporary_limit_that_ended_within_the_notice_days_gets_a_notice_within_the_base():
    review = review_ending("2026-11-23")  # ended 7 days before: the last day of the notice
    assert review.adjustment.limit == "维持"  # 80,000 is within the base 100,000
    assert [(c.item, c.before, c.after) for c in notice_changes(review)] == [
        (
            "临时额度（元）",
            "50,000.00（2026-10-01 至 2026-11-23）",
            "2026-11-24 起不再计入，信用额度回落为 100,000.00",
        )
    ]
    text = rendered(review)
    assert "临时额度 ¥50,000.00 已于 2026-11-23 到期（7 天前），信用额度回落为 ¥100,000.00" in text
    assert "2026-11-24 起不再计入，信用额度回落为 100,000.00" in text
    assert "临时额度到期后，新订单须在信用额度 100,000.00 元内执行" in text


def test_a_temporary_limit_ending_within_the_notice_days_gets_a_notice_before_it_ends():
    review = review_ending("2026-12-07")  # 7 days left: within the notice
    assert review.limit == Decimal("150000.00")  # still in force today
    (row,) = notice_changes(review)
    assert row.after == "2026-12-08 起不再计入，信用额度回落为 100,000.00"
    text = rendered(review)
    assert (
        "临时额度 ¥50,000.00 将于 2026-12-07 到期（剩 7 天，提前 7 天提示），"
        "到期后额度回落为 ¥100,000.00"
    ) in text


@pytest.mark.parametrize("ends", ["2026-11-22", "2026-12-08"])
def test_no_notice_a_day_outside_the_notice_days_on_either_side(ends):
    review = review_ending(ends)  # ended 8 days before, or 8 days left
    assert notice_changes(review) == ()
    assert review.signals == ()
