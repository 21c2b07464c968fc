"""Render the pictures of docs/用户手册.md (docs/images/guide-*.png) from the guide's own commands.

The sample ledger and register go into a temporary folder, the guide's commands run there
(the CLI, as a user types them), and page 1 of each output is printed by LibreOffice and
rendered by pdftoppm. Usage: ``python scripts/render_guide_images.py [NAME ...]``.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from creditbook.documents.pdf import convert_to_pdf
from creditbook.sample import sample_data
from creditbook.workbooks.printing import render_page, workbooks_to_pdf
from creditbook.workbooks.sample_files import write_sample_files

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
AS_OF = "2026-11-30"
BOOKS = ["应收账款台账.xlsx", "--register", "客户信用档案.xlsx", "--as-of", AS_OF]
COMMANDS = (
    ["init"],
    ["aging", *BOOKS, "--out", "账龄.xlsx"],
    ["letters", *BOOKS, "--out", "催收函"],
    ["notice", *BOOKS, "--out", "通知书"],
    ["workbook", "new", "evaluation", "--sample", "--out", "评估-KH0008.xlsx"],
    ["report", "评估-KH0008.xlsx", "--out", "评估报告-KH0008.docx"],
    ["approval", "评估-KH0008.xlsx", "--out", "审批表-KH0008.docx", "--type", "调整"],
)
# picture name → the output file it shows (page 1) and the resolution that keeps it legible
PICTURES = {
    "guide-aging": ("账龄.xlsx", 110),  # landscape, 14 columns
    "guide-legal": ("催收函/法律程序客户清单.xlsx", 70),
    "guide-letter": ("催收函/KH0006_催款函.docx", 70),
    "guide-notice": ("通知书/KH0006_信用调整通知书.docx", 70),
    "guide-report": ("评估报告-KH0008.docx", 70),
    "guide-approval": ("审批表-KH0008.docx", 70),
}


def run_commands(folder: Path) -> None:
    write_sample_files(sample_data(), folder)
    for command in COMMANDS:
        subprocess.run([sys.executable, "-m", "creditbook", *command], cwd=folder, check=True)


def to_pdf(files: list[Path], out: Path) -> list[Path]:
    books = [f for f in files if f.suffix == ".xlsx"]
    documents = [f for f in files if f.suffix == ".docx"]
    pdfs = dict(zip(books, workbooks_to_pdf(books, out), strict=True))
    pdfs |= dict(zip(documents, convert_to_pdf(documents, out), strict=True))
    return [pdfs[f] for f in files]


def main(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        run_commands(folder)
        files = [folder / PICTURES[name][0] for name in names]
        (folder / "pdf").mkdir()
        for name, pdf in zip(names, to_pdf(files, folder / "pdf"), strict=True):
            print(render_page(pdf, 1, IMAGES / f"{name}.png", dpi=PICTURES[name][1]))


if __name__ == "__main__":
    main(sys.argv[1:] or list(PICTURES))
