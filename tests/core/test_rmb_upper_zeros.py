"""人民币大写 where whole 万 sections are empty: one 零 stands for the run of zeros."""

from __future__ import annotations

from decimal import Decimal

import pytest

from creditbook.core.errors import ImpossibleValue
from creditbook.core.money import rmb_upper


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (100_001_000, "人民币壹亿零壹仟元整"),
        (100_000_100, "人民币壹亿零壹佰元整"),
        (100_010_000, "人民币壹亿零壹万元整"),
        (1_000_000_001, "人民币壹拾亿零壹元整"),
        (200_000_000, "人民币贰亿元整"),
        (Decimal("100001000.50"), "人民币壹亿零壹仟元伍角"),
        (1_000_000_000_000, "人民币壹万亿元整"),
        (1_000_100_000_000, "人民币壹万零壹亿元整"),
        (
            Decimal("9999999999999.99"),
            "人民币玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
        ),
        (1_010, "人民币壹仟零壹拾元整"),
        (Decimal("0.01"), "人民币壹分"),
        (Decimal("10.01"), "人民币壹拾元零壹分"),
        (Decimal("-100001000"), "人民币负壹亿零壹仟元整"),
    ],
    ids=lambda value: str(value) if not isinstance(value, str) else "text",
)
def test_empty_sections_read_as_one_zero(amount, expected):
    assert rmb_upper(amount) == expected


@pytest.mark.parametrize("amount", ["10000000000000.00", "-10000000000000.00"])
def test_one_fen_past_the_largest_amount_is_refused(amount):
    with pytest.raises(ImpossibleValue) as error:
        rmb_upper(Decimal(amount))
    assert str(error.value) == (
        "金额 10,000,000,000,000.00 超过大写上限 9,999,999,999,999.99 amount too large for 大写"
    )
