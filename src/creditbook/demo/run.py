"""Run the demo: the month-end of a credit department on the sample company.

``run_demo`` reads as that month-end: write the company's input files, assess every
customer, age the receivables and review warnings, build and recalculate the standard
workbooks, write the collection letters, and file everything in the credit archive.
"""

from __future__ import annotations

import dataclasses
import shutil
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from creditbook.core.money import ZERO, format_money
from creditbook.core.monitoring import review_groups
from creditbook.demo import documents, outputs, steps
from creditbook.demo.result import DEMO_POLICY, INPUTS, WORKBOOKS, DemoResult, Output
from creditbook.documents.store.base import ArchiveStore, StoreError
from creditbook.documents.store.embedded import EmbeddedArchive
from creditbook.files import OutputExists
from creditbook.protect import protect_file
from creditbook.sample import DEFAULT_SEED, SampleData, sample_data
from creditbook.workbooks.sample_files import (
    STATEMENT_FILE,
    write_sample_files,
    write_statement_ledger,
)

MARKER = ".creditbook-demo"
ARCHIVE = "archive"

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
    pdf: bool | None = None,
    progress: Progress | None = None,
    store: str = "",
) -> DemoResult:
    """Run every step on the sample company into ``out``; return what was done.

    ``pdf``: None makes PDFs when Word (Windows) or LibreOffice is installed; False never;
    True insists. ``store``: a PostgreSQL URL whose empty store numbers and logs the letters
    and notices and keeps the archive, instead of the files in ``out``.
    """
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    data = sample_data(seed)
    archive, where = open_archive(store, Path(out) / ARCHIVE)  # refused before anything is written
    folder = prepare_folder(out, force)
    result = DemoResult(folder, data.as_of, data.company.name, len(data.customers))
    result.archive_where = where
    result.invoices = len(data.invoices)
    say("写入示例台账与信用档案 sample ledger and register")
    write_inputs(data, folder, result)
    say("信用评估 assessing every customer")
    evaluate(data, archive, result, by)
    say("账龄分析与监控预警 aging and monitoring")
    monitor(data, archive, result, by)
    say("生成并重算工作簿 building and recalculating workbooks")
    workbooks(folder, result)
    if pdf is None:
        pdf = outputs.pdf_available()
        if not pdf:
            result.notes.append(
                "未找到 Microsoft Word 或 LibreOffice (soffice)：只生成 Word 文件，未生成 PDF"
            )
    settings = outputs.letter_settings(data.company, DEMO_POLICY, folder / outputs.LETTER_COUNTER)
    if store:  # the URL of the command line or CREDITBOOK_STORE, not of a settings file
        settings = settings.model_copy(update={"store": store})
    say("评估报告、审批表与满意度分析 reports, approval forms, survey analysis")
    documents.evaluation_documents(data, folder, settings, result)
    documents.survey_report(folder, settings, result)
    if pdf:
        documents.convert_single_documents(result)
    say("信用调整通知书 adjustment notices")
    documents.notices(data, folder, settings, result, pdf)
    say("催收函 collection letters")
    documents.letters(data, folder, settings, result, pdf)
    say("催收工作清单 collection worklist")
    documents.worklist(data, folder, result)
    if password:
        say("为文档加密 encrypting documents")
        protect_outputs(result, password)
    say("归档 filing in the credit archive")
    file_outputs(archive, result, by)
    result.archive = archive.verify()
    result.seconds = time.perf_counter() - started
    return result


def open_archive(store: str, folder: Path) -> tuple[ArchiveStore, str]:
    """The demo's archive and where it is: the folder, or the shared store at ``store``,
    which must be empty (sample letters never go into a team's real 发文登记簿)."""
    if not store:
        return EmbeddedArchive(folder), str(folder)
    from creditbook.documents.store.postgres import PostgresStore

    shared = PostgresStore(store)
    counts = shared.counts()  # also: the tables exist (`creditbook store init`)
    if any(counts.values()):
        held = "，".join(f"{table} {n}" for table, n in counts.items() if n)
        raise StoreError(
            f"{shared.db.shown}: 演示只能用空的共享存储 the demo needs an empty store "
            f"(已有 holds {held})；请另建一个数据库 create a database of its own for it"
        )
    return shared.archive, shared.describe()


def write_inputs(data: SampleData, folder: Path, result: DemoResult) -> None:
    """The company's own files: 应收账款台账.xlsx, 客户信用档案.xlsx, and 应收账款明细账.xlsx,
    the same receivables of a few customers as a running statement (往来明细账)."""
    ledger, register = write_sample_files(data, folder / INPUTS)
    result.add(Output("应收账款台账 AR ledger", ledger))
    result.add(Output("客户信用档案 credit register", register))
    statement = write_statement_ledger(data, folder / INPUTS / STATEMENT_FILE)
    result.add(Output("应收账款明细账 running statement (往来明细账)", statement))


def evaluate(data: SampleData, archive: ArchiveStore, result: DemoResult, by: str | None) -> None:
    """Assess every customer and log each evaluation in the archive."""
    evaluations = steps.evaluate(data, DEMO_POLICY)
    result.grades = Counter(e.assessment.grade.grade for e in evaluations.values())
    result.grade_source = f"本次评估 assessed, policy {DEMO_POLICY}"
    steps.record_evaluations(archive, evaluations, data.as_of, by)


def monitor(data: SampleData, archive: ArchiveStore, result: DemoResult, by: str | None) -> None:
    """Aging totals, warning signals and adjustment advice; warnings go to the archive."""
    result.aging = steps.aging_totals(data, DEMO_POLICY)
    reviews = steps.review(data, DEMO_POLICY)
    for r in reviews:
        if r.signals:
            signals = "；".join(str(s) for s in r.signals)
            result.warnings.append((r.customer_id, r.customer_name, signals))
    for group in review_groups(reviews, data.groups, DEMO_POLICY):
        position = group.position
        figures = (
            f"成员 {'、'.join(position.members)}；集团敞口 {format_money(position.exposure)}，"
            f"集团额度 {format_money(position.group.limit or ZERO)}"
        )
        signals = "；".join(str(s) for s in group.signals)
        result.groups.append((position.group.label, figures, signals))
    steps.record_reviews(archive, reviews, data.as_of, by)


def workbooks(folder: Path, result: DemoResult) -> None:
    """The standard workbooks, recalculated so they open with values everywhere.

    The evaluation workbook is built per reported customer with their documents.
    """
    built = outputs.build_workbooks(
        folder / WORKBOOKS, DEMO_POLICY, result.company, skip=("evaluation",)
    )
    for title, path, formulas, errors in built:
        label = f"{title} ({formulas} 个公式" + (f", {errors} 个错误)" if errors else ")")
        result.add(Output(label, path))


def protect_outputs(result: DemoResult, password: str) -> None:
    """Password-protect every file with customer data: inputs, workbooks, documents, PDFs,
    and the CSV/JSON lists (which become encrypted .xlsx)."""
    result.outputs = [
        dataclasses.replace(output, path=protect_file(output.path, password))
        if output.path.exists()
        else output
        for output in result.outputs
    ]


def file_outputs(archive: ArchiveStore, result: DemoResult, by: str | None) -> None:
    """File every customer's document under archive/<客户编码>/ with its facts."""
    for output in result.outputs:
        if output.customer_id is not None:
            facts: dict[str, Any] = dict(output.facts)  # fact name → its value, as filed
            archive.file(output.customer_id, output.path, output.kind, by=by, **facts)
