"""One document from one context: report, approval form, notice, survey report (charts, PDF)."""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from creditbook.documents.contexts import CONTEXTS, ReportContext, SurveyContext
from creditbook.documents.render import TemplateError, render_docxtpl, template_path
from creditbook.files import atomic_write_bytes, check_output


@dataclass(frozen=True)
class DocumentFiles:
    docx: Path
    pdf: Path | None = None
    pdf_made_by: str = ""  # Microsoft Word or LibreOffice


def _charts(context: BaseModel, folder: Path) -> dict[str, Path]:
    from creditbook.documents import charts

    if isinstance(context, ReportContext):
        return charts.report_charts(context, folder)
    if isinstance(context, SurveyContext):
        return charts.survey_charts(context, folder)
    return {}


def render_document(
    kind: str, context: BaseModel, templates_dir: str | Path | None = None
) -> bytes:
    """The .docx bytes of a document kind rendered from its context."""
    expected = CONTEXTS.get(kind)
    if expected is None or not isinstance(context, expected):
        raise TemplateError(f"{kind}: expects a {expected.__name__ if expected else '?'} context")
    with tempfile.TemporaryDirectory(prefix="creditbook-charts-") as folder:
        document = render_docxtpl(
            template_path(kind, templates_dir), context, _charts(context, Path(folder))
        )
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue()


def write_document(
    kind: str,
    context: BaseModel,
    out: str | Path,
    *,
    pdf: bool = False,
    force: bool = False,
    templates_dir: str | Path | None = None,
) -> DocumentFiles:
    """Render to ``out`` (.docx, written atomically) and, with ``pdf``, convert beside it."""
    out = Path(out)
    if out.suffix.lower() != ".docx":
        out = out.with_suffix(".docx")
    check_output(out, force)
    if pdf:
        check_output(out.with_suffix(".pdf"), force)
    atomic_write_bytes(out, render_document(kind, context, templates_dir), force=force)
    if not pdf:
        return DocumentFiles(out)
    from creditbook.office.pdf import convert_to_pdf

    pdfs = convert_to_pdf([out], force=force)
    return DocumentFiles(out, pdfs[0], pdfs.made_by)
