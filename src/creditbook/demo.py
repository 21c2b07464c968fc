"""`creditbook demo`: the whole system run on the sample company, from ledger to archive.

``run_demo`` reads as the month-end of a credit department: write the company's input
files, assess every customer, age the receivables and review warnings, build the standard
workbooks, write the reports, approval forms and collection letters, and file every
document in the credit archive. Each step calls the library function of its area.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from creditbook.archive import Archive, Verification
from creditbook.core.errors import CreditbookError
from creditbook.files import OutputExists
from creditbook.protect import OFFICE_SUFFIXES, encrypt_office_file
from creditbook.sample import DEFAULT_SEED, SampleData, sample_data
from creditbook.workbooks.sample_files import write_sample_files

MARKER = ".creditbook-demo"
INPUTS = "输入数据"
WORKBOOKS = "工作簿"
DOCUMENTS = "文档"
ARCHIVE = "archive"
DEMO_POLICY = "abc"


@dataclass(frozen=True)
class Output:
    """A file the demo wrote: what it is, where, and for which customer (if one)."""

    label: str
    path: Path
    customer_id: str | None = None
    kind: str = "document"  # archive kind when filed


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
    notes: list[str] = field(default_factory=list)  # steps skipped and why
    archive: Verification | None = None
    seconds: float = 0.0

    def add(self, output: Output) -> Output:
        self.outputs.append(output)
        return output


Progress = Callable[[str], None]


def prepare_folder(out: str | Path, force: bool = False) -> Path:
    """Create ``out``; with ``force`` replace an earlier demo folder, never anything else."""
    folder = Path(out)
    if folder.exists() and any(folder.iterdir()):
        if not force:
            raise OutputExists(f"{folder} already exists; use --force to replace the demo in it")
        if not (folder / MARKER).exists():
            raise OutputExists(
                f"{folder} 不是演示目录 (no {MARKER}); --force only replaces an earlier demo"
            )
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("creditbook demo output; safe to delete\n", encoding="utf-8")
    return folder


def run_demo(
    out: str | Path,
    force: bool = False,
    seed: int = DEFAULT_SEED,
    by: str | None = None,
    password: str | None = None,
    progress: Progress | None = None,
) -> DemoResult:
    """Run every step on the sample company into ``out``; return what was done."""
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    data = sample_data(seed)
    folder = prepare_folder(out, force)
    result = DemoResult(folder, data.as_of, data.company.name, len(data.customers))
    result.invoices = len(data.invoices)
    say("写入示例台账与信用档案 sample ledger and register")
    write_inputs(data, folder, result)
    say("客户信用档案的等级与预警 register grades and flags")
    register_overview(data, result)
    if password:
        say("为文档加密 encrypting documents")
        protect_outputs(result, password)
    say("归档 filing in the credit archive")
    file_outputs(data, Archive(folder / ARCHIVE), result, by)
    result.seconds = time.perf_counter() - started
    return result


def write_inputs(data: SampleData, folder: Path, result: DemoResult) -> None:
    """The company's own files: 应收账款台账.xlsx and 客户信用档案.xlsx."""
    ledger, register = write_sample_files(data, folder / INPUTS)
    result.add(Output("应收账款台账 AR ledger", ledger, kind="register"))
    result.add(Output("客户信用档案 credit register", register, kind="register"))


def register_overview(data: SampleData, result: DemoResult) -> None:
    """Grades and warning flags as the register holds them before this month's review."""
    result.grades = Counter(entry.grade for entry in data.register)
    result.grade_source = "信用档案 register"
    for entry in data.register:
        if entry.flags:
            flags = "、".join(sorted(entry.flags))
            result.warnings.append((entry.customer_id, entry.customer_name, flags))


def protect_outputs(result: DemoResult, password: str) -> None:
    """Encrypt the generated documents and workbooks (not the input files)."""
    delivered = (result.out / WORKBOOKS, result.out / DOCUMENTS)
    for output in result.outputs:
        inside = any(output.path.is_relative_to(folder) for folder in delivered)
        if inside and output.path.suffix.lower() in OFFICE_SUFFIXES:
            encrypt_office_file(output.path, password)


def file_outputs(data: SampleData, archive: Archive, result: DemoResult, by: str | None) -> None:
    """File each customer's documents, and log each register entry and warning."""
    for entry in data.register:
        archive.record(
            entry.customer_id, "register", by=by, as_of=data.as_of, grade=entry.grade,
            limit=entry.limit, term_days=entry.term_days, policy=DEMO_POLICY,
            note=entry.status,
        )  # fmt: skip
        if entry.flags:
            archive.record(
                entry.customer_id, "warning", by=by, as_of=data.as_of,
                note="、".join(sorted(entry.flags)),
            )  # fmt: skip
    for output in result.outputs:
        if output.customer_id is not None:
            archive.file(output.customer_id, output.path, output.kind, by=by, as_of=data.as_of)
    try:
        result.archive = archive.verify()
    except CreditbookError as error:  # pragma: no cover - the archive was just written
        result.notes.append(f"档案校验失败: {error}")
