"""Run the demo: the month-end of a credit department on the sample company.

``run_demo`` reads as that month-end: write the company's input files, assess every
customer, age the receivables and review warnings, build and recalculate the standard
workbooks, write the collection letters, and file everything in the credit archive.
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
from creditbook.demo import outputs, steps
from creditbook.files import OutputExists
from creditbook.protect import OFFICE_SUFFIXES, encrypt_office_file
from creditbook.sample import DEFAULT_SEED, SampleData, sample_data
from creditbook.workbooks.sample_files import write_sample_files

MARKER = ".creditbook-demo"
INPUTS = "输入数据"
WORKBOOKS = "工作簿"
DOCUMENTS = "文档"
LETTERS = "催收函"
ARCHIVE = "archive"
DEMO_POLICY = "abc"
REPORTS = "评估与审批"
# A strong A customer, a sound B one and a C customer who pays late and must give a guarantee.
REPORTED = ("KH0001", "KH0008", "KH0020")

Progress = Callable[[str], None]


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
    stages: Counter[str] = field(default_factory=Counter)
    evaluated: list[tuple[str, float, str, Decimal, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # steps skipped and why
    archive: Verification | None = None
    seconds: float = 0.0

    def add(self, output: Output) -> Output:
        self.outputs.append(output)
        return output


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
) -> DemoResult:
    """Run every step on the sample company into ``out``; return what was done.

    ``pdf``: None makes PDFs when LibreOffice is installed; False never; True insists.
    """
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    data = sample_data(seed)
    folder = prepare_folder(out, force)
    archive = Archive(folder / ARCHIVE)
    result = DemoResult(folder, data.as_of, data.company.name, len(data.customers))
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
            result.notes.append("未找到 LibreOffice (soffice)：只生成 Word 文件，未生成 PDF")
    say("评估报告与审批表 evaluation reports and approval forms")
    evaluation_documents(data, folder, result, pdf)
    say("催收函 collection letters")
    letters(data, folder, result, pdf)
    if password:
        say("为文档加密 encrypting documents")
        protect_outputs(result, password)
    say("归档 filing in the credit archive")
    file_outputs(archive, result, by)
    result.archive = archive.verify()
    result.seconds = time.perf_counter() - started
    return result


def write_inputs(data: SampleData, folder: Path, result: DemoResult) -> None:
    """The company's own files: 应收账款台账.xlsx and 客户信用档案.xlsx."""
    ledger, register = write_sample_files(data, folder / INPUTS)
    result.add(Output("应收账款台账 AR ledger", ledger))
    result.add(Output("客户信用档案 credit register", register))


def evaluate(data: SampleData, archive: Archive, result: DemoResult, by: str | None) -> None:
    """Assess every customer and log each evaluation in the archive."""
    evaluations = steps.evaluate(data, DEMO_POLICY)
    result.grades = Counter(e.assessment.grade.grade for e in evaluations.values())
    result.grade_source = f"本次评估 assessed, policy {DEMO_POLICY}"
    steps.record_evaluations(archive, evaluations, data.as_of, by)


def monitor(data: SampleData, archive: Archive, result: DemoResult, by: str | None) -> None:
    """Aging totals, warning signals and adjustment advice; warnings go to the archive."""
    result.aging = steps.aging_totals(data, DEMO_POLICY)
    reviews = steps.review(data, DEMO_POLICY)
    for r in reviews:
        if r.signals:
            signals = "；".join(str(s) for s in r.signals)
            result.warnings.append((r.customer_id, r.customer_name, signals))
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


def evaluation_documents(data: SampleData, folder: Path, result: DemoResult, pdf: bool) -> None:
    """Three customers' evaluation workbook, 评估报告 and 审批表 (with PDFs when possible)."""
    target = folder / DOCUMENTS / REPORTS
    books = folder / WORKBOOKS
    made = [outputs.evaluation_documents(data, cid, books, target, DEMO_POLICY) for cid in REPORTED]
    pdfs = set(outputs.to_pdf([p for m in made for p in (m.report, m.approval)])) if pdf else set()
    for m in made:
        facts = (
            ("score", m.score), ("grade", m.grade), ("limit", m.limit),
            ("term_days", m.term_days), ("policy", DEMO_POLICY),
        )  # fmt: skip
        result.evaluated.append((m.customer_id, m.score, m.grade, m.limit, m.term_days))
        name = data.customer(m.customer_id).name
        result.add(Output(f"客户信用评估表 {name}", m.workbook, m.customer_id, "evaluation", facts))
        for path, title, kind in (
            (m.report, "客户信用评估报告", "evaluation"),
            (m.approval, "信用额度审批表", "approval"),
        ):
            for each in (path, path.with_suffix(".pdf")):
                if each == path or each.resolve() in pdfs:
                    result.add(Output(f"{title} {name}", each, m.customer_id, kind, facts))


def letters(data: SampleData, folder: Path, result: DemoResult, pdf: bool) -> None:
    """A collection letter for every overdue customer, PDFs when LibreOffice is present."""
    cases = steps.collection_cases(data, DEMO_POLICY)
    result.stages = Counter(case.stage.stage for case in cases)
    target = folder / DOCUMENTS / LETTERS
    batch = outputs.write_collection_letters(data, cases, target, DEMO_POLICY, pdf)
    for w in batch.written:
        if w.error:
            result.notes.append(f"{w.customer_id} {w.document} 未生成: {w.error}")
            continue
        facts = (("letter_no", w.number), ("stage", w.stage), ("amount", w.amount))
        label = f"{w.document} {w.number} {w.customer_name}"
        result.add(Output(label, target / w.file, w.customer_id, "letter", facts))
        if w.pdf:
            result.add(Output(f"{w.document} PDF", target / w.pdf, w.customer_id, "letter", facts))
    for path in [*batch.manifest, *batch.extra, *([batch.merged] if batch.merged else [])]:
        result.add(Output(f"{path.stem} ({path.suffix[1:].upper()})", path))


def protect_outputs(result: DemoResult, password: str) -> None:
    """Encrypt the generated documents and workbooks (not the input files)."""
    delivered = (result.out / WORKBOOKS, result.out / DOCUMENTS)
    for output in result.outputs:
        inside = any(output.path.is_relative_to(folder) for folder in delivered)
        if inside and output.path.suffix.lower() in OFFICE_SUFFIXES:
            encrypt_office_file(output.path, password)


def file_outputs(archive: Archive, result: DemoResult, by: str | None) -> None:
    """File every customer's document under archive/<客户编码>/ with its facts."""
    for output in result.outputs:
        if output.customer_id is not None:
            facts = dict(output.facts)
            archive.file(output.customer_id, output.path, output.kind, by=by, **facts)
