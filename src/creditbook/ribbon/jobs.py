"""Each standard workbook's documents, by the same library calls as the CLI commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from creditbook.core.errors import CreditbookError
from creditbook.ribbon.book import (
    CONTACTS_PROPERTY,
    LEDGER_PROPERTY,
    REGISTER_PROPERTY,
    RibbonError,
    WorkbookValues,
    snapshot,
    title,
)
from creditbook.settings import Settings

if TYPE_CHECKING:
    import pandas as pd

    from creditbook.documents.batch import BatchResult
    from creditbook.documents.single import DocumentFiles
    from creditbook.inputs.sources import Grid

AGING_LEDGER_SHEET = "应收台账"  # workbooks.aging's ledger sheet
REGISTER_SHEET = "信用档案"  # workbooks.register's only data sheet
REPORT_FILE = "客户信用评估报告.docx"
APPROVAL_FILE = "信用额度审批表.docx"
SURVEY_FILE = "顾客满意度调查分析报告.docx"


@dataclass
class Outcome:
    """What one click wrote, what failed (with the library's message) and what to know."""

    written: list[Path] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def single(self, what: str, make: Callable[[], DocumentFiles]) -> None:
        """One document; its failure is recorded and the next document still goes."""
        try:
            files = make()
        except CreditbookError as error:
            self.failed.append(f"{what}: {error}")
            return
        except Exception as error:
            self.failed.append(f"{what}: {type(error).__name__}: {error}")
            return
        self.written += [p for p in (files.docx, files.pdf) if p is not None]

    def batch(self, what: str, result: BatchResult, folder: Path) -> None:
        """A letters or notices batch."""
        self.written += [*result.extra, *result.manifest]
        self.written += [folder / item.file for item in result.ok]
        self.notes.append(f"{what} {len(result.ok)} 份 written")
        self.failed += [
            f"{what} {item.customer_id} {item.customer_name}: {item.error}"
            for item in result.failed
        ]
        # What the command prints besides the files: customers left out, batch-level errors.
        self.failed += [f"{what}: {problem}" for problem in result.problems]
        if result.aborted:
            self.failed.append(f"{what} 批次中止 batch stopped: {result.aborted}")
        self.notes += [f"{what} 注意 notice: {notice}" for notice in result.notices]
        for label, items in (
            ("未发函 {} 户 skipped", getattr(result, "skipped", [])),
            ("部分暂缓 {} 户 held in part (promise to pay)", getattr(result, "held", [])),
        ):
            if items:
                self.notes.append(f"{what} {label.format(len(items))}:")
                self.notes += [f"  {i.customer_id} {i.customer_name}: {i.reason}" for i in items]


@dataclass(frozen=True)
class Job:
    """Where a click writes and what it may overwrite; the inputs are ``values``."""

    values: WorkbookValues
    out: Path
    settings: Settings
    force: bool
    today: dt.date


def evaluation(job: Job) -> Outcome:
    """客户信用评估表 → 客户信用评估报告 and 信用额度审批表 (the CLI's report and approval)."""
    from creditbook.documents.evaluation import generate_approval, generate_report

    outcome = Outcome()
    settings, force = job.settings, job.force
    with snapshot(job.values) as book:
        outcome.single(
            "客户信用评估报告",
            lambda: generate_report(book, job.out / REPORT_FILE, settings=settings, force=force),
        )
        outcome.single(
            "信用额度审批表",
            lambda: generate_approval(
                book, job.out / APPROVAL_FILE, settings=settings, force=force
            ),
        )
    return outcome


def survey(job: Job) -> Outcome:
    """顾客满意度调查 → 顾客满意度调查分析报告 (the CLI's survey-report)."""
    from creditbook.documents.survey import generate_survey_report

    outcome = Outcome()
    with snapshot(job.values) as book:
        outcome.single(
            "顾客满意度调查分析报告",
            lambda: generate_survey_report(
                book, job.out / SURVEY_FILE, settings=job.settings, force=job.force
            ),
        )
    return outcome


def aging(job: Job) -> Outcome:
    """应收账款账龄分析 → the letters, notices and legal list as of its 统计日期."""
    from creditbook.inputs.readers import ledger_or_raise, register_or_raise
    from creditbook.ribbon.book import linked_file

    ledger = ledger_or_raise(sheet_grid(job.values, AGING_LEDGER_SHEET))
    linked = linked_file(job.values, REGISTER_PROPERTY, "register")
    outcome = Outcome()
    if linked is None:
        outcome.notes.append(
            f"未找到{title('register')}：函件中没有联系人和地址 no register found beside the "
            f"workbook (or name it in the property {REGISTER_PROPERTY})"
        )
    register = register_or_raise(linked) if linked else None
    as_of = job.values.labelled_date() or job.today
    return _collections(job, outcome, ledger, register, as_of)


def register(job: Job) -> Outcome:
    """客户信用档案 → the letters, notices and legal list from the ledger it points at, as of
    that aging workbook's 统计日期 (today for a plain ledger)."""
    from creditbook.inputs.readers import ledger_or_raise, register_or_raise
    from creditbook.ribbon.book import file_date, file_kind, linked_file

    register = register_or_raise(sheet_grid(job.values, REGISTER_SHEET))
    linked = linked_file(job.values, LEDGER_PROPERTY, "aging")
    if linked is None:
        raise RibbonError(
            f"找不到应收台账 no ledger: 把{title('aging')}工作簿放在同一文件夹，或在文档属性 "
            f"{LEDGER_PROPERTY} 中写入台账文件名 (put the aging workbook beside this one, or "
            f"name the ledger file in the custom property {LEDGER_PROPERTY})"
        )
    as_of = (file_date(linked) if file_kind(linked) == "aging" else None) or job.today
    return _collections(job, Outcome(), ledger_or_raise(linked), register, as_of)


def sheet_grid(values: WorkbookValues, sheet: str) -> Grid:
    """The standard sheet's cells for the readers (the first sheet if it was renamed); their
    problems then name the workbook, the sheet and the cell as Excel shows them."""
    from creditbook.inputs.sources import Grid

    name = sheet if sheet in values.sheets else next(iter(values.sheets))
    return Grid(values.name, name, values.sheets[name])


def contact_log(
    job: Job, outcome: Outcome, register: pd.DataFrame | None = None
) -> pd.DataFrame | None:
    """The 客户联系与催收记录 beside the workbook (or named in its property
    creditbook.contacts), read as `--contacts` reads it (a log keyed by name joined to the
    register); None when there is none."""
    from creditbook.inputs.contacts import contacts_or_raise
    from creditbook.inputs.customer_join import join_by_name
    from creditbook.inputs.problems import ReadError
    from creditbook.ribbon.book import linked_file

    linked = linked_file(job.values, CONTACTS_PROPERTY, "contacts")
    if linked is None:
        return None
    log, notes, problems = join_by_name(contacts_or_raise(linked), register, linked.name)
    if problems:
        raise ReadError(problems)
    outcome.notes += [str(note) for note in notes]
    outcome.notes.append(
        f"按{title('contacts')}（{linked.name}）处理承诺付款与争议单据 "
        "promises and disputes from the contact log"
    )
    return log


def reading_report(
    job: Job, outcome: Outcome, ledger: pd.DataFrame, register: pd.DataFrame | None
) -> None:
    """The 读取报告 of the ledger and register this click read, as the CLI writes it beside its
    output: into the output folder, and its first lines among the notes the button shows."""
    from creditbook.files import atomic_write_text
    from creditbook.inputs.notes import notes_of
    from creditbook.inputs.report import REPORT_FILE, frame_reports, reports_text

    reports = frame_reports(ledger, register)
    if not reports:
        return
    notes = [*notes_of(ledger), *notes_of(register)]
    job.out.mkdir(parents=True, exist_ok=True)
    path = atomic_write_text(job.out / REPORT_FILE, reports_text(reports, notes), force=True)
    outcome.written.append(path)
    for report in reports:
        outcome.notes += [report.head_line(), *report.row_lines()]


def _collections(
    job: Job,
    outcome: Outcome,
    ledger: pd.DataFrame,
    register: pd.DataFrame | None,
    as_of: dt.date,
) -> Outcome:
    """催收函 with the 法律程序 list, then 信用调整通知书: the CLI's letters and notice, given
    the ledger and register as the readers return them, and the contact log beside the
    workbook as `--contacts` (promises hold or raise a letter, disputed invoices leave it)."""
    from creditbook.documents.letter_batch import generate_letters
    from creditbook.documents.notice_batch import generate_notices

    options: dict[str, Any] = {
        "settings": job.settings,
        "force": job.force,
        "contact_log": contact_log(job, outcome, register),
    }
    outcome.notes.append(f"截至日期 as of {as_of.isoformat()}")
    reading_report(job, outcome, ledger, register)
    letters = generate_letters(ledger, register, as_of, job.out, **options)
    outcome.batch("催收函", letters, job.out)
    notices = generate_notices(ledger, register, as_of, job.out, **options)
    outcome.batch("信用调整通知书", notices, job.out)
    if not letters.written and not notices.written:
        outcome.notes.append("没有需要催收或调整的客户 no customer needs a letter or a notice")
    return outcome


JOBS: dict[str, Callable[[Job], Outcome]] = {
    "evaluation": evaluation,
    "aging": aging,
    "register": register,
    "survey": survey,
}
