"""Collection letters in batch: one per customer at its highest dunning stage, numbered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from creditbook.documents.batch import (
    BatchResult,
    Job,
    Numbering,
    Progress,
    Written,
    run_batch,
    safe_name,
)
from creditbook.documents.contexts import LETTER_TITLES, CompanyInfo, InvoiceLine, LetterContext
from creditbook.documents.legal import LegalEntry, legal_list_paths, write_legal_list
from creditbook.documents.render import FastTemplate, template_path
from creditbook.settings import Settings

LETTER_KINDS = {"reminder": "reminder", "demand": "demand", "final": "final", "legal": "final"}
MERGED_PDF = "催收函-合并打印.pdf"
MANIFEST = "催收函-清单"


class _Line(Protocol):
    invoice_no: str
    invoice_date: dt.date
    due_date: dt.date
    amount: Decimal
    received: Decimal
    days_overdue: int


class _Stage(Protocol):
    stage: str
    letter: str


class Case(Protocol):
    """A customer to collect from (the receivables core's DunningCase)."""

    customer_id: str
    customer_name: str
    stage: _Stage
    max_days_overdue: int
    lines: Sequence[_Line]


def select_cases(
    cases: Iterable[Case], stages: Sequence[str] = (), customers: Sequence[str] = ()
) -> list[Case]:
    """Keep the cases at the given stages (付款提醒 or reminder …) and customers."""
    wanted_stages = {s.strip() for s in stages}
    wanted_customers = {c.strip() for c in customers}
    chosen = []
    for case in cases:
        if wanted_customers and case.customer_id not in wanted_customers:
            continue
        if wanted_stages and not {case.stage.stage, case.stage.letter} & wanted_stages:
            continue
        chosen.append(case)
    return chosen


def letter_context(
    case: Case,
    number: str,
    letter_date: dt.date,
    as_of: dt.date,
    settings: Settings,
    contact: Mapping[str, Any] | None = None,
) -> LetterContext:
    """The context of one letter from a dunning case, the settings and the register row."""
    contact = contact or {}
    wording = settings.letters
    return LetterContext(
        kind=LETTER_KINDS[case.stage.letter],  # type: ignore[arg-type]
        stage=case.stage.stage,
        letter_no=number,
        letter_date=letter_date,
        as_of=as_of,
        company=CompanyInfo.from_settings(settings),
        customer_id=case.customer_id,
        customer_name=str(contact.get("customer_name") or case.customer_name),
        contact=str(contact.get("contact") or ""),
        address=str(contact.get("address") or ""),
        phone=str(contact.get("phone") or ""),
        invoices=tuple(
            InvoiceLine(
                invoice_no=line.invoice_no,
                invoice_date=line.invoice_date,
                due_date=line.due_date,
                amount=line.amount,
                paid=line.received,
                days_overdue=line.days_overdue,
            )
            for line in case.lines
        ),
        payment_deadline=letter_date + dt.timedelta(days=wording.payment_deadline_days),
        objection_days=wording.objection_days,
        contract_text=wording.contract_text,
        interest_text=wording.interest_text,
        legal_text=wording.legal_text,
    )


def letter_file(case: Case) -> str:
    title = LETTER_TITLES[LETTER_KINDS[case.stage.letter]]
    return f"{safe_name(case.customer_id)}_{title}.docx"


def write_letters(
    cases: Iterable[Case],
    out_dir: str | Path,
    *,
    as_of: dt.date,
    settings: Settings | None = None,
    contacts: Mapping[str, Mapping[str, Any]] | None = None,
    letter_date: dt.date | None = None,
    pdf: bool = False,
    merge: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    templates_dir: str | Path | None = None,
) -> BatchResult:
    """Write one letter per case; a failing customer is recorded and the rest go on.

    Letter numbers are reserved (and the counter saved) before any letter is written, so
    a number is never issued twice, even when a letter fails or the run is interrupted.
    """
    settings = settings or Settings()
    letter_date = letter_date or as_of
    cases = list(cases)
    folder = Path(out_dir)
    expected = (
        [folder / letter_file(c) for c in cases]
        + [folder / f"{MANIFEST}.csv", folder / f"{MANIFEST}.json"]
        + (legal_list_paths(folder) if any(c.stage.letter == "legal" for c in cases) else [])
        + ([folder / MERGED_PDF] if pdf and merge else [])
        + ([folder / letter_file(c).replace(".docx", ".pdf") for c in cases] if pdf else [])
    )
    templates: dict[str, FastTemplate] = {}

    def make(index: int, number: str) -> Job:
        return _one(
            cases[index], number, folder, templates, as_of, letter_date, settings, contacts,
            templates_dir,
        )  # fmt: skip

    def legal_list(result: BatchResult) -> None:
        legal = [
            _legal_entry(c, w, contacts)
            for c, w in zip(cases, result.written, strict=True)
            if c.stage.letter == "legal"
        ]
        if legal:
            result.extra = write_legal_list(legal, folder, as_of, force)

    return run_batch(
        folder,
        len(cases),
        make,
        numbering=Numbering(
            settings.counter_path, settings.letters.number_prefix, letter_date.year
        ),
        expected=expected,
        manifest_stem=MANIFEST,
        pdf=pdf,
        merge_name=MERGED_PDF if merge else None,
        force=force,
        progress=progress,
        finish=legal_list,
    )


def _one(
    case: Case,
    number: str,
    folder: Path,
    templates: dict[str, FastTemplate],
    as_of: dt.date,
    letter_date: dt.date,
    settings: Settings,
    contacts: Mapping[str, Mapping[str, Any]] | None,
    templates_dir: str | Path | None,
) -> Job:
    kind = LETTER_KINDS.get(case.stage.letter, "")
    item = Written(
        customer_id=case.customer_id,
        customer_name=case.customer_name,
        stage=case.stage.stage,
        document=LETTER_TITLES.get(kind, ""),
        amount=None,
        number=number,
    )

    def render() -> bytes:
        context = letter_context(
            case, number, letter_date, as_of, settings, (contacts or {}).get(case.customer_id)
        )
        item.amount = context.amount_owed
        if kind not in templates:
            templates[kind] = FastTemplate(template_path(kind, templates_dir))
        return templates[kind].render_bytes(context)

    return item, folder / letter_file(case), render


def _legal_entry(
    case: Case, written: Written, contacts: Mapping[str, Mapping[str, Any]] | None
) -> LegalEntry:
    contact = (contacts or {}).get(case.customer_id) or {}
    return LegalEntry(
        customer_id=case.customer_id,
        customer_name=written.customer_name,
        amount=written.amount or sum((ln.amount - ln.received for ln in case.lines), Decimal(0)),
        max_days_overdue=case.max_days_overdue,
        invoices=len(case.lines),
        letter_no=written.number,
        file=written.file,
        contact=str(contact.get("contact") or ""),
        phone=str(contact.get("phone") or ""),
        address=str(contact.get("address") or ""),
    )
