"""顾客满意度调查分析报告 from the survey workbook: averages, chart, corrective actions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import coordinate_from_string

from creditbook.core.errors import CreditbookError
from creditbook.documents.contexts import (
    CompanyInfo,
    CorrectiveAction,
    DimensionRow,
    SurveyContext,
)
from creditbook.documents.single import DocumentFiles, write_document
from creditbook.settings import Settings

ANSWERS, ANALYSIS = "调查结果", "统计分析"
COMMENT_HEADERS = {"意见和建议", "意见与建议"}
NOT_DIMENSIONS = {"编号", "客户编码", "客户名称", "填表人", "调查日期", "平均分", *COMMENT_HEADERS}
DEFAULT_TARGET = 4.0


class SurveyError(CreditbookError):
    """The survey workbook lacks its answers sheet or header."""


def _rows(cells: Mapping[str, Any]) -> dict[int, dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    for ref, value in cells.items():
        column, row = coordinate_from_string(ref)
        rows.setdefault(row, {})[column] = value
    return dict(sorted(rows.items()))


def _score(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def survey_context(path: str | Path, settings: Settings) -> SurveyContext:
    """Read the answers, average each dimension and compare it with the target."""
    from creditbook.workbooks.recalc import read_values

    path = Path(path)
    values = read_values(path, recalc="never")
    if ANSWERS not in values:
        raise SurveyError(f"{path.name}: 缺少工作表 missing sheet '{ANSWERS}'")
    rows = _rows(values[ANSWERS])
    header_row = next((r for r, cells in rows.items() if "客户名称" in cells.values()), None)
    if header_row is None:
        raise SurveyError(f"{path.name}!{ANSWERS}: 找不到表头 no header row with 客户名称")
    header = {col: str(v).strip() for col, v in rows[header_row].items() if v is not None}
    dims = {col: name for col, name in header.items() if name not in NOT_DIMENSIONS}
    comment_col = next((c for c, n in header.items() if n in COMMENT_HEADERS), None)
    date_col = next((c for c, n in header.items() if n == "调查日期"), None)
    answers = [cells for r, cells in rows.items() if r > header_row]
    scored = [a for a in answers if any(_score(a.get(c)) is not None for c in dims)]
    target, plans = _analysis(values.get(ANALYSIS, {}))
    dimensions = []
    for col, name in dims.items():
        points = [p for a in scored if (p := _score(a.get(col))) is not None]
        average = round(sum(points) / len(points), 2) if points else 0.0
        dimensions.append(
            DimensionRow(name=name, average=average, target=target, responses=len(points))
        )
    dates = [d for a in scored if date_col and isinstance(d := a.get(date_col), dt.date)]
    comments = Counter(
        str(a.get(comment_col)).strip().lstrip("-").strip()
        for a in scored
        if comment_col and a.get(comment_col)
    )
    return SurveyContext(
        company=CompanyInfo.from_settings(settings),
        report_no=f"MYD-{max(dates).year if dates else dt.date.today().year}",
        report_date=dt.date.today(),
        period=f"{max(dates).year}年度" if dates else "",
        sent=len(answers),
        returned=len(scored),
        dimensions=tuple(dimensions),
        actions=tuple(
            CorrectiveAction(
                dimension=d.name,
                action=plans.get(d.name, ("", ""))[0] or "由办公室组织分析原因，制定纠正预防措施",
                owner=plans.get(d.name, ("", ""))[1] or "办公室",
            )
            for d in dimensions
            if d.below
        ),
        comments=tuple(
            f"{text}（{count} 条）" if count > 1 else text
            for text, count in comments.most_common(10)
        ),
    )


def _analysis(cells: Mapping[str, Any]) -> tuple[float, dict[str, tuple[str, str]]]:
    """The target average and any 纠正预防措施/责任部门 already written per dimension."""
    rows = _rows(cells)
    target = DEFAULT_TARGET
    columns: dict[str, str] = {}
    plans: dict[str, tuple[str, str]] = {}
    for cells_in_row in rows.values():
        if cells_in_row.get("A") == "目标平均分" and _score(cells_in_row.get("B")) is not None:
            target = float(cells_in_row["B"])
        if "纠正预防措施" in cells_in_row.values():
            columns = {str(v): c for c, v in cells_in_row.items() if isinstance(v, str)}
            continue
        if columns and isinstance(cells_in_row.get("A"), str):
            action = cells_in_row.get(columns.get("纠正预防措施", ""), "")
            owner = cells_in_row.get(columns.get("责任部门", ""), "")
            plans[cells_in_row["A"]] = (str(action or ""), str(owner or ""))
    return target, plans


def generate_survey_report(
    survey: str | Path,
    out: str | Path,
    *,
    settings: Settings | None = None,
    pdf: bool = False,
    force: bool = False,
    templates_dir: str | Path | None = None,
) -> DocumentFiles:
    """顾客满意度调查分析报告 from a survey workbook."""
    context = survey_context(survey, settings or Settings())
    return write_document("survey", context, out, pdf=pdf, force=force, templates_dir=templates_dir)
