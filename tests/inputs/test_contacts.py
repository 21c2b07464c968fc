"""Reading the contact log 客户联系与催收记录 (--contacts): the standard workbook or any sheet
with its headers; every problem names file, sheet, cell and header."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl import load_workbook

from creditbook.core.promises import CONTACT_LABELS, follow_ups
from creditbook.inputs.contacts import read_contacts
from creditbook.inputs.notes import notes_of
from creditbook.inputs.problems import ReadError
from creditbook.sample import CONTACT_COLUMNS, DEMO_DATE, contacts_frame, ledger_frame, sample_data
from creditbook.workbooks.build import new_workbook_file


def test_the_standard_sample_workbook_reads_to_the_same_promises_as_the_sample_log(tmp_path):
    path = new_workbook_file("contacts", tmp_path / "客户联系与催收记录.xlsx", sample=True)
    frame, problems = read_contacts(path)
    assert problems == []
    data = sample_data()
    assert len(frame) == len(data.contacts)
    assert str(notes_of(frame)[0]) == (
        f"读取联系记录 read contacts: {path.name} 工作表 sheet 联系记录（{len(data.contacts)} 行）"
    )
    ledger = ledger_frame(data.invoices)
    from_file = follow_ups(frame, ledger, DEMO_DATE)
    from_records = follow_ups(contacts_frame(data.contacts), ledger, DEMO_DATE)
    assert from_file.keys() == from_records.keys()
    for cid, follow_up in from_file.items():
        assert [(p.status, p.promise.amount) for p in follow_up.promises] == [
            (p.status, p.promise.amount) for p in from_records[cid].promises
        ]
    assert from_file["KH0019"].open[0].text == "承诺 2026-12-03 付 138,002.03"


def _write(tmp_path, rows, header=None):
    header = header or [
        "日期",
        "客户编码",
        "经办人",
        "事由",
        "结果",
        "承诺付款日期",
        "承诺付款金额",
        "单据号",
        "争议原因",
    ]
    path = tmp_path / "催收记录.csv"
    pd.DataFrame(rows, columns=header).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def test_a_csv_with_its_own_header_words_reads(tmp_path):
    path = _write(
        tmp_path,
        [["2026/11/25", "C1", "周敏", "催收", "已承诺付款", "2026-12-10", "50,000.00", "", ""]],
        [
            "沟通日期",
            "客户编号",
            "催收人",
            "事项",
            "催收结果",
            "承诺日期",
            "承诺金额",
            "发票号",
            "异议原因",
        ],
    )
    frame, problems = read_contacts(path)
    assert problems == []
    row = frame.iloc[0]
    assert (row["date"], row["customer_id"], row["staff"], row["promised_amount"]) == (
        pd.Timestamp("2026-11-25"),
        "C1",
        "周敏",
        5_000_000,
    )
    assert row["row"] == 2


def test_problems_name_file_row_column_and_header(tmp_path):
    path = _write(
        tmp_path,
        [
            ["", "C1", "周敏", "催收", "已完成", "", "", "", ""],
            ["2026-11-25", "C1", "周敏", "催收", "已承诺付款", "2026-12-10", "", "", ""],
            ["2026-11-26", "C1", "周敏", "催收", "已承诺付款", "", "800", "", ""],
            ["2026-11-27", "C1", "周敏", "争议", "质量异议", "", "", "", "划伤"],
            ["2026-11-28", "C1", "周敏", "催收", "已承诺付款", "下周五", "一万", "", ""],
        ],
    )
    _, problems = read_contacts(path)
    assert [str(p) for p in problems] == [
        "催收记录.csv A2 日期: is blank（缺少必填值）",
        "催收记录.csv G3 承诺付款金额: is blank: a promise needs an amount（承诺付款须填写金额）",
        "催收记录.csv G4 承诺付款金额: has no 承诺付款日期（承诺付款金额须有承诺付款日期）",
        "催收记录.csv H5 单据号: 争议记录须填写单据号 a dispute must name its invoice",
        '催收记录.csv F6 承诺付款日期: "下周五" is not a date（不是有效日期）',
        '催收记录.csv G6 承诺付款金额: "一万" is not an amount（不是有效金额）',
    ]


def test_a_sheet_without_a_date_column_is_refused_with_the_accepted_headers(tmp_path):
    path = _write(tmp_path, [["C1", "周敏"]], ["客户编码", "经办人"])
    with pytest.raises(ReadError) as caught:
        from creditbook.inputs.contacts import contacts_or_raise

        contacts_or_raise(path)
    (problem,) = caught.value.problems
    assert "missing column 日期 (date)（缺少列）" in str(problem)
    assert str(problem).startswith("催收记录.csv 1:1: ")


def test_the_standard_workbook_has_invoice_and_reason_columns_for_disputes(tmp_path):
    path = new_workbook_file("contacts", tmp_path / "记录.xlsx")
    sheet = load_workbook(path)["联系记录"]
    header = [c.value for c in sheet[4]]
    assert header[-3:] == ["单据号", "争议原因", "承诺状态"]
    sheet["A5"] = dt.date(2026, 11, 10)
    sheet["B5"] = "C1"
    sheet["E5"] = "争议"
    sheet["K5"] = "数量差异"
    sheet["N5"] = "XS-001"
    sheet["O5"] = "少发 20 件"
    sheet.parent.save(path)
    frame, problems = read_contacts(path)
    assert problems == []
    assert len(frame) == 1
    first = frame.iloc[0]
    assert (first["invoice_no"], first["dispute_reason"], first["row"]) == (
        "XS-001",
        "少发 20 件",
        5,
    )
    assert pd.isna(first["promised_amount"])


def test_the_workbook_and_the_sample_head_their_columns_from_the_readers_one_list(tmp_path):
    path = new_workbook_file("contacts", tmp_path / "记录.xlsx")
    header = [c.value for c in load_workbook(path)["联系记录"][4]]
    # every column of the standard workbook is one the reader knows by that very header
    assert sorted(header) == sorted(CONTACT_LABELS.values())
    assert list(CONTACT_COLUMNS.values()) == [
        "日期", "客户编码", "客户名称", "联系方式", "事由", "客户联系人", "经办人", "沟通内容",
        "承诺付款日期", "承诺付款金额", "结果", "单据号", "争议原因",
    ]  # fmt: skip
    assert all(CONTACT_LABELS[name] == label for name, label in CONTACT_COLUMNS.items())
    frame, problems = read_contacts(path)
    assert (list(frame.columns), problems) == (["row", *CONTACT_LABELS], [])
