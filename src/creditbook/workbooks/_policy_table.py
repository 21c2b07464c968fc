"""The 政策 sheet: the policy tables the CB_ formulas of a workbook reference."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from creditbook.core.policy import Policy
from creditbook.workbooks import _sheet

try:  # the shared format, owned by the core
    from creditbook.core.policy_table import policy_to_table
except ImportError:  # pragma: no cover - until the core's table format is available
    policy_to_table = None  # type: ignore[assignment]

SHEET = "政策"
WIDTH = 8


def policy_rows(policy: Policy) -> list[list[object]]:
    """The policy as rows of at most eight cells (政策!A:H)."""
    if policy_to_table is not None:
        return [list(row) for row in policy_to_table(policy)]
    return _fallback_rows(policy)


def write_policy_sheet(ws: Worksheet, policy: Policy) -> str:
    """Write the rows from A1; return the absolute range the CB_ formulas take as [policy]."""
    rows = policy_rows(policy)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = _sheet.write(ws, f"{get_column_letter(c)}{r}", value, "输入")
            if _is_heading(row):
                cell.style = "表头"
    _sheet.widths(ws, [18, 12, 12, 12, 12, 12, 12, 40])
    width = max((len(row) for row in rows), default=WIDTH)
    return f"{SHEET}!$A$1:${get_column_letter(max(width, WIDTH))}${len(rows)}"


def _is_heading(row: Sequence[object]) -> bool:
    """A table's header row: 参数 | 值, 指标 | 类型 | …, 等级 | 最低分 | …"""
    return (
        bool(row)
        and row[0] in ("参数", "指标", "等级")
        and all(isinstance(v, str) for v in row if v is not None)
    )


def _fallback_rows(policy: Policy) -> list[list[object]]:
    rows: list[list[object]] = [["[政策]", policy.name, policy.version, policy.title]]
    rows.append(["[评分卡]"])
    rows.append(["指标", "类型", "权重", "方向", "下限", "上限", "得分", "说明"])
    for item in policy.scorecard:
        if item.kind == "qualitative":
            rows.append([item.name, "定性", item.weight, "", None, None, 5, item.guidance])
        for band in item.bands:
            better = "越低越好" if item.better == "lower" else "越高越好"
            rows.append([item.name, "定量", item.weight, better, band.min, band.max, band.points])
    rows.append(["[信用等级]"])
    rows.append(["等级", "最低分", "期限", "额度系数", "需担保", "现款", "复核周期", "说明"])
    for g in policy.grades:
        rows.append(
            [
                g.grade,
                g.min_score,
                g.term_days,
                float(g.limit_factor),
                "是" if g.guarantee_required else "否",
                "是" if g.cash_only else "否",
                g.review_months,
                g.description,
            ]
        )
    return rows
