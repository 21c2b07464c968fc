"""LibreOffice prints every sample workbook on A4 with its Chinese labels and 机密."""

from __future__ import annotations

import pytest

import creditbook.udfs
from creditbook.workbooks import _sample
from creditbook.workbooks.build import KINDS, kind, new_workbook_file
from creditbook.workbooks.printing import page_sizes, page_text, render_page, workbooks_to_pdf

A4 = {(595, 842), (842, 595)}
ERRORS = ("#NAME?", "#VALUE!", "#N/A", "#DIV/0!", "#NUM!", "#REF!")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    import os
    import shutil

    missing = [t for t in ("soffice", "pdftoppm", "pdftotext", "pdfinfo") if not shutil.which(t)]
    if missing:
        if os.environ.get("CREDITBOOK_REQUIRE_OFFICE"):
            pytest.fail(f"needs {', '.join(missing)}")
        pytest.skip(f"needs {', '.join(missing)}")
    folder = tmp_path_factory.mktemp("print")
    books = [new_workbook_file(k, folder / f"{k}.xlsx", sample=True) for k in KINDS]
    return dict(zip(KINDS, workbooks_to_pdf(books, folder / "pdf"), strict=True))


@pytest.mark.office
@pytest.mark.slow
@pytest.mark.parametrize("name", KINDS)
def test_every_page_is_a4_with_company_title_and_confidential_mark(pdfs, name):
    pdf = pdfs[name]
    sizes = page_sizes(pdf)
    assert sizes and {(round(w), round(h)) for w, h in sizes} <= A4
    for page in range(1, len(sizes) + 1):
        text = page_text(pdf, page)
        assert _sample.company() in text
        assert "机密" in text
        assert kind(name).title in text
        assert "第 " in text and " 页" in text


@pytest.mark.office
@pytest.mark.slow
@pytest.mark.parametrize("name", KINDS)
def test_printed_workbook_shows_values_not_errors(pdfs, name):
    if name == "aging" and not hasattr(creditbook.udfs, "CB_AGING"):
        pytest.skip("creditbook.udfs has no CB_AGING yet")
    if name in ("evaluation", "register") and not hasattr(creditbook.udfs, "CB_SCORE"):
        pytest.skip("creditbook.udfs has no CB_ evaluation functions yet")
    text = "".join(page_text(pdfs[name], p) for p in range(1, len(page_sizes(pdfs[name])) + 1))
    assert not [e for e in ERRORS if e in text]


@pytest.mark.office
@pytest.mark.slow
def test_a_page_renders_to_a_small_png(pdfs, tmp_path):
    png = render_page(pdfs["survey"], 1, tmp_path / "survey.png", dpi=60)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size < 400_000
