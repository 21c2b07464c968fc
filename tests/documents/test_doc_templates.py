"""The shipped templates: reproducible from the builder, CJK styles, A4, header and footer."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.shared import Cm

from creditbook.documents.check import check_template
from creditbook.documents.render import REPO_TEMPLATES
from creditbook.documents.template_builder import TEMPLATE_FILES, build_template

KINDS = list(TEMPLATE_FILES)
INTERNAL = {"report", "approval"}
PARTS = ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/footer1.xml")


def _parts(source) -> dict[str, bytes]:
    with zipfile.ZipFile(source) as package:
        names = set(package.namelist())
        return {p: package.read(p) for p in PARTS if p in names}


@pytest.mark.parametrize("kind", KINDS)
def test_committed_template_matches_the_builder(kind):
    fresh = io.BytesIO()
    build_template(kind).save(fresh)
    committed = _parts(REPO_TEMPLATES / TEMPLATE_FILES[kind])
    assert committed == _parts(fresh), "run: python -m creditbook.documents.template_builder"


@pytest.mark.parametrize("kind", KINDS)
def test_template_passes_its_own_check(kind):
    assert check_template(REPO_TEMPLATES / TEMPLATE_FILES[kind], kind) == []


@pytest.mark.parametrize("kind", KINDS)
def test_styles_use_east_asian_fonts_and_chinese_language(kind):
    styles = _parts(REPO_TEMPLATES / TEMPLATE_FILES[kind])["word/styles.xml"].decode()
    assert 'w:eastAsia="宋体"' in styles
    assert 'w:eastAsia="黑体"' in styles
    assert 'w:eastAsia="zh-CN"' in styles


@pytest.mark.parametrize("kind", KINDS)
def test_page_is_a4_with_company_header_and_page_x_of_y_footer(kind):
    document = Document(str(REPO_TEMPLATES / TEMPLATE_FILES[kind]))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21.0)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    header = section.header.paragraphs[0].text
    assert "{{ company.name }}" in header
    assert ("机密" in header) == (kind in INTERNAL)
    footer = _parts(REPO_TEMPLATES / TEMPLATE_FILES[kind])["word/footer1.xml"].decode()
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "第 " in footer and " 页 共 " in footer


@pytest.mark.parametrize("kind", KINDS)
def test_no_vertical_merges(kind):
    document = _parts(REPO_TEMPLATES / TEMPLATE_FILES[kind])["word/document.xml"].decode()
    assert "w:vMerge" not in document


@pytest.mark.parametrize("kind", KINDS)
def test_document_properties_speak_of_the_document_not_the_library(kind):
    properties = Document(str(REPO_TEMPLATES / TEMPLATE_FILES[kind])).core_properties
    assert properties.title == TEMPLATE_FILES[kind].removesuffix(".docx")
    assert "python-docx" not in (properties.comments + properties.author)
    assert properties.created.year >= 2026
