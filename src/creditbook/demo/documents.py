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
WORKLIST = "催收工作清单.xlsx"
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
        c.stage.stage
        for c in cases
        if c.stage is not None and not c.skip_reason and c.handed_to_legal is None
    )
    target = folder / DOCUMENTS / LETTERS
    batch = library.write_collection_letters(data, cases, target, settings, pdf)
    result.conversation = conversation_lines(cases)
    talked = {
        c.customer_id
        for c in cases
        if c.held_promises or c.broken or c.disputed or c.handed_to_legal is not None
    }
    for item in batch.skipped:
        if item.customer_id not in talked:
            result.notes.append(f"{item.customer_id} {item.customer_name}: {item.reason}")
    _add_batch(result, batch, target, "letter")


def conversation_lines(cases) -> list[str]:
    """What the contact log did to the letters, one line per customer and effect: promises
    holding a letter (暂缓) or part of it (部分暂缓), broken promises cited (and the stage
    raised), disputed invoices left out."""
    lines = []
    for case in sorted(cases, key=lambda c: c.customer_id):
        who = f"{case.customer_id} {case.customer_name}"
        if case.handed_to_legal is not None:
            lines.append(
                f"已移交法务 {who}（{case.handed_to_legal.isoformat()}），不发函，"
                "列入法律程序客户清单"
            )
            continue
        promised = "、".join(p.text for p in case.held_promises)
        if case.held_promises and case.skip_reason:
            lines.append(f"暂缓 {who}（{promised}）")
        elif case.held_promises:
            lines.append(f"部分暂缓 {who}（{promised}），其余 ¥{case.demanded:,.2f} 发函")
        for broken in case.broken:
            raised = f"，{case.escalated_from} → {case.stage.stage}" if case.escalated_from else ""
            lines.append(f"引用未兑现承诺 {who}（{broken.text}）{raised}")
        for disputed in case.disputed:
            reason = f"，{disputed.reason}" if disputed.reason else ""
            lines.append(
                f"争议不催收 {who}（{disputed.line.invoice_no} ¥{disputed.line.open:,.2f}{reason}）"
            )
    return lines


def worklist(data: SampleData, folder: Path, result: DemoResult) -> None:
    """催收工作清单 for the demo's day, one sheet per collector, as `creditbook worklist`
    writes it from the demo's ledger, register and contact log."""
    from creditbook.core.worklist import day_worklist
    from creditbook.sample import ledger_frame, register_frame
    from creditbook.workbooks.export import write_tables
    from creditbook.workbooks.reports import worklist_tables

    contacts = contact_log(folder)
    if contacts is None:
        result.notes.append("没有客户联系与催收记录，未生成催收工作清单")
        return
    ledger, register = ledger_frame(data.invoices), register_frame(data.register)
    items = day_worklist(ledger, register, contacts, data.as_of, DEMO_POLICY)
    path = write_tables(worklist_tables(items, data.as_of), folder / DOCUMENTS / WORKLIST)
    result.add(Output(f"催收工作清单 collection worklist ({len(items)} 户)", path))


def contact_log(folder: Path):
    """The demo's 客户联系与催收记录 workbook, read as `--contacts` reads it (None if absent)."""
    from creditbook.inputs.contacts import contacts_or_raise

    path = folder / WORKBOOKS / CONTACTS_BOOK
    return contacts_or_raise(path) if path.exists() else None
