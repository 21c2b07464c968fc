"""A credit policy as a worksheet range (the 政策 sheet) and back.

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

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, get_args

from pydantic import BaseModel

from creditbook.core.errors import PolicyError
from creditbook.core.money import to_decimal
from creditbook.core.policy import (
    DEFAULT_PRESET,
    PRESETS,
    CollectionRules,
    GroupLimitRules,
    LimitRule,
    MonitoringRules,
    Policy,
    TemporaryLimitRules,
    canonical_indicator,
    policy_from_dict,
    preset,
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
_MODELS: dict[str, type[BaseModel]] = {**SECTIONS, "": Policy}  # "": a top-level field

_GRADE_FIELDS = dict(
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
_SCORECARD_FIELDS = dict(
    zip(
        ("指标", "类型", "权重", "方向", "下限", "上限", "得分", "区间"),
        ("name", "kind", "weight", "better", "min", "max", "points", "text"),
        strict=True,
    )
)


def _all_parameters() -> dict[str, str]:
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
    for label, path in _all_parameters().items():
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


# ── Reading ──────────────────────────────────────────────────────────────────


def _norm(value: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).casefold()


def _header_key(value: Any) -> str:
    """'期限(天)' / '期限（天）' / ' 期限 ' → '期限'."""
    return re.sub(r"\(.*\)$", "", _norm(value))


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


@dataclass
class _Table:
    kind: str  # "grades" | "scorecard" | "parameters"
    header_row: int  # 1-based row number in the range
    columns: dict[str, int]  # field → column index
    rows: list[tuple[int, list[Any]]]


class _Problems(list[str]):
    def at(self, row: int, column: str, message: str) -> None:
        self.append(f"第{row}行「{column}」列 row {row}, column {column}: {message}")


def _split_tables(rows: list[list[Any]], problems: _Problems) -> list[_Table]:
    tables: list[_Table] = []
    current: _Table | None = None
    for number, row in enumerate(rows, 1):
        if all(_blank(c) for c in row):
            current = None
            continue
        if current is not None:
            current.rows.append((number, row))
            continue
        current = _start_table(number, row, problems)
        if current is not None:
            tables.append(current)
        else:  # skip the rest of this unknown block
            current = _Table("unknown", number, {}, [])
    return [t for t in tables if t.kind != "unknown"]


def _start_table(number: int, row: list[Any], problems: _Problems) -> _Table | None:
    first = next((c for c in row if not _blank(c)), None)
    kinds = {"等级": ("grades", _GRADE_FIELDS), "指标": ("scorecard", _SCORECARD_FIELDS)}
    kinds["参数"] = ("parameters", {"参数": "label", "值": "value"})
    key = _header_key(first)
    if key not in kinds:
        problems.append(
            f"第{number}行 row {number}: 不是可识别的表头 not a known table header "
            f"({' | '.join(GRADE_HEADER)} / {' | '.join(SCORECARD_HEADER)} / 参数 | 值)"
        )
        return None
    kind, names = kinds[key]
    columns: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = _header_key(cell) if not _blank(cell) else ""
        if name in names:
            columns[names[name]] = index
        elif name:
            problems.append(f"第{number}行 row {number}: 未知列名 unknown column {cell!r}")
    for name, field in names.items():
        if field not in columns and name not in ("说明", "复核周期", "需担保", "现款", "区间"):
            problems.append(f"第{number}行 row {number}: 缺少列 missing column 「{name}」")
    return _Table(kind, number, columns, [])


def _get(table: _Table, row: list[Any], field: str) -> Any:
    index = table.columns.get(field)
    if index is None or index >= len(row) or _blank(row[index]):
        return None
    value = row[index]
    return value.strip() if isinstance(value, str) else value


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"需要数字 expected a number, got {value!r}")
    if isinstance(value, str):
        clean = _norm(value).replace(",", "")
        percent = clean.endswith("%")
        try:
            number = Decimal(clean.rstrip("%"))
        except InvalidOperation:
            raise ValueError(f"不是数字 not a number: {value!r}") from None
        return number / 100 if percent else number
    return to_decimal(value)


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = _norm(value)
    if key in ("是", "y", "yes", "true", "1", "√"):
        return True
    if key in ("否", "n", "no", "false", "0", "×", ""):
        return False
    raise ValueError(f"需要 是/否 expected yes/no, got {value!r}")


# Other ways people write the same choice.
_SYNONYMS = {
    "越大越好": "越高越好",
    "越小越好": "越低越好",
    "最小值": "最小",
    "最大值": "最大",
    "平均值": "平均",
    "min": "最小",
    "max": "最大",
    "average": "平均",
    "mean": "平均",
}


def _choice(value: Any, labels: dict[str, str]) -> str:
    key = _norm(value)
    key = _norm(_SYNONYMS.get(key, key))
    for label, code in labels.items():
        if key in (_norm(label), code):
            return code
    raise ValueError(f"应为 {'/'.join(labels)} expected one of them, got {value!r}")


def _read(problems: _Problems, row: int, column: str, convert: Any, value: Any) -> Any:
    try:
        return convert(value)
    except (ValueError, ArithmeticError) as error:
        problems.at(row, column, str(error))
        return None


def _read_grades(table: _Table, problems: _Problems) -> list[dict[str, Any]]:
    labels = {field: name for name, field in _GRADE_FIELDS.items()}
    converters = {
        "min_score": lambda v: float(_decimal(v)),
        "term_days": lambda v: int(_decimal(v)),
        "limit_factor": _decimal,
        "guarantee_required": lambda v: _norm(v) != _norm(OPTIONAL_GUARANTEE) and _flag(v),
        "cash_only": _flag,
        "review_months": lambda v: int(_decimal(v)),
        "grade": str,
        "description": str,
    }
    grades = []
    for number, row in table.rows:
        grade: dict[str, Any] = {}
        for field, convert in converters.items():
            value = _get(table, row, field)
            if value is None:
                if field in ("grade", "min_score", "term_days", "limit_factor"):
                    problems.at(number, labels[field], "必填 required")
                continue
            grade[field] = _read(problems, number, labels[field], convert, value)
            if field == "guarantee_required" and _norm(value) == _norm(OPTIONAL_GUARANTEE):
                grade["guarantee_optional"] = True
        grades.append(grade)
    return grades


def _read_scorecard(table: _Table, base: Policy, problems: _Problems) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for number, row in table.rows:
        name = _get(table, row, "name")
        if name is not None:
            canonical = canonical_indicator(str(name))
            if canonical is None:
                problems.at(number, "指标", f"未知指标 unknown indicator {name!r}")
                canonical = str(name)
            items.append(_start_indicator(table, number, row, canonical, base, problems))
        elif not items:
            problems.at(number, "指标", "第一行须填写指标名称 the first row needs an indicator")
            continue
        if items[-1].get("kind") == "rating":
            rating = _read_rating(table, number, row, problems)
            if rating is not None:
                items[-1]["ratings"].append(rating)
            continue
        band = _read_band(table, number, row, problems)
        if band is not None and items[-1].get("kind") == "qualitative":
            continue  # the 得分 5 of a qualitative row is its full marks, not a band
        if band is not None:
            items[-1]["bands"].append(band)
    return items


def _read_rating(
    table: _Table, number: int, row: list[Any], problems: _Problems
) -> dict[str, Any] | None:
    label, points = _get(table, row, "min"), _get(table, row, "points")
    if label is None and points is None:
        return None
    if label is None or points is None:
        problems.at(
            number,
            "下限" if label is None else "得分",
            "评级须有名称和得分 a rating needs a name and points",
        )
        return None
    return {"label": str(label), "points": _read(problems, number, "得分", _to_float, points)}


def _start_indicator(
    table: _Table, number: int, row: list[Any], name: str, base: Policy, problems: _Problems
) -> dict[str, Any]:
    item: dict[str, Any] = {"name": name, "bands": [], "ratings": []}
    kind = _get(table, row, "kind")
    better = _get(table, row, "better")
    weight = _get(table, row, "weight")
    item["kind"] = (
        "quantitative"
        if kind is None
        else _read(problems, number, "类型", lambda v: _choice(v, KINDS), kind)
    )
    item["better"] = (
        "higher"
        if better is None
        else _read(problems, number, "方向", lambda v: _choice(v, BETTER), better)
    )
    if weight is None:
        problems.at(number, "权重", "必填 required")
    else:
        item["weight"] = _read(problems, number, "权重", lambda v: float(_decimal(v)), weight)
    known = base.indicator(name) or next(
        (preset(p).indicator(name) for p in PRESETS if preset(p).indicator(name)), None
    )
    if known is not None:
        item.update(guidance=known.guidance, optional=known.optional, precision=known.precision)
    return item


def _read_band(
    table: _Table, number: int, row: list[Any], problems: _Problems
) -> dict[str, Any] | None:
    low, high, points = (_get(table, row, f) for f in ("min", "max", "points"))
    if low is None and high is None and points is None:
        return None
    if points is None:
        problems.at(number, "得分", "区间须有得分 a band needs points")
        return None
    band: dict[str, Any] = {"points": _read(problems, number, "得分", _to_float, points)}
    if low is not None:
        band["min"] = _read(problems, number, "下限", _decimal, low)
    if high is not None:
        band["max"] = _read(problems, number, "上限", _decimal, high)
    return band


def _to_float(value: Any) -> float:
    return float(_decimal(value))


def _parameter_converter(path: str) -> Any:
    """How a parameter cell becomes the field's value, from the field's annotation."""
    if path == "limit.combine":
        return lambda v: _choice(v, COMBINE)
    section, _, field = path.rpartition(".")
    model = _MODELS[section]
    annotation = model.model_fields[field].annotation
    types = set(get_args(annotation)) or {annotation}
    if bool in types:
        return _flag
    if int in types:
        return lambda v: int(_decimal(v))
    if Decimal in types:
        return _decimal
    if float in types:
        return _to_float
    return str


def _nullable(path: str) -> bool:
    section, _, field = path.rpartition(".")
    model = _MODELS[section]
    return type(None) in get_args(model.model_fields[field].annotation)


def _read_parameters(table: _Table, problems: _Problems) -> tuple[str | None, dict[str, Any]]:
    by_label = {_norm(label): path for label, path in _all_parameters().items()}
    by_label.update({_norm(path): path for path in _all_parameters().values()})
    base: str | None = None
    values: dict[str, Any] = {}
    for number, row in table.rows:
        label = _get(table, row, "label")
        value = _get(table, row, "value")
        if label is None:
            problems.at(number, "参数", "缺少参数名 the parameter has no name")
            continue
        if _norm(label) in (_norm(BASE_LABEL), "base", "preset"):
            base = None if value is None else str(value).strip().lower()
            if base is not None and base not in PRESETS:
                problems.at(
                    number, "值", f"未知预设 unknown preset {value!r} ({'/'.join(PRESETS)})"
                )
                base = None
            continue
        path = by_label.get(_norm(label))
        if path is None:
            problems.at(number, "参数", f"未知参数 unknown parameter {label!r}")
        elif value is not None:
            values[path] = _read(problems, number, "值", _parameter_converter(path), value)
        elif _nullable(path):
            values[path] = None
    return base, values


def policy_from_table(rows: list[list[Any]], base: Policy | str | None = None) -> Policy:
    """Read a policy from a range; what it leaves out comes from the base preset.

    ``base`` is used when the range names no 基础预设 (default: the default preset).
    Raises PolicyError listing every problem with its row (1-based within the range)
    and column, or the policy field that the combined result gets wrong.
    """
    problems = _Problems()
    grid = [list(row) if isinstance(row, (list, tuple)) else [row] for row in rows]
    tables = _split_tables(grid, problems)
    if not tables and not problems:
        problems.append("区域中没有政策表 the range holds no policy table")
    found: dict[str, _Table] = {}
    for table in tables:
        if table.kind in found:
            problems.append(
                f"第{table.header_row}行 row {table.header_row}: 重复的表 the "
                f"{table.kind} table appears twice (first at row {found[table.kind].header_row})"
            )
        found[table.kind] = table
    base_name, parameters = (
        _read_parameters(found["parameters"], problems) if "parameters" in found else (None, {})
    )
    if base_name is not None:
        base_policy = preset(base_name)
    elif isinstance(base, Policy):
        base_policy = base
    else:
        base_policy = preset(base or DEFAULT_PRESET)
    data = base_policy.model_dump()
    if "scorecard" in found:
        data["scorecard"] = _read_scorecard(found["scorecard"], base_policy, problems)
    if "grades" in found:
        data["grades"] = _read_grades(found["grades"], problems)
    for path, value in parameters.items():
        section, _, field = path.rpartition(".")
        (data[section] if section else data)[field] = value
    if problems:
        raise PolicyError(list(problems), source=SOURCE)
    return policy_from_dict(data, source=SOURCE)
