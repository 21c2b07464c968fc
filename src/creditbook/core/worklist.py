"""催收工作清单: for a day, per collector, the customers to act on and what to do next.

A customer is on the list when it is overdue (at or above the policy's minimum), a promise
to pay falls due that day or was broken, the contact log's 下次跟进日期 has come, or a
dispute has been open longer than the policy allows. Within a collector the list is ranked
by overdue amount × longest days overdue. The collector is the register's or ledger's 经办人
/ 业务员 for the customer, else whoever last chased it in the contact log, else 未分配.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from creditbook.core.collections import DunningCase, collection_review, paid_after
from creditbook.core.money import ZERO, format_money
from creditbook.core.policy import Policy, resolve_policy
from creditbook.core.promises import (
    FollowUp,
    JudgedPromise,
    apply_follow_ups,
    follow_ups,
    held_reason,
)

UNASSIGNED = "未分配"
# Register or ledger columns (kept under their own header) naming who collects a customer.
COLLECTOR_COLUMNS = ("经办人", "催收人", "催收员", "业务员", "销售员", "销售人员", "salesperson")


@dataclass(frozen=True)
class WorkItem:
    """One customer on a collector's list, with the figures and the next step."""

    collector: str
    customer_id: str
    customer_name: str
    overdue: Decimal
    demanded: Decimal
    disputed: Decimal
    held: Decimal
    max_days_overdue: int
    stage: str
    reasons: tuple[str, ...]
    last_contact: str
    promise_status: str
    next_step: str
    next_date: dt.date | None = None

    @property
    def priority(self) -> Decimal:
        """Overdue amount × longest days overdue (the ranking)."""
        return self.overdue * self.max_days_overdue


def _day(value: Any) -> dt.date | None:
    """A date cell of a pandas frame (Timestamp, date, text or NaT/NaN/None)."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def collectors(
    register: pd.DataFrame | None,
    ledger: pd.DataFrame | None,
    contacts: pd.DataFrame | None,
    as_of: dt.date,
) -> dict[str, str]:
    """客户编码 → collector: register column, else ledger column (the name most lines
    carry), else the last 催收 contact's 经办人, else the last contact's."""
    found: dict[str, str] = {}
    for frame in (register, ledger):
        if frame is None or frame.empty:
            continue
        column = next((c for c in COLLECTOR_COLUMNS if c in frame.columns), None)
        if column is None:
            continue
        names: dict[str, Counter[str]] = {}
        for customer, name in zip(frame["customer_id"], frame[column], strict=True):
            if _text(name):
                names.setdefault(str(customer), Counter())[_text(name)] += 1
        for customer, counts in names.items():
            found.setdefault(customer, counts.most_common(1)[0][0])
    chased: dict[str, str] = {}
    anyone: dict[str, str] = {}
    for row in _log_rows(contacts, as_of):
        staff, customer = _text(row.get("staff")), str(row["customer_id"])
        if staff:
            anyone[customer] = staff
            if _text(row.get("purpose")) == "催收":
                chased[customer] = staff
    return {**anyone, **chased, **found}


def _log_rows(contacts: pd.DataFrame | None, as_of: dt.date) -> list[dict[Hashable, Any]]:
    if contacts is None or contacts.empty:
        return []
    rows = [
        {**r, "date": _day(r.get("date")), "_n": n}
        for n, r in enumerate(contacts.to_dict("records"))
    ]
    return sorted(
        (r for r in rows if r["date"] is not None and r["date"] <= as_of),
        key=lambda r: (r["date"], r["_n"]),
    )


def _promise_status(
    follow_up: FollowUp | None, case: DunningCase | None, as_of: dt.date
) -> tuple[str, list[JudgedPromise], list[JudgedPromise]]:
    """The status text, the promises due today and the broken ones that count."""
    if follow_up is None:
        return "", [], []
    today = [p for p in follow_up.open if p.promise.due == as_of]
    later = [p for p in follow_up.open if p.promise.due != as_of]
    broken = list(case.broken) if case is not None else []
    parts = []
    parts += [f"今日到期（{p.text}）" for p in today]
    parts += [f"已违约（{p.text}）" for p in broken]
    parts += [f"未到期（{p.text}）" for p in later]
    return "；".join(parts), today, broken


def build_worklist(
    cases: Iterable[DunningCase],
    follow_ups: Mapping[str, FollowUp],
    contacts: pd.DataFrame | None,
    as_of: dt.date,
    policy: Policy | str | None = None,
    assigned: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> tuple[WorkItem, ...]:
    """The day's work, sorted by collector and, within one, by priority (highest first).

    ``cases`` are ``collection_review``'s cases with the follow-ups applied
    (``core.promises.apply_follow_ups``); ``assigned`` maps 客户编码 → collector
    (``collectors``); ``names`` 客户编码 → 客户名称 for customers with no case."""
    policy = resolve_policy(policy)
    rules = policy.collections
    minimum = policy.monitoring.min_overdue_amount
    by_customer = {c.customer_id: c for c in cases}
    last: dict[str, dict[Hashable, Any]] = {}
    for row in _log_rows(contacts, as_of):
        last[str(row["customer_id"])] = row
    next_dates: dict[str, tuple[dt.date, str]] = {}
    for row in _log_rows(contacts, as_of):
        customer, when = str(row["customer_id"]), _day(row.get("next_date"))
        if when is not None:
            next_dates[customer] = (when, _text(row.get("next_step")))
        elif customer in next_dates and row["date"] >= next_dates[customer][0]:
            del next_dates[customer]  # contacted on or after the follow-up date: done
    items: list[WorkItem] = []
    everyone = sorted(set(by_customer) | set(follow_ups) | set(next_dates))
    for customer in everyone:
        case = by_customer.get(customer)
        follow_up = follow_ups.get(customer)
        status, due_today, broken = _promise_status(follow_up, case, as_of)
        reasons: list[str] = []
        steps: list[str] = []
        overdue = case is not None and case.overdue_amount >= minimum
        if due_today:
            reasons.append("承诺今日到期")
            steps.append("核对今日到账，未到账即电话跟进")
        if broken:
            reasons.append("承诺未兑现")
            steps.append("告知客户承诺未兑现，催收升级")
        follow = next_dates.get(customer)
        if follow is not None and follow[0] <= as_of:
            reasons.append(f"跟进日期已到（{follow[0].isoformat()}）")
            steps.append(follow[1] or "按计划跟进")
        aged = [
            d
            for d in (follow_up.disputes if follow_up else ())
            if (d.age(as_of) or 0) > rules.dispute_escalation_days
        ]
        if aged:
            numbers = "、".join(d.invoice_no for d in aged)
            reasons.append(f"争议超过 {rules.dispute_escalation_days} 天（{numbers}）")
            steps.append("争议超期，提交销售与质量部门升级处理")
        if overdue and case is not None:
            reasons.insert(0, "逾期")
            if case.skip_reason.startswith("暂缓"):
                steps.append(f"{case.skip_reason}，到期后核对到账")
            elif case.stage is not None and not case.skip_reason:
                steps.append(f"{case.stage.stage}：{case.stage.action or case.stage.stage}")
                if case.held > 0:
                    steps.append(f"{held_reason(case.held_promises)}，其余发函")
            elif case.skip_reason:  # e.g. every overdue invoice disputed: say why
                steps.append(f"不发函：{case.skip_reason}")
        if not reasons:
            continue
        items.append(_item(customer, case, follow_up, last.get(customer), status, reasons,
                           steps, assigned, names, follow))  # fmt: skip
    return tuple(sorted(items, key=lambda i: (i.collector, -i.priority, i.customer_id)))


def _item(
    customer: str,
    case: DunningCase | None,
    follow_up: FollowUp | None,
    last: Mapping[Hashable, Any] | None,
    status: str,
    reasons: list[str],
    steps: list[str],
    assigned: Mapping[str, str] | None,
    names: Mapping[str, str] | None,
    follow: tuple[dt.date, str] | None,
) -> WorkItem:
    del follow_up
    contact = ""
    if last is not None:
        parts = [last["date"].isoformat(), _text(last.get("method")), _text(last.get("outcome"))]
        staff = _text(last.get("staff"))
        contact = " ".join(p for p in parts if p) + (f"（{staff}）" if staff else "")
    stage = ""
    if case is not None and case.stage is not None:
        stage = case.stage.stage
        if case.escalated_from:
            stage += f"（承诺未兑现，由{case.escalated_from}升级）"
    name = case.customer_name if case is not None else (names or {}).get(customer, customer)
    return WorkItem(
        collector=(assigned or {}).get(customer) or UNASSIGNED,
        customer_id=customer,
        customer_name=name,
        overdue=case.overdue_amount if case is not None else ZERO,
        demanded=max(case.demanded, ZERO) if case is not None else ZERO,
        disputed=case.disputed_amount if case is not None else ZERO,
        held=case.held if case is not None else ZERO,
        max_days_overdue=case.max_days_overdue if case is not None else 0,
        stage=stage,
        reasons=tuple(reasons),
        last_contact=contact,
        promise_status=status,
        next_step="；".join(dict.fromkeys(steps)),
        next_date=follow[0] if follow else None,
    )


def summary_line(item: WorkItem) -> str:
    """'KH0019 名称 ¥138,002.03 逾期 12 天: 逾期、承诺今日到期 → 下一步'."""
    return (
        f"{item.customer_id} {item.customer_name} ¥{format_money(item.overdue)} "
        f"逾期 {item.max_days_overdue} 天: {'、'.join(item.reasons)} → {item.next_step}"
    )


def day_worklist(
    ledger: pd.DataFrame,
    register: pd.DataFrame | None,
    contacts: pd.DataFrame | None,
    as_of: dt.date,
    policy: Policy | str | None = None,
) -> tuple[WorkItem, ...]:
    """The day's 催收工作清单 from the canonical ledger, register (or None) and contact log,
    as `creditbook worklist` makes it: names from the register, else the ledger."""
    policy = resolve_policy(policy)
    names: dict[str, str] = {}
    if register is not None and not register.empty:
        names = {
            str(k): str(v)
            for k, v in zip(register["customer_id"], register["customer_name"], strict=True)
        }
    talks = follow_ups(contacts, ledger, as_of, policy)
    cases = apply_follow_ups(collection_review(ledger, as_of, policy, names), talks, policy)
    cases = paid_after(cases, ledger, as_of)  # no letter for what was paid since: as letters
    for customer, name in zip(ledger["customer_id"], ledger["customer_name"], strict=True):
        names.setdefault(str(customer), str(name))
    assigned = collectors(register, ledger, contacts, as_of)
    return build_worklist(cases, talks, contacts, as_of, policy, assigned, names)
