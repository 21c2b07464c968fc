"""Headless recalculation: values stored beside every kept formula, errors reported."""

from __future__ import annotations

import datetime as dt
import io
import statistics
import types
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.table import Table

from creditbook.files import OutputExists
from creditbook.workbooks import _engine, _sample, recalc
from creditbook.workbooks.build import new_workbook_file
from creditbook.workbooks.recalc import ExcelError, read_values, recalc_workbook


def CB_TEST_SHAPE(value=None, other=None):
    """Describe what arrived, the way a CB_ function sees its arguments."""

    def kind(v):
        if v is None:
            return "blank"
        if isinstance(v, list):
            return f"rows{len(v)}x{len(v[0])}" if isinstance(v[0], list) else f"list{len(v)}"
        return type(v).__name__

    return f"{kind(value)}|{kind(other)}"


def CB_TEST_SPILL(n):
    return [[f"行{i + 1}", Decimal(i) + Decimal("0.5")] for i in range(int(n))]


def CB_TEST_RAISES():
    raise RuntimeError("a CB_ function must not raise, but if it does")


def CB_TEST_NA(value):
    return "#N/A" if value is None else value


@pytest.fixture
def fake_udfs(monkeypatch):
    module = types.ModuleType("fake_udfs")
    for f in (CB_TEST_SHAPE, CB_TEST_SPILL, CB_TEST_RAISES, CB_TEST_NA):
        setattr(module, f.__name__, f)
    monkeypatch.setattr(_engine, "udf_module", lambda: module)
    return module


@pytest.fixture
def book(tmp_path):
    """A workbook with the structures recalculation must keep."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["客户", "金额"])
    ws.append(["甲", 100])
    ws.append(["乙", 250])
    ws["C1"] = "=SUM(B2:B3)"
    ws["C2"] = "=1/0"
    ws["C3"] = '=IF(B2>50,"大额","")'
    ws["D1"] = ArrayFormula("D1:E1", "=TRANSPOSE(B2:B3)")
    ws.add_table(Table(displayName="台账表", ref="A1:B3"))
    rule = DataValidation(type="whole", operator="greaterThan", formula1="0")
    rule.add("B2:B3")
    ws.add_data_validation(rule)
    red = PatternFill("solid", fgColor="FFC7CE")
    ws.conditional_formatting.add("B2:B3", CellIsRule(operator=">", formula=["200"], fill=red))
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=2, max_row=3))
    ws.add_chart(chart, "G2")
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    return path


def test_values_are_stored_and_every_formula_kept(book, tmp_path):
    out = tmp_path / "算好.xlsx"
    result = recalc_workbook(book, out)
    values = openpyxl.load_workbook(out, data_only=True)["台账"]
    formulas = openpyxl.load_workbook(out)["台账"]
    assert values["C1"].value == 350
    assert values["C3"].value == "大额"
    assert (values["D1"].value, values["E1"].value) == (100, 250)
    assert formulas["C1"].value == "=SUM(B2:B3)"
    assert formulas["D1"].value.text == "=TRANSPOSE(B2:B3)"
    assert result.value("台账", "C1") == 350


def test_tables_validation_formatting_and_charts_survive(book, tmp_path):
    out = tmp_path / "算好.xlsx"
    recalc_workbook(book, out)
    ws = openpyxl.load_workbook(out)["台账"]
    assert "台账表" in ws.tables
    assert [str(v.sqref) for v in ws.data_validations.dataValidation] == ["B2:B3"]
    assert [str(r.sqref) for r in ws.conditional_formatting] == ["B2:B3"]
    import zipfile

    names = zipfile.ZipFile(out).namelist()
    assert any(n.startswith("xl/charts/chart") for n in names)


def test_each_error_cell_is_reported_with_sheet_cell_and_formula(book, tmp_path):
    result = recalc_workbook(book, tmp_path / "out.xlsx")
    assert [str(e) for e in result.errors] == ["台账!C2: #DIV/0! (=1/0)"]
    cell = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)["台账"]["C2"]
    assert (cell.value, cell.data_type) == ("#DIV/0!", "e")


def test_the_input_is_not_overwritten_without_force(book):
    before = book.read_bytes()
    with pytest.raises(OutputExists):
        recalc_workbook(book)
    assert book.read_bytes() == before
    recalc_workbook(book, force=True)
    assert openpyxl.load_workbook(book, data_only=True)["台账"]["C1"].value == 350


# A1:B2, numbers and text, which the CB_TEST_SHAPE formulas below pass in various shapes.
SHAPE_INPUTS = {"A1": 1, "A2": 2, "B1": "x", "B2": 3.5}


def _one_sheet(tmp_path, cells):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, value in cells.items():
        ws[ref] = value
    path = tmp_path / "s.xlsx"
    wb.save(path)
    return path


def test_cb_functions_receive_what_xlwings_hands_them(fake_udfs, tmp_path):
    path = _one_sheet(
        tmp_path,
        {
            **SHAPE_INPUTS,
            "C1": "=CB_TEST_SHAPE(A1)",
            "C2": "=CB_TEST_SHAPE(Z9)",
            "C3": "=CB_TEST_SHAPE(A1:B2)",
            "C4": "=CB_TEST_SHAPE(A1:A2, B1:B2)",
            "C5": '=CB_TEST_SHAPE("ABC")',
        },
    )
    values = recalc.calculate(path).values["S"]
    assert values["C1"] == "int|blank"
    assert values["C2"] == "blank|blank"
    assert values["C3"] == "rows2x2|blank"
    assert values["C4"] == "list2|list2"
    assert values["C5"] == "str|blank"


def test_cb_results_spill_into_the_array_range_and_errors_come_out_as_errors(fake_udfs, tmp_path):
    path = _one_sheet(
        tmp_path,
        {
            "A1": ArrayFormula("A1:B3", "=CB_TEST_SPILL(3)"),
            "C1": "=CB_TEST_RAISES()",
            "C2": "=CB_TEST_NA(Z1)",
            "C3": "=CB_TEST_NA(1/0)",
        },
    )
    result = recalc.calculate(path)
    values = result.values["S"]
    assert [values[f"A{r}"] for r in (1, 2, 3)] == ["行1", "行2", "行3"]
    assert values["B3"] == 2.5
    assert values["C1"] == ExcelError("#VALUE!")
    assert values["C2"] == ExcelError("#N/A")
    assert values["C3"] == ExcelError("#DIV/0!")
    assert {e.cell for e in result.errors} == {"C1", "C2", "C3"}


def test_every_cb_callable_of_the_udf_module_is_registered(fake_udfs):
    assert set(_engine.cb_functions()) == {
        "CB_TEST_SHAPE",
        "CB_TEST_SPILL",
        "CB_TEST_RAISES",
        "CB_TEST_NA",
    }


def test_read_values_calculates_a_book_excel_never_calculated(tmp_path):
    path = new_workbook_file("survey", tmp_path / "survey.xlsx", sample=True)
    before = path.read_bytes()
    values = read_values(path)
    responses = _sample.survey()
    quality = [r.scores[0] for r in responses]
    assert values["统计分析"]["B6"] == pytest.approx(statistics.mean(quality))
    assert values["调查结果"]["B5"] == dt.datetime.combine(responses[0].survey_date, dt.time())
    assert path.read_bytes() == before


def test_read_values_uses_cached_values_when_present(book, tmp_path, monkeypatch):
    out = tmp_path / "out.xlsx"
    recalc_workbook(book, out)

    def refuse(path):
        raise AssertionError("calculated although every formula had a value")

    monkeypatch.setattr(recalc, "calculate", refuse)
    assert read_values(out)["台账"]["C1"] == 350


def test_survey_sample_recalculates_without_an_error_cell(tmp_path):
    path = new_workbook_file("survey", tmp_path / "survey.xlsx", sample=True)
    result = recalc_workbook(path, tmp_path / "calc.xlsx")
    assert result.errors == ()
    flagged = openpyxl.load_workbook(io.BytesIO(result.data), data_only=True)["统计分析"]
    assert flagged["A9"].value == "交付"
    assert flagged["I9"].value == "未达标"  # the sample's 交付 is below the 4.0 target


def test_values_only_copy_keeps_results_and_drops_every_formula(book, tmp_path):
    out = tmp_path / "打印.xlsx"
    recalc_workbook(book, out, values_only=True)
    ws = openpyxl.load_workbook(out)["台账"]
    assert (ws["C1"].value, ws["C3"].value, ws["E1"].value) == (350, "大额", 250)
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert "台账表" in ws.tables


def test_array_formulas_go_to_the_formulas_engine(book):
    assert recalc.calculate(book).engine == "formulas"


def test_single_cb_calls_reach_the_engine_as_xlwings_would_hand_them(fake_udfs, tmp_path):
    path = _one_sheet(
        tmp_path,
        {
            **SHAPE_INPUTS,
            "C1": "=CB_TEST_SHAPE(A1)",
            "C3": "=CB_TEST_SHAPE(A1:B2)",
            "C4": "=CB_TEST_SHAPE(A1:A2, B1:B2)",
            "C5": "=CB_TEST_NA(Z1)",
            "C6": "=CB_TEST_RAISES()",
        },
    )
    result = recalc.calculate(path)
    assert result.engine == "formulas"
    values = result.values["S"]
    assert (values["C1"], values["C3"], values["C4"]) == (
        "int|blank",
        "rows2x2|blank",
        "list2|list2",
    )
    assert values["C5"] == ExcelError("#N/A")
    assert values["C6"] == ExcelError("#VALUE!")


@pytest.mark.parametrize(
    "saved",
    [
        "[1]!CB_TEST_NA(A1)",
        "'C:\\Users\\财务\\AppData\\Roaming\\Microsoft\\AddIns\\creditbook.xlam'!CB_TEST_NA(A1)",
        "creditbook.xlam!CB_TEST_NA(A1)",
        "_xldudf_XLWINGS_CB_TEST_NA(A1)",
    ],
)
def test_cb_calls_saved_through_an_add_in_link_still_calculate(fake_udfs, tmp_path, saved):
    from creditbook.workbooks import _xlsx

    assert _xlsx.plain_udf_calls(saved) == "CB_TEST_NA(A1)"
    path = _one_sheet(tmp_path, {"A1": 7, "B1": "=1+1"})
    data = _xlsx.rewrite(
        path.read_bytes(),
        lambda name, xml: (
            xml.replace(b"<f>1+1</f>", f"<f>{saved}</f>".encode())
            if name.endswith("sheet1.xml")
            else xml
        ),
    )
    path.write_bytes(data)
    result = recalc.calculate(path)
    assert result.values["S"]["B1"] == 7
    assert result.formulas["S"]["B1"] == "=" + saved  # the formula itself is kept as saved


@pytest.mark.parametrize(
    ("saved", "plain"),
    [
        ('IF(A5="","",CB_DUNNING_STAGE(G5,政策!$A$1:$H$78))',) * 2,
        ("[2]Sheet1!$A$1*CB_GRADE(B2)",) * 2,  # another workbook's link, not the add-in's
        ("'[3]账龄'!B2+_xludf.CB_GRADE(B2)", "'[3]账龄'!B2+CB_GRADE(B2)"),
        ("SUM(B2:B9)+[1]!CB_SCORE(B2)", "SUM(B2:B9)+CB_SCORE(B2)"),
    ],
)
def test_only_the_add_in_forms_of_a_cb_call_are_made_plain(saved, plain):
    from creditbook.workbooks import _xlsx

    assert _xlsx.plain_udf_calls(saved) == plain


def test_shared_formulas_from_excel_are_reported_with_their_own_text(tmp_path):
    from creditbook.workbooks import _xlsx

    path = _one_sheet(tmp_path, {"A1": 1, "A2": 0, "B1": "=1/A1", "B2": "=1/A2"})
    data = _xlsx.rewrite(
        path.read_bytes(),
        lambda name, xml: (
            xml.replace(b"<f>1/A1</f>", b'<f t="shared" ref="B1:B2" si="0">1/A1</f>').replace(
                b"<f>1/A2</f>", b'<f t="shared" si="0"/>'
            )
            if name.endswith("sheet1.xml")
            else xml
        ),
    )
    path.write_bytes(data)
    for engine in ("formulas", "auto"):
        result = recalc.calculate(path, engine=engine)
        assert result.formulas["S"] == {"B1": "=1/A1", "B2": "=1/A2"}
        assert [str(e) for e in result.errors] == ["S!B2: #DIV/0! (=1/A2)"], engine


def test_an_omitted_argument_reaches_a_cb_function_as_missing(fake_udfs, tmp_path):
    path = _one_sheet(
        tmp_path,
        {"A1": 1, "B1": "=CB_TEST_SHAPE(,A1)", "B2": "=CB_TEST_SHAPE(A1,)", "B3": "=IF(TRUE,,1)"},
    )
    values = recalc.calculate(path, engine="formulas").values["S"]
    assert (values["B1"], values["B2"]) == ("blank|int", "int|blank")
    assert values["B3"] == 0  # native functions still see 0, as in Excel


def test_a_new_customer_with_blank_balance_calculates_as_excel_adds_a_blank(tmp_path):
    """A register row for a new customer: 应收余额 and 最长逾期天数 left blank. Excel adds a
    blank as 0, and so does recalc: the whole limit available, 0% used, no warning, no
    dunning stage — not #N/A in four columns."""
    path = new_workbook_file("register", tmp_path / "register.xlsx", sample=True)
    wb = openpyxl.load_workbook(path)
    ws = wb["信用档案"]
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "客户编码")
    col = {ws.cell(header_row, c).value: c for c in range(1, ws.max_column + 1)}
    row = header_row + 1
    ws.cell(row, col["信用额度"]).value = 300000
    ws.cell(row, col["应收余额"]).value = None
    ws.cell(row, col["最长逾期天数"]).value = None
    wb.save(path)
    values = recalc.calculate(path).values["信用档案"]

    def value(header):
        return values[f"{openpyxl.utils.get_column_letter(col[header])}{row}"]

    assert value("可用额度") == 300000
    assert value("额度使用率") == 0
    assert value("预警信号") == ""
    assert value("催收阶段") == ""


def test_a_text_payment_counts_the_same_on_the_ledger_and_in_cb_aging(tmp_path):
    """已收金额 typed as "1,000" (text, as pasted from an export): the ledger sheet's 未收金额
    (=F-G) and CB_AGING both take 1,000 off, so the two aging sheets keep one total."""
    path = new_workbook_file("aging", tmp_path / "aging.xlsx", sample=True)
    wb = openpyxl.load_workbook(path)
    ws = wb["应收台账"]
    row = next(r for r in range(1, ws.max_row) if isinstance(ws[f"F{r}"].value, int | float))
    amount, paid = ws[f"F{row}"].value, ws[f"G{row}"].value or 0
    ws[f"G{row}"] = "1,000"
    wb.save(path)
    result = recalc.calculate(path)
    ledger, summary = result.values["应收台账"], result.values["账龄汇总"]
    assert ledger[f"I{row}"] == pytest.approx(amount - 1000)
    assert summary["J4"] == "合计"  # CB_AGING's header row; its 合计 column summed below
    total = next(
        ref for ref, text in result.formulas["账龄汇总"].items() if text.startswith("=SUM(J")
    )
    on_ledger = sum(
        v for k, v in ledger.items() if k.startswith("I") and isinstance(v, int | float)
    )
    before = recalc.calculate(new_workbook_file("aging", tmp_path / "before.xlsx", sample=True))
    assert summary[total] == pytest.approx(on_ledger)
    assert summary[total] == pytest.approx(before.values["账龄汇总"][total] + paid - 1000)


# Four complete lines for two customers and, on the row below, one typed halfway: 客户编码,
# 单据号 and 金额 typed, the dates not yet.
D_ = dt.datetime
HALFWAY_LEDGER = [
    ["C1", "上海甲商贸有限公司", "N1", D_(2026, 9, 1), D_(2026, 10, 31), 1000, 0],
    ["C1", "上海甲商贸有限公司", "N2", D_(2026, 11, 1), D_(2026, 12, 31), 400, 0],
    ["C2", "杭州乙实业有限公司", "N3", D_(2026, 7, 1), D_(2026, 8, 1), 2500.5, 500],
    ["C2", "杭州乙实业有限公司", "N4", D_(2026, 6, 1), D_(2026, 7, 1), 300.25, 0],
]  # fmt: skip


def test_a_ledger_row_typed_halfway_is_flagged_and_the_other_rows_still_age(tmp_path):
    """While a user is typing a row (amount in, dates not yet), 账龄汇总 keeps the other
    rows' aging — equal to `creditbook aging` on the complete rows to the fen — and the
    halfway row is not silently dropped: it shows 待填 and 账龄汇总 counts 未完成行 1.
    By hand at 2026-11-30: C1 1,000.00 30 days past due (1-30天) + 400.00 未到期; C2
    2,000.50 121 days + 300.25 152 days (91-180天); 逾期合计 1,000.00 and 2,300.75."""
    from typer.testing import CliRunner

    from creditbook.cli import app

    path = new_workbook_file("aging", tmp_path / "账龄.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["应收台账"]
    ws["B3"] = dt.datetime(2026, 11, 30)
    for r, line in enumerate(HALFWAY_LEDGER, start=5):
        for column, value in zip("ABCDEFG", line, strict=True):
            ws[f"{column}{r}"] = value
    ws["A9"], ws["C9"], ws["F9"] = "C3", "N5", 5000  # typed halfway
    wb.save(path)
    out = tmp_path / "账龄-算好.xlsx"
    runner = CliRunner()
    result = runner.invoke(app, ["recalc", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out, data_only=True)
    ledger, summary = book["应收台账"], book["账龄汇总"]
    assert [ledger[f"K{r}"].value for r in range(5, 10)] == [
        "1-30天", "未到期", "91-180天", "91-180天", "待填"
    ]  # fmt: skip
    assert (summary["C3"].value, summary["D3"].value) == ("未完成行", 1)
    assert summary["E3"].value == "台账中标“待填”的行未计入汇总，填完即计入"
    header = [c.value for c in summary[4]]
    shown = {
        summary[f"A{r}"].value: dict(zip(header, (c.value for c in summary[r]), strict=True))
        for r in (5, 6)
    }
    assert shown["C1"]["逾期合计"] == 1000 and shown["C2"]["逾期合计"] == pytest.approx(2300.75)
    assert summary["A7"].value in (None, "")  # no row for C3

    complete = tmp_path / "完整行.csv"
    complete.write_text(
        "客户编码,客户名称,单据号,单据日期,到期日,金额,已收金额\n"
        + "".join(
            f"{a},{b},{c},{d:%Y-%m-%d},{e:%Y-%m-%d},{f},{g}\n"
            for a, b, c, d, e, f, g in HALFWAY_LEDGER
        ),
        encoding="utf-8",
    )
    cli_out = tmp_path / "账龄.csv"
    result = runner.invoke(
        app, ["aging", str(complete), "--as-of", "2026-11-30", "--out", str(cli_out)]
    )
    assert result.exit_code == 0, result.output
    lines = [line.split(",") for line in cli_out.read_text(encoding="utf-8-sig").splitlines()]
    titles = lines[0]
    assert [line[0] for line in lines[1:3]] == ["C1", "C2"]
    compared = []
    for line in lines[1:3]:
        for title, text in zip(titles[2:], line[2:], strict=False):
            if title in shown[line[0]]:
                compared.append(title)
                assert Decimal(str(shown[line[0]][title])).quantize(Decimal("0.01")) == Decimal(
                    text
                ), (line[0], title)
    assert set(compared) >= {"未到期", "1-30天", "91-180天", "合计", "逾期合计"}


_SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1"><v>2</v></c><c r="B1"><f>A1*2</f><v></v></c>'
    '<c r="C1"><f t="array" ref="C1:C3">A1:A3</f></c></row>'
    '<row r="2"><c r="A2" t="s"><v>0</v></c>{extra}</row>'
    '<row r="3"><c r="C3"><v>9</v></c></row></sheetData></worksheet>'
)


def test_cached_values_go_into_formula_cells_and_missing_cells_of_an_array_range():
    from creditbook.workbooks import _xlsx

    xml = _SHEET.format(extra="").encode()
    values = {"B1": 4, "C1": 2.5, "C2": ExcelError("#N/A"), "C3": "三"}
    written = _xlsx.set_cached_values(xml, values)
    assert written == _xlsx.set_cached_values(_xlsx.parse(xml), values)  # a tree as the XML
    text = written.decode()
    assert '<c r="B1"><f>A1*2</f><v>4</v></c>' in text
    assert '<c r="C1"><f t="array" ref="C1:C3">A1:A3</f><v>2.5</v></c>' in text
    # C2 is made after A2 in its row, C3 (no formula of its own) is given its value once;
    # A1 and A2 are left as they were
    assert '<c r="A1"><v>2</v></c>' in text
    assert '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="e"><v>#N/A</v></c></row>' in text
    assert '<row r="3"><c r="C3" t="str"><v>三</v></c></row>' in text


def test_a_cell_without_its_reference_is_not_a_part_values_are_written_into():
    from creditbook.workbooks import _xlsx

    xml = _SHEET.format(extra='<c t="n"><v>1</v></c>').encode()
    for given in (xml, _xlsx.parse(xml)):
        with pytest.raises(ValueError, match="has no r attribute"):
            _xlsx.set_cached_values(given, {"B1": 4})
