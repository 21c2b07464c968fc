"""A policy on the 政策 sheet: written by policy_to_table, read back by policy_from_table."""

from decimal import Decimal

import pytest

from creditbook.core.errors import PolicyError
from creditbook.core.policy import PRESETS, LimitRule, MonitoringRules, preset
from creditbook.core.policy_table import (
    GRADE_HEADER,
    PARAMETER_HEADER,
    PARAMETERS,
    SCORECARD_HEADER,
    policy_to_table,
)
from creditbook.inputs.policy_sheet import policy_from_table

BLANK = [None] * 8


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_round_trips(name):
    policy = preset(name)
    assert policy_from_table(policy_to_table(policy)) == policy


def test_table_is_one_rectangular_range_with_the_three_headers():
    rows = policy_to_table(preset("abc"))
    assert len({len(row) for row in rows}) == 1
    headers = [tuple(c for c in row if c is not None) for row in rows]
    assert PARAMETER_HEADER in headers
    assert SCORECARD_HEADER in headers
    assert GRADE_HEADER in headers


def test_every_limit_and_monitoring_field_has_a_chinese_parameter():
    paths = set(PARAMETERS.values())
    for section, model in (("limit", LimitRule), ("monitoring", MonitoringRules)):
        for field in model.model_fields:
            assert f"{section}.{field}" in paths


def test_a_short_table_takes_the_rest_from_the_base_preset():
    rows = [
        ["参数", "值"],
        ["基础预设", "ABCD"],
        ["取整单位", "10,000"],
        ["净资产比例", "15%"],
        ["最高额度", 3_000_000],
        ["组合方式", "平均"],
    ]
    policy = policy_from_table(rows)
    base = preset("abcd")
    assert policy.grades == base.grades
    assert policy.scorecard == base.scorecard
    assert policy.limit.rounding_unit == Decimal("10000")
    assert policy.limit.net_worth_pct == Decimal("0.15")
    assert policy.limit.max_limit == Decimal("3000000")
    assert policy.limit.combine == "average"
    assert policy.limit.new_customer_cap == base.limit.new_customer_cap


def test_choices_accept_common_synonyms():
    policy = policy_from_table([["参数", "值"], ["组合方式", "最大值"]])
    assert policy.limit.combine == "max"
    table = policy_to_table(preset("abc"))
    start = next(i for i, row in enumerate(table) if row[0] == "指标")
    rows = [list(row) for row in table[start:]]
    rows[1][3] = "越小越好"  # 资产负债率
    assert policy_from_table(rows).indicator("资产负债率").better == "lower"


def test_a_blank_value_switches_an_optional_method_off():
    policy = policy_from_table([["参数", "值"], ["净资产比例", None]])
    assert policy.limit.net_worth_pct is None


def test_grade_table_replaces_the_grades():
    rows = [
        list(GRADE_HEADER),
        ["优", 75, 90, 1.2, "否", "否", 12, "优质客户"],
        ["良", 50, 60, 0.8, "N", "", 6, ""],
        ["差", 0, 0, 0, "", "是", 3, "现款"],
    ]
    policy = policy_from_table(rows)
    assert policy.labels == ("优", "良", "差")
    assert policy.grade("差").cash_only
    assert policy.grade("优").limit_factor == Decimal("1.2")


def test_scorecard_rows_continue_the_indicator_above():
    base = policy_to_table(preset("abcd"))
    start = next(i for i, row in enumerate(base) if row[0] == "指标")
    rows = base[start:]
    policy = policy_from_table(rows)
    debt = policy.indicator("资产负债率")
    assert len(debt.bands) == 5
    assert debt.better == "lower"
    assert policy.indicator("品质").kind == "qualitative"
    assert policy.indicator("品质").guidance == preset("abcd").indicator("品质").guidance
    rating = policy.indicator("银行信用评级")
    assert rating.kind == "rating" and rating.rating_points("bbb") == 6


def test_tables_may_be_separated_by_several_blank_rows_in_any_order():
    rows = policy_to_table(preset("aaa"))
    params_end = rows.index(BLANK)
    reordered = [*rows[params_end + 1 :], BLANK, BLANK, *rows[:params_end]]
    assert policy_from_table(reordered) == preset("aaa")


def test_full_width_header_parentheses_are_accepted():
    rows = [
        ["等级", "最低分", "期限（天）", "额度系数", "需担保", "现款", "复核周期（月）", "说明"],
        ["A", 60, 60, 1, "否", "否", 12, ""],
        ["B", 0, 30, 0.5, "是", "否", 6, ""],
    ]
    assert policy_from_table(rows).grade("B").term_days == 30


def _problems(rows) -> str:
    with pytest.raises(PolicyError) as caught:
        policy_from_table(rows)
    return str(caught.value)


def test_bad_cell_names_its_row_and_column():
    rows = [list(GRADE_HEADER), ["A", "高", 60, 1, "否", "否", 12, ""], ["B", 0, 30, 0.5]]
    message = _problems(rows)
    assert "第2行「最低分」列" in message


def test_unknown_indicator_names_its_row():
    rows = [list(SCORECARD_HEADER), ["毛利率", "定量", 100, "越高越好", None, None, 10]]
    assert "第2行「指标」列" in _problems(rows)
    assert "毛利率" in _problems(rows)


def test_unknown_block_is_reported():
    assert "第1行" in _problems([["客户", "名称"], ["x", "y"]])


def test_unknown_parameter_is_reported():
    assert "未知参数" in _problems([["参数", "值"], ["利率", 0.05]])


def test_weights_not_summing_to_100_are_reported_by_field():
    rows = policy_to_table(preset("abc"))
    for row in rows:
        if row[0] == "行业地位":
            row[2] = 52
    assert "weights sum to 142" in _problems(rows)


def test_empty_range_is_reported():
    assert "没有政策表" in _problems([[None, None]])
