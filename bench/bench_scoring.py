"""Score a portfolio of 100,000 customers: vectorised score_portfolio vs a per-customer loop.

Run: PYTHONPATH=src python bench/bench_scoring.py [--customers N] [--policy abc]
Both paths score the same DataFrame in the same run; the script checks they agree.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from creditbook.core.policy import preset
from creditbook.core.scoring import grade_for, score, score_portfolio

RANGES = {
    "资产负债率": (0.1, 1.0),
    "流动比率": (0.5, 3.0),
    "速动比率": (0.2, 2.0),
    "应收账款周转天数": (10, 200),
    "存货周转天数": (10, 250),
    "销售净利率": (-0.1, 0.2),
    "净资产收益率": (-0.2, 0.3),
    "销售增长率": (-0.3, 0.4),
    "付款准时率": (0.4, 1.0),
    "逾期次数": (0, 10),
}
FIVE_C = ("品质", "能力", "资本", "抵押", "条件")
BANK_RATINGS = np.array(["AAA", "AA", "A", "BBB", "BB", "B", "CCC"], dtype=object)


def portfolio(customers: int, seed: int = 2026) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = {name: rng.uniform(low, high, customers) for name, (low, high) in RANGES.items()}
    data.update({name: rng.integers(1, 6, customers).astype(float) for name in FIVE_C})
    data["银行信用评级"] = rng.choice(BANK_RATINGS, customers)
    frame = pd.DataFrame(data)
    frame = frame.mask(rng.random(frame.shape) < 0.02)  # 2% of values missing
    return frame


def loop(frame: pd.DataFrame, policy) -> tuple[list[float], list[str]]:
    totals, grades = [], []
    for row in frame.to_dict("records"):
        result = score(row, policy)
        totals.append(result.total)
        grades.append(grade_for(result.total, policy).grade)
    return totals, grades


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--policy", default="abcd")  # 5C, ratios and a bank rating
    args = parser.parse_args()
    policy = preset(args.policy)
    frame = portfolio(args.customers)

    start = time.perf_counter()
    vectorised = score_portfolio(frame, policy)
    fast = time.perf_counter() - start

    start = time.perf_counter()
    totals, grades = loop(frame, policy)
    slow = time.perf_counter() - start

    assert np.array_equal(vectorised["评分"].to_numpy(), np.array(totals))
    assert list(vectorised["等级"]) == grades
    items = len(policy.scorecard)
    print(f"customers: {args.customers:,} (policy {policy.name}, {items} indicators, 2% missing)")
    print(f"vectorised score_portfolio: {fast:8.3f} s")
    print(f"per-customer Python loop:   {slow:8.3f} s")
    print(f"speed-up: {slow / fast:,.0f}×   results identical: yes")


if __name__ == "__main__":
    main()
