"""A hand-edited 政策 sheet with a mistake in nearly every row: each one is reported with
its row and column, all at once; yes/no cells and the base preset accept what people write."""

from __future__ import annotations

from decimal import Decimal

import pytest

from creditbook.core.errors import PolicyError
from creditbook.core.policy import preset
from creditbook.core.policy_table import policy_to_table
from creditbook.inputs.policy_sheet import PolicySheetError, policy_from_table
from creditbook.inputs.problems import ProblemKind, ReadProblem

BROKEN = [
    ["参数", "值", None],
    ["基础预设", "abcx", None],
    [None, 5, None],
    ["取整单位", "一千", None],
    ["颜色", "红", None],
    [None, None, None],
    ["指标", "类型", "权重", "方向", "下限", "上限", "得分", "备注"],
    [None, None, None, None, 0.5, None, 3],
    ["资产负债率", "定量", None, "越小越好", None, 0.4, 10],
    [None, None, None, None, 0.4, None, None],
    [None, None, None, None, "四成", "x", "满分"],
    ["净利", "定量", 10, "向上", None, None, None],
    [None],
    ["等级", "最低分", "期限(天)", "需担保"],
    ["A", None, 60, "也许"],
    [None],
    ["合计", 1],
]


def test_every_mistake_is_named_with_its_row_and_column():
    with pytest.raises(PolicyError) as error:
        policy_from_table(BROKEN)
    assert error.value.source == "政策表 policy table"
    assert error.value.problems == [
        "第7行 row 7: 未知列名 unknown column '备注'",
        "第14行 row 14: 缺少列 missing column 「额度系数」",
        "第17行 row 17: 不是可识别的表头 not a known table header (等级 | 最低分 | 期限(天) | "
        "额度系数 | 需担保 | 现款 | 复核周期(月) | 说明 / 指标 | 类型 | 权重 | 方向 | 下限 | "
        "上限 | 得分 | 区间 / 参数 | 值)",
        "第2行「值」列 row 2, column 值: 未知预设 unknown preset 'abcx' (abc/abcd/aaa)",
        "第3行「参数」列 row 3, column 参数: 缺少参数名 the parameter has no name",
        "第4行「值」列 row 4, column 值: 不是数字 not a number: '一千'",
        "第5行「参数」列 row 5, column 参数: 未知参数 unknown parameter '颜色'",
        "第8行「指标」列 row 8, column 指标: 第一行须填写指标名称 the first row needs an indicator",
        "第9行「权重」列 row 9, column 权重: 必填 required",
        "第10行「得分」列 row 10, column 得分: 区间须有得分 a band needs points",
        "第11行「得分」列 row 11, column 得分: 不是数字 not a number: '满分'",
        "第11行「下限」列 row 11, column 下限: 不是数字 not a number: '四成'",
        "第11行「上限」列 row 11, column 上限: 不是数字 not a number: 'x'",
        "第12行「指标」列 row 12, column 指标: 未知指标 unknown indicator '净利'",
        "第12行「方向」列 row 12, column 方向: 应为 越高越好/越低越好 expected one of them, "
        "got '向上'",
        "第15行「最低分」列 row 15, column 最低分: 必填 required",
        "第15行「额度系数」列 row 15, column 额度系数: 必填 required",
        "第15行「需担保」列 row 15, column 需担保: 需要 是/否 expected yes/no, got '也许'",
    ]


def test_each_mistake_is_one_problem_record_with_its_row_column_letter_and_kind():
    with pytest.raises(PolicySheetError) as error:
        policy_from_table(BROKEN)
    found = [(p.row, p.column, p.kind) for p in error.value.read_problems]
    assert found == [
        (7, None, ProblemKind.UNMAPPED_COLUMN),
        (14, None, ProblemKind.MISSING_COLUMN),
        (17, None, ProblemKind.LAYOUT),
        (2, "B", ProblemKind.VALUE),
        (3, "A", ProblemKind.BLANK),
        (4, "B", ProblemKind.VALUE),
        (5, "A", ProblemKind.VALUE),
        (8, "A", ProblemKind.BLANK),
        (9, "C", ProblemKind.BLANK),
        (10, "G", ProblemKind.BLANK),
        (11, "G", ProblemKind.VALUE),
        (11, "E", ProblemKind.VALUE),
        (11, "F", ProblemKind.VALUE),
        (12, "A", ProblemKind.VALUE),
        (12, "D", ProblemKind.VALUE),
        (15, "B", ProblemKind.BLANK),
        (15, None, ProblemKind.BLANK),  # 额度系数: the column itself is missing
        (15, "D", ProblemKind.VALUE),
    ]
    assert [p.in_file() for p in error.value.read_problems] == error.value.problems


def test_a_policy_table_file_is_named_once_in_the_message_and_in_each_record():
    rows = [["参数", "值"], ["取整单位", "一千"]]
    with pytest.raises(PolicySheetError) as error:
        policy_from_table(rows, file="政策.csv")
    assert error.value.read_problems == [
        ReadProblem(
            "政策.csv",
            None,
            2,
            "B",
            None,
            "不是数字 not a number: '一千'",
            ProblemKind.VALUE,
            "第2行「值」列 row 2, column 值",
        )
    ]
    assert str(error.value.read_problems[0]) == (
        "政策.csv 第2行「值」列 row 2, column 值: 不是数字 not a number: '一千'"
    )
    assert str(error.value) == (
        "政策.csv: 第2行「值」列 row 2, column 值: 不是数字 not a number: '一千'"
    )


GRADES = ["等级", "最低分", "期限(天)", "额度系数", "需担保", "现款"]


@pytest.mark.parametrize(
    ("written", "meaning"),
    [("是", True), ("Y", True), ("yes", True), ("TRUE", True), ("1", True), ("√", True),
     (1, True), (True, True), ("否", False), ("n", False), ("No", False), ("false", False),
     ("0", False), ("×", False), (" ", False), (False, False)],
    ids=[f"yes-{n}" for n in range(8)] + [f"no-{n}" for n in range(8)],
)  # fmt: skip
def test_yes_no_cells_accept_what_people_write(written, meaning):
    rows = [
        GRADES,
        ["A", 80, 60, 1, written, "否"],
        ["B", 60, 45, "70%", "否", "否"],
        ["C", 40, 30, 0.4, "是", "否"],
        ["D", 0, 0, 0, "否", written],
    ]
    policy = policy_from_table(rows)
    assert policy.grade("A").guarantee_required is meaning
    assert policy.grade("D").cash_only is meaning
    assert policy.grade("B").limit_factor == Decimal("0.7")


@pytest.mark.parametrize(
    "label",
    ["基础预设", "base", "Preset", " 基础 预设 "],
    ids=["chinese", "base", "preset", "spaced"],
)
def test_the_base_preset_is_named_in_chinese_or_english(label):
    policy = policy_from_table([["参数", "值"], [label, "AAA"], ["取整单位", "1,000"]])
    assert policy.labels == preset("aaa").labels
    assert policy.limit.rounding_unit == Decimal("1000")


def test_a_blank_base_preset_falls_back_to_the_one_given():
    policy = policy_from_table([["参数", "值"], ["基础预设", None]], base="abcd")
    assert policy.labels == ("A", "B", "C", "D")


def test_a_cleared_optional_parameter_removes_the_cap():
    policy = policy_from_table([["参数", "值"], ["新客户上限", None]], base="abc")
    assert policy.limit.new_customer_cap is None
    assert policy_from_table([["参数", "值"], ["取整单位", None]]).limit.rounding_unit == Decimal(
        "1000"
    )


def test_a_range_without_any_table_is_refused():
    with pytest.raises(PolicyError) as error:
        policy_from_table([[None, None], [None]])
    assert error.value.problems == ["区域中没有政策表 the range holds no policy table"]


def test_a_table_given_twice_is_named_with_both_rows():
    with pytest.raises(PolicyError) as error:
        policy_from_table([["参数", "值"], ["取整单位", 1000], [None], ["参数", "值"]])
    assert error.value.problems == [
        "第4行 row 4: 重复的表 the parameters table appears twice (first at row 1)"
    ]


def test_a_rating_row_without_points_or_without_a_name_is_named():
    rows = [list(row) for row in policy_to_table(preset("abcd"))]
    start = next(i for i, row in enumerate(rows) if row[0] == "银行信用评级")
    rows[start + 1][6] = None  # AA without its points
    rows[start + 2][4] = None  # 8 points without a rating
    with pytest.raises(PolicyError) as error:
        policy_from_table(rows)
    line = start + 2  # sheet rows count from 1
    needs = "评级须有名称和得分 a rating needs a name and points"
    assert error.value.problems == [
        f"第{line}行「得分」列 row {line}, column 得分: {needs}",
        f"第{line + 1}行「下限」列 row {line + 1}, column 下限: {needs}",
    ]


def test_an_evaluation_workbooks_policy_sheet_names_its_own_cells():
    from creditbook.inputs.evaluation import evaluation_from_values

    cells = {"A1": "参数", "B1": "值", "A2": "取整单位", "B2": "一千"}
    cells |= {"A4": "等级", "B4": "最低分", "C4": "期限(天)", "D4": "额度系数", "A5": "A"}
    cells |= {"C5": 60, "D5": 1.2}
    with pytest.raises(PolicySheetError) as error:
        evaluation_from_values({"政策": cells}, "客户评估表.xlsx")
    assert [str(p) for p in error.value.read_problems] == [
        "客户评估表.xlsx 政策!B2 值: 不是数字 not a number: '一千'",
        "客户评估表.xlsx 政策!B5 最低分: 必填 required",
    ]
    assert str(error.value) == (
        "客户评估表.xlsx: 政策!B2 值: 不是数字 not a number: '一千'; 政策!B5 最低分: 必填 required"
    )
