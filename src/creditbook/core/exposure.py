"""Temporary limits (临时额度) and group exposure (集团客户): the limit on a date, a group's
exposure and available amount, and the signals both raise.

A temporary limit adds to the base 信用额度 from its 生效日 to its 到期日, both days
included; outside them, or when any of amount, 生效日 or 到期日 is missing, the limit is the
base (missing data never raises a limit). A group's exposure is the sum of its members'
exposures (receivables plus open orders where given); its available amount is
集团额度 − exposure, negative when the group is over its limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from creditbook.core.money import ZERO, format_money, round_fen
from creditbook.core.policy import Policy

__all__ = [
    "Group",
    "GroupPosition",
    "TemporaryLimit",
    "effective_limit",
    "group_limit_excess",
    "group_position",
    "temporary_request_problems",
    "temporary_state",
]

ACTIVE = "生效中"
PENDING = "未生效"
EXPIRED = "已到期"
EXPIRING = "即将到期"
INCOMPLETE = "资料不全"


@dataclass(frozen=True)
class TemporaryLimit:
    """A temporary limit as the register holds it (any part may be missing).

    Attributes:
        amount: 临时额度.  starts: 临时额度生效日.  ends: 临时额度到期日 (both included).
        approval_no: 临时额度审批编号.
    """

    amount: Decimal | None
    starts: dt.date | None
    ends: dt.date | None
    approval_no: str = ""

    @property
    def complete(self) -> bool:
        return (
            self.amount is not None
            and self.amount > 0
            and self.starts is not None
            and self.ends is not None
            and self.starts <= self.ends
        )

    def active_on(self, day: dt.date) -> bool:
        """Whether the temporary amount counts on ``day``: 生效日 ≤ day ≤ 到期日."""
        if not self.complete:
            return False
        assert self.starts is not None and self.ends is not None
        return self.starts <= day <= self.ends


def effective_limit(
    base: Decimal | None, temporary: TemporaryLimit | None, day: dt.date
) -> Decimal | None:
    """The limit on ``day`` = 信用额度 + 临时额度 when the day is within [生效日, 到期日], else
    信用额度. No base limit (blank 信用额度) stays None: a temporary amount alone sets none."""
    if base is None:
        return None
    if temporary is not None and temporary.active_on(day):
        assert temporary.amount is not None
        return round_fen(base + temporary.amount)
    return base


def temporary_state(temporary: TemporaryLimit | None, day: dt.date, notice_days: int) -> str:
    """'' (none), 资料不全, 未生效, 生效中, 即将到期 (到期日 within ``notice_days`` of ``day``,
    the day itself included) or 已到期."""
    if temporary is None or (temporary.amount in (None, ZERO) and not temporary.ends):
        return ""
    if not temporary.complete:
        return INCOMPLETE
    assert temporary.starts is not None and temporary.ends is not None
    if day < temporary.starts:
        return PENDING
    if day > temporary.ends:
        return EXPIRED
    return EXPIRING if (temporary.ends - day).days <= notice_days else ACTIVE


@dataclass(frozen=True)
class Group:
    """A row of the 集团 sheet: 集团名称, 集团编码, 集团额度 (None: not set), 核定日期;
    ``where`` names its 集团额度 cell (file sheet!cell) when it was read from one."""

    name: str
    code: str = ""
    limit: Decimal | None = None
    approved_on: dt.date | None = None
    where: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        return self.name or self.code

    def matches(self, text: str) -> bool:
        """A register's 所属集团 names the group by its name or its code."""
        key = text.strip()
        return bool(key) and key in {self.name.strip(), self.code.strip()}


@dataclass(frozen=True)
class GroupPosition:
    """A group's exposure against its limit on a date.

    Attributes:
        members: 客户编码 of the members, sorted.  exposure: the sum of their exposures.
        available: 集团额度 − exposure (None without a 集团额度; negative = over).
        utilization: exposure / 集团额度 (None without a positive limit).
        member_limits: the sum of the members' own limits on the date (None when any is blank).
        over_own_limit: members whose exposure is above their own limit.
    """

    group: Group
    members: tuple[str, ...]
    exposure: Decimal
    available: Decimal | None
    utilization: Decimal | None
    member_limits: Decimal | None
    over_own_limit: tuple[str, ...]


def group_position(
    group: Group,
    exposures: Mapping[str, Decimal],
    limits: Mapping[str, Decimal | None] | None = None,
) -> GroupPosition:
    """A group's exposure (sum of the members' ``exposures``, 客户编码 → amount), available
    amount and use; ``limits`` (客户编码 → limit on the date) names members over their own."""
    members = tuple(sorted(exposures))
    exposure = round_fen(sum((exposures[m] for m in members), ZERO))
    available = None if group.limit is None else round_fen(group.limit - exposure)
    used = exposure / group.limit if group.limit else None
    own = limits or {}
    known = [own.get(m) for m in members]
    member_limits = (
        round_fen(sum((v for v in known if v is not None), ZERO))
        if members and all(v is not None for v in known)
        else None
    )
    over = tuple(m for m in members if _above(exposures[m], own.get(m)))
    return GroupPosition(group, members, exposure, available, used, member_limits, over)


def group_limit_excess(
    limit: Decimal | None, member_limits: Decimal | None, capped: bool, where: str = ""
) -> str:
    """'' or why a 集团额度 breaks the rule "集团额度不超过各成员信用额度之和" (``capped``: the
    policy's ``group.cap_at_member_sum``). No group limit, or a member without a limit
    (``member_limits`` None), is nothing to check. ``where`` names the 集团额度 cell."""
    if not capped or limit is None or member_limits is None or limit <= member_limits:
        return ""
    cell = f"，见 {where}" if where else ""
    return (
        f"集团额度 ¥{format_money(limit)} 超过各成员信用额度之和 ¥{format_money(member_limits)}"
        f"，超出 ¥{format_money(limit - member_limits)}（政策：集团额度不超过成员额度之和）{cell}"
    )


def _above(exposure: Decimal, limit: Decimal | None) -> bool:
    return limit is not None and exposure > limit


def group_of(text: str, groups: Iterable[Group]) -> Group | None:
    """The group a register's 所属集团 names (by name or code), or None."""
    return next((g for g in groups if g.matches(text)), None)


def pct(value: Decimal) -> str:
    """0.9 → '90%', 0.925 → '92.5%'."""
    shown = (value * 100).quantize(Decimal("0.1"))
    return f"{shown.normalize():f}%"


def group_reasons(position: GroupPosition, watch: Decimal) -> tuple[tuple[str, str, str], ...]:
    """(code, level, reason) of 集团超额 (预警) or 集团使用率 ≥ ``watch`` (关注)."""
    group, limit = position.group, position.group.limit
    if limit is None or position.available is None:
        return ()
    if position.exposure > limit:
        share = f"（使用率 {pct(position.utilization)}）" if position.utilization else ""
        within = "，各成员均未超出本身额度" if not position.over_own_limit else ""
        return (
            (
                "GROUP_OVER_LIMIT",
                "预警",
                f"集团超额：{group.label} 集团敞口 ¥{format_money(position.exposure)} 超过集团额度 "
                f"¥{format_money(limit)}，超出 ¥{format_money(-position.available)}{share}{within}",
            ),
        )
    if position.utilization is not None and position.utilization >= watch:
        return (
            (
                "GROUP_HIGH_UTILIZATION",
                "关注",
                f"集团使用率 {pct(position.utilization)} ≥ {pct(watch)}：{group.label} 集团敞口 "
                f"¥{format_money(position.exposure)} / 集团额度 ¥{format_money(limit)}",
            ),
        )
    return ()


def temporary_reasons(
    base: Decimal | None,
    temporary: TemporaryLimit | None,
    balance: Decimal,
    day: dt.date,
    notice_days: int,
) -> tuple[tuple[str, str, str], ...]:
    """(code, level, reason): 临时额度已到期 with the balance above the base limit (预警);
    ended within the last ``notice_days`` with the balance within it (关注: the customer is
    told its limit fell back); expiring within ``notice_days`` (关注); a temporary limit with
    missing parts (关注, counted at the base limit)."""
    state = temporary_state(temporary, day, notice_days)
    if temporary is None or not state:
        return ()
    amount = format_money(temporary.amount) if temporary.amount is not None else "（空白）"
    if state == INCOMPLETE:
        return (
            (
                "TEMPORARY_INCOMPLETE",
                "关注",
                f"临时额度 {amount} 的金额或生效日/到期日缺失或不合理，按信用额度计",
            ),
        )
    assert temporary.ends is not None
    ends = temporary.ends.isoformat()
    if state == EXPIRED and base is not None and balance > base:
        return (
            (
                "TEMPORARY_EXPIRED",
                "预警",
                f"临时额度已到期，余额超出信用额度：临时额度 ¥{amount} 于 {ends} 到期，应收余额 "
                f"¥{format_money(balance)} 超过信用额度 ¥{format_money(base)}，超出 "
                f"¥{format_money(balance - base)}",
            ),
        )
    since = (day - temporary.ends).days
    if state == EXPIRED and base is not None and since <= notice_days:
        return (
            (
                "TEMPORARY_ENDED",
                "关注",
                f"临时额度 ¥{amount} 已于 {ends} 到期（{since} 天前），信用额度回落为 "
                f"¥{format_money(base)}",
            ),
        )
    if state == EXPIRING:
        left = (temporary.ends - day).days
        after = f"，到期后额度回落为 ¥{format_money(base)}" if base is not None else ""
        return (
            (
                "TEMPORARY_EXPIRING",
                "关注",
                f"临时额度 ¥{amount} 将于 {ends} 到期（剩 {left} 天，提前 {notice_days} 天提示）"
                f"{after}",
            ),
        )
    return ()


def temporary_request_problems(
    amount: Decimal,
    base: Decimal | None,
    form_date: dt.date,
    expiry: dt.date | None,
    policy: Policy,
) -> list[str]:
    """What a temporary-limit request (临时额度申请) breaks in the policy: an expiry (到期日)
    missing, not after the form date, or beyond the maximum duration (both ends counted),
    and an amount above the maximum share of the base limit. Empty when it may go ahead."""
    rules = policy.temporary
    found = []
    if expiry is None:
        found.append("临时额度须注明到期日 --expiry（a temporary limit needs its expiry date）")
    elif expiry <= form_date:
        found.append(
            f"到期日 {expiry.isoformat()} 须晚于申请日期 {form_date.isoformat()}"
            "（expiry must be after the form date）"
        )
    else:
        days = (expiry - form_date).days + 1
        if days > rules.max_days:
            latest = form_date + dt.timedelta(days=rules.max_days - 1)
            found.append(
                f"临时额度期限 {days} 天超过政策上限 {rules.max_days} 天（两端都算），"
                f"到期日最晚 {latest.isoformat()}"
            )
    if base is not None:
        cap = round_fen(base * rules.max_share)
        if amount > cap:
            found.append(
                f"临时额度 {format_money(amount)} 超过信用额度 {format_money(base)} 的 "
                f"{pct(rules.max_share)}（上限 {format_money(cap)}）"
            )
    return found
