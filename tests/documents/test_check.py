"""`templates check`: split tags, unknown and missing variables, forbidden operations."""

from __future__ import annotations

import pytest
from docx import Document

from creditbook.documents.check import check_template
from creditbook.documents.render import TemplateError, template_path


def _edited(tmp_path, edit) -> str:
    document = Document(str(template_path("demand")))
    edit(document)
    path = tmp_path / "edited.docx"
    document.save(path)
    return str(path)


def _paragraph(document, needle: str):
    return next(p for p in document.paragraphs if needle in p.text)


def test_a_tag_split_across_runs_is_named(tmp_path):
    def split(document):
        paragraph = _paragraph(document, "{{ customer_name }}")
        paragraph.runs[-1].text = "{{ customer_"
        paragraph.add_run("name }}").bold = False

    findings = check_template(_edited(tmp_path, split), "demand")
    assert findings and findings[0].level == "错误"
    assert "{{ customer_name }}" in findings[0].message
    assert "split across runs" in findings[0].message


def test_an_unknown_variable_is_named(tmp_path):
    path = _edited(tmp_path, lambda d: _paragraph(d, "contract_text").add_run("{{ fax_no }}"))
    messages = [str(f) for f in check_template(path, "demand")]
    assert any("fax_no" in m and "unknown variable" in m for m in messages)


def test_a_missing_essential_variable_is_a_warning(tmp_path):
    def drop(document):
        cells = [c for t in document.tables for row in t.rows for c in row.cells]
        for paragraph in [*document.paragraphs, *(p for c in cells for p in c.paragraphs)]:
            for run in paragraph.runs:
                run.text = run.text.replace("{{ letter_no }}", "")

    findings = check_template(_edited(tmp_path, drop), "demand")
    assert [(f.level, f.where) for f in findings] == [("警告", "letter_no")]


def test_an_unknown_attribute_is_found_by_the_trial_render(tmp_path):
    path = _edited(tmp_path, lambda d: _paragraph(d, "contract_text").add_run("{{ company.fax }}"))
    messages = [str(f) for f in check_template(path, "demand")]
    assert any("fax" in m for m in messages)


def test_a_forbidden_operation_is_reported(tmp_path):
    payload = "{{ company.__class__.__mro__ }}"
    path = _edited(tmp_path, lambda d: _paragraph(d, "contract_text").add_run(payload))
    messages = [str(f) for f in check_template(path, "demand")]
    assert any("forbidden operation" in m for m in messages)


def test_unclosed_tag_is_reported(tmp_path):
    path = _edited(tmp_path, lambda d: _paragraph(d, "contract_text").add_run("{{ letter_no "))
    messages = [str(f) for f in check_template(path, "demand")]
    assert any("unclosed tag" in m for m in messages)


def test_not_a_docx_and_unknown_kind(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_text("not a zip")
    with pytest.raises(TemplateError, match=r"not a \.docx"):
        check_template(bad, "demand")
    with pytest.raises(TemplateError, match="unknown kind"):
        check_template(template_path("demand"), "invoice")
