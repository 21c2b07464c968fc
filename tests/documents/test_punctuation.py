"""Rendered documents read as written Chinese: no doubled punctuation such as
「…担保措施。）。」 (a grade description's full stop inside the brackets, then the
sentence's), 「。。」 or 「，。」 — in every document kind and every grade of every preset."""

from __future__ import annotations

import dataclasses
import re

import pytest
from docx_text import docx_text

from creditbook.core.assessment import conditions_text
from creditbook.core.limits import recommend_limit
from creditbook.core.policy import PRESETS, preset
from creditbook.documents.evaluation import approval_context, report_context
from creditbook.documents.samples import sample
from creditbook.documents.single import render_document
from creditbook.documents.template_builder import TEMPLATE_FILES
from creditbook.inputs.evaluation import evaluate
from creditbook.settings import Settings
from creditbook.workbooks.build import new_workbook_file
from creditbook.workbooks.evaluation import read_evaluation

pytestmark = pytest.mark.slow

# Two marks in a row (。。 ，。 ；。 、，), or a bracket closed after a full stop and followed by
# another mark (。）。), or a bracket opened or closed next to a comma.
DOUBLED = re.compile(r"[。，；：、！？]{2,}|[。！？；，]）[。，；：]|，）|（，")


def doubled(text: str) -> list[str]:
    """Each doubled mark with the text around it."""
    return [text[max(0, m.start() - 20) : m.end() + 5] for m in DOUBLED.finditer(text)]


@pytest.mark.parametrize(
    "text", ["担保措施。）。建议", "额度。。", "期限，。", "复核；。", "（，说明）", "天，）"]
)
def test_the_scan_finds_each_kind_of_doubling(text):
    assert doubled(text)


@pytest.mark.parametrize(
    "text",
    ["C 级（信用一般）。建议信用额度 1,000.00 元。", "（净资产法资料不足，未计算）；按新客户"],
)
def test_the_scan_passes_ordinary_text(text):
    assert doubled(text) == []


@pytest.mark.parametrize("kind", list(TEMPLATE_FILES))
def test_the_sample_of_every_document_kind_has_no_doubled_punctuation(kind):
    assert doubled(docx_text(render_document(kind, sample(kind)))) == []


@pytest.fixture(scope="module")
def sample_data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("punctuation")
    return read_evaluation(new_workbook_file("evaluation", folder / "评估表.xlsx", sample=True))


def _graded(data, grade_label: str, is_new: bool = False):
    """The sample customer's assessment, set to ``grade_label`` of the data's policy."""
    policy = data.policy
    grade = policy.grade(grade_label)
    current = data.statements[0]
    limit = recommend_limit(
        grade, policy, data.monthly_purchases, current.equity, current.working_capital, is_new
    )
    return dataclasses.replace(
        evaluate(data),
        grade=grade,
        term_days=limit.term_days,
        limit=limit,
        guarantee_required=grade.guarantee_required,
        conditions=conditions_text(grade, limit, is_new),
    )


@pytest.mark.parametrize(
    ("name", "grade"), [(n, g.grade) for n in PRESETS for g in preset(n).grades]
)
def test_the_report_and_form_of_every_grade_have_no_doubled_punctuation(sample_data, name, grade):
    data = dataclasses.replace(sample_data, policy=preset(name))
    result = _graded(data, grade)
    report = render_document("report", report_context(data, result, Settings()))
    form = render_document("approval", approval_context(data, result, Settings()))
    assert doubled(docx_text(report)) == []
    assert doubled(docx_text(form)) == []


def test_the_abc_c_grade_conclusion_reads_once_stopped(sample_data):
    result = _graded(sample_data, "C")
    conclusion = report_context(sample_data, result, Settings()).conclusion
    assert "或要求提供担保措施）。建议信用额度" in conclusion
    assert conclusion.endswith("，可要求提供担保。")


def test_a_licence_only_newcomers_conclusion_says_the_statement_methods_are_left_out(
    sample_data,
):
    licence_only = sample_data.statements[0].model_copy(
        update={"equity": None, "current_assets": None}
    )
    data = dataclasses.replace(sample_data, statements=(licence_only, sample_data.statements[1]))
    result = _graded(data, "B", is_new=True)
    # abc B: 230,000 × 45/30 × 0.7 = 241,500 → × 0.5 = 120,750 → 120,000
    assert result.limit.limit == 120000
    conclusion = report_context(data, result, Settings()).conclusion
    assert conclusion.endswith(
        "建议信用额度 120,000.00 元（人民币壹拾贰万元整），信用期限 45 天"
        "；净资产法、营运资金法资料不足，未计算，新客户不计入。"
    )
    assert (
        doubled(docx_text(render_document("report", report_context(data, result, Settings()))))
        == []
    )
