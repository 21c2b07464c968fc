"""Plausible worksheet inputs for CB_ arguments, chosen by argument name (Office.js form).

Dates are Excel serial numbers (45658 = 2025-01-01), ranges 2-D lists, as Office.js sends
them. Unknown argument names get a plain number.
"""

from __future__ import annotations

import datetime as dt
import inspect
import random

from creditbook.addin.functions import cb_functions

AS_OF = 45747  # 2025-03-31

STATEMENT = [
    ["科目", "期末", "期初"],
    ["资产总计", 1000000, 900000],
    ["负债合计", 450000, 420000],
    ["流动资产合计", 600000, 550000],
    ["流动负债合计", 300000, 280000],
    ["存货", 120000, 100000],
    ["应收账款", 200000, 180000],
    ["营业收入", 2400000, 2000000],
    ["营业成本", 1800000, 1500000],
    ["净利润", 120000, 100000],
    ["所有者权益合计", 550000, 480000],
]
LEDGER = [
    ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"],
    ["C001", "华东机电", "INV-1", 45600, 45630, 10000, 0],
    ["C001", "华东机电", "INV-2", 45700, 45730, 5000, 1000],
    ["C002", "南方建材", "INV-3", 45500, 45560, 8000, 8000],
    ["C003", "北方物流", "INV-4", 45200, 45230, 3000, 0],
]
INDICATORS = [["资产负债率", 0.45], ["流动比率", 1.8], ["速动比率", 1.2], ["付款准时率", 0.95]]

BY_NAME = {
    "statement": STATEMENT,
    "ledger": LEDGER,
    "indicators": INDICATORS,
    "due_dates": [[45600], [45650], [45700]],
    "paid_dates": [[45610], [None], [45690]],
    "amounts": [[10000], [5000], [2500]],
    "paid_amounts": [[10000], [0], [2500]],
    "record": [
        ["单据号", "单据日期", "到期日", "金额", "已收金额", "收款日期"],
        ["INV-1", 45600, 45630, 10000, 10000, 45640],
        ["INV-2", 45650, 45700, 5000, 1000, 45690],
    ],
    "item": "资产负债率",
    "unit": "万元",
    "figure": "逾期次数",
    "position": 1,
    "recommended": 500000,
    "approved": 600000,
    "total_liabilities": 450000,
    "total_assets": 1000000,
    "current_assets": 600000,
    "current_liabilities": 300000,
    "inventory": 120000,
    "other_non_quick": 20000,
    "revenue": 2400000,
    "receivables_end": 200000,
    "receivables_begin": 180000,
    "cost_of_sales": 1800000,
    "inventory_end": 120000,
    "inventory_begin": 100000,
    "net_profit": 120000,
    "equity_end": 550000,
    "equity_begin": 480000,
    "policy": None,
    "grade": "A",
    "field": "期限",
    "score": 85,
    "is_new": False,
    "flags": "",
    "limit": 100000,
    "exposure": 40000,
    "order_amount": 10000,
    "max_days_overdue": 10,
    "days_overdue": 45,
    "term_days": 30,
    "grace_days": 0,
    "days": 360,
    "amount": 1004.05,
    "monthly_sales": 50000,
    "net_worth": 200000,
    "working_capital": 150000,
    "current": 120,
    "previous": 100,
    "temporary": 50000,
    "exposures": [[90000], [70000], [50000]],
    "group_limit": 200000,
    "group_available": 50000,
    "groups": [["华信集团"], ["HX01"], ["华信集团"]],
    "name": "华信集团",
    "code": "HX01",
}
RANGE_ARGS = {"statement", "ledger", "indicators", "due_dates", "paid_dates", "amounts",
              "paid_amounts", "exposures", "groups", "record"}  # fmt: skip
ERROR_CELL = [[{"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}]]
SPILLING = {"CB_RATIOS", "CB_SCORE_DETAIL", "CB_AGING"}


def is_date_arg(name: str) -> bool:
    return name == "as_of" or name.endswith("date")


def typical(name: str) -> object:
    if name == "as_of":
        return AS_OF
    if is_date_arg(name):
        return 45650  # 2024-12-24
    return BY_NAME.get(name, 1000)


def as_datetime(serial: float) -> dict:
    """The same day as the JSON form of a datetime (what pywin32 hands classic xlwings)."""
    day = dt.datetime(1899, 12, 30) + dt.timedelta(days=serial)
    return {"$date": day.isoformat()}


NA_CELL = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}
OFFICEJS_VALUES = [None, "", "abc", "是", " 12.5 ", True, False, 0, -5, 1e308, -1e308,
                   float("nan"), float("inf"), 45658.5, 3e6, NA_CELL]  # fmt: skip
RANDOM_CALLS = 8  # per function, seeded: the same inputs every run


def random_officejs_arg(rng: random.Random) -> object:
    """A cell or a range as Office.js sends it (ranges are always 2-D)."""
    if rng.random() < 0.7:
        return rng.choice(OFFICEJS_VALUES)
    width = rng.randint(1, 3)
    return [[rng.choice(OFFICEJS_VALUES) for _ in range(width)] for _ in range(rng.randint(1, 4))]


def plan(module: str) -> dict[tuple[str, str], dict]:
    """Office.js requests proving the runtime contract for every CB_ function of ``module``.

    Keys are (case, function name); "... direct" cases call the Python function itself.
    """
    requests = {}
    for name, func in cb_functions(module).items():
        params = list(inspect.signature(func).parameters.values())
        full = [typical(p.name) for p in params]
        needed = [typical(p.name) for p in params if p.default is inspect.Parameter.empty]
        omitted = needed + [None] * (len(params) - len(needed))
        requests["typical", name] = ("call", full)
        requests["typical direct", name] = ("direct", full)
        requests["blank", name] = ("call", [None] * len(params))
        requests["error in", name] = ("call", [ERROR_CELL, *full[1:]])
        requests["omitted", name] = ("call", omitted)
        requests["omitted direct", name] = ("direct", needed)
        if any(is_date_arg(p.name) for p in params):
            dated = [
                as_datetime(v) if is_date_arg(p.name) and v is not None else v
                for p, v in zip(params, full, strict=True)
            ]
            requests["dates direct", name] = ("direct", dated)
        rng = random.Random(name)
        for i in range(RANDOM_CALLS):
            requests[f"random {i}", name] = ("call", [random_officejs_arg(rng) for _ in params])
    return {
        key: {"op": op, "func": key[1], "args": args, "module": module}
        for key, (op, args) in requests.items()
    }
