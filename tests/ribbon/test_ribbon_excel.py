"""The xlwings adapter and the workbook values it hands over."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import openpyxl
from excel_stub import StubApp, StubBook, StubProperties, StubRange, StubSheet

import creditbook
from creditbook.ribbon.book import WorkbookValues, snapshot
from creditbook.ribbon.excel import ExcelHost, custom_properties, saved_path, sheet_rows
from creditbook.workbooks.recalc import read_values

HOSTILE = ["=cmd|' /C calc'!A0", "[/bold]", "{{ x }}", "+86 0512", "-", "@SUM(A1)", "长" * 10_000]


def _book(tmp_path: Path, sheets: list[StubSheet], answers=()) -> StubBook:
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"")
    props = StubProperties({"creditbook.kind": "aging"})
    return StubBook(
        path.name, str(path), sheets, SimpleNamespace(CustomDocumentProperties=props),
        StubApp(answers=list(answers)),
    )  # fmt: skip


def test_a_used_range_away_from_a1_is_placed_where_it_is():
    day = dt.datetime(2026, 11, 30)
    sheet = StubSheet("台账", StubRange(3, 2, [["统计日期", day], ["金额", 1234.0]]))
    assert sheet_rows(sheet) == [
        [None, None, None],
        [None, None, None],
        [None, "统计日期", day],
        [None, "金额", 1234],
    ]
    assert isinstance(sheet_rows(sheet)[3][2], int)


def test_fractions_stay_float_and_text_stays_text():
    sheet = StubSheet("s", StubRange(1, 1, [[0.1 + 0.2, "0001", True, None]]))
    assert sheet_rows(sheet) == [[0.30000000000000004, "0001", True, None]]


def test_the_host_reads_name_path_properties_and_every_sheet(tmp_path):
    sheets = [
        StubSheet("应收台账", StubRange(1, 1, [["客户编码"]])),
        StubSheet("空", StubRange(1, 1, [[None]])),
    ]
    values = ExcelHost(_book(tmp_path, sheets)).read()
    assert values == WorkbookValues(
        "台账.xlsx",
        tmp_path / "台账.xlsx",
        {"creditbook.kind": "aging"},
        {"应收台账": [["客户编码"]], "空": [[None]]},
    )
    assert values.kind == "aging"


def test_questions_are_yes_no_boxes(tmp_path):
    book = _book(tmp_path, [], answers=["yes", "no"])
    host = ExcelHost(book)
    assert host.ask("覆盖？") is True
    assert host.ask("覆盖？") is False
    host.tell("出错", problem=True)
    assert [(a["buttons"], a["mode"]) for a in book.app.alerts] == [
        ("yes_no", "info"),
        ("yes_no", "info"),
        ("ok", "critical"),
    ]
    assert {a["title"] for a in book.app.alerts} == {"creditbook 生成文书"}


def test_properties_are_empty_where_com_is_not_there():
    assert custom_properties(SimpleNamespace()) == {}
    props = StubProperties({"creditbook.kind": "survey", "creditbook.ledger": r"..\台账.xlsx"})
    api = SimpleNamespace(CustomDocumentProperties=props)
    assert custom_properties(api) == {
        "creditbook.kind": "survey",
        "creditbook.ledger": r"..\台账.xlsx",
    }


def test_a_book_never_saved_or_only_online_has_no_path(tmp_path):
    assert saved_path("工作簿1") is None
    assert saved_path("https://d.docs.live.net/4f2a/文档/台账.xlsx") is None
    assert saved_path(str(tmp_path / "gone.xlsx")) is None


def test_the_snapshot_keeps_hostile_text_as_text_and_dates_as_dates(tmp_path):
    day = dt.datetime(2026, 11, 30)
    values = WorkbookValues(
        "台账 =x.xlsx", None, {}, {"客户": [["客户名称", "日期"], *[[t, day] for t in HOSTILE]]}
    )
    with snapshot(values) as path:
        assert path.name == "台账 =x.xlsx"
        cells = read_values(path)["客户"]
        book = openpyxl.load_workbook(path)
    assert [cells[f"A{r}"] for r in range(2, 2 + len(HOSTILE))] == HOSTILE
    assert cells["B2"] == day
    assert all(c.data_type != "f" for row in book["客户"].iter_rows() for c in row)
    assert not path.exists()


def test_labelled_date_is_the_aging_as_of_date():
    rows = [["应收账款账龄分析"], [None], ["统计日期", dt.datetime(2026, 11, 30)], ["客户编码"]]
    assert WorkbookValues("a.xlsx", None, {}, {"应收台账": rows}).labelled_date() == dt.date(
        2026, 11, 30
    )
    blank = [["统计日期", None]]
    assert WorkbookValues("a.xlsx", None, {}, {"应收台账": blank}).labelled_date() is None


def test_importing_creditbook_stays_cheap_and_main_is_there():
    source = str(Path(creditbook.__file__).resolve().parents[1])
    heavy = ("xlwings", "pandas", "openpyxl", "docxtpl")
    code = f"import sys, creditbook; print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": source}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == []
    assert callable(creditbook.main)


def test_a_snapshot_of_an_old_format_book_is_an_xlsx_of_the_same_name():
    values = WorkbookValues("2025 台账.xls", None, {}, {"台账": [["客户编码"]]})
    with snapshot(values) as path:
        assert path.name == "2025 台账.xlsx"
        assert read_values(path) == {"台账": {"A1": "客户编码"}}
