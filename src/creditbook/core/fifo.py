"""先进先出 First-in-first-out: a running account (借方 / 贷方) turned into open items.

The way finance staff and auditors age a customer's 往来明细账: every receipt and every
credit memo (贷方, or a 红字 negative 借方) settles the oldest open debits first. The
opening balance (期初余额) is one open debit dated at the start of the statement (a credit
opening balance is an unapplied credit). A credit larger than everything open stays
unapplied — a prepayment (预收) — and settles the next debits as they are invoiced; it is
never aged as a negative amount. A 红字 negative 贷方 (a receipt reversed) opens a new debit
on its own date.

Each debit remembers which part of what settled it was a credit memo (``Item.memos``) and
which part receipts (``Item.received``), so a letter can list each memo as its own line (as a
红字发票 is in an invoice-form ledger) while the aging stays exactly first-in-first-out.

Amounts are whole fen (int), dates ``datetime.date``; nothing here knows about sheets.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One line of a running account.

    Attributes:
        day: 日期.  voucher: 凭证号 / 单据号.  summary: 摘要.
        debit, credit: 借方 / 贷方 in fen (either may be negative: 红字).
        due: the debit's own 到期日 when the export has one (金蝶 应收款明细表), else None.
    """

    day: dt.date
    debit: int
    credit: int
    voucher: str = ""
    summary: str = ""
    due: dt.date | None = None


@dataclass(frozen=True)
class Memo:
    """The part of one 红字 credit memo (a negative 借方) that settled one debit (fen > 0)."""

    day: dt.date
    voucher: str
    summary: str
    amount: int


@dataclass(frozen=True)
class Item:
    """A debit after FIFO: what was invoiced, how much of it receipts settled, and when.

    Attributes:
        amount: the debit in fen.  applied: fen settled by credits (≤ amount).
        settled_on: the day the last credit applied to it was booked (None: nothing applied).
        opening: True for the opening balance.
        due: the debit's own 到期日 from the export (None: the term decides it).
        memos: the credit memos that settled part of it, in order (their sum ≤ applied).
        received_on: the day the last receipt (not memo) applied to it was booked.
    """

    day: dt.date
    voucher: str
    summary: str
    amount: int
    applied: int
    settled_on: dt.date | None
    opening: bool = False
    due: dt.date | None = None
    memos: tuple[Memo, ...] = ()
    received_on: dt.date | None = None

    @property
    def open(self) -> int:
        return self.amount - self.applied

    @property
    def received(self) -> int:
        """Fen settled by receipts: ``applied`` less the credit memos."""
        return self.applied - sum(m.amount for m in self.memos)


@dataclass(frozen=True)
class FifoResult:
    """Every debit with what FIFO applied to it, and the credit left unapplied (预收)."""

    items: tuple[Item, ...]
    unapplied: int
    unapplied_since: dt.date | None

    @property
    def balance(self) -> int:
        """Open debits less unapplied credit: the statement's closing 余额 (借方 positive)."""
        return sum(i.open for i in self.items) - self.unapplied

    def open_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.open)


class _Open:
    """A debit being settled (mutable while FIFO runs, frozen into an Item at the end)."""

    __slots__ = (
        "amount",
        "applied",
        "day",
        "due",
        "memos",
        "opening",
        "received_on",
        "settled_on",
        "summary",
        "voucher",
    )

    def __init__(
        self,
        day: dt.date,
        voucher: str,
        summary: str,
        amount: int,
        opening: bool = False,
        due: dt.date | None = None,
    ) -> None:
        self.day, self.voucher, self.summary = day, voucher, summary
        self.amount, self.applied, self.opening, self.due = amount, 0, opening, due
        self.settled_on: dt.date | None = None
        self.received_on: dt.date | None = None
        self.memos: list[Memo] = []

    def take(self, credit: int, day: dt.date, memo: Entry | None = None) -> int:
        """Apply up to ``credit`` fen (of the credit memo ``memo``, else of a receipt);
        return what is left of it."""
        used = min(credit, self.amount - self.applied)
        if used:
            self.applied += used
            self.settled_on = day
            if memo is None:
                self.received_on = day
            else:
                self.memos.append(Memo(day, memo.voucher, memo.summary, used))
        return credit - used

    def frozen(self) -> Item:
        return Item(
            self.day,
            self.voucher,
            self.summary,
            self.amount,
            self.applied,
            self.settled_on,
            self.opening,
            self.due,
            tuple(self.memos),
            self.received_on,
        )


def apply_fifo(
    entries: Iterable[Entry],
    opening: int = 0,
    opening_day: dt.date | None = None,
    opening_label: str = "期初余额",
) -> FifoResult:
    """Apply credits to the oldest open debits, in the order of ``entries``.

    ``opening`` is the 期初余额 in fen (借方 positive, 贷方 negative) dated ``opening_day``;
    its open item is named ``opening_label``, the statement's own words (上年结转, 年初余额).
    """
    debits: list[_Open] = []
    waiting: deque[_Open] = deque()
    pool = 0
    pool_since: dt.date | None = None
    if opening > 0:
        if opening_day is None:
            raise ValueError("an opening debit balance needs its day to be aged")
        first = _Open(opening_day, opening_label, opening_label, opening, opening=True)
        debits.append(first)
        waiting.append(first)
    elif opening < 0:
        pool, pool_since = -opening, opening_day

    def add_debit(
        day: dt.date, voucher: str, summary: str, amount: int, due: dt.date | None = None
    ) -> None:
        nonlocal pool, pool_since
        debit = _Open(day, voucher, summary, amount, due=due)
        debits.append(debit)
        if pool:
            pool = debit.take(pool, day)
            pool_since = pool_since if pool else None
        if debit.applied < debit.amount:
            waiting.append(debit)

    def add_credit(day: dt.date, amount: int, memo: Entry | None = None) -> None:
        nonlocal pool, pool_since
        while amount and waiting:
            amount = waiting[0].take(amount, day, memo)
            if waiting[0].applied == waiting[0].amount:
                waiting.popleft()
        if amount:
            pool, pool_since = pool + amount, pool_since or day

    for entry in entries:
        if entry.debit > 0:
            add_debit(entry.day, entry.voucher, entry.summary, entry.debit, entry.due)
        elif entry.debit < 0:
            add_credit(entry.day, -entry.debit, entry)
        if entry.credit > 0:
            add_credit(entry.day, entry.credit)
        elif entry.credit < 0:
            add_debit(entry.day, entry.voucher, entry.summary, -entry.credit)
    return FifoResult(tuple(d.frozen() for d in debits), pool, pool_since)
