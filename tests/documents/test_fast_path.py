"""Golden test: the fast batch path gives the same text as docxtpl's own render."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx_text import docx_lines

from creditbook.documents import samples
from creditbook.documents.render import FastTemplate, render_docxtpl, template_path

FAST_KINDS = ["reminder", "demand", "final", "notice"]


def _docxtpl_lines(kind: str, context) -> list[str]:
    buffer = io.BytesIO()
    render_docxtpl(template_path(kind), context).save(buffer)
    return docx_lines(buffer.getvalue())


@pytest.mark.parametrize("kind", FAST_KINDS)
@pytest.mark.parametrize("name", [None, samples.HOSTILE_NAME, "多行\n客户名称"])
def test_fast_path_text_equals_docxtpl(kind, name):
    context = samples.sample(kind, name=name)
    fast = docx_lines(FastTemplate(template_path(kind)).render_bytes(context))
    assert fast == _docxtpl_lines(kind, context)


def test_one_fast_template_renders_many_different_letters():
    template = FastTemplate(template_path("demand"))
    first = template.render_bytes(samples.letter("demand", name="甲公司"))
    second = template.render_bytes(samples.letter("demand", name="乙公司"))
    assert "甲公司" in "".join(docx_lines(first)) and "乙公司" not in "".join(docx_lines(first))
    assert "乙公司" in "".join(docx_lines(second))


@pytest.mark.parametrize("name", [None, samples.HOSTILE_NAME, "多行\n客户名称", "制表\t符\f分页"])
def test_no_tab_or_break_is_left_for_docxtpl_listing_pass(name):
    """The listing pass runs only when needed: on the output it changes nothing."""
    template = FastTemplate(template_path("demand"))
    data = template.render_bytes(samples.sample("demand", name=name))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert template._resolve_listing(xml) == xml
    if name and "\n" in name:
        assert "多行</w:t><w:br/>" in xml
