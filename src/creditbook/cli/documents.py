"""Document commands: init, letters, notice, report, approval, survey-report, templates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from creditbook.cli._app import app, console, err_console, option_date, reports_errors
from creditbook.cli._inputs import ledger_options, read_books_for
from creditbook.documents.batch import BatchResult
from creditbook.settings import SETTINGS_FILE, Settings, load_settings, write_settings

if TYPE_CHECKING:
    from creditbook.inputs.options import ReadOptions

templates_app = typer.Typer(
    help="文书模板 Word templates: check a template you edited, preview with sample data.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(templates_app, name="templates")

ConfigOption = typer.Option(None, "--config", help="设置文件 settings (default ./creditbook.toml)")
ForceOption = typer.Option(False, "--force", help="覆盖已有文件 overwrite existing files")
PdfOption = typer.Option(False, "--pdf", help="同时生成 PDF (LibreOffice) also write PDF")
TemplatesOption = typer.Option(None, "--templates", help="自定义模板目录 your templates folder")
KINDS = "report | approval | reminder | demand | final | notice | survey"


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[customer]}"),
        console=err_console,
        transient=True,
    )


def _summary(result: BatchResult, what: str) -> None:
    table = Table("客户编码", "客户名称", "阶段/调整", "金额", "编号", "文件")
    for item in result.ok:
        amount = "" if item.amount is None else f"{item.amount:,.2f}"
        table.add_row(
            item.customer_id,
            item.customer_name,
            item.stage,
            amount,
            item.number,
            item.pdf or item.file,
        )
    if result.ok:
        console.print(table)
    console.print(f"[green]已生成 {len(result.ok)} 份{what}[/] written {len(result.ok)}")
    for path in [*result.manifest, *result.extra, *([result.merged] if result.merged else [])]:
        console.print(f"  {path}", highlight=False)
    for item in result.failed:
        err_console.print(
            f"[bold red]失败 failed[/] {item.customer_id} {item.customer_name}: {item.error}",
            highlight=False,
        )
    if result.failed:
        raise typer.Exit(1)


@app.command("init")
@reports_errors
def init_command(
    path: Path = typer.Option(Path(SETTINGS_FILE), "--path", help="设置文件路径 settings file"),
    force: bool = ForceOption,
) -> None:
    """写出带注释的设置文件 creditbook.toml (company, bank, letter numbers, wording)."""
    written = write_settings(path, force=force)
    console.print(f"已生成 written: {written} — 请修改公司名称、地址、银行账户等 edit it")


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
    pdf: bool = PdfOption,
    merge: bool = typer.Option(False, "--merge", help="合并为一个 PDF 便于打印 one PDF to print"),
    force: bool = ForceOption,
    config: Path | None = ConfigOption,
    templates: Path | None = TemplatesOption,
    read_options: ReadOptions | None = None,
) -> None:
    """按催收阶段批量生成催收函 (付款提醒函/催款函/最后催告函) with manifest."""
    from creditbook.documents.adapters import generate_letters

    settings = load_settings(config)
    books = read_books_for(ledger, register, read_options, settings.policy, settings)
    with _progress_bar() as bar:
        task = bar.add_task("催收函", total=None, customer="")
        result = generate_letters(
            books.ledger,
            books.register,
            option_date(as_of),
            out,
            settings=settings,
            stages=stage,
            customers=customer,
            pdf=pdf or merge,
            merge=merge,
            force=force,
            progress=lambda done, total, who: bar.update(
                task, completed=done, total=total, customer=who
            ),
            templates_dir=templates,
        )
    _summary(result, "催收函")


@app.command("notice")
@reports_errors
@ledger_options
def notice_command(
    ledger: Path = typer.Argument(..., help="应收账款台账 AR ledger (.xlsx/.csv)"),
    register: Path | None = typer.Option(None, "--register", help="客户信用档案 credit register"),
    as_of: str | None = typer.Option(None, "--as-of", help="截至日期 as-of date (default today)"),
    out: Path = typer.Option(..., "--out", help="输出目录 output folder"),
    customer: list[str] = typer.Option([], "--customer", help="只处理该客户编码 customer id"),
    pdf: bool = PdfOption,
    force: bool = ForceOption,
    config: Path | None = ConfigOption,
    templates: Path | None = TemplatesOption,
    read_options: ReadOptions | None = None,
) -> None:
    """信用调整通知书: one per customer whose monitoring review recommends a change."""
    from creditbook.documents.adapters import generate_notices

    settings = load_settings(config)
    books = read_books_for(ledger, register, read_options, settings.policy, settings)
    with _progress_bar() as bar:
        task = bar.add_task("调整通知书", total=None, customer="")
        result = generate_notices(
            books.ledger,
            books.register,
            option_date(as_of),
            out,
            settings=settings,
            customers=customer,
            pdf=pdf,
            force=force,
            progress=lambda done, total, who: bar.update(
                task, completed=done, total=total, customer=who
            ),
            templates_dir=templates,
        )
    _summary(result, "信用调整通知书")


def _written(files) -> None:
    console.print(f"已生成 written: {files.docx}", highlight=False)
    if files.pdf:
        console.print(f"已生成 written: {files.pdf}", highlight=False)


@app.command("report")
@reports_errors
def report_command(
    evaluation: Path = typer.Argument(..., help="客户信用评估表 evaluation workbook (.xlsx)"),
    out: Path = typer.Option(..., "--out", help="输出 .docx output file"),
    pdf: bool = PdfOption,
    force: bool = ForceOption,
    config: Path | None = ConfigOption,
    templates: Path | None = TemplatesOption,
) -> None:
    """客户信用评估报告 from an evaluation workbook (charts included)."""
    from creditbook.documents.evaluation import generate_report

    _written(
        generate_report(
            evaluation,
            out,
            settings=load_settings(config),
            pdf=pdf,
            force=force,
            templates_dir=templates,
        )
    )


@app.command("approval")
@reports_errors
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
) -> None:
    """信用额度审批表 with the policy's signature chain for the amount."""
    from creditbook.documents.evaluation import generate_approval

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
        )
    )


@app.command("survey-report")
@reports_errors
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
            f"[{style}]{finding.level}[/] {finding.where}: {finding.message}", highlight=False
        )
    if any(f.level == "错误" for f in findings):
        raise typer.Exit(1)
    console.print(f"[green]OK[/] {file}: 可用于 {kind}")


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
        console.print(f"已生成 written: {path}", highlight=False)
