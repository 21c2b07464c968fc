"""Credit monitoring (信用监控与预警): warning signals, adjustment advice, per-customer review.

Signals follow seed 2's list — overdue beyond a share of the credit term, exposure over the
limit (and close to it), the register's flags (亏损、资金链、诉讼、失信、被追讨、重大投资决策
失误) and a review date passed — each with a level 关注 < 预警 < 严重 and a reason with the figures.
The adjustment for grade, limit and term (上调/维持/下调/暂停) follows from them: 严重
suspends credit, 预警 lowers it, and only a clean record over the policy's window with a
high enough on-time rate raises it. An overdue amount below the policy's minimum raises
no overdue signal; a customer at the 法律程序 stage is 严重; a customer missing from the
register (未建档) is reviewed at the base grade's term.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, cast

import pandas as pd

from creditbook.core.collections import collection_review, dunning_stage
from creditbook.core.exposure import (
    Group,
    GroupPosition,
    TemporaryLimit,
    effective_limit,
    group_limit_excess,
    group_of,
    group_position,
    group_reasons,
    temporary_reasons,
    temporary_state,
)
from creditbook.core.limits import OrderCheck, check_order
from creditbook.core.models import WARNING_FLAGS
from creditbook.core.money import ZERO, format_money, from_fen
from creditbook.core.policy import Grade, MonitoringRules, Policy, resolve_policy
from creditbook.core.promises import FollowUp, apply_follow_ups, follow_ups
from creditbook.core.receivables import (
    PaymentBehaviour,
    age,
    behaviour_record,
    payment_behaviour,
)

LEVELS = ("关注", "预警", "严重")

# Register flag → (signal code, level). 资金链紧张 and 失信被执行 stop credit at once.
FLAG_SIGNALS: dict[str, tuple[str, str]] = {
    "经营亏损": ("OPERATING_LOSS", "预警"),
    "资金链紧张": ("CASH_STRAIN", "严重"),
    "重大诉讼": ("LITIGATION", "预警"),
    "失信被执行": ("DISHONEST_DEBTOR", "严重"),
    "被其他供应商追讨": ("PURSUED_BY_SUPPLIERS", "预警"),
    "重大投资决策失误": ("INVESTMENT_FAILURE", "预警"),
}


@dataclass(frozen=True)
class Signal:
    """A warning signal: ``code`` (stable English id), ``level`` 关注/预警/严重, ``reason``."""

    code: str
    level: str
    reason: str

    def __str__(self) -> str:
        return f"[{self.level}] {self.reason}"


def highest_level(signals: Iterable[Signal]) -> str:
    """'' when there is no signal, else the most serious level."""
    ranks = [LEVELS.index(s.level) for s in signals]
    return LEVELS[max(ranks)] if ranks else ""


def _pct(value: Decimal | float) -> str:
    return f"{float(value):.0%}" if float(value) * 100 % 1 == 0 else f"{float(value):.1%}"


def warning_signals(
    term_days: int | None,
    max_days_overdue: int,
    exposure: Decimal,
    limit: Decimal | None,
    flags: Iterable[str] = (),
    policy: Policy | str | None = None,
    next_review: dt.date | None = None,
    as_of: dt.date | None = None,
) -> tuple[Signal, ...]:
    """The signals a customer's figures trigger, most serious first."""
    rules = resolve_policy(policy).monitoring
    found: list[Signal] = []
    if term_days is not None and max_days_overdue > 0:
        found.extend(_overdue_signal(term_days, max_days_overdue, rules))
    found.extend(_limit_signals(exposure, limit, rules.utilization_watch))
    for flag in WARNING_FLAGS:
        if flag in set(flags):
            code, level = FLAG_SIGNALS[flag]
            found.append(Signal(code, level, f"信用档案标记：{flag}"))
    if next_review is not None and as_of is not None and next_review < as_of:
        overdue_by = (as_of - next_review).days
        found.append(
            Signal(
                "REVIEW_OVERDUE",
                "关注",
                f"下次复核日期 {next_review.isoformat()} 已过 {overdue_by} 天，需重新评估",
            )
        )
    return tuple(sorted(found, key=lambda s: -LEVELS.index(s.level)))


def _overdue_signal(term: int, days: int, rules: MonitoringRules) -> list[Signal]:
    severe = Decimal(term) * rules.severe_overdue_term_pct
    warn = Decimal(term) * rules.overdue_term_pct
    if days > severe:
        share, level = rules.severe_overdue_term_pct, "严重"
    elif days > warn:
        share, level = rules.overdue_term_pct, "预警"
    else:
        return []
    limit_days = Decimal(term) * share
    reason = (
        f"最长逾期 {days} 天，超过信用期限 {term} 天的 {_pct(share)}"
        f"（{limit_days.normalize():f} 天）"
    )
    return [Signal("OVERDUE_TERM", level, reason)]


def _limit_signals(exposure: Decimal, limit: Decimal | None, watch: Decimal) -> list[Signal]:
    if limit is None:
        if exposure > 0:
            text = f"未核定信用额度，当前信用敞口 ¥{format_money(exposure)}"
            return [Signal("NO_LIMIT", "关注", text)]
        return []
    if exposure > limit:
        share = f"（使用率 {_pct(exposure / limit)}）" if limit > 0 else ""
        reason = (
            f"信用敞口 ¥{format_money(exposure)} 超过信用额度 ¥{format_money(limit)}"
            f"，超出 ¥{format_money(exposure - limit)}{share}"
        )
        return [Signal("OVER_LIMIT", "预警", reason)]
    if limit > 0 and exposure / limit > watch:
        reason = (
            f"额度使用率 {_pct(exposure / limit)} 超过关注线 {_pct(watch)}"
            f"（敞口 ¥{format_money(exposure)} / 额度 ¥{format_money(limit)}）"
        )
        return [Signal("HIGH_UTILIZATION", "关注", reason)]
    return []


@dataclass(frozen=True)
class Adjustment:
    """Advice on grade, limit and term: each 上调/维持/下调/暂停, with the reasons."""

    grade: str
    limit: str
    term: str
    suggested_grade: str | None
    suggested_term_days: int | None
    reasons: tuple[str, ...]

    @property
    def summary(self) -> str:
        return f"等级{self.grade}、额度{self.limit}、期限{self.term}"


def recommend_adjustment(
    grade: str | None,
    signals: tuple[Signal, ...],
    window: PaymentBehaviour | None,
    trading_since: dt.date | None,
    as_of: dt.date,
    policy: Policy | str | None = None,
) -> Adjustment:
    """严重 → 暂停; 预警 → 下调; 关注 → 维持; none → 上调 only on a clean record.

    ``window`` is the payment behaviour over the last ``upgrade_clean_months``;
    ``trading_since`` the first invoice date (the record must cover the whole window).
    """
    policy = resolve_policy(policy)
    current = _grade(policy, grade)
    level = highest_level(signals)
    reasons = tuple(s.reason for s in signals)
    if level == "严重":
        lower = _step(policy, current, +1)
        return Adjustment(
            "下调" if lower else "维持",
            "暂停",
            "暂停",
            lower.grade if lower else (current.grade if current else None),
            0,
            (*reasons, "暂停信用交易，改为现款结算，并催收欠款"),
        )
    if level == "预警":
        return _downgrade(policy, current, reasons)
    late = window.overdue_count if window else 0
    if policy.monitoring.downgrade_on_late_payment and late:
        months = policy.monitoring.upgrade_clean_months
        return _downgrade(
            policy, current, (*reasons, f"近 {months} 个月逾期付款 {late} 次：按政策逾期付款即降级")
        )
    blockers = _upgrade_blockers(window, trading_since, as_of, policy)
    if level or blockers:
        return Adjustment(
            "维持",
            "维持",
            "维持",
            current.grade if current else None,
            current.term_days if current else None,
            (*reasons, *blockers),
        )
    higher = _step(policy, current, -1)
    rate = window.on_time_rate if window else None
    clean = (
        f"近 {policy.monitoring.upgrade_clean_months} 个月无逾期，付款准时率 {_pct(rate or 0)}，"
        "信用状况良好"
    )
    target = higher or current
    return Adjustment(
        "上调" if higher else "维持",
        "上调",
        "上调" if higher and current and higher.term_days > current.term_days else "维持",
        target.grade if target else None,
        target.term_days if target else None,
        (clean,),
    )


def _downgrade(policy: Policy, current: Grade | None, reasons: tuple[str, ...]) -> Adjustment:
    """下调: one grade lower (its term, if shorter), limit lowered."""
    lower = _step(policy, current, +1)
    target = lower or current
    return Adjustment(
        "下调" if lower else "维持",
        "下调",
        "下调" if lower and current and lower.term_days < current.term_days else "维持",
        lower.grade if lower else (current.grade if current else None),
        target.term_days if target else None,
        reasons,
    )


def _upgrade_blockers(
    window: PaymentBehaviour | None,
    trading_since: dt.date | None,
    as_of: dt.date,
    policy: Policy,
) -> tuple[str, ...]:
    rules = policy.monitoring
    months = rules.upgrade_clean_months
    start = months_before(as_of, months)
    if trading_since is None or trading_since > start:
        return (f"合作不足 {months} 个月，暂不上调",)
    if window is None or window.judged == 0:
        return (f"近 {months} 个月无可评价的付款记录，暂不上调",)
    # No late payment in a window with judged payments is an on-time rate of 100%, so the
    # policy's minimum on-time rate for an upgrade is met whenever this check passes.
    if window.overdue_count:
        return (f"近 {months} 个月逾期 {window.overdue_count} 次，暂不上调",)
    return ()


def _grade(policy: Policy, label: str | None) -> Grade | None:
    try:
        return policy.grade(label) if label else None
    except KeyError:
        return None


def _step(policy: Policy, grade: Grade | None, offset: int) -> Grade | None:
    """The next grade down (+1) or up (−1) the scale; None at either end or when unknown."""
    if grade is None:
        return None
    position = policy.grades.index(grade) + offset
    return policy.grades[position] if 0 <= position < len(policy.grades) else None


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier, clamped to the month's end (31 May − 3 → 28 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class CustomerReview:
    """One customer's monitoring result as of a date (监控预警记录).

    Attributes:
        balance: open AR on the date.  overdue: the part past due.
        exposure: balance plus open orders (信用敞口).  utilization: exposure / limit.
        overdue and max_days_overdue are the aging's (``receivables.balances``).
        dunning_stage: '' when nothing is overdue or the overdue is below the minimum.
        disputed, held: with a contact log, the overdue invoices under dispute and the part
        an open promise to pay holds back; overdue − disputed − held is what a letter demands.
    """

    customer_id: str
    customer_name: str
    as_of: dt.date
    grade: str
    limit: Decimal | None
    term_days: int | None
    balance: Decimal
    overdue: Decimal
    max_days_overdue: int
    exposure: Decimal
    utilization: float | None
    behaviour: PaymentBehaviour
    signals: tuple[Signal, ...]
    adjustment: Adjustment
    dunning_stage: str
    disputed: Decimal = ZERO
    held: Decimal = ZERO
    group: str = ""
    base_limit: Decimal | None = None
    temporary: TemporaryLimit | None = None
    temporary_state: str = ""
    status: str = ""  # the register's 状态: 正常/关注/暂停/停止

    @property
    def level(self) -> str:
        return highest_level(self.signals)


def conversation_signals(
    follow_up: FollowUp | None, as_of: dt.date, policy: Policy
) -> list[Signal]:
    """From the contact log: broken promises within the window reaching the policy's count
    (预警), and each dispute open longer than the policy's limit (关注, to escalate)."""
    if follow_up is None:
        return []
    rules = policy.collections
    found = []
    since = months_before(as_of, rules.broken_promise_months)
    broken = [p for p in follow_up.broken if p.promise.due >= since]
    if len(broken) >= rules.broken_promise_limit:
        said = "、".join(p.text for p in broken)
        found.append(
            Signal(
                "BROKEN_PROMISES",
                "预警",
                f"近 {rules.broken_promise_months} 个月未按承诺付款 {len(broken)} 次（{said}），"
                f"达到预警线 {rules.broken_promise_limit} 次",
            )
        )
    for dispute in follow_up.disputes:
        age = dispute.age(as_of)
        if age is not None and age > rules.dispute_escalation_days:
            reason = f"（{dispute.reason}）" if dispute.reason else ""
            found.append(
                Signal(
                    "DISPUTE_AGED",
                    "关注",
                    f"单据 {dispute.invoice_no} 争议已 {age} 天未解决{reason}，"
                    f"超过 {rules.dispute_escalation_days} 天，需升级处理",
                )
            )
    return found


def review_customers(
    ledger: pd.DataFrame,
    register: pd.DataFrame | None,
    as_of: dt.date,
    policy: Policy | str | None = None,
    open_orders: Mapping[str, Decimal] | None = None,
    contacts: pd.DataFrame | None = None,
) -> tuple[CustomerReview, ...]:
    """Review every customer in the ledger or the register, sorted by 客户编码; with the
    contact log 客户联系与催收记录 (``contacts``), broken promises and old disputes are
    signals too (``conversation_signals``)."""
    policy = resolve_policy(policy)
    talks = follow_ups(contacts, ledger, as_of, policy) if contacts is not None else {}
    aging = age(ledger, as_of, policy, include_settled=True).table.set_index("customer_id")
    history = payment_behaviour(ledger, as_of, policy).set_index("customer_id")
    since = months_before(as_of, policy.monitoring.upgrade_clean_months)
    window = payment_behaviour(ledger, as_of, policy, since=since).set_index("customer_id")
    entries = _register_entries(register)
    ids = sorted(set(aging.index) | set(entries))
    reviews = tuple(
        _review_one(
            cid,
            aging,
            history,
            window,
            entries.get(cid),
            as_of,
            policy,
            open_orders,
            conversation_signals(talks.get(cid), as_of, policy),
        )
        for cid in ids
    )
    return _with_conversation(reviews, ledger, talks, as_of, policy) if talks else reviews


def _with_conversation(
    reviews: tuple[CustomerReview, ...],
    ledger: pd.DataFrame,
    talks: Mapping[str, FollowUp],
    as_of: dt.date,
    policy: Policy,
) -> tuple[CustomerReview, ...]:
    """The reviews with the disputed and held amounts the letters leave out, and the stage
    the letters use when a broken promise raised it or the customer went to the legal
    department."""
    cases = apply_follow_ups(collection_review(ledger, as_of, policy), dict(talks), policy)
    found = {c.customer_id: c for c in cases}

    def changed(review: CustomerReview) -> CustomerReview:
        case = found.get(review.customer_id)
        if case is None:
            return review
        stage = review.dunning_stage
        if case.stage is not None and (case.escalated_from or case.handed_to_legal):
            stage = case.stage.stage
        return replace(review, disputed=case.disputed_amount, held=case.held, dunning_stage=stage)

    return tuple(changed(r) for r in reviews)


def _register_entries(register: pd.DataFrame | None) -> dict[str, dict[Hashable, Any]]:
    if register is None or register.empty:
        return {}
    return {str(row["customer_id"]): row for row in register.to_dict("records")}


def _review_one(
    customer_id: str,
    aging: pd.DataFrame,
    history: pd.DataFrame,
    window: pd.DataFrame,
    entry: Mapping[Hashable, Any] | None,
    as_of: dt.date,
    policy: Policy,
    open_orders: Mapping[str, Decimal] | None,
    talked: list[Signal] | None = None,
) -> CustomerReview:
    in_ledger = customer_id in aging.index
    # aging is indexed by customer_id, one row each: .loc of one id is that row (a Series).
    row = cast("pd.Series[Any]", aging.loc[customer_id]) if in_ledger else None
    balance = from_fen(row["total"]) if row is not None else ZERO
    overdue = from_fen(row["overdue"]) if row is not None else ZERO
    longest = int(row["max_days_overdue"]) if row is not None else 0
    # Below the minimum an overdue residue raises no signal, stage or downgrade.
    counted = longest if overdue >= policy.monitoring.min_overdue_amount else 0
    exposure = balance + Decimal((open_orders or {}).get(customer_id, ZERO))
    behaviour = _behaviour(history, customer_id)
    registered = bool(entry)
    entry = entry or {}
    grade = str(entry.get("grade") or "")
    base_limit = _optional_fen(entry.get("limit"))
    temporary = _temporary(entry)
    limit = effective_limit(base_limit, temporary, as_of)
    term = _term(entry.get("term_days"), grade, policy)
    if not registered and term is None:
        term = base_grade(policy).term_days
    flags = [f for f in WARNING_FLAGS if bool(entry.get(f, False))]
    signals = warning_signals(
        term, counted, exposure, limit, flags, policy, _date(entry.get("next_review")), as_of
    )
    notice = policy.temporary.notice_days
    found = temporary_reasons(base_limit, temporary, balance, as_of, notice)
    signals = (*signals, *(Signal(*reason) for reason in found))
    stage = dunning_stage(counted, policy)
    if stage is not None and stage.letter == "legal":
        reason = f"最长逾期 {counted} 天，催收已进入{stage.stage}阶段"
        signals = (Signal("DUNNING_LEGAL", "严重", reason), *signals)
    if not registered:
        reason = (
            f"未建档：客户信用档案中无此客户编码，按基础等级 {base_grade(policy).grade} "
            f"的信用期限 {term} 天评估"
        )
        kept = tuple(s for s in signals if s.code != "NO_LIMIT")
        signals = (*kept, Signal("NOT_REGISTERED", "关注", reason))
    signals = (*signals, *(talked or ()))
    signals = tuple(sorted(signals, key=lambda s: -LEVELS.index(s.level)))
    adjustment = recommend_adjustment(
        grade or None,
        signals,
        _behaviour(window, customer_id),
        behaviour.first_invoice,
        as_of,
        policy,
    )
    ledger_name = row["customer_name"] if row is not None else customer_id
    name = str(entry.get("customer_name") or ledger_name)
    return CustomerReview(
        customer_id=customer_id,
        customer_name=name,
        as_of=as_of,
        grade=grade,
        limit=limit,
        term_days=term,
        balance=balance,
        overdue=overdue,
        max_days_overdue=longest,
        exposure=exposure,
        utilization=float(exposure / limit) if limit else None,
        behaviour=behaviour,
        signals=signals,
        adjustment=adjustment,
        dunning_stage=stage.stage if stage else "",
        group=str(entry.get("group") or "").strip(),
        base_limit=base_limit,
        temporary=temporary,
        temporary_state=temporary_state(temporary, as_of, notice),
        status=str(entry.get("status") or "").strip(),
    )


def _temporary(entry: Mapping[Hashable, Any]) -> TemporaryLimit | None:
    """The register's 临时额度 and its dates; None when the register has none of them."""
    amount = _optional_fen(entry.get("temporary_limit"))
    starts, ends = _date(entry.get("temporary_starts")), _date(entry.get("temporary_ends"))
    if amount is None and starts is None and ends is None:
        return None
    return TemporaryLimit(amount, starts, ends, str(entry.get("temporary_approval") or ""))


@dataclass(frozen=True)
class GroupReview:
    """One group's monitoring row: its position and the 集团超额 / 集团使用率 signals."""

    position: GroupPosition
    signals: tuple[Signal, ...]

    @property
    def level(self) -> str:
        return highest_level(self.signals)


def review_groups(
    reviews: Iterable[CustomerReview], groups: Iterable[Group], policy: Policy | str | None = None
) -> tuple[GroupReview, ...]:
    """The groups the register's 所属集团 names, each with its members' exposures summed
    (``exposure.group_position``); a 所属集团 not in the 集团 sheet is a group without a
    limit (关注). Sorted as the 集团 sheet lists them, unlisted groups after, by name."""
    rules = resolve_policy(policy)
    known = list(groups)
    members: dict[str, list[CustomerReview]] = {}
    unlisted: dict[str, Group] = {}
    for review in reviews:
        if not review.group:
            continue
        group = group_of(review.group, known)
        if group is None:
            group = unlisted.setdefault(review.group, Group(name=review.group))
        members.setdefault(group.label, []).append(review)
    found = []
    for group in [*known, *sorted(unlisted.values(), key=lambda g: g.label)]:
        rows = members.get(group.label, [])
        if not rows and group.label in unlisted:
            continue
        position = group_position(
            group, {r.customer_id: r.exposure for r in rows}, {r.customer_id: r.limit for r in rows}
        )
        signals = [
            Signal(*reason) for reason in group_reasons(position, rules.group.utilization_watch)
        ]
        above = group_limit_excess(
            group.limit, position.member_limits, rules.group.cap_at_member_sum, group.where
        )
        if above:
            signals.append(Signal("GROUP_LIMIT_ABOVE_MEMBERS", "关注", above))
        if group.limit is None and rows:
            signals.append(
                Signal(
                    "GROUP_NO_LIMIT",
                    "关注",
                    f"集团 {group.label} 未核定集团额度，"
                    f"集团敞口 ¥{format_money(position.exposure)}",
                )
            )
        found.append(GroupReview(position, tuple(signals)))
    return tuple(found)


# The group signals a collector looking at one member's row should see too.
MEMBER_NOTED = ("GROUP_OVER_LIMIT", "GROUP_HIGH_UTILIZATION")


def group_notes(groups: Iterable[GroupReview]) -> dict[str, str]:
    """客户编码 → the note its group's 集团超额 / 集团使用率 signals put on the member's row.

    A note only: the member's own signals, level and grade/limit advice stay its own."""
    notes: dict[str, str] = {}
    for group in groups:
        said = "；".join(str(s) for s in group.signals if s.code in MEMBER_NOTED)
        for member in group.position.members if said else ():
            notes[member] = said
    return notes


def base_grade(policy: Policy) -> Grade:
    """The grade a customer without a register entry is reviewed at: the lowest grade that
    still trades on credit (the shortest term), else the lowest grade."""
    on_credit = [g for g in policy.grades if g.term_days > 0]
    return on_credit[-1] if on_credit else policy.grades[-1]


def _behaviour(table: pd.DataFrame, customer_id: str) -> PaymentBehaviour:
    if customer_id in table.index:
        return behaviour_record({"customer_id": customer_id, **table.loc[customer_id].to_dict()})
    return PaymentBehaviour(customer_id, 0, 0, None, None, 0, ZERO, None, 0, None)


def _optional_fen(value: Any) -> Decimal | None:
    return None if value is None or pd.isna(value) else from_fen(int(value))


def _term(value: Any, grade: str, policy: Policy) -> int | None:
    if value is not None and not pd.isna(value):
        return int(value)
    found = _grade(policy, grade)
    return found.term_days if found else None


def _date(value: Any) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


# Register 状态 values under which no order ships on credit (workbooks.register.STATUSES).
SUSPENDED = ("暂停", "停止")


def check_customer_order(
    review: CustomerReview,
    groups: Iterable[GroupReview],
    amount: Decimal,
    policy: Policy | str | None = None,
) -> OrderCheck:
    """订单信用校验 of one customer from its monitoring review: the limit on the day (a
    temporary amount only between its dates), the exposure, the longest overdue, the grade
    and, when the customer is in a group with a 集团额度, the group's available amount. A
    blank 信用额度 checks against 0 (missing data never raises a limit). An expired
    temporary limit is named when the order is over the base limit it fell back to. A
    customer whose register 状态 is 暂停 or 停止, or whose 信用等级 the policy does not have,
    is blocked whatever its figures."""
    rules = resolve_policy(policy)
    grade = _grade(rules, review.grade)
    group = next((g for g in groups if review.customer_id in g.position.members), None)
    group_left = group.position.available if group is not None else None
    result = check_order(
        amount,
        review.limit if review.limit is not None else ZERO,
        review.exposure,
        review.max_days_overdue,
        grade,
        rules,
        group_left,
    )
    reasons = list(result.reasons)
    if review.limit is None:
        reasons = [f"未核定信用额度：{r}" if r.startswith("超出信用额度") else r for r in reasons]
    temporary = review.temporary
    if review.temporary_state == "已到期" and temporary is not None and amount > result.available:
        assert temporary.amount is not None and temporary.ends is not None
        reasons.append(
            f"临时额度已到期：临时额度 {format_money(temporary.amount)} 于 "
            f"{temporary.ends.isoformat()} 到期，信用额度回落为 "
            f"{format_money(review.base_limit or ZERO)}"
        )
    if review.grade.strip() and grade is None:  # a grade the policy lacks never lets it pass
        reasons.append(
            f"信用等级「{review.grade.strip()}」不在信用政策 {rules.name} 的等级中"
            f"（{'、'.join(rules.labels)}） grade not in the policy"
        )
    if review.status in SUSPENDED:
        reasons.append(
            f"信用状态为「{review.status}」：信用档案中该客户的信用交易已{review.status} "
            "credit suspended in the register"
        )
    return replace(result, passed=not reasons, reasons=tuple(reasons))
