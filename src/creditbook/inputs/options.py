"""How to read the user's files: the options every reading command shares (no heavy imports,
so that the command line loads fast)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Form = Literal["invoice", "statement"]


@dataclass(frozen=True)
class ReadOptions:
    """How to read the user's files (the --columns, --sheet, --password, --form, --term options).

    Attributes:
        columns: your header → the canonical header it is ("往来单位" → "客户名称"; "-" keeps
            a column unchecked).
        sheet: the ledger's sheet, by name or 1-based number.
        password: opens Office-encrypted ledgers and registers.
        form: "invoice" or "statement"; None detects it.
        term_days: the credit term for statement customers neither register nor policy covers.
        period_start: the first day a running statement covers: dates an undated 期初余额.
        as_of: the day aged (--as-of): documents dated after it are counted and listed in the
            reading report.
    """

    columns: Mapping[str, str] = field(default_factory=dict)
    sheet: str | None = None
    password: str | None = None
    form: Form | None = None
    term_days: int | None = None
    period_start: dt.date | None = None
    as_of: dt.date | None = None
