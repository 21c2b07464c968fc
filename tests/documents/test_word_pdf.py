"""PDF through Microsoft Word on Windows, with pywin32 and Word replaced by fakes
(fake_word.py): which program is chosen, one Word per batch that always quits, documents
opened read-only by absolute path, PDFs moved into place atomically, --force, the fallback
to LibreOffice and the messages when neither program can make the PDFs."""

from __future__ import annotations

import sys

import fake_word
import pytest
from pypdf import PdfReader, PdfWriter

from creditbook import portable
from creditbook.core.errors import CreditbookError
from creditbook.files import OutputExists
from creditbook.office import libreoffice as office
from creditbook.office import pdf as pdf_module
from creditbook.office import word
from creditbook.office.pdf import (
    WINDOWS_MISSING_MESSAGE,
    ConversionFailed,
    OfficeMissing,
    convert_to_pdf,
    made_by_line,
    merge_pdfs,
)

NAMES = ["KH001_催款函.docx", "KH002_付款提醒函.docx", "KH_03 样稿.docx"]


class FakePool:
    """LibreOffice's running workers: each job's PDF is a page 300 points wide."""

    def __init__(self) -> None:
        self.jobs: list[tuple] = []

    def convert(self, jobs, timeout):
        for source, target in jobs:
            self.jobs.append((source.name, target.name))
            writer = PdfWriter()
            writer.add_blank_page(width=300, height=842)
            with open(target, "wb") as handle:
                writer.write(handle)


@pytest.fixture(autouse=True)
def choice(monkeypatch):
    monkeypatch.delenv("CREDITBOOK_PDF", raising=False)


@pytest.fixture
def com(monkeypatch):
    return fake_word.install(monkeypatch)


@pytest.fixture
def libreoffice(monkeypatch):
    pool = FakePool()
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: "/opt/libreoffice/soffice")
    monkeypatch.setattr(office, "office_pool", lambda soffice, env_for, size: pool)
    return pool


@pytest.fixture
def no_libreoffice(monkeypatch):
    def find_soffice():
        raise OfficeMissing(pdf_module.MISSING_MESSAGE)

    monkeypatch.setattr(pdf_module, "find_soffice", find_soffice)


@pytest.fixture
def documents(tmp_path):
    folder = tmp_path / "催收函"
    folder.mkdir()
    paths = []
    for name in NAMES:
        path = folder / name
        path.write_bytes(b"PK docx " + name.encode())
        paths.append(path)
    return paths


def _widths(pdf) -> list[float]:
    return [float(page.mediabox.width) for page in PdfReader(pdf).pages]


def test_on_windows_one_hidden_word_converts_the_whole_batch(com, libreoffice, documents):
    com.widths = {name: 500 + n for n, name in enumerate(NAMES)}
    pdfs = convert_to_pdf(documents)
    folder = documents[0].parent
    assert pdfs == [folder / name.replace(".docx", ".pdf") for name in NAMES]
    assert pdfs.made_by == "Microsoft Word" and libreoffice.jobs == []
    assert [_widths(p) for p in pdfs] == [[500.0], [501.0], [502.0]]
    assert com.names() == [
        "CoInitialize", "DispatchEx",
        "Open", "ExportAsFixedFormat", "Close",
        "Open", "ExportAsFixedFormat", "Close",
        "Open", "ExportAsFixedFormat", "Close",
        "Quit", "CoUninitialize",
    ]  # fmt: skip
    (only,) = com.words
    assert ("DispatchEx", "Word.Application") in com.calls
    assert only.Visible is False and only.DisplayAlerts == 0
    opened = [call for call in com.calls if call[0] == "Open"]
    options = {"ConfirmConversions": False, "ReadOnly": True, "AddToRecentFiles": False}
    assert opened == [("Open", str(d.resolve()), options) for d in documents]
    assert all(call[2] == 17 for call in com.calls if call[0] == "ExportAsFixedFormat")
    assert [c for c in com.calls if c[0] in ("Close", "Quit")] == [
        *[("Close", name, 0) for name in NAMES],
        ("Quit", 0),
    ]


def test_word_writes_to_a_temporary_folder_and_the_pdfs_are_moved_into_place(
    com, libreoffice, documents
):
    pdfs = convert_to_pdf(documents)
    folder = documents[0].parent
    assert all(e.parent != folder and e.is_absolute() for e in com.exported())
    assert [e.name for e in com.exported()] == [p.name for p in pdfs]
    assert not any(e.exists() for e in com.exported())  # the temporary folder is gone
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*NAMES, *(n.replace(".docx", ".pdf") for n in NAMES)]
    )  # no .part file is left beside them


def test_a_relative_path_reaches_word_absolute(com, libreoffice, documents, monkeypatch):
    monkeypatch.chdir(documents[0].parent.parent)
    (pdf,) = convert_to_pdf([documents[0].relative_to(documents[0].parent.parent)])
    assert com.calls[2][1] == str(documents[0].resolve())
    assert pdf == documents[0].resolve().with_suffix(".pdf") and pdf.exists()


def test_word_quits_when_a_document_fails_and_no_pdf_is_left(com, libreoffice, documents):
    com.fail_on = {NAMES[1]}
    with pytest.raises(ConversionFailed) as error:
        convert_to_pdf(documents)
    assert str(error.value) == (
        "Microsoft Word 未能转换 could not convert:\n"
        f"{NAMES[1]}: 文件已损坏，无法打开。 (0x800A11FD)"
    )
    assert com.names().count("Open") == 3  # the others were still tried
    assert ("Close", NAMES[1], 0) in com.calls
    assert com.names()[-2:] == ["Quit", "CoUninitialize"]
    assert not list(documents[0].parent.glob("*.pdf")) and libreoffice.jobs == []


def test_word_quits_when_the_batch_is_interrupted(com, libreoffice, documents, monkeypatch):
    def interrupted(word_app, source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(word, "export", interrupted)
    with pytest.raises(KeyboardInterrupt):
        convert_to_pdf(documents)
    assert com.names() == ["CoInitialize", "DispatchEx", "Quit", "CoUninitialize"]


def test_an_existing_pdf_is_refused_before_word_starts_and_replaced_with_force(
    com, libreoffice, documents
):
    old = documents[1].with_suffix(".pdf")
    old.write_bytes(b"%PDF-1.4 old")
    with pytest.raises(OutputExists, match="use --force"):
        convert_to_pdf(documents)
    assert com.calls == [] and old.read_bytes() == b"%PDF-1.4 old"
    assert not documents[0].with_suffix(".pdf").exists()
    com.widths = {NAMES[1]: 420}
    pdfs = convert_to_pdf(documents, force=True)
    assert _widths(old) == [420.0] and pdfs[1] == old


def test_without_word_auto_falls_back_to_libreoffice(com, libreoffice, documents):
    com.dispatch_error = fake_word.word_not_installed()
    pdfs = convert_to_pdf(documents)
    assert pdfs.made_by == "LibreOffice"
    assert libreoffice.jobs == [(n, n.replace(".docx", ".pdf")) for n in NAMES]
    assert [_widths(p) for p in pdfs] == [[300.0]] * 3
    assert com.names() == ["CoInitialize", "DispatchEx", "CoUninitialize"]  # nothing to quit


def test_without_pywin32_auto_falls_back_to_libreoffice(libreoffice, documents, monkeypatch):
    monkeypatch.setattr(portable, "PLATFORM", "win32")
    monkeypatch.setitem(sys.modules, "win32com", None)  # import win32com raises ImportError
    pdfs = convert_to_pdf(documents[:1])
    assert pdfs.made_by == "LibreOffice" and libreoffice.jobs == [(NAMES[0], "KH001_催款函.pdf")]


def test_neither_word_nor_libreoffice_names_both_and_the_com_error(com, no_libreoffice, documents):
    com.dispatch_error = fake_word.word_not_installed()
    with pytest.raises(OfficeMissing) as error:
        convert_to_pdf(documents)
    reason = "无法启动 Word could not start Word: 无效的类字符串 (0x800401F3)"
    assert str(error.value) == WINDOWS_MISSING_MESSAGE.format(reason=reason)
    assert str(error.value).startswith("未找到 Microsoft Word 或 LibreOffice，无法生成 PDF。")
    assert not list(documents[0].parent.glob("*.pdf"))


def test_off_windows_word_is_never_tried(libreoffice, documents, monkeypatch):
    com = fake_word.install(monkeypatch, platform="linux")
    pdfs = convert_to_pdf(documents)
    assert pdfs.made_by == "LibreOffice" and com.calls == [] and len(libreoffice.jobs) == 3


def test_off_windows_without_libreoffice_the_message_is_libreoffice_only(
    no_libreoffice, documents, monkeypatch
):
    fake_word.install(monkeypatch, platform="linux")
    with pytest.raises(OfficeMissing) as error:
        convert_to_pdf(documents)
    assert str(error.value) == pdf_module.MISSING_MESSAGE


def test_creditbook_pdf_libreoffice_forces_libreoffice(com, libreoffice, documents, monkeypatch):
    monkeypatch.setenv("CREDITBOOK_PDF", "LibreOffice")
    pdfs = convert_to_pdf(documents)
    assert pdfs.made_by == "LibreOffice" and com.calls == [] and len(libreoffice.jobs) == 3


def test_creditbook_pdf_word_refuses_to_fall_back(com, libreoffice, documents, monkeypatch):
    monkeypatch.setenv("CREDITBOOK_PDF", "word")
    com.dispatch_error = fake_word.word_not_installed()
    with pytest.raises(word.WordUnavailable) as error:
        convert_to_pdf(documents)
    assert str(error.value) == "无法启动 Word could not start Word: 无效的类字符串 (0x800401F3)"
    assert libreoffice.jobs == []


def test_creditbook_pdf_word_off_windows_is_refused(libreoffice, documents, monkeypatch):
    fake_word.install(monkeypatch, platform="linux")
    monkeypatch.setenv("CREDITBOOK_PDF", "word")
    with pytest.raises(word.WordUnavailable, match="只有 Windows 上的 Word 文档"):
        convert_to_pdf(documents)
    assert libreoffice.jobs == []


def test_an_unknown_creditbook_pdf_is_refused(com, libreoffice, documents, monkeypatch):
    monkeypatch.setenv("CREDITBOOK_PDF", "wps")
    with pytest.raises(CreditbookError) as error:
        convert_to_pdf(documents)
    assert str(error.value) == (
        "环境变量 CREDITBOOK_PDF='wps' 无效，应为 word、libreoffice 或 auto\n"
        "CREDITBOOK_PDF must be word, libreoffice or auto, not 'wps'"
    )
    assert com.calls == [] and libreoffice.jobs == []


def test_workbooks_stay_with_libreoffice_on_windows(com, libreoffice, tmp_path):
    book = tmp_path / "账龄分析表.xlsx"
    book.write_bytes(b"PK xlsx")
    pdfs = convert_to_pdf([book])
    assert pdfs.made_by == "LibreOffice" and com.calls == []
    assert libreoffice.jobs == [("账龄分析表.xlsx", "账龄分析表.pdf")]


def test_word_made_pdfs_merge_for_printing_in_order(com, libreoffice, documents, tmp_path):
    com.widths = {name: 500 + n for n, name in enumerate(NAMES)}
    pdfs = convert_to_pdf(documents)
    merged = merge_pdfs(pdfs, tmp_path / "催收函-合并打印.pdf")
    assert _widths(merged) == [500.0, 501.0, 502.0]


def test_word_is_found_in_the_registry_without_starting_it(com, monkeypatch):
    assert word.registered() is True and com.calls == []
    com.dispatch_error = fake_word.word_not_installed()
    assert word.registered() is False
    monkeypatch.setattr(portable, "PLATFORM", "linux")
    com.dispatch_error = None
    assert word.registered() is False


def test_pdf_available_with_word_alone_on_windows(com, no_libreoffice, monkeypatch):
    assert pdf_module.pdf_available() is True
    monkeypatch.setenv("CREDITBOOK_PDF", "libreoffice")
    assert pdf_module.pdf_available() is False


def test_the_output_line_names_the_program():
    assert made_by_line("Microsoft Word") == "PDF 由 Microsoft Word 生成 made by Microsoft Word"
    assert made_by_line("LibreOffice") == "PDF 由 LibreOffice 生成 made by LibreOffice"


def test_a_com_error_without_a_description_shows_its_text_and_code():
    error = fake_word.com_error(-2147023170, "远程过程调用失败。", None, None)
    assert word.com_text(error) == "远程过程调用失败。 (0x800706BE)"
    assert word.com_text(ValueError("x")) == "ValueError: x"
