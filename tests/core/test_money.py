"""Money: fen rounding and 人民币大写 against the PBoC examples."""

from decimal import Decimal

import pytest

from creditbook.core.errors import InvalidValue
from creditbook.core.money import format_money, money, rmb_upper, round_down_to, split_unit

# 《正确填写票据和结算凭证的基本规定》 examples; where it allows two forms, both are listed.
PBOC_EXAMPLES = [
    ("1409.50", {"人民币壹仟肆佰零玖元伍角"}),
    ("6007.14", {"人民币陆仟零柒元壹角肆分"}),
    ("1680.32", {"人民币壹仟陆佰捌拾元零叁角贰分", "人民币壹仟陆佰捌拾元叁角贰分"}),
    ("107000.53", {"人民币壹拾万柒仟元零伍角叁分", "人民币壹拾万零柒仟元伍角叁分"}),
    ("16409.02", {"人民币壹万陆仟肆佰零玖元零贰分"}),
    ("325.04", {"人民币叁佰贰拾伍元零肆分"}),
]


@pytest.mark.parametrize(("amount", "allowed"), PBOC_EXAMPLES)
def test_rmb_upper_follows_the_pboc_examples(amount, allowed):
    assert rmb_upper(Decimal(amount)) in allowed


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1004.05"), "人民币壹仟零肆元零伍分"),
        (100000, "人民币壹拾万元整"),
        (Decimal("0.07"), "人民币柒分"),
        (Decimal("0.50"), "人民币伍角"),
        (0, "人民币零元整"),
        (10, "人民币壹拾元整"),
        (100000001, "人民币壹亿零壹元整"),
        (10010000, "人民币壹仟零壹万元整"),
        (30778.27, "人民币叁万零柒佰柒拾捌元贰角柒分"),
        (Decimal("-5.5"), "人民币负伍元伍角"),
        (1.005, "人民币壹元零壹分"),
    ],
)
def test_rmb_upper_cases(amount, expected):
    assert rmb_upper(amount) == expected


def test_floats_round_like_excel_round():
    assert money(1.005) == Decimal("1.01")
    assert money(2.675) == Decimal("2.68")
    assert money(0.1 + 0.2) == Decimal("0.30")
    assert money(-1.005) == Decimal("-1.01")


def test_money_rejects_non_numbers():
    for bad in ("一千元", True, float("nan"), float("inf"), None):
        with pytest.raises(InvalidValue):
            money(bad)


def test_round_down_to_unit_and_format():
    assert round_down_to(Decimal("123456.78"), Decimal("1000")) == Decimal("123000.00")
    assert format_money(Decimal("30778.265")) == "30,778.27"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1000100000000"), "人民币壹万零壹亿元整"),
        (Decimal("100001000"), "人民币壹亿零壹仟元整"),
        (Decimal("1005000000"), "人民币壹拾亿零伍佰万元整"),
        (Decimal("101010000000"), "人民币壹仟零壹拾亿壹仟万元整"),
        (Decimal("110000000000"), "人民币壹仟壹佰亿元整"),
        (Decimal("120000000"), "人民币壹亿贰仟万元整"),
        (
            Decimal("9999999999999.99"),
            "人民币玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
        ),
        (Decimal("-1000000000000"), "人民币负壹万亿元整"),
    ],
)
def test_rmb_upper_above_yi_never_repeats_yi(amount, expected):
    assert rmb_upper(amount) == expected


@pytest.mark.parametrize("amount", [Decimal("10000000000000"), Decimal("1e17"), -1e16])
def test_amount_beyond_the_largest_upper_is_impossible_with_a_message(amount):
    from creditbook.core.errors import ImpossibleValue

    with pytest.raises(ImpossibleValue, match=r"超过大写上限 9,999,999,999,999\.99"):
        rmb_upper(amount)


def test_fen_columns_round_like_money():
    import numpy as np

    from creditbook.core.money import fen_from_floats, from_fen, to_fen

    floats = np.array([1.005, -1.005, 2.675, 0.1 + 0.2, float("nan")])
    assert fen_from_floats(floats).tolist() == [101, -101, 268, 30, 0]
    assert [to_fen(x) for x in (1.005, -1.005, 2.675, 0.1 + 0.2)] == [101, -101, 268, 30]
    assert from_fen(np.int64(3077827)) == Decimal("30778.27")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50万", ("50", Decimal(10_000))),
        ("1.2亿元", ("1.2", Decimal(100_000_000))),
        (" 3 千元 ", ("3", Decimal(1000))),
        ("８万元", ("8", Decimal(10_000))),  # full-width digit, as typed on a Chinese keyboard
        ("12,500.00万", ("12,500.00", Decimal(10_000))),
        ("500", ("500", None)),
        ("万元", ("万元", None)),  # a unit with no number is not split
        ("50万美元", ("50万美元", None)),
    ],
)
def test_split_unit_takes_a_trailing_chinese_unit_off_the_number(text, expected):
    assert split_unit(text) == expected
