"""CB_ evaluation functions: results, and the Excel error each kind of bad input gives."""

import inspect

import pytest

import creditbook.udfs as udfs
from creditbook.core.policy import preset
from creditbook.core.policy_table import policy_to_table
from creditbook.udfs import (
    CB_APPROVER,
    CB_AVAILABLE,
    CB_CHECK,
    CB_CURRENT_RATIO,
    CB_DEBT_RATIO,
    CB_DIO,
    CB_DSO,
    CB_GRADE,
    CB_GRADE_INFO,
    CB_GROWTH,
    CB_LIMIT,
    CB_NET_MARGIN,
    CB_QUICK_RATIO,
    CB_RATIOS,
    CB_RMB_UPPER,
    CB_ROE,
    CB_SCORE,
    CB_SCORE_DETAIL,
    CB_STATEMENT,
    CB_TERM,
    CB_UTILIZATION,
    evaluation,
)
from creditbook.udfs._convert import DIV0, NA, NUM, VALUE

INDICATORS = [
    ["指标", "值"],
    ["资产负债率", 0.52],
    ["流动比率", 1.7],
    ["速动比率", 1.2],
    ["DSO", 28],
    ["存货周转天数", 44],
    ["销售净利率", "5%"],
    ["净资产收益率", 0.2],
    ["销售增长率", 0.125],
    ["付款准时率", 0.93],
    ["逾期次数", 1],
    ["品质", 4],
    ["能力", 4],
    ["资本", 3],
    ["抵押", 2],
    ["条件", 3],
    ["行业地位", 4],
    ["银行信用评级", "AA"],
    ["行业协会评价", 4],
]
# Under abc (制度 2) by hand: 资产负债率 0.52 → 8/10 × 15 = 12; 销售增长率 0.125 → 8; 销售净利率
# 5% → 7; 行业地位 4 → 8; 付款准时率 0.93 → 18; 逾期 1 次 → 7; AA → 13.5; 协会 4 → 8 = 81.5.
# 流动比率 … and the 5C items are not on abc's scorecard and are ignored.
STATEMENT = [
    ["项目", "期末余额", "期初余额"],
    ["资产总计", 10_000_000, 9_000_000],
    ["负债合计", 5_200_000, 4_800_000],
    ["流动资产合计", 6_000_000, 5_400_000],
    ["流动负债合计", 3_500_000, 3_200_000],
    ["存货", 1_800_000, 1_600_000],
    ["应收账款", 1_500_000, 1_300_000],
    ["一、营业收入", 18_000_000, 16_000_000],
    ["减：营业成本", 14_000_000, 12_500_000],
    ["净利润", 900_000, 700_000],
    ["所有者权益合计", 4_800_000, 4_200_000],
]

# (function, good arguments) — each bad-input test swaps one argument.
CALLS = {
    CB_DEBT_RATIO: (5_200_000, 10_000_000),
    CB_CURRENT_RATIO: (6_000_000, 3_500_000),
    CB_QUICK_RATIO: (6_000_000, 1_800_000, 3_500_000),
    CB_DSO: (18_000_000, 1_500_000),
    CB_DIO: (14_000_000, 1_800_000),
    CB_NET_MARGIN: (900_000, 18_000_000),
    CB_ROE: (900_000, 4_800_000),
    CB_GROWTH: (18_000_000, 16_000_000),
    CB_RATIOS: (STATEMENT,),
    CB_SCORE: (INDICATORS,),
    CB_SCORE_DETAIL: (INDICATORS,),
    CB_GRADE: (82,),
    CB_GRADE_INFO: ("A", "期限"),
    CB_TERM: ("B",),
    CB_LIMIT: ("B", 500_000),
    CB_AVAILABLE: (500_000, 450_000),
    CB_UTILIZATION: (450_000, 500_000),
    CB_CHECK: (100_000, 500_000, 300_000),
    CB_RMB_UPPER: (16409.02,),
    CB_APPROVER: (1, 500_000),
    CB_STATEMENT: (STATEMENT, "资产负债率"),
}


def test_every_function_is_exported_and_tested():
    assert set(evaluation.__all__) == {f.__name__ for f in CALLS}
    assert set(evaluation.__all__) <= set(udfs.__all__)


def _with(function, position, value):
    args = list(CALLS[function])
    args[position] = value
    return function(*args)


@pytest.mark.parametrize("function", list(CALLS), ids=lambda f: f.__name__)
def test_good_arguments_give_no_error(function):
    result = function(*CALLS[function])
    flat = [c for row in result for c in row] if isinstance(result, list) else [result]
    assert not any(isinstance(c, str) and c.startswith("#") for c in flat)


@pytest.mark.parametrize(
    "function", [f for f in CALLS if f is not CB_UTILIZATION], ids=lambda f: f.__name__
)
def test_blank_required_input_gives_na(function):
    assert _with(function, 0, None) == NA


def test_a_blank_exposure_is_nothing_owed_as_excel_adds_a_blank():
    """A new customer's register row: 应收余额 blank → full limit available, 0% used."""
    assert CB_AVAILABLE(500_000, None) == 500_000.0
    assert CB_AVAILABLE(500_000, "") == 500_000.0
    assert CB_UTILIZATION(None, 500_000) == 0.0
    assert CB_UTILIZATION(450_000, None) == NA  # the limit itself is still required
    assert CB_AVAILABLE(None, 0) == NA


@pytest.mark.parametrize("function", list(CALLS), ids=lambda f: f.__name__)
def test_error_cell_passes_through(function):
    assert _with(function, 0, "#REF!") == "#REF!"


TEXT_WHERE_NUMBER = [
    (CB_DEBT_RATIO, 1),
    (CB_CURRENT_RATIO, 0),
    (CB_QUICK_RATIO, 1),
    (CB_DSO, 0),
    (CB_DIO, 1),
    (CB_NET_MARGIN, 0),
    (CB_ROE, 1),
    (CB_GROWTH, 1),
    (CB_GRADE, 0),
    (CB_LIMIT, 1),
    (CB_AVAILABLE, 1),
    (CB_UTILIZATION, 0),
    (CB_CHECK, 2),
    (CB_RMB_UPPER, 0),
]


@pytest.mark.parametrize(("function", "position"), TEXT_WHERE_NUMBER, ids=str)
def test_text_where_a_number_is_needed_gives_value(function, position):
    assert _with(function, position, "abc") == VALUE


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: CB_RATIOS([["资产总计", 100], ["负债合计", "很多"]]), VALUE),
        (lambda: CB_SCORE([["指标", "值"], ["毛利率", 0.3]]), VALUE),  # unknown indicator
        (lambda: CB_SCORE([["资产负债率"]]), VALUE),  # one column
        (lambda: CB_SCORE_DETAIL([["资产负债率", "高"]]), VALUE),
        (lambda: CB_SCORE([["银行信用评级", "AA+"]]), VALUE),  # not on the scale
        (lambda: CB_GRADE_INFO("Z", "期限"), VALUE),  # grade not in the policy
        (lambda: CB_GRADE_INFO("A", "颜色"), VALUE),
        (lambda: CB_TERM("A", "XYZ"), VALUE),  # unknown preset
        (lambda: CB_LIMIT("A", 100_000, None, None, "maybe"), VALUE),
        (lambda: CB_CHECK(1, 2, 3, "long"), VALUE),
        (lambda: CB_TERM("A", [["参数", "值"], ["计算天数", -1]]), VALUE),  # bad policy range
    ],
)
def test_other_invalid_inputs_give_value(call, expected):
    assert call() == expected


@pytest.mark.parametrize(
    "call",
    [
        lambda: CB_DEBT_RATIO(100, 0),
        lambda: CB_CURRENT_RATIO(100, 0),
        lambda: CB_QUICK_RATIO(100, 10, 0),
        lambda: CB_DSO(0, 100),
        lambda: CB_DIO(0, 100),
        lambda: CB_NET_MARGIN(10, 0),
        lambda: CB_ROE(10, 0),
        lambda: CB_GROWTH(10, 0),
        lambda: CB_UTILIZATION(10, 0),
    ],
)
def test_zero_denominator_gives_div0(call):
    assert call() == DIV0


@pytest.mark.parametrize(
    "call",
    [
        lambda: CB_DEBT_RATIO(100, -1),  # negative total assets
        lambda: CB_CURRENT_RATIO(-5, 100),
        lambda: CB_QUICK_RATIO(100, -1, 50),
        lambda: CB_DSO(-100, 10),
        lambda: CB_DSO(100, 10, None, 0),  # day basis 0
        lambda: CB_DIO(100, -10),
        lambda: CB_NET_MARGIN(10, -100),
        lambda: CB_ROE(10, -100),
        lambda: CB_GRADE(120),
        lambda: CB_SCORE([["品质", 7]], "ABCD"),  # 5C rating outside 1–5
        lambda: CB_SCORE_DETAIL([["行业地位", 0]]),
        lambda: CB_LIMIT("A", -1),
        lambda: CB_UTILIZATION(10, -100),
        lambda: CB_CHECK(-1, 100, 0),
        lambda: CB_CHECK(1, 100, 0, -3),
        lambda: CB_RMB_UPPER(1e20),  # beyond 万亿
        lambda: CB_RMB_UPPER(10_000_000_000_000),  # one yuan over 9,999,999,999,999.99
    ],
)
def test_impossible_values_give_num(call):
    assert call() == NUM


def test_ratios_match_hand_figures():
    assert CB_DEBT_RATIO(5_200_000, 10_000_000) == pytest.approx(0.52)
    assert CB_QUICK_RATIO(6_000_000, 1_800_000, 3_500_000, "350,000") == pytest.approx(1.1)
    assert CB_DSO(18_000_000, 1_500_000, 1_300_000) == pytest.approx(28)
    assert CB_DSO(18_000_000, 1_500_000, None, 365) == pytest.approx(365 / 12)
    assert CB_DIO(14_000_000, 1_800_000, 1_600_000) == pytest.approx(360 * 1_700_000 / 14e6)
    assert CB_ROE(900_000, 4_800_000, 4_200_000) == pytest.approx(0.2)
    assert CB_GROWTH(18_000_000, 16_000_000) == pytest.approx(0.125)


def test_ratios_spill_with_header():
    result = CB_RATIOS(STATEMENT)
    assert result[0] == ["指标", "值"]
    values = dict(result[1:])
    assert values["应收账款周转天数"] == pytest.approx(28)
    assert values["销售增长率"] == pytest.approx(0.125)


def test_dashes_in_a_statement_mean_nil_and_any_header_row_is_skipped():
    rows = [["科目", "本年", "上年"], ["资产总计", 100, 90], ["负债合计", "—", "-"]]
    assert dict(CB_RATIOS(rows)[1:])["资产负债率"] == 0
    indicators = [["Indicator", "Value"], *INDICATORS[1:]]
    assert CB_SCORE(indicators) == pytest.approx(81.5)


def test_ratio_that_cannot_be_computed_shows_its_error_in_the_spill():
    values = dict(CB_RATIOS([["资产总计", 100], ["负债合计", 40]])[1:])
    assert values["资产负债率"] == pytest.approx(0.4)
    assert values["流动比率"] == NA


def test_score_grade_and_detail():
    assert CB_SCORE(INDICATORS) == pytest.approx(81.5)
    assert CB_GRADE(CB_SCORE(INDICATORS)) == "A"
    assert CB_GRADE(82, "AAA") in preset("aaa").labels
    detail = CB_SCORE_DETAIL(INDICATORS)
    assert detail[0] == ["指标", "值", "得分", "权重", "加权得分"]
    assert detail[-1] == ["合计", None, None, 100.0, 81.5]
    assert len(detail) == 2 + len(preset("abc").scorecard)


def test_score_reads_zero_current_liabilities_as_the_best_band():
    rows = [["流动比率", "无流动负债"], ["速动比率", 0.9]]
    detail = {row[0]: row for row in CB_SCORE_DETAIL(rows, "ABCD")[1:-1]}
    assert detail["流动比率"][1:3] == ["无流动负债", 10.0]
    assert detail["速动比率"][1:3] == [0.9, 7.0]


def test_a_ratio_at_a_band_edge_scores_the_same_from_excel_floats():
    # 2,220,628.98 / 5,551,572.45 is 40% exactly; Excel's float is 0.39999999999999997
    ratio = CB_DEBT_RATIO(2220628.98, 5551572.45)
    detail = {row[0]: row for row in CB_SCORE_DETAIL([["资产负债率", ratio]])[1:-1]}
    assert detail["资产负债率"][2] == 8.0  # [40%, 55%), not the better band below 40%
    detail = {
        row[0]: row for row in CB_SCORE_DETAIL([["资产负债率", 2220628.98 / 5551572.45]])[1:-1]
    }
    assert detail["资产负债率"][2] == 8.0


def test_missing_and_error_indicators_are_flagged_in_the_detail():
    rows = [row for row in INDICATORS if row[0] != "付款准时率"]
    rows[1] = ["资产负债率", "#DIV/0!"]
    detail = {row[0]: row for row in CB_SCORE_DETAIL(rows)[1:-1]}
    assert detail["付款准时率"][1] == "缺失"
    assert detail["资产负债率"][1] == "缺失"
    assert detail["资产负债率"][2] == 0


def test_grade_info_fields():
    assert CB_GRADE_INFO("A", "期限(天)") == 60
    assert CB_GRADE_INFO("C", "需担保") == "否"  # abc's C may ask for one
    assert CB_GRADE_INFO("C", "可要求担保") == "是"
    assert CB_GRADE_INFO("a", "额度系数") == 1.0
    assert CB_GRADE_INFO("D", "现款", "ABCD") == "是"
    assert CB_GRADE_INFO("B", "review") == 6
    assert CB_TERM("D", "abcd") == 0


def test_term_of_a_new_customer_is_the_policys_new_customer_term():
    """abcd's new_customer_term_days = 30 caps A's 60 and B's 45; C's 30 stays; abc sets
    none, so its terms stand; a cash-only grade stays 0."""
    assert CB_TERM("A", "abcd") == 60
    assert CB_TERM("A", "abcd", "是") == 30
    assert CB_TERM("B", "abcd", True) == 30
    assert CB_TERM("B", "abcd", "否") == 45
    assert CB_TERM("C", "abcd", "是") == 30
    assert CB_TERM("D", "abcd", "是") == 0
    assert CB_TERM("A", "abc", "是") == CB_TERM("A", "abc") == 60


def test_limit_with_policy_range_and_new_customer():
    table = policy_to_table(preset("abc"))
    assert CB_LIMIT("B", 500_000, 8_000_000, 3_000_000, "否", table) == 420_000
    assert CB_LIMIT("B", 500_000, 8_000_000, 3_000_000, "是", table) == 200_000
    assert CB_LIMIT("D", 500_000, None, None, None, "ABCD") == 0


def test_available_utilization_check_and_rmb():
    assert CB_AVAILABLE(100, 150) == -50
    assert CB_UTILIZATION(450_000, 500_000) == pytest.approx(0.9)
    assert CB_CHECK(100_000, 500_000, 300_000, 10, "A") == "通过"
    assert CB_CHECK(100_000, 500_000, 450_000, 45).startswith("超出信用额度")
    assert CB_CHECK(100, 1_000, 0, 0, "D", "ABCD").startswith("现款客户")
    assert CB_RMB_UPPER(1004.05) == "人民币壹仟零肆元零伍分"
    assert CB_RMB_UPPER("1.005") == "人民币壹元零壹分"
    assert CB_RMB_UPPER(1_000_100_000_000) == "人民币壹万零壹亿元整"


def test_amounts_typed_with_chinese_units():
    assert CB_RMB_UPPER("1.2亿") == "人民币壹亿贰仟万元整"
    assert CB_DEBT_RATIO("2,220.628978万", "5,551.572445万") == 0.4
    assert CB_AVAILABLE("50万", "12万元") == 380_000
    assert CB_AVAILABLE("50万美元", 0) == VALUE


@pytest.mark.parametrize("function", list(CALLS), ids=lambda f: f.__name__)
def test_help_text_fits_excel(function):
    doc = function.__doc__
    assert doc and len(doc) <= 255
    assert any("\u4e00" <= ch <= "\u9fff" for ch in doc)  # Chinese
    assert any(ch.isascii() and ch.isalpha() for ch in doc)  # and English
    assert inspect.signature(function).parameters  # the wrapper keeps the signature


def test_the_approver_follows_the_tier_of_the_higher_of_recommended_and_approved():
    # abcd: up to 500,000 four steps; above it 总经理审批 as the fifth.
    assert CB_APPROVER(4, 500_000, None, "ABCD") == "信用管理小组确定"
    assert CB_APPROVER(5, 500_000, None, "ABCD") == ""
    assert CB_APPROVER(5, 500_000, 500_000.01, "ABCD") == "总经理审批"
    assert CB_APPROVER(5, 500_000.01, 300_000, "ABCD") == "总经理审批"
    assert CB_APPROVER(1, 500_000, None, "ABCD") == "销售部门申请"
    assert CB_APPROVER(0, 500_000, None, "ABCD") == VALUE


def test_a_statement_figure_is_read_and_computed_as_the_report_does():
    # 万元 sheet: 1000 is 10,000,000 元; "400万" carries its own unit (4,000,000 元).
    rows = [
        ["科目", "本期", "上期"],
        ["资产总计", 1000, 900],
        ["负债合计", "400万", None],
        ["流动资产合计", 600, None],
        ["流动负债合计", 0, None],
        ["存货", 150, 150],
        ["营业收入", 2400, None],
        ["营业成本", 1800, None],
        ["所有者权益合计", None, None],
    ]
    assert CB_STATEMENT(rows, "资产负债率", "万元") == pytest.approx(0.4)
    assert CB_STATEMENT(rows, "流动比率", "万元") == "无流动负债"
    assert CB_STATEMENT(rows, "营运资金", "万元") == 6_000_000
    assert CB_STATEMENT(rows, "净资产", "万元") == ""  # blank: missing, not 0
    assert CB_STATEMENT(rows, "存货周转天数", "万元", "ABC") == pytest.approx(30)
    assert CB_STATEMENT(rows, "应收账款周转天数", "万元") == NA  # no 应收账款
    assert CB_STATEMENT(rows, "销售增长率", "万元") == NA  # no previous revenue
    assert CB_STATEMENT(rows, "速动", "万元") == VALUE


def test_a_statement_turnover_uses_the_policys_day_basis():
    from creditbook.core.policy import preset

    rows = [["存货", 150, 150], ["营业成本", 1800, None]]
    policy = preset("abc").model_copy(update={"day_basis": 365})
    assert CB_STATEMENT(rows, "存货周转天数", "万元", policy) == pytest.approx(365 * 150 / 1800)
    assert CB_STATEMENT(rows, "存货周转天数", "万元") == pytest.approx(30)
