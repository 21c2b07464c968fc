"""Where a problem says it is: file, sheet, cell, whole row, whole column or whole sheet,
as the user reads it in the refusal."""

from __future__ import annotations

import pytest

from creditbook.inputs.problems import ProblemKind, ReadError, ReadProblem


@pytest.mark.parametrize(
    ("problem", "shown"),
    [
        pytest.param(
            ReadProblem("台账.xlsx", "应收明细", 7, "F", "金额", '"1,2OO" is not an amount'),
            '台账.xlsx 应收明细!F7 金额: "1,2OO" is not an amount',
            id="cell",
        ),
        pytest.param(
            ReadProblem("台账.xlsx", "应收明细", 3, None, None, "missing column 到期日"),
            "台账.xlsx 应收明细!3:3: missing column 到期日",
            id="header-row",
        ),
        pytest.param(
            ReadProblem("台账.xlsx", "应收明细", None, "F", "金额", "no amount in any row"),
            "台账.xlsx 应收明细 金额: no amount in any row",
            id="whole-column",
        ),
        pytest.param(
            ReadProblem("明细账.xlsx", "APEX", None, None, None, "APEX: 没有信用期限"),
            "明细账.xlsx APEX: APEX: 没有信用期限",
            id="whole-sheet",
        ),
        pytest.param(
            ReadProblem("对账单.csv", None, 4, "A", "日期", "is blank（缺少必填值）"),
            "对账单.csv A4 日期: is blank（缺少必填值）",
            id="csv-cell",
        ),
        pytest.param(
            ReadProblem("对账单.csv", None, None, None, None, "no customer"),
            "对账单.csv: no customer",
            id="csv-file",
        ),
    ],
)
def test_a_problem_names_its_place(problem, shown):
    assert str(problem) == shown


def test_a_read_error_lists_every_problem_under_a_count():
    error = ReadError(
        [
            ReadProblem("台账.xlsx", "应收明细", 7, "F", "金额", '"1,2OO" is not an amount'),
            ReadProblem("对账单.csv", None, None, None, None, "no customer"),
        ]
    )
    assert str(error) == (
        "2 problem(s) in the input（输入有误）:\n"
        '  台账.xlsx 应收明细!F7 金额: "1,2OO" is not an amount\n'
        "  对账单.csv: no customer"
    )


@pytest.mark.parametrize(
    ("problem", "shown"),
    [
        pytest.param(
            ReadProblem("", "客户信息", None, None, "评估日期", "空白 blank，必填", ref="B5"),
            "客户信息!B5 评估日期: 空白 blank，必填",
            id="form-cell",
        ),
        pytest.param(
            ReadProblem("", "客户信息", None, None, "评估日期", "空白 blank，必填", ref="?"),
            "客户信息!? 评估日期: 空白 blank，必填",
            id="form-cell-not-found",
        ),
        pytest.param(
            ReadProblem(
                "",
                "财务报表",
                None,
                None,
                None,
                "资产总计 100.00 ≠ 负债合计 40.00 + 所有者权益合计 50.00",
                ProblemKind.CONSISTENCY,
                ref="B5/B6/B13",
            ),
            "财务报表!B5/B6/B13 资产总计 100.00 ≠ 负债合计 40.00 + 所有者权益合计 50.00",
            id="form-cells-that-disagree",
        ),
        pytest.param(
            ReadProblem("", "定性评估", None, None, None, "缺少项目 missing item「品质」"),
            "定性评估: 缺少项目 missing item「品质」",
            id="form-sheet",
        ),
        pytest.param(
            ReadProblem("", None, None, None, None, "缺少工作表 missing sheet '审批'"),
            "缺少工作表 missing sheet '审批'",
            id="nowhere-but-the-file-named-above",
        ),
    ],
)
def test_a_form_problem_names_its_cell_as_the_form_names_it(problem, shown):
    assert str(problem) == shown


def test_a_problem_in_a_file_named_once_above_leaves_the_file_out():
    problem = ReadProblem("评估.xlsx", "客户信息", None, None, "成立日期", "不是日期", ref="B9")
    assert (str(problem), problem.in_file(), problem.cell) == (
        "评估.xlsx 客户信息!B9 成立日期: 不是日期",
        "客户信息!B9 成立日期: 不是日期",
        "B9",
    )


def test_a_problem_is_a_frozen_record_whose_kind_is_an_enum_not_a_string():
    problem = ReadProblem("台账.xlsx", "台账", 4, "A", "客户编码", "is blank", ProblemKind.BLANK)
    assert problem.kind is ProblemKind.BLANK and problem.kind != "blank"
    assert ReadProblem("台账.xlsx", None, None, None, None, "x").kind is ProblemKind.VALUE
    with pytest.raises(AttributeError):
        problem.message = "changed"  # type: ignore[misc]
