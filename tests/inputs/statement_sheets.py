"""Reading a running statement (往来明细账) in memory, and its ledger lines as plain values."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from creditbook.inputs.readers import read_ledger
from creditbook.inputs.sources import Grid

D = dt.date
KINGDEE_HEADER = ["日期", "凭证字号", "摘要", "借方", "贷方", "方向", "余额"]


def read(rows, sheet="往来明细账", file="往来明细账.xlsx", **options):
    """A sheet's rows (as calamine hands them over) read as a ledger."""
    return read_ledger(Grid(file, sheet, rows), **options)


def _day(value) -> str | None:
    return None if pd.isna(value) else value.date().isoformat()


def lines(frame: pd.DataFrame) -> list[tuple]:
    """(客户编码, 单据号, 单据日期, 到期日, 金额 fen, 已收 fen, 收款日期) per ledger line."""
    return [
        (
            r["customer_id"],
            r["invoice_no"],
            _day(r["invoice_date"]),
            _day(r["due_date"]),
            r["amount"],
            r["paid_amount"],
            _day(r["paid_date"]),
        )
        for r in frame.to_dict("records")
    ]


def names(frame: pd.DataFrame) -> dict[str, str]:
    """客户编码 → 客户名称, as the ledger lines give them."""
    return dict(zip(frame["customer_id"], frame["customer_name"], strict=True))
