"""`creditbook archive …` (信用档案) and `creditbook encrypt`: thin layers over the archive."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

import typer

from creditbook.archive import KINDS, ArchiveEntry, customer_history
from creditbook.cli._app import app, console, err_console, reports_errors
from creditbook.cli._console import Table
from creditbook.core.money import format_money
from creditbook.documents.store.base import ArchiveStore
from creditbook.documents.store.embedded import EmbeddedArchive
from creditbook.protect import encrypt_office_file
from creditbook.usertext import console_cell, console_text

archive_app = typer.Typer(
    help="信用档案 credit archive: 归档文件，查看客户历史，校验日志，导出审计资料。",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(archive_app, name="archive")

ArchiveOption = typer.Option(Path("archive"), "--archive", help="档案目录 archive folder")
PasswordOption = typer.Option(
    None,
    "--password",
    envvar="CREDITBOOK_PASSWORD",
    help="为 .docx/.xlsx 加密的密码 (或环境变量 CREDITBOOK_PASSWORD)",
)


def _store(archive: Path) -> ArchiveStore:
    """The archive folder, or the team's PostgreSQL store when one is set (store = …)."""
    from creditbook.documents.store import open_store
    from creditbook.settings import load_settings

    return open_store(load_settings(), archive).archive


def _table(title: str, headers: tuple[str, ...]) -> Table:
    table = Table(title=console_text(title))
    for header in headers:
        table.add_column(header)
    return table


def _fact(entry: ArchiveEntry, key: str) -> str:
    value = entry.facts.get(key, "")
    if key in {"limit", "amount"} and value != "":
        try:  # an amount stays Decimal: a float would change a long figure's last digits
            return format_money(Decimal(str(value)))
        except InvalidOperation:
            return str(value)  # filed as text (archive add --limit takes any text): shown as is
    return str(value)


@archive_app.command("add")
@reports_errors
def add(
    path: Path = typer.Argument(..., help="要归档的文件 file to file"),
    customer: str = typer.Option(..., "--customer", help="客户编码 customer id"),
    kind: str = typer.Option("document", "--kind", help="类型: " + ", ".join(KINDS)),
    by: str = typer.Option(None, "--by", help="经办人 (默认: 当前系统用户)"),
    grade: str = typer.Option(None, "--grade", help="信用等级"),
    limit: str = typer.Option(None, "--limit", help="信用额度"),
    letter_no: str = typer.Option(None, "--letter-no", help="函件编号"),
    note: str = typer.Option(None, "--note", help="备注"),
    archive: Path = ArchiveOption,
) -> None:
    """归档一个文件并记入日志 (file a document under archive/<客户编码>/ and log it)."""
    store = _store(archive)
    entry = store.file(
        customer, path, kind, by=by, grade=grade, limit=limit, letter_no=letter_no, note=note
    )
    shared = not isinstance(store, EmbeddedArchive)
    filed = archive / entry.file if entry.file else archive
    where = f"{entry.file}（共享存储 shared store）" if shared else filed
    console.print(f"已归档 filed #{entry.seq}: {console_text(where)}")


@archive_app.command("show")
@reports_errors
def show(
    customer: str = typer.Argument(..., help="客户编码 customer id"),
    archive: Path = ArchiveOption,
) -> None:
    """客户信用档案历史: 等级与额度变化、已发函件、预警、归档文件 (a customer's history)."""
    entries = _store(archive).entries(customer)
    history = customer_history(entries, customer)
    if not entries:
        err_console.print(f"档案中没有客户 {console_text(customer)} 的记录")
        raise typer.Exit(1)
    ratings = _table(
        f"{customer} 信用等级与额度 (grade and limit over time)",
        ("日期", "类型", "得分", "等级", "额度", "期限", "政策", "经办人"),
    )
    for e in _one_per_document(history.ratings):
        policy = " ".join(filter(None, (_fact(e, "policy"), _fact(e, "policy_version"))))
        ratings.add_row(*map(console_cell, (
            e.recorded_at[:10], e.label, _fact(e, "score"), _fact(e, "grade"),
            _fact(e, "limit"), _fact(e, "term_days"), policy, e.recorded_by,
        )))  # fmt: skip
    letters = _table(
        f"{customer} 已发函件 (letters sent)", ("日期", "函件编号", "催收阶段", "金额", "经办人")
    )
    for e in _one_per_document(history.letters):
        letters.add_row(*map(console_cell, (
            e.recorded_at[:10], _fact(e, "letter_no"), _fact(e, "stage"),
            _fact(e, "amount"), e.recorded_by,
        )))  # fmt: skip
    files = _table(f"{customer} 归档文件 (files, under {archive}/)", ("日期", "类型", "文件"))
    for e in entries:
        if e.file:
            files.add_row(*map(console_cell, (e.recorded_at[:10], e.label, e.file)))
    console.print(*(t for t in (ratings, letters, files) if t.row_count))
    for e in history.warnings:
        console.print(f"预警 {e.recorded_at[:10]}: {console_text(_fact(e, 'note'))}")


def _one_per_document(entries: Sequence[ArchiveEntry]) -> list[ArchiveEntry]:
    """Files filed together with the same facts (.xlsx, .docx, .pdf) are one event."""
    seen: set[tuple[object, ...]] = set()
    kept: list[ArchiveEntry] = []
    for e in entries:
        key = (e.kind, e.recorded_at[:10], str(e.facts)) if e.file else (e.seq,)
        if key not in seen:
            seen.add(key)
            kept.append(e)
    return kept


@archive_app.command("verify")
@reports_errors
def verify(
    archive: Path = ArchiveOption,
    expect_head: str | None = typer.Option(
        None,
        "--expect-head",
        help="此前记录的链头 a head recorded earlier (on a report or approval form): "
        "it must still be in the log, else entries were removed or the log rolled back",
    ),
) -> None:
    """校验档案: 哈希链、追加保护、每个文件的 SHA-256 (exit 1 naming each problem)."""
    result = _store(archive).verify(expect_head=expect_head)
    for problem in result.problems:
        err_console.print(f"[red]✗[/] {console_text(problem)}", highlight=False)
    if not result.ok:
        err_console.print(f"档案校验未通过: {len(result.problems)} 个问题 (verification failed)")
        raise typer.Exit(1)
    console.print(f"档案完好 archive intact: {result.entries} 条记录，链头 head {result.head}")


@archive_app.command("export")
@reports_errors
def export(
    customer: str = typer.Argument(..., help="客户编码 customer id"),
    out: Path = typer.Option(..., "--out", help="导出目录 output folder"),
    force: bool = typer.Option(False, "--force", help="覆盖已有的导出目录"),
    password: str = PasswordOption,
    archive: Path = ArchiveOption,
) -> None:
    """导出客户档案供审计: 文件、档案清单.csv、档案日志.json (export one customer's file)."""
    written = _store(archive).export(customer, out, force=force, password=password)
    console.print(f"已导出 {len(written)} 个文件到 {console_text(out)}")


@app.command("encrypt")
@reports_errors
def encrypt(
    path: Path = typer.Argument(..., help=".docx / .xlsx 文件"),
    password: str = typer.Option(
        ..., "--password", envvar="CREDITBOOK_PASSWORD", prompt="密码", hide_input=True
    ),
    out: Path = typer.Option(None, "--out", help="输出文件 (默认: 原地加密)"),
    force: bool = typer.Option(False, "--force", help="覆盖已有的输出文件"),
) -> None:
    """为 Word/Excel 文件设置打开密码 (encrypt a .docx/.xlsx with a password)."""
    target = encrypt_office_file(path, password, out=out, force=force)
    console.print(f"已加密 encrypted: {console_text(target)}")
