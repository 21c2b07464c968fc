"""The other areas' library calls the demo makes: workbooks, recalculation, documents, PDF."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from creditbook.core.collections import DunningCase
from creditbook.core.errors import CreditbookError
from creditbook.files import atomic_write_bytes
from creditbook.sample import Company, SampleData, ledger_frame, register_frame
from creditbook.settings import CompanySettings, LetterSettings, Settings

if TYPE_CHECKING:
    from creditbook.office.pdf import PdfFiles

LETTER_COUNTER = "creditbook-letter-numbers.json"


def pdf_available() -> bool:
    """Word (on Windows) or LibreOffice is installed (PDFs are made only then)."""
    from creditbook.office.pdf import pdf_available

    try:
        return pdf_available()
    except CreditbookError:  # CREDITBOOK_PDF is not a choice; the PDF step will say so
        return True


def build_workbooks(
    folder: Path, policy: str, company: str, skip: tuple[str, ...] = ()
) -> list[tuple[str, Path, int, int]]:
    """The standard workbooks with the sample company's data, recalculated headlessly.

    Returns (title, path, formulas, formula errors) per workbook; kinds in ``skip`` are left
    out (the demo builds its evaluation workbooks one per customer).
    """
    from creditbook.workbooks.build import KINDS, kind, new_workbook_file
    from creditbook.workbooks.recalc import recalc_workbook

    built = []
    for name in (k for k in KINDS if k not in skip):
        spec = kind(name)
        path = new_workbook_file(
            name, folder / f"{spec.title}.xlsx", sample=True, policy=policy, company=company
        )
        result = recalc_workbook(path, force=True)
        built.append((spec.title, path, result.formula_count, len(result.errors)))
    return built


def letter_settings(company: Company, policy: str, counter: Path) -> Settings:
    """The documents' settings (letterhead, bank account, letter numbers) for the seller."""
    return Settings(
        company=CompanySettings(
            name=company.name, address=company.address, postcode=company.postcode,
            phone=company.phone, contact=company.contact, contact_phone=company.contact_phone,
            email=company.email, bank_name=company.bank_name, bank_account=company.bank_account,
            legal_department=company.legal_department,
        ),
        letters=LetterSettings(number_prefix=company.letter_prefix),
        policy=policy,
        counter_file=str(counter.resolve()),
    )  # fmt: skip


def write_collection_letters(
    data: SampleData, cases: tuple[DunningCase, ...], folder: Path, settings: Settings, pdf: bool
):
    """One letter per overdue customer at its dunning stage (documents.letters)."""
    from creditbook.documents.letters import write_letters

    contacts = {
        entry.customer_id: {
            "customer_name": entry.customer_name,
            "contact": entry.contact,
            "address": entry.address,
            "phone": entry.phone,
        }
        for entry in data.register
    }
    return write_letters(
        cases, folder, as_of=data.as_of, settings=settings, contacts=contacts, pdf=pdf, merge=pdf
    )


def to_pdf(documents: list[Path]) -> PdfFiles:
    """PDFs beside the documents, all in one Word or LibreOffice run (office.pdf)."""
    from creditbook.office.pdf import convert_to_pdf

    return convert_to_pdf(documents)


def evaluation_workbook(customer_id: str, path: Path, policy: str, company: str) -> Path:
    """The credit officer's evaluation workbook for one sample customer, recalculated.

    Built exactly as ``workbook new evaluation --sample`` builds it, for the customer given.
    """
    from creditbook.core.policy import resolve_policy
    from creditbook.workbooks._sheet import BookContext, new_workbook
    from creditbook.workbooks.build import STAMP, kind, workbook_bytes
    from creditbook.workbooks.recalc import recalc_workbook

    spec = kind("evaluation")
    ctx = BookContext(company=company, title=spec.title)
    workbook = new_workbook(ctx)
    spec.build(workbook, ctx, resolve_policy(policy), spec.sample(customer_id))
    workbook.active = 0
    workbook.properties.created = STAMP
    atomic_write_bytes(path, workbook_bytes(workbook))
    recalc_workbook(path, force=True)
    return path


@dataclass(frozen=True)
class EvaluationFiles:
    """A customer's evaluation workbook, report and approval form, and what they concluded."""

    customer_id: str
    workbook: Path
    report: Path
    approval: Path
    score: float
    grade: str
    limit: Decimal
    term_days: int


def evaluation_documents(
    data: SampleData, customer_id: str, books: Path, folder: Path, settings: Settings
) -> EvaluationFiles:
    """Evaluation workbook → 客户信用评估报告 and 信用额度审批表 (documents.evaluation)."""
    from creditbook.documents.batch import file_stems
    from creditbook.documents.evaluation import evaluate, generate_approval, generate_report
    from creditbook.workbooks.evaluation import read_evaluation

    stem = file_stems([customer_id])[customer_id]  # the id itself when it is a legal name
    book = evaluation_workbook(
        customer_id, books / f"客户信用评估表-{stem}.xlsx", settings.policy, data.company.name
    )
    result = evaluate(read_evaluation(book))
    request = "新增" if data.customer(customer_id).is_new else "调整"
    group_books = (ledger_frame(data.invoices), register_frame(data.register), data.groups)
    report = generate_report(
        book, folder / f"{stem}_客户信用评估报告.docx", settings=settings, books=group_books
    )
    approval = generate_approval(
        book, folder / f"{stem}_信用额度审批表.docx", settings=settings, request_type=request
    )
    return EvaluationFiles(
        customer_id, book, report.docx, approval.docx, round(result.total, 2), result.grade.grade,
        result.limit.limit, result.term_days,
    )  # fmt: skip


def survey_report(survey: Path, out: Path, settings: Settings) -> Path:
    """顾客满意度调查分析报告 from the survey workbook (documents.survey)."""
    from creditbook.documents.survey import generate_survey_report

    return generate_survey_report(survey, out, settings=settings).docx


def write_notices(data: SampleData, folder: Path, settings: Settings, pdf: bool, contacts=None):
    """信用调整通知书 for the customers the monitoring review advises a change for (with the
    contact log, broken promises and old disputes count among the signals)."""
    from creditbook.documents.notice_batch import generate_notices

    return generate_notices(
        ledger_frame(data.invoices), register_frame(data.register), data.as_of, folder,
        settings=settings, policy=settings.policy, pdf=pdf, contact_log=contacts,
    )  # fmt: skip
