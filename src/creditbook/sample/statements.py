"""Two years of consistent financial statements and 5C scores per sample customer."""

from __future__ import annotations

import random
from decimal import Decimal

from creditbook.core.models import Statement

PERIODS = ("2024年度", "2025年度")
FIVE_C = ("品质", "能力", "资本", "抵押", "条件")

# Target ratio ranges per financial strength, spread across the scorecard bands:
# debt ratio, current ratio, DSO days, DIO days, net margin, revenue growth.
# fmt: off
_TARGETS: dict[str, dict[str, tuple[float, float]]] = {
    "strong": {"debt": (0.28, 0.42), "current": (1.8, 2.6), "dso": (30, 48), "dio": (35, 65),
               "margin": (0.07, 0.13), "growth": (0.06, 0.25), "gross": (0.24, 0.32)},
    "good": {"debt": (0.42, 0.58), "current": (1.35, 1.9), "dso": (45, 75), "dio": (55, 95),
             "margin": (0.03, 0.075), "growth": (0.0, 0.14), "gross": (0.18, 0.26)},
    "fair": {"debt": (0.57, 0.72), "current": (1.05, 1.4), "dso": (70, 105), "dio": (85, 140),
             "margin": (0.0, 0.03), "growth": (-0.08, 0.06), "gross": (0.12, 0.2)},
    "weak": {"debt": (0.74, 0.9), "current": (0.75, 1.05), "dso": (100, 160), "dio": (130, 210),
             "margin": (-0.06, 0.0), "growth": (-0.25, -0.04), "gross": (0.06, 0.14)},
}
# fmt: on
_FIVE_C_RANGE = {"strong": (4, 5), "good": (3, 4), "fair": (2, 4), "weak": (1, 2)}


def _yuan(value: float) -> Decimal:
    return Decimal(round(value))


def _statement(rng: random.Random, strength: str, period: str, revenue: float) -> Statement:
    """One year whose lines add up: the ratios land in ``strength``'s ranges."""
    t = {key: rng.uniform(*bounds) for key, bounds in _TARGETS[strength].items()}
    cost = revenue * (1 - t["gross"])
    receivables = revenue * t["dso"] / 360
    inventory = cost * t["dio"] / 360
    other = revenue * rng.uniform(0.01, 0.04)
    cash = revenue * rng.uniform(0.04, 0.12) if strength != "weak" else revenue * 0.02
    current_assets = receivables + inventory + other + cash
    current_liabilities = current_assets / t["current"]
    total_assets = max(revenue / rng.uniform(0.9, 1.5), current_assets / rng.uniform(0.55, 0.75))
    total_liabilities = max(t["debt"] * total_assets, current_liabilities * 1.05)
    return Statement(
        period=period,
        total_assets=_yuan(total_assets),
        total_liabilities=_yuan(total_liabilities),
        current_assets=_yuan(current_assets),
        current_liabilities=_yuan(current_liabilities),
        inventory=_yuan(inventory),
        receivables=_yuan(receivables),
        other_non_quick=_yuan(other),
        revenue=_yuan(revenue),
        cost_of_sales=_yuan(cost),
        net_profit=_yuan(revenue * t["margin"]),
        equity=_yuan(total_assets) - _yuan(total_liabilities),
    )


def build_statements(
    rng: random.Random, strength: str, monthly_sales: int
) -> tuple[Statement, Statement]:
    """(2024年度, 2025年度): our sales are 4–12% of the customer's cost of sales."""
    revenue = monthly_sales * 12 / rng.uniform(0.04, 0.12)
    growth = rng.uniform(*_TARGETS[strength]["growth"])
    previous = _statement(rng, strength, PERIODS[0], revenue / (1 + growth))
    return previous, _statement(rng, strength, PERIODS[1], revenue)


def build_five_c(rng: random.Random, strength: str) -> dict[str, int | str]:
    """What an evaluator judges: 5C scores 1–5 (品质 能力 资本 抵押 条件), and from them the
    other presets' items (行业地位, 行业协会评价, 行业口碑) and a 银行信用评级 by strength."""
    low, high = _FIVE_C_RANGE[strength]
    five: dict[str, int | str] = {item: rng.randint(low, high) for item in FIVE_C}
    character, capacity, conditions = (int(five[k]) for k in ("品质", "能力", "条件"))
    return {
        **five,
        "行业地位": capacity,
        "行业协会评价": character,
        "行业口碑": (character + conditions + 1) // 2,
        "银行信用评级": _BANK_RATING[strength],
    }


_BANK_RATING = {"strong": "AA", "good": "A", "fair": "BBB", "weak": "BB"}
