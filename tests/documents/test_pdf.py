"""PDF through LibreOffice: Chinese text survives, Windows font names map to Noto CJK."""

from __future__ import annotations

import subprocess

import pytest
from letter_cases import AS_OF
from pypdf import PdfReader

from creditbook.documents import samples
from creditbook.documents.letters import write_letters
from creditbook.documents.single import render_document
from creditbook.documents.template_builder import TEMPLATE_FILES
from creditbook.office import pdf as pdf_module
from creditbook.office.pdf import OfficeMissing, convert_to_pdf, fontconfig_file

EXPECTED = {
    "report": ["客户信用评估报告", "评分明细", "评估结论"],
    "approval": ["信用额度审批表", "信用管理部门确定", "审批流程"],
    "reminder": ["付款提醒函", "人民币叁万零柒佰柒拾捌元贰角柒分"],
    "demand": ["催", "回", "执", "逾期付款损失", "我司已于2026年9月25日发出《付款提醒函》"],
    "final": ["最后催告函", "诉讼", "LPR3.00%加计50%=4.50%", "合计人民币"],
    "notice": ["信用调整通知书", "调整后"],
    "survey": ["顾客满意度调查分析报告", "纠正措施"],
}


def _text(path) -> str:
    """The PDF's text without whitespace (table cells and justification wrap lines)."""
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("pdf")
    documents = []
    for kind in TEMPLATE_FILES:
        name = None if kind == "survey" else samples.HOSTILE_NAME
        path = folder / f"{kind}.docx"
        path.write_bytes(render_document(kind, samples.sample(kind, name=name)))
        documents.append(path)
    converted = convert_to_pdf(documents)  # one batch, two workers
    return {p.stem: p for p in converted}


@pytest.mark.office
@pytest.mark.slow
@pytest.mark.parametrize("kind", list(TEMPLATE_FILES))
def test_pdf_text_carries_the_chinese(pdfs, kind):
    text = _text(pdfs[kind])
    assert "上海华瑞精密机械有限公司" in text
    for phrase in EXPECTED[kind]:
        assert phrase in text
    if kind != "survey":
        assert "A&B<有限>{{x}}公司" in text
    assert "第1页共" in text


@pytest.mark.office
@pytest.mark.slow
def test_songti_and_heiti_are_printed_with_noto_cjk(pdfs):
    fonts = subprocess.run(
        ["pdffonts", str(pdfs["demand"])], capture_output=True, text=True, check=True
    ).stdout
    assert "NotoSerifCJK" in fonts  # 宋体 body
    assert "NotoSansCJK" in fonts  # 黑体 headings


def test_shipped_fontconfig_maps_windows_chinese_fonts():
    text = fontconfig_file().read_text(encoding="utf-8")
    for family in ("宋体", "SimSun", "仿宋", "FangSong"):
        assert f"<family>{family}</family><prefer><family>Noto Serif CJK SC" in text
    for family in ("黑体", "SimHei", "微软雅黑", "Microsoft YaHei"):
        assert f"<family>{family}</family><prefer><family>Noto Sans CJK SC" in text


@pytest.mark.office
@pytest.mark.slow
def test_letters_batch_with_merged_pdf_for_printing(cases, settings, tmp_path):
    result = write_letters(cases, tmp_path, as_of=AS_OF, settings=settings, pdf=True, merge=True)
    assert all(w.pdf for w in result.written)
    pages = sum(len(PdfReader(tmp_path / w.pdf).pages) for w in result.written)
    assert result.merged is not None
    assert len(PdfReader(result.merged).pages) == pages
    assert "苏州恒通电子有限公司" in _text(result.merged)


def test_missing_libreoffice_gives_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setenv("CREDITBOOK_SOFFICE", "")
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf_module.Path, "exists", lambda self: False)
    with pytest.raises(OfficeMissing, match="未找到 LibreOffice") as error:
        convert_to_pdf([tmp_path / "x.docx"])
    assert "LibreOffice was not found" in str(error.value)
