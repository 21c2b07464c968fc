"""`templates check`: split tags, unknown and missing variables, forbidden operations."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from creditbook.documents.check import check_template, check_templates_folder
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


def _drop(*tags: str):
    def drop(document):
        cells = [c for t in document.tables for row in t.rows for c in row.cells]
        for paragraph in [*document.paragraphs, *(p for c in cells for p in c.paragraphs)]:
            for run in paragraph.runs:
                for tag in tags:
                    run.text = run.text.replace(tag, "")

    return drop


def test_a_missing_letter_number_is_an_error_naming_it(tmp_path):
    findings = check_template(_edited(tmp_path, _drop("{{ letter_no }}")), "demand")
    assert [str(f) for f in findings] == [
        "[错误] letter_no: 缺少必需变量 missing required variable '{{ letter_no }}' "
        "(函件编号 letter number): 文书上会是空白 the document would show it blank"
    ]


def test_a_letter_without_addressee_or_amount_in_words_has_one_error_each(tmp_path):
    drop = _drop("{{ customer_name }}", "{{ amount_owed|rmb_upper }}")
    findings = check_template(_edited(tmp_path, drop), "demand")
    assert [str(f) for f in findings] == [
        "[错误] customer_name: 缺少必需变量 missing required variable '{{ customer_name }}' "
        "(收函单位 addressee): 文书上会是空白 the document would show it blank",
        "[错误] amount_owed|rmb_upper: 缺少必需变量 missing required variable "
        "'{{ amount_owed|rmb_upper }}' (大写金额 amount in words): 文书上会是空白 the document "
        "would show it blank",
    ]


def test_a_missing_variable_that_is_not_required_is_still_a_warning(tmp_path):
    findings = check_template(_edited(tmp_path, _drop("{{ objection_days }}")), "demand")
    assert [str(f) for f in findings] == [
        "[警告] objection_days: 缺少变量 missing variable 'objection_days': "
        "the document will not show it"
    ]


def test_a_template_with_only_a_warning_is_still_trial_rendered(tmp_path):
    def edit(document):
        _drop("{{ objection_days }}")(document)
        _paragraph(document, "contract_text").add_run("{{ company.fax }}")

    findings = check_template(_edited(tmp_path, edit), "demand")
    assert [(f.level, f.where) for f in findings] == [
        ("错误", "试渲染 trial render"),
        ("警告", "objection_days"),
    ]
    assert "fax" in findings[0].message


def test_every_kind_of_document_requires_its_number_date_and_sender(tmp_path):
    from docx import Document as New

    blank = tmp_path / "blank.docx"
    New().save(blank)
    wheres = {
        kind: [f.where for f in check_template(blank, kind) if f.level == "错误"]
        for kind in ("reminder", "notice", "report", "approval", "survey")
    }
    assert wheres == {
        "reminder": [
            "letter_no", "letter_date", "customer_name", "amount_owed",
            "amount_owed|rmb_upper", "company",
        ],
        "notice": ["notice_no", "notice_date", "customer_name", "changes", "company"],
        "report": ["report_no", "report_date", "customer", "limit", "company"],
        "approval": [
            "form_no", "form_date", "customer", "requested_limit", "recommended_limit", "company",
        ],
        "survey": ["report_no", "report_date", "company"],
    }  # fmt: skip


def test_a_templates_folder_with_an_error_is_refused_listing_each(tmp_path):
    folder = tmp_path / "我的模板"
    folder.mkdir()
    path = _edited(tmp_path, _drop("{{ letter_no }}"))
    Path(path).rename(folder / "催款函.docx")
    (folder / "付款提醒函.docx").write_bytes(Path(template_path("reminder")).read_bytes())
    with pytest.raises(TemplateError) as refused:
        check_templates_folder(folder, ("reminder", "demand", "final"))
    assert str(refused.value) == (
        f"--templates {folder}: 模板有误，未生成任何文书、未占用编号 template errors, nothing "
        "written and no number used; 请修改后用 creditbook templates check 复查:\n"
        "  催款函.docx: letter_no: 缺少必需变量 missing required variable '{{ letter_no }}' "
        "(函件编号 letter number): 文书上会是空白 the document would show it blank"
    )
    check_templates_folder(folder, ("reminder", "final"))  # the others are sound: no error


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
