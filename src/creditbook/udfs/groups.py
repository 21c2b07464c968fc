"""CB_ worksheet functions for temporary limits (临时额度) and group exposure (集团额度)."""

import datetime as dt
from typing import Any

import xlwings as xw

from creditbook.core.exposure import (
    Group,
    TemporaryLimit,
    effective_limit,
    group_limit_excess,
    group_position,
)
from creditbook.core.money import ZERO
from creditbook.udfs._convert import (
    CATEGORY,
    CELL,
    EXCEL_ERRORS,
    RANGE,
    excel_safe,
    is_blank,
    money_arg,
    optional_date,
    optional_money,
    optional_text,
    text,
    vector,
)
from creditbook.udfs._policy import policy_arg

__all__ = [
    "CB_EFFECTIVE_LIMIT",
    "CB_GROUP_AVAILABLE",
    "CB_GROUP_EXPOSURE",
    "CB_GROUP_LIMIT_CHECK",
]

EXPOSURES_DOC = (
    "集团各成员的信用敞口（应收余额，可加未发货订单）区域，空白单元格不计。Members' exposures."
)


@xw.func(category=CATEGORY)
@xw.arg("limit", doc="信用额度 base credit limit", **CELL)
@xw.arg("temporary", doc="临时额度，空白 = 无。Temporary limit; blank = none.", **CELL)
@xw.arg("start_date", doc="临时额度生效日（含当天）。Temporary limit from (inclusive).", **CELL)
@xw.arg("end_date", doc="临时额度到期日（含当天）。Temporary limit until (inclusive).", **CELL)
@xw.arg("as_of", doc="计算日期，默认今天。Date (default today).", **CELL)
@excel_safe
def CB_EFFECTIVE_LIMIT(
    limit: Any,
    temporary: Any = None,
    start_date: Any = None,
    end_date: Any = None,
    as_of: Any = None,
) -> Any:
    """当日有效额度：生效日至到期日（两端含）内为信用额度 + 临时额度，否则为信用额度；临时额度或
    日期空白按信用额度。Effective limit on a date."""
    day = optional_date(as_of, dt.date.today())
    assert day is not None
    rule = TemporaryLimit(
        optional_money(temporary), optional_date(start_date), optional_date(end_date)
    )
    return effective_limit(money_arg(limit), rule, day)


def _exposures(
    value: Any, groups: Any, name: Any, code: Any, blanks: bool = False
) -> dict[str, Any]:
    """The exposures of the group's members, by position in the range: every non-blank cell,
    or with ``groups`` (the 所属集团 column beside them) only the rows naming the group by
    its ``name`` or ``code``. An error cell among the counted ones passes through. With
    ``blanks``, a member's blank cell is there too, as None."""
    amounts = vector(value)
    labels = [text(c) if not is_blank(c) else "" for c in vector(groups)] if groups else None
    group = Group(optional_text(name), optional_text(code))
    found: dict[str, Any] = {}
    for position, cell in enumerate(amounts):
        # trailing blank cells of a range are trimmed: a row past the labels names no group
        label = labels[position] if labels is not None and position < len(labels) else ""
        if labels is not None and not group.matches(label):
            continue
        if isinstance(cell, str) and cell in EXCEL_ERRORS:
            raise _Passed(cell)
        if not is_blank(cell):
            found[str(position)] = money_arg(cell)
        elif blanks and labels is not None:
            found[str(position)] = None
    return found


class _Passed(Exception):
    """An error cell inside a range: the function returns it as it is."""


GROUPS_DOC = "所属集团区域，可选，与敞口区域逐行对应；给出时只加本集团的行。Each row's group."
NAME_DOC = "集团名称，与所属集团区域同用。Group name."
CODE_DOC = "集团编码，可选：所属集团写编码的行也算。Group code."


@xw.func(category=CATEGORY)
@xw.arg("exposures", doc=EXPOSURES_DOC, **RANGE)
@xw.arg("groups", doc=GROUPS_DOC, **RANGE)
@xw.arg("name", doc=NAME_DOC, **CELL)
@xw.arg("code", doc=CODE_DOC, **CELL)
@excel_safe
def CB_GROUP_EXPOSURE(
    exposures: Any, groups: Any = None, name: Any = None, code: Any = None
) -> Any:
    """集团敞口 = 各成员信用敞口之和（到分）；给出所属集团区域时只加该集团成员。Group exposure."""
    try:
        members = _exposures(exposures, groups, name, code)
    except _Passed as error:
        return str(error)
    return group_position(Group("集团"), members).exposure


@xw.func(category=CATEGORY)
@xw.arg("group_limit", doc="集团额度 group limit", **CELL)
@xw.arg("exposures", doc=EXPOSURES_DOC, **RANGE)
@xw.arg("groups", doc=GROUPS_DOC, **RANGE)
@xw.arg("name", doc=NAME_DOC, **CELL)
@xw.arg("code", doc=CODE_DOC, **CELL)
@excel_safe
def CB_GROUP_AVAILABLE(
    group_limit: Any, exposures: Any, groups: Any = None, name: Any = None, code: Any = None
) -> Any:
    """集团可用额度 = 集团额度 − 集团敞口，负数表示集团超额。Group available amount."""
    try:
        members = _exposures(exposures, groups, name, code)
    except _Passed as error:
        return str(error)
    position = group_position(Group("集团", limit=money_arg(group_limit)), members)
    return position.available if position.available is not None else ZERO


@xw.func(category=CATEGORY)
@xw.arg("group_limit", doc="集团额度 group limit", **CELL)
@xw.arg(
    "limits",
    doc="各成员的信用额度（有效额度）区域，与所属集团区域逐行对应。Members' limits.",
    **RANGE,
)
@xw.arg("groups", doc=GROUPS_DOC, **RANGE)
@xw.arg("name", doc=NAME_DOC, **CELL)
@xw.arg("code", doc=CODE_DOC, **CELL)
@xw.arg(
    "policy", doc="信用政策：预设名或政策表区域，默认 ABC。Policy: preset or 政策 range.", **RANGE
)
@excel_safe
def CB_GROUP_LIMIT_CHECK(
    group_limit: Any,
    limits: Any,
    groups: Any = None,
    name: Any = None,
    code: Any = None,
    policy: Any = None,
) -> Any:
    """集团额度校验：政策要求集团额度不超过各成员信用额度之和时，超过则写明超出多少，否则为空；
    成员额度有空白（未核定）时不校验。Group limit above the sum of its members' limits."""
    try:
        members = _exposures(limits, groups, name, code, blanks=True)
    except _Passed as error:
        return str(error)
    # the members' limits summed as monitor sums them: None when any member has none
    total = group_position(Group("集团"), dict.fromkeys(members, ZERO), members).member_limits
    capped = policy_arg(policy).group.cap_at_member_sum
    return group_limit_excess(optional_money(group_limit), total, capped)
