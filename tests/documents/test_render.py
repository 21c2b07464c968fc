"""Every template renders sample and hostile data; nothing in data or template is executed."""

from __future__ import annotations

import io
import time

import pytest
from docx import Document
from docx_text import docx_text

from creditbook.documents import samples
from creditbook.documents.render import (
    FastTemplate,
    TemplateError,
    environment,
    render_docxtpl,
    template_path,
)
from creditbook.documents.single import render_document
from creditbook.documents.template_builder import TEMPLATE_FILES

KINDS = list(TEMPLATE_FILES)
HOSTILE = samples.HOSTILE_NAME


@pytest.mark.parametrize("kind", KINDS)
def test_every_template_renders_its_sample(kind):
    text = docx_text(render_document(kind, samples.sample(kind)))
    assert "上海华瑞精密机械有限公司" in text
    assert "{{" not in text and "{%" not in text
    if kind != "survey":
        assert "杭州明远机电设备有限公司" in text


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "survey"])
def test_hostile_customer_name_appears_verbatim(kind):
    text = docx_text(render_document(kind, samples.sample(kind, name=HOSTILE)))
    assert HOSTILE in text  # & < > {{x}} {% raw %}, 𠮷 and the emoji, as typed


def test_letter_shows_amount_in_figures_and_upper_case_and_the_invoice_table():
    text = docx_text(render_document("demand", samples.letter("demand")))
    assert "30,778.27" in text
    assert "人民币叁万零柒佰柒拾捌元贰角柒分" in text
    for cell in ("XS20260712-031", "2026-07-12", "18,650.00", "5,000.00", "13,650.00", "96"):
        assert cell in text
    assert "回    执" in text
    assert "2026年12月10日" in text  # payment deadline: letter date + 10 days


def test_reminder_has_no_receipt_but_final_notice_has_legal_wording():
    assert "回    执" not in docx_text(render_document("reminder", samples.letter("reminder")))
    final = docx_text(render_document("final", samples.letter("final")))
    assert "回    执" in final and "诉讼" in final and "LPR" in final


def test_internal_documents_are_marked_confidential_and_letters_are_not():
    assert "机密" in docx_text(render_document("report", samples.report()))
    assert "机密" in docx_text(render_document("approval", samples.approval()))
    assert "机密" not in docx_text(render_document("demand", samples.letter("demand")))


def test_approval_form_lists_each_step_of_the_policy_chain():
    text = docx_text(render_document("approval", samples.approval()))
    for role in ("销售部门申请", "信用管理部门确定"):  # abc: policy 2's 信用管理部门
        assert role in text
    assert "意见" in text and "签字" in text and "日期" in text


def test_xml_illegal_characters_in_data_are_shown_as_replacement_not_fatal():
    context = samples.letter("demand", name="杭州\x00明远\x0b公司")
    text = docx_text(FastTemplate(template_path("demand")).render_bytes(context))
    assert "杭州\ufffd明远\ufffd公司" in text


def _template_with(text: str, tmp_path) -> str:
    document = Document(str(template_path("demand")))
    target = next(p for p in document.paragraphs if "contract_text" in p.text)
    target.add_run(text)
    path = tmp_path / "uploaded.docx"
    document.save(path)
    return str(path)


@pytest.mark.parametrize(
    "payload",
    [
        "{{ company.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ 'a' * 100000000 }}",
        "{% for i in range(10**9) %}x{% endfor %}",
    ],
)
def test_injection_in_an_uploaded_template_is_refused(payload, tmp_path):
    path = _template_with(payload, tmp_path)
    with pytest.raises(TemplateError):
        render_docxtpl(path, samples.letter("demand"))
    with pytest.raises(TemplateError):
        FastTemplate(path).render_bytes(samples.letter("demand"))


def test_injection_in_data_is_printed_not_run():
    payload = "{{ cycler.__init__.__globals__ }}{% for x in range(3) %}X{% endfor %}"
    context = samples.letter("demand", name=payload)
    text = docx_text(FastTemplate(template_path("demand")).render_bytes(context))
    assert payload in text
    assert "XXX" not in text


def test_unknown_variable_names_the_variable(tmp_path):
    path = _template_with("{{ customer_nmae }}", tmp_path)
    with pytest.raises(TemplateError, match="customer_nmae"):
        FastTemplate(path).render_bytes(samples.letter("demand"))


def test_environment_is_sandboxed_strict_and_escaping():
    env = environment()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<a&b>") == "&lt;a&amp;b&gt;"
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ missing }}").render()


def test_rendered_files_reopen_in_python_docx():
    data = FastTemplate(template_path("final")).render_bytes(samples.letter("final"))
    document = Document(io.BytesIO(data))
    assert document.tables[0].rows[0].cells[0].text == "单据号"


def test_a_template_whose_output_explodes_is_stopped_at_the_size_limit(tmp_path):
    path = _template_with("{% for i in range(99999) %}{{ 'x' * 99999 }}{% endfor %}", tmp_path)
    with pytest.raises(TemplateError, match="模板输出超过 20,000,000 个字符 output too large"):
        FastTemplate(path).render_bytes(samples.letter("demand"))
    with pytest.raises(TemplateError, match="output too large"):
        render_docxtpl(path, samples.letter("demand"))


def test_a_template_that_loops_without_output_is_stopped_at_the_time_limit(tmp_path, monkeypatch):
    from creditbook.documents import render

    monkeypatch.setattr(render, "MAX_RENDER_SECONDS", 0.5)
    loops = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    path = _template_with(loops, tmp_path)
    started = time.monotonic()
    with pytest.raises(TemplateError, match=r"模板渲染超过 0\.5 秒 rendering took too long"):
        FastTemplate(path).render_bytes(samples.letter("demand"))
    assert time.monotonic() - started < 10
