"""The sample invoices as a running statement (往来明细账): what an accounting system exports
when it cannot list what was received against each invoice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from creditbook.core.models import Invoice
from creditbook.core.money import ZERO

STATEMENT_HEADER = ("日期", "凭证号", "摘要", "借方", "贷方", "方向", "余额")


def _direction(balance: Decimal) -> str:
    return "借" if balance > 0 else "贷" if balance < 0 else "平"


def statement_rows(invoices: tuple[Invoice, ...], customer_id: str, as_of: dt.date) -> list[tuple]:
    """One customer's 往来明细账 for the year of ``as_of``: 期初余额, every invoice (借方; a
    credit note as a 红字 negative 借方) and receipt (贷方) in date order with the running
    余额, and 本年累计."""
    start = as_of.replace(month=1, day=1)
    own = [i for i in invoices if i.customer_id == customer_id and i.invoice_date <= as_of]
    opening = Decimal(0)
    lines: list[tuple[dt.date, int, str, str, Decimal, Decimal]] = []
    for invoice in own:
        paid_on = invoice.paid_date or min(invoice.due_date, as_of)
        received = invoice.paid_amount if invoice.paid_amount and paid_on <= as_of else ZERO
        if invoice.invoice_date < start:
            opening += invoice.amount
        else:
            what = "销售退回" if invoice.amount < 0 else "销售发货"
            lines.append((invoice.invoice_date, 0, invoice.invoice_no, what, invoice.amount, ZERO))
        if received and paid_on < start:
            opening -= received
        elif received:
            lines.append((paid_on, 1, f"收-{invoice.invoice_no}", "收到货款", ZERO, received))
    lines.sort(key=lambda line: line[:3])
    balance = opening
    rows: list[tuple] = [(start, None, "期初余额", None, None, _direction(opening), abs(opening))]
    debits = credits = Decimal(0)
    for day, _, voucher, summary, debit, credit in lines:
        balance += debit - credit
        debits, credits = debits + debit, credits + credit
        rows.append(
            (
                day,
                voucher,
                summary,
                debit or None,
                credit or None,
                _direction(balance),
                abs(balance),
            )
        )
    rows.append((None, None, "本年累计", debits, credits, _direction(balance), abs(balance)))
    return rows
