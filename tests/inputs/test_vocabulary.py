"""The header vocabulary: one data table, and docs/ledgers.md shows only names it accepts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from statement_sheets import lines, read

from creditbook.inputs.notes import notes_of
from creditbook.inputs.readers import read_ledger
from creditbook.inputs.tables import LEDGER_ALIASES, STATEMENT_ALIASES, normalise_header
from creditbook.inputs.vocabulary import families, row_rules

DOCS = (Path(__file__).parents[2] / "docs" / "ledgers.md").read_text(encoding="utf-8")


def _table(title: str) -> list[list[str]]:
    lines = DOCS.split(title, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    return [[c.strip() for c in row.strip("|").split("|")] for row in lines[start + 2 : end]]


def _accepted(aliases) -> set[str]:
    return {normalise_header(a) for names in aliases.values() for a in names}


def test_every_header_the_docs_show_is_accepted():
    ledger = _accepted(LEDGER_ALIASES)
    for column, _, more in _table("## Invoice form: the columns"):
        for name in [column, *more.split("(")[0].split(",")]:
            assert normalise_header(name) in ledger, name
    statement = _accepted(STATEMENT_ALIASES)
    for column, more in _table("## Statement form: running accounts"):
        names = [re.sub(r"\s*\(.*", "", column), *more.split("—")[0].split("(")[0].split(",")]
        for name in names:
            assert normalise_header(name) in statement, name


def test_each_system_family_has_its_names_for_the_received_and_open_columns():
    received, still_open = families("ledger")["paid_amount"], families("ledger")["open_amount"]
    assert "已核销金额" in received["kingdee"] and "未核销金额" in still_open["kingdee"]
    assert "已收本币" in received["yonyou"] and "未清余额" in still_open["sap_b1"]
    assert "amount due" in still_open["odoo"]


def test_total_rows_in_any_spacing_but_not_names_that_start_alike():
    rules = row_rules()
    kinds = {t: rules.kind(t) for t in ("合　计", "合 计", "ＴＯＴＡＬ", "华东公司 小计", "合计：")}
    assert set(kinds.values()) == {"total"}
    assert rules.kind("承前页") == "carried" and rules.kind("期初余额") == "opening"
    assert rules.kind("制表人：王丽华 审核人：李明") == "footer"
    for name in ("合计贸易有限公司", "本田贸易有限公司", "上海甲商贸有限公司", "审核中"):
        assert rules.kind(name) is None, name


@pytest.fixture
def fresh_row_rules():
    """The row rules rebuilt from vocabulary.toml, as on a fresh start."""
    row_rules.cache_clear()
    yield row_rules()
    row_rules.cache_clear()


def test_marks_typed_in_english_or_full_width_are_set_aside(fresh_row_rules):
    """A hand-kept statement typed partly in English and with the full-width input mode on:
    Opening Balance, ｓｕｂｔｏｔａｌ and ＴＯＴＡＬ are marks, not undated data rows."""
    rows = [
        ["Date", "Voucher", "Description", "Debit", "Credit", "Balance"],
        ["2026-01-01", None, "Opening Balance", None, None, 1000],
        ["2026-02-01", "INV-1", "Sales", 500, None, 1500],
        [None, None, "ｓｕｂｔｏｔａｌ", 500, 0, 1500],
        ["2026-03-01", "INV-2", "Sales", 300, None, 1800],
        [None, None, "ＴＯＴＡＬ", 800, 0, 1800],
    ]
    frame, problems = read(rows, sheet="APEX", file="apex.xlsx", default_term=30)
    assert problems == []
    assert [line[1:5] for line in lines(frame)] == [
        ("期初余额", "2026-01-01", "2026-01-31", 100000),
        ("INV-1", "2026-02-01", "2026-03-03", 50000),
        ("INV-2", "2026-03-01", "2026-03-31", 30000),
    ]
    assert str(notes_of(frame)[1]) == (
        "跳过非数据行 skipped rows in apex.xlsx APEX: 合计/小计行 2 行"  # the opening is read
    )


@pytest.mark.parametrize("header", ["已收款", "已收货款", "实收金额"])
def test_a_hand_made_ledgers_received_column_is_read_as_received(header, tmp_path):
    """已收款 / 已收货款 / 实收金额 head the received column of hand-made ledgers; read as 已收金额,
    the paid invoice is not open and the part-paid one is open by the rest."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["应收账款明细（手工台账）"])
    sheet.append(["客户编码", "客户名称", "发票号", "开票日期", "到期日", "价税合计", header])
    sheet.append(["C01", "甲公司", "F1", dt.date(2026, 6, 1), dt.date(2026, 7, 1), 1000, 1000])
    sheet.append(["C02", "乙公司", "F2", dt.date(2026, 6, 1), dt.date(2026, 7, 1), 800.5, 300])
    path = tmp_path / "手工台账.xlsx"
    book.save(path)
    frame, problems = read_ledger(path)
    assert problems == []
    assert [str(v) for v in frame["paid_amount"]] == ["100000", "30000"]  # fen
