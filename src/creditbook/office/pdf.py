"""PDF through Microsoft Word on Windows (``word``) or LibreOffice headless: running workers
(or batch runs), CJK font aliases, merging."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from creditbook.core.errors import CreditbookError
from creditbook.files import atomic_path, atomic_save, check_output
from creditbook.office import libreoffice, word

MISSING_MESSAGE = (
    "未找到 LibreOffice，无法生成 PDF。请安装 LibreOffice（Debian/Ubuntu: "
    "apt-get install libreoffice-writer-nogui fonts-noto-cjk；Windows/macOS: "
    "https://www.libreoffice.org），或设置环境变量 CREDITBOOK_SOFFICE 指向 soffice。\n"
    "LibreOffice was not found, so no PDF can be made. Install LibreOffice or set "
    "CREDITBOOK_SOFFICE to the soffice executable. The Word files were written."
)


UNO_MISSING_MESSAGE = (
    "未找到 LibreOffice 的 Python 接口（uno），无法保持 LibreOffice 常驻。Debian/Ubuntu: "
    "apt-get install python3-uno；或设置 CREDITBOOK_UNO_PYTHON 指向能 import uno 的 Python。\n"
    "LibreOffice's Python bridge (uno) was not found: install python3-uno or set "
    "CREDITBOOK_UNO_PYTHON."
)


WINDOWS_MISSING_MESSAGE = (
    "未找到 Microsoft Word 或 LibreOffice，无法生成 PDF。请安装 Microsoft Word（并 pip install "
    "pywin32），或安装 LibreOffice（https://www.libreoffice.org），或设置环境变量 "
    "CREDITBOOK_SOFFICE 指向 soffice.exe。\n"
    "Neither Microsoft Word nor LibreOffice was found, so no PDF can be made. Install Word "
    "(with pywin32) or LibreOffice, or set CREDITBOOK_SOFFICE to soffice.exe. The Word files "
    "were written.\n"
    "Word: {reason}"
)

LIBREOFFICE = "LibreOffice"
CHOICE_VARIABLE = "CREDITBOOK_PDF"
CHOICES = ("auto", "word", "libreoffice")


class PdfFiles(list[Path]):
    """The PDFs of one conversion, in the documents' order, and which program made them."""

    def __init__(self, paths: Sequence[Path], made_by: str) -> None:
        super().__init__(paths)
        self.made_by = made_by


def made_by_line(made_by: str) -> str:
    """What a command prints under its PDFs: e.g. "PDF 由 Microsoft Word 生成 made by …"."""
    return f"PDF 由 {made_by} 生成 made by {made_by}"


class OfficeMissing(CreditbookError):
    """LibreOffice (soffice) is not installed."""


class ConversionFailed(CreditbookError):
    """Word or LibreOffice ran but did not produce every PDF."""


def pdf_choice() -> str:
    """``CREDITBOOK_PDF``: word, libreoffice or auto (the default: Word on Windows if it
    can be started, else LibreOffice)."""
    value = os.environ.get(CHOICE_VARIABLE, "").strip().lower() or "auto"
    if value not in CHOICES:
        raise CreditbookError(
            f"环境变量 {CHOICE_VARIABLE}={value!r} 无效，应为 word、libreoffice 或 auto\n"
            f"{CHOICE_VARIABLE} must be word, libreoffice or auto, not {value!r}"
        )
    return value


def pdf_available() -> bool:
    """A converter is installed: Word (on Windows, unless LibreOffice is chosen) or LibreOffice.

    Word is looked up in the registry, not started.
    """
    if pdf_choice() != "libreoffice" and word.registered():
        return True
    try:
        find_soffice()
    except OfficeMissing:
        return False
    return True


def find_soffice() -> str:
    candidates = [
        os.environ.get("CREDITBOOK_SOFFICE", ""),
        shutil.which("soffice") or "",
        shutil.which("libreoffice") or "",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        r"C:\Program Files\LibreOffice\program\soffice.exe",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    raise OfficeMissing(MISSING_MESSAGE)


def fontconfig_file() -> Path | None:
    """The shipped fonts.conf mapping 宋体/SimSun/仿宋 and 黑体/微软雅黑 to Noto CJK, and to
    the shipped font beside it; None without the documents extra's font package
    (creditbook-fonts), when LibreOffice keeps the system's own font configuration."""
    try:
        from creditbook_fonts import FONTCONFIG_FILE, data_file
    except ModuleNotFoundError:
        return None
    return data_file(FONTCONFIG_FILE)


def _office_env() -> dict[str, str]:
    env = dict(os.environ)
    shipped = fontconfig_file()
    if shipped is not None:
        env["FONTCONFIG_FILE"] = str(shipped)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    return env


def _start_worker(soffice: str, files: Sequence[Path], work: Path) -> subprocess.Popen:
    profile = work / "profile"
    out = work / "out"
    out.mkdir(parents=True, exist_ok=True)
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(out),
        *[str(f) for f in files],
    ]
    return subprocess.Popen(
        command, env=_office_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def convert_to_pdf(
    documents: Sequence[str | Path],
    out_dir: str | Path | None = None,
    *,
    force: bool = False,
    workers: int | None = None,
    timeout: float = 600,
    persistent: bool | None = None,
) -> PdfFiles:
    """Convert .docx (or .xlsx) files to PDF (same stem; beside each file unless ``out_dir``).

    On Windows, Word documents go through Microsoft Word when it can be started (see
    ``word``; ``CREDITBOOK_PDF`` forces either program); otherwise, by default, the command's
    running LibreOffice workers convert them (started on first use, kept until the command
    ends; see ``office``); where LibreOffice's Python bridge is missing, or with
    ``persistent=False``, one soffice run per worker converts its share of the files, each
    worker with its own profile so that runs never share a lock. Each PDF is made in a
    temporary folder and moved into place atomically; ``made_by`` on the result names the
    program.
    """
    sources = [Path(d).resolve() for d in documents]
    if not sources:
        return PdfFiles([], "")
    targets = [(Path(out_dir) if out_dir else d.parent) / (d.stem + ".pdf") for d in sources]
    stems = [d.stem for d in sources]
    if len(set(stems)) != len(stems):
        raise ConversionFailed("两个文件同名 two documents share a name; PDFs would collide")
    for target in targets:
        check_output(target, force)
    with tempfile.TemporaryDirectory(prefix="creditbook-pdf-") as temp:
        jobs = [(d, Path(temp) / f"{d.stem}.pdf") for d in sources]
        made_by = _convert(jobs, Path(temp), workers, timeout, persistent)
        missing = [d.name for d, pdf in jobs if not pdf.exists()]
        if missing:
            raise ConversionFailed(f"{made_by} 未能转换 could not convert: " + ", ".join(missing))
        for (_document, pdf), target in zip(jobs, targets, strict=True):
            with atomic_path(target, force) as temporary:
                shutil.move(pdf, temporary)
    return PdfFiles(targets, made_by)


def _convert(
    jobs: list[tuple[Path, Path]],
    temp: Path,
    workers: int | None,
    timeout: float,
    persistent: bool | None,
) -> str:
    """Make each job's PDF with Word or LibreOffice; return the program's name."""
    choice = pdf_choice()
    documents = [source for source, _pdf in jobs]
    word_problem = ""
    if choice != "libreoffice" and word.can_convert(documents):
        try:
            failures = word.convert(jobs)
        except word.WordUnavailable as error:
            if choice == "word":
                raise
            word_problem = str(error)  # auto: LibreOffice, if it is installed
        else:
            if failures:
                raise ConversionFailed(
                    "Microsoft Word 未能转换 could not convert:\n" + "\n".join(failures)
                )
            return word.NAME
    elif choice == "word":
        raise word.WordUnavailable(
            f"{CHOICE_VARIABLE}=word: 只有 Windows 上的 Word 文档 (.docx) 可由 Word 转换\n"
            "only Word documents (.docx) on Windows can be converted by Microsoft Word"
        )
    try:
        soffice = find_soffice()
    except OfficeMissing:
        if word_problem:  # Windows: neither program can make the PDFs
            raise OfficeMissing(WINDOWS_MISSING_MESSAGE.format(reason=word_problem)) from None
        raise
    size = max(1, workers or min(2, os.cpu_count() or 1))
    pool = None if persistent is False else libreoffice.office_pool(soffice, _office_env, size)
    if persistent and pool is None:
        raise OfficeMissing(UNO_MISSING_MESSAGE)
    if pool is not None:
        try:
            pool.convert(jobs, timeout)
        except libreoffice.OfficeDied as error:
            raise ConversionFailed(str(error)) from None
    else:
        produced = _batch(soffice, documents, min(size, len(documents)), temp, timeout)
        for source, pdf in jobs:
            if source.stem in produced:
                shutil.move(produced[source.stem], pdf)
    return LIBREOFFICE


def _batch(
    soffice: str, documents: list[Path], count: int, temp: Path, timeout: float
) -> dict[str, Path]:
    """One soffice --convert-to run per worker (LibreOffice starts for this batch alone)."""
    shares = [documents[i::count] for i in range(count)]
    runs = [
        (work, _start_worker(soffice, share, work))
        for work, share in ((temp / f"w{i}", share) for i, share in enumerate(shares))
    ]
    for _work, process in runs:
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            raise ConversionFailed(f"LibreOffice 超时 timed out after {timeout:g} s") from None
        if process.returncode:
            raise ConversionFailed(f"LibreOffice failed: {err.decode(errors='replace')[-500:]}")
    return {p.stem: p for work, _ in runs for p in (work / "out").glob("*.pdf")}


def merge_pdfs(pdfs: Sequence[str | Path], out: str | Path, force: bool = False) -> Path:
    """One PDF for printing, pages in the order given."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(str(pdf))

    def save(path: Path) -> None:
        with open(path, "wb") as handle:
            writer.write(handle)

    return atomic_save(out, save, force=force)
