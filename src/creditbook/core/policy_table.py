"""A credit policy as a worksheet range (the 政策 sheet): its layout and ``policy_to_table``.

Reading a range back (a user's edited 政策 sheet, a range handed to a CB_ function, a
policy table saved as CSV/XLSX) is ``creditbook.inputs.policy_sheet.policy_from_table``,
which names every bad cell as a ``ReadProblem``; this module keeps only what the policy
model says about the table: its headers, labels and choices, and how a policy is written.

One 2-D range holds up to three tables stacked vertically, each starting with its header
row and separated by one or more blank rows; order is free and each table is optional:

* 参数 table — ``参数 | 值``: one row per setting (基础预设, 名称, 计算天数, 需求法,
  净资产比例, 组合方式 …, see :data:`PARAMETERS`); a blank 值 means "none" for settings
  that may be absent (净资产比例, 新客户上限, 最高额度) and "from the base" otherwise.
* 评分卡 table — ``指标 | 类型 | 权重 | 方向 | 下限 | 上限 | 得分 | 区间``: one row per band;
  a blank 指标 continues the indicator above; 类型 定量/定性/评级, 方向 越高越好/越低越好;
  a band holds 下限 ≤ 值 < 上限 (区间 states it in words and is not read back);
  qualitative rows have blank bands; a 评级 item has one row per rating, the label in 下限
  and its points in 得分. Guidance text comes from the base preset.
* 等级 table — ``等级 | 最低分 | 期限(天) | 额度系数 | 需担保 | 现款 | 复核周期(月) | 说明``;
  需担保 is 是 (required), 可要求 (a guarantee may be asked for) or 否.

Whatever the range leaves out (a whole table, a parameter, aging buckets, dunning stages,
approval tiers, the temporary-limit approval tiers) comes from the base preset named by
基础预设 (default abc).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from creditbook.core.policy import (
    DEFAULT_PRESET,
    PRESETS,
    CollectionRules,
    GroupLimitRules,
    LimitRule,
    MonitoringRules,
    Policy,
    TemporaryLimitRules,
)

GRADE_HEADER = ("等级", "最低分", "期限(天)", "额度系数", "需担保", "现款", "复核周期(月)", "说明")
SCORECARD_HEADER = ("指标", "类型", "权重", "方向", "下限", "上限", "得分", "区间")
PARAMETER_HEADER = ("参数", "值")
WIDTH = max(len(GRADE_HEADER), len(SCORECARD_HEADER), len(PARAMETER_HEADER))
SOURCE = "政策表 policy table"

YES, NO = "是", "否"
KINDS = {"定量": "quantitative", "定性": "qualitative", "评级": "rating"}
OPTIONAL_GUARANTEE = "可要求"
BETTER = {"越高越好": "higher", "越低越好": "lower"}
COMBINE = {"最小": "min", "最大": "max", "平均": "average"}

# Parameter label → field path in the policy. LimitRule/MonitoringRules fields that have no
# Chinese label here still travel, under their English path (e.g. "monitoring.new_field").
PARAMETERS: dict[str, str] = {
    "名称": "name",
    "版本": "version",
    "标题": "title",
    "说明": "description",
    "计算天数": "day_basis",
    "需求法": "limit.needs_based",
    "净资产比例": "limit.net_worth_pct",
    "营运资金比例": "limit.working_capital_pct",
    "组合方式": "limit.combine",
    "新客户系数": "limit.new_customer_factor",
    "新客户上限": "limit.new_customer_cap",
    "新客户缺资料方法不计": "limit.new_customer_omits_missing",
    "新客户最长期限(天)": "limit.new_customer_term_days",
    "最高额度": "limit.max_limit",
    "取整单位": "limit.rounding_unit",
    "逾期预警比例": "monitoring.overdue_term_pct",
    "严重逾期比例": "monitoring.severe_overdue_term_pct",
    "宽限天数": "monitoring.grace_days",
    "额度使用预警比例": "monitoring.utilization_watch",
    "上调无逾期月数": "monitoring.upgrade_clean_months",
    "上调最低准时率": "monitoring.upgrade_min_on_time_rate",
    "订单拦截逾期天数": "monitoring.order_block_overdue_days",
    "起催金额": "monitoring.min_overdue_amount",
    "逾期付款即降级": "monitoring.downgrade_on_late_payment",
    "承诺付款宽限天数": "collections.promise_grace_days",
    "违约承诺升级催收": "collections.broken_promise_escalates",
    "违约承诺预警次数": "collections.broken_promise_limit",
    "违约承诺统计月数": "collections.broken_promise_months",
    "争议升级天数": "collections.dispute_escalation_days",
    "周转天数含应收票据": "dso_includes_notes",
    "临时额度最高比例": "temporary.max_share",
    "临时额度最长天数": "temporary.max_days",
    "临时额度到期提示天数": "temporary.notice_days",
    "集团使用率预警比例": "group.utilization_watch",
    "集团额度不超过成员额度之和": "group.cap_at_member_sum",
}
BASE_LABEL = "基础预设"
SECTIONS: dict[str, type[BaseModel]] = {
    "limit": LimitRule,
    "monitoring": MonitoringRules,
    "collections": CollectionRules,
    "temporary": TemporaryLimitRules,
    "group": GroupLimitRules,
}
MODELS: dict[str, type[BaseModel]] = {**SECTIONS, "": Policy}  # "": a top-level field

GRADE_FIELDS = dict(
    zip(
        ("等级", "最低分", "期限", "额度系数", "需担保", "现款", "复核周期", "说明"),
        (
            "grade",
            "min_score",
            "term_days",
            "limit_factor",
            "guarantee_required",
            "cash_only",
            "review_months",
            "description",
        ),
        strict=True,
    )
)
SCORECARD_FIELDS = dict(
    zip(
        ("指标", "类型", "权重", "方向", "下限", "上限", "得分", "区间"),
        ("name", "kind", "weight", "better", "min", "max", "points", "text"),
        strict=True,
    )
)


def all_parameters() -> dict[str, str]:
    """Every parameter the 参数 table carries: label → field path (unlabelled fields of the
    sections under their English path)."""
    labelled = set(PARAMETERS.values())
    extra = {
        f"{section}.{field}": f"{section}.{field}"
        for section, model in SECTIONS.items()
        for field in model.model_fields
        if f"{section}.{field}" not in labelled and field != "approval"  # tiers: base preset
    }
    return {**PARAMETERS, **extra}


# ── Writing ──────────────────────────────────────────────────────────────────


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _guarantee_cell(required: bool, optional: bool) -> str:
    return YES if required else OPTIONAL_GUARANTEE if optional else NO


def _pad(row: list[Any]) -> list[Any]:
    return row + [None] * (WIDTH - len(row))


def _field(policy: Policy, path: str) -> Any:
    value: Any = policy
    for part in path.split("."):
        value = getattr(value, part)
    return value


def policy_to_table(policy: Policy) -> list[list[Any]]:
    """The policy as one rectangular range: 参数, 评分卡 and 等级 tables, blank rows between."""
    base = policy.name if policy.name in PRESETS else DEFAULT_PRESET
    rows: list[list[Any]] = [list(PARAMETER_HEADER), [BASE_LABEL, base]]
    for label, path in all_parameters().items():
        value = _field(policy, path)
        if path == "limit.combine":
            value = {v: k for k, v in COMBINE.items()}[value]
        rows.append([label, _cell(value)])
    rows.append([])
    rows.append(list(SCORECARD_HEADER))
    kind_label = {v: k for k, v in KINDS.items()}
    better_label = {v: k for k, v in BETTER.items()}
    for item in policy.scorecard:
        head = [item.name, kind_label[item.kind], _cell(item.weight), better_label[item.better]]
        if item.kind == "qualitative":
            rows.append([*head, None, None, 5, "评分 1–5"])
        for i, rating in enumerate(item.ratings):
            first = head if i == 0 else [None] * 4
            rows.append([*first, rating.label, None, _cell(rating.points), f"评级 {rating.label}"])
        for i, band in enumerate(item.bands):
            rows.append(
                [
                    *(head if i == 0 else [None] * 4),
                    _cell(band.min),
                    _cell(band.max),
                    _cell(band.points),
                    band.text(item.percent),
                ]
            )
    rows.append([])
    rows.append(list(GRADE_HEADER))
    for g in policy.grades:
        rows.append(
            [
                g.grade,
                _cell(g.min_score),
                g.term_days,
                _cell(g.limit_factor),
                _guarantee_cell(g.guarantee_required, g.guarantee_optional),
                _cell(g.cash_only),
                g.review_months,
                g.description,
            ]
        )
    return [_pad(row) for row in rows]
