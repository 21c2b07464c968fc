"""The reading report line by line: a 万元 export with hidden columns, an unused column with a
cell that is no amount, formulas left without a value in an extra column, columns past Z,
and the report's own pieces (counts merged, hidden marks, thousands, the as-of list)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd

from creditbook.inputs.located import locate
from creditbook.inputs.notes import Note, NoteLevel
from creditbook.inputs.readers import ORDER_ALIASES, read_ledger, read_orders
from creditbook.inputs.report import (
    ColumnTotal,
    FieldColumn,
    ReadingReport,
    UnusedColumn,
    frame_reports,
    reports_text,
    table_report,
)
from creditbook.inputs.sources import Grid

D = dt.date
KEYS = ["客户编码", "客户名称", "单据号", "单据日期", "到期日"]


def _wan_export(hidden: frozenset[int]) -> ReadingReport:
    """An 应收账款明细表 in 万元 (title row), 价税合计 | 不含税金额 | 税额, a 备注 column whose
    formulas were saved without a value, and the 合计 line."""
    rows = [
        ["应收账款明细表"],
        ["单位：万元"],
        [*KEYS, "价税合计", "不含税金额", "税额", "备注"],
        ["KH101", "无锡市恒通", "XS-01", D(2026, 9, 1), D(2026, 10, 31), 1.13, 1.0, 0.13, "=X9"],
        ["KH102", "常州华达", "XS-02", D(2026, 9, 5), D(2026, 11, 4), 2.26, "待定", 0.26, "=Y9"],
        ["合计", "", "", "", "", 3.39, 1.0, 0.39, "=Z9"],
    ]
    unevaluated = {(3, 8): "=X9", (4, 8): "=Y9", (5, 8): "=Z9"}
    grid = Grid("应收.xlsx", "明细", rows, hidden_columns=hidden, unevaluated=unevaluated)
    frame, problems = read_ledger(grid)
    assert problems == []
    assert frame["amount"].tolist() == [1_130_000, 2_260_000]
    return frame.attrs["report"]


def test_a_wan_export_reports_its_columns_units_totals_and_unread_formulas():
    report = _wan_export(frozenset({5, 7}))
    fields = (
        "列 columns: 客户编码 ← A 客户编码；客户名称 ← B 客户名称；单据号 ← C 单据号；"
        "单据日期 ← D 单据日期；到期日 ← E 到期日；金额 ← F 价税合计（隐藏 hidden）"
    )
    unused = (
        "未用 not used: G 不含税金额 — 不含税金额 pre-tax amount; H 税额（隐藏 hidden） — 税额 tax"
    )
    # 3.39 万 = 33,900; 1.0 万 + 待定 (no amount, left out of the total) = 10,000; 0.39 万
    totals = (
        "合计 totals: F 价税合计 33,900.00；G 不含税金额 10,000.00（未用 not used）；"
        "H 税额 3,900.00（未用 not used）"
    )
    unit = "金额单位 unit: F 价税合计 以万元计 in 万元（× 10,000 读作元 read as 元）"
    kept = "附加列 extra columns（保留，不参与计算 kept, in no figure）: I 备注"
    agrees = (
        "表中合计 the sheet's 合计 (第 6 行 row 6): 与读出的行相符 agrees with the rows read"
        "（F 价税合计）"
    )
    # the 合计 line's formula is on a row not read: two, not three
    extra = (
        "附加列的公式没有保存结果，未读 extra columns whose formulas have no saved value, "
        "not read: I 备注 2 个"
    )
    assert report.lines() == [
        "读取报告 reading report: 应收.xlsx 工作表 sheet 明细（单据明细 invoice form）；"
        "表头在第 3 行 header row 3",
        fields,
        unused,
        kept,
        "行 rows: 读取 read 2 行；跳过 skipped: 合计/小计行 1 行",
        totals,
        agrees,
        unit,
        extra,
    ]
    assert report.details() == [
        fields,
        unused,
        kept,
        "行 rows: 读取 read 2 行",
        totals,
        agrees,
        unit,
        extra,
    ]
    assert report.text() == "\n".join(report.lines()) + "\n"


def test_a_column_in_thousands_says_its_own_unit_and_a_yuan_column_says_none():
    rows = [
        [*KEYS, "价税合计(千元)", "已收金额"],
        ["KH101", "无锡市恒通", "XS-01", D(2026, 9, 1), D(2026, 10, 31), 11.3, 1000],
    ]
    frame, problems = read_ledger(Grid("应收.xlsx", "Sheet1", rows))
    assert problems == []
    report = frame.attrs["report"]
    assert report.cell_notes == (
        "金额单位 unit: F 价税合计(千元) 以千元计 in 千元（× 1,000 读作元 read as 元）",
    )
    assert report.total_lines() == ["合计 totals: F 价税合计(千元) 11,300.00；G 已收金额 1,000.00"]


def test_totals_run_in_column_order_past_z():
    # an export with the pre-tax amount far to the right, in column AA
    header = [*KEYS, "金额", *([""] * 20), "不含税金额"]
    row = ["KH101", "无锡市恒通", "XS-01", D(2026, 9, 1), D(2026, 10, 31), 113, *([None] * 20), 100]
    frame, problems = read_ledger(Grid("应收.xlsx", "Sheet1", [header, row]))
    assert problems == []
    assert [(t.letter, t.total, t.used) for t in frame.attrs["report"].totals] == [
        ("F", Decimal("113.00"), True),
        ("AA", Decimal("100.00"), False),
    ]


def test_the_report_pieces_exactly():
    report = ReadingReport(
        "台账.csv",
        None,
        "contacts",
        0,
        fields=(FieldColumn("金额", "价税合计", "G"), FieldColumn("单据号", "发票号", "C", True)),
        unused=(UnusedColumn("税额", "H", "税额 tax"), UnusedColumn("金额", "F", "已用 G", True)),
        rows_read=12_345,
        skipped=(("合计/小计行", 2), ("空行", 1)),
        totals=(ColumnTotal("价税合计", "G", Decimal("1234567.5")),),
    )
    assert report.where == "台账.csv"
    assert report.head_line() == "读取报告 reading report: 台账.csv（contacts）"  # no row 0
    assert report.field_lines() == [
        "列 columns: 金额 ← G 价税合计；单据号 ← C 发票号（隐藏 hidden）"
    ]
    assert report.unused_lines() == [
        "未用 not used: H 税额 — 税额 tax; F 金额（隐藏 hidden） — 已用 G"
    ]
    assert report.row_lines() == [
        "行 rows: 读取 read 12,345 行；跳过 skipped: 合计/小计行 2 行，空行 1 行"
    ]
    assert report.total_lines() == ["合计 totals: G 价税合计 1,234,567.50"]
    assert report.as_of_lines() == []
    bare = ReadingReport("台账.csv", None, "orders")
    assert bare.lines() == [
        "读取报告 reading report: 台账.csv（未发货订单 open orders）",
        "行 rows: 读取 read 0 行",
    ]
    assert bare.field_lines() == bare.unused_lines() == bare.total_lines() == []


def test_counts_of_one_reason_are_added_up():
    report = ReadingReport("明细账.xlsx", "华东", "statement", skipped=(("合计/小计行", 1),))
    more = report.with_counts({"合计/小计行": 2, "期初前 before the period": 3})
    assert more.skipped == (("合计/小计行", 3), ("期初前 before the period", 3))
    assert report.skipped == (("合计/小计行", 1),)
    assert more.with_notes("甲", "乙").with_notes("丙").notes == ("甲", "乙", "丙")


def test_the_as_of_line_lists_the_cells_and_marks_more_only_when_there_are_more():
    as_of = D(2026, 11, 30)
    cells = ("C2 N00 2026-12-01", "C3 N01 2026-12-02")
    listed = ReadingReport(
        "台账.csv", None, "invoice", as_of=as_of, after_as_of=2, after_cells=cells
    )
    assert listed.as_of_lines() == [
        "截止日后的单据 dated after --as-of 2026-11-30: 2 行（C2 N00 2026-12-01、"
        "C3 N01 2026-12-02），不计入账龄 not aged"
    ]
    more = ReadingReport("台账.csv", None, "invoice", as_of=as_of, after_as_of=3, after_cells=cells)
    assert more.as_of_lines()[0].endswith(
        "3 行（C2 N00 2026-12-01、C3 N01 2026-12-02…），不计入账龄 not aged"
    )
    undated = ReadingReport("台账.csv", None, "invoice", after_as_of=2, after_cells=cells)
    assert undated.as_of_lines() == []


def _late(as_of: dt.date | None) -> ReadingReport:
    rows = [
        ["客户编码", "单据号", "单据日期", "到期日", "金额"],
        ["C1", "N1", D(2026, 11, 30), D(2026, 12, 30), 100],  # on the day itself: not late
        ["C1", "N2", D(2026, 12, 1), D(2026, 12, 31), 100],
    ]
    frame, problems = read_ledger(Grid("台账.csv", None, rows), as_of=as_of)
    assert problems == []
    return frame.attrs["report"]


def test_after_as_of_counts_only_documents_dated_after_the_day():
    assert (_late(None).as_of, _late(None).after_as_of) == (None, 0)
    none_late = _late(D(2026, 12, 1))
    assert (none_late.as_of, none_late.after_as_of, none_late.after_cells) == (
        D(2026, 12, 1),
        0,
        (),
    )
    assert none_late.as_of_lines() == []
    late = _late(D(2026, 11, 30))
    assert (late.as_of, late.after_as_of, late.after_cells) == (
        D(2026, 11, 30),
        1,
        ("C3 N2 2026-12-01",),
    )


def test_reports_text_adds_only_the_notes_the_reports_do_not_say():
    one = ReadingReport("台账.xlsx", "Sheet1", "invoice", 1, rows_read=2)
    two = ReadingReport("档案.xlsx", None, "register", rows_read=1, notes=("期间 2026.06",))
    text = reports_text(
        [one, two], [Note(NoteLevel.INFO, "期间 2026.06"), Note(NoteLevel.WARNING, "名称未对应")]
    )
    assert text == (
        "读取报告 reading report: 台账.xlsx 工作表 sheet Sheet1（单据明细 invoice form）；"
        "表头在第 1 行 header row 1\n行 rows: 读取 read 2 行\n\n"
        "读取报告 reading report: 档案.xlsx（客户信用档案 register）\n行 rows: 读取 read 1 行\n"
        "期间 2026.06\n"
        "\n说明 notes:\n  警告 WARNING: 名称未对应\n"
    )
    assert reports_text([one]) == one.text()


def test_frame_reports_takes_the_reports_readers_left_and_nothing_else():
    report = ReadingReport("台账.xlsx", "Sheet1", "invoice")
    read = pd.DataFrame({"a": [1]})
    read.attrs["report"] = report
    other = pd.DataFrame({"a": [1]})
    other.attrs["report"] = "not a report"
    assert frame_reports(read, None, other, pd.DataFrame(), object(), np.zeros(1)) == (report,)


def test_every_note_the_reports_do_not_say_is_listed_on_its_own_line():
    one = ReadingReport("台账.xlsx", None, "invoice")
    text = reports_text(
        [one], [Note(NoteLevel.INFO, "期间 2026.06–2026.11"), Note(NoteLevel.INFO, "按名称对应")]
    )
    assert text.endswith("\n说明 notes:\n  期间 2026.06–2026.11\n  按名称对应\n")


def test_a_column_not_used_is_totalled_in_its_own_unit():
    rows = [
        ["应收账款明细表"],
        [*KEYS, "价税合计(万元)", "不含税金额(万元)", "税额【单位：万元】"],
        ["KH101", "无锡市恒通", "XS-01", D(2026, 9, 1), D(2026, 10, 31), 1.13, 1.0, 0.13],
    ]
    frame, problems = read_ledger(Grid("应收.xlsx", "明细", rows))
    assert problems == []
    # the pre-tax and tax columns are in 万元 too: 10,000 and 1,300, not 1.00 and 0.13
    assert frame.attrs["report"].total_lines() == [
        "合计 totals: F 价税合计(万元) 11,300.00；G 不含税金额(万元) 10,000.00（未用 not used）；"
        "H 税额【单位：万元】 1,300.00（未用 not used）"
    ]


def test_a_field_without_a_label_is_shown_by_its_canonical_name():
    grid = Grid(
        "订单.xlsx",
        "未发货订单",
        [["客户编码", "客户名称", "订单金额"], ["KH101", "无锡市恒通", 50000]],
    )
    table, problems = locate(grid, ORDER_ALIASES, ("customer_id", "amount"), {})
    assert problems == [] and table is not None
    report = table_report(table, "orders", {"amount": "未发货订单金额"}, {})
    assert report.field_lines() == [
        "列 columns: customer_id ← A 客户编码；customer_name ← B 客户名称；"
        "未发货订单金额 ← C 订单金额"
    ]


def test_formulas_left_without_a_value_are_counted_per_extra_column_even_past_the_header():
    rows = [
        [*KEYS, "金额", "备注"],
        ["KH101", "无锡市恒通", "XS-01", D(2026, 9, 1), D(2026, 10, 31), 1130, "=X2", "=Y2"],
        ["KH102", "常州华达", "XS-02", D(2026, 9, 5), D(2026, 11, 4), 2260, "", "=Y3"],
    ]
    unevaluated = {(1, 6): "=X2", (1, 7): "=Y2", (2, 7): "=Y3"}
    frame, problems = read_ledger(Grid("应收.xlsx", "明细", rows, unevaluated=unevaluated))
    assert problems == []
    assert frame.attrs["report"].cell_notes == (
        "附加列的公式没有保存结果，未读 extra columns whose formulas have no saved value, "
        "not read: G 备注 1 个、H 2 个",
    )


def test_the_open_orders_report_names_every_field_in_chinese():
    grid = Grid(
        "订单.xlsx",
        "未发货订单",
        [["客户编码", "客户名称", "订单金额"], ["KH101", "无锡市恒通", 50000]],
    )
    reports: list = []
    read_orders(grid, reports=reports)
    assert reports[0].field_lines() == [
        "列 columns: 客户编码 ← A 客户编码；客户名称 ← B 客户名称；未发货订单金额 ← C 订单金额"
    ]


def test_extra_columns_are_listed_as_kept_hidden_ones_marked_and_unused_amounts_not_twice():
    rows = [
        [*KEYS, "价税合计", "不含税金额", "业务员", "备注"],
        ["KH101", "无锡市恒通", "XS-01", D(2026, 9, 1), D(2026, 10, 31), 113, 100, "王丽华", "急"],
    ]
    frame, problems = read_ledger(Grid("应收.xlsx", "明细", rows, hidden_columns=frozenset({8})))
    assert problems == []
    assert frame.attrs["report"].extra_lines() == [
        "附加列 extra columns（保留，不参与计算 kept, in no figure）: "
        "H 业务员、I 备注（隐藏 hidden）"
    ]
