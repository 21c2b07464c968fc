"""An indicator table's refusal: one ReadProblem per bad cell (file, row, column letter,
header, kind), shown as 第N行「列」列 lines, at most 20 of them."""

from __future__ import annotations

import pytest

from creditbook.inputs.indicators import TableError, read_indicator_table
from creditbook.inputs.problems import ProblemKind, ReadProblem

HEADER = "客户编码,客户名称,资产负债率,付款准时率,逾期次数\n"


def test_each_bad_cell_is_a_problem_record_under_the_title_row(tmp_path):
    table = tmp_path / "指标.csv"
    table.write_text(
        "客户指标汇总表（2026年11月）\n"
        + HEADER
        + "KH01,甲公司,0.3,63.64,2\n"
        + "KH02,乙公司,三成,0.9,1\n",
        encoding="utf-8",
    )
    with pytest.raises(TableError) as raised:
        read_indicator_table(table)
    problems = raised.value.problems
    assert [(p.file, p.sheet, p.row, p.column, p.header, p.kind) for p in problems] == [
        ("指标.csv", None, 4, "C", "资产负债率", ProblemKind.VALUE),
        ("指标.csv", None, 3, "D", "付款准时率", ProblemKind.VALUE),
    ]
    assert str(raised.value).splitlines()[1] == (
        "指标.csv 第3行「付款准时率」列 row 3: 付款准时率须在 0–100% 之间 must be 0–100% "
        "(got 63.64)，63.64 是否应为 63.64%？"
    )
    assert str(raised.value).splitlines()[0].startswith("指标.csv 第4行「资产负债率」列 row 4: ")


def test_more_than_twenty_bad_cells_show_twenty_and_count_the_rest(tmp_path):
    table = tmp_path / "指标.csv"
    rows = "".join(f"KH{n:02},客户{n},很高,0.9,1\n" for n in range(1, 26))
    table.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(TableError) as raised:
        read_indicator_table(table)
    lines = str(raised.value).splitlines()
    assert len(raised.value.problems) == 25
    assert (len(lines), lines[-1]) == (21, "… 另有 5 处 and 5 more")
    assert lines[19].startswith("指标.csv 第21行「资产负债率」列 row 21: ")


def test_a_missing_file_is_a_file_problem_named_by_its_path(tmp_path):
    missing = tmp_path / "没有.csv"
    with pytest.raises(TableError) as raised:
        read_indicator_table(missing)
    assert raised.value.problems == [
        ReadProblem(
            str(missing), None, None, None, None, "文件不存在 file not found", ProblemKind.FILE
        )
    ]
    assert str(raised.value) == f"{missing}: 文件不存在 file not found"
