"""Collection letters in batch: one per customer at its highest dunning stage, numbered and
entered in the 发文登记簿; customers that get no letter are listed with the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from creditbook.core.errors import InvalidValue
from creditbook.core.interest import (
    Interest,
    InterestTerms,
    interest_wording,
    late_payment_interest,
    load_lpr,
    stale_lpr_warning,
)
from creditbook.core.money import ZERO, round_fen
from creditbook.core.promises import held_reason
from creditbook.documents.batch import (
    BatchResult,
    Job,
    Numbering,
    Progress,
    Written,
    file_stems,
    run_batch,
)
from creditbook.documents.contact_rows import LETTER_PURPOSE, paste_path, write_contact_rows
from creditbook.documents.contexts import (
    LETTER_TITLES,
    CompanyInfo,
    DisputedInvoice,
    EarlierLetter,
    InterestRow,
    InvoiceLine,
    LetterContext,
    LetterKind,
)
from creditbook.documents.legal import LegalEntry, legal_list_paths, write_legal_list
from creditbook.documents.numbering import LogEntry, earlier_letters, read_log
from creditbook.documents.render import FastTemplate, template_path
from creditbook.documents.store.config import shared_letters
from creditbook.settings import Settings

LETTER_KINDS: dict[str, LetterKind] = {
    "reminder": "reminder",
    "demand": "demand",
    "final": "final",
    "legal": "final",
}
MERGED_PDF = "催收函-合并打印.pdf"
MANIFEST = "催收函-清单"


# Read-only members (properties): the core's records are frozen dataclasses.
class _Line(Protocol):
    @property
    def invoice_no(self) -> str: ...
    @property
    def invoice_date(self) -> dt.date: ...
    @property
    def due_date(self) -> dt.date: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def received(self) -> Decimal: ...
    @property
    def days_overdue(self) -> int: ...


class _Stage(Protocol):
    @property
    def stage(self) -> str: ...
    @property
    def letter(self) -> str: ...


class Case(Protocol):
    """A customer to collect from (the receivables core's DunningCase)."""

    @property
    def customer_id(self) -> str: ...
    @property
    def customer_name(self) -> str: ...
    @property
    def stage(self) -> _Stage | None: ...  # None: no letter (its skip_reason says why)
    @property
    def max_days_overdue(self) -> int: ...
    @property
    def lines(self) -> Sequence[_Line]: ...


def _stage(case: Case) -> _Stage:
    """The stage of a case that gets a letter (collection_review gives every case without
    one a skip_reason, so a letter is never asked for a case without a stage)."""
    if case.stage is None:
        raise ValueError(f"{case.customer_id}: no dunning stage, no letter")
    return case.stage


def _kind(case: Case) -> LetterKind:
    return LETTER_KINDS[_stage(case).letter]


@dataclass(frozen=True)
class Skipped:
    """An overdue customer that gets no letter, and why."""

    customer_id: str
    customer_name: str
    reason: str


@dataclass
class LetterBatch(BatchResult):
    """The letters written, and the overdue customers skipped with the reason."""

    skipped: list[Skipped] = field(default_factory=list)
    held: list[Skipped] = field(default_factory=list)  # letters for the rest of a promise


def check_stage_names(stages: Sequence[str], known: Sequence[str]) -> None:
    """Refuse a stage not in ``known`` (the policy's stage names and letter kinds)."""
    unknown = sorted({s.strip() for s in stages} - set(known))
    if unknown:
        raise InvalidValue(
            f"--stage {'、'.join(unknown)}: 没有这个催收阶段 no such dunning stage; "
            f"可选 choose from {'、'.join(known)}"
        )


def select_cases(
    cases: Iterable[Case],
    stages: Sequence[str] = (),
    customers: Sequence[str] = (),
    known: Sequence[str] = (),
) -> list[Case]:
    """Keep the cases at the given stages (付款提醒 or reminder …) and customers; a stage
    not in ``known`` (the policy's stage names and letter kinds) is refused, not matched
    to nothing."""
    wanted_stages = {s.strip() for s in stages}
    wanted_customers = {c.strip() for c in customers}
    if known:
        check_stage_names(stages, known)
    chosen = []
    for case in cases:
        if wanted_customers and case.customer_id not in wanted_customers:
            continue
        stage = case.stage
        if wanted_stages and (stage is None or not {stage.stage, stage.letter} & wanted_stages):
            continue
        chosen.append(case)
    return chosen


def _note(line: _Line) -> str:
    """'' for an overdue invoice; the credit's label (贷项冲减 …) for a credit line."""
    return str(getattr(line, "note", ""))


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def held_text(case: Case) -> str:
    """'贵司已承诺于2026年12月10日前支付人民币50,000.00元，该部分暂缓催收' ('' when none held)."""
    held = getattr(case, "held", ZERO)
    promises = getattr(case, "held_promises", ())
    if not held or not promises:
        return ""
    said = "、".join(f"于{_cn(p.promise.due)}前支付人民币{p.remaining:,.2f}元" for p in promises)
    if held == round_fen(sum((p.remaining for p in promises), ZERO)):
        return f"贵司已承诺{said}，该部分暂缓催收，不计入本次催收金额"
    return f"贵司已承诺{said}，其中人民币{held:,.2f}元暂缓催收，不计入本次催收金额"


def broken_text(case: Case) -> str:
    """The sentence citing the broken promise ('' when none)."""
    broken = getattr(case, "broken", ())
    return f"{broken[-1].citation}。" if broken else ""


def disputed_invoices(case: Case) -> tuple[DisputedInvoice, ...]:
    return tuple(
        DisputedInvoice(
            invoice_no=d.line.invoice_no,
            invoice_date=d.line.invoice_date,
            due_date=d.line.due_date,
            open=d.line.open,
            reason=d.reason,
            since=d.since,
        )
        for d in getattr(case, "disputed", ())
    )


def letter_context(
    case: Case,
    number: str,
    letter_date: dt.date,
    as_of: dt.date,
    settings: Settings,
    contact: Mapping[str, Any] | None = None,
    earlier: Sequence[LogEntry] = (),
    interest: Interest | None = None,
) -> LetterContext:
    """The context of one letter from a dunning case, the settings and the register row."""
    contact = contact or {}
    wording = settings.letters
    return LetterContext(
        kind=_kind(case),
        stage=_stage(case).stage,
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
                days_overdue=line.days_overdue if not _note(line) else 0,
                note=_note(line),
            )
            for line in case.lines
        ),
        payment_deadline=letter_date + dt.timedelta(days=wording.payment_deadline_days),
        objection_days=wording.objection_days,
        contract_text=wording.contract_text,
        interest_text=wording.interest_text or interest_wording(interest_terms(settings)),
        legal_text=wording.legal_text,
        earlier=tuple(
            EarlierLetter(date=e.date, title=e.document, number=e.number) for e in earlier
        ),
        interest=interest_rows(interest) if interest else (),
        interest_to=interest.end if interest else None,
        held=getattr(case, "held", ZERO),
        held_text=held_text(case),
        broken_text=broken_text(case),
        disputed=disputed_invoices(case),
    )


def interest_terms(settings: Settings) -> InterestTerms:
    wording = settings.letters
    return InterestTerms(
        clause=wording.interest_clause,
        daily_rate=wording.interest_daily_rate,
        markup=wording.interest_lpr_markup,
        day_basis=wording.interest_day_basis,
    )


def case_interest(case: Case, end: dt.date, terms: InterestTerms, table) -> Interest:
    """Interest on each overdue invoice's principal; the credits are applied to the oldest
    invoices first, so no interest is claimed on an amount the customer has covered."""
    credit = -sum((ln.amount - ln.received for ln in case.lines if _note(ln)), ZERO)
    invoices = []
    for line in sorted((ln for ln in case.lines if not _note(ln)), key=lambda ln: ln.due_date):
        principal = round_fen(line.amount - line.received)
        applied = min(credit, principal)
        credit -= applied
        if principal - applied > 0:
            invoices.append((line.invoice_no, line.due_date, principal - applied))
    return late_payment_interest(invoices, end, terms, table)


def interest_rows(interest: Interest) -> tuple[InterestRow, ...]:
    rows = []
    for line in interest.lines:
        if line.daily_rate is not None:
            rate = f"合同日利率 {_pct(line.daily_rate)}"
        elif line.annual_rate is not None and line.lpr is not None:
            uplift = f"{interest.terms.markup * 100:.0f}%"
            rate = f"LPR {_pct(line.lpr)} 加计 {uplift} = {_pct(line.annual_rate)}"
        else:
            rate = "—"
        rows.append(
            InterestRow(
                invoice_no=line.invoice_no,
                principal=line.principal,
                start=line.start,
                days=line.days,
                rate=rate,
                amount=line.amount,
                note=line.note,
            )
        )
    return tuple(rows)


def _pct(rate: Decimal) -> str:
    """0.05025 → '5.025%'; 0.031 → '3.10%'."""
    whole, _, fraction = f"{rate * 100:.4f}".rstrip("0").partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}%"


def owed(case: Case) -> Decimal:
    """What the letter demands: the table's open amounts, overdue invoices less credits,
    less what an open promise to pay holds back."""
    lines = round_fen(sum((ln.amount - ln.received for ln in case.lines), ZERO))
    return round_fen(lines - getattr(case, "held", ZERO))


def letter_files(cases: Sequence[Case]) -> dict[str, str]:
    """客户编码 → the letter's file name, unique within the batch."""
    stems = file_stems([c.customer_id for c in cases])
    return {c.customer_id: f"{stems[c.customer_id]}_{LETTER_TITLES[_kind(c)]}.docx" for c in cases}


def write_letters(
    cases: Iterable[Case],
    out_dir: str | Path,
    *,
    as_of: dt.date,
    settings: Settings | None = None,
    contacts: Mapping[str, Mapping[str, Any]] | None = None,
    letter_date: dt.date | None = None,
    interest: bool = False,
    pdf: bool = False,
    merge: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    templates_dir: str | Path | None = None,
    staff: Mapping[str, str] | None = None,
) -> LetterBatch:
    """Write one letter per case; a failing customer is recorded and the rest go on.

    Every letter written is also a row of the contact log (客户联系与催收记录) in
    ``联系记录-待粘贴-催收函.xlsx`` beside the letters, with its 经办人 from ``staff`` (客户编码 →
    name) when known (see ``documents.contact_rows``).

    Cases with a ``skip_reason`` get no letter and are listed in ``skipped``. Letter numbers
    are reserved (and the counter saved) before any letter is written, and entered in the
    发文登记簿 as 作废 until their letter is on disk, so a number is never issued twice nor
    lost, even when a letter fails or the run is interrupted (see ``run_batch``).
    """
    settings = settings or Settings()
    letter_date = letter_date or as_of
    skipped: list[Skipped] = []
    held: list[Skipped] = []
    chosen = []
    handed = []  # handed to the legal department (contact log): the legal list, no letter
    for case in cases:
        reason = getattr(case, "skip_reason", "")
        since = getattr(case, "handed_to_legal", None)
        if since is not None and not reason:
            handed.append(case)
            note = f"已移交法务（{since.isoformat()}），不发函，列入法律程序客户清单"
            skipped.append(Skipped(case.customer_id, case.customer_name, note))
        elif reason:
            skipped.append(Skipped(case.customer_id, case.customer_name, reason))
        else:
            chosen.append(case)
            if getattr(case, "held", ZERO) > 0:
                note = f"{held_reason(case.held_promises)}，其余 ¥{owed(case):,.2f} 发函"  # type: ignore[attr-defined]
                held.append(Skipped(case.customer_id, case.customer_name, note))
    folder = Path(out_dir)
    files = letter_files(chosen)
    expected = (
        [folder / files[c.customer_id] for c in chosen]
        + [folder / f"{MANIFEST}.csv", folder / f"{MANIFEST}.json"]
        + (
            legal_list_paths(folder)
            if handed or any(_stage(c).letter == "legal" for c in chosen)
            else []
        )
        + ([folder / MERGED_PDF] if pdf and merge else [])
        + ([paste_path(folder, LETTER_PURPOSE)] if chosen and not settings.is_draft else [])
        + ([folder / files[c.customer_id].replace(".docx", ".pdf") for c in chosen] if pdf else [])
    )
    # With --force a letter replaces the file of an earlier one: that one was never sent.
    targets = {str((folder / files[c.customer_id]).resolve()) for c in chosen}
    shared = shared_letters(settings)
    logged = read_log(settings.log_path) if shared is None else shared.latest()
    history = [e for e in logged if e.file not in targets or not force]
    rates = load_lpr(settings.lpr_path) if interest else None
    templates: dict[str, FastTemplate] = {}

    def make(index: int, number: str) -> Job:
        case = chosen[index]
        earlier = earlier_letters(history, case.customer_id, letter_date)
        owed_interest = (
            case_interest(case, letter_date, interest_terms(settings), rates)
            if rates is not None
            else None
        )
        render = _renderer(
            case, number, templates, as_of, letter_date, settings, contacts, earlier,
            owed_interest, templates_dir,
        )  # fmt: skip
        return _item(case, number), folder / files[case.customer_id], render

    def legal_list(result: BatchResult) -> None:
        legal = [
            _legal_entry(c, w, contacts)
            for c, w in zip(chosen, result.written, strict=True)
            if _stage(c).letter == "legal"
        ] + [_legal_entry(c, None, contacts) for c in handed]
        if legal:
            result.extra = write_legal_list(legal, folder, as_of, force)
        write_contact_rows(
            result, folder, letter_date, LETTER_PURPOSE, draft=settings.is_draft, force=force,
            staff=staff, people=contacts,
        )  # fmt: skip

    batch = run_batch(
        folder,
        len(chosen),
        make,
        numbering=Numbering(
            settings.counter_path,
            settings.letters.number_prefix,
            letter_date,
            settings.log_path,
            draft=settings.is_draft,
            store=shared,
        ),
        expected=expected,
        manifest_stem=MANIFEST,
        pdf=pdf,
        merge_name=MERGED_PDF if merge else None,
        force=force,
        progress=progress,
        finish=legal_list,
    )
    stale = stale_lpr_warning(letter_date, settings.lpr_path) if interest else None
    batch.notices += [stale] if stale else []
    return LetterBatch(**vars(batch), skipped=skipped, held=held)


def _item(case: Case, number: str) -> Written:
    return Written(
        customer_id=case.customer_id,
        customer_name=case.customer_name,
        stage=_stage(case).stage,
        document=LETTER_TITLES[_kind(case)],
        amount=owed(case),
        number=number,
    )


def _renderer(
    case: Case,
    number: str,
    templates: dict[str, FastTemplate],
    as_of: dt.date,
    letter_date: dt.date,
    settings: Settings,
    contacts: Mapping[str, Mapping[str, Any]] | None,
    earlier: Sequence[LogEntry],
    interest: Interest | None,
    templates_dir: str | Path | None,
):
    kind = _kind(case)

    def render() -> bytes:
        contact = (contacts or {}).get(case.customer_id)
        context = letter_context(
            case, number, letter_date, as_of, settings, contact, earlier, interest
        )
        if kind not in templates:
            templates[kind] = FastTemplate(template_path(kind, templates_dir))
        return templates[kind].render_bytes(context)

    return render


def _legal_entry(
    case: Case, written: Written | None, contacts: Mapping[str, Mapping[str, Any]] | None
) -> LegalEntry:
    """A row of the legal list: with the 最后催告函 just written, or (``written`` None) for a
    customer the contact log records as handed to the legal department, who got none."""
    contact = (contacts or {}).get(case.customer_id) or {}
    return LegalEntry(
        customer_id=case.customer_id,
        customer_name=written.customer_name if written else case.customer_name,
        amount=owed(case),
        max_days_overdue=case.max_days_overdue,
        invoices=sum(1 for ln in case.lines if not _note(ln)),
        letter_no=written.number if written else "",
        file=written.file if written else "",
        contact=str(contact.get("contact") or ""),
        phone=str(contact.get("phone") or ""),
        address=str(contact.get("address") or ""),
    )
