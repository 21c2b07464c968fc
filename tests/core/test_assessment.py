"""assess(): statements, behaviour and 5C ratings → score, grade, term, limit, conditions."""

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from creditbook.core.assessment import assess, monthly_invoicing
from creditbook.core.errors import InvalidValue
from creditbook.core.models import Customer, Statement

CUSTOMER = Customer(customer_id="C001", name="华东机电有限公司")
CURRENT = Statement(
    total_assets=10_000_000,
    total_liabilities=5_200_000,
    current_assets=6_000_000,
    current_liabilities=3_500_000,
    inventory=1_800_000,
    receivables=1_500_000,
    revenue=18_000_000,
    cost_of_sales=14_000_000,
    net_profit=900_000,
    equity=4_800_000,
)
PREVIOUS = Statement(
    receivables=1_300_000, inventory=1_600_000, revenue=16_000_000, equity=4_200_000
)
BEHAVIOUR = {"on_time_rate": 0.93, "逾期次数": 1}
FIVE_C = {"品质": 4, "能力": 4, "资本": 3, "抵押": 2, "条件": 3}
# abcd (制度 4): 5C and a bank rating; abc (制度 2): industry position, rating, association.
ABCD_JUDGED = {**FIVE_C, "银行信用评级": "AA"}
ABC_JUDGED = {"行业地位": 4, "银行信用评级": "AA", "行业协会评价": 4}


def test_sound_customer_gets_grade_b_and_the_net_worth_limit():
    result = assess(
        CUSTOMER, [CURRENT, PREVIOUS], BEHAVIOUR, ABCD_JUDGED, "abcd", monthly_purchases=400_000
    )
    assert result.indicators["应收账款周转天数"] == Decimal("28")
    # worked by hand in tests/core/test_scoring.py (SOUND under abcd)
    assert result.total == pytest.approx(80.5)
    assert result.grade.grade == "B"
    assert result.term_days == 45
    # 需求法 400,000 × 45/30 × 0.7 = 420,000; 净资产法 4,800,000 × 10% × 0.7 = 336,000;
    # 营运资金法 2,500,000 × 20% × 0.7 = 350,000 → 336,000
    assert result.limit.limit == Decimal("336000.00")
    assert not result.guarantee_required
    assert result.conditions == "B 级：信用期限 45 天，信用额度 336,000.00 元；每 6 个月复核。"


def test_grade_c_under_abc_may_ask_for_a_guarantee():
    weak = {"行业地位": 1, "银行信用评级": "C", "行业协会评价": 1}
    result = assess(CUSTOMER, [CURRENT], {"付款准时率": 0.5}, weak, "abc", is_new=True)
    assert result.grade.grade == "C"
    assert not result.guarantee_required and result.grade.guarantee_optional
    assert result.conditions == (
        "C 级：信用期限 30 天，信用额度 0.00 元（需求法资料不足，未计算）"
        "；可要求提供担保；按新客户核定额度；每 3 个月复核。"
    )


def test_without_statements_the_limit_trace_says_why():
    result = assess(CUSTOMER, [], BEHAVIOUR, ABC_JUDGED)
    assert result.limit.limit == Decimal("0.00")
    assert result.limit.insufficient == ("需求法", "净资产法", "营运资金法")
    assert result.limit.trace[-1].step == "无法计算"
    assert "资产负债率" in result.score.missing
    # abc: 18 + 7 (behaviour) + 8 + 13.5 + 8 (judged) = 54.5 → C
    assert result.conditions == (
        "C 级：信用期限 30 天，信用额度 0.00 元（需求法、净资产法、营运资金法资料不足，未计算）"
        "；可要求提供担保；每 3 个月复核。"
    )


def test_the_customers_revenue_is_never_the_needs_based_basis():
    # Only an income statement: revenue 18,000,000 once gave 1,500,000 a month as "sales".
    income = Statement(revenue=18_000_000, cost_of_sales=14_000_000, net_profit=900_000)
    result = assess(CUSTOMER, [income], BEHAVIOUR, ABC_JUDGED, "abc")
    assert result.limit.trace[0].detail == "资料不足，未计算（缺少预计月采购额）"
    assert result.limit.limit == Decimal("0.00")
    full = assess(CUSTOMER, [CURRENT, PREVIOUS], BEHAVIOUR, ABC_JUDGED, "abc", monthly_purchases=1)
    # abc by hand: 资产负债率 0.52 → 8/10 × 15 = 12; 销售增长率 0.125 → 8/10 × 10 = 8;
    # 销售净利率 0.05 → 7; 行业地位 4 → 8; 准时率 → 18; 逾期 1 次 → 7; AA → 13.5; 协会 4 → 8
    assert full.total == pytest.approx(81.5) and full.grade.grade == "A"
    # without the balance sheet and last year: 81.5 − 12 − 8 = 61.5 → B
    assert result.total == pytest.approx(61.5) and result.grade.grade == "B"


def test_zero_current_liabilities_scores_the_best_liquidity_band():
    no_debt = CURRENT.model_copy(update={"current_liabilities": Decimal(0)})
    result = assess(CUSTOMER, [no_debt, PREVIOUS], BEHAVIOUR, ABCD_JUDGED, "abcd")
    lines = {line.name: line for line in result.score.lines}
    assert (lines["流动比率"].points, lines["速动比率"].points) == (10, 10)
    assert (
        result.problems["流动比率"] == "无流动负债：按最优档计分 no current liabilities: best band"
    )
    # 80.5 with 流动比率 1.71 (8 of 10 × 6) → 10 of 10: +1.2
    assert result.total == pytest.approx(81.7)


def test_uncomputable_ratio_is_missing_with_its_reason():
    result = assess(CUSTOMER, [CURRENT], BEHAVIOUR, FIVE_C)
    assert result.indicators["销售增长率"] is None
    assert "销售增长率" in result.problems


def test_unknown_indicator_is_rejected():
    with pytest.raises(InvalidValue, match="毛利"):
        assess(CUSTOMER, [], {"毛利": 0.3})


def test_text_indicator_value_is_invalid():
    with pytest.raises(InvalidValue):
        assess(CUSTOMER, [], {"付款准时率": "很好"})


def test_with_a_ledger_the_basis_is_our_own_invoicing_over_twelve_months():
    # invoices to the customer (fen): two dated 12+ months back (outside), two inside the
    # window and a credit note: (500,000 + 400,000 − 60,000) / 12 = 70,000.00
    ledger = pd.DataFrame(
        {
            "customer_id": ["C001"] * 5,
            "invoice_date": pd.to_datetime(
                ["2025-10-30", "2025-11-30", "2026-03-15", "2026-11-30", "2026-06-01"]
            ),
            "amount": [99_999_900, 30_000_000, 50_000_000, 40_000_000, -6_000_000],
        }
    )
    basis = monthly_invoicing(ledger, dt.date(2026, 11, 30))
    # 2025-11-30 is exactly 12 months back: the window starts after it
    assert basis == Decimal("70000.00")
    result = assess(
        CUSTOMER, [CURRENT, PREVIOUS], BEHAVIOUR, ABCD_JUDGED, "abcd", monthly_purchases=basis
    )
    assert result.limit.trace[0].detail == "预计月采购额 70,000.00 × 45/30 天 × 额度系数 0.7"
