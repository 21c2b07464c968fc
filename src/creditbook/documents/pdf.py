"""PDF through LibreOffice headless: running workers (or batch runs), CJK font aliases, merging."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from creditbook.core.errors import CreditbookError
from creditbook.documents import office
from creditbook.files import atomic_path, atomic_save, check_output

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


class OfficeMissing(CreditbookError):
    """LibreOffice (soffice) is not installed."""


class ConversionFailed(CreditbookError):
    """LibreOffice ran but did not produce every PDF."""


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


def fontconfig_file() -> Path:
    """The shipped fonts.conf mapping 宋体/SimSun/仿宋 and 黑体/微软雅黑 to Noto CJK."""
    return Path(str(resources.files("creditbook.documents").joinpath("fonts/fonts.conf")))


def _office_env() -> dict[str, str]:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(fontconfig_file())
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
) -> list[Path]:
    """Convert .docx (or .xlsx) files to PDF (same stem; beside each file unless ``out_dir``).

    By default the command's running LibreOffice workers convert them (started on first
    use, kept until the command ends; see ``office``); where LibreOffice's Python bridge
    is missing, or with ``persistent=False``, one soffice run per worker converts its share
    of the files, each worker with its own profile so that runs never share a lock.
    """
    documents = [Path(d).resolve() for d in documents]
    if not documents:
        return []
    targets = [(Path(out_dir) if out_dir else d.parent) / (d.stem + ".pdf") for d in documents]
    stems = [d.stem for d in documents]
    if len(set(stems)) != len(stems):
        raise ConversionFailed("两个文件同名 two documents share a name; PDFs would collide")
    for target in targets:
        check_output(target, force)
    soffice = find_soffice()
    size = max(1, workers or min(2, os.cpu_count() or 1))
    pool = None if persistent is False else office.office_pool(soffice, _office_env, size)
    if persistent and pool is None:
        raise OfficeMissing(UNO_MISSING_MESSAGE)
    with tempfile.TemporaryDirectory(prefix="creditbook-pdf-") as temp:
        if pool is not None:
            jobs = [(d, Path(temp) / f"{d.stem}.pdf") for d in documents]
            try:
                pool.convert(jobs, timeout)
            except office.OfficeDied as error:
                raise ConversionFailed(str(error)) from None
            produced = {d.stem: pdf for d, pdf in jobs if pdf.exists()}
        else:
            produced = _batch(soffice, documents, min(size, len(documents)), Path(temp), timeout)
        missing = [d.name for d in documents if d.stem not in produced]
        if missing:
            raise ConversionFailed("LibreOffice 未能转换 could not convert: " + ", ".join(missing))
        for document, target in zip(documents, targets, strict=True):
            with atomic_path(target, force) as temporary:
                shutil.move(produced[document.stem], temporary)
    return targets


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
