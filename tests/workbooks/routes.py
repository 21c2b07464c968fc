"""Every route to an evaluation's figures, for the tests that hold them to one truth.

The workbook (built, recalculated headlessly, read off its 评分 and 审批 sheets), the report
and approval form (``read_evaluation`` → ``evaluate`` → contexts, as `creditbook report` and
`approval` do), `creditbook evaluate` (the assessment's indicators as its table) and the
ribbon's 生成文书 (the values Excel holds, snapshot to a values-only file, then the report).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from creditbook.cli import app
from creditbook.core.policy import resolve_policy
from creditbook.documents.evaluation import approval_context, report_context
from creditbook.inputs.evaluation import evaluate
from creditbook.ribbon.book import WorkbookValues, snapshot
from creditbook.settings import Settings
from creditbook.workbooks import evaluation as book
from creditbook.workbooks._sample import Evaluation
from creditbook.workbooks._sheet import BookContext, new_workbook
from creditbook.workbooks.build import workbook_bytes
from creditbook.workbooks.evaluation import read_evaluation
from creditbook.workbooks.recalc import recalc_workbook


@dataclass(frozen=True)
class Figures:
    """What a route shows: score, grade, term, limit (to the fen) and approval chain."""

    score: Decimal
    grade: str
    term: int
    limit: Decimal
    chain: tuple[str, ...]


def write_book(data: Evaluation, policy: str, path: Path) -> Path:
    ctx = BookContext(company="测试公司", title=book.TITLE)
    workbook = new_workbook(ctx)
    book.build(workbook, ctx, resolve_policy(policy), data)
    path.write_bytes(workbook_bytes(workbook))
    return path


def labelled(sheet, label: str) -> object:
    for row in sheet.iter_rows(min_col=1, max_col=2):
        if row[0].value == label:
            return row[1].value
    raise KeyError(label)


def workbook_route(calculated: Path) -> Figures:
    """The figures as the recalculated workbook shows them."""
    values = openpyxl.load_workbook(calculated, data_only=True)
    score, approval = values["评分"], values["审批"]
    header = next(r for r in approval.iter_rows(min_col=1, max_col=2) if r[1].value == "审批环节")
    chain = tuple(
        str(row[1].value)
        for row in approval.iter_rows(min_row=header[0].row + 1, min_col=1, max_col=2)
        if row[1].value
    )
    return Figures(
        score=Decimal(str(labelled(score, "信用评分"))),
        grade=str(labelled(score, "信用等级")),
        term=int(labelled(score, "信用期限(天)")),  # type: ignore[arg-type]
        limit=Decimal(str(labelled(score, "建议信用额度(元)"))).quantize(Decimal("0.01")),
        chain=chain,
    )


def record_summary(calculated: Path) -> tuple[str, str]:
    """信用记录's 逾期金额 and 最长逾期天数 as the report prints them ('102,000.00 元', '30 天')."""
    from creditbook.core.money import format_money

    record = openpyxl.load_workbook(calculated, data_only=True)["信用记录"]
    amount, days = labelled(record, "逾期金额"), labelled(record, "最长逾期天数")
    if amount in ("待填", "", None):
        return "0.00 元", "0 天"  # no invoice: the report states nothing overdue
    return f"{format_money(Decimal(str(amount)))} 元", f"{days} 天"


def report_payment(path: Path) -> tuple[str, str]:
    """The report's 当前逾期金额 and 当前最长逾期天数."""
    data = read_evaluation(path)
    rows = {
        row.label: row.value for row in report_context(data, evaluate(data), Settings()).payment
    }
    return rows["当前逾期金额"], rows["当前最长逾期天数"]


def report_route(path: Path) -> tuple[Figures, object]:
    """The report's and approval form's figures from the workbook file, and the data."""
    data = read_evaluation(path)
    result = evaluate(data)
    report = report_context(data, result, Settings())
    form = approval_context(data, result, Settings())
    assert form.recommended_limit == report.limit
    figures = Figures(
        score=Decimal(str(report.score)),
        grade=report.grade,
        term=report.term_days,
        limit=report.limit,
        chain=tuple(step.role for step in form.chain),
    )
    return figures, (data, result)


def ribbon_route(calculated: Path) -> Figures:
    """The ribbon's path: the values Excel holds, snapshot to a values-only workbook."""
    values = openpyxl.load_workbook(calculated, data_only=True)
    sheets = {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in values}
    held = WorkbookValues(name=calculated.name, path=None, properties={}, sheets=sheets)
    with snapshot(held) as copy:
        figures, _ = report_route(copy)
    return figures


def evaluate_route(result, data, policy: str, folder: Path) -> tuple[Decimal, str, int, Decimal]:
    """`creditbook evaluate` on the assessment's indicators and limit inputs, as a CSV."""
    current = data.statements[0]
    columns = {
        "客户编码": data.customer.customer_id,
        **{name: _csv(value) for name, value in result.indicators.items()},
        "预计月采购额": _csv(data.monthly_purchases),
        "净资产": _csv(current.equity),
        "营运资金": _csv(current.working_capital),
        "新客户": "是" if data.customer.is_new else "否",
    }
    table = folder / "指标.csv"
    table.write_text(",".join(columns) + "\n" + ",".join(columns.values()) + "\n", encoding="utf-8")
    out = folder / "结果.csv"
    run = CliRunner().invoke(
        app, ["evaluate", str(table), "--policy", policy, "--out", str(out), "--force"]
    )
    assert run.exit_code == 0, run.output
    header, row = out.read_text(encoding="utf-8-sig").splitlines()[:2]
    found = dict(zip(header.split(","), row.split(","), strict=True))
    return (
        Decimal(found["评分"]).quantize(Decimal("0.01")),
        found["等级"],
        int(found["期限(天)"]),
        Decimal(found["信用额度"] or "0").quantize(Decimal("0.01")),
    )


def _csv(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) and value.is_infinite():
        return "无流动负债"
    return str(value)


def calculated(path: Path) -> Path:
    out = path.with_name(f"{path.stem}-算好.xlsx")
    result = recalc_workbook(path, out, force=True)
    assert [str(e) for e in result.errors] == []
    return out
