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


@pytest.mark.office
@pytest.mark.slow
def test_register_prints_the_credit_position_first_and_the_details_after(pdfs):
    """Landscape; page width one: customer to 状态; then the details, customer repeated."""
    pdf = pdfs["register"]
    sizes = page_sizes(pdf)
    assert all(w > h for w, h in sizes)  # landscape
    pages = [" ".join(page_text(pdf, p).split()) for p in range(1, len(sizes) + 1)]
    sheet = [t for t in pages if "客户信用档案 — 信用档案" in t]
    position = [t for t in sheet if "预警信号" in t]
    details = [t for t in sheet if "统一社会信用代码" in t]
    assert position and details and len(position) == len(details)
    for text in position:
        for header in ("客户编码", "客户名称", "信用额度", "可用额度", "催收阶段", "状态"):
            assert header in text, header
        assert "统一社会信用代码" not in text and "下次复核日期" not in text
    for text in details:
        assert "客户编码" in text and "客户名称" in text and "下次复核日期" in text
        assert "预警信号" not in text
    first_customer = _sample.register()[0][0]
    assert first_customer.customer_id in position[0] and first_customer.customer_id in details[0]
