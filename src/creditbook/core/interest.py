"""逾期付款损失: late-payment interest per overdue invoice, from a one-year LPR history.

Without an interest clause in the contract, the statutory basis applies (《最高人民法院关于
审理买卖合同纠纷案件适用法律问题的解释》（2020年修正）第十八条第四款): for a breach on or
after 2019-08-20, the one-year LPR in force *when the breach occurred* — the first day
overdue — plus 30%–50%, for every day until payment. That rate stays fixed for the invoice:
a later LPR change does not alter it. With a clause, the contract's rate applies: a daily
rate (e.g. 每日万分之五), or the same LPR basis with the contract's uplift.

The interest is a separate claim: it is shown beside the principal, never added to it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

from creditbook.core.errors import CreditbookError
from creditbook.core.money import ZERO, round_fen

LPR_FILE = "lpr_1y.csv"
FIRST_LPR_DAY = dt.date(2019, 8, 20)


class RateTableError(CreditbookError):
    """The LPR history table cannot be read."""


@dataclass(frozen=True)
class RateChange:
    """From ``start`` the one-year LPR is ``rate`` (a fraction: 0.0310 = 3.10%)."""

    start: dt.date
    rate: Decimal


def _lpr_text(path: str | Path | None) -> tuple[str, str]:
    """The text of the LPR table and its name for messages (the shipped one for None)."""
    if path is None:
        name = f"creditbook.core:{LPR_FILE}"
        text = resources.files("creditbook.core").joinpath(LPR_FILE).read_text("utf-8")
        return text, name
    try:
        return Path(path).read_text(encoding="utf-8-sig"), str(path)
    except OSError as error:
        raise RateTableError(f"{path}: LPR 利率表无法读取 cannot read ({error})") from None


def load_lpr(path: str | Path | None = None) -> tuple[RateChange, ...]:
    """The LPR history: the shipped table, or the user's copy at ``path``.

    Lines starting with # are comments; the first other line is the header. Dates must rise
    strictly; a rate is a percentage (3.10 = 3.10%).
    """
    return _parse(*_lpr_text(path))


STALE_AFTER_DAYS = 90
"""A letter dated this many days after the table's checked_through date (or more) warns."""

_CHECKED = re.compile(r"#\s*checked_through\s*:\s*(\S+)")


def lpr_checked_through(path: str | Path | None = None) -> dt.date | None:
    """The last day the LPR table was checked against the published rates: its
    ``# checked_through: YYYY-MM-DD`` line; None when the table has no such line."""
    text, name = _lpr_text(path)
    for line in text.splitlines():
        found = _CHECKED.match(line.strip())
        if found:
            try:
                return dt.date.fromisoformat(found.group(1))
            except ValueError:
                raise RateTableError(
                    f"{name}: checked_through 应为日期如 2025-06-20 must be a date: "
                    f"{found.group(1)!r}"
                ) from None
    return None


def stale_lpr_warning(letter_date: dt.date, path: str | Path | None = None) -> str | None:
    """What to say when a letter claims interest more than ``STALE_AFTER_DAYS`` days after the
    LPR table was last checked (a later LPR change would be missing from the interest); a
    table without a checked_through line counts as checked through its last change."""
    checked = lpr_checked_through(path)
    if checked is None:
        checked = load_lpr(path)[-1].start
        basis = f"未写核对日期，按最后一次变动 {checked.isoformat()} 计 no checked_through line"
    else:
        basis = f"核对至 checked through {checked.isoformat()}"
    days = (letter_date - checked).days
    if days <= STALE_AFTER_DAYS:
        return None
    if path is None:
        how = (
            "请复制内置的 LPR 表，补上此后的变动，更新其中 checked_through 一行，再在 "
            'creditbook.toml 的 [letters] 下设 lpr_file = "lpr.csv" 指向该副本 '
            "copy the shipped table, add the changes since, update its checked_through "
            "line and point lpr_file under [letters] at the copy"
        )
    else:
        how = (
            f"请在 {path} 中补上此后的变动并更新 checked_through 一行 "
            "add the changes since to your lpr_file and update its checked_through line"
        )
    table = f"creditbook.core:{LPR_FILE}" if path is None else str(path)
    return (
        f"LPR 利率表 {table} {basis}，函件日期 {letter_date.isoformat()} 已晚 {days} 天"
        f"（超过 {STALE_AFTER_DAYS} 天），其后的 LPR 变动未计入利息 the LPR table may miss "
        f"later changes: {how}"
    )


def _parse(text: str, name: str) -> tuple[RateChange, ...]:
    changes: list[RateChange] = []
    header_seen = False
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        where = f"{name} 第 {number} 行 row {number}"
        try:
            start = dt.date.fromisoformat(row[0].strip())
            percent = Decimal(row[1].strip())
        except (ValueError, IndexError, InvalidOperation):
            raise RateTableError(
                f"{where}: 应为「日期,利率%」如 2025-05-20,3.00 expected date,percent: {row!r}"
            ) from None
        if not Decimal(0) < percent < Decimal(100):
            raise RateTableError(f"{where}: 利率 {percent} 不在 0–100 之间 rate out of range")
        if changes and start <= changes[-1].start:
            raise RateTableError(f"{where}: 日期应逐行递增 dates must rise row by row")
        changes.append(RateChange(start, percent / 100))
    if not changes:
        raise RateTableError(f"{name}: LPR 利率表为空 the table has no rates")
    return tuple(changes)


def lpr_on(day: dt.date, table: Sequence[RateChange]) -> Decimal | None:
    """The one-year LPR in force on ``day`` (None before the table's first date)."""
    found = None
    for change in table:
        if change.start <= day:
            found = change.rate
    return found


@dataclass(frozen=True)
class InterestTerms:
    """How the interest is reckoned.

    Attributes:
        clause: the contract has an interest / late-payment clause.
        daily_rate: the contract's daily rate (0.0005 = 每日万分之五); None: LPR based.
        markup: uplift on the LPR (0.5 = 加计 50%); the statute allows 0.3–0.5.
        day_basis: days per year for the LPR (365).
    """

    clause: bool = False
    daily_rate: Decimal | None = None
    markup: Decimal = Decimal("0.5")
    day_basis: int = 365


@dataclass(frozen=True)
class InterestLine:
    """One invoice's 逾期付款损失: ``principal`` × ``annual_rate`` × ``days`` / basis.

    ``amount`` is None (with ``note``) when it cannot be computed, e.g. a breach before
    the LPR existed.
    """

    invoice_no: str
    principal: Decimal
    start: dt.date
    end: dt.date
    days: int
    lpr: Decimal | None
    annual_rate: Decimal | None
    daily_rate: Decimal | None
    amount: Decimal | None
    note: str = ""


@dataclass(frozen=True)
class Interest:
    """The interest on a letter's invoices up to ``end``: lines and their total."""

    end: dt.date
    terms: InterestTerms
    lines: tuple[InterestLine, ...]

    @property
    def total(self) -> Decimal:
        return round_fen(sum((ln.amount for ln in self.lines if ln.amount is not None), ZERO))


def late_payment_interest(
    invoices: Sequence[tuple[str, dt.date, Decimal]],
    end: dt.date,
    terms: InterestTerms,
    table: Sequence[RateChange],
) -> Interest:
    """Interest per (单据号, 到期日, principal) from the day after due to ``end`` inclusive."""
    return Interest(end, terms, tuple(_line(*invoice, end, terms, table) for invoice in invoices))


def _line(
    invoice_no: str,
    due: dt.date,
    principal: Decimal,
    end: dt.date,
    terms: InterestTerms,
    table: Sequence[RateChange],
) -> InterestLine:
    start = due + dt.timedelta(days=1)
    days = max((end - due).days, 0)
    base = InterestLine(invoice_no, principal, start, end, days, None, None, None, None)
    if terms.daily_rate is not None:
        amount = round_fen(principal * terms.daily_rate * days)
        return replace(base, daily_rate=terms.daily_rate, amount=amount)
    lpr = lpr_on(start, table)
    if lpr is None or start < FIRST_LPR_DAY:
        note = f"逾期起算日 {start.isoformat()} 早于 LPR 利率表首日，未计算"
        return replace(base, note=note)
    annual = lpr * (1 + terms.markup)
    amount = round_fen(principal * annual * days / terms.day_basis)
    return replace(base, lpr=lpr, annual_rate=annual, amount=amount)


LAW = "《最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释》第十八条"


def interest_wording(terms: InterestTerms) -> str:
    """The letter's sentence on late-payment interest, true to whether a clause exists."""
    uplift = f"{terms.markup * 100:.0f}%"
    if terms.clause and terms.daily_rate is not None:
        return (
            "根据双方合同关于逾期付款违约责任的约定，贵司应自逾期之日起按每日 "
            f"{_percent(terms.daily_rate)} 向我司支付逾期付款违约金，直至款项付清之日止；"
            "我司保留依约主张的权利。"
        )
    if terms.clause:
        return (
            "根据双方合同关于逾期付款违约责任的约定，贵司应自逾期之日起，以一年期贷款市场报价"
            f"利率（LPR）为基础上浮 {uplift} 向我司支付逾期付款利息，直至款项付清之日止；"
            "我司保留依约主张的权利。"
        )
    return (
        f"依据《中华人民共和国民法典》第五百七十七条及{LAW}，贵司逾期付款的，"
        "我司有权主张逾期付款损失，以违约行为发生时全国银行间同业拆借中心公布的一年期"
        f"贷款市场报价利率（LPR）为基础加计 {uplift} 计算，直至款项付清之日止。"
    )


def _percent(rate: Decimal) -> str:
    """0.0005 → '0.05%'."""
    text = f"{rate * 100:f}".rstrip("0").rstrip(".")
    return f"{text}%"
