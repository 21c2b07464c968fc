"""Render one page of each sample workbook to docs/images/workbook-KIND.png for the README."""

import sys
import tempfile
from pathlib import Path

from creditbook.workbooks.build import new_workbook_file
from creditbook.workbooks.printing import find_page, render_page, workbooks_to_pdf

# The sheet whose page shows each workbook best.
SHOWCASE = {
    "evaluation": "客户信用评估表 — 评分",
    "register": "客户信用档案 — 信用档案",
    "aging": "应收账款账龄分析 — 账龄汇总",
    "contacts": "客户联系与催收记录 — 联系记录",
    "survey": "顾客满意度调查 — 统计分析",
}
IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"


def main(kinds: list[str]) -> None:
    with tempfile.TemporaryDirectory() as temp:
        books = [
            new_workbook_file(kind, Path(temp) / f"{kind}.xlsx", sample=True) for kind in kinds
        ]
        pdfs = workbooks_to_pdf(books, temp)
        for kind, pdf in zip(kinds, pdfs, strict=True):
            page = find_page(pdf, SHOWCASE[kind])
            print(render_page(pdf, page, IMAGES / f"workbook-{kind}.png", dpi=70))


if __name__ == "__main__":
    main(sys.argv[1:] or list(SHOWCASE))
