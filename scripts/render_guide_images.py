"""Render the pictures of docs/用户手册.md (docs/images/guide-*.png) from the guide's own commands.

The sample ledger and register go into a temporary folder, the guide's commands run there
(the CLI, as a user types them), and page 1 of each output is printed by LibreOffice and
rendered by pdftoppm. Usage: ``python scripts/render_guide_images.py [NAME ...]``.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from creditbook.office.pdf import convert_to_pdf
from creditbook.sample import sample_data
from creditbook.workbooks.printing import render_page, workbooks_to_pdf
from creditbook.workbooks.sample_files import write_sample_files

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
AS_OF = "2026-11-30"
BOOKS = ["应收账款台账.xlsx", "--register", "客户信用档案.xlsx", "--as-of", AS_OF]
COMPANY = [
    "--name", "苏州鼎润精密传动股份有限公司", "--address", "江苏省苏州市工业园区星龙街 428 号",
    "--bank", "中国工商银行股份有限公司苏州工业园区支行", "--account", "1102 0203 0900 0158 627",
    "--prefix", "鼎润财函",
]  # fmt: skip
# As the guide goes: drafts first (the example company), then the company's own settings and
# the final letters over the drafts with --force (which voids the drafts in the letter log).
DRAFTS = (
    ["init"],
    ["letters", *BOOKS, "--out", "催收函"],
)
DRAFT_KEPT = ("催收函/KH0006_催款函.docx", "样稿-KH0006_催款函.docx")
COMMANDS = (
    ["init", "--force", *COMPANY],
    ["aging", *BOOKS, "--out", "账龄.xlsx"],
    ["letters", *BOOKS, "--out", "催收函", "--force", "--interest"],
    ["notice", *BOOKS, "--out", "通知书"],
    ["workbook", "new", "evaluation", "--sample", "--out", "评估-KH0008.xlsx"],
    ["report", "评估-KH0008.xlsx", "--out", "评估报告-KH0008.docx"],
    ["approval", "评估-KH0008.xlsx", "--out", "审批表-KH0008.docx", "--type", "调整"],
)
# picture name → the output file it shows (page 1) and the resolution that keeps it legible
PICTURES = {
    "guide-aging": ("账龄.xlsx", 110),  # landscape, 14 columns
    "guide-legal": ("催收函/法律程序客户清单.xlsx", 70),
    "guide-draft": (DRAFT_KEPT[1], 70),
    "guide-letter": ("催收函/KH0006_催款函.docx", 70),
    "guide-notice": ("通知书/KH0006_信用调整通知书.docx", 70),
    "guide-report": ("评估报告-KH0008.docx", 70),
    "guide-approval": ("审批表-KH0008.docx", 70),
}


def creditbook(folder: Path, *commands: list[str]) -> None:
    for command in commands:
        subprocess.run(
            [sys.executable, "-m", "creditbook", *command],
            cwd=folder, check=True, stdin=subprocess.DEVNULL,
        )  # fmt: skip


def run_commands(folder: Path) -> None:
    write_sample_files(sample_data(), folder)
    creditbook(folder, *DRAFTS)
    shutil.copy(folder / DRAFT_KEPT[0], folder / DRAFT_KEPT[1])
    creditbook(folder, *COMMANDS)


def to_pdf(files: dict[str, Path], out: Path) -> dict[str, Path]:
    """PDF of each output, under its picture's name (two outputs may share a file name)."""
    named = out / "in"
    named.mkdir(parents=True)
    copies = {name: Path(shutil.copy(f, named / f"{name}{f.suffix}")) for name, f in files.items()}
    books = [c for c in copies.values() if c.suffix == ".xlsx"]
    documents = [c for c in copies.values() if c.suffix == ".docx"]
    pdfs = dict(zip(books, workbooks_to_pdf(books, out), strict=True))
    pdfs |= dict(zip(documents, convert_to_pdf(documents, out), strict=True))
    return {name: pdfs[copy] for name, copy in copies.items()}


def main(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        run_commands(folder)
        files = {name: folder / PICTURES[name][0] for name in names}
        for name, pdf in to_pdf(files, folder / "pdf").items():
            print(render_page(pdf, 1, IMAGES / f"{name}.png", dpi=PICTURES[name][1]))


if __name__ == "__main__":
    main(sys.argv[1:] or list(PICTURES))
