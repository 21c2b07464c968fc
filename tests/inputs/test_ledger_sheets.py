"""Which sheet of a workbook is the ledger, in which form, and what is said about it: several
month sheets, a payment plan beside the invoices, headers mapped with --columns, a running
statement whose 借方 has the user's own header, a CSV and a DataFrame."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
from erp_exports import STATEMENT_HEADER, D, save

from creditbook.inputs import sources
from creditbook.inputs.notes import notes_of
from creditbook.inputs.problems import ProblemKind
from creditbook.inputs.readers import detect_form, ledger_or_raise, read_ledger
from creditbook.inputs.sources import Grid

HEADER = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额"]
OCTOBER = ["KH01", "苏州恒通电子有限公司", "XS-1001", D(2026, 10, 8), D(2026, 11, 7), 12000]
NOVEMBER = ["KH02", "无锡戊科技有限公司", "XS-1102", D(2026, 11, 3), D(2026, 12, 3), 800.5]


def test_two_month_sheets_are_refused_until_one_is_chosen_by_name_or_number(tmp_path):
    path = save(
        tmp_path / "应收2026.xlsx",
        {"十月": [["2026年10月应收"], HEADER, OCTOBER], "十一月": [HEADER, NOVEMBER]},
    )
    frame, problems = read_ledger(path)
    assert len(frame) == 0
    assert [(str(p), p.kind) for p in problems] == [
        (
            "应收2026.xlsx: 有多个工作表像台账 several sheets look like a ledger: 十月、十一月; "
            'choose one with --sheet NAME（或序号）, e.g. --sheet "十一月"',
            ProblemKind.MISSING_COLUMN,
        )
    ]
    assert read_ledger(path, sheet="1")[0]["invoice_no"].tolist() == ["XS-1001"]
    assert read_ledger(path, sheet="2")[0]["amount"].tolist() == [80050]
    assert ledger_or_raise(path, "十一月")["customer_id"].tolist() == ["KH02"]
    assert ledger_or_raise(path, "1")["customer_id"].tolist() == ["KH01"]


def test_a_payment_plan_without_invoice_numbers_is_not_taken_for_a_ledger(tmp_path):
    plan = [
        ["客户编码", "业务日期", "到期日", "金额"],
        ["KH01", D(2026, 12, 1), D(2026, 12, 31), 5000],
    ]
    path = save(tmp_path / "ar.xlsx", {"收款计划": plan, "十月明细": [HEADER, OCTOBER]})
    frame, problems = read_ledger(path)
    assert problems == []
    assert frame["invoice_no"].tolist() == ["XS-1001"]
    assert [str(n) for n in notes_of(frame)] == [
        "读取 read: ar.xlsx 工作表 sheet 十月明细（单据明细 invoice form）"
        "；其他工作表未读 other sheets not read: 收款计划"
    ]


def test_the_sheet_whose_headers_are_mapped_is_found_behind_a_cover(tmp_path):
    header = ["客户编码", "客户名称", "发票流水号", "单据日期", "到期日", "金额"]
    path = save(
        tmp_path / "ar.xlsx",
        {"封面": [["2026年应收账款"], ["编制：财务部"]], "明细": [header, OCTOBER]},
    )
    mapping = {"发票流水号": "单据号"}
    frame, problems = read_ledger(path, columns=mapping)
    assert problems == []
    assert frame["invoice_no"].tolist() == ["XS-1001"]
    assert frame.attrs["form"] == "invoice"
    assert ledger_or_raise(path, columns=mapping)["amount"].tolist() == [1200000]


def test_a_statement_whose_debit_header_is_mapped_is_found_and_read_as_a_statement(tmp_path):
    header = ["日期", "凭证字号", "摘要", "借方本期", "贷方", "方向", "余额"]
    path = save(
        tmp_path / "明细账.xlsx",
        {
            "说明": [["本账簿由财务部维护"]],
            "华东贸易": [
                ["应收账款明细账"],
                ["客户：华东贸易有限公司"],
                header,
                [D(2026, 1, 1), None, "期初余额", None, None, "借", 5000],
                [D(2026, 7, 10), "记-15", "销售发货", 20000, None, "借", 25000],
                [D(2026, 9, 5), "记-41", "收到货款", None, 8000, "借", 17000],
                [None, None, "本年累计", 20000, 8000, "借", 17000],
            ],
        },
    )
    frame, problems = read_ledger(path, columns={"借方本期": "借方"}, default_term=30)
    assert problems == []
    assert frame.attrs["form"] == "statement"
    # FIFO: the 8,000 received settles the 5,000 opening balance, then 3,000 of 记-15
    assert frame[["invoice_no", "amount", "paid_amount"]].values.tolist() == [
        ["期初余额", 500000, 500000],
        ["记-15", 2000000, 300000],
    ]
    assert frame["due_date"].dt.date.tolist() == [D(2026, 1, 31), D(2026, 8, 9)]


def test_the_form_is_told_by_the_header():
    assert detect_form(Grid("明细账.xlsx", "华东", [["应收账款明细账"], STATEMENT_HEADER])) == (
        "statement"
    )
    assert detect_form(Grid("台账.xlsx", "台账", [HEADER])) == "invoice"
    # 日期, 借方, 贷方 beside 单据号 and 到期日: an invoice list with running columns
    assert detect_form(Grid("台账.xlsx", "台账", [[*HEADER, "借方", "贷方", "日期"]])) == "invoice"
    # a voucher list: 日期, 借方, 贷方 read as a statement, unless --columns makes it invoices
    vouchers = Grid("凭证.xlsx", "凭证", [["客户编码", "单据号", "日期", "到期日", "借方", "贷方"]])
    assert detect_form(vouchers) == "statement"
    assert detect_form(vouchers, {"日期": "单据日期", "借方": "金额"}) == "invoice"


def test_a_csv_is_named_without_a_sheet_in_the_notes(tmp_path):
    path = tmp_path / "台账.csv"
    rows = ["KH01,苏州恒通,XS-1,2026-10-08,2026-11-07,12000", ",,,,,", "合计,,,,,12000"]
    text = "\n".join([",".join(HEADER), *rows]) + "\n"
    path.write_bytes(text.encode("gbk"))
    frame, problems = read_ledger(path)
    assert problems == []
    assert [str(n) for n in notes_of(frame)] == [
        "读取 read: 台账.csv（单据明细 invoice form）",
        "跳过非数据行 skipped rows in 台账.csv: 空行 1 行，合计/小计行 1 行",
    ]


def test_a_dataframe_with_a_blank_row_and_a_bad_amount_is_named_dataframe():
    frame = pd.DataFrame(
        {
            "客户编码": ["KH01", None, "KH02"],
            "单据号": ["XS-1", None, "XS-2"],
            "单据日期": ["2026-10-01", None, "2026-10-02"],
            "到期日": ["2026-10-31", None, "2026-11-01"],
            "金额": [100.0, float("nan"), "一百"],
        }
    )
    result, problems = read_ledger(frame)
    assert result["customer_id"].tolist() == ["KH01", "KH02"]
    assert [str(p) for p in problems] == [
        'DataFrame E4 金额: "一百" is not an amount（不是有效金额）'
    ]
    assert [str(n) for n in notes_of(result)] == [
        "读取 read: DataFrame（单据明细 invoice form）",
        "跳过非数据行 skipped rows in DataFrame: 空行 1 行",
    ]


def test_the_sheet_found_by_a_first_look_is_parsed_once_and_read_whole(tmp_path, monkeypatch):
    # a cover, a payment plan and 60 invoices below a title: the first look (40 rows) finds
    # the ledger; its full read reuses that parse and still reads every one of the 60 rows
    rows = [["2026年应收账款明细"], HEADER]
    rows += [["KH01", "苏州恒通", f"XS-{i}", D(2026, 10, 8), D(2026, 11, 7), i] for i in range(60)]
    plan = [
        ["客户编码", "业务日期", "到期日", "金额"],
        ["KH01", D(2026, 12, 1), D(2026, 12, 31), 5],
    ]
    sheets = {"封面": [["2026年应收账款"]], "收款计划": plan, "明细": rows}
    path = save(tmp_path / "ar.xlsx", sheets)
    parsed: list[str] = []
    opened = sources.Book._calamine

    class Counting:
        def __init__(self, book):
            self.book = book
            self.sheet_names = book.sheet_names

        def get_sheet_by_name(self, name):
            parsed.append(name)
            return self.book.get_sheet_by_name(name)

    monkeypatch.setattr(sources.Book, "_calamine", lambda self: Counting(opened(self)))
    frame, problems = read_ledger(path)
    assert problems == []
    assert frame["amount"].tolist() == [i * 100 for i in range(60)]
    assert parsed == ["封面", "收款计划", "明细"]  # each sheet once


def test_an_invoice_list_is_read_without_loading_the_statement_reader(tmp_path):
    # the form is told by the invoice header first; the running-statement reader (and its
    # title and FIFO modules) is loaded only for a sheet that is no invoice list
    path = save(tmp_path / "台账.xlsx", {"台账": [HEADER, OCTOBER]})
    code = (
        "import sys; from creditbook.inputs.readers import read_ledger; "
        f"frame, problems = read_ledger({str(path)!r}); assert not problems, problems; "
        "print(frame.attrs['form'], 'creditbook.inputs.statements' in sys.modules)"
    )
    source = str(Path(sources.__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": source}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["invoice", "False"]
