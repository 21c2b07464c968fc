"""Aging and monitoring results as tables with Chinese headers, ready to print or export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd

from creditbook.core.exposure import Group, GroupPosition, group_of, group_position
from creditbook.core.money import ZERO, from_fen
from creditbook.core.receivables import Aging
from creditbook.workbooks.export import Column, ResultTable

if TYPE_CHECKING:  # the aging command does not load the monitoring rules
    from creditbook.core.monitoring import CustomerReview, GroupReview

VIEW_NAMES = {"due": "按到期日", "invoice": "按单据日期"}


def aging_table(
    aging: Aging, register: pd.DataFrame | None = None, groups: Iterable[Group] = ()
) -> ResultTable:
    """账龄分析表: one row per customer, a 合计 row; 信用额度 and 额度使用率 with a register;
    所属集团 and the group's subtotal (集团应收合计) on each member's row when the register
    names groups (``groups``: the 集团 sheet, so that a name and a code are one group)."""
    limits = _limits(register)
    names = _names(register)
    columns = [
        Column("客户编码", width=12),
        Column("客户名称", width=26),
        *(Column(label, "money") for label in aging.buckets),
        Column("合计", "money"),
        Column("逾期合计", "money"),
        Column("最长逾期天数", "int"),
    ]
    if register is not None:
        columns += [Column("信用额度", "money"), Column("额度使用率", "pct")]
    rows = []
    for record in aging.records():
        row: list[object] = [
            record.customer_id,
            names.get(record.customer_id) or record.customer_name,
            *(amount for _, amount in record.buckets),
            record.total,
            record.overdue,
            record.max_days_overdue,
        ]
        if register is not None:
            limit = limits.get(record.customer_id)
            row += [limit, float(record.total / limit) if limit else None]
        rows.append(tuple(row))
    member_of = _groups(register, groups)
    if member_of:
        columns += [Column("所属集团", width=16), Column("集团应收合计", "money")]
        balances = {r.customer_id: r.total for r in aging.records()}
        subtotal = {
            label: group_position(Group(label), {m: balances.get(m, ZERO) for m in members})
            for label, members in _members(member_of).items()
        }
        rows = [
            (*row, member_of.get(str(row[0]), ""), _subtotal(subtotal, member_of, str(row[0])))
            for row in rows
        ]
    totals = aging.totals()
    total: list[object] = [
        "合计",
        f"{len(rows)} 户",
        *(from_fen(totals[label]) for label in aging.buckets),
        from_fen(totals["total"]),
        from_fen(totals["overdue"]),
        totals["max_days_overdue"],
    ]
    if register is not None:
        total += [None, None]
    if member_of:
        total += [None, None]
    view = VIEW_NAMES[aging.view]
    title = f"应收账款账龄分析表（截至 {aging.as_of.isoformat()}，{view}，单位：元）"
    return ResultTable(title, "账龄分析", tuple(columns), tuple(rows), tuple(total))


def monitor_table(
    reviews: tuple[CustomerReview, ...], as_of: dt.date, groups: Iterable[GroupReview] = ()
) -> ResultTable:
    """信用监控表: figures, signals, adjustment advice and dunning stage per customer; with
    the register's groups, each member's row carries its group's 集团超额 / 集团使用率 as
    集团预警 (a note: the member's own level and advice are its own)."""
    from creditbook.core.monitoring import group_notes  # imported here: aging does not need it

    columns: tuple[Column, ...] = (
        Column("客户编码", width=12),
        Column("客户名称", width=24),
        Column("信用等级"),
        Column("信用额度", "money"),
        Column("信用期限(天)", "int"),
        Column("应收余额", "money"),
        Column("逾期金额", "money"),
        Column("最长逾期天数", "int"),
        Column("信用敞口", "money"),
        Column("额度使用率", "pct"),
        Column("付款准时率", "pct"),
        Column("金额准时率", "pct"),
        Column("逾期次数", "int"),
        Column("预警级别"),
        Column("预警信号", width=48),
        Column("等级调整"),
        Column("额度调整"),
        Column("期限调整"),
        Column("建议等级"),
        Column("建议期限(天)", "int"),
        Column("调整理由", width=48),
        Column("催收阶段"),
        Column("争议金额", "money"),
        Column("承诺暂缓金额", "money"),
    )
    rows: tuple[tuple[object, ...], ...] = tuple(
        (
            r.customer_id,
            r.customer_name,
            r.grade,
            r.limit,
            r.term_days,
            r.balance,
            r.overdue,
            r.max_days_overdue,
            r.exposure,
            r.utilization,
            r.behaviour.on_time_rate,
            r.behaviour.on_time_rate_amount,
            r.behaviour.overdue_count,
            r.level,
            "\n".join(str(s) for s in r.signals),
            r.adjustment.grade,
            r.adjustment.limit,
            r.adjustment.term,
            r.adjustment.suggested_grade or "",
            r.adjustment.suggested_term_days,
            "\n".join(r.adjustment.reasons),
            r.dunning_stage,
            r.disputed,
            r.held,
        )
        for r in reviews
    )
    if any(r.group or r.temporary is not None for r in reviews):  # only registers that keep them
        columns += (
            Column("所属集团", width=16),
            Column("基本信用额度", "money"),
            Column("临时额度", "money"),
            Column("临时额度到期日", width=12),
            Column("临时额度状态"),
            Column("集团预警", width=48),
        )
        notes = group_notes(groups)
        rows = tuple(
            (*row, *_temporary_cells(r), notes.get(r.customer_id, ""))
            for row, r in zip(rows, reviews, strict=True)
        )
    title = f"客户信用监控与预警表（截至 {as_of.isoformat()}）"
    return ResultTable(title, "信用监控", columns, rows)


def _groups(register: pd.DataFrame | None, groups: Iterable[Group]) -> dict[str, str]:
    """客户编码 → the group's label (the 集团 sheet's name when it lists the group)."""
    if register is None or "group" not in register.columns:
        return {}
    known = list(groups)
    found = {}
    for customer, text in zip(register["customer_id"], register["group"], strict=True):
        named = str(text or "").strip()
        if named:
            group = group_of(named, known)
            found[str(customer)] = group.label if group is not None else named
    return found


def _members(member_of: dict[str, str]) -> dict[str, list[str]]:
    members: dict[str, list[str]] = {}
    for customer, label in member_of.items():
        members.setdefault(label, []).append(customer)
    return members


def _subtotal(
    subtotal: dict[str, GroupPosition], member_of: dict[str, str], customer: str
) -> Decimal | None:
    label = member_of.get(customer)
    return subtotal[label].exposure if label else None


def _temporary_cells(review: CustomerReview) -> tuple[object, ...]:
    temporary = review.temporary
    ends = temporary.ends.isoformat() if temporary and temporary.ends else ""
    amount = temporary.amount if temporary else None
    return (review.group, review.base_limit, amount, ends, review.temporary_state)


def group_table(groups: tuple[GroupReview, ...], as_of: dt.date) -> ResultTable:
    """集团额度监控表: per group its members, exposure, limit, available, use and signals."""
    columns = (
        Column("集团名称", width=20),
        Column("集团编码", width=12),
        Column("成员", width=30),
        Column("集团敞口", "money"),
        Column("集团额度", "money"),
        Column("集团可用额度", "money"),
        Column("集团使用率", "pct"),
        Column("成员额度合计", "money"),
        Column("超本身额度的成员", width=20),
        Column("预警级别"),
        Column("预警信号", width=48),
    )
    rows = tuple(
        (
            g.position.group.name,
            g.position.group.code,
            "、".join(g.position.members),
            g.position.exposure,
            g.position.group.limit,
            g.position.available,
            None if g.position.utilization is None else float(g.position.utilization),
            g.position.member_limits,
            "、".join(g.position.over_own_limit),
            g.level,
            "\n".join(str(s) for s in g.signals),
        )
        for g in groups
    )
    title = f"集团额度监控表（截至 {as_of.isoformat()}）"
    return ResultTable(title, "集团额度", columns, rows)


def _limits(register: pd.DataFrame | None) -> dict[str, Decimal]:
    if register is None:
        return {}
    return {
        str(cid): from_fen(int(limit))
        for cid, limit in zip(register["customer_id"], register["limit"], strict=True)
        if not pd.isna(limit)
    }


def _names(register: pd.DataFrame | None) -> dict[str, str]:
    if register is None:
        return {}
    return dict(zip(register["customer_id"], register["customer_name"], strict=True))


WORKLIST_COLUMNS = (
    Column("序号", "int", 6),
    Column("客户编码", "text", 11),
    Column("客户名称", "text", 26),
    Column("逾期金额", "money"),
    Column("最长逾期天数", "int"),
    Column("本次催收金额", "money"),
    Column("争议金额", "money"),
    Column("承诺暂缓金额", "money"),
    Column("催收阶段", "text", 16),
    Column("待办事由", "text", 26),
    Column("最近联系", "text", 26),
    Column("承诺状态", "text", 28),
    Column("建议下一步", "text", 36),
    Column("下次跟进日期", "text", 12),
    Column("优先级（金额×天数）", "money", 18),
)
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\'"})


def worklist_tables(items, as_of: dt.date) -> list[ResultTable]:
    """催收工作清单: one table per collector (sheet named after them), ranked as given."""
    by_collector: dict[str, list] = {}
    for item in items:
        by_collector.setdefault(item.collector, []).append(item)
    tables = []
    used: set[str] = set()
    for collector, own in by_collector.items():
        rows = tuple(
            (
                n,
                i.customer_id,
                i.customer_name,
                i.overdue,
                i.max_days_overdue,
                i.demanded,
                i.disputed,
                i.held,
                i.stage,
                "、".join(i.reasons),
                i.last_contact,
                i.promise_status,
                i.next_step,
                i.next_date.isoformat() if i.next_date else "",
                i.priority,
            )
            for n, i in enumerate(own, 1)
        )
        tables.append(
            ResultTable(
                title=f"催收工作清单 {collector} {as_of.isoformat()}",
                sheet=_sheet_name(collector, used),
                columns=WORKLIST_COLUMNS,
                rows=rows,
            )
        )
    if not tables:
        tables.append(
            ResultTable(
                title=f"催收工作清单 {as_of.isoformat()}：今日无待办",
                sheet="催收工作清单",
                columns=WORKLIST_COLUMNS,
                rows=(),
            )
        )
    return tables


def _sheet_name(collector: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\' nor control characters),
    unique in the book."""
    shown = "".join(ch for ch in collector if ch.isprintable())
    base = shown.translate(_BAD_SHEET_CHARS).strip() or "未分配"
    base = base[:28]
    name, n = base, 2
    while name.casefold() in used:
        name, n = f"{base}({n})", n + 1
    used.add(name.casefold())
    return name
