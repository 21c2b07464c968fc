"""`creditbook evaluate`: score, grade, term and limit for every customer in a table."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from creditbook.cli._app import app, console, reports_errors
from creditbook.cli._console import Table
from creditbook.cli._inputs import checks_input_files, reporting
from creditbook.cli.policy import policy_from_spec
from creditbook.core.money import format_money, round_fen
from creditbook.files import atomic_path
from creditbook.usertext import Figure, console_cell, console_text, csv_bytes, rows_workbook

if TYPE_CHECKING:
    import pandas as pd


@app.command("evaluate")
@reports_errors
@checks_input_files("file")
def evaluate(
    file: Path = typer.Argument(
        ..., help="指标表 CSV/XLSX: 客户编码, 客户名称, one column per indicator"
    ),
    policy: str = typer.Option(
        "abc", help="信用政策 preset (abc/abcd/aaa), TOML file or 政策 table (.csv/.xlsx)"
    ),
    sheet: str | None = typer.Option(None, help="XLSX 工作表名 sheet name (default: the first)"),
    out: Path | None = typer.Option(None, help="也写入结果 also write the results (.csv or .xlsx)"),
    force: bool = typer.Option(False, help="覆盖已有输出 overwrite an existing --out file"),
) -> None:
    """信用评估 Evaluate customers from a table of indicator values.

    Optional columns 月销售额, 净资产, 营运资金, 新客户 feed the recommended limit.
    """
    from creditbook.core.portfolio import evaluate_portfolio
    from creditbook.inputs.indicators import read_indicator_table
    from creditbook.inputs.notes import notes_of

    rules = policy_from_spec(policy)
    indicators = reporting(lambda: read_indicator_table(file, sheet))  # every bad cell, exit 1
    for note in notes_of(indicators):
        console.print(console_text(str(note)))
    results = evaluate_portfolio(indicators, rules)
    if out is not None:
        _write(results, out, force)
    console.print(_table(results, console_text(f"{rules.title}（{rules.name}）")))
    if out is not None:
        console.print(f"已写入 written {console_text(out)}")


def _table(results: pd.DataFrame, title: str) -> Table:
    table = Table(title=title)
    for name in results.columns:
        numeric = name in ("评分", "期限(天)", "信用额度", "缺失指标数")
        table.add_column(
            "缺失" if name == "缺失指标数" else name,
            justify="right" if numeric else "left",
        )
    for row in results.itertuples(index=False):
        table.add_row(
            *(
                console_cell(_cell(name, value))
                for name, value in zip(results.columns, row, strict=True)
            )
        )
    return table


def _cell(name: str, value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if name == "评分":
        return f"{value:.2f}"
    if name == "信用额度":
        return format_money(value)  # type: ignore[arg-type]
    if name == "需担保":
        return "是" if value else "否"
    return str(value)


def _write(results: pd.DataFrame, out: Path, force: bool) -> None:
    """The same figures as on screen: limits to the fen, 需担保 as 是/否, blanks blank."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise typer.BadParameter("--out 须为 .csv 或 .xlsx (must end in .csv or .xlsx)")
    columns = list(results.columns)
    body = [
        [_exported(name, value, suffix) for name, value in zip(columns, row, strict=True)]
        for row in results.itertuples(index=False)
    ]
    with atomic_path(out, force) as temporary:
        if suffix == ".csv":
            temporary.write_bytes(csv_bytes([columns, *body]))
        else:
            rows_workbook("Sheet1", [columns, *body]).save(temporary)


def _exported(name: str, value: object, suffix: str) -> object:
    """A cell of the export: NaN and None are blank."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if name == "需担保":
        return "是" if value else "否"
    if name == "信用额度":
        amount = round_fen(value)  # type: ignore[arg-type]
        return Figure(f"{amount:.2f}") if suffix == ".csv" else amount
    return value
