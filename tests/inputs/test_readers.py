"""Reading hand-made ledgers and registers: messy values, title rows, and the problem report."""

from __future__ import annotations

import datetime as dt
import gc

import numpy as np
import openpyxl
import pandas as pd
import pytest

from creditbook.core.models import LEDGER_COLUMNS, REGISTER_COLUMNS, REGISTER_GROUP_COLUMNS
from creditbook.inputs import readers
from creditbook.inputs.notes import notes_of
from creditbook.inputs.readers import (
    ReadError,
    ledger_or_raise,
    read_ledger,
    read_register,
)
from creditbook.inputs.sources import SourceError
from creditbook.inputs.tables import LEDGER_ALIASES, REGISTER_ALIASES, column_letter

HEADER = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额", "收款日期"]


def workbook(path, rows, title="应收账款台账", above=("XX公司应收账款台账", "单位：元")):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for line in above:
        sheet.append([line])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def fen(frame, column):
    return frame[column].tolist()


def test_aliases_cover_every_canonical_column():
    assert set(LEDGER_ALIASES) == {*LEDGER_COLUMNS, "open_amount"}
    assert set(REGISTER_ALIASES) == {*REGISTER_COLUMNS, *REGISTER_GROUP_COLUMNS}


def test_column_letters():
    assert [column_letter(i) for i in (0, 5, 25, 26, 701, 702)] == [
        "A",
        "F",
        "Z",
        "AA",
        "ZZ",
        "AAA",
    ]


def test_messy_xlsx_below_title_rows_reads_cleanly(tmp_path):
    path = workbook(
        tmp_path / "台账.xlsx",
        [
            [*HEADER, "业务员"],
            [
                1001,
                "甲公司",
                "INV-1",
                dt.date(2026, 10, 1),
                "2026年11月30日",
                "¥1,234.50",
                "1,000.00元",
                "20261120",
                "张三",
            ],
            ["C2", "乙公司", "INV-2", 46000, "2026/12/31", "１２３４．５", None, None, None],
            ["C2", "乙公司", "CN-1", "2026-11-03", "2026-11-03", "(300.00)", None, None, None],
            ["C3", None, "INV-3", dt.datetime(2026, 11, 1, 9, 30), "2026.12.1", 1.005, "-", None],
            [None] * 9,
            [None, None, None, None, "合计", 3000, None, None, None],
            [None] * 9,
        ],
    )
    frame, problems = read_ledger(path)
    assert problems == []
    assert fen(frame, "customer_id") == ["1001", "C2", "C2", "C3"]
    assert fen(frame, "amount") == [123450, 123450, -30000, 101]
    assert fen(frame, "paid_amount") == [100000, 0, 0, 0]
    assert frame["due_date"].dt.date.tolist() == [
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 31),
        dt.date(2026, 11, 3),
        dt.date(2026, 12, 1),
    ]
    assert frame["invoice_date"].dt.date.tolist()[1] == dt.date(2025, 12, 9)  # serial 46000
    assert frame["paid_date"].dt.date.tolist()[0] == dt.date(2026, 11, 20)
    assert frame["paid_date"].isna().tolist() == [False, True, True, True]
    assert fen(frame, "customer_name") == ["甲公司", "乙公司", "乙公司", "C3"]
    assert fen(frame, "currency") == ["CNY"] * 4
    assert fen(frame, "业务员")[0] == "张三"
    assert frame["amount"].dtype == np.int64
    assert str(frame["due_date"].dtype) == "datetime64[ns]"


def test_problems_name_file_sheet_cell_and_header_all_at_once(tmp_path):
    path = workbook(
        tmp_path / "台账.xlsx",
        [
            HEADER,
            ["C1", "甲", "INV-1", "2026-10-01", "2026-10-31", "一千元", None, None],
            ["C1", "甲", "INV-1", "2026-13-01", "2026-10-31", 100, None, None],
            ["C1", "甲", "INV-2", "2026-10-01", None, 100, 150, "2026-10-02"],
            [None, "甲", "INV-3", "2026-10-01", "2026-09-01", 100, None, None],
        ],
    )
    _frame, problems = read_ledger(path)
    assert [str(p) for p in problems] == [
        '台账.xlsx 应收账款台账!F4 金额: "一千元" is not an amount（不是有效金额）',
        '台账.xlsx 应收账款台账!C5 单据号: "INV-1" duplicates row 4（同一客户的单据号+到期日重复）',
        '台账.xlsx 应收账款台账!D5 单据日期: "2026-13-01" is not a date（不是有效日期）',
        "台账.xlsx 应收账款台账!E6 到期日: is blank（缺少必填值）",
        "台账.xlsx 应收账款台账!G6 已收金额: paid 150.00 is more than the amount 100.00"
        "（已收金额超过单据金额）",
        "台账.xlsx 应收账款台账!A7 客户编码: is blank（缺少必填值）",
        "台账.xlsx 应收账款台账!E7 到期日: 2026-09-01 is before the invoice date 2026-10-01"
        "（到期日早于单据日期）",
    ]
    with pytest.raises(ReadError) as raised:
        ledger_or_raise(path)
    assert len(raised.value.problems) == 7
    assert "7 problem(s)" in str(raised.value)


def test_missing_columns_are_named(tmp_path):
    path = workbook(tmp_path / "l.xlsx", [["客户编码", "单据号", "金额"], ["C1", "N1", 5]])
    _, problems = read_ledger(path)
    assert [str(p) for p in problems] == [
        "l.xlsx 应收账款台账!3:3: missing column 单据日期 (invoice_date)（缺少列）; accepted "
        "headers（可用表头）: 单据日期、invoice_date、invoice date、date、业务日期、记账日期、"
        "制单日期、开票日期、过账日期、凭证日期、posting date、invoice/bill date、发票日期、"
        '发货日期; or map your own: --columns "你的表头=单据日期"',
        "l.xlsx 应收账款台账!3:3: missing column 到期日 (due_date)（缺少列）; accepted "
        "headers（可用表头）: 到期日、due_date、due date、due、到期日期、收款到期日、应收日期、"
        "截止日期、账期到期日、约定付款日、应付款日期; or map your own: "
        '--columns "你的表头=到期日"',
    ]


def test_english_headers_in_any_order_on_a_sheet_of_any_name(tmp_path):
    rows = [
        ["Amount", "Due Date", "Invoice No", "Customer ID", "Invoice Date", "Notes"],
        [99.5, "2026-12-01", "N1", "C1", "2026-11-01", "rush"],
    ]
    book = openpyxl.Workbook()
    book.active.title = "Cover"
    data = book.create_sheet("AR")
    for row in rows:
        data.append(row)
    book.save(tmp_path / "ar.xlsx")
    frame, problems = read_ledger(tmp_path / "ar.xlsx")
    assert problems == []
    assert fen(frame, "amount") == [9950]
    assert fen(frame, "Notes") == ["rush"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding(tmp_path, encoding):
    text = (
        "客户编码,客户名称,单据号,单据日期,到期日,金额\n"
        'C1,杭州乙实业有限公司,N1,2026/10/01,2026/10/31,"1,234.00"\n'
    )
    path = tmp_path / "台账.csv"
    path.write_bytes(text.encode(encoding))
    frame, problems = read_ledger(path)
    assert problems == []
    assert fen(frame, "customer_name") == ["杭州乙实业有限公司"]
    assert fen(frame, "amount") == [123400]


def test_csv_problem_names_the_cell_without_a_sheet(tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text("客户编码,单据号,单据日期,到期日,金额\nC1,N1,2026-10-01,2026-10-31,abc\n")
    _, problems = read_ledger(path)
    assert [str(p) for p in problems] == [
        '台账.csv E2 金额: "abc" is not an amount（不是有效金额）'
    ]


def test_dataframe_source():
    frame = pd.DataFrame(
        {
            "customer_id": ["C1"],
            "invoice_no": ["N1"],
            "invoice_date": [pd.Timestamp("2026-10-01")],
            "due_date": ["2026-10-31"],
            "amount": [100.0],
            "paid_amount": [np.nan],
        }
    )
    result, problems = read_ledger(frame)
    assert problems == []
    assert fen(result, "paid_amount") == [0]
    assert result["invoice_date"].dt.date.tolist() == [dt.date(2026, 10, 1)]


def test_register_flags_limits_and_terms(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "客户信用档案"
    sheet.append(["客户信用档案"])
    sheet.append(
        [
            "客户编码",
            "客户名称",
            "统一社会信用代码",
            "信用等级",
            "信用额度",
            "信用期限（天）",
            "下次复核日期",
            "经营亏损",
            "失信被执行",
            "备注",
        ]
    )
    sheet.append(
        ["C1", "甲", "91110000600037341L", "a", "300,000", 60, "2027-01-10", "否", "是", "x"]
    )
    sheet.append(["C2", "乙", "91110000600037342L", "B", None, "45天", None, "Y", "maybe", None])
    book.save(tmp_path / "档案.xlsx")
    frame, problems = read_register(tmp_path / "档案.xlsx")
    assert [str(p) for p in problems] == [
        '档案.xlsx 客户信用档案!I4 失信被执行: "maybe" is not 是/否 (yes/no)（应填是或否）',
    ]
    assert [str(n) for n in notes_of(frame)] == [
        '警告 WARNING: 档案.xlsx 客户信用档案!C4 统一社会信用代码: "91110000600037342L" is not '
        "a valid 统一社会信用代码 (USCC)（校验失败）"
    ]
    assert fen(frame, "grade") == ["A", "B"]
    assert frame["limit"].tolist()[0] == 30000000
    assert pd.isna(frame["limit"].tolist()[1])
    assert frame["term_days"].tolist() == [60, 45]
    assert fen(frame, "经营亏损") == [False, True]
    assert fen(frame, "失信被执行") == [True, False]
    assert fen(frame, "资金链紧张") == [False, False]
    assert fen(frame, "status") == ["正常", "正常"]
    assert fen(frame, "备注") == ["x", ""]


def test_missing_file_is_a_clear_error(tmp_path):
    from creditbook.inputs.sources import SourceError

    with pytest.raises(SourceError, match="file not found"):
        read_ledger(tmp_path / "nope.xlsx")


def test_the_cycle_collector_is_paused_while_a_ledger_is_read_and_switched_back_on(
    tmp_path, monkeypatch
):
    path = workbook(tmp_path / "台账.xlsx", [HEADER, ["C1", "甲", "N1", "2026-09-01", "", 100]])
    frame = pd.DataFrame({"客户编码": ["C1"], "单据号": ["N1"], "单据日期": ["2026-09-01"]})
    seen = []
    real = readers.locate

    def locate(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(readers, "locate", locate)
    for source in (path, frame):
        _, problems = read_ledger(source)
        assert problems  # a blank 到期日, no 金额: problems returned, not raised
        assert gc.isenabled()
    assert seen == [False, False]
    gc.disable()
    try:  # a caller that had it off finds it off
        read_ledger(path)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_cycle_collector_is_switched_back_on_when_a_read_fails(tmp_path):
    with pytest.raises(SourceError):
        read_ledger(tmp_path / "没有这个文件.xlsx")
    assert gc.isenabled()
