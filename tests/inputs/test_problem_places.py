"""Where a problem says it is: file, sheet, cell, whole row, whole column or whole sheet,
as the user reads it in the refusal."""

from __future__ import annotations

import pytest

from creditbook.inputs.problems import ReadError, ReadProblem


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
