"""Cell styles shared by every standard workbook: input, computed, header, title, note."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.workbook import Workbook

FONT_NAME = "等线"
HEADER_FILL = "1F4E78"
INPUT_FILL = "FFF8DC"
COMPUTED_FILL = "EEF3F8"
GOOD_FILL = "C6EFCE"
WATCH_FILL = "FFEB9C"
BAD_FILL = "FFC7CE"

_thin = Side(style="thin", color="B4C2D3")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)

# Number formats.
MONEY = "#,##0.00"
WHOLE = "#,##0"
PERCENT = "0.00%"
RATIO = "0.00"
DAYS = "0"
DATE = "yyyy-mm-dd"


def _style(name: str, **attributes: object) -> NamedStyle:
    style = NamedStyle(name=name)
    for key, value in attributes.items():
        setattr(style, key, value)
    return style


def named_styles() -> list[NamedStyle]:
    """The workbook's named styles; users see them in Excel's Cell Styles gallery."""
    base = {"border": BORDER, "alignment": Alignment(vertical="center")}
    return [
        _style(
            "标题",
            font=Font(name=FONT_NAME, size=16, bold=True, color=HEADER_FILL),
            alignment=Alignment(vertical="center"),
        ),
        _style(
            "说明",
            font=Font(name=FONT_NAME, size=9, italic=True, color="595959"),
            alignment=Alignment(vertical="top", wrap_text=True),
        ),
        _style(
            "表头",
            font=Font(name=FONT_NAME, size=10, bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor=HEADER_FILL),
            border=BORDER,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        _style(
            "标签",
            font=Font(name=FONT_NAME, size=10, bold=True),
            fill=PatternFill("solid", fgColor="DDEBF7"),
            **base,
        ),
        _style(
            "输入",
            font=Font(name=FONT_NAME, size=10, color="1F3FBF"),
            fill=PatternFill("solid", fgColor=INPUT_FILL),
            protection=Protection(locked=False),
            **base,
        ),
        _style(
            "计算",
            font=Font(name=FONT_NAME, size=10),
            fill=PatternFill("solid", fgColor=COMPUTED_FILL),
            **base,
        ),
        _style(
            "结果",
            font=Font(name=FONT_NAME, size=12, bold=True, color=HEADER_FILL),
            fill=PatternFill("solid", fgColor=COMPUTED_FILL),
            border=BORDER,
            alignment=Alignment(horizontal="center", vertical="center"),
        ),
    ]


def register_styles(workbook: Workbook) -> None:
    for style in named_styles():
        workbook.add_named_style(style)
