"""Messages a user sees for a policy whose grades contradict each other, for amounts that are
not amounts, and the order check called without a policy or with a grade row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from creditbook.core.errors import ImpossibleValue, InvalidValue, PolicyError
from creditbook.core.limits import PASSED, check_order
from creditbook.core.money import rmb_upper, round_down_to, to_decimal
from creditbook.core.policy import policy_from_dict, preset


def _abc() -> dict:
    return preset("abc").model_dump(mode="json")


def test_contradicting_grades_are_all_reported_with_the_file_named():
    data = _abc()
    data["grades"][1].update(term_days=90, limit_factor=1.5)
    data["grades"][2].update(grade="A", min_score=10)
    with pytest.raises(PolicyError) as error:
        policy_from_dict(data, source="制度.toml")
    assert error.value.problems == [
        "grades.A: listed twice",
        "grades.A.min_score: the lowest grade must start at 0 so that every score gets a grade",
        "grades: term_days must not rise as the grade falls",
        "grades: limit_factor must not rise as the grade falls",
    ]
    assert error.value.source == "制度.toml"
    assert str(error.value) == "制度.toml: " + "; ".join(error.value.problems)


def test_a_policy_without_grades_and_a_field_of_the_wrong_type():
    data = _abc()
    data["grades"] = []
    with pytest.raises(PolicyError) as error:
        policy_from_dict(data)
    assert (error.value.problems, error.value.source) == (
        ["grades: at least one grade is needed"],
        "policy",
    )
    data = _abc()
    data["scorecard"][0]["weight"] = "heavy"
    with pytest.raises(PolicyError) as error:
        policy_from_dict(data, source="政策.toml")
    assert error.value.problems == [
        "scorecard.0.weight: Input should be a valid number, unable to parse string as a number"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "not an amount: True"),
        (float("nan"), "not a finite amount: nan"),
        (float("inf"), "not a finite amount: inf"),
        ("一千元", "not an amount: '一千元'"),
        (None, "not an amount: None"),
        (Decimal("NaN"), "not a finite amount: Decimal('NaN')"),
        ([1], "not an amount: [1]"),
    ],
    ids=["bool", "nan", "inf", "text", "none", "decimal-nan", "list"],
)
def test_what_is_not_an_amount(value, message):
    with pytest.raises(InvalidValue) as error:
        to_decimal(value)
    assert str(error.value) == message


def test_floats_keep_fifteen_significant_digits():
    assert to_decimal(0.1 + 0.2) == Decimal("0.3")
    assert to_decimal(1234567.891) == Decimal("1234567.891")
    assert to_decimal(" 12.50 ") == Decimal("12.50")


def test_thirteen_digits_of_yuan_are_written_out_and_fourteen_refused():
    assert rmb_upper(Decimal("1234567890123.45")) == (
        "人民币壹万贰仟叁佰肆拾伍亿陆仟柒佰捌拾玖万零壹佰贰拾叁元肆角伍分"
    )
    with pytest.raises(ImpossibleValue) as error:
        rmb_upper(Decimal("12345678901234.56"))
    assert str(error.value) == (
        "金额 12,345,678,901,234.56 超过大写上限 9,999,999,999,999.99 amount too large for 大写"
    )


def test_rounding_down_to_a_unit():
    assert round_down_to(Decimal("12.34"), Decimal(1)) == Decimal("12.00")
    assert round_down_to(Decimal("1234.5"), Decimal("0.5")) == Decimal("1234.50")
    assert round_down_to(Decimal("12.345"), Decimal(0)) == Decimal("12.35")  # no unit: the fen
    assert round_down_to(Decimal("246912"), Decimal(1000)) == Decimal("246000.00")


def test_an_order_check_without_a_policy_ignores_the_grade():
    assert check_order(100, 1000, 0, 0, "D").text == PASSED


def test_an_order_check_takes_a_grade_row_as_well_as_a_label():
    abcd = preset("abcd")
    check = check_order(100, 1000, 0, 0, abcd.grade("D"), abcd)
    assert check.reasons == ("现款客户（D 级）：须款到发货",)


def test_the_days_overdue_default_to_none_overdue():
    policy = preset("abc").model_copy(
        update={
            "monitoring": preset("abc").monitoring.model_copy(
                update={"order_block_overdue_days": 0}
            )
        }
    )
    assert check_order(100, 1000, 0, policy=policy).passed


def test_negative_order_or_limit_message():
    with pytest.raises(ImpossibleValue) as error:
        check_order(-1, 1000, 0)
    assert str(error.value) == "订单金额和信用额度不能为负 order and limit cannot be negative"
    with pytest.raises(ImpossibleValue) as error:
        check_order(1, 1000, 0, -2)
    assert str(error.value) == "逾期天数不能为负 days overdue cannot be negative: -2"
