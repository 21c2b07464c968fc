"""Cells as Excel shows them: merged customer names on every row, hidden columns marked, formulas
saved without a value computed when simple and refused by cell otherwise."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from creditbook.inputs import sheetxml
from creditbook.inputs.formulas import NotEvaluated, evaluate
from creditbook.inputs.readers import read_ledger
from creditbook.inputs.sheetxml import shifted

D = dt.date
HEADER = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"]


def _book(path, rows, merges=(), hidden=()):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    for letter in hidden:
        sheet.column_dimensions[letter].hidden = True
    book.save(path)
    return path


def test_a_customer_name_merged_over_its_invoices_is_on_every_row(tmp_path):
    rows = [
        HEADER,
        ["C1", "无锡恒通机电有限公司", "N1", D(2026, 9, 1), D(2026, 10, 1), 1000, 0],
        [None, None, "N2", D(2026, 9, 2), D(2026, 10, 2), 2000, 0],
        [None, None, "N3", D(2026, 9, 3), D(2026, 10, 3), 3000, 0],
        ["C2", "常州新锐贸易有限公司", "N4", D(2026, 9, 4), D(2026, 10, 4), 4000, 0],
    ]
    path = _book(tmp_path / "手工台账.xlsx", rows, merges=("A2:A4", "B2:B4"))
    frame, problems = read_ledger(path)
    assert problems == []
    assert frame["customer_id"].tolist() == ["C1", "C1", "C1", "C2"]
    assert frame["customer_name"].tolist() == ["无锡恒通机电有限公司"] * 3 + [
        "常州新锐贸易有限公司"
    ]
    assert frame.attrs["report"].cell_notes == (
        "合并单元格 merged cells: A2:A4、B2:B4 的值填入所跨各行 carried to every row they span",
    )


def test_a_title_merged_across_columns_changes_no_row(tmp_path):
    rows = [["应收账款台账"], HEADER, ["C1", "甲", "N1", D(2026, 9, 1), D(2026, 10, 1), 1000, 0]]
    frame, problems = read_ledger(_book(tmp_path / "t.xlsx", rows, merges=("A1:G1",)))
    assert problems == []
    assert frame["amount"].tolist() == [100000]
    assert frame.attrs["report"].cell_notes == ()


def test_hidden_columns_are_marked_in_the_reading_report(tmp_path):
    rows = [
        [*HEADER[:5], "金额", "税额", "价税合计"],
        ["C1", "甲", "N1", D(2026, 9, 1), D(2026, 10, 1), 1000, 130, 1130],
    ]
    frame, problems = read_ledger(_book(tmp_path / "t.xlsx", rows, hidden=("F", "G")))
    assert problems == []
    report = frame.attrs["report"]
    assert report.field_lines() == [
        "列 columns: 客户编码 ← A 客户编码；客户名称 ← B 客户名称；单据号 ← C 单据号；单据日期 ← "
        "D 单据日期；到期日 ← E 到期日；金额 ← H 价税合计"
    ]
    assert report.unused_lines() == [
        "未用 not used: F 金额（隐藏 hidden） — 不含税金额 pre-tax amount（价税合计 是含税金额 is "
        "the tax-inclusive amount）; G 税额（隐藏 hidden） — 税额 tax"
    ]
    assert report.total_lines() == [
        "合计 totals: F 金额 1,000.00（未用 not used）；G 税额 130.00（未用 not used）；"
        "H 价税合计 1,130.00"
    ]


def test_uncached_received_amount_is_computed_not_read_as_nothing_paid(tmp_path):
    rows = [
        HEADER,
        ["C1", "甲", "N1", D(2026, 9, 1), "=D2+30", 1000, "=600+400"],
        ["C1", "甲", "N2", D(2026, 9, 1), "=D3+30", "=ROUND(1234.567*1,2)", "=SUM(F2:F2)/4"],
    ]
    frame, problems = read_ledger(_book(tmp_path / "t.xlsx", rows))
    assert problems == []
    assert frame["paid_amount"].tolist() == [100000, 25000]
    assert frame["amount"].tolist() == [100000, 123457]
    assert frame["due_date"].dt.date.tolist() == [D(2026, 10, 1), D(2026, 10, 1)]


def test_a_formula_that_cannot_be_computed_is_refused_naming_its_cell(tmp_path):
    rows = [
        HEADER,
        ["C1", "甲", "N1", D(2026, 9, 1), D(2026, 10, 1), 1000, "=VLOOKUP(C2,收款!A:B,2,0)"],
    ]
    _, problems = read_ledger(_book(tmp_path / "t.xlsx", rows))
    assert [str(p) for p in problems] == [
        't.xlsx 台账!G2 已收金额: "=VLOOKUP(C2,收款!A:B,2,0)" 公式没有保存计算结果 formula saved '
        "without a value（文件由程序写出、未在 Excel 中打开过 written by a program, never opened "
        "in Excel）; 请在 Excel 中打开并保存后再读取 open it in Excel, save it and read it again"
    ]


def test_a_formula_referring_to_one_that_cannot_be_computed_is_refused_too(tmp_path):
    rows = [HEADER, ["C1", "甲", "N1", D(2026, 9, 1), D(2026, 10, 1), "=H2*2", "=F2-1", "=TODAY()"]]
    _, problems = read_ledger(_book(tmp_path / "t.xlsx", rows))
    assert [(p.column, p.row) for p in problems] == [("F", 2), ("G", 2)]  # H is no column read


@pytest.mark.parametrize(
    ("formula", "value"),
    [
        ("600+400", Decimal(1000)),
        ("-A1*(2+3)", Decimal(-50)),
        ("A1/4", Decimal("2.5")),
        ("$A$1*10%", Decimal(1)),
        ("SUM(A1:A2,5)", Decimal(15)),  # SUM over a range skips text, as in Excel
        ("ROUND(2.345,2)", Decimal("2.35")),
        ("ROUND(-2.345,2)", Decimal("-2.35")),
        ("B1+30", D(2026, 10, 1)),
        ("B1-B2", Decimal(1)),
        ('IF(A1="","",A1-N(C1))', Decimal(10)),
        ('IF(C1="","",A1-N(C1))', ""),
        ('IF(OR(B1="",N(A1)<=0),"",B1+A1)', D(2026, 9, 11)),
        ('IF(AND(A1>5,NOT(A1>50)),"中","外")', "中"),
        ('"甲"="甲"', True),
        ("A2*2", Decimal(40)),
    ],
)
def test_the_evaluator_computes_what_accountants_type(formula, value):
    cells = {(0, 0): 10.0, (1, 0): "20", (0, 1): dt.datetime(2026, 9, 1), (1, 1): D(2026, 8, 31)}
    assert evaluate(formula, lambda r, c: cells.get((r, c))) == value


@pytest.mark.parametrize(
    "formula",
    ["1/0", "A1&B1", "Sheet2!A1", "INDIRECT(A1)", "B1*2", "1+", 'IF("x",1,2)', "A1<B1"],
)
def test_the_evaluator_refuses_the_rest(formula):
    cells = {(0, 0): 10, (0, 1): D(2026, 9, 1)}
    with pytest.raises(NotEvaluated):
        evaluate(formula, lambda r, c: cells.get((r, c)))


def test_a_shared_formula_moves_its_relative_references():
    assert shifted("F2*$H$1+G2", 3, 0) == "F5*$H$1+G5"
    assert shifted("SUM(A2:B2)", 1, 2) == "SUM(C3:D3)"


def test_the_standard_workbooks_open_balance_formula_is_computed(tmp_path):
    rows = [
        [*HEADER, "未收金额"],
        ["C1", "甲", "N1", D(2026, 9, 1), D(2026, 10, 1), 1000, 400, '=IF(F2="","",F2-N(G2))'],
        ["C1", "甲", "N2", D(2026, 9, 1), D(2026, 10, 1), 2000, None, '=IF(F3="","",F3-N(G3))'],
    ]
    frame, problems = read_ledger(_book(tmp_path / "t.xlsx", rows))
    assert problems == []
    assert frame["paid_amount"].tolist() == [40000, 0]
    assert frame.attrs["report"].total_lines() == [
        "合计 totals: F 金额 3,000.00；G 已收金额 400.00；H 未收金额 2,600.00"
    ]


def test_an_extra_column_whose_formula_cannot_be_computed_is_counted_not_refused(tmp_path):
    rows = [
        [*HEADER, "逾期天数"],
        ["C1", "甲", "N1", D(2026, 9, 1), D(2026, 10, 1), 1000, 0, "=CB_DAYS_OVERDUE(E2,$B$1)"],
        ["C1", "甲", "N2", D(2026, 9, 1), D(2026, 10, 1), 2000, 0, "=CB_DAYS_OVERDUE(E3,$B$1)"],
    ]
    frame, problems = read_ledger(_book(tmp_path / "t.xlsx", rows))
    assert problems == []
    assert frame["amount"].tolist() == [100000, 200000]
    assert frame.attrs["report"].cell_notes == (
        "附加列的公式没有保存结果，未读 extra columns whose formulas have no saved value, not "
        "read: H 逾期天数 2 个",
    )


def _hand_ledger(path):
    """A hand-kept ledger: a title merged across the top, the customer merged over its
    invoices, a hidden tax column and an open balance typed as a formula nobody calculated."""
    rows = [
        ["无锡恒通机电 应收账款台账"],
        [*HEADER, "税额", "未收金额"],
        ["C1", "无锡恒通机电有限公司", "N1", D(2026, 9, 1), D(2026, 10, 1), 1000, 0, 130, "=F3-G3"],
        [None, None, "N2", D(2026, 9, 2), D(2026, 10, 2), 2000, 500, 260, "=F4-G4"],
        ["C2", "常州新锐贸易有限公司", "N3", D(2026, 9, 3), D(2026, 10, 3), 3000, 0, 390, 3000],
    ]
    return _book(path, rows, merges=("A1:I1", "A3:A4", "B3:B4"), hidden=("H",))


@pytest.mark.parametrize("piece", [1, 2, 3, 5, 9, 10, 11, 12, 13, 64, 1000, 1 << 18])
@pytest.mark.parametrize("stored", [False, True])
def test_the_sheet_xml_read_piece_by_piece_finds_what_the_whole_part_holds(
    tmp_path, monkeypatch, piece, stored
):
    # every cut between pieces falls somewhere inside <sheetData, <f and </sheetData>; the
    # end kept as short as a piece, so that a short one sends read_layout to the whole part;
    # a deflated part is decompressed from the file's bytes, a stored one read through zipfile
    path = _hand_ledger(tmp_path / "手工台账.xlsx")
    if stored:
        path = _stored(path, tmp_path / "stored.xlsx")
    monkeypatch.setattr(sheetxml, "CHUNK", piece)
    monkeypatch.setattr(sheetxml, "TAIL", piece)
    layout = sheetxml.read_layout(str(path), "台账")
    assert layout.hidden_columns == frozenset({7})
    assert layout.merged == ((0, 0, 0, 8), (2, 1, 3, 1), (2, 0, 3, 0))  # as the file lists them
    assert layout.formulas == {(2, 8): "F3-G3", (3, 8): "F4-G4"}


def _stored(path, copy):
    """The same package with every part stored uncompressed (as some programs write it)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info))
    return copy


@pytest.mark.parametrize("piece", [1, 7, 12, 1 << 18])
def test_a_sheet_without_formulas_is_not_read_whole(tmp_path, monkeypatch, piece):
    rows = [HEADER, ["C1", "甲", "N1", D(2026, 9, 1), D(2026, 10, 1), 1000, 0]] * 3
    path = _book(tmp_path / "t.xlsx", rows, merges=("B2:B4",), hidden=("C", "D"))
    monkeypatch.setattr(sheetxml, "CHUNK", piece)
    read_whole: list[str] = []
    original = zipfile.ZipFile.read

    def spy(self, name, pwd=None):
        read_whole.append(name)
        return original(self, name, pwd)

    monkeypatch.setattr(zipfile.ZipFile, "read", spy)
    layout = sheetxml.read_layout(str(path), "台账")
    assert layout.hidden_columns == frozenset({2, 3})
    assert layout.merged == ((1, 1, 3, 1),)
    assert layout.formulas == {}
    # only the small parts that name the sheet's part, never the sheet itself
    assert read_whole == ["xl/workbook.xml", "xl/_rels/workbook.xml.rels"]


def test_a_sheet_part_larger_than_its_package_says_is_not_looked_at(tmp_path):
    # a damaged or hostile package: the sheet inflates to more than its stated size
    rows = [HEADER, ["C1", "甲", "N1", D(2026, 9, 1), D(2026, 10, 1), 1000, 0]] * 3
    path = _book(tmp_path / "t.xlsx", rows, merges=("B2:B4",), hidden=("C",))
    assert sheetxml.read_layout(str(path), "台账").merged == ((1, 1, 3, 1),)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as package:
        info = package.getinfo("xl/worksheets/sheet1.xml")
    at = data.rfind(b"PK\x01\x02", 0, len(data))  # the central directory entries …
    while data[at + 46 : at + 46 + len(info.filename)] != info.filename.encode():
        at = data.rfind(b"PK\x01\x02", 0, at)  # … back to the sheet's
    data[at + 24 : at + 28] = (100).to_bytes(4, "little")  # its stated size: 100 bytes
    path.write_bytes(bytes(data))
    assert sheetxml.read_layout(str(path), "台账") == sheetxml.Layout()


PART = (
    b'<worksheet><cols><col min="2" max="2" hidden="1"/></cols><sheetData><row r="1">'
    b'<c r="A1" t="inlineStr"><is><t>fee for &lt;f</t></is></c><c r="B1"><f>1+1</f></c></row>'
    b'</sheetData><mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells></worksheet>'
)


@pytest.mark.parametrize(
    "part",
    [PART, PART.replace(b"<f>1+1</f>", b"<v>2</v>"), b"<worksheet><sheetData/></worksheet>"],
)
def test_each_cut_of_a_sheet_part_gives_the_answers_of_the_whole(monkeypatch, part):
    start, end = part.find(b"<sheetData"), part.rfind(b"</sheetData>")
    expected_tail = part[end:] if end >= 0 else b""
    for kept in (8, 40, 1 << 16):
        monkeypatch.setattr(sheetxml, "TAIL", kept)
        for piece in range(1, len(part) + 2):
            monkeypatch.setattr(sheetxml, "CHUNK", piece)
            head, tail, formulas = sheetxml._scan(sheetxml._pieces(io.BytesIO(part)))
            assert head == part[:start], piece
            assert formulas is (b"<f" in part), piece
            if len(part) <= kept or 0 <= len(part) - kept <= end:  # within the end kept
                assert tail == expected_tail, (kept, piece)
            else:  # further back: found if the pieces kept reach it, else read_layout reads all
                assert tail in (None, expected_tail), (kept, piece)
