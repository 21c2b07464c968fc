"""Every standard workbook holds 1, 30 or 200 customers: no error cell, totals as the core's.

Each workbook is filled through openpyxl (the builders) with n distinct customers
(tests/workbooks/customers.py), calculated headlessly, and its figures compared with the
core's: the aging totals per bucket, each register row's 可用额度 and 催收阶段, the
contact counts, the survey averages and the evaluation's score and grade.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
from collections import Counter
from decimal import Decimal

import customers
import openpyxl
import pytest
from openpyxl.formula.translate import Translator
from openpyxl.utils import get_column_letter

from creditbook.core.assessment import assess
from creditbook.core.collections import dunning_stage
from creditbook.core.policy import resolve_policy
from creditbook.core.receivables import age, payment_behaviour
from creditbook.sample import SURVEY_DIMENSIONS, ledger_frame
from creditbook.udfs._convert import EXCEL_ERRORS
from creditbook.workbooks import aging, register
from creditbook.workbooks._sample import AS_OF
from creditbook.workbooks._sheet import BookContext, new_workbook
from creditbook.workbooks.build import TEMPLATE_DIR, kind, workbook_bytes
from creditbook.workbooks.recalc import ExcelError, calculate

SIZES = (1, 30, 200)


def filled(kind_name: str, data: object, folder) -> tuple[object, openpyxl.Workbook]:
    """Build the workbook with ``data``, calculate it; (result, calculated openpyxl book)."""
    spec = kind(kind_name)
    ctx = BookContext(company="苏州明远精密机械有限公司", title=spec.title)
    book = new_workbook(ctx)
    spec.build(book, ctx, resolve_policy(None), data)
    path = folder / f"{kind_name}.xlsx"
    path.write_bytes(workbook_bytes(book))
    result = calculate(path)
    assert [str(e) for e in result.errors] == []
    texts = [
        f"{sheet}!{cell}: {value}"
        for sheet, cells in result.values.items()
        for cell, value in cells.items()
        if isinstance(value, str) and value.strip() in EXCEL_ERRORS
    ]
    assert texts == [], "errors shown as text"
    return result, openpyxl.load_workbook(io.BytesIO(result.data), data_only=True)


def yuan(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.mark.slow
@pytest.mark.parametrize("n", SIZES)
def test_aging_totals_equal_the_cores_for_any_number_of_customers(n, tmp_path):
    invoices = customers.ledger(n)
    _, book = filled("aging", invoices, tmp_path)
    expected = age(ledger_frame(tuple(invoices)), AS_OF)
    ws = book["账龄汇总"]
    assert [ws.cell(4 + 1 + i, 1).value for i in range(n)] == list(expected.table.customer_id)
    total_row = 4 + n + 1
    assert ws.cell(total_row, 1).value == "合计"
    totals = expected.totals()
    for offset, bucket in enumerate((*expected.buckets, "total", "overdue")):
        shown = ws.cell(total_row, 3 + offset).value
        assert yuan(shown) == Decimal(totals[bucket]) / 100, bucket
    assert ws.cell(total_row, 3 + len(expected.buckets) + 2).value == totals["max_days_overdue"]
    overdue = book["逾期客户"]
    listed = [overdue.cell(5 + i, 1).value for i in range(n)]
    assert [c for c in listed if c] == list(expected.table[expected.table.overdue > 0].customer_id)


@pytest.mark.slow
@pytest.mark.parametrize("n", SIZES)
def test_register_rows_equal_the_cores_figures(n, tmp_path):
    rows = customers.register(n)
    _, book = filled("register", rows, tmp_path)
    ws = book["信用档案"]
    column = {c.header: i + 1 for i, c in enumerate(register.columns())}
    for i, (entry, exposure, days) in enumerate(rows):
        r = 5 + i
        assert ws.cell(r, column["客户编码"]).value == entry.customer_id
        assert yuan(ws.cell(r, column["可用额度"]).value) == entry.limit - exposure
        stage = dunning_stage(days)
        assert (ws.cell(r, column["催收阶段"]).value or "") == (stage.stage if stage else "")
    assert ws.cell(5 + n, 1).value is None


@pytest.mark.slow
@pytest.mark.parametrize("n", SIZES)
def test_contact_counts_equal_the_log(n, tmp_path):
    entries = customers.contacts(n)
    result, book = filled("contacts", entries, tmp_path)
    ws = book["联系记录"]
    counts = {}
    for cell, formula in result.formulas["联系记录"].items():
        if formula.startswith("=COUNTIF($D$"):
            row = int(cell[1:])
            counts[ws.cell(row, 1).value] = ws[cell].value
    expected = Counter(e.method for e in entries)
    assert counts and all(counts[m] == expected.get(m, 0) for m in counts)
    assert sum(counts.values()) == len(entries)


@pytest.mark.slow
@pytest.mark.parametrize("n", SIZES)
def test_survey_averages_equal_the_answers(n, tmp_path):
    answers = customers.survey(n)
    _, book = filled("survey", answers, tmp_path)
    ws = book["统计分析"]
    shown = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(6, 6 + len(SURVEY_DIMENSIONS))}
    for k, dimension in enumerate(SURVEY_DIMENSIONS):
        mean = statistics.fmean(a.scores[k] for a in answers)
        assert shown[dimension] == pytest.approx(mean), dimension


@pytest.mark.slow
@pytest.mark.parametrize("n", SIZES)
def test_evaluation_with_any_length_of_history_grades_as_the_core(n, tmp_path):
    data = customers.evaluation(n)
    _, book = filled("evaluation", data, tmp_path)
    behaviour = payment_behaviour(ledger_frame(data.history), data.as_of).iloc[0]
    expected = assess(
        data.customer,
        [data.current, data.previous],
        behaviour={
            "付款准时率": behaviour.on_time_rate,  # by count (docs/policies.md)
            "逾期次数": behaviour.overdue_count,
        },
        qualitative=data.five_c,
        policy="abc",
        monthly_purchases=data.monthly_sales,
    )
    labels = {row[0].value: row[1].value for row in book["评分"].iter_rows(min_col=1, max_col=2)}
    assert labels["信用评分"] == pytest.approx(expected.total)
    assert labels["信用等级"] == expected.grade.grade
    assert labels["建议信用额度(元)"] == float(expected.limit.limit)


def one_invoice_each(n: int) -> list:
    first: dict[str, object] = {}
    for invoice in customers.ledger(n):
        first.setdefault(invoice.customer_id, invoice)
    return list(first.values())


@pytest.mark.slow
@pytest.mark.parametrize("n", (1, 30, 40))
def test_aging_template_typed_in_by_hand_shows_hidden_customers_and_keeps_totals(n, tmp_path):
    """The shipped template's summary has room for 30 customers; the 31st on is not lost."""
    invoices = one_invoice_each(n)
    book = openpyxl.load_workbook(TEMPLATE_DIR / "aging.xlsx")
    ws = book["应收台账"]
    ws["B3"] = dt.datetime.combine(AS_OF, dt.time())
    for k, i in enumerate(invoices):
        values = [i.customer_id, i.customer_name, i.invoice_no, i.invoice_date, i.due_date,
                  float(i.amount), float(i.paid_amount), i.paid_date]  # fmt: skip
        for c, value in enumerate(values, start=1):
            ws.cell(5 + k, c).value = value
    path = tmp_path / "账龄.xlsx"
    book.save(path)
    result = calculate(path)
    assert [str(e) for e in result.errors] == []
    calculated = openpyxl.load_workbook(io.BytesIO(result.data), data_only=True)["账龄汇总"]
    expected = age(ledger_frame(tuple(invoices)), AS_OF)
    rows = aging.SUMMARY_ROWS
    shown = [calculated.cell(5 + k, 1).value for k in range(rows)]
    if n <= rows:
        assert shown == [*expected.table.customer_id, *[None] * (rows - n)]
    else:
        assert shown == [*expected.table.customer_id[: rows - 1], "…"]
        assert calculated.cell(4 + rows, 2).value == f"另有 {n - rows + 1} 户未显示，请扩大区域"
    totals = expected.totals()
    total_row = 5 + rows
    for offset, bucket in enumerate((*expected.buckets, "total", "overdue")):
        value = calculated.cell(total_row, 3 + offset).value
        assert yuan(value) == Decimal(totals[bucket]) / 100, bucket


@pytest.mark.slow
def test_register_table_grows_with_its_calculated_columns(tmp_path):
    """Rows typed below the register table get its formulas, as Excel fills them in."""
    rows = customers.register(30)
    book = openpyxl.load_workbook(TEMPLATE_DIR / "register.xlsx")
    ws = book["信用档案"]
    table = ws.tables["信用档案"]
    columns = register.columns()
    first = 5
    last = first + len(rows) - 1
    table.ref = f"A4:{get_column_letter(len(columns))}{last}"
    where = {c.header: i + 1 for i, c in enumerate(columns)}
    for k, (entry, exposure, days) in enumerate(rows):
        r = first + k
        typed = {
            "客户编码": entry.customer_id,
            "客户名称": entry.customer_name,
            "统一社会信用代码": entry.uscc,
            "联系人": entry.contact,
            "电话": entry.phone,
            "地址": entry.address,
            "信用等级": entry.grade,
            "信用额度": float(entry.limit),
            "信用期限(天)": entry.term_days,
            "应收余额": float(exposure),
            "最长逾期天数": days,
        }
        for header, value in typed.items():
            ws.cell(r, where[header]).value = value
        for c, column in enumerate(table.tableColumns, start=1):
            if column.calculatedColumnFormula is not None and r > 24:  # beyond the template
                origin = f"{get_column_letter(c)}{first}"
                text = "=" + column.calculatedColumnFormula.attr_text
                ws.cell(r, c).value = Translator(text, origin).translate_formula(
                    f"{get_column_letter(c)}{r}"
                )
    path = tmp_path / "档案.xlsx"
    book.save(path)
    result = calculate(path)
    assert [str(e) for e in result.errors] == []
    calculated = openpyxl.load_workbook(io.BytesIO(result.data), data_only=True)["信用档案"]
    available = [c.header for c in columns].index("可用额度") + 1
    stage_col = [c.header for c in columns].index("催收阶段") + 1
    # 有效额度, 可用额度, 额度使用率, 预警信号, 催收阶段
    assert sum(1 for c in table.tableColumns if c.calculatedColumnFormula is not None) == 5
    for k, (entry, exposure, days) in enumerate(rows):
        assert yuan(calculated.cell(first + k, available).value) == entry.limit - exposure
        stage = dunning_stage(days)
        assert (calculated.cell(first + k, stage_col).value or "") == (stage.stage if stage else "")


@pytest.mark.slow
def test_an_error_among_the_inputs_shows_in_the_totals_instead_of_a_smaller_sum(tmp_path):
    """A ledger amount looked up from another sheet that failed (#N/A): no total is a number."""
    invoices = one_invoice_each(3)
    book = openpyxl.load_workbook(TEMPLATE_DIR / "aging.xlsx")
    ws = book["应收台账"]
    ws["B3"] = dt.datetime.combine(AS_OF, dt.time())
    for k, i in enumerate(invoices):
        values = [i.customer_id, i.customer_name, i.invoice_no, i.invoice_date, i.due_date,
                  float(i.amount), float(i.paid_amount), i.paid_date]  # fmt: skip
        for c, value in enumerate(values, start=1):
            ws.cell(5 + k, c).value = value
    ws["F6"] = "=NA()"  # e.g. =VLOOKUP(C6, 开票明细!A:F, 6, FALSE) that found nothing
    path = tmp_path / "账龄.xlsx"
    book.save(path)
    result = calculate(path)
    summary = result.values["账龄汇总"]
    total_row = 5 + aging.SUMMARY_ROWS
    totals = {ref: v for ref, v in summary.items() if ref[1:] == str(total_row) and ref[0] > "B"}
    assert totals and all(isinstance(v, ExcelError) for v in totals.values()), totals


@pytest.mark.slow
def test_an_error_among_survey_answers_shows_in_the_average(tmp_path):
    answers = customers.survey(5)
    spec = kind("survey")
    ctx = BookContext(company="苏州明远精密机械有限公司", title=spec.title)
    book = new_workbook(ctx)
    spec.build(book, ctx, resolve_policy(None), answers)
    book["调查结果"]["F6"] = "=NA()"  # the first dimension's score of the second answer
    path = tmp_path / "调查.xlsx"
    book.save(path)
    values = calculate(path).values["统计分析"]
    assert values["B6"] == ExcelError("#N/A")  # 产品质量: not the average of the other four
    assert values["B7"] == pytest.approx(statistics.fmean(a.scores[1] for a in answers))


@pytest.mark.parametrize(("n", "own_page"), [(1, False), (15, False), (16, True), (200, True)])
def test_the_aging_chart_starts_a_page_of_its_own_only_under_a_long_summary(n, own_page):
    """A printed summary of many customers leaves no room for the chart: LibreOffice and
    Excel would cut it in two across the page break, so a manual break puts it on the next
    page; a short summary keeps its chart beside it."""
    spec = kind("aging")
    ctx = BookContext(company="苏州明远精密机械有限公司", title=spec.title)
    book = new_workbook(ctx)
    spec.build(book, ctx, resolve_policy(None), customers.ledger(n))
    ws = book["账龄汇总"]
    (chart,) = ws._charts
    share_row = 4 + n + 2  # header row 4, n customers, 合计, 占比
    assert ws.cell(share_row, 1).value == "占比"
    assert chart.anchor == f"B{share_row + 2}"
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks == ([share_row + 1] if own_page else [])
