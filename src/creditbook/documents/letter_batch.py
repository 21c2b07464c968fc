"""催收函 as a batch: the ledger and register read, each customer's dunning stage, the letters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from creditbook.core.policy import Policy
from creditbook.documents.batch import Progress
from creditbook.documents.batch_inputs import batch_inputs, batch_staff
from creditbook.documents.letters import LetterBatch, select_cases, write_letters
from creditbook.settings import Settings


def dunning_names(policy: Policy) -> list[str]:
    """What ``--stage`` accepts: the policy's stage names and their letter kinds."""
    return [s.stage for s in policy.dunning] + [s.letter for s in policy.dunning]


def generate_letters(
    ledger: str | Path | pd.DataFrame,
    register: str | Path | pd.DataFrame | None,
    as_of: dt.date,
    out_dir: str | Path,
    *,
    settings: Settings | None = None,
    policy: Policy | str | None = None,
    stages: Sequence[str] = (),
    customers: Sequence[str] = (),
    interest: bool = False,
    pdf: bool = False,
    merge: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    templates_dir: str | Path | None = None,
    contact_log: pd.DataFrame | None = None,
) -> LetterBatch:
    """催收函: read the ledger and register, find each customer's stage, write the letters;
    overdue customers that get none (credits cover it, below the minimum, held for a promise
    to pay) are ``skipped``. ``contact_log`` (客户联系与催收记录, read by
    ``inputs.contacts``) brings the promises and disputes (``core.promises``)."""
    from creditbook.core.collections import collection_review, paid_after
    from creditbook.core.promises import apply_follow_ups, follow_ups, unmatched_disputes

    settings, policy, frame, entries, contacts = batch_inputs(ledger, register, settings, policy)
    names = {k: str(v.get("customer_name") or "") for k, v in contacts.items()}
    review = collection_review(frame, as_of, policy, names)
    if contact_log is not None:
        review = apply_follow_ups(review, follow_ups(contact_log, frame, as_of, policy), policy)
    review = paid_after(review, frame, as_of)
    batch = write_letters(
        select_cases(
            review,
            stages,
            customers,
            known=dunning_names(policy),
        ),
        out_dir,
        as_of=as_of,
        settings=settings,
        contacts=contacts,
        interest=interest,
        pdf=pdf,
        merge=merge,
        force=force,
        progress=progress,
        templates_dir=templates_dir,
        staff=batch_staff(entries, frame, contact_log, as_of),
    )
    if contact_log is not None:
        batch.notices += unmatched_disputes(contact_log, frame, as_of)
    return batch
