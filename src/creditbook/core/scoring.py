"""The scorecard: indicator values → band points → weighted 0–100 score → grade.

An indicator earns the points of the band its value falls in (min ≤ value < max, compared
exactly in Decimal); qualitative items (5C and other judgements) are rated 1–5; a rating
item (银行信用评级) earns the points its policy gives the rating label. Each item
contributes ``points / full marks × weight``, so the weights (summing to 100) make the
total a score out of 100, rounded to 0.01 before the grade is looked up (the score the
user sees is the one that decides the grade).
A missing value earns the worst band (rating 1 for qualitative items) and is flagged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from creditbook.core.errors import ImpossibleValue, InvalidValue
from creditbook.core.policy import (
    SHARE_INDICATORS,
    Grade,
    Indicator,
    Policy,
    canonical_indicator,
)

QUALITATIVE_RANGE = (1.0, 5.0)
SCORE_DECIMALS = 2
MISSING_NOTE = "缺失，按最差档计分 missing: scored as the worst band"


@dataclass(frozen=True)
class ScoreLine:
    """One row of the score detail (评分明细).

    Attributes:
        name: indicator (指标).  value: its value (值; a rating item's label), None when missing.
        points: band points (得分) out of ``full_points``.  weight: 权重.
        weighted: 加权得分 = points / full_points × weight.  missing: flagged as missing.
    """

    name: str
    value: float | Decimal | str | None
    points: float
    full_points: float
    weight: float
    weighted: float
    missing: bool = False

    @property
    def note(self) -> str:
        return MISSING_NOTE if self.missing else ""


@dataclass(frozen=True)
class Score:
    """A weighted score (0–100) with its detail lines."""

    lines: tuple[ScoreLine, ...]
    total: float

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(line.name for line in self.lines if line.missing)


def indicator_value(value: Any) -> float | Decimal | None:
    """A number or None (blank/NaN); bools and text are InvalidValue.

    Decimals (ratios computed from amounts) stay Decimal so that banding is exact.
    """
    if value is None:
        return None
    if isinstance(value, Decimal):
        return None if value.is_nan() else value
    if isinstance(value, bool):
        raise InvalidValue(f"指标值不是数字 indicator value is not a number: {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidValue(f"指标值不是数字 indicator value is not a number: {value!r}") from None
    return None if math.isnan(number) else number


def _band_edges(indicator: Indicator) -> np.ndarray:
    return np.array([float(band.min) for band in indicator.bands[1:]], dtype=float)  # type: ignore[arg-type]


def exact_points(indicator: Indicator, value: Any) -> float:
    """Points for one value, compared with the band edges in Decimal (exactly)."""
    if indicator.kind == "qualitative":
        return float(band_points(indicator, float(value)))
    return indicator.band_for(value).points


def band_points(indicator: Indicator, values: Any) -> Any:
    """Points for a value (or an array of values); NaN for missing values.

    Arrays are banded with float comparisons, then every value within a hair of an edge
    (or every value, when the indicator has a stated precision) is banded again exactly,
    so the vector path agrees with ``exact_points`` at the edges.
    """
    array = np.asarray(values, dtype=float)
    if indicator.kind == "qualitative":
        low, high = QUALITATIVE_RANGE
        bad = ~np.isnan(array) & ((array < low) | (array > high))
        if bad.any():
            raise ImpossibleValue(
                f"{indicator.name}: 定性评分须在 1–5 之间 a 5C rating must be 1–5, "
                f"got {array[bad][:5].tolist()}"
            )
        points = array
    else:
        if indicator.name in SHARE_INDICATORS:
            bad = ~np.isnan(array) & ((array < 0) | (array > 1))
            if bad.any():
                raise ImpossibleValue(share_message(indicator.name, float(array[bad][0])))
        table = np.array([band.points for band in indicator.bands], dtype=float)
        edges = _band_edges(indicator)
        index = np.searchsorted(edges, array, side="right")
        points = np.where(np.isnan(array), np.nan, table[index])
        if indicator.precision is not None:
            near = ~np.isnan(array)
        else:
            gap = np.abs(array[..., None] - edges) if edges.size else np.zeros((*array.shape, 0))
            near = (gap <= np.abs(edges) * 1e-9 + 1e-12).any(axis=-1) & ~np.isnan(array)
        if near.any():
            points = np.array(points, dtype=float, copy=True)
            flat, source = points.reshape(-1), array.reshape(-1)
            for position in np.flatnonzero(near.reshape(-1)):
                flat[position] = exact_points(indicator, source[position])
    return points if np.ndim(points) else float(points)


def worst_points(indicator: Indicator) -> float:
    if indicator.kind == "qualitative":
        return QUALITATIVE_RANGE[0]
    if indicator.kind == "rating":
        return min(rating.points for rating in indicator.ratings)
    return min(band.points for band in indicator.bands)


def input_value(indicator: Indicator | None, value: Any) -> float | Decimal | str | None:
    """An indicator's value as given: a rating label (text) for a rating item, else a
    number (``indicator_value``); None when blank. A share outside 0–100% is refused."""
    if indicator is not None and indicator.kind == "rating":
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        label = str(value).strip()
        if label:
            indicator.rating_points(label)  # refuses an unknown rating here
        return label or None
    number = indicator_value(value)
    if indicator is not None and number is not None:
        check_share(indicator.name, number)
    return number


def check_share(name: str, value: float | Decimal) -> None:
    """Refuse a share (付款准时率) outside 0–100%: 63.64 written for 63.64% would score as
    6364% and earn the best band."""
    if name in SHARE_INDICATORS and not 0 <= value <= 1:
        raise ImpossibleValue(share_message(name, value))


def share_message(name: str, value: float | Decimal) -> str:
    """'付款准时率须在 0–100% 之间 … 63.64 是否应为 63.64%？'"""
    hint = f"，{value:g} 是否应为 {value:g}%？" if 1 < value <= 100 else ""
    return f"{name}须在 0–100% 之间 must be 0–100% (got {value:g}){hint}"


def _values_by_indicator(
    values: Mapping[str, Any], policy: Policy
) -> dict[str, float | Decimal | str | None]:
    found: dict[str, float | Decimal | str | None] = {}  # str: a rating item's label
    for name, value in values.items():
        if name is None or not str(name).strip():
            continue
        canonical = canonical_indicator(name)
        if canonical is None:
            raise InvalidValue(f"未知指标 unknown indicator: {name!r}")
        if canonical in found:
            raise InvalidValue(f"指标重复 indicator given twice: {name!r} ({canonical})")
        indicator = policy.indicator(canonical)
        if indicator is not None:
            found[canonical] = input_value(indicator, value)
    return found


def score(values: Mapping[str, Any], policy: Policy) -> Score:
    """Score one customer from {indicator name (Chinese or English alias): value}."""
    found = _values_by_indicator(values, policy)
    lines = []
    for indicator in policy.scorecard:
        value = found.get(indicator.name)
        missing = value is None
        if missing:
            points = worst_points(indicator)
        elif indicator.kind == "rating":
            points = indicator.rating_points(value)
        else:
            points = exact_points(indicator, value)
        full = indicator.max_points
        weighted = points / full * indicator.weight if full else 0.0
        lines.append(
            ScoreLine(indicator.name, value, points, full, indicator.weight, weighted, missing)
        )
    total = round(sum(line.weighted for line in lines), SCORE_DECIMALS)
    return Score(tuple(lines), total)


def grade_for(total: float, policy: Policy) -> Grade:
    """The highest grade whose minimum score the total reaches."""
    if total is None or math.isnan(total):
        raise InvalidValue("评分缺失 score is missing")
    if total < 0 or total > 100:
        raise ImpossibleValue(f"评分须在 0–100 之间 score must be 0–100: {total}")
    for grade in policy.grades:
        if total >= grade.min_score:
            return grade
    return policy.grades[-1]


# ── A whole portfolio at once ────────────────────────────────────────────────


def score_portfolio(frame: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Score every row of a DataFrame with one column per indicator (names or aliases).

    Other columns (customer code, name …) are ignored. Returns a DataFrame with the same
    index and columns 评分 score, 等级 grade, 期限 term_days and 缺失指标数 missing count.
    A 5C rating outside 1–5 raises ImpossibleValue naming the column and rows.
    """
    columns: dict[str, str] = {}
    for label in frame.columns:
        canonical = canonical_indicator(label)
        if canonical is not None and policy.indicator(canonical) is not None:
            columns.setdefault(canonical, label)
    total = np.zeros(len(frame))
    missing = np.zeros(len(frame), dtype=np.int64)
    for indicator in policy.scorecard:
        if indicator.kind == "rating":
            column = frame[columns[indicator.name]] if indicator.name in columns else None
            points = _rating_points(indicator, column, len(frame))
            absent = np.isnan(points)
            missing += absent
            points = np.where(absent, worst_points(indicator), points)
            total += points / indicator.max_points * indicator.weight
            continue
        if indicator.name in columns:
            raw = pd.to_numeric(frame[columns[indicator.name]], errors="coerce")
            values = raw.to_numpy(dtype=float)
        else:
            values = np.full(len(frame), np.nan)
        try:
            points = band_points(indicator, values)
        except ImpossibleValue as error:
            rows = _bad_rows(frame, values, indicator.name in SHARE_INDICATORS)
            raise ImpossibleValue(f"{error} (rows {rows})") from None
        absent = np.isnan(points)
        missing += absent
        points = np.where(absent, worst_points(indicator), points)
        total += points / indicator.max_points * indicator.weight
    total = np.round(total, SCORE_DECIMALS)
    grades = policy.grades
    order = np.argsort([g.min_score for g in grades], kind="stable")  # ascending minimums
    minimums = np.array([grades[i].min_score for i in order])
    position = np.searchsorted(minimums, total, side="right") - 1
    chosen = order[np.clip(position, 0, len(grades) - 1)]
    labels = np.array([g.grade for g in grades], dtype=object)[chosen]
    terms = np.array([g.term_days for g in grades])[chosen]
    return pd.DataFrame(
        {"评分": total, "等级": labels, "期限": terms, "缺失指标数": missing}, index=frame.index
    )


def _rating_points(indicator: Indicator, column: pd.Series | None, length: int) -> np.ndarray:
    """Points of a rating column (NaN where blank); an unknown rating names its rows."""
    if column is None:
        return np.full(length, np.nan)
    labels = column.where(column.notna(), "").astype(str).str.strip()
    points: dict[str, float] = {"": np.nan}
    for label in labels.unique():
        if label in points:
            continue
        try:
            points[label] = indicator.rating_points(label)
        except InvalidValue as error:
            rows = list(column.index[labels == label][:5])
            raise InvalidValue(f"{error} (rows {rows})") from None
    return labels.map(points).to_numpy(dtype=float)


def _bad_rows(frame: pd.DataFrame, values: np.ndarray, share: bool = False) -> list[Any]:
    low, high = (0.0, 1.0) if share else QUALITATIVE_RANGE
    bad = ~np.isnan(values) & ((values < low) | (values > high))
    return list(frame.index[bad][:5])
