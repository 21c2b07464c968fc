"""Header rows and non-data rows as hand-kept sheets have them: an empty column between
headers, a column the user keeps unchecked with --columns "X=-", two half headers, a
"华东公司 小计" row, a sheet with its header and no invoices yet, CSV rows shorter than
their header."""

from __future__ import annotations

import pytest
from erp_exports import D, save

from creditbook.inputs.notes import notes_of
from creditbook.inputs.readers import read_ledger
from creditbook.inputs.sources import Book

ROW = ["KH01", "苏州恒通", "XS-1", D(2026, 10, 1), D(2026, 10, 31), 1000]
CANONICAL_HEADERS = ["单据号", "单据日期", "到期日", "金额"]
CANONICAL = [
    *["customer_id", "customer_name", "invoice_no", "invoice_date", "due_date", "amount"],
    *["paid_amount", "paid_date", "currency"],
]


def test_an_empty_column_between_headers_is_skipped_and_not_kept(tmp_path):
    path = save(
        tmp_path / "台账.xlsx",
        {
            "台账": [
                ["客户编码", "客户名称", None, "单据号", "单据日期", "到期日", "金额", "备注"],
                [*ROW[:2], None, *ROW[2:], "分批"],
            ]
        },
    )
    frame, problems = read_ledger(path)
    assert problems == []
    assert list(frame.columns) == [*CANONICAL, "备注"]
    assert frame["invoice_no"].tolist() == ["XS-1"]


def test_without_the_fast_reader_an_empty_header_cell_is_no_column_either(tmp_path, monkeypatch):
    def refuse(self):
        raise RuntimeError("calamine cannot read this workbook")

    monkeypatch.setattr(Book, "_calamine", refuse)
    path = save(
        tmp_path / "台账.xlsx",
        {
            "台账": [
                ["客户编码", None, "单据号", "单据日期", "到期日", "金额"],
                [ROW[0], None, *ROW[2:]],
            ]
        },
    )
    frame, problems = read_ledger(path)
    assert problems == []
    assert list(frame.columns) == CANONICAL


def test_a_receipts_column_kept_unchecked_on_request(tmp_path):
    header = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "本次核销额"]
    path = save(tmp_path / "台账.xlsx", {"台账": [header, [*ROW, 400]]})
    frame, problems = read_ledger(path, columns={"本次核销额": "-"})
    assert problems == []
    assert frame["本次核销额"].tolist() == [400]
    assert frame["paid_amount"].tolist() == [0]  # unchecked: not taken as received


def test_of_two_half_headers_the_first_is_named(tmp_path):
    path = save(
        tmp_path / "台账.xlsx",
        {
            "台账": [
                ["客户编码", "金额"],  # a summary block above the list
                ["KH01", 1000],
                [],
                ["单据号", "单据日期"],
                ["XS-1", D(2026, 10, 1)],
            ]
        },
    )
    _, problems = read_ledger(path)
    assert {str(p).split(": ")[0] for p in problems} == {"台账.xlsx 台账!1:1"}
    assert [p.message.split("（")[0] for p in problems] == [
        "missing column 单据号 (invoice_no)",
        "missing column 单据日期 (invoice_date)",
        "missing column 到期日 (due_date)",
    ]


def test_a_subtotal_named_after_its_customer_is_skipped(tmp_path):
    header = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额"]
    path = save(
        tmp_path / "台账.xlsx",
        {"台账": [header, ROW, [None, "苏州恒通 小计", None, None, None, 1000]]},
    )
    frame, problems = read_ledger(path)
    assert problems == []
    assert frame["amount"].tolist() == [100000]
    assert [str(n) for n in notes_of(frame)][
        1
    ] == "跳过非数据行 skipped rows in 台账.xlsx 台账: 合计/小计行 1 行"


def test_a_sheet_with_its_header_and_no_invoices_yet(tmp_path):
    header = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额"]
    frame, problems = read_ledger(save(tmp_path / "台账.xlsx", {"台账": [["2026年台账"], header]}))
    assert problems == []
    assert (len(frame), str(frame["amount"].dtype)) == (0, "int64")


@pytest.mark.parametrize("ending", ["\r\n", "\n"])
def test_csv_rows_shorter_than_their_header(tmp_path, ending):
    lines = [
        "客户编码,单据号,单据日期,到期日,金额,已收金额,备注",
        "KH01,XS-1,2026-10-01,2026-10-31,100",
    ]
    path = tmp_path / "台账.csv"
    path.write_text(ending.join(lines) + ending, encoding="utf-8")
    frame, problems = read_ledger(path)
    assert problems == []
    assert frame[["amount", "paid_amount"]].values.tolist() == [[10000, 0]]
    assert frame["备注"].tolist() == [None]
