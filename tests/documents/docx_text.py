"""All the text a reader sees in a .docx: body paragraphs, tables, headers and footers."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document


def _blocks(container) -> list[str]:
    texts = [p.text for p in container.paragraphs]
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(_blocks(cell))
    return texts


def docx_lines(source: bytes | str | Path) -> list[str]:
    document = Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    lines = _blocks(document)
    for section in document.sections:
        lines += _blocks(section.header) + _blocks(section.footer)
    return lines


def docx_text(source: bytes | str | Path) -> str:
    return "\n".join(docx_lines(source))
