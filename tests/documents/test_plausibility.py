"""Figures that would put a wrong limit on the form are refused or flagged, never used quietly.

The sample evaluation workbook (KH0008 under abc, B, 241,000.00) edited the way users
get it wrong: equity typed 100 × too large, 元 figures under a 万元 unit, a customer
insolvent, a new customer with no sales record, a negative request.
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from docx_text import docx_text
from openpyxl.cell.cell import MergedCell
from typer.testing import CliRunner

from creditbook.cli import app
from creditbook.core.errors import InvalidValue
from creditbook.documents.evaluation import approval_context, generate_approval, report_context
from creditbook.inputs.evaluation import evaluate
from creditbook.inputs.evaluation_cells import EvaluationError
from creditbook.settings import Settings
from creditbook.workbooks.build import new_workbook_file
from creditbook.workbooks.evaluation import read_evaluation

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plausibility")
    return new_workbook_file("evaluation", folder / "评估表.xlsx", sample=True, policy="abc")


def _edited(source, target, edit):
    book = openpyxl.load_workbook(source)
    edit(book)
    book.save(target)
    return target


def _row(ws, label: str) -> int:
    return next(c.row for c in ws["A"] if c.value == label)


def test_the_sample_balance_sheet_balances_and_gives_241000(sample_book):
    result = evaluate(read_evaluation(sample_book))
    assert (result.grade.grade, result.limit.limit) == ("B", Decimal("241000.00"))


def test_equity_typed_100_times_too_large_is_refused_naming_the_three_cells(sample_book, tmp_path):
    def typo(book):
        ws = book["财务报表"]
        ws[f"B{_row(ws, '所有者权益合计')}"] = 1_318_042_600  # 13,180,426 × 100

    with pytest.raises(EvaluationError) as raised:
        read_evaluation(_edited(sample_book, tmp_path / "权益.xlsx", typo))
    # 27,249,917 − (14,069,491 + 1,318,042,600) = −1,304,862,174
    assert [problem.in_file() for problem in raised.value.problems] == [
        "财务报表!B5/B6/B13 资产总计 27,249,917.00 ≠ 负债合计 14,069,491.00 + 所有者权益合计 "
        "1,318,042,600.00（相差 -1,304,862,174.00，超过资产总计的 1%）："
        "请核对这三个数字 the balance sheet does not balance"
    ]


def test_a_prior_year_that_does_not_balance_is_refused_too(sample_book, tmp_path):
    def typo(book):
        ws = book["财务报表"]
        ws[f"C{_row(ws, '负债合计')}"] = 1_236_025  # 12,360,252 with a digit dropped

    with pytest.raises(EvaluationError) as raised:
        read_evaluation(_edited(sample_book, tmp_path / "上期.xlsx", typo))
    first = raised.value.problems[0].in_file()
    assert first.startswith("财务报表!C5/C6/C13 资产总计 24,890,711.00")


def test_a_gap_within_1_percent_of_total_assets_is_rounding_and_accepted(sample_book, tmp_path):
    def rounded(book):
        ws = book["财务报表"]
        # 272,499 off: just under 1% of 27,249,917 (272,499.17)
        ws[f"B{_row(ws, '所有者权益合计')}"] = 13_180_426 + 272_499

    data = read_evaluation(_edited(sample_book, tmp_path / "尾差.xlsx", rounded))
    assert data.statements[0].equity == Decimal("13452925.00")


def test_yuan_figures_under_a_wan_unit_are_flagged_in_the_report_and_on_the_form(
    sample_book, tmp_path
):
    def wrong_unit(book):
        book["财务报表"]["E3"] = "万元"

    data = read_evaluation(_edited(sample_book, tmp_path / "万元.xlsx", wrong_unit))
    assert data.statements[0].total_assets == Decimal("272499170000.00")
    result = evaluate(data)
    doubt = (
        "资产总计 272,499,170,000.00 元是注册资本 20,000,000.00 元的 13,625 倍，"
        "请核对财务报表的金额单位（元/千元/万元）"
    )
    assert doubt in report_context(data, result, Settings()).warnings
    assert doubt + "。" in approval_context(data, result, Settings()).reasons


def test_statements_in_the_right_unit_raise_no_doubt(sample_book):
    data = read_evaluation(sample_book)
    warnings = report_context(data, evaluate(data), Settings()).warnings
    assert not [w for w in warnings if "金额单位" in w or "资不抵债" in w]


def test_negative_equity_is_reported_as_insolvent(sample_book, tmp_path):
    def insolvent(book):
        ws = book["财务报表"]
        ws[f"B{_row(ws, '负债合计')}"] = 29_249_917  # assets 27,249,917: equity −2,000,000
        ws[f"B{_row(ws, '所有者权益合计')}"] = -2_000_000

    data = read_evaluation(_edited(sample_book, tmp_path / "资不抵债.xlsx", insolvent))
    result = evaluate(data)
    finding = "资不抵债：所有者权益合计 -2,000,000.00 元为负，负债超过资产"
    assert finding in report_context(data, result, Settings()).warnings
    assert finding + "。" in approval_context(data, result, Settings()).reasons
    assert result.limit.limit == Decimal("0.00")  # 净资产法 gives 0 on negative equity


def test_a_customer_without_sales_has_no_invented_twelve_month_sales(sample_book, tmp_path):
    def no_sales(book):
        ws = book["信用记录"]
        for row in ws.iter_rows(min_row=5, max_row=ws.max_row, max_col=6):
            for cell in row:
                if not isinstance(cell, MergedCell):  # the payment summary spans two columns
                    cell.value = None

    data = read_evaluation(_edited(sample_book, tmp_path / "无销售.xlsx", no_sales))
    assert data.monthly_purchases == Decimal("230000.00")  # 12 × this was the invented figure
    context = approval_context(data, evaluate(data), Settings())
    assert context.sales_12m is None


def test_the_twelve_month_sales_are_what_the_record_shows(sample_book):
    data = read_evaluation(sample_book)
    context = approval_context(data, evaluate(data), Settings())
    assert context.sales_12m == Decimal("2506739.54")


@pytest.mark.parametrize("requested", [Decimal("-5"), Decimal("0")])
def test_a_negative_or_zero_request_is_refused(sample_book, requested):
    data = read_evaluation(sample_book)
    with pytest.raises(InvalidValue) as raised:
        approval_context(data, evaluate(data), Settings(), requested_limit=requested)
    assert str(raised.value) == (
        f"申请额度须大于 0 the requested limit must be more than 0: {requested:.2f}"
    )


def test_the_command_refuses_a_negative_request_before_reading_the_workbook(sample_book, tmp_path):
    out = tmp_path / "审批表.docx"
    result = CliRunner().invoke(
        app,
        ["approval", str(sample_book), "--out", str(out), "--requested", "-5"],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 1
    assert "申请额度须大于 0 the requested limit must be more than 0: -5.00" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_the_form_of_a_customer_without_sales_says_none_on_record(sample_book, tmp_path):
    def no_sales(book):
        ws = book["信用记录"]
        for row in ws.iter_rows(min_row=5, max_row=ws.max_row, max_col=6):
            for cell in row:
                if not isinstance(cell, MergedCell):  # the payment summary spans two columns
                    cell.value = None

    book = _edited(sample_book, tmp_path / "无销售.xlsx", no_sales)
    files = generate_approval(book, tmp_path / "审批表.docx")
    text = docx_text(files.docx)
    assert "近 12 个月销售额" in text and "无（资料不足）" in text
    assert "2,760,000.00" not in text  # 12 × 预计月采购额 230,000: the invented figure
