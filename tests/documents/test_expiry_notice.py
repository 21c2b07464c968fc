"""信用调整通知书 for a temporary limit that ended with the balance above the base limit:
the sample's KH0002 (300,000 until 2026-11-15 on a base of 960,000)."""

from __future__ import annotations

import datetime as dt

from creditbook.core.monitoring import review_customers
from creditbook.documents.notice_batch import notice_context
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
