"""Document commands: init, letters, letter-log, notice, report, approval, survey-report,
templates."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from creditbook.cli._app import app, console, err_console, option_date, reports_errors
from creditbook.cli._console import Table
from creditbook.cli._inputs import (
    checks_input_files,
    ledger_options,
    read_books_for,
    read_contacts_for,
    write_reading_report,
)
from creditbook.documents.batch import BatchResult
from creditbook.files import check_output
from creditbook.office.pdf import made_by_line
from creditbook.settings import (
    SETTINGS_FILE,
    Settings,
    draft_warning,
    load_settings,
    write_settings,
)
from creditbook.usertext import console_cell, console_text

if TYPE_CHECKING:
    from creditbook.inputs.options import ReadOptions

templates_app = typer.Typer(
    help="文书模板 Word templates: check a template you edited, preview with sample data.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(templates_app, name="templates")
letter_log_app = typer.Typer(
    help="发文登记簿: every letter number with its date, customer, amount and 已发/作废.",
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(letter_log_app, name="letter-log")

ConfigOption = typer.Option(None, "--config", help="设置文件 settings (default ./creditbook.toml)")
ForceOption = typer.Option(False, "--force", help="覆盖已有文件 overwrite existing files")
PdfOption = typer.Option(False, "--pdf", help="同时生成 PDF (Word 或 LibreOffice) also write PDF")
TemplatesOption = typer.Option(None, "--templates", help="自定义模板目录 your templates folder")
ContactsOption = typer.Option(
    None,
    "--contacts",
    help="客户联系与催收记录 contact log: 承诺付款暂缓/违约升级, 争议单据不催收",
)
KINDS = "report | approval | reminder | demand | final | notice | survey"
ArchiveHeadOption = typer.Option(
    None,
    "--archive",
    help="信用档案目录: 在文书上打印档案链头 print the archive's head hash on the document",
)


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[customer]}", markup=False),  # a customer id is data
        console=err_console,
        transient=True,
    )


def _summary(result: BatchResult, what: str) -> None:
    table = Table("客户编码", "客户名称", "阶段/调整", "金额", "编号", "文件")
    for item in result.ok:
        amount = "" if item.amount is None else f"{item.amount:,.2f}"
        cells = (item.customer_id, item.customer_name, item.stage, amount, item.number)
        table.add_row(*map(console_cell, (*cells, item.pdf or item.file)))
    if result.ok:
        console.print(table)
    for notice in result.notices:
        err_console.print(f"[bold yellow]注意 notice[/] {console_text(notice)}", highlight=False)
    console.print(f"[green]已生成 {len(result.ok)} 份{what}[/] written {len(result.ok)}")
    if result.pdf_made_by:
        console.print(made_by_line(result.pdf_made_by), highlight=False)
    skipped = getattr(result, "skipped", [])
    if skipped:
        console.print(f"未发函 {len(skipped)} 户 skipped:")
        for item in skipped:
            who = console_text(f"{item.customer_id} {item.customer_name}: {item.reason}")
            console.print(f"  {who}", highlight=False)
    held = getattr(result, "held", [])
    if held:
        console.print(f"部分暂缓 {len(held)} 户 held in part (promise to pay):")
        for item in held:
            who = console_text(f"{item.customer_id} {item.customer_name}: {item.reason}")
            console.print(f"  {who}", highlight=False)
    for path in [*result.manifest, *result.extra, *([result.merged] if result.merged else [])]:
        console.print(f"  {console_text(path)}", highlight=False)
    for item in result.failed:
        who = console_text(f"{item.customer_id} {item.customer_name}: {item.error}")
        err_console.print(f"[bold red]失败 failed[/] {who}", highlight=False)
    for problem in result.problems:
        err_console.print(f"[bold red]错误 error[/] {console_text(problem)}", highlight=False)
    if result.voided:
        err_console.print(
            f"已作废 voided {len(result.voided)} 个未使用的编号: {', '.join(result.voided)}",
            highlight=False,
            markup=False,
        )
    if result.aborted:
        err_console.print(
            f"[bold red]批次中止 batch stopped[/]: {console_text(result.aborted)}; "
            f"已写出 {len(result.ok)} 份, 见清单 see the manifest",
            highlight=False,
        )
    if result.failed or result.problems or result.aborted:
        raise typer.Exit(1)


INIT_FIELDS = (
    ("name", "本公司名称 company name"),
    ("address", "地址 address"),
    ("bank_name", "开户银行 bank"),
    ("bank_account", "银行账号 account number"),
    ("prefix", "函件编号前缀 letter-number prefix (留空 = 财函)"),
)


def _interactive() -> bool:
    return sys.stdin.isatty()


@app.command("init")
@reports_errors
def init_command(
    path: Path = typer.Option(Path(SETTINGS_FILE), "--path", help="设置文件路径 settings file"),
    name: str | None = typer.Option(None, "--name", help="本公司名称 company name"),
    address: str | None = typer.Option(None, "--address", help="地址 address"),
    bank: str | None = typer.Option(None, "--bank", help="开户银行 bank"),
    account: str | None = typer.Option(None, "--account", help="银行账号 bank account"),
    prefix: str | None = typer.Option(None, "--prefix", help="函件编号前缀 letter prefix"),
    force: bool = ForceOption,
) -> None:
    """写出带注释的设置文件 creditbook.toml: 本公司名称、地址、开户银行、账号、函件编号前缀.

    Values not given as options are asked for at a terminal; left empty they stay the
    example's, and letters and notices are then marked 样稿.
    """
    values = {
        "name": name,
        "address": address,
        "bank_name": bank,
        "bank_account": account,
        "prefix": prefix,
    }
    check_output(path, force)  # before any question is asked
    if _interactive():
        for key, label in INIT_FIELDS:
            if values[key] is None:
                values[key] = typer.prompt(label, default="", show_default=False).strip() or None
    written = write_settings(path, force=force, **values)
    console.print(f"已生成 written: {console_text(written)}", highlight=False)
    warning = draft_warning(load_settings(written))
    if warning:
        err_console.print(f"[yellow]{console_text(warning)}[/]", highlight=False)


@app.command("letters")
@reports_errors
@ledger_options
def letters_command(
    ledger: Path = typer.Argument(..., help="应收账款台账 AR ledger (.xlsx/.csv)"),
    register: Path | None = typer.Option(None, "--register", help="客户信用档案 credit register"),
    as_of: str | None = typer.Option(None, "--as-of", help="截至日期 as-of date (default today)"),
    out: Path = typer.Option(..., "--out", help="输出目录 output folder"),
    stage: list[str] = typer.Option(
        [], "--stage", help="只处理该阶段 付款提醒/催款/最后催告/法律程序"
    ),
    customer: list[str] = typer.Option([], "--customer", help="只处理该客户编码 customer id"),
    contacts: Path | None = ContactsOption,
    interest: bool = typer.Option(
        False, "--interest", help="计算逾期付款损失 (LPR) compute late-payment interest"
    ),
    pdf: bool = PdfOption,
    merge: bool = typer.Option(False, "--merge", help="合并为一个 PDF 便于打印 one PDF to print"),
    force: bool = ForceOption,
    config: Path | None = ConfigOption,
    templates: Path | None = TemplatesOption,
    read_options: ReadOptions | None = None,
) -> None:
    """按催收阶段批量生成催收函 (付款提醒函/催款函/最后催告函) with manifest."""
    from creditbook.core.policy import resolve_policy
    from creditbook.documents.letter_batch import dunning_names, generate_letters
    from creditbook.documents.letters import check_stage_names

    _check_templates(templates, ("reminder", "demand", "final"))
    settings = load_settings(config)
    policy = resolve_policy(settings.policy)  # once, for the stage check, reading and letters
    check_stage_names(stage, dunning_names(policy))  # before a large ledger is read
    _warn_draft(settings)
    day = option_date(as_of)
    books = read_books_for(ledger, register, read_options, policy, settings, as_of=day)
    contact_log = read_contacts_for(contacts, read_options, books.register) if contacts else None
    with _progress_bar() as bar:
        task = bar.add_task("催收函", total=None, customer="")
        result = generate_letters(
            books.ledger,
            books.register,
            day,
            out,
            settings=settings,
            policy=policy,
            stages=stage,
            customers=customer,
            interest=interest,
            pdf=pdf or merge,
            merge=merge,
            force=force,
            progress=lambda done, total, who: bar.update(
                task, completed=done, total=total, customer=console_text(who)
            ),
            templates_dir=templates,
            contact_log=contact_log,
        )
    _summary(result, "催收函")
    write_reading_report(books, out, folder=True)  # the batch's folder, like its manifest


def _check_templates(templates: Path | None, kinds: tuple[str, ...]) -> None:
    """A --templates folder is checked before anything is read, numbered or written."""
    if templates is None:
        return
    from creditbook.documents.check import check_templates_folder
    from creditbook.documents.template_builder import TEMPLATE_FILES

    check_templates_folder(templates, tuple(k for k in kinds if k in TEMPLATE_FILES))


def _warn_draft(settings: Settings) -> None:
    warning = draft_warning(settings)
    if warning:
        err_console.print(f"[bold yellow]{console_text(warning)}[/]", highlight=False)


@letter_log_app.callback()
@reports_errors
def letter_log_command(
    context: typer.Context,
    out: Path | None = typer.Option(None, "--out", help="导出为 .xlsx export to FILE.xlsx"),
    void: list[str] = typer.Option([], "--void", help="作废该编号 mark NUMBER 作废"),
    reason: str = typer.Option("", "--reason", help="作废原因 why (with --void)"),
    force: bool = ForceOption,
    config: Path | None = ConfigOption,
) -> None:
    """发文登记簿: every letter number with its date, customer, amount and 已发/作废."""
    from creditbook.documents.numbering import export_log, read_log, void_numbers
    from creditbook.documents.store.config import shared_letters
    from creditbook.documents.store.letters import export_entries, void_shared

    if context.invoked_subcommand:
        return
    settings = load_settings(config)
    shared = shared_letters(settings)  # the team's PostgreSQL store, when one is set
    if void:
        if not reason.strip():
            raise typer.BadParameter("作废须说明原因 give a --reason", param_hint="--reason")
        voided = (
            void_numbers(settings.log_path, void, reason.strip())
            if shared is None
            else void_shared(shared, void, reason.strip())
        )
        for entry in voided:
            shown = console_text(f"{entry.number} {entry.customer_name}")
            console.print(f"已作废 voided: {shown}", highlight=False)
    entries = read_log(settings.log_path) if shared is None else shared.latest()
    table = Table("编号", "日期", "客户编码", "客户名称", "文书", "金额", "状态", "说明")
    for e in entries:
        amount = "" if e.amount is None else f"{e.amount:,.2f}"
        cells = (e.number, e.date.isoformat(), e.customer_id, e.customer_name, e.document)
        table.add_row(*map(console_cell, (*cells, amount, e.status, e.note)))
    console.print(table)
    where = settings.log_path if shared is None else shared.db.shown
    console.print(f"{where}: {len(entries)} 条 entries", highlight=False)
    if out is not None:
        if shared is None:
            written = export_log(settings.log_path, out, force)
        else:
            written = export_entries(entries, out, force)
        console.print(f"已写出 written: {console_text(written)}", highlight=False)


@letter_log_app.command("check")
@reports_errors
def letter_log_check_command(
    folders: list[Path] = typer.Argument(..., help="输出目录 output folders of letter batches"),
    config: Path | None = ConfigOption,
) -> None:
    """核对发文登记簿、计数器与输出目录中的文书 check the log, the counter and the documents.

    Reports a logged document missing or changed (SHA-256), the counter behind the log, a
    number logged 已发 twice, and a .docx carrying a number the log does not hold; exit 1
    when anything disagrees.
    """
    from creditbook.documents.logcheck import check_log
    from creditbook.documents.numbering import read_log
    from creditbook.documents.store.config import shared_letters
    from creditbook.documents.store.letters import check_shared

    settings = load_settings(config)
    prefix = settings.letters.number_prefix
    shared = shared_letters(settings)  # the team's PostgreSQL store, when one is set
    if shared is None:
        problems = check_log(settings.log_path, settings.counter_path, prefix, folders)
    else:
        problems = check_shared(shared, prefix, folders)
    if problems:
        for problem in problems:
            where = " ".join(filter(None, (problem.number, problem.file)))
            line = console_text(f"{problem.kind}: {where} — {problem.detail}")
            console.print(f"[bold red]✗[/] {line}", highlight=False)
        err_console.print(
            f"[bold red]不一致 inconsistent[/]: {len(problems)} 个问题 problems",
            highlight=False,
        )
        raise typer.Exit(1)
    numbers = len(read_log(settings.log_path) if shared is None else shared.latest())
    where = str(settings.log_path) if shared is None else shared.db.shown
    documents = sum(len(list(Path(f).glob("*.docx"))) for f in folders)
    console.print(
        f"[green]一致 consistent[/]: {console_text(where)} "
        f"{numbers} 个编号 numbers, {documents} 份文书 documents",
        highlight=False,
    )


@app.command("notice")
@reports_errors
@ledger_options
def notice_command(
    ledger: Path = typer.Argument(..., help="应收账款台账 AR ledger (.xlsx/.csv)"),
    register: Path | None = typer.Option(None, "--register", help="客户信用档案 credit register"),
    as_of: str | None = typer.Option(None, "--as-of", help="截至日期 as-of date (default today)"),
    out: Path = typer.Option(..., "--out", help="输出目录 output folder"),
    customer: list[str] = typer.Option([], "--customer", help="只处理该客户编码 customer id"),
    contacts: Path | None = ContactsOption,
    pdf: bool = PdfOption,
    force: bool = ForceOption,
    config: Path | None = ConfigOption,
    templates: Path | None = TemplatesOption,
    read_options: ReadOptions | None = None,
) -> None:
    """信用调整通知书: one per customer whose monitoring review recommends a change."""
    from creditbook.documents.notice_batch import generate_notices

    _check_templates(templates, ("notice",))
    settings = load_settings(config)
    _warn_draft(settings)
    day = option_date(as_of)
    books = read_books_for(ledger, register, read_options, settings.policy, settings, as_of=day)
    contact_log = read_contacts_for(contacts, read_options, books.register) if contacts else None
    with _progress_bar() as bar:
        task = bar.add_task("调整通知书", total=None, customer="")
        result = generate_notices(
            books.ledger,
            books.register,
            day,
            out,
            settings=settings,
            customers=customer,
            pdf=pdf,
            force=force,
            progress=lambda done, total, who: bar.update(
                task, completed=done, total=total, customer=console_text(who)
            ),
            templates_dir=templates,
            contact_log=contact_log,
        )
    _summary(result, "信用调整通知书")
    write_reading_report(books, out, folder=True)


def _written(files) -> None:
    console.print(f"已生成 written: {console_text(files.docx)}", highlight=False)
    if files.pdf:
        console.print(f"已生成 written: {console_text(files.pdf)}", highlight=False)
        console.print(made_by_line(files.pdf_made_by), highlight=False)


@app.command("report")
@reports_errors
@checks_input_files("evaluation", suffixes=(".xlsx", ".xlsm"))
def report_command(
    evaluation: Path = typer.Argument(..., help="客户信用评估表 evaluation workbook (.xlsx)"),
    out: Path = typer.Option(..., "--out", help="输出 .docx output file"),
    pdf: bool = PdfOption,
    force: bool = ForceOption,
    config: Path | None = ConfigOption,
    templates: Path | None = TemplatesOption,
    archive: Path | None = ArchiveHeadOption,
    register: Path | None = typer.Option(
        None,
        "--register",
        help="客户信用档案: with --ledger, the report shows the customer's group",
    ),
    ledger: Path | None = typer.Option(
        None, "--ledger", help="应收账款台账: the group's exposure on the evaluation date"
    ),
) -> None:
    """客户信用评估报告 from an evaluation workbook (charts included)."""
    from creditbook.documents.evaluation import generate_report

    _check_templates(templates, ("report",))
    books = None
    if (register is None) != (ledger is None):
        from creditbook.core.errors import InvalidValue

        raise InvalidValue("--register 和 --ledger 须同时给出 give both to show the group")
    if register is not None and ledger is not None:
        from creditbook.cli._inputs import read_books_for, read_groups_for

        read = read_books_for(ledger, register, None)
        assert read.register is not None
        books = (read.ledger, read.register, read_groups_for(register, None, None, read))
    _written(
        generate_report(
            evaluation,
            out,
            settings=load_settings(config),
            pdf=pdf,
            force=force,
            templates_dir=templates,
            archive_head=_head(archive, config),
            books=books,
        )
    )


@app.command("approval")
@reports_errors
@checks_input_files("evaluation", suffixes=(".xlsx", ".xlsm"))
def approval_command(
    evaluation: Path = typer.Argument(..., help="客户信用评估表 evaluation workbook (.xlsx)"),
    out: Path = typer.Option(..., "--out", help="输出 .docx output file"),
    request: str = typer.Option("新增", "--type", help="申请类型 新增/调整/临时"),
    requested: str | None = typer.Option(None, "--requested", help="申请额度 requested limit"),
    expiry: str | None = typer.Option(None, "--expiry", help="临时额度到期日 expiry date"),
    pdf: bool = PdfOption,
    force: bool = ForceOption,
    config: Path | None = ConfigOption,
    templates: Path | None = TemplatesOption,
    archive: Path | None = ArchiveHeadOption,
) -> None:
    """信用额度审批表 with the policy's signature chain for the amount."""
    from creditbook.documents.evaluation import generate_approval

    _check_templates(templates, ("approval",))
    _written(
        generate_approval(
            evaluation,
            out,
            settings=load_settings(config),
            request_type=request,
            requested_limit=requested,
            expiry=option_date(expiry, "--expiry") if expiry else None,
            pdf=pdf,
            force=force,
            templates_dir=templates,
            archive_head=_head(archive, config),
        )
    )


def _head(archive: Path | None, config: Path | None = None) -> str:
    """The archive's head hash (the shared store's when one is set), printed on the
    document; '' without --archive."""
    if archive is None:
        return ""
    from creditbook.documents.store import open_store

    head = open_store(load_settings(config), archive).archive.head()
    console.print(f"档案链头 archive head: {head}", highlight=False, markup=False)
    return head


@app.command("survey-report")
@reports_errors
@checks_input_files("survey", suffixes=(".xlsx", ".xlsm"))
def survey_command(
    survey: Path = typer.Argument(..., help="顾客满意度调查表 survey workbook (.xlsx)"),
    out: Path = typer.Option(..., "--out", help="输出 .docx output file"),
    pdf: bool = PdfOption,
    force: bool = ForceOption,
    config: Path | None = ConfigOption,
    templates: Path | None = TemplatesOption,
) -> None:
    """顾客满意度调查分析报告: averages per dimension, chart, corrective actions."""
    from creditbook.documents.survey import generate_survey_report

    _check_templates(templates, ("survey",))
    _written(
        generate_survey_report(
            survey,
            out,
            settings=load_settings(config),
            pdf=pdf,
            force=force,
            templates_dir=templates,
        )
    )


@templates_app.command("check")
@reports_errors
@checks_input_files("file", suffixes=(".docx",))
def check_command(
    file: Path = typer.Argument(..., help="模板 .docx template"),
    kind: str = typer.Option(..., "--kind", help=f"文书类型 kind: {KINDS}"),
) -> None:
    """报告未知/缺少的变量和被拆分的标签 unknown or missing variables, split tags."""
    from creditbook.documents.check import check_template

    findings = check_template(file, kind)
    for finding in findings:
        style = "bold red" if finding.level == "错误" else "yellow"
        console.print(
            f"[{style}]{finding.level}[/] {console_text(f'{finding.where}: {finding.message}')}",
            highlight=False,
        )
    if any(f.level == "错误" for f in findings):
        raise typer.Exit(1)
    console.print(f"[green]OK[/] {console_text(file)}: 可用于 {kind}")


@templates_app.command("sample")
@reports_errors
def sample_command(
    kind: str = typer.Argument(..., help=f"文书类型 kind: {KINDS}"),
    out: Path = typer.Option(..., "--out", help="输出 .docx output file"),
    pdf: bool = PdfOption,
    force: bool = ForceOption,
    config: Path | None = ConfigOption,
    templates: Path | None = TemplatesOption,
) -> None:
    """用示例数据预览模板 preview a template with sample data."""
    from creditbook.documents.samples import sample_for
    from creditbook.documents.single import write_document

    _check_templates(templates, (kind,))
    context = sample_for(kind, load_settings(config) if config else Settings())
    _written(write_document(kind, context, out, pdf=pdf, force=force, templates_dir=templates))


@templates_app.command("build")
@reports_errors
def build_command(
    out: Path = typer.Option(Path("doc_templates"), "--out", help="输出目录 output folder"),
    force: bool = ForceOption,
) -> None:
    """写出内置模板 write the shipped templates (a starting point for your own)."""
    from creditbook.documents.template_builder import write_templates

    for path in write_templates(out, force=force):
        console.print(f"已生成 written: {console_text(path)}", highlight=False)
