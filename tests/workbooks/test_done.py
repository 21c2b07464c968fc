"""The issue's bar: every sample workbook calculates cleanly; evaluation equals the core."""

from __future__ import annotations

import openpyxl
import pytest

import creditbook.udfs
from creditbook.core.assessment import assess
from creditbook.core.receivables import payment_behaviour
from creditbook.sample import ledger_frame
from creditbook.workbooks import _sample
from creditbook.workbooks.build import KINDS, new_workbook_file
from creditbook.workbooks.recalc import recalc_workbook

NEEDED = {
    "evaluation": ("CB_SCORE_DETAIL", "CB_LIMIT", "CB_DAYS_OVERDUE", "CB_ON_TIME_RATE"),
    "register": ("CB_AVAILABLE", "CB_WARNINGS", "CB_DUNNING_STAGE"),
    "aging": ("CB_AGING", "CB_BUCKET", "CB_DUNNING_STAGE"),
    "contacts": (),
    "survey": (),
}


def _needs(kind: str) -> None:
    missing = [name for name in NEEDED[kind] if not hasattr(creditbook.udfs, name)]
    if missing:
        pytest.skip(f"creditbook.udfs has no {', '.join(missing)} yet")


def _labelled(result, sheet: str, label: str):
    """The value beside a label in column A (the workbooks' label/value forms)."""
    book = openpyxl.load_workbook(__import__("io").BytesIO(result.data), data_only=True)
    for row in book[sheet].iter_rows(min_col=1, max_col=2):
        if row[0].value == label:
            return row[1].value
    raise KeyError(label)


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_sample_workbook_recalculates_without_one_error_cell(kind, tmp_path):
    _needs(kind)
    book = new_workbook_file(kind, tmp_path / f"{kind}.xlsx", sample=True)
    result = recalc_workbook(book, tmp_path / "calc.xlsx")
    assert [str(e) for e in result.errors] == []
    assert result.formula_count > 0


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory):
    _needs("evaluation")
    folder = tmp_path_factory.mktemp("evaluation")
    book = new_workbook_file("evaluation", folder / "评估表.xlsx", sample=True)
    return book, recalc_workbook(book, folder / "算好.xlsx")


@pytest.mark.slow
def test_evaluation_grade_score_term_and_limit_equal_the_cores_assessment(evaluation):
    _, result = evaluation
    data = _sample.evaluation()
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
    assert _labelled(result, "评分", "信用评分") == pytest.approx(expected.total)
    assert _labelled(result, "评分", "信用等级") == expected.grade.grade
    assert _labelled(result, "评分", "信用期限(天)") == expected.term_days
    assert _labelled(result, "评分", "建议信用额度(元)") == float(expected.limit.limit)


@pytest.mark.slow
def test_editing_the_policy_sheet_changes_the_result(evaluation, tmp_path):
    book, before = evaluation
    grade = _labelled(before, "评分", "信用等级")
    score = _labelled(before, "评分", "信用评分")
    workbook = openpyxl.load_workbook(book)
    policy = workbook["政策"]
    rows = list(policy.iter_rows(min_col=1, max_col=2))
    header = next(i for i, row in enumerate(rows) if row[0].value == "等级")
    own = next(row for row in rows[header + 1 :] if row[0].value == grade)
    own[1].value = score + 1  # the grade now needs one point more than the customer has
    edited = tmp_path / "改政策.xlsx"
    workbook.save(edited)
    after = recalc_workbook(edited, tmp_path / "改后.xlsx")
    assert _labelled(after, "评分", "信用等级") != grade
    assert _labelled(after, "评分", "信用评分") == pytest.approx(score)
