"""`creditbook addin build|install|lite|docs`: the Excel add-in in every runtime."""

from __future__ import annotations

from pathlib import Path

import typer

from creditbook.cli._app import app, console, reports_errors
from creditbook.core.errors import CreditbookError

# The add-in modules are imported by the commands that use them: `creditbook --help` need
# not load the Office.js bridge (asyncio) nor the .xlam builder.

addin_app = typer.Typer(help="Excel 加载项 add-in: Windows (xlwings), Mac/网页版 (xlwings Lite).")
app.add_typer(addin_app, name="addin")


@addin_app.command("build")
@reports_errors
def build(
    out: Path = typer.Option(Path("addin/creditbook.xlam"), help="output .xlam"),
    interpreter: str = typer.Option(
        "", help="python.exe written into the add-in (Interpreter_Win); default: from PATH"
    ),
    force: bool = typer.Option(False, "--force", help="overwrite an existing add-in"),
) -> None:
    """Build creditbook.xlam from xlwings' add-in template (UDF Modules = creditbook.udfs)."""
    from creditbook.addin.xlam import CONFIG_SHEET, AddinSettings, build_xlam, read_config_sheet

    path = build_xlam(out, AddinSettings(interpreter_win=interpreter), force=force)
    config = read_config_sheet(path)
    console.print(
        f"[green]已生成 built[/] {path}  ({CONFIG_SHEET}: UDF Modules = {config['UDF Modules']})"
    )
    console.print(
        "在 Windows Excel 中导入函数 then in Windows Excel: see addin/README.md "
        "(信用管理 tab; xlwings → Import Functions)."
    )


@addin_app.command("install")
@reports_errors
def install(
    home: Path = typer.Option(None, help="home folder holding .xlwings/ (default: yours)"),
) -> None:
    """Add creditbook.udfs to UDF MODULES in ~/.xlwings/xlwings.conf; Windows: install add-in."""
    from creditbook.addin.conf import install as install_conf

    result = install_conf(home)
    state = "已更新 updated" if result.changed else "已是最新 already set"
    console.print(f"{state}: {result.config}")
    if result.xlwings_failed:
        lines = result.xlwings_addin.splitlines() or ["(no output)"]
        raise CreditbookError(
            "xlwings 加载项未安装 the xlwings add-in was not installed "
            f"(xlwings addin install: {lines[-1].strip()}). "
            "请确认本机装有桌面版 Excel，关闭 Excel 后重试，或按用户手册 1.1 在 Excel 中手动加载 "
            "make sure desktop Excel is installed, close it and try again"
        )
    if result.xlwings_addin:
        console.print(result.xlwings_addin, markup=False, highlight=False)


@addin_app.command("lite")
@reports_errors
def lite(
    out: Path = typer.Option(None, help="write main.py and requirements.txt into this folder"),
    wheel_url: str = typer.Option(
        None,
        "--wheel-url",
        help="公司托管的轮子地址 https URL of the creditbook wheel your company hosts "
        "(instead of a package index)",
    ),
    force: bool = typer.Option(False, "--force", help="overwrite existing files"),
) -> None:
    """Print (or write) main.py and requirements.txt for the xlwings Lite editor."""
    from creditbook.addin.lite import lite_files, write_lite_files

    if out is not None:
        for path in write_lite_files(out, force=force, wheel_url=wheel_url):
            console.print(f"[green]已写入 written[/] {path}")
        return
    for name, text in lite_files(wheel_url).items():
        print(f"# ===== {name} =====")
        print(text, end="")


@addin_app.command("docs")
@reports_errors
def docs(
    out: Path = typer.Option(None, help="write the Markdown here instead of printing it"),
    force: bool = typer.Option(True, help="replace an existing reference"),
) -> None:
    """Render the CB_ function reference (docs/functions.md) from the functions' help."""
    from creditbook.addin.docs import render_function_reference
    from creditbook.files import atomic_write_text

    text = render_function_reference()
    if out is None:
        print(text, end="")
    else:
        atomic_write_text(out, text, force=force)
        console.print(f"[green]已写入 written[/] {out}")
