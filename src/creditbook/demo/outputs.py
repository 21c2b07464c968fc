"""The demo's files: standard workbooks (built and recalculated) and collection letters."""

from __future__ import annotations

from pathlib import Path

from creditbook.core.collections import DunningCase
from creditbook.core.errors import CreditbookError
from creditbook.sample import Company, SampleData

LETTER_COUNTER = "creditbook-letter-numbers.json"


def pdf_available() -> bool:
    """LibreOffice is installed (PDFs are made only then)."""
    from creditbook.documents.pdf import find_soffice

    try:
        find_soffice()
    except CreditbookError:
        return False
    return True


def build_workbooks(folder: Path, policy: str, company: str) -> list[tuple[str, Path, int, int]]:
    """Every standard workbook with the sample company's data, recalculated headlessly.

    Returns (title, path, formulas, formula errors) per workbook.
    """
    from creditbook.workbooks.build import KINDS, kind, new_workbook_file
    from creditbook.workbooks.recalc import recalc_workbook

    built = []
    for name in KINDS:
        spec = kind(name)
        path = new_workbook_file(
            name, folder / f"{spec.title}.xlsx", sample=True, policy=policy, company=company
        )
        result = recalc_workbook(path, force=True)
        built.append((spec.title, path, result.formula_count, len(result.errors)))
    return built


def letter_settings(company: Company, policy: str, counter: Path):
    """The documents' settings (letterhead, bank account, letter numbers) for the seller."""
    from creditbook.settings import CompanySettings, LetterSettings, Settings

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
    data: SampleData, cases: tuple[DunningCase, ...], folder: Path, policy: str, pdf: bool
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
    settings = letter_settings(data.company, policy, folder.parent / LETTER_COUNTER)
    return write_letters(
        cases, folder, as_of=data.as_of, settings=settings, contacts=contacts, pdf=pdf, merge=pdf
    )
