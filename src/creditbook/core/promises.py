"""What the conversation with a customer changes about collecting from it: promises to pay
(承诺付款) and disputed invoices (争议单据), from the contact log 客户联系与催收记录.

Pure functions over the canonical contact-log frame (``inputs.contacts``) and the ledger;
money is Decimal yuan. The rules (amounts are as of the letter date):

* An **open promise** (结果 已承诺付款 / 部分回款承诺, with a date and an amount) holds back the
  part of the promised amount not yet received, until the promised date plus the policy's
  ``collections.promise_grace_days``: no letter demands it meanwhile.
* A promise is **kept** when the ledger's receipts from the day it was made reach its amount
  (or 结果 says 已按承诺付款): nothing follows from it.
* A promise is **broken** when its date plus the grace days has passed without that (or 结果
  says 未按承诺付款): the next letter cites it and, by policy, goes one dunning stage up.
* A **disputed invoice** (a contact row whose 事由/结果 says 争议 or 异议 and names its 单据号,
  or a 争议/异议 column in the ledger) is taken out of the demanded amount until a row says
  争议已解决. For every customer: demanded + disputed + held = the overdue amount, to the fen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd

from creditbook.core.collections import DunningCase, OverdueLine, skip_reason
from creditbook.core.money import ZERO, format_money, from_fen, round_fen
from creditbook.core.policy import DunningStage, Policy, resolve_policy

CONTACT_LABELS = {
    "date": "日期",
    "customer_id": "客户编码",
    "customer_name": "客户名称",
    "method": "联系方式",
    "purpose": "事由",
    "contact": "客户联系人",
    "staff": "经办人",
    "content": "沟通内容",
    "promised_date": "承诺付款日期",
    "promised_amount": "承诺付款金额",
    "outcome": "结果",
    "next_step": "下一步",
    "next_date": "下次跟进日期",
    "promise_status": "承诺状态",
    "invoice_no": "单据号",
    "dispute_reason": "争议原因",
}
"""The contact log's columns: canonical name (the reader's frame, in its order) → the header
of the standard workbook 客户联系与催收记录. The one list the reader, the sample data and the
workbook take their columns from."""

OPEN_PROMISE = ("已承诺付款", "部分回款承诺")
KEPT_PROMISE = ("已按承诺付款",)
BROKEN_PROMISE = ("未按承诺付款",)
DISPUTE_WORDS = ("争议", "异议", "有争议", "有异议", "质量异议", "数量差异", "价格争议")
RESOLVED_WORDS = ("争议已解决", "异议已解决", "争议解决", "异议解决", "已解决")
# Ledger columns (kept under their own header) that mark an invoice as disputed.
LEDGER_DISPUTE_COLUMNS = ("争议", "异议", "争议原因", "异议原因", "争议/异议", "是否争议")
LEGAL_WORDS = ("移交法务", "法律程序", "起诉", "诉讼", "仲裁", "律师函")
_NOT_DISPUTED = {"", "否", "无", "n", "no", "false", "0", "-", "×"}

Status = Literal["open", "kept", "broken"]


def cn_date(day: dt.date) -> str:
    """2026-11-05 → '2026年11月5日'."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Promise:
    """A promise to pay from the contact log: made on ``made_on`` to pay ``amount`` by ``due``."""

    customer_id: str
    made_on: dt.date
    due: dt.date
    amount: Decimal
    outcome: str = ""
    staff: str = ""
    row: int = 0


@dataclass(frozen=True)
class JudgedPromise:
    """A promise as of a date: ``received`` since it was made; ``remaining`` still to pay."""

    promise: Promise
    status: Status
    received: Decimal
    remaining: Decimal

    @property
    def text(self) -> str:
        """'承诺 2026-12-10 付 50,000.00'."""
        return f"承诺 {self.promise.due.isoformat()} 付 {format_money(self.promise.amount)}"

    @property
    def citation(self) -> str:
        """The letter's sentence citing a broken promise."""
        p = self.promise
        return (
            f"贵司于{cn_date(p.made_on)}承诺于{cn_date(p.due)}前支付人民币"
            f"{format_money(p.amount)}元，截至本函发出之日仍未支付"
        )


@dataclass(frozen=True)
class Dispute:
    """An invoice the customer disputes, since ``since`` (None: the ledger marks it, undated)."""

    customer_id: str
    invoice_no: str
    reason: str
    since: dt.date | None = None
    staff: str = ""

    def age(self, as_of: dt.date) -> int | None:
        return None if self.since is None else (as_of - self.since).days


@dataclass(frozen=True)
class DisputedLine:
    """An overdue invoice taken out of the letter's amount while its dispute is checked."""

    line: OverdueLine
    reason: str
    since: dt.date | None = None


@dataclass(frozen=True)
class FollowUp:
    """A customer's promises and disputes as of a date (all, not only those of one case)."""

    customer_id: str
    promises: tuple[JudgedPromise, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    legal_since: dt.date | None = None

    @property
    def open(self) -> tuple[JudgedPromise, ...]:
        return tuple(p for p in self.promises if p.status == "open")

    @property
    def broken(self) -> tuple[JudgedPromise, ...]:
        return tuple(p for p in self.promises if p.status == "broken")


def _day(value: Any) -> dt.date | None:
    """A date cell of a pandas frame (Timestamp, date, text or NaT/NaN/None)."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _rows(contacts: pd.DataFrame | None, as_of: dt.date) -> list[dict[Hashable, Any]]:
    """The log's rows dated on or before ``as_of``, in date order (the file's order within
    a day)."""
    if contacts is None or contacts.empty:
        return []
    rows = []
    for position, row in enumerate(contacts.to_dict("records")):
        day = _day(row.get("date"))
        if day is not None and day <= as_of:
            rows.append({**row, "date": day, "_position": position})
    return sorted(rows, key=lambda r: (r["date"], r["_position"]))


def promises_from(contacts: pd.DataFrame | None, as_of: dt.date) -> tuple[Promise, ...]:
    """Every promise made by ``as_of``: a row with a 承诺付款日期 and a 承诺付款金额."""
    found = []
    for row in _rows(contacts, as_of):
        due = _day(row.get("promised_date"))
        fen = row.get("promised_amount")
        if due is None or fen is None or pd.isna(fen) or int(fen) <= 0:
            continue
        found.append(
            Promise(
                customer_id=str(row["customer_id"]),
                made_on=row["date"],
                due=due,
                amount=from_fen(int(fen)),
                outcome=str(row.get("outcome") or ""),
                staff=str(row.get("staff") or ""),
                row=int(row.get("row") or 0),
            )
        )
    return tuple(found)


def legal_handovers(contacts: pd.DataFrame | None, as_of: dt.date) -> dict[str, dt.date]:
    """客户编码 → the first day by ``as_of`` a row's 事由 or 结果 records the customer handed
    to the legal department (移交法务, 法律程序, 起诉, 诉讼, 仲裁, 律师函)."""
    found: dict[str, dt.date] = {}
    for row in _rows(contacts, as_of):
        said = f"{row.get('purpose') or ''} {row.get('outcome') or ''}"
        if any(word in said for word in LEGAL_WORDS):
            found.setdefault(str(row["customer_id"]), row["date"])
    return found


def receipts_since(
    ledger: pd.DataFrame, customer_id: str, since: dt.date, until: dt.date
) -> Decimal:
    """What the ledger shows received from ``customer_id`` between two days (inclusive): the
    received amount of each line whose 收款日期 falls in between (a line's receipts count on
    its last receipt date)."""
    if ledger.empty:
        return ZERO
    mine = ledger[ledger["customer_id"].astype(str) == customer_id]
    paid_on = pd.to_datetime(mine["paid_date"])
    start, end = pd.Timestamp(since), pd.Timestamp(until)
    window = (paid_on >= start) & (paid_on <= end) & (mine["amount"] > 0)
    return from_fen(int(mine.loc[window, "paid_amount"].sum()))


_NO_DAYS = np.array([], dtype="datetime64[ns]")
_NO_FEN = np.array([], dtype=np.int64)


def _receipts_by_customer(
    ledger: pd.DataFrame, customers: set[str]
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """客户编码 → (收款日期, received fen) of its positive lines with a receipt date, as
    ``receipts_since`` counts them, for the customers asked about."""
    if ledger.empty or not customers:
        return {}
    ids = ledger["customer_id"].astype(str).to_numpy(object)
    paid_on = pd.to_datetime(ledger["paid_date"]).to_numpy("datetime64[ns]")
    fen = ledger["paid_amount"].to_numpy(np.int64)
    wanted = pd.Series(ids).isin(customers).to_numpy()  # hashed: object arrays sort slowly
    keep = wanted & (ledger["amount"].to_numpy(np.int64) > 0)
    keep &= ~np.isnat(paid_on)
    ids, paid_on, fen = ids[keep], paid_on[keep], fen[keep]
    codes, _ = pd.factorize(ids, sort=True)
    order = np.argsort(codes, kind="stable")
    ids, paid_on, fen = ids[order], paid_on[order], fen[order]
    found: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if not len(ids):
        return found
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]).tolist()
    for begin, stop in zip(starts, [*starts[1:], len(ids)], strict=True):
        found[str(ids[begin])] = (paid_on[begin:stop], fen[begin:stop])
    return found


def judge(promise: Promise, received: Decimal, as_of: dt.date, grace_days: int) -> JudgedPromise:
    """open, kept or broken as of ``as_of`` (see the module's rules)."""
    remaining = max(round_fen(promise.amount - received), ZERO)
    if promise.outcome in KEPT_PROMISE or remaining == 0:
        return JudgedPromise(promise, "kept", received, ZERO)
    if promise.outcome in BROKEN_PROMISE and as_of > promise.due:
        return JudgedPromise(promise, "broken", received, remaining)
    if as_of > promise.due + dt.timedelta(days=grace_days):
        return JudgedPromise(promise, "broken", received, remaining)
    return JudgedPromise(promise, "open", received, remaining)


def disputes_from(
    contacts: pd.DataFrame | None, ledger: pd.DataFrame | None, as_of: dt.date
) -> tuple[Dispute, ...]:
    """The disputes still open on ``as_of``: raised in the log (and not since resolved there)
    or marked in a ledger column 争议/异议."""
    raised: dict[tuple[str, str], Dispute] = {}
    for row in _rows(contacts, as_of):
        number = str(row.get("invoice_no") or "")
        if not number:
            continue
        purpose, outcome = str(row.get("purpose") or ""), str(row.get("outcome") or "")
        key = (str(row["customer_id"]), number)
        if outcome in RESOLVED_WORDS or purpose in RESOLVED_WORDS:
            raised.pop(key, None)
        elif any(word in (purpose, outcome) for word in DISPUTE_WORDS):
            reason = str(row.get("dispute_reason") or "") or (
                outcome if outcome not in ("争议", "异议", "有争议", "有异议") else purpose
            )
            if key not in raised:  # the first row dates the dispute
                raised[key] = Dispute(key[0], number, reason, row["date"], str(row["staff"] or ""))
    for dispute in _ledger_disputes(ledger):
        raised.setdefault((dispute.customer_id, dispute.invoice_no), dispute)
    return tuple(raised.values())


def unmatched_disputes(
    contacts: pd.DataFrame | None, ledger: pd.DataFrame, as_of: dt.date
) -> list[str]:
    """The log's dispute rows whose 单据号 is none of that customer's invoices in the ledger
    (a typo, another customer's code): they hold nothing back, so each is named by file,
    sheet and row rather than silently left out."""
    if contacts is None or contacts.empty:
        return []
    codes, numbers = ledger["customer_id"].astype(str), ledger["invoice_no"].astype(str)
    known = set(zip(codes, numbers, strict=True))
    where = " ".join(str(contacts.attrs.get(k) or "") for k in ("file", "sheet")).strip()
    found = []
    for row in _rows(contacts, as_of):
        number, customer = str(row.get("invoice_no") or ""), str(row["customer_id"])
        purpose, outcome = str(row.get("purpose") or ""), str(row.get("outcome") or "")
        disputed = any(word in (purpose, outcome) for word in DISPUTE_WORDS)
        if number and disputed and (customer, number) not in known:
            found.append(
                f"{where} 第 {row.get('row')} 行 单据号 {number}: 台账中客户 {customer} "
                "没有这张单据，争议未计入 not an invoice of this customer in the ledger"
            )
    return found


def _ledger_disputes(ledger: pd.DataFrame | None) -> list[Dispute]:
    if ledger is None or ledger.empty:
        return []
    found = []
    for column in (c for c in LEDGER_DISPUTE_COLUMNS if c in ledger.columns):
        for customer, number, mark in zip(
            ledger["customer_id"], ledger["invoice_no"], ledger[column], strict=True
        ):
            text = "" if mark is None or (isinstance(mark, float) and mark != mark) else str(mark)
            if text.strip().casefold() in _NOT_DISPUTED:
                continue
            reason = "" if text.strip() in ("是", "有", "y", "yes", "true", "1", "√") else text
            found.append(Dispute(str(customer), str(number), reason.strip() or "台账标记争议"))
    return found


def follow_ups(
    contacts: pd.DataFrame | None,
    ledger: pd.DataFrame,
    as_of: dt.date,
    policy: Policy | str | None = None,
) -> dict[str, FollowUp]:
    """客户编码 → its promises (judged as of ``as_of``) and open disputes."""
    grace = resolve_policy(policy).collections.promise_grace_days
    promises: dict[str, list[JudgedPromise]] = {}
    made = promises_from(contacts, as_of)
    receipts = _receipts_by_customer(ledger, {p.customer_id for p in made})
    end = pd.Timestamp(as_of).to_datetime64()
    for promise in made:
        days, fen = receipts.get(promise.customer_id, (_NO_DAYS, _NO_FEN))
        start = pd.Timestamp(promise.made_on).to_datetime64()
        received = from_fen(int(fen[(days >= start) & (days <= end)].sum()))
        promises.setdefault(promise.customer_id, []).append(judge(promise, received, as_of, grace))
    disputes: dict[str, list[Dispute]] = {}
    for dispute in disputes_from(contacts, ledger, as_of):
        disputes.setdefault(dispute.customer_id, []).append(dispute)
    legal = legal_handovers(contacts, as_of)
    return {
        cid: FollowUp(
            cid, tuple(promises.get(cid, ())), tuple(disputes.get(cid, ())), legal.get(cid)
        )
        for cid in sorted(set(promises) | set(disputes) | set(legal))
    }


def next_stage(stage: DunningStage | None, policy: Policy) -> DunningStage | None:
    """The stage after ``stage`` (the last stays the last)."""
    if stage is None:
        return None
    stages = list(policy.dunning)
    position = next(i for i, s in enumerate(stages) if s.stage == stage.stage)
    return stages[min(position + 1, len(stages) - 1)]


def held_reason(held: Sequence[JudgedPromise]) -> str:
    """'暂缓（承诺 2026-12-10 付 50,000.00）' (several promises joined by 、)."""
    return f"暂缓（{'、'.join(p.text for p in held)}）"


def apply_follow_up(
    case: DunningCase,
    follow_up: FollowUp | None,
    policy: Policy | str | None = None,
) -> DunningCase:
    """The case as the conversation leaves it: disputed invoices out of its lines, the open
    promises' remaining amounts held (up to what is left), the latest broken promise about
    these arrears cited, the stage one up for it (policy switch), and the skip reason when
    nothing is left to demand."""
    if follow_up is None:
        return case
    policy = resolve_policy(policy)
    by_number = {d.invoice_no: d for d in follow_up.disputes}
    kept_lines, disputed = [], []
    for line in case.lines:
        dispute = by_number.get(line.invoice_no)
        if dispute is not None and line.kind == "invoice":
            disputed.append(DisputedLine(line, dispute.reason, dispute.since))
        else:
            kept_lines.append(line)
    disputed_amount = round_fen(sum((d.line.open for d in disputed), ZERO))
    left = round_fen(case.overdue_amount - disputed_amount)
    open_promises = tuple(p for p in follow_up.open if p.remaining > 0)
    promised = round_fen(sum((p.remaining for p in open_promises), ZERO))
    held = min(promised, max(left, ZERO))
    demanded = round_fen(left - held)
    earliest_due = min((ln.due_date for ln in case.lines if ln.kind == "invoice"), default=None)
    broken = tuple(
        p for p in follow_up.broken if earliest_due is None or p.promise.due >= earliest_due
    )
    broken = tuple(sorted(broken, key=lambda p: p.promise.due))[-1:]
    stage, escalated_from = case.stage, ""
    if broken and policy.collections.broken_promise_escalates and case.stage is not None:
        raised = next_stage(case.stage, policy)
        if raised is not None and raised.stage != case.stage.stage:
            stage, escalated_from = raised, case.stage.stage
    reason = case.skip_reason
    if not reason:
        if demanded <= 0 and held > 0:
            reason = held_reason(open_promises)
        elif demanded <= 0 and disputed:
            reason = "逾期单据均有争议（核实中） every overdue invoice is disputed"
        else:
            reason = skip_reason(demanded, policy.monitoring.min_overdue_amount)
    if follow_up.legal_since is not None and case.stage is not None:
        # Handed to the legal department: no letter and nothing held for a promise; the
        # whole undisputed overdue amount goes on the legal list.
        return replace(
            case,
            stage=legal_stage(policy),
            lines=tuple(kept_lines),
            skip_reason=case.skip_reason,
            disputed=tuple(disputed),
            broken=broken,
            handed_to_legal=follow_up.legal_since,
        )
    return replace(
        case,
        stage=stage,
        lines=tuple(kept_lines),
        skip_reason=reason,
        disputed=tuple(disputed),
        held=held,
        held_promises=open_promises if held > 0 else (),
        broken=broken,
        escalated_from=escalated_from,
    )


def legal_stage(policy: Policy) -> DunningStage:
    """The policy's legal stage (its letter kind is ``legal``), else its last stage."""
    stages = list(policy.dunning)
    return next((s for s in stages if s.letter == "legal"), stages[-1])


def apply_follow_ups(
    cases: Iterable[DunningCase],
    follow_ups_by_customer: dict[str, FollowUp],
    policy: Policy | str | None = None,
) -> tuple[DunningCase, ...]:
    policy = resolve_policy(policy)
    return tuple(
        apply_follow_up(c, follow_ups_by_customer.get(c.customer_id), policy) for c in cases
    )
