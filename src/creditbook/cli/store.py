"""`creditbook store …`: the team's shared store on PostgreSQL (init, migrate, status, export)."""

from __future__ import annotations

from pathlib import Path

import typer

from creditbook.cli._app import app, console, err_console, reports_errors
from creditbook.usertext import console_text

store_app = typer.Typer(
    help="共享存储 shared store: 团队多台电脑共用 PostgreSQL 上的函件编号、发文登记簿和信用档案。",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(store_app, name="store")

ConfigOption = typer.Option(None, "--config", help="设置文件 settings (default ./creditbook.toml)")
ArchiveOption = typer.Option(Path("archive"), "--archive", help="本机档案目录 local archive folder")


@store_app.command("init")
@reports_errors
def init(
    url: str = typer.Argument(..., help="postgresql://用户@主机/数据库?sslmode=verify-full"),
    roles: bool = typer.Option(
        False, "--roles", help="同时创建角色 creditbook_staff（只能查询和追加）与 creditbook_admin"
    ),
) -> None:
    """建立共享存储的表和追加保护 (create the tables and append-only triggers)."""
    from creditbook.documents.store.postgres import ADMIN_ROLE, STAFF_ROLE, PostgresStore

    store = PostgresStore(url)
    store.init(roles=roles)
    console.print(f"已初始化 initialised: {console_text(store.describe())}", highlight=False)
    if roles:
        console.print(
            f"角色 roles: {STAFF_ROLE}（经办人 staff: 只能查询和追加 SELECT/INSERT）, "
            f"{ADMIN_ROLE}（管理员 admin: 表的所有者 owner）", highlight=False,
        )  # fmt: skip


@store_app.command("migrate")
@reports_errors
def migrate(
    to: str = typer.Option(..., "--to", help="目标 PostgreSQL 地址 target URL (已 store init)"),
    archive: Path = ArchiveOption,
    config: Path | None = ConfigOption,
) -> None:
    """把本机的计数器、发文登记簿和信用档案移入 PostgreSQL，保留每个哈希并校验。"""
    from creditbook.documents.store.embedded import EmbeddedStore
    from creditbook.documents.store.migrate import migrate as move
    from creditbook.documents.store.postgres import PostgresStore
    from creditbook.settings import load_settings

    settings = load_settings(config)
    source = EmbeddedStore(settings.counter_path, settings.log_path, archive)
    result = move(source, PostgresStore(to))
    counters = ", ".join(f"{p}〔{y}〕{n}" for (p, y), n in sorted(result.counters.items()))
    console.print(
        f"已迁移 moved: 计数器 counters {counters or '无 none'}; 发文登记簿 {result.log_rows} 行 "
        f"rows; 信用档案 {result.entries} 条 entries, {result.documents} 个文件 documents",
        highlight=False,
    )
    console.print(f"校验通过 verified: 链头 head {result.head}", highlight=False)
    console.print(
        f'请在 creditbook.toml 中设置 now set store = "{to.split("?")[0]}"（或环境变量 '
        "CREDITBOOK_STORE）; 本机文件保留不动 the local files are left as they were",
        highlight=False,
    )


@store_app.command("status")
@reports_errors
def status(archive: Path = ArchiveOption, config: Path | None = ConfigOption) -> None:
    """显示正在使用的存储及其内容，并校验 (which store is in use; exit 1 on any problem)."""
    from creditbook.documents.store import open_store
    from creditbook.documents.store.postgres import PostgresStore
    from creditbook.settings import load_settings

    store = open_store(load_settings(config), archive)
    console.print(f"存储 store: {console_text(store.describe())}", highlight=False)
    for (prefix, year), last in sorted(store.letters.counters().items()):
        console.print(f"计数器 counter {prefix}〔{year}〕: {last}", highlight=False)
    if isinstance(store, PostgresStore):
        counts = store.counts()
        console.print(
            f"发文登记簿 {counts['letter_log']} 行 rows; 信用档案 {counts['archive_entries']} 条 "
            f"entries, {counts['documents']} 个文件 documents",
            highlight=False,
        )
        problems = store.problems()
    else:
        console.print(f"发文登记簿 {len(store.letters.history())} 行 rows", highlight=False)
        problems = []
        if (Path(archive) / "archive-log.sqlite3").exists():
            problems = [str(p) for p in store.archive.verify().problems]
    for problem in problems:
        err_console.print(f"[red]✗[/] {console_text(problem)}", highlight=False)
    if problems:
        err_console.print(f"校验未通过: {len(problems)} 个问题 (verification failed)")
        raise typer.Exit(1)
    console.print(f"完好 intact: 链头 head {store.archive.head()}", highlight=False)


@store_app.command("export")
@reports_errors
def export(
    out: Path = typer.Option(..., "--out", help="导出目录（须为空）empty output folder"),
    config: Path | None = ConfigOption,
) -> None:
    """把共享存储中的信用档案导出为档案目录 (the archive in folder form, for backups/audits)."""
    from creditbook.documents.store import open_store
    from creditbook.documents.store.migrate import export_archive
    from creditbook.documents.store.postgres import PostgresStore
    from creditbook.settings import load_settings

    store = open_store(load_settings(config))
    if not isinstance(store, PostgresStore):
        err_console.print(
            "错误 error: 未设置共享存储 no shared store is set (store = / CREDITBOOK_STORE)"
        )
        raise typer.Exit(1)
    root = export_archive(store, out)
    console.print(f"已写出 written: {console_text(root)}（archive verify --archive {root}）")
