"""`creditbook workbook new KIND|relink BOOK` and `creditbook recalc BOOK`."""

from __future__ import annotations

from pathlib import Path

import typer

from creditbook.cli._app import app, console, err_console, reports_errors
from creditbook.cli._inputs import checks_input_files
from creditbook.usertext import console_text
from creditbook.workbooks.kinds import KINDS

workbook_app = typer.Typer(help="标准信用工作簿 standard credit workbooks: " + ", ".join(KINDS))
app.add_typer(workbook_app, name="workbook")


@workbook_app.command("new")
@reports_errors
def new(
    kind: str = typer.Argument(..., help="工作簿类型 kind: " + " | ".join(KINDS)),
    out: Path = typer.Option(..., "--out", "-o", help="输出文件 output .xlsx"),
    sample: bool = typer.Option(False, "--sample", help="填入示例数据 fill in sample data"),
    policy: str = typer.Option("abc", "--policy", help="信用政策 preset (abc/abcd/aaa) or TOML"),
    company: str = typer.Option(None, "--company", help="页眉中的公司名称 company name"),
    force: bool = typer.Option(False, "--force", help="覆盖已有文件 overwrite"),
) -> None:
    """Build a standard workbook (formulas, validation, print set-up) to --out."""
    from creditbook.workbooks.build import new_workbook_file

    path = new_workbook_file(kind, out, sample=sample, policy=policy, force=force, company=company)
    console.print(f"已生成 written: {console_text(path)}")


@workbook_app.command("templates")
@reports_errors
def templates(
    out: Path = typer.Option(None, "--out", "-o", help="目录 directory (默认 workbook_templates/)"),
    force: bool = typer.Option(False, "--force", help="覆盖已有文件 overwrite"),
) -> None:
    """Write the empty template of every kind (the files shipped in workbook_templates/)."""
    from creditbook.workbooks.build import TEMPLATE_DIR, write_templates

    for path in write_templates(out or TEMPLATE_DIR, force=force):
        console.print(f"已生成 written: {console_text(path)}")


@workbook_app.command("relink")
@reports_errors
@checks_input_files("book", suffixes=(".xlsx", ".xlsm"))
def relink(
    book: Path = typer.Argument(..., exists=True, dir_okay=False, help="工作簿 workbook .xlsx"),
    out: Path = typer.Option(None, "--out", "-o", help="输出文件 (默认覆盖输入，需 --force)"),
    force: bool = typer.Option(False, "--force", help="覆盖已有文件 overwrite"),
) -> None:
    """Make CB_ calls saved through an add-in link ([1]!CB_…, _xludf.CB_…) plain again.

    For a workbook opened where the add-in lives in another folder, or moved to the
    standard xlwings add-in or xlwings Lite; links to other workbooks are kept.
    """
    from creditbook.workbooks.relink import relink_workbook

    result = relink_workbook(book, out, force=force)
    console.print(f"已改写 rewritten {result.formulas} 个公式 formulas → {result.path}")
    for target in result.removed:
        console.print(f"已移除加载项链接 removed add-in link: {target}", markup=False)


@app.command("recalc")
@reports_errors
@checks_input_files("book", suffixes=(".xlsx", ".xlsm"))
def recalc(
    book: Path = typer.Argument(..., exists=True, dir_okay=False, help="工作簿 workbook .xlsx"),
    out: Path = typer.Option(None, "--out", "-o", help="输出文件 (默认覆盖输入，需 --force)"),
    force: bool = typer.Option(False, "--force", help="覆盖已有文件 overwrite"),
    values_only: bool = typer.Option(
        False, "--values-only", help="只保留计算结果、去掉公式（打印/外发用）values, no formulas"
    ),
) -> None:
    """Calculate every formula (native and CB_) without Excel and store the values.

    Each cell that ends in an error is listed as sheet!cell: #ERR (formula); the exit code
    is then 2.
    """
    from creditbook.workbooks.recalc import recalc_workbook

    result = recalc_workbook(book, out, force=force, values_only=values_only)
    target = out or book
    console.print(
        f"已计算 calculated {result.formula_count} 个公式 formulas in {result.seconds:.2f} s "
        f"({result.engine}) "
        f"→ {target}"
    )
    if result.errors:
        for error in result.errors:
            err_console.print(str(error), highlight=False, markup=False, soft_wrap=True)
        err_console.print(f"{len(result.errors)} 个单元格出错 cells in error")
        raise typer.Exit(2)
