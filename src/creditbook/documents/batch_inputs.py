"""What the letter and notice batches start from: settings, policy, ledger, register, contacts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from creditbook.core.policy import Policy, resolve_policy
from creditbook.settings import Settings


def contacts_from_register(register: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    """客户编码 → full name, contact, phone, address (from the credit register)."""
    if register is None or register.empty:
        return {}
    wanted = [c for c in ("customer_name", "contact", "phone", "address") if c in register]
    return {
        str(row["customer_id"]): {k: row[k] for k in wanted}
        for row in register[["customer_id", *wanted]].to_dict("records")
    }


def _read(ledger: str | Path | pd.DataFrame, register: str | Path | pd.DataFrame | None):
    """Files go through the readers; a DataFrame is taken as already read (canonical, fen)."""
    from creditbook.inputs.books import source_name
    from creditbook.inputs.customer_join import join_by_name
    from creditbook.inputs.problems import ReadError
    from creditbook.inputs.readers import ledger_or_raise, register_or_raise

    frame = ledger if isinstance(ledger, pd.DataFrame) else ledger_or_raise(ledger)
    entries: pd.DataFrame | None = None
    if isinstance(register, pd.DataFrame):
        entries = register
    elif register is not None:
        entries = register_or_raise(register)
    frame, _, problems = join_by_name(frame, entries, source_name(ledger))  # one row per customer
    if problems:
        raise ReadError(problems)
    return frame, entries


def batch_inputs(
    ledger: str | Path | pd.DataFrame,
    register: str | Path | pd.DataFrame | None,
    settings: Settings | None,
    policy: Policy | str | None,
) -> tuple[Settings, Policy, pd.DataFrame, pd.DataFrame | None, dict[str, dict[str, Any]]]:
    """What every batch starts from: settings, policy, ledger, register and its contacts."""
    settings = settings or Settings()
    policy = resolve_policy(policy or settings.policy)
    frame, entries = _read(ledger, register)
    return settings, policy, frame, entries, contacts_from_register(entries)


def batch_staff(
    register: pd.DataFrame | None,
    ledger: pd.DataFrame,
    contact_log: pd.DataFrame | None,
    as_of: dt.date,
) -> dict[str, str]:
    """客户编码 → 经办人 for a batch's contact-log rows: the register's or ledger's 经办人 /
    业务员 column, else who last chased the customer in the contact log."""
    from creditbook.core.worklist import collectors

    return collectors(register, ledger, contact_log, as_of)
