"""The demo's documents: evaluation reports, approval forms, survey analysis, notices, letters."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from creditbook.demo import outputs as library
from creditbook.demo import steps
from creditbook.demo.result import DEMO_POLICY, DOCUMENTS, WORKBOOKS, DemoResult, Output
from creditbook.sample import SampleData

if TYPE_CHECKING:
    from creditbook.documents.batch import BatchResult
    from creditbook.settings import Settings

REPORTS = "评估与审批"
LETTERS = "催收函"
NOTICES = "信用调整通知书"
SURVEY_REPORT = "顾客满意度调查分析报告.docx"
CONTACTS_BOOK = "客户联系与催收记录.xlsx"
# A strong A customer, a sound B one and a C customer who pays late and must give a guarantee.
REPORTED = ("KH0001", "KH0008", "KH0020")


def evaluation_documents(
    data: SampleData, folder: Path, settings: Settings, result: DemoResult
) -> None:
    """Three customers' evaluation workbook, 客户信用评估报告 and 信用额度审批表."""
    target = folder / DOCUMENTS / REPORTS
    books = folder / WORKBOOKS
    for cid in REPORTED:
        m = library.evaluation_documents(data, cid, books, target, settings)
        facts = (
            ("score", m.score), ("grade", m.grade), ("limit", m.limit),
            ("term_days", m.term_days), ("policy", DEMO_POLICY),
        )  # fmt: skip
        result.evaluated.append((cid, m.score, m.grade, m.limit, m.term_days))
        name = data.customer(cid).name
        result.add(Output(f"客户信用评估表 {name}", m.workbook, cid, "evaluation", facts))
        result.add(Output(f"客户信用评估报告 {name}", m.report, cid, "evaluation", facts))
        result.add(Output(f"信用额度审批表 {name}", m.approval, cid, "approval", facts))


def survey_report(folder: Path, settings: Settings, result: DemoResult) -> None:
    """顾客满意度调查分析报告 from the survey workbook (seed 1: 每年满意度调查)."""
    survey = folder / WORKBOOKS / "顾客满意度调查.xlsx"
    if not survey.exists():
        result.notes.append("没有满意度调查工作簿，未生成分析报告")
        return
    path = library.survey_report(survey, folder / DOCUMENTS / SURVEY_REPORT, settings)
    result.add(Output("顾客满意度调查分析报告 survey analysis", path))


def convert_single_documents(result: DemoResult) -> None:
    """PDFs of the reports, approval forms and survey analysis, in one Word/LibreOffice run."""
    singles = [
        o for o in result.outputs
        if o.path.suffix == ".docx" and o.kind in {"evaluation", "approval", "document"}
    ]  # fmt: skip
    pdfs = library.to_pdf([o.path for o in singles])
    result.pdf_made_by = result.pdf_made_by or pdfs.made_by
    for output, pdf in zip(singles, pdfs, strict=True):
        result.add(Output(output.label, pdf, output.customer_id, output.kind, output.facts))


def _add_batch(result: DemoResult, batch: BatchResult, folder: Path, kind: str) -> None:
    result.pdf_made_by = result.pdf_made_by or batch.pdf_made_by
    for w in batch.written:
        if w.error:
            result.notes.append(f"{w.customer_id} {w.document} 未生成: {w.error}")
            continue
        facts: tuple[tuple[str, object], ...] = (
            ("letter_no", w.number),
            ("stage", w.stage),
            ("amount", w.amount),
        )
        if kind == "adjustment":
            facts = (("letter_no", w.number), ("note", w.stage))
        label = f"{w.document} {w.number} {w.customer_name}"
        result.add(Output(label, folder / w.file, w.customer_id, kind, facts))
        if w.pdf:
            result.add(Output(label, folder / w.pdf, w.customer_id, kind, facts))
    for path in [*batch.manifest, *batch.extra, *([batch.merged] if batch.merged else [])]:
        result.add(Output(f"{path.stem} ({path.suffix[1:].upper()})", path))


def notices(
    data: SampleData, folder: Path, settings: Settings, result: DemoResult, pdf: bool
) -> None:
    """信用调整通知书 for every customer whose monitoring review recommends a change."""
    target = folder / DOCUMENTS / NOTICES
    batch = library.write_notices(data, target, settings, pdf, contact_log(folder))
    _add_batch(result, batch, target, "adjustment")


def letters(
    data: SampleData, folder: Path, settings: Settings, result: DemoResult, pdf: bool
) -> None:
    """A collection letter for every overdue customer at its dunning stage, as the company's
    own contact log (客户联系与催收记录, read from its workbook) leaves it: held for an open
    promise to pay, one stage up for a broken one, disputed invoices left out."""
    contacts = contact_log(folder)
    cases = steps.collection_cases(data, DEMO_POLICY, contacts)
    result.stages = Counter(
        c.stage.stage for c in cases if c.stage is not None and not c.skip_reason
    )
    target = folder / DOCUMENTS / LETTERS
    batch = library.write_collection_letters(data, cases, target, settings, pdf)
    for item in [*batch.skipped, *batch.held]:
        result.notes.append(f"{item.customer_id} {item.customer_name}: {item.reason}")
    _add_batch(result, batch, target, "letter")


def contact_log(folder: Path):
    """The demo's 客户联系与催收记录 workbook, read as `--contacts` reads it (None if absent)."""
    from creditbook.inputs.contacts import contacts_or_raise

    path = folder / WORKBOOKS / CONTACTS_BOOK
    return contacts_or_raise(path) if path.exists() else None
