"""evaluate_portfolio: each customer's grade, term and limit, as assess() would give them."""

from decimal import Decimal

import pandas as pd

from creditbook.core.policy import preset
from creditbook.core.portfolio import evaluate_portfolio


def test_limit_inputs_and_missing_ones():
    frame = pd.DataFrame(
        {
            "customer_id": ["C001", "C002"],
            "付款准时率": [0.99, 0.5],
            "品质": [5, 1],
            "预计月采购额": [100_000, float("nan")],
            "净资产": [2_000_000, float("nan")],
            "营运资金": [1_000_000, float("nan")],
            "新客户": [True, False],
        }
    )
    result = evaluate_portfolio(frame, preset("abc"))
    assert list(result.columns) == [
        "客户编码",
        "评分",
        "等级",
        "期限(天)",
        "信用额度",
        "需担保",
        "缺失指标数",
    ]
    first, second = result.iloc[0], result.iloc[1]
    assert first["缺失指标数"] == 7  # abc scores eight items; 品质 is not one of them
    # grade C (24 points: 准时率 20 + 1 of 5 for 行业地位 and 行业协会评价):
    # min(需求法 100,000 × 30/30 × 0.4 = 40,000; 净资产法 2,000,000 × 10% × 0.4 = 80,000;
    # 营运资金法 1,000,000 × 20% × 0.4 = 80,000) = 40,000; new customer × 0.5 = 20,000
    assert first["等级"] == "C" and first["信用额度"] == Decimal("20000.00")
    assert second["信用额度"] == Decimal("0.00")  # nothing to base a limit on
    assert not bool(second["需担保"])  # abc's C may ask for a guarantee, not must
