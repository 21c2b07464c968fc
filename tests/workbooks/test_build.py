"""Building the standard workbooks: sheets, formulas referencing 政策, determinism."""

from __future__ import annotations

import io

import openpyxl
import pytest

from creditbook.core.errors import CreditbookError
from creditbook.files import OutputExists
from creditbook.workbooks.build import (
    KIND_PROPERTY,
    KINDS,
    TEMPLATE_DIR,
    build_workbook,
    new_workbook_file,
    workbook_bytes,
)

SHEETS = {
    "evaluation": [
        "客户信息",
        "财务报表",
        "财务指标",
        "信用记录",
        "定性评估",
        "评分",
        "政策",
        "审批",
    ],
    "register": ["信用档案", "集团", "政策"],
    "aging": ["应收台账", "账龄汇总", "逾期客户", "政策", "催收工作清单"],
    "contacts": ["联系记录"],
    "survey": ["调查结果", "统计分析"],
}


def _load(kind, **options):
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(build_workbook(kind, **options))))


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_its_sheets_with_a4_print_setup(kind):
    book = _load(kind, sample=True)
    assert book.sheetnames == SHEETS[kind]
    for ws in book.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title
        assert ws.oddHeader.right.text == "机密", ws.title


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_marked_in_its_document_properties_and_its_template(kind):
    for book in (_load(kind), openpyxl.load_workbook(TEMPLATE_DIR / f"{kind}.xlsx")):
        assert {p.name: p.value for p in book.custom_doc_props} == {KIND_PROPERTY: kind}


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_inputs_give_the_same_bytes(kind):
    assert workbook_bytes(build_workbook(kind, sample=True)) == workbook_bytes(
        build_workbook(kind, sample=True)
    )


def test_score_formulas_take_the_policy_range_of_the_policy_sheet():
    book = _load("evaluation", sample=True)
    policy = book["政策"]
    span = f"政策!$A$1:$H${policy.max_row}"
    formulas = [c.value for row in book["评分"].iter_rows() for c in row if c.data_type == "f"]
    texts = [getattr(f, "text", f) for f in formulas]
    assert any(t.count("CB_SCORE(") == 1 and span in t for t in texts)
    assert any(t.count("CB_GRADE(") == 1 and span in t for t in texts)
    assert any(t.count("CB_LIMIT(") == 1 and span in t for t in texts)


def test_spilled_results_are_array_formulas_over_an_explicit_range():
    book = _load("evaluation", sample=True)
    arrays = [
        c.value
        for row in book["评分"].iter_rows()
        for c in row
        if isinstance(c.value, openpyxl.worksheet.formula.ArrayFormula)
    ]
    assert [a.text.split("(")[0] for a in arrays] == ["=CB_SCORE_DETAIL"]
    assert ":" in arrays[0].ref


def test_data_that_looks_like_a_formula_is_written_as_text():
    import dataclasses

    from creditbook.workbooks import _sample, contacts
    from creditbook.workbooks._sheet import BookContext, new_workbook

    entry = dataclasses.replace(_sample.contacts()[0], content='=HYPERLINK("http://x")')
    ctx = BookContext(company="公司", title=contacts.TITLE)
    workbook = new_workbook(ctx)
    contacts.build(workbook, ctx, None, [entry])
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook)))
    cell = book["联系记录"]["H5"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")


def test_an_existing_output_is_kept_without_force(tmp_path):
    out = tmp_path / "评估表.xlsx"
    out.write_bytes(b"keep me")
    with pytest.raises(OutputExists):
        new_workbook_file("evaluation", out)
    assert out.read_bytes() == b"keep me"
    new_workbook_file("evaluation", out, force=True)
    assert out.read_bytes()[:2] == b"PK"


def test_an_unknown_kind_names_the_choices():
    with pytest.raises(CreditbookError, match="evaluation, register"):
        build_workbook("ledger")


def test_an_invalid_uscc_in_the_data_is_refused_naming_the_customer():
    import dataclasses

    from creditbook.core.errors import InvalidValue
    from creditbook.workbooks import _sample, evaluation
    from creditbook.workbooks._sheet import BookContext, new_workbook

    data = _sample.evaluation()
    wrong = data.customer.uscc[:-1] + ("0" if data.customer.uscc[-1] != "0" else "1")
    data = dataclasses.replace(data, customer=data.customer.model_copy(update={"uscc": wrong}))
    ctx = BookContext(company="公司", title=evaluation.TITLE)
    with pytest.raises(InvalidValue, match=data.customer.customer_id):
        evaluation.build(new_workbook(ctx), ctx, None, data)
