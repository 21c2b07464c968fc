"""`creditbook demo`: run everything on the sample company and print what was produced."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from creditbook.archive import current_user
from creditbook.cli._app import app, console, reports_errors
from creditbook.cli._console import Table
from creditbook.core.money import format_money, to_decimal
from creditbook.usertext import console_cell, console_text

if TYPE_CHECKING:
    from creditbook.demo import DemoResult

# creditbook.sample.DEFAULT_SEED, repeated so that `--help` need not import pandas (a test
# checks the two agree).
DEFAULT_SEED = 2026


@app.command("demo")
@reports_errors
def demo(
    out: Path = typer.Option(Path("creditbook-demo"), "--out", help="输出目录 output folder"),
    force: bool = typer.Option(False, "--force", help="替换之前的演示目录 replace an earlier demo"),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="示例数据的随机种子"),
    by: str = typer.Option(None, "--by", help="经办人, 记入信用档案 (默认: 当前系统用户)"),
    password: str = typer.Option(
        None, "--password", envvar="CREDITBOOK_PASSWORD", help="为生成的 .docx/.xlsx 加密"
    ),
    pdf: bool = typer.Option(
        None,
        "--pdf/--no-pdf",
        help="生成 PDF (默认: 已安装 Word 或 LibreOffice 时生成)",
        show_default=False,
    ),
    store: str | None = typer.Option(
        None,
        "--store",
        envvar="CREDITBOOK_STORE",
        help="共享存储 postgresql://… (空库): 编号、发文登记簿与信用档案存入其中",
        show_default=False,
    ),
) -> None:
    """演示: 用示例公司跑通全部流程 (sample data → assessment → workbooks → documents → archive)."""
    from creditbook.demo import run_demo

    with console.status("演示运行中 running the demo…") as status:
        result = run_demo(
            out, force=force, seed=seed, by=by or current_user(), password=password, pdf=pdf,
            progress=lambda message: status.update(message), store=_store(store),
        )  # fmt: skip
    print_summary(result)


def _store(url: str | None) -> str:
    """The --store URL: a PostgreSQL one, and the same as CREDITBOOK_STORE when both are set
    (the letters follow the environment, so two different stores would split the demo)."""
    from creditbook.documents.store.config import STORE_ENV, _check_scheme

    url = (url or "").strip()
    if not url:
        return url
    try:
        _check_scheme(url)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--store") from None
    env = os.environ.get(STORE_ENV, "").strip()
    if env and env != url:
        raise typer.BadParameter(
            f"与环境变量 {STORE_ENV} 不同 differs from {STORE_ENV}; 请只用其一 use one",
            param_hint="--store",
        )
    return url


def _table(title: str, *headers: str) -> Table:
    table = Table(title=title, title_justify="left")
    for header in headers:
        table.add_column(header)
    return table


def print_summary(result: DemoResult) -> None:
    """Grades, aging, warnings, dunning stages, files written and the archive's state."""
    console.print(
        f"[bold]{result.company}[/] — 演示基准日 as of {result.as_of:%Y-%m-%d}: "
        f"{result.customers} 家客户, {result.invoices} 张单据"
    )
    grades = _table(f"客户等级 grades ({result.grade_source})", "等级 grade", "客户数 customers")
    for grade, count in sorted(result.grades.items()):
        grades.add_row(grade, str(count))
    console.print(grades)
    if result.aging:
        aging = _table("账龄分析 AR aging", "账龄 bucket", "金额 amount (元)")
        aging.columns[1].justify = "right"
        for bucket, amount in result.aging:
            aging.add_row(bucket, format_money(amount))
        console.print(aging)
    if result.warnings:
        warnings = _table(
            f"预警信号 warnings ({len(result.warnings)} 家客户)", "客户编码", "客户名称", "预警"
        )
        for cid, name, signals in result.warnings:
            warnings.add_row(*map(console_cell, (cid, name, signals.replace("；", "\n"))))
        console.print(warnings)
    if result.groups:
        groups = _table("集团额度 group limits", "集团", "敞口与额度", "预警")
        for row in result.groups:
            groups.add_row(*map(console_cell, (row[0], row[1], row[2].replace("；", "\n"))))
        console.print(groups)
    _print_files(result)
    if result.conversation:
        talks = _table("承诺与争议 promises & disputes (客户联系与催收记录)", "处理 what")
        for line in result.conversation:
            talks.add_row(console_cell(line))
        console.print(talks)
    if result.pdf_made_by:
        from creditbook.office.pdf import made_by_line

        console.print(made_by_line(result.pdf_made_by), highlight=False)
    for note in result.notes:
        console.print(f"[yellow]注意[/] {console_text(note)}")
    if result.archive is not None:
        state = "完好 intact" if result.archive.ok else f"{len(result.archive.problems)} 个问题"
        console.print(
            f"信用档案 archive: {result.archive_where} — {result.archive.entries} 条记录, {state}"
        )
    console.print(f"用时 {result.seconds:.1f} 秒")


def _relative(result: DemoResult, path: Path) -> str:
    base, path = result.out.resolve(), path.resolve()
    return path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)


def _print_evaluations(result: DemoResult) -> None:
    if not result.evaluated:
        return
    documents = [o for o in result.outputs if o.kind in {"evaluation", "approval"}]
    folder = _relative(result, documents[-1].path.parent)
    pdf = " (含 PDF)" if any(o.path.suffix == ".pdf" for o in documents) else ""
    table = _table(
        f"评估表、评估报告与审批表{pdf} — 工作簿/ 与 {folder}/",
        "客户", "得分", "等级", "建议额度 (元)", "期限", "客户名称",
    )  # fmt: skip
    names = {o.customer_id: o.label.split()[-1] for o in documents}
    for cid, score, grade, limit, term in result.evaluated:
        cells = (cid, f"{score:.1f}", grade, format_money(limit), f"{term} 天", names[cid])
        table.add_row(*map(console_cell, cells))
    table.columns[3].justify = "right"
    console.print(table)


def _print_batch(result: DemoResult, kind: str, title: str, *headers: str) -> None:
    """Letters or notices: one row per document (its PDF, if any, sits beside it)."""
    rows = [o for o in result.outputs if o.kind == kind and o.path.suffix == ".docx"]
    if not rows:
        return
    pdf = (
        " (含 PDF)"
        if any(o.kind == kind and o.path.suffix == ".pdf" for o in result.outputs)
        else ""
    )
    folder = _relative(result, rows[0].path.parent)
    table = _table(f"{title}{pdf} — {folder}/", *headers)
    for o in rows:
        facts = dict(o.facts)
        cells: tuple[object, ...]
        if kind == "letter":
            amount = format_money(to_decimal(facts["amount"]))  # the letter's Decimal amount
            cells = (facts["letter_no"], facts["stage"], amount, o.path.name)
        else:
            cells = (facts["letter_no"], o.customer_id, facts.get("note", ""))
        table.add_row(*(console_cell(c) for c in cells))
    if kind == "letter":
        table.columns[2].justify = "right"
    console.print(table)


def _print_files(result: DemoResult) -> None:
    _print_evaluations(result)
    stages = ", ".join(f"{stage} {count}" for stage, count in result.stages.items())
    _print_batch(result, "adjustment", "信用调整通知书 notices", "编号", "客户", "调整")
    _print_batch(
        result, "letter", f"催收函 letters ({stages})", "函件编号", "阶段", "欠款 (元)", "文件"
    )
    others = [o for o in result.outputs if o.customer_id is None]
    files = _table(f"其他文件 other files — {result.out}/", "文件 output", "路径 path")
    for output in others:
        files.add_row(output.label, _relative(result, output.path))
    console.print(files)
