"""Reading an evaluation workbook by its labels (rows may move) and assessing the customer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from creditbook.core.assessment import Assessment, assess
from creditbook.core.errors import CreditbookError
from creditbook.core.models import LEDGER_COLUMNS, Customer, Statement
from creditbook.core.money import from_fen, money, to_fen
from creditbook.core.policy import FIVE_C, Policy
from creditbook.core.policy_table import policy_from_table
from creditbook.core.receivables import open_lines, payment_behaviour

STATEMENT_LINES = {
    "资产总计": "total_assets",
    "负债合计": "total_liabilities",
    "流动资产合计": "current_assets",
    "流动负债合计": "current_liabilities",
    "存货": "inventory",
    "应收账款": "receivables",
    "其他非速动资产": "other_non_quick",
    "所有者权益合计": "equity",
    "营业收入": "revenue",
    "营业成本": "cost_of_sales",
    "净利润": "net_profit",
}
PERCENT = {"资产负债率", "销售净利率", "净资产收益率", "销售增长率", "付款准时率"}
DAYS = {"应收账款周转天数", "存货周转天数"}
LEDGER_FRAME_COLUMNS = list(LEDGER_COLUMNS)


class EvaluationError(CreditbookError):
    """The evaluation workbook lacks a sheet or a value the documents need."""


@dataclass
class EvaluationData:
    """What an evaluation workbook holds, read by label (rows may move)."""

    source: Path
    info: dict[str, Any]
    periods: tuple[str, str]
    statements: tuple[Statement, Statement]
    record_lines: pd.DataFrame  # 信用记录 as a ledger frame
    five_c: dict[str, tuple[float | None, str]]
    approved_limit: Decimal | None
    policy: Policy
    customer: Customer

    @property
    def as_of(self) -> dt.date:
        return cell_day(self.info.get("评估日期"))

    def behaviour(self) -> dict[str, Any]:
        """Payment record over the 信用记录 lines, by the receivables core."""
        if self.record_lines.empty:
            return {}
        table = payment_behaviour(self.record_lines, self.as_of, self.policy)
        return table.iloc[0].to_dict()

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


def _customer(i: Mapping[str, Any]) -> Customer:
    return Customer(
        customer_id=cell_text(i.get("客户编码")) or "—",
        name=cell_text(i.get("客户名称")) or "—",
        uscc=cell_text(i.get("统一社会信用代码")),
        legal_representative=cell_text(i.get("法定代表人")),
        industry=cell_text(i.get("所属行业")),
        contact=cell_text(i.get("联系人")),
        phone=cell_text(i.get("电话")),
        address=cell_text(i.get("地址")),
        salesperson=cell_text(i.get("业务员")),
        is_new=cell_text(i.get("新客户")) == "是",
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


def _form(cells: Mapping[str, Any], label_col: str = "A", value_col: str = "B") -> dict[str, Any]:
    """Label → value for a sheet laid out as a form (labels in one column)."""
    found = {}
    for ref, label in cells.items():
        if ref.startswith(label_col) and ref[len(label_col) :].isdigit() and isinstance(label, str):
            found[label.strip()] = cells.get(f"{value_col}{ref[len(label_col) :]}")
    return found


def _sheet(values: Mapping[str, Mapping[str, Any]], name: str, source: Path) -> Mapping[str, Any]:
    if name not in values:
        raise EvaluationError(f"{source.name}: 缺少工作表 missing sheet '{name}'")
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


def read_evaluation(path: str | Path) -> EvaluationData:
    """Read an evaluation workbook (calculating it when Excel never did)."""
    from creditbook.workbooks.recalc import read_values

    path = Path(path)
    values = read_values(path)
    info = _form(_sheet(values, "客户信息", path))
    sheet = _sheet(values, "财务报表", path)
    current, previous = _form(sheet, "A", "B"), _form(sheet, "A", "C")
    periods = (
        cell_text(current.get("会计期间")) or "本期",
        cell_text(previous.get("会计期间")) or "上期",
    )
    statements = tuple(
        Statement(period=label, **{f: _money(data.get(k)) for k, f in STATEMENT_LINES.items()})
        for label, data in zip(periods, (current, previous), strict=True)
    )
    record_sheet = _sheet(values, "信用记录", path)
    five = _sheet(values, "定性评估", path)
    rows = _form(five, "A", "C")
    basis = _form(five, "A", "D")
    policy = policy_from_table(_grid(_sheet(values, "政策", path)))
    approval = _form(values.get("审批", {}))
    customer = _customer(info)
    return EvaluationData(
        source=path,
        info=info,
        customer=customer,
        periods=periods,  # type: ignore[arg-type]
        statements=statements,  # type: ignore[arg-type]
        record_lines=_record_ledger(record_sheet, customer),
        five_c={n: (cell_number(rows.get(n)), cell_text(basis.get(n))) for n in FIVE_C},
        approved_limit=_money(approval.get("核定信用额度(元)")),
        policy=policy,
    )


def _money(value: Any) -> Decimal | None:
    return None if cell_number(value) is None else money(value)


def _record_ledger(cells: Mapping[str, Any], customer: Customer) -> pd.DataFrame:
    """The 信用记录 lines as a ledger frame (the readers' canonical columns, fen)."""
    rows = []
    for ref, number in cells.items():
        row = ref[1:]
        if ref[0] != "A" or not row.isdigit() or not isinstance(cells.get(f"C{row}"), dt.date):
            continue
        amount = cell_number(cells.get(f"D{row}"))
        if amount is None:
            continue
        paid_on = cells.get(f"F{row}")
        rows.append(
            {
                "customer_id": customer.customer_id,
                "customer_name": customer.name,
                "invoice_no": cell_text(number),
                "invoice_date": pd.Timestamp(cell_day(cells.get(f"B{row}") or cells[f"C{row}"])),
                "due_date": pd.Timestamp(cell_day(cells[f"C{row}"])),
                "amount": to_fen(money(amount)),
                "paid_amount": to_fen(money(cell_number(cells.get(f"E{row}")) or 0)),
                "paid_date": pd.Timestamp(cell_day(paid_on)) if paid_on else pd.NaT,
                "currency": "CNY",
            }
        )
    frame = pd.DataFrame(rows, columns=LEDGER_FRAME_COLUMNS)
    for column in ("invoice_date", "due_date", "paid_date"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("amount", "paid_amount"):
        frame[column] = frame[column].astype("int64")
    return frame


def behaviour_indicators(record: Mapping[str, Any]) -> dict[str, float | None]:
    rate = record.get("on_time_rate")
    return {
        "付款准时率": None if rate is None or pd.isna(rate) else float(rate),
        "逾期次数": float(record["overdue_count"]) if record else None,
    }


def evaluate(data: EvaluationData) -> Assessment:
    i = data.info
    return assess(
        data.customer,
        data.statements,
        behaviour=behaviour_indicators(data.behaviour()),
        qualitative={n: v for n, (v, _b) in data.five_c.items()},
        policy=data.policy,
        monthly_purchases=cell_number(i.get("预计月销售额(元)")),
        is_new=data.customer.is_new,
    )


def cell_day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.today()
