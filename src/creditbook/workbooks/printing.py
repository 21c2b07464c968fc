"""Workbooks to PDF through LibreOffice, and PDF pages to PNG (README images, checks)."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from creditbook.files import atomic_write_bytes
from creditbook.office.pdf import convert_to_pdf
from creditbook.workbooks.recalc import calculate, values_copy


def workbooks_to_pdf(
    books: Sequence[str | Path], out_dir: str | Path, force: bool = False
) -> list[Path]:
    """PDF of each workbook with its calculated values (CB_ included), one soffice run.

    LibreOffice knows no CB_ functions and recalculates array formulas on opening, so each
    book is calculated here and printed from its values-only copy.
    """
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="creditbook-print-") as temp:
        copies = []
        for book in books:
            copy = Path(temp) / Path(book).name
            atomic_write_bytes(copy, values_copy(calculate(book).data))
            copies.append(copy)
        return convert_to_pdf(copies, out_dir, force=force)


def page_text(pdf: str | Path, page: int) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def page_count(pdf: str | Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages"))
    )


def page_sizes(pdf: str | Path) -> list[tuple[float, float]]:
    """Each page's (width, height) in points."""
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(page_count(pdf)), str(pdf)],
        capture_output=True,
        check=True,
        text=True,
    )
    sizes = []
    for line in info.stdout.splitlines():
        if line.startswith("Page") and "size:" in line:
            words = line.split("size:")[1].split()
            sizes.append((float(words[0]), float(words[2])))
    return sizes


def find_page(pdf: str | Path, text: str) -> int:
    """The first page whose text contains ``text`` (e.g. a sheet's running header)."""
    for page in range(1, page_count(pdf) + 1):
        if text in page_text(pdf, page):
            return page
    raise LookupError(f"{pdf}: no page shows {text!r}")


def render_page(pdf: str | Path, page: int, png: str | Path, dpi: int = 70) -> Path:
    """One page as PNG (pdftoppm)."""
    png = Path(png)
    stem = png.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    return png
