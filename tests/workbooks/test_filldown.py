"""The fill-down fast path gives the engines' values, cell for cell, and leaves them the rest."""

from __future__ import annotations

import io
import math
import zipfile

import openpyxl
import pytest
from openpyxl.utils.cell import coordinate_to_tuple
from test_recalc import fake_udfs  # noqa: F401  (the CB_TEST_ functions' fixture)

from creditbook.workbooks import _formula, filldown, recalc
from creditbook.workbooks.build import new_workbook_file
from creditbook.workbooks.recalc import ExcelError


def same(a, b) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return (type(a) is type(b) and a == b) or (a, b) in ((0, 0.0), (0.0, 0))


def assert_all_agree(path, engines=("formulas",), unlike=()) -> recalc.RecalcResult:
    """The fast path (auto) gives the engines' value in every formula cell but ``unlike``."""
    fast = recalc.calculate(path)
    for engine in engines:
        other = recalc.calculate(path, engine=engine)
        assert fast.values.keys() == other.values.keys()
        for sheet, cells in other.values.items():
            assert fast.values[sheet].keys() == cells.keys()
            differ = {c for c, v in cells.items() if not same(fast.values[sheet][c], v)}
            assert differ == set(unlike), f"{engine} on {sheet}: {sorted(differ)}"
    return fast


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "engine"),
    [
        ("register", "fill-down"),
        ("survey", "fill-down+formulas"),
        ("contacts", "fill-down+formulas"),
    ],
)
def test_the_fast_path_and_the_engine_agree_on_the_sample_workbooks(name, engine, tmp_path):
    path = new_workbook_file(name, tmp_path / f"{name}.xlsx", sample=True)
    assert assert_all_agree(path).engine == engine


@pytest.mark.parametrize("name", ["evaluation", "aging"])
def test_workbooks_with_array_formulas_keep_the_formulas_engine(name, tmp_path):
    path = new_workbook_file(name, tmp_path / f"{name}.xlsx", sample=True)
    assert recalc.calculate(path).engine == "formulas"


@pytest.fixture
def ledger(tmp_path):
    """A hand-kept sheet: a title row, a header, 8 customers (one blank row, text in number
    columns, an error cell, hostile text), a 合计 row; formulas filled down D–N."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账 2026"
    ws.append(["应收账款台账（单位：万元）"])
    ws.append(["客户", "余额", "已收", "未收", "标记", "说明"])
    rows = [
        ("苏州恒通电子有限公司", 12.5, 2),
        ("A&B <有限> {{x}} 公司", 3, None),
        (None, None, None),
        ("=cmd|' /C calc'!A0 ", 7, "1,200"),  # text in a number column (金蝶 export)
        ("  无锡 吉祥  贸易 ", 0, 0),
        ("南京长兴建材有限公司", "#N/A", 1),
        ("[/bold]", -4.25, 0.25),
        ("杭州明远机电设备有限公司", 1e6, 999999.5),
    ]
    for n, (name, balance, paid) in enumerate(rows, start=3):
        ws.append([name, balance, paid])
        if balance == "#N/A":
            ws.cell(n, 2).data_type = "e"
        if name and name.startswith("="):
            ws.cell(n, 1).data_type = "s"
        ws.cell(n, 4).value = f'=IF(A{n}="","",B{n}-N(C{n}))'
        ws.cell(n, 5).value = f'=IF(OR(A{n}="",N(B{n})=0),"",IF(D{n}>5,"大额","小额"))'
        ws.cell(n, 6).value = f'=TRIM(A{n})&"｜"&LEN(A{n})&"|"&(A{n}="苏州恒通电子有限公司")'
        ws.cell(n, 7).value = f'=IF(A{n}<>"",D{n}/N(C{n}))'
        ws.cell(n, 8).value = f"=B{n}+C{n}"  # text "1,200" is 1,200 in arithmetic, as in Excel
        ws.cell(n, 9).value = f"=IFERROR(B{n}*2,-1)"
        ws.cell(n, 10).value = f"=H{n}+J{n - 1}" if n > 3 else f"=H{n}"  # running total
        ws.cell(n, 11).value = f'=IF(E{n}="大额",SUM($B$3:$B$10)/COUNT($B$3:$B$10),"")'
        ws.cell(n, 12).value = f"=-B{n}^2+10%"
        ws.cell(n, 13).value = f"=CB_DAYS_OVERDUE(46270-N(B{n}),46356,)"  # omitted paid_date
        ws.cell(n, 14).value = f"=DATE(2026,9,1)+N(B{n})"  # DATE: left to the engine
    ws.append(["合计", "=SUM(B3:B10)", "=SUM(C3:C10)"])
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    return path


def test_a_hand_made_sheet_agrees_with_the_engines(ledger):
    # `formulas` trims only the ends; Excel (and the fast path) also close up inner spaces
    fast = assert_all_agree(ledger, engines=("formulas",), unlike=["F7"])
    assert fast.engine == "fill-down+formulas"
    values = fast.values["台账 2026"]
    assert [values[f"D{n}"] for n in range(3, 11)] == [
        10.5,
        3,
        "",
        7,  # N("1,200") is 0: text is not a number
        0,
        ExcelError("#N/A"),
        -4.5,
        0.5,
    ]
    assert values["E3"] == "大额" and values["E5"] == "" and values["E7"] == ""
    assert values["F7"] == "无锡 吉祥 贸易｜12|FALSE"
    assert values["F3"] == "苏州恒通电子有限公司｜10|TRUE"
    assert values["G4"] == ExcelError("#DIV/0!") and values["G5"] is False
    assert values["I8"] == -1
    assert values["H6"] == 1207  # 7 + "1,200": a text number with a separator, as Excel adds it
    assert values["J6"] == 1207 + values["J5"]
    # due 2026-09-05 (46270) − 余额 (a serial with a fraction is that day), as of 11-30
    assert [values[f"M{n}"] for n in (3, 4, 9)] == [99, 89, 82]


def test_only_the_columns_the_fast_path_knows_are_computed_there(ledger):
    data = ledger.read_bytes()
    parts = recalc._xlsx.sheet_parts(data)
    package = zipfile.ZipFile(io.BytesIO(data))
    formulas = {sheet: recalc._formulas(package.read(part)) for sheet, part in parts.items()}
    columns = list(filldown.fill_down_columns(formulas))
    assert [(c.cells[0], c.cells[-1]) for c in columns] == [
        *((f"{letter}3", f"{letter}10") for letter in "DEFGHI"),
        ("J4", "J10"),  # J3 starts the running total with another formula
        *((f"{letter}3", f"{letter}10") for letter in "KLMN"),
    ]
    book = filldown.read_book(data, parts, formulas)
    found = filldown.run_columns(book, columns)["台账 2026"]
    done = sorted({ref.rstrip("0123456789") for ref in found})
    # J reads J3, a single formula; N: DATE is not known here. The 合计 row: single.
    assert done == ["D", "E", "F", "G", "H", "I", "K", "L", "M"]
    assert "B11" not in found


def test_fill_down_detection_sees_row_offsets_not_text(tmp_path):
    formulas = {
        "S": {
            "A2": ("B2*$C$1", None),
            "A3": ("B3*$C$1", None),
            "A4": ("B4*$C$2", None),  # another absolute cell: a new run
            "A5": ("B5*$C$2", None),
            "B2": ('"A1"&C1', None),  # a reference inside a text literal stays text
            "B3": ('"A1"&C2', None),
            "C7": ("D6+1", None),
            "C9": ("D8+1", None),  # not adjacent: no run
        }
    }
    runs = [(c.cells, c.formula) for c in filldown.fill_down_columns(formulas)]
    assert runs == [
        (("A2", "A3"), "B2*$C$1"),
        (("A4", "A5"), "B4*$C$2"),
        (("B2", "B3"), '"A1"&C1'),
    ]


def test_values_are_written_into_the_package(tmp_path):
    path = new_workbook_file("register", tmp_path / "register.xlsx", sample=True)
    result = recalc.recalc_workbook(path, tmp_path / "out.xlsx")
    assert result.engine == "fill-down"
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)["信用档案"]
    formulas = openpyxl.load_workbook(tmp_path / "out.xlsx")["信用档案"]
    header = [c.value for c in ws[4]]
    stage = header.index("催收阶段") + 1
    assert formulas.cell(5, stage).value.startswith("=IF(")
    letter = openpyxl.utils.get_column_letter(stage)
    written = {f"{letter}{r}": ws.cell(r, stage).value for r in range(5, ws.max_row + 1)}
    computed = result.values["信用档案"]
    assert written == {ref: computed[ref] or None for ref in written}  # openpyxl reads "" as None
    assert {"付款提醒", "催款", "最后催告", "法律程序"} <= set(written.values())


@pytest.mark.usefixtures("fake_udfs")
def test_cb_functions_get_their_arguments_as_from_the_engines(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for n, (a, b) in enumerate([(1, "x"), (2, 3.5), (None, "是")], start=1):
        ws.cell(n, 1).value, ws.cell(n, 2).value = a, b
        ws.cell(n, 3).value = f"=CB_TEST_SHAPE(A{n})"
        ws.cell(n, 4).value = f"=CB_TEST_SHAPE($A$1:$B$2,B{n})"
        ws.cell(n, 5).value = f"=CB_TEST_SHAPE(A{n}:B{n},$A$1:$A$3)"
        ws.cell(n, 6).value = f"=CB_TEST_NA(A{n})"
        ws.cell(n, 7).value = f"=CB_TEST_RAISES()&A{n}"
        ws.cell(n, 8).value = f"=CB_TEST_SHAPE(,A{n})"
    path = tmp_path / "shapes.xlsx"
    wb.save(path)
    fast = assert_all_agree(path, engines=("formulas",))
    assert fast.engine == "fill-down"
    values = fast.values["S"]
    assert [values[f"C{n}"] for n in (1, 2, 3)] == ["int|blank", "int|blank", "blank|blank"]
    assert values["D1"] == "rows2x2|str"
    assert values["E2"] == "list2|list3"
    assert [values["F1"], values["F3"]] == [1, ExcelError("#N/A")]
    assert values["G1"] == ExcelError("#VALUE!")
    assert values["H2"] == "blank|int"


BOOK = {
    "S": {(1, 1): -8, (1, 2): "x", (2, 1): 0, (2, 2): "是", (1, 3): " 211,488.11 ", (2, 3): "12%"}
}


@pytest.mark.parametrize(
    ("formula", "value"),
    [
        ("A1^0.5", ExcelError("#NUM!")),  # Excel: no complex roots
        ("A2^-1", ExcelError("#DIV/0!")),
        ("-A1%", 0.08),
        ('B1&"y"&A1', "xy-8"),
        ("A1>B1", False),  # text sorts after numbers
        ('B2="是"', True),
        ('C9=""', True),  # a blank cell equals ""
        ("C9=0", True),  # … and 0
        ("IF(C9,1)", False),  # no else: FALSE
        ("TRUE=1", False),
        ('"a"<"B"', True),  # text compares without case
        ('"Z">"a"', True),
        ('"B"="b"', True),
        ('B1="X"', True),
        ('TRUE>"z"', True),  # TRUE sorts after text, text after numbers
        ('A1<"-9"', True),
        ("A1<=A2", True),
        ("A2>=0.0", True),
        ("A1<>-8", False),
        ("C9<>FALSE", False),  # a blank cell is FALSE beside a logical value
        ("MAX(A1:A2)", 0),
        ("SUM(A1:B2)", -8),  # text in a range is skipped
        ('TRIM("  a  b ")', "a b"),
        # text in arithmetic as Excel reads it: separators and percent, or #VALUE!
        ("C1*2", 422976.22),
        ("C1-N(C1)", 211488.11),  # N() of text is 0
        ("C2*100", 12.0),
        ('"2026-11-30"+0', 46356.0),
        ("B1+1", ExcelError("#VALUE!")),
        ('"1,000元"+0', ExcelError("#VALUE!")),  # a unit is not Excel arithmetic
    ],
)
def test_excel_rules_of_the_compiled_formulas(formula, value):
    assert _formula.Compiler(BOOK, "S", 1, {}).compile(formula)(1) == value


def test_values_that_do_not_compare_send_the_column_to_an_engine():
    from decimal import Decimal

    from creditbook.workbooks import _excel

    assert _excel.compare("<", Decimal("1.5"), 2) is True  # numbers of other kinds compare
    with pytest.raises(TypeError):  # run_columns hands such a column to the engine
        _excel.compare("=", {"回款": 1}, 1)


@pytest.mark.parametrize("formula", ["NOW()", "{1,2}", "SUM(A1,,2)", "B1&0.5", "IF(B1,1,2)"])
def test_what_the_compiler_does_not_know_goes_to_an_engine(formula):
    with pytest.raises(_formula.Fallback):
        _formula.Compiler(BOOK, "S", 1, {}).compile(formula)(1)


def test_the_values_read_from_a_sheet_tree_as_from_its_part():
    from creditbook.workbooks import _xlsx

    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" s="2" t="inlineStr"/><c r="B1" s="3"/>'
        '<c r="C1"><f>1+1</f><v>2</v></c><c r="D1" t="inlineStr"><is><t>甲 </t></is></c>'
        '<c r="E1" t="b"><v>1</v></c><c r="F1"><v>2.5</v></c><c r="G1" t="n"><v/></c></row>'
        '<row r="2"><c r="AB2" t="e"><v>#N/A</v></c><c r="AC2"><v>7</v></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("xl/worksheets/sheet1.xml", xml)
    data, parts = out.getvalue(), {"台账": "xl/worksheets/sheet1.xml"}
    formulas = {"台账": {"AC2": ("1+6", None)}}  # C1 is not named, yet has a formula
    book = filldown.read_book(data, parts, formulas, {"台账": _xlsx.parse(xml)})
    assert book == filldown.read_book(data, parts, formulas)
    assert book == {
        "台账": {
            (1, 1): "",  # an empty inline string is text, a styled blank cell is nothing
            (1, 3): _formula.PENDING,
            (1, 4): "甲 ",
            (1, 5): True,
            (1, 6): 2.5,
            (2, 28): ExcelError("#N/A"),
            (2, 29): _formula.PENDING,
        }
    }


def test_a_formula_moved_down_a_row_joins_the_run_above_it_only_when_its_form_is_the_same():
    cells = {
        # 9 → 10 → 11: the row numbers change length; braces and quotes in and out of text
        **{
            f"A{r}": (f'IF(B{r}="{{x}}","A9",B{r}&"}}")+SUM({{1,2}})*C{r + 1}', None)
            for r in range(8, 12)
        },
        "B1": ("C1+1", None),
        "B2": ("C02+1", None),  # a leading zero: another text, the same relative form
        "B3": ("C3+1", None),
        "B4": ("C5+1", None),  # another offset: a new run
        "B5": ("C6+1", None),
        "C1": ('D1&"x', None),  # an unclosed quote
        "C2": ('D2&"x', None),
        "D1": ("E$1+E1", None),
        "D2": ("E$1+E2", None),
        "D3": ("E$2+E3", None),  # another fixed row
        "E1": ('"A1"&A1', None),
        "E2": ('"A1"&A2', None),
        "E3": ('"A3"&A3', None),  # only the text differs: a new run
    }
    runs = [(c.cells, c.formula) for c in filldown.fill_down_columns({"S": cells})]
    assert runs == [
        (("A8", "A9", "A10", "A11"), cells["A8"][0]),
        (("B1", "B2", "B3"), "C1+1"),
        (("B4", "B5"), "C5+1"),
        (("C1", "C2"), 'D1&"x'),
        (("D1", "D2"), "E$1+E1"),
        (("E1", "E2"), '"A1"&A1'),
    ]
    # each formula's relative form as _relative gives it, the template or not
    keyed = sorted((*coordinate_to_tuple(ref)[::-1], ref, text) for ref, (text, _) in cells.items())
    assert filldown._with_relative(keyed) == [
        (c, r, filldown._relative(text, r), ref, text) for c, r, ref, text in keyed
    ]
