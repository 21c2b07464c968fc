"""An indicator table's refusal: one ReadProblem per bad cell (file, row, column letter,
header, kind), all in one ReadError, each line as every reader's (FILE C4 表头: …)."""

from __future__ import annotations

import pytest

from creditbook.inputs.indicators import read_indicator_table
from creditbook.inputs.notes import Note, NoteLevel, notes_of
from creditbook.inputs.problems import ProblemKind, ReadError, ReadProblem

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
    with pytest.raises(ReadError) as raised:
        read_indicator_table(table)
    problems = raised.value.problems
    assert [(p.file, p.sheet, p.row, p.column, p.header, p.kind) for p in problems] == [
        ("指标.csv", None, 4, "C", "资产负债率", ProblemKind.VALUE),
        ("指标.csv", None, 3, "D", "付款准时率", ProblemKind.VALUE),
    ]
    assert str(raised.value).splitlines() == [
        "2 problem(s) in the input（输入有误）:",
        "  指标.csv C4 资产负债率: 不是数字 not a number: '三成'",
        "  指标.csv D3 付款准时率: 付款准时率须在 0–100% 之间 must be 0–100% "
        "(got 63.64)，63.64 是否应为 63.64%？",
    ]


def test_every_bad_cell_is_listed_however_many(tmp_path):
    table = tmp_path / "指标.csv"
    rows = "".join(f"KH{n:02},客户{n},很高,0.9,1\n" for n in range(1, 26))
    table.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(ReadError) as raised:
        read_indicator_table(table)
    lines = str(raised.value).splitlines()
    assert len(raised.value.problems) == 25
    assert (len(lines), lines[0]) == (26, "25 problem(s) in the input（输入有误）:")
    assert lines[25] == "  指标.csv C26 资产负债率: 不是数字 not a number: '很高'"


def test_rows_not_scored_are_an_information_note_on_the_frame(tmp_path):
    table = tmp_path / "指标.csv"
    table.write_text(
        HEADER + "KH01,甲公司,0.3,0.9,2\n合计,,,,2\n制表人：王会计,,,,\n", encoding="utf-8"
    )
    found = read_indicator_table(table)
    assert list(found["客户编码"]) == ["KH01"]
    assert notes_of(found) == [
        Note(
            NoteLevel.INFO,
            "跳过非数据行 skipped rows in 指标.csv: 合计/小计行 1 行（第3行），"
            "表尾签字/打印日期行 1 行（第4行）",
        )
    ]
    assert "skipped" not in found.attrs


def test_a_missing_file_is_a_file_problem_named_by_its_path(tmp_path):
    missing = tmp_path / "没有.csv"
    with pytest.raises(ReadError) as raised:
        read_indicator_table(missing)
    assert raised.value.problems == [
        ReadProblem(
            str(missing), None, None, None, None, "文件不存在 file not found", ProblemKind.FILE
        )
    ]
    assert str(raised.value.problems[0]) == f"{missing}: 文件不存在 file not found"
