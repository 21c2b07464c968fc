"""The credit policy as a validated model: scorecard, grades, limits, aging, monitoring, dunning."""

from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from creditbook.core.errors import InvalidValue, PolicyError

PRESETS = ("abc", "abcd", "aaa")
DEFAULT_PRESET = "abc"

# Canonical indicator names and the English aliases accepted everywhere.
INDICATOR_ALIASES: dict[str, tuple[str, ...]] = {
    "资产负债率": ("debt_ratio", "debt ratio", "liabilities to assets"),
    "流动比率": ("current_ratio", "current ratio"),
    "速动比率": ("quick_ratio", "quick ratio", "acid test"),
    "应收账款周转天数": ("dso", "days sales outstanding", "receivable days"),
    "存货周转天数": ("dio", "days inventory outstanding", "inventory days"),
    "销售净利率": ("net_margin", "net margin", "net profit margin", "销售利润率"),
    "净资产收益率": ("roe", "return on equity"),
    "销售增长率": ("sales_growth", "sales growth", "growth", "增长率"),
    "付款准时率": ("on_time_rate", "on-time rate", "on time rate", "on_time"),
    "逾期次数": ("overdue_count", "overdue count"),
    "逾期金额": ("overdue_amount", "overdue amount"),
    "银行信用评级": ("bank_rating", "bank rating", "bank credit rating", "银行评级"),
    "行业协会评价": ("association_rating", "industry association rating", "行业协会评级"),
    "行业地位": ("industry_position", "industry position", "市场份额", "market share"),
    "行业口碑": ("reputation", "客户口碑", "口碑"),
    "品质": ("character", "客户品质"),
    "能力": ("capacity", "客户能力"),
    "资本": ("capital", "客户资本"),
    "抵押": ("collateral", "客户抵押"),
    "条件": ("conditions", "condition", "客户条件"),
}
FIVE_C = ("品质", "能力", "资本", "抵押", "条件")
RATING_INDICATORS = frozenset({"银行信用评级"})  # given as a label (AA), not a number
PERCENT_INDICATORS = frozenset(
    {"资产负债率", "销售净利率", "净资产收益率", "销售增长率", "付款准时率"}
)
# Shares of a whole: 0–100% and nothing else (付款准时率 63.64 is 6364%, not 63.64%).
SHARE_INDICATORS = frozenset({"付款准时率"})

_ALIAS_TO_NAME = {
    alias.casefold(): name
    for name, aliases in INDICATOR_ALIASES.items()
    for alias in (name, *aliases)
}


def canonical_indicator(name: str) -> str | None:
    """'DSO' / 'dso' / '应收账款周转天数' → '应收账款周转天数'; None when unknown."""
    return _ALIAS_TO_NAME.get(str(name).strip().casefold())


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Band(_Frozen):
    """A scoring band: values ``min ≤ value < max`` earn ``points``; None means unbounded.

    Edges are Decimal and values are compared exactly (``exact_value``), so a ratio of
    exactly 40% is at 40%, whatever the binary representation of the amounts it came from.

    Attributes:
        min: inclusive lower bound (含), or None for −∞.
        max: exclusive upper bound (不含), or None for +∞.
        points: points earned (the indicator's best band defines its full marks).
    """

    min: Decimal | None = None
    max: Decimal | None = None
    points: float

    _edges = field_validator("min", "max", mode="before")(
        lambda value: None if value is None else exact_value(value)
    )

    def contains(self, value: object) -> bool:
        number = exact_value(value)
        return (self.min is None or self.min <= number) and (self.max is None or number < self.max)

    def text(self, percent: bool = False) -> str:
        """The band in Chinese with its included end: '≥ 40% 且 < 55%', '< 40%（不含 40%）'."""
        low, high = (None if v is None else edge_text(v, percent) for v in (self.min, self.max))
        if low is None and high is None:
            return "全部取值"
        if low is None:
            return f"< {high}（不含 {high}）"
        if high is None:
            return f"≥ {low}（含 {low}）"
        return f"≥ {low} 且 < {high}"


def exact_value(value: object) -> Decimal:
    """A value to compare with band edges: Decimal as is, floats read to 15 significant
    digits as Excel shows them (0.39999999999999997 → 0.4), ±inf kept."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    number = float(value)  # type: ignore[arg-type]
    if math.isinf(number):
        return Decimal("Infinity") if number > 0 else Decimal("-Infinity")
    return Decimal(format(number, ".15g"))


def edge_text(value: Decimal, percent: bool = False) -> str:
    """0.4 → '40%' (percent) or '0.4'; 45 → '45'."""
    shown = value * 100 if percent else value
    text = f"{shown.normalize():f}"
    return f"{text}%" if percent else text


class Rating(_Frozen):
    """One grade of an external rating scale (e.g. 银行信用评级 AA) and its points."""

    label: str
    points: float = Field(ge=0)


def rating_key(value: object) -> str:
    """'aa+ 级' → 'AA+': how a rating typed by a user is matched with the scale."""
    text = unicodedata.normalize("NFKC", str(value)).strip().upper()
    return re.sub(r"\s+", "", text).removesuffix("级")


class Indicator(_Frozen):
    """One scorecard item.

    Attributes:
        name: canonical Chinese name (see INDICATOR_ALIASES).
        kind: 定量 quantitative (banded), 定性 qualitative (scored 1–5 by the evaluator:
            5C items and other judgements) or 评级 rating (an external rating such as
            银行信用评级, whose label earns the points of ``ratings``).
        weight: share of the 100-point total.
        better: whether a higher or a lower value is better (bands must agree).
        bands: contiguous bands covering every value (quantitative only).
        guidance: what the evaluator looks at (qualitative items).
        precision: decimal places the value is rounded to (half up) before banding, as
            the policy states it (e.g. 4 for a ratio read as 40.00%); None compares the
            exact value.
        optional: the item may be left blank (scored as missing, no error in a workbook).
    """

    name: str
    kind: Literal["quantitative", "qualitative", "rating"] = "quantitative"
    weight: float = Field(ge=0)
    better: Literal["higher", "lower"] = "higher"
    bands: tuple[Band, ...] = ()
    ratings: tuple[Rating, ...] = ()
    guidance: str = ""
    precision: int | None = Field(default=None, ge=0, le=10)
    optional: bool = False

    @property
    def percent(self) -> bool:
        """Whether the value reads as a percentage (资产负债率 0.4 → 40%)."""
        return self.name in PERCENT_INDICATORS

    def banded_value(self, value: object) -> Decimal:
        """The exact value compared with the band edges (rounded to ``precision`` if set)."""
        number = exact_value(value)
        if self.precision is None or not number.is_finite():
            return number
        return number.quantize(Decimal(1).scaleb(-self.precision), rounding=ROUND_HALF_UP)

    def band_for(self, value: object) -> Band:
        """The band a value falls in (quantitative items)."""
        number = self.banded_value(value)
        return next(b for b in self.bands if b.contains(number))

    @property
    def max_points(self) -> float:
        if self.kind == "rating":
            return max(r.points for r in self.ratings)
        return 5.0 if self.kind == "qualitative" else max(b.points for b in self.bands)

    def rating_points(self, label: object) -> float:
        """Points of a rating label (case, spaces and a trailing 级 ignored)."""
        key = rating_key(label)
        for rating in self.ratings:
            if rating_key(rating.label) == key:
                return rating.points
        known = "、".join(r.label for r in self.ratings)
        raise InvalidValue(f"{self.name}: 未知评级 unknown rating {label!r}（可选：{known}）")

    def problems(self) -> list[str]:
        where = f"scorecard.{self.name}"
        found: list[str] = []
        if canonical_indicator(self.name) != self.name:
            found.append(f"{where}: unknown indicator name (use one of {list(INDICATOR_ALIASES)})")
        if self.kind != "rating" and self.ratings:
            found.append(f"{where}.ratings: only a rating item takes ratings")
        if self.kind == "rating":
            keys = [rating_key(r.label) for r in self.ratings]
            if not self.ratings:
                found.append(f"{where}.ratings: a rating item needs its scale")
            if len(set(keys)) != len(keys):
                found.append(f"{where}.ratings: a rating is listed twice")
            if self.bands:
                found.append(f"{where}: a rating item takes ratings, not bands")
            return found
        if self.kind == "qualitative":
            if self.bands:
                found.append(f"{where}: a qualitative item is scored 1–5 and takes no bands")
            return found
        if not self.bands:
            return [*found, f"{where}.bands: a quantitative indicator needs bands"]
        if self.bands[0].min is not None:
            found.append(f"{where}.bands[0].min: the first band must start open (no min)")
        if self.bands[-1].max is not None:
            found.append(f"{where}.bands[-1].max: the last band must end open (no max)")
        for i, (low, high) in enumerate(zip(self.bands, self.bands[1:], strict=False), 1):
            if low.max is None or high.min is None:
                found.append(f"{where}.bands[{i}]: only the first/last band may be open")
            elif high.min > low.max:
                found.append(f"{where}.bands[{i}]: gap between {low.max} and {high.min}")
            elif high.min < low.max:
                found.append(
                    f"{where}.bands[{i}]: overlaps the band before ({high.min} < {low.max})"
                )
        for i, band in enumerate(self.bands):
            if band.min is not None and band.max is not None and band.min >= band.max:
                found.append(f"{where}.bands[{i}]: min {band.min} is not below max {band.max}")
            if band.points < 0:
                found.append(f"{where}.bands[{i}].points: negative points")
        points = [b.points for b in self.bands]
        ordered = sorted(points) if self.better == "higher" else sorted(points, reverse=True)
        if points != ordered:
            found.append(
                f"{where}.bands: points must rise as the value gets better "
                f"(better = {self.better!r})"
            )
        return found


class Grade(_Frozen):
    """A row of the grade scale (信用等级).

    Attributes:
        grade: label, e.g. 'A' or 'AAA'.
        min_score: lowest score (0–100) that earns the grade.
        term_days: credit term (信用期限) in days; 0 for cash-only grades.
        limit_factor: 额度系数 applied to every limit method.
        guarantee_required: 需担保 — credit only against a guarantee.
        guarantee_optional: 可要求担保 — a guarantee may be asked for (policy 2's C 级
            “或要求提供担保措施”); ignored when ``guarantee_required``.
        cash_only: 现款 — no credit at all.
        review_months: 复核周期 in months.
        description: 说明, shown in reports.
    """

    grade: str
    min_score: float = Field(ge=0, le=100)
    term_days: int = Field(ge=0)
    limit_factor: Decimal = Field(ge=0)
    guarantee_required: bool = False
    guarantee_optional: bool = False
    cash_only: bool = False
    review_months: int = Field(default=12, ge=1)
    description: str = ""


class LimitRule(_Frozen):
    """How a recommended credit limit (信用额度) is computed.

    Attributes:
        needs_based: enable 需求法 — monthly sales × term/30 × grade factor.
        net_worth_pct: % of net worth (净资产) × grade factor; None disables it.
        working_capital_pct: % of working capital (营运资金) × grade factor; None disables.
        combine: how the figures of the methods that apply are combined.
        new_customer_factor: multiplier for a new customer (新客户).
        new_customer_cap: ceiling for a new customer; None for no cap.
        new_customer_omits_missing: for a new customer (新客户) that has given no
            statements (neither 净资产 nor 营运资金), 净资产法 and 营运资金法 are left out
            of the combination (flagged 资料不足) instead of counting as 0, so a
            licence-only newcomer starts with the lower new-customer limit, not none; any
            other missing method (an existing customer's, a partial statement's, 需求法
            without 预计月采购额) counts as 0.
        new_customer_term_days: the longest credit term for a new customer (制度 3: 新客户
            「较短的信用期限」); None: the grade's term.
        max_limit: ceiling for anyone; None for no cap.
        rounding_unit: the limit is rounded down to a multiple of this (e.g. 1,000).
    """

    needs_based: bool = True
    net_worth_pct: Decimal | None = Field(default=None, ge=0)
    working_capital_pct: Decimal | None = Field(default=None, ge=0)
    combine: Literal["min", "max", "average"] = "min"
    new_customer_factor: Decimal = Field(default=Decimal("0.5"), ge=0, le=1)
    new_customer_cap: Decimal | None = Field(default=None, ge=0)
    new_customer_omits_missing: bool = False
    new_customer_term_days: int | None = Field(default=None, ge=0)
    max_limit: Decimal | None = Field(default=None, ge=0)
    rounding_unit: Decimal = Field(default=Decimal("1000"), ge=0)


class Bucket(_Frozen):
    """An aging bucket: days overdue (or since invoice) up to ``max_days`` inclusive."""

    label: str
    max_days: int | None = None


class AgingRules(_Frozen):
    """账龄区间: management view by due date and accounting view by invoice date."""

    due: tuple[Bucket, ...] = (
        Bucket(label="未到期", max_days=0),
        Bucket(label="1-30天", max_days=30),
        Bucket(label="31-60天", max_days=60),
        Bucket(label="61-90天", max_days=90),
        Bucket(label="91-180天", max_days=180),
        Bucket(label="181-365天", max_days=365),
        Bucket(label="365天以上"),
    )
    invoice: tuple[Bucket, ...] = (
        Bucket(label="1年以内", max_days=365),
        Bucket(label="1-2年", max_days=730),
        Bucket(label="2-3年", max_days=1095),
        Bucket(label="3年以上"),
    )

    def problems(self) -> list[str]:
        found: list[str] = []
        for view, buckets in (("due", self.due), ("invoice", self.invoice)):
            bounds = [b.max_days for b in buckets]
            if not buckets or bounds[-1] is not None:
                found.append(f"aging.{view}: the last bucket must be open (no max_days)")
            inner = [b for b in bounds[:-1] if b is not None]
            if len(inner) != len(bounds) - 1 or inner != sorted(set(inner)):
                found.append(f"aging.{view}: max_days must rise strictly bucket by bucket")
        return found


class MonitoringRules(_Frozen):
    """信用监控与预警 thresholds and the adjustment rules."""

    overdue_term_pct: Decimal = Field(default=Decimal("0.5"), ge=0)
    severe_overdue_term_pct: Decimal = Field(default=Decimal("1.0"), ge=0)
    grace_days: int = Field(default=0, ge=0)
    utilization_watch: Decimal = Field(default=Decimal("0.9"), ge=0)
    upgrade_clean_months: int = Field(default=12, ge=1)
    upgrade_min_on_time_rate: Decimal = Field(default=Decimal("0.95"), ge=0, le=1)
    order_block_overdue_days: int = Field(default=30, ge=0)
    # 起催金额: below this overdue amount no collection letter and no downgrade for overdue.
    min_overdue_amount: Decimal = Field(default=Decimal("100.00"), ge=0)
    downgrade_on_late_payment: bool = False  # 下调 on any late payment in the window


class CollectionRules(_Frozen):
    """催收跟进: promises to pay (承诺付款) and disputed invoices (争议单据) from the log."""

    # A promise holds the letter for the promised amount until its date plus these days.
    promise_grace_days: int = Field(default=3, ge=0)
    # A broken promise moves the customer's letter one dunning stage up.
    broken_promise_escalates: bool = True
    # monitor: this many broken promises within the window raise a 预警 signal.
    broken_promise_limit: int = Field(default=2, ge=1)
    broken_promise_months: int = Field(default=12, ge=1)
    # monitor and worklist: a dispute open longer than this is flagged for escalation.
    dispute_escalation_days: int = Field(default=30, ge=1)


class DunningStage(_Frozen):
    """催收阶段: from ``min_days`` overdue (inclusive) up to the next stage."""

    stage: str
    min_days: int = Field(ge=1)
    letter: Literal["reminder", "demand", "final", "legal"]
    action: str = ""


class ApprovalTier(_Frozen):
    """Approval chain for limits up to ``max_amount`` (None: any amount)."""

    max_amount: Decimal | None = None
    chain: tuple[str, ...]


class TemporaryLimitRules(_Frozen):
    """临时额度: the largest share of the base limit, the longest duration, the days of
    notice before it ends, and who approves it by the temporary amount (``approval``, tiers
    as the policy's own; empty: the policy's approval tiers)."""

    max_share: Decimal = Field(default=Decimal("0.5"), ge=0)
    max_days: int = Field(default=90, ge=1)
    notice_days: int = Field(default=7, ge=0)
    approval: tuple[ApprovalTier, ...] = ()


class GroupLimitRules(_Frozen):
    """集团额度: the use share that raises 集团使用率 (关注), whether a group limit may exceed
    the sum of its members' limits, and who approves it (empty: the top approval tier)."""

    utilization_watch: Decimal = Field(default=Decimal("0.9"), ge=0)
    cap_at_member_sum: bool = True
    approval: tuple[str, ...] = ()


DEFAULT_DUNNING = (
    DunningStage(
        stage="付款提醒", min_days=1, letter="reminder", action="电话提醒并发送付款提醒函"
    ),
    DunningStage(stage="催款", min_days=31, letter="demand", action="发送催款函，销售人员上门催收"),
    DunningStage(stage="最后催告", min_days=91, letter="final", action="发送最后催告函，暂停供货"),
    DunningStage(
        stage="法律程序", min_days=181, letter="legal", action="移交法务部门，通过法律途径解决"
    ),
)

# 制度 3 第三节: 销售部门提出申请 → 财务部门审核 → 信用管理小组确定 → 报公司管理层审批.
DEFAULT_APPROVAL = (
    ApprovalTier(
        max_amount=None,
        chain=("销售部门申请", "财务部门审核", "信用管理小组确定", "管理层审批"),
    ),
)


class Policy(_Frozen):
    """A company's credit policy (客户信用管理制度) in executable form."""

    name: str
    version: str = "1"
    title: str = "客户信用管理制度"
    description: str = ""
    day_basis: int = Field(default=360, ge=1)
    dso_includes_notes: bool = True  # 应收账款周转天数 counts 应收票据 with 应收账款
    scorecard: tuple[Indicator, ...]
    grades: tuple[Grade, ...]
    limit: LimitRule = LimitRule()
    aging: AgingRules = AgingRules()
    monitoring: MonitoringRules = MonitoringRules()
    collections: CollectionRules = CollectionRules()
    dunning: tuple[DunningStage, ...] = DEFAULT_DUNNING
    approval: tuple[ApprovalTier, ...] = DEFAULT_APPROVAL
    temporary: TemporaryLimitRules = TemporaryLimitRules()
    group: GroupLimitRules = GroupLimitRules()

    @model_validator(mode="after")
    def _check(self) -> Policy:
        found: list[str] = []
        names = [i.name for i in self.scorecard]
        for duplicate in sorted({n for n in names if names.count(n) > 1}):
            found.append(f"scorecard.{duplicate}: listed twice")
        total = sum(i.weight for i in self.scorecard)
        if not math.isclose(total, 100, abs_tol=1e-9):
            found.append(f"scorecard: weights sum to {total:g}, not 100")
        for indicator in self.scorecard:
            found.extend(indicator.problems())
        found.extend(self._grade_problems())
        found.extend(self.aging.problems())
        starts = [s.min_days for s in self.dunning]
        if starts != sorted(set(starts)):
            found.append("dunning: min_days must rise strictly stage by stage")
        caps = [t.max_amount for t in self.approval]
        if not caps or caps[-1] is not None:
            found.append("approval: the last tier must have no max_amount")
        temporary_caps = [t.max_amount for t in self.temporary.approval]
        if temporary_caps and temporary_caps[-1] is not None:
            found.append("temporary.approval: the last tier must have no max_amount")
        if found:
            raise PolicyError(found, source=f"policy {self.name!r}")
        return self

    def _grade_problems(self) -> list[str]:
        found: list[str] = []
        if not self.grades:
            return ["grades: at least one grade is needed"]
        labels = [g.grade for g in self.grades]
        for duplicate in sorted({g for g in labels if labels.count(g) > 1}):
            found.append(f"grades.{duplicate}: listed twice")
        minimums = [g.min_score for g in self.grades]
        for upper, lower in zip(self.grades, self.grades[1:], strict=False):
            if lower.min_score >= upper.min_score:
                found.append(
                    f"grades.{lower.grade}.min_score: {lower.min_score:g} must be below "
                    f"{upper.grade}'s {upper.min_score:g} (strictly descending)"
                )
        if minimums[-1] != 0:
            found.append(
                f"grades.{labels[-1]}.min_score: the lowest grade must start at 0 so that "
                "every score gets a grade"
            )
        for grade in self.grades:
            if grade.cash_only and grade.term_days:
                found.append(f"grades.{grade.grade}.term_days: a cash-only grade has term 0")
        terms = [g.term_days for g in self.grades]
        if terms != sorted(terms, reverse=True):
            found.append("grades: term_days must not rise as the grade falls")
        factors = [g.limit_factor for g in self.grades]
        if factors != sorted(factors, reverse=True):
            found.append("grades: limit_factor must not rise as the grade falls")
        return found

    # Look-ups used throughout the core.
    def indicator(self, name: str) -> Indicator | None:
        canonical = canonical_indicator(name)
        return next((i for i in self.scorecard if i.name == canonical), None)

    def grade(self, label: str) -> Grade:
        key = str(label).strip().upper()
        for grade in self.grades:
            if grade.grade.upper() == key:
                return grade
        raise KeyError(f"grade {label!r} is not in policy {self.name!r} ({', '.join(self.labels)})")

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(g.grade for g in self.grades)

    def approval_chain(self, amount: Decimal) -> tuple[str, ...]:
        for tier in self.approval:
            if tier.max_amount is None or amount <= tier.max_amount:
                return tier.chain
        return self.approval[-1].chain

    def temporary_chain(self, amount: Decimal) -> tuple[str, ...]:
        """Who approves a temporary limit of ``amount``: its own tiers, else the policy's."""
        for tier in self.temporary.approval:
            if tier.max_amount is None or amount <= tier.max_amount:
                return tier.chain
        return self.approval_chain(amount)

    @property
    def group_chain(self) -> tuple[str, ...]:
        """Who approves a group limit: the policy's choice, else the top approval tier."""
        return self.group.approval or self.approval[-1].chain


def policy_from_dict(data: dict[str, Any], source: str = "policy") -> Policy:
    """Validate a policy mapping; every problem is reported at once, naming its field."""
    try:
        return Policy.model_validate(data)
    except PolicyError as error:
        raise PolicyError(error.problems, source=source) from None
    except ValidationError as error:
        problems = []
        for item in error.errors():
            if item["type"] == "value_error" and isinstance(
                item.get("ctx", {}).get("error"), PolicyError
            ):
                problems.extend(item["ctx"]["error"].problems)
                continue
            location = ".".join(str(part) for part in item["loc"])
            problems.append(f"{location}: {item['msg']}")
        raise PolicyError(problems, source=source) from None


def load_policy(path: str | Path) -> Policy:
    """Read a policy TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise PolicyError([f"not valid TOML: {error}"], source=str(path)) from None
    return policy_from_dict(data, source=str(path))


@cache
def preset(name: str = DEFAULT_PRESET) -> Policy:
    """A shipped preset: 'abc', 'abcd' or 'aaa' (case-insensitive)."""
    key = str(name).strip().lower()
    if key not in PRESETS:
        raise KeyError(f"unknown policy preset {name!r}; choose one of {', '.join(PRESETS)}")
    text = resources.files("creditbook.presets").joinpath(f"{key}.toml").read_text("utf-8")
    return policy_from_dict(tomllib.loads(text), source=f"preset {key}")


def resolve_policy(spec: str | Path | Policy | None) -> Policy:
    """A Policy, a preset name, a TOML path, or None (the default preset)."""
    if spec is None:
        return preset()
    if isinstance(spec, Policy):
        return spec
    if str(spec).strip().lower() in PRESETS:
        return preset(str(spec))
    return load_policy(spec)
