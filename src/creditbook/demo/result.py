"""What a demo run produced: its folders, the files written, and the figures for the summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from creditbook.archive import Verification

INPUTS = "输入数据"
WORKBOOKS = "工作簿"
DOCUMENTS = "文档"
DEMO_POLICY = "abc"


@dataclass(frozen=True)
class Output:
    """A file the demo wrote: what it is, where, and for which customer (if one)."""

    label: str
    path: Path
    customer_id: str | None = None
    kind: str = "document"  # archive kind when filed
    facts: tuple[tuple[str, object], ...] = ()


@dataclass
class DemoResult:
    """What the demo did, for the summary the command prints."""

    out: Path
    as_of: dt.date
    company: str
    customers: int = 0
    invoices: int = 0
    outputs: list[Output] = field(default_factory=list)
    grades: Counter[str] = field(default_factory=Counter)
    grade_source: str = ""
    aging: list[tuple[str, Decimal]] = field(default_factory=list)
    warnings: list[tuple[str, str, str]] = field(default_factory=list)  # id, name, signals
    groups: list[tuple[str, str, str]] = field(default_factory=list)  # group, figures, signals
    stages: Counter[str] = field(default_factory=Counter)
    evaluated: list[tuple[str, float, str, Decimal, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # steps skipped and why
    conversation: list[str] = field(default_factory=list)  # promises and disputes applied
    pdf_made_by: str = ""  # Microsoft Word or LibreOffice, when PDFs were made
    archive: Verification | None = None
    archive_where: str = ""  # the archive folder, or the shared store (PostgreSQL …)
    seconds: float = 0.0

    def add(self, output: Output) -> Output:
        self.outputs.append(output)
        return output
