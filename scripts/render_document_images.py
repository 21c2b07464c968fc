"""Render page one of each sample document to docs/images/doc-KIND.png for the README.

The samples are shown as a company's real documents: the sample company's settings would
mark them 样稿, which is right for a preview but not what the README illustrates.
"""

import sys
import tempfile
from pathlib import Path

from creditbook.documents import samples
from creditbook.documents.single import render_document
from creditbook.documents.template_builder import TEMPLATE_FILES
from creditbook.office.pdf import convert_to_pdf
from creditbook.workbooks.printing import render_page

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"


def main(kinds: list[str], dpi: int = 70, folder: Path = IMAGES) -> None:
    with tempfile.TemporaryDirectory() as temp:
        documents = []
        for kind in kinds:
            context = samples.sample(kind)
            company = context.company.model_copy(update={"draft": False})
            path = Path(temp) / f"{kind}.docx"
            path.write_bytes(render_document(kind, context.model_copy(update={"company": company})))
            documents.append(path)
        for kind, pdf in zip(kinds, convert_to_pdf(documents), strict=True):
            print(render_page(pdf, 1, folder / f"doc-{kind}.png", dpi=dpi))


if __name__ == "__main__":
    main(sys.argv[1:] or list(TEMPLATE_FILES))
