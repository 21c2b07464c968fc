"""Reading an evaluation workbook by its labels (rows may move) and assessing the customer.

This module reads the cell values; ``creditbook.workbooks.evaluation.read_evaluation`` opens
the file and calculates it first when Excel never did (the formula engine lives in workbooks).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from creditbook.core.assessment import Assessment, assess
from creditbook.core.errors import InvalidValue
from creditbook.core.financial_statements import balance_gap, line_item
from creditbook.core.models import LEDGER_COLUMNS, Customer, Statement
from creditbook.core.money import format_money, from_fen, to_fen
from creditbook.core.policy import PERCENT_INDICATORS, Policy, canonical_indicator
from creditbook.core.receivables import open_lines, payment_behaviour
from creditbook.inputs.evaluation_cells import (
    EvaluationError,
    Problems,
    parse_amount,
    parse_day,
    parse_rating,
    parse_yes_no,
    unit_of,
)
from creditbook.inputs.policy_sheet import policy_from_table
from creditbook.inputs.problems import ProblemKind, ReadProblem

__all__ = ["EvaluationData", "EvaluationError", "evaluate", "evaluation_from_values"]

STATEMENT_LINES = {
    "资产总计": "total_assets",
    "负债合计": "total_liabilities",
    "流动资产合计": "current_assets",
    "流动负债合计": "current_liabilities",
    "存货": "inventory",
    "应收账款": "receivables",
    "应收票据": "notes_receivable",
    "其他非速动资产": "other_non_quick",
    "所有者权益合计": "equity",
    "营业收入": "revenue",
    "营业成本": "cost_of_sales",
    "净利润": "net_profit",
}
PERCENT = set(PERCENT_INDICATORS)
DAYS = {"应收账款周转天数", "存货周转天数"}
LEDGER_FRAME_COLUMNS = list(LEDGER_COLUMNS)


@dataclass
class EvaluationData:
    """What an evaluation workbook holds, read by label (rows may move)."""

    source: Path
    info: dict[str, Any]
    periods: tuple[str, str]
    statements: tuple[Statement, Statement]
    record_lines: pd.DataFrame  # 信用记录 as a ledger frame
    five_c: dict[str, tuple[float | str | None, str]]  # every judged item: (value, 依据)
    approved_limit: Decimal | None  # 审批!核定信用额度: the limit this approval grants
    policy: Policy
    customer: Customer
    evaluated_on: dt.date
    monthly_purchases: Decimal | None  # 预计月采购额, the 需求法 basis
    registered_capital: Decimal | None = None
    founded: dt.date | None = None
    current_limit: Decimal | None = None  # 审批!现有信用额度: the limit before an adjustment

    @property
    def as_of(self) -> dt.date:
        return self.evaluated_on

    def behaviour(self) -> dict[str, Any]:
        """Payment record over the 信用记录 lines, by the receivables core."""
        return record_behaviour(self.record_lines, self.as_of, self.policy)

    def open_items(self) -> list[tuple[int, Decimal]]:
        """(days overdue, open amount) of each line still open on the evaluation date."""
        if self.record_lines.empty:
            return []
        lines = open_lines(self.record_lines, self.as_of)
        return [
            (int(days), from_fen(int(fen)))
            for days, fen in zip(lines.days_overdue, lines.open, strict=True)
            if fen > 0
        ]


def _customer(i: Mapping[str, Any], is_new: bool) -> Customer:
    return Customer(
        customer_id=cell_text(i.get("客户编码")),
        name=cell_text(i.get("客户名称")),
        uscc=cell_text(i.get("统一社会信用代码")),
        legal_representative=cell_text(i.get("法定代表人")),
        industry=cell_text(i.get("所属行业")),
        contact=cell_text(i.get("联系人")),
        phone=cell_text(i.get("电话")),
        address=cell_text(i.get("地址")),
        salesperson=cell_text(i.get("业务员")),
        is_new=is_new,
    )


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _form(
    cells: Mapping[str, Any], label_col: str = "A", value_col: str = "B"
) -> dict[str, tuple[str, Any]]:
    """Label → (value cell, value) for a sheet laid out as a form (labels in one column)."""
    found: dict[str, tuple[str, Any]] = {}
    for ref, label in cells.items():
        row = ref[len(label_col) :]
        if ref.startswith(label_col) and row.isdigit() and isinstance(label, str):
            key = unicodedata.normalize("NFKC", label).strip()
            found.setdefault(key, (f"{value_col}{row}", cells.get(f"{value_col}{row}")))
    return found


def _values(form: Mapping[str, tuple[str, Any]]) -> dict[str, Any]:
    return {label: value for label, (_ref, value) in form.items()}


def _sheet(values: Mapping[str, Mapping[str, Any]], name: str, source: Path) -> Mapping[str, Any]:
    if name not in values:
        missing = f"缺少工作表 missing sheet '{name}'"
        kind = ProblemKind.MISSING_SHEET
        raise EvaluationError(
            [ReadProblem(source.name, None, None, None, None, missing, kind)], source.name
        )
    return values[name]


def _grid(cells: Mapping[str, Any]) -> list[list[Any]]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    positions = {}
    for ref, value in cells.items():
        column, row = coordinate_from_string(ref)
        positions[(row, column_index_from_string(column))] = value
    rows = max((r for r, _ in positions), default=0)
    cols = max((c for _, c in positions), default=0)
    return [[positions.get((r, c)) for c in range(1, cols + 1)] for r in range(1, rows + 1)]


def evaluation_from_values(
    values: Mapping[str, Mapping[str, Any]], path: str | Path
) -> EvaluationData:
    """Read an evaluation workbook's calculated values (sheet → cell → value) from ``path``.

    Every cell that cannot be read is reported at once (EvaluationError): amounts in
    元/千元/万元 or with their own unit (50万, 1.2亿), dates as the ledger reader reads
    them, 是/否, 1–5 ratings (blank only where the policy marks the item optional).
    """
    path = Path(path)
    problems = Problems(path.name)
    policy = policy_from_table(  # the sheet from A1: problems name its cells (政策!C9)
        _grid(_sheet(values, "政策", path)), file=path.name, sheet="政策", on_sheet=True
    )
    info_form = _form(_sheet(values, "客户信息", path))
    info = _values(info_form)
    evaluated_on = _read(problems, "客户信息", info_form, "评估日期", parse_day, required=True)
    is_new = _read(problems, "客户信息", info_form, "新客户", parse_yes_no)
    purchases = _purchases(problems, info_form)
    capital = _read(problems, "客户信息", info_form, "注册资本(元)", parse_amount)
    founded = _read(problems, "客户信息", info_form, "成立日期", parse_day)
    for label in ("客户编码", "客户名称"):
        if not cell_text(info.get(label)):
            problems.blank("客户信息", info_form.get(label, ("B?", None))[0], label)
    customer = _customer(info, bool(is_new))
    periods, statements = read_statements(_sheet(values, "财务报表", path), problems)
    five_c = _judged(_sheet(values, "定性评估", path), policy, problems)
    approval_form = _form(values.get("审批", {}))
    approved = _read(problems, "审批", approval_form, "核定信用额度(元)", parse_amount)
    current_limit = _read(problems, "审批", approval_form, "现有信用额度(元)", parse_amount)
    day = evaluated_on or dt.date.min
    record = _record_ledger(_sheet(values, "信用记录", path), customer, problems)
    if problems:
        raise EvaluationError(list(problems), path.name)
    return EvaluationData(
        source=path,
        info=info,
        customer=customer,
        periods=periods,
        statements=statements,
        record_lines=record,
        five_c=five_c,
        approved_limit=approved,
        policy=policy,
        evaluated_on=day,
        monthly_purchases=purchases,
        registered_capital=capital,
        founded=founded,
        current_limit=current_limit,
    )


PURCHASE_LABELS = ("预计月采购额(元)", "预计月采购额", "预计月销售额(元)")


def _purchases(problems: Problems, form: Mapping[str, tuple[str, Any]]) -> Decimal | None:
    """预计月采购额 (older workbooks: 预计月销售额, our sales to the customer)."""
    label = next((label for label in PURCHASE_LABELS if label in form), PURCHASE_LABELS[0])
    amount: Decimal | None = _read(problems, "客户信息", form, label, parse_amount)
    return amount


def _read(
    problems: Problems,
    sheet: str,
    form: Mapping[str, tuple[str, Any]],
    label: str,
    parse: Callable[[Any], Any],
    required: bool = False,
) -> Any:
    ref, value = form.get(label, ("", None))
    try:
        result = parse(value)
    except ValueError as error:
        problems.bad(sheet, ref, label, value, str(error))
        return None
    if result is None and required:
        problems.blank(sheet, ref or "?", label)
    return result


def read_statements(
    cells: Mapping[str, Any], problems: Problems
) -> tuple[tuple[str, str], tuple[Statement, Statement]]:
    """(本期, 上期) from 财务报表: line items by name in column A, B = 本期, C = 上期.

    The amounts are in the sheet's unit (a 单位 cell: 元/千元/万元), or a column's unit
    written in its header (本期(万元)); an amount may carry its own unit (50万).
    """
    sheet = "财务报表"
    unit, column_units = _units(cells, problems)
    lines: dict[str, dict[str, Decimal]] = {"B": {}, "C": {}}
    refs: dict[str, dict[str, str]] = {"B": {}, "C": {}}  # column → field → its first cell
    periods = {"B": "本期", "C": "上期"}
    for ref, label in sorted(cells.items(), key=lambda item: _row(item[0])):
        if not ref.startswith("A") or not ref[1:].isdigit() or not isinstance(label, str):
            continue
        row = ref[1:]
        if label.strip() == "会计期间":
            for column in "BC":
                periods[column] = cell_text(cells.get(f"{column}{row}")) or periods[column]
            continue
        field = line_item(label)
        if field is None:
            continue
        for column in "BC":
            value = cells.get(f"{column}{row}")
            try:
                amount = parse_amount(value, column_units.get(column, unit))
            except ValueError as error:
                problems.bad(sheet, f"{column}{row}", label.strip(), value, str(error))
                continue
            if amount is None:
                continue
            if field == "other_non_quick":
                lines[column][field] = lines[column].get(field, Decimal(0)) + amount
            else:
                lines[column].setdefault(field, amount)  # the first occurrence wins
                refs[column].setdefault(field, f"{column}{row}")
    statements = tuple(Statement(period=periods[column], **lines[column]) for column in "BC")
    for column, statement in zip("BC", statements, strict=True):
        _check_balance(statement, refs[column], problems)
    return (periods["B"], periods["C"]), statements  # type: ignore[return-value]


def _check_balance(statement: Statement, refs: Mapping[str, str], problems: Problems) -> None:
    """Refuse a balance sheet that does not balance, naming its three cells: a wrong figure
    in it would give a wrong limit (equity 100 × too large raises 净资产法 100 ×)."""
    gap = balance_gap(statement)
    assets, liabilities, equity = (
        statement.total_assets,
        statement.total_liabilities,
        statement.equity,
    )
    if gap is None or assets is None or liabilities is None or equity is None:
        return
    cells = "/".join(refs[f] for f in ("total_assets", "total_liabilities", "equity"))
    problems.at(
        "财务报表",
        cells,
        None,
        f"资产总计 {format_money(assets)} ≠ 负债合计 "
        f"{format_money(liabilities)} + 所有者权益合计 "
        f"{format_money(equity)}（相差 {format_money(gap)}，超过资产总计的 1%）："
        "请核对这三个数字 the balance sheet does not balance",
        ProblemKind.CONSISTENCY,
    )


def _row(ref: str) -> int:
    digits = "".join(ch for ch in ref if ch.isdigit())
    return int(digits or 0)


def _units(cells: Mapping[str, Any], problems: Problems) -> tuple[Decimal, dict[str, Decimal]]:
    """The sheet's unit (a 单位 label with the unit to its right, or '单位：万元' text in the
    first rows; default 元) and any column whose header names its own unit."""
    unit = Decimal(1)
    for ref, value in cells.items():
        if not isinstance(value, str) or _row(ref) > 4:
            continue
        label = unicodedata.normalize("NFKC", value).strip().rstrip(":：")
        if label in ("单位", "金额单位"):
            column = "".join(ch for ch in ref if ch.isalpha())
            right = f"{chr(ord(column[-1]) + 1)}{_row(ref)}"
            found = unit_of(cells.get(right))
            if found is None and cells.get(right) is not None:
                problems.bad("财务报表", right, "单位", cells[right], "应为 元、千元 或 万元")
            return found or Decimal(1), _column_units(cells)
        found = unit_of(label) if label.startswith(("单位", "金额单位")) else None
        if found is not None:
            unit = found
    return unit, _column_units(cells)


def _column_units(cells: Mapping[str, Any]) -> dict[str, Decimal]:
    header = next(
        (_row(ref) for ref, v in cells.items() if ref.startswith("A") and v == "科目"), None
    )
    if header is None:
        return {}
    found = {column: unit_of(cells.get(f"{column}{header}")) for column in "BC"}
    return {column: unit for column, unit in found.items() if unit is not None}


def _judged(
    cells: Mapping[str, Any], policy: Policy, problems: Problems
) -> dict[str, tuple[float | str | None, str]]:
    """The policy's qualitative (1–5) and rating items from 定性评估: 项目, 评分, 评分依据."""
    rows = {
        canonical_indicator(label): ref[1:]
        for ref, label in cells.items()
        if ref.startswith("A") and ref[1:].isdigit() and isinstance(label, str)
    }
    found: dict[str, tuple[float | str | None, str]] = {}
    for item in policy.scorecard:
        if item.kind == "quantitative":
            continue
        row = rows.get(item.name)
        if row is None:
            if not item.optional:
                message = f"缺少项目 missing item「{item.name}」"
                problems.at("定性评估", None, None, message, ProblemKind.MISSING_COLUMN)
            continue
        value = cells.get(f"C{row}")
        note = cell_text(cells.get(f"D{row}"))
        try:
            judged: float | str | None = (
                _rating_label(item, value) if item.kind == "rating" else parse_rating(value)
            )
        except (ValueError, InvalidValue) as error:
            problems.bad("定性评估", f"C{row}", item.name, value, str(error))
            continue
        if judged is None and not item.optional:
            problems.blank("定性评估", f"C{row}", item.name, "政策未将此项列为可选，须评分")
        found[item.name] = (judged, note)
    return found


def _rating_label(item: Any, value: Any) -> str | None:
    text = cell_text(value)
    if not text:
        return None
    item.rating_points(text)  # an unknown rating is refused with the scale
    return text


_SUMMARY = ("付款准时率", "逾期次数", "逾期金额", "最长逾期天数")


def _record_ledger(
    cells: Mapping[str, Any], customer: Customer, problems: Problems
) -> pd.DataFrame:
    """The 信用记录 lines as a ledger frame (the readers' canonical columns, fen)."""
    header = next(
        (_row(ref) for ref, v in cells.items() if ref.startswith("A") and v == "单据号"), 4
    )
    last = max((_row(ref) for ref in cells), default=0)
    rows = [[cells.get(f"{column}{r}") for column in "ABCDEF"] for r in range(header + 1, last + 1)]
    return record_frame(rows, problems, header + 1, customer.customer_id, customer.name)


def record_frame(
    rows: Sequence[Sequence[Any]],
    problems: Problems,
    first_row: int = 5,
    customer_id: str = "",
    customer_name: str = "",
) -> pd.DataFrame:
    """信用记录 rows (单据号, 单据日期, 到期日, 金额, 已收金额, 收款日期; sheet row
    ``first_row`` on) as a ledger frame; the workbook's CB_PAYMENT_RECORD reads its range
    with this same function. Blank rows and 合计/小计 rows are skipped; the summary below
    the table (付款准时率 …) ends it; every unreadable cell goes to ``problems``."""
    sheet = "信用记录"
    found = []
    for offset, cells in enumerate(rows):
        r = first_row + offset
        row = {column: (cells[i] if i < len(cells) else None) for i, column in enumerate("ABCDEF")}
        number = row["A"]
        if isinstance(number, str) and number.strip() in _SUMMARY:
            break
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values()):
            continue
        if isinstance(number, str) and any(w in number for w in ("合计", "小计", "总计")):
            continue
        parsed = _record_row(sheet, r, row, problems)
        if parsed is not None:
            found.append(
                {
                    "customer_id": customer_id,
                    "customer_name": customer_name,
                    "invoice_no": cell_text(number),
                    **parsed,
                    "currency": "CNY",
                }
            )
    frame = pd.DataFrame(found, columns=LEDGER_FRAME_COLUMNS)
    for column in ("invoice_date", "due_date", "paid_date"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("amount", "paid_amount"):
        frame[column] = frame[column].astype("int64")
    return frame


def record_behaviour(frame: pd.DataFrame, as_of: dt.date, policy: Policy) -> dict[str, Any]:
    """The payment record of the 信用记录 lines ({} when there are none), by the receivables
    core (``payment_behaviour``: by count, a part payment leaves a line open)."""
    if frame.empty:
        return {}
    table = payment_behaviour(frame, as_of, policy)
    return {str(name): value for name, value in table.iloc[0].to_dict().items()}


_RECORD_FIELDS: dict[str, tuple[str, Callable[[Any], object]]] = {
    "B": ("单据日期", parse_day),
    "C": ("到期日", parse_day),
    "D": ("金额", parse_amount),
    "E": ("已收金额", parse_amount),
    "F": ("收款日期", parse_day),
}


def _record_row(
    sheet: str, r: int, row: Mapping[str, Any], problems: Problems
) -> dict[str, Any] | None:
    got: dict[str, Any] = {}
    before = len(problems)
    for column, (label, parse) in _RECORD_FIELDS.items():
        try:
            got[column] = parse(row[column])
        except ValueError as error:
            problems.bad(sheet, f"{column}{r}", label, row[column], str(error))
    for column in "CD":
        if column in got and got[column] is None:
            problems.blank(sheet, f"{column}{r}", _RECORD_FIELDS[column][0])
    if len(problems) > before:
        return None
    paid_on = got["F"]
    return {
        "invoice_date": pd.Timestamp(got["B"] or got["C"]),
        "due_date": pd.Timestamp(got["C"]),
        "amount": to_fen(got["D"]),
        "paid_amount": to_fen(got["E"] or 0),
        "paid_date": pd.Timestamp(paid_on) if paid_on else pd.NaT,
    }


def behaviour_indicators(record: Mapping[str, Any]) -> dict[str, float | Decimal | None]:
    rate = record.get("on_time_rate")
    return {
        "付款准时率": None if rate is None or pd.isna(rate) else float(rate),
        "逾期次数": float(record["overdue_count"]) if record else None,
        "逾期金额": from_fen(int(record["overdue_amount"])) if record else None,
    }


def evaluate(data: EvaluationData) -> Assessment:
    return assess(
        data.customer,
        data.statements,
        behaviour=behaviour_indicators(data.behaviour()),
        qualitative={n: v for n, (v, _b) in data.five_c.items()},
        policy=data.policy,
        monthly_purchases=data.monthly_purchases,
        is_new=data.customer.is_new,
    )
