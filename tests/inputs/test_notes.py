"""What the readers say beside what they read: one channel of Note records, each an
information or a warning, read back with notes_of and styled by level, not by its words."""

from __future__ import annotations

import pandas as pd

from creditbook.inputs.customer_join import join_by_name
from creditbook.inputs.notes import Note, NoteLevel, info, notes_of, warning
from creditbook.inputs.problems import ReadProblem
from creditbook.inputs.readers import read_ledger


def test_a_warning_reads_with_its_prefix_and_information_as_it_is():
    problem = ReadProblem("档案.xlsx", "客户信用档案", 3, "C", "统一社会信用代码", "校验失败")
    assert [str(note) for note in (warning(problem), *info(["读取 read: 台账.csv"]))] == [
        "警告 WARNING: 档案.xlsx 客户信用档案!C3 统一社会信用代码: 校验失败",
        "读取 read: 台账.csv",
    ]
    assert warning(problem) == Note(
        NoteLevel.WARNING, "档案.xlsx 客户信用档案!C3 统一社会信用代码: 校验失败"
    )


def test_a_frame_no_reader_made_has_no_notes():
    assert notes_of(pd.DataFrame({"a": [1]})) == []
    assert notes_of(None) == []


def test_a_ledger_reader_leaves_information_notes_on_its_frame(tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text(
        "应收账款台账 2026年11月\n"
        "客户编码,客户名称,单据号,单据日期,到期日,金额\n"
        "KH01,华东贸易,XS-1,2026-09-01,2026-10-01,100\n"
        "合计,,,,,100\n",
        encoding="utf-8",
    )
    frame, problems = read_ledger(path)
    assert problems == []
    assert notes_of(frame) == [
        Note(NoteLevel.INFO, "读取 read: 台账.csv（单据明细 invoice form）"),
        Note(NoteLevel.INFO, "跳过非数据行 skipped rows in 台账.csv: 合计/小计行 1 行"),
    ]


def test_names_not_in_the_register_are_a_warning_and_the_join_is_information():
    ledger = pd.DataFrame(
        {
            "customer_id": ["华东贸易", "西部建材"],
            "customer_name": ["华东贸易", "西部建材"],
            "amount": [100, 200],
        }
    )
    register = pd.DataFrame({"customer_id": ["KH01"], "customer_name": ["华东贸易"]})
    _, notes, problems = join_by_name(ledger, register, "台账.xlsx")
    assert problems == []
    assert notes == [
        Note(
            NoteLevel.INFO,
            "按客户名称对应客户信用档案 joined to the register by name: 1 个客户"
            "名称（华东贸易 → KH01）",
        ),
        Note(
            NoteLevel.WARNING,
            "客户信用档案中没有这些客户名称 not in the register: 西部建材"
            "（1 个；无地址、额度未核定 no address or limit for them）",
        ),
    ]
