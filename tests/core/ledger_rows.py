"""Hand-written ledgers for the receivables tests: rows of yuan amounts and ISO dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd

AS_OF = dt.date(2026, 11, 30)


def ledger(*rows: tuple) -> pd.DataFrame:
    """Rows of (客户编码, 单据号, 单据日期, 到期日, 金额, 已收金额, 收款日期) in yuan."""
    frame = pd.DataFrame(
        rows,
        columns=[
            "customer_id",
            "invoice_no",
            "invoice_date",
            "due_date",
            "amount",
            "paid_amount",
            "paid_date",
        ],
    )
    frame["customer_name"] = frame["customer_id"] + "公司"
    for column in ("invoice_date", "due_date", "paid_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    for column in ("amount", "paid_amount"):
        frame[column] = [int(Decimal(str(v)) * 100) for v in frame[column]]
    return frame
