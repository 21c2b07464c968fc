"""信用调整通知书 as a batch: a notice for each customer whose review recommends a change."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from creditbook.core.money import format_money
from creditbook.core.policy import Policy
from creditbook.documents.batch import (
    BatchResult,
    Job,
    Numbering,
    Progress,
    Written,
    file_stems,
    run_batch,
)
from creditbook.documents.batch_inputs import batch_inputs, batch_staff
from creditbook.documents.contact_rows import NOTICE_PURPOSE, paste_path, write_contact_rows
from creditbook.documents.contexts import ChangeRow, CompanyInfo, NoticeContext
from creditbook.documents.render import FastTemplate, template_path
from creditbook.documents.store.config import shared_letters
from creditbook.settings import Settings

NOTICE = "信用调整通知书"
NOTICE_MANIFEST = f"{NOTICE}-清单"


def _limit_text(limit: Decimal | None) -> str:
    return "未核定" if limit is None else format_money(limit)


# monitor's signals for a temporary limit that ends within the notice days, ended within
# them, or ended with the balance above the base limit: the notice says the limit falls back
FALLBACK_SIGNALS = ("TEMPORARY_EXPIRING", "TEMPORARY_ENDED", "TEMPORARY_EXPIRED")


def notice_changes(review: Any, new_limit: Decimal | None = None) -> tuple[ChangeRow, ...]:
    """调整前/调整后 rows from a CustomerReview's adjustment, and a 临时额度 row when the
    customer's temporary limit falls back to its base limit (``FALLBACK_SIGNALS``)."""
    advice = review.adjustment
    rows = list(_fallback(review))
    if advice.suggested_grade and advice.suggested_grade != review.grade:
        rows.append(
            ChangeRow(item="信用等级", before=review.grade or "—", after=advice.suggested_grade)
        )
    if advice.limit != "维持":
        after = {
            "暂停": "暂停赊销（现款结算）",
            "下调": "下调，具体额度另行书面确认",
            "上调": "上调，具体额度另行书面确认",
        }[advice.limit]
        if new_limit is not None and advice.limit != "暂停":
            after = format_money(new_limit)
        rows.append(ChangeRow(item="信用额度（元）", before=_limit_text(review.limit), after=after))
    if advice.term != "维持" or advice.suggested_term_days == 0:
        before = "—" if review.term_days is None else f"{review.term_days} 天"
        days = advice.suggested_term_days
        after = "现款结算" if not days else f"{days} 天"
        if before != after:
            rows.append(ChangeRow(item="信用期限", before=before, after=after))
    return tuple(rows)


def _fallback(review: Any) -> tuple[ChangeRow, ...]:
    """临时额度 X（生效日 至 到期日） → 到期日次日起不再计入，信用额度为 the base limit."""
    temporary = getattr(review, "temporary", None)
    codes = {s.code for s in review.signals}
    if temporary is None or not temporary.complete or not codes & set(FALLBACK_SIGNALS):
        return ()
    base = getattr(review, "base_limit", None)
    if base is None:
        return ()
    after = temporary.ends + dt.timedelta(days=1)
    return (
        ChangeRow(
            item="临时额度（元）",
            before=f"{format_money(temporary.amount)}（{temporary.starts.isoformat()} 至 "
            f"{temporary.ends.isoformat()}）",
            after=f"{after.isoformat()} 起不再计入，信用额度回落为 {format_money(base)}",
        ),
    )


def notice_actions(review: Any) -> tuple[str, ...]:
    advice = review.adjustment
    if advice.limit == "暂停":
        return ("自生效日起暂停赊销，新订单须款到发货", "请尽快结清全部逾期款项")
    if advice.limit == "下调":
        return ("新订单须在调整后的信用额度与期限内执行", "请按期结清逾期款项")
    if _fallback(review):
        return (f"临时额度到期后，新订单须在信用额度 {format_money(review.base_limit)} 元内执行",)
    return ()


def notice_context(
    review: Any,
    number: str,
    notice_date: dt.date,
    settings: Settings,
    contact: Mapping[str, Any] | None = None,
    new_limit: Decimal | None = None,
) -> NoticeContext:
    contact = contact or {}
    return NoticeContext(
        company=CompanyInfo.from_settings(settings),
        notice_no=number,
        notice_date=notice_date,
        effective_date=notice_date + dt.timedelta(days=1),
        customer_id=review.customer_id,
        customer_name=str(contact.get("customer_name") or review.customer_name),
        contact=str(contact.get("contact") or ""),
        address=str(contact.get("address") or ""),
        changes=notice_changes(review, new_limit),
        actions=notice_actions(review),
        reasons=tuple(review.adjustment.reasons) or ("定期信用复核",),
        objection_days=settings.letters.objection_days,
    )


def _notice_bytes(template: FastTemplate, *context_args: Any) -> bytes:
    return template.render_bytes(notice_context(*context_args))


def generate_notices(
    ledger: str | Path | pd.DataFrame,
    register: str | Path | pd.DataFrame | None,
    as_of: dt.date,
    out_dir: str | Path,
    *,
    settings: Settings | None = None,
    policy: Policy | str | None = None,
    customers: Sequence[str] = (),
    new_limits: Mapping[str, Decimal] | None = None,
    pdf: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    templates_dir: str | Path | None = None,
    contact_log: pd.DataFrame | None = None,
) -> BatchResult:
    """信用调整通知书 for every customer whose monitor review recommends a change (with
    ``contact_log``, broken promises and old disputes are among the signals)."""
    from creditbook.core.monitoring import review_customers

    settings, policy, frame, entries, contacts = batch_inputs(ledger, register, settings, policy)
    reviews = [
        r
        for r in review_customers(frame, entries, as_of, policy, contacts=contact_log)
        if (not customers or r.customer_id in customers) and notice_changes(r)
    ]
    folder = Path(out_dir)
    stems = file_stems([r.customer_id for r in reviews])
    files = [folder / f"{stems[r.customer_id]}_{NOTICE}.docx" for r in reviews]
    template = FastTemplate(template_path("notice", templates_dir))

    def make(index: int, number: str) -> Job:
        review = reviews[index]
        item = Written(
            review.customer_id,
            review.customer_name,
            review.adjustment.summary,
            "信用调整通知书",
            review.limit,
            number,
        )
        render = functools.partial(
            _notice_bytes,
            template,
            review,
            number,
            as_of,
            settings,
            contacts.get(review.customer_id),
            (new_limits or {}).get(review.customer_id),
        )
        return item, files[index], render

    def finish(result: BatchResult) -> None:
        write_contact_rows(
            result, folder, as_of, NOTICE_PURPOSE, draft=settings.is_draft, force=force,
            staff=batch_staff(entries, frame, contact_log, as_of), people=contacts,
        )  # fmt: skip

    paste = [paste_path(folder, NOTICE_PURPOSE)] if reviews and not settings.is_draft else []
    return run_batch(
        folder,
        len(reviews),
        make,
        numbering=Numbering(
            settings.counter_path,
            settings.letters.number_prefix,
            as_of,
            settings.log_path,
            amounts=False,  # a notice's figure is the limit, not an amount owed
            draft=settings.is_draft,
            store=shared_letters(settings),
        ),
        expected=[
            *files,
            folder / f"{NOTICE_MANIFEST}.csv",
            folder / f"{NOTICE_MANIFEST}.json",
            *paste,
        ],
        manifest_stem=NOTICE_MANIFEST,
        pdf=pdf,
        force=force,
        progress=progress,
        finish=finish,
    )
