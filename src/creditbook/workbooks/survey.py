"""顾客满意度调查: responses 1–5 on five dimensions, averages, distribution, chart, actions."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.workbook import Workbook

from creditbook.core.policy import Policy
from creditbook.workbooks import _sheet as s
from creditbook.workbooks import _style as st
from creditbook.workbooks._sample import SURVEY_DIMENSIONS, SURVEY_TARGET, SurveyResponse
from creditbook.workbooks._sheet import BookContext, Column, Formula

TITLE = "顾客满意度调查"
EMPTY_ROWS = 60
TOP = 4
TARGET = SURVEY_TARGET


def build(workbook: Workbook, ctx: BookContext, policy: Policy, data: list[SurveyResponse] | None):
    del policy
    answers = workbook.create_sheet("调查结果")
    analysis = workbook.create_sheet("统计分析")
    first, last = _answers(answers, ctx, data)
    _analysis(analysis, ctx, first, last)


def _answers(ws, ctx: BookContext, data: list[SurveyResponse] | None) -> tuple[int, int]:
    s.title(
        ws,
        f"{TITLE} — 调查结果",
        "每份调查表一行；各项评分 1–5（5 = 非常满意，1 = 非常不满意）。",
        9,
    )
    cols = [
        Column("编号", 6, "0"),
        Column("调查日期", 11, st.DATE),
        Column("客户编码", 9),
        Column("客户名称", 28),
        Column("填表人", 12),
    ]
    cols += [Column(d, 8, "0") for d in SURVEY_DIMENSIONS]
    cols += [Column("平均分", 8, "0.00", input=False), Column("意见和建议", 30, wrap=True)]
    rows = []
    responses = data or []
    for n in range(max(len(responses), 0 if data else EMPTY_ROWS)):
        r = TOP + 1 + n
        item = responses[n] if n < len(responses) else None
        values = (
            [
                n + 1,
                item.survey_date,
                item.customer_id,
                item.customer_name,
                item.respondent,
                *item.scores,
            ]
            if item
            else [None] * 10
        )
        rows.append(
            [
                *values,
                Formula(f'=IF(COUNT(F{r}:J{r})=0,"",AVERAGE(F{r}:J{r}))'),
                item.comment if item else None,
            ]
        )
    first, last = s.table(ws, ctx, "调查结果", TOP, cols, rows)
    s.number_rule(ws, f"F{first}:J{last}", "whole", 1, 5, "请输入 1 到 5 的整数")
    s.date_rule(ws, f"B{first}:B{last}")
    s.highlight_when(ws, f"F{first}:J{last}", f"AND(ISNUMBER(F{first}),F{first}<=2)", st.BAD_FILL)
    s.freeze(ws, f"C{first}")
    s.print_setup(ws, ctx, repeat_rows=f"{TOP}:{TOP}", landscape=True)
    return first, last


def _analysis(ws, ctx: BookContext, first: int, last: int) -> None:
    s.title(ws, f"{TITLE} — 统计分析", "平均分低于目标值的项目需由办公室组织制定纠正预防措施。", 11)
    s.write(ws, "A3", "目标平均分", "标签")
    s.write(ws, "B3", TARGET, "输入", "0.0")
    s.number_rule(ws, "B3", "decimal", 1, 5, "满意度目标（1–5）")
    s.write(ws, "C3", "有效问卷", "标签")
    s.write(ws, "D3", Formula(f"=COUNT(调查结果!$F${first}:$F${last})"), "计算", "0")
    headers = [
        "调查项目",
        "平均分",
        "满意率(4–5分)",
        "5分",
        "4分",
        "3分",
        "2分",
        "1分",
        "是否达标",
        "纠正预防措施",
        "责任部门",
    ]
    for i, header in enumerate(headers):
        s.write(ws, f"{_col(i)}{TOP + 1}", header, "表头")
    ws.row_dimensions[TOP + 1].height = 30
    for i, dimension in enumerate(SURVEY_DIMENSIONS):
        r = TOP + 2 + i
        src = f"调查结果!${_col(5 + i)}${first}:${_col(5 + i)}${last}"
        s.write(ws, f"A{r}", dimension, "标签")
        # an error among the answers shows, instead of a silently smaller average
        s.write(ws, f"B{r}", Formula(f"=IF(COUNT({src})=0,0,AVERAGE({src}))"), "结果", "0.00")
        s.write(
            ws,
            f"C{r}",
            Formula(f"=IF(COUNT({src})=0,0,(COUNTIF({src},5)+COUNTIF({src},4))/COUNT({src}))"),
            "计算",
            st.PERCENT,
        )
        for k, score in enumerate((5, 4, 3, 2, 1)):
            s.write(ws, f"{_col(3 + k)}{r}", Formula(f"=COUNTIF({src},{score})"), "计算", "0")
        s.write(ws, f"I{r}", Formula(f'=IF(B{r}>=$B$3,"达标","未达标")'), "计算")
        s.write(ws, f"J{r}", None, "输入")
        s.write(ws, f"K{r}", None, "输入")
    end = TOP + 1 + len(SURVEY_DIMENSIONS)
    s.highlight_equal(ws, f"I{TOP + 2}:I{end}", '"未达标"', st.BAD_FILL)
    s.highlight_equal(ws, f"I{TOP + 2}:I{end}", '"达标"', st.GOOD_FILL)
    s.highlight_when(ws, f"B{TOP + 2}:B{end}", f"B{TOP + 2}<$B$3", st.BAD_FILL)
    overall = end + 1
    s.write(ws, f"A{overall}", "综合", "标签")
    s.write(ws, f"B{overall}", Formula(f"=AVERAGE(B{TOP + 2}:B{end})"), "结果", "0.00")
    s.write(ws, f"I{overall}", Formula(f'=COUNTIF(I{TOP + 2}:I{end},"未达标")&" 项未达标"'), "计算")
    s.widths(ws, [12, 9, 11, 6, 6, 6, 6, 6, 9, 32, 10])
    chart = BarChart()
    chart.type = "bar"
    chart.title = "各项平均分"
    chart.x_axis.title = None
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 5
    chart.legend = None
    chart.add_data(Reference(ws, min_col=2, min_row=TOP + 2, max_row=end), titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=1, min_row=TOP + 2, max_row=end))
    chart.height, chart.width = 7, 16
    ws.add_chart(chart, f"A{overall + 2}")
    s.print_setup(ws, ctx, landscape=True, area=f"A1:K{overall + 17}")


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
