"""Charts for the reports (matplotlib, Agg, the shipped CJK font, print resolution)."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import ParamSpec

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.ticker import FuncFormatter

from creditbook.core.errors import CreditbookError
from creditbook.documents.contexts import ReportContext, ScoreItem, SurveyContext

DPI = 200
SIZE = (6.2, 2.4)
BLUE, GREY, RED = "#2F5597", "#BFBFBF", "#C00000"
FONT_FILE = "CreditbookSansSC-Regular.otf"  # in the data package creditbook_fonts
SHIPPED_FAMILY = "Creditbook Sans SC"
SYSTEM_CJK = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei")
P = ParamSpec("P")


class FontMissing(CreditbookError):
    """The CJK font the package ships cannot be loaded, so charts would print boxes."""


def font_file() -> Path:
    """The shipped CJK font (a Noto Sans CJK SC subset, SIL OFL 1.1), from the data package
    ``creditbook-fonts`` the documents extra installs."""
    from creditbook_fonts import data_file

    return data_file(FONT_FILE)


@cache
def cjk_font() -> str:
    """Register the shipped CJK font with matplotlib and return its family name."""
    try:
        path = font_file()
    except ModuleNotFoundError:
        raise FontMissing(
            "图表所需的中文字体包 creditbook-fonts 未安装 the CJK font package is not installed; "
            '请安装 install: pip install "creditbook[documents]"'
        ) from None
    try:
        font_manager.fontManager.addfont(str(path))
    except (OSError, RuntimeError, ValueError) as error:
        raise FontMissing(
            f"图表所需的中文字体缺失 the CJK font for charts cannot be loaded: {path} ({error}); "
            '请重新安装 reinstall: pip install --force-reinstall "creditbook[documents]"'
        ) from None
    return SHIPPED_FAMILY


def font_families() -> list[str]:
    """The shipped font first; installed CJK fonts next for glyphs outside its subset."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [cjk_font(), *(n for n in SYSTEM_CJK if n in installed), "DejaVu Sans"]


def _styled(draw: Callable[P, Path]) -> Callable[P, Path]:
    """Run a chart function with the CJK font (tick labels are laid out at save time)."""

    @functools.wraps(draw)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Path:
        with plt.rc_context({"font.family": font_families(), "axes.unicode_minus": False}):
            return draw(*args, **kwargs)

    return wrapper


def _width(label: str) -> int:
    """Width in half-width characters (a hanzi counts two), to decide whether labels tilt."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in label)


SLOT_WIDTH = 56  # half-width characters of 8-point text across the plot's width, all slots


def _tick_labels(labels: Sequence[str]) -> tuple[list[str], bool]:
    """The labels as drawn under upright bars, and whether they must tilt: on one line when
    each fits its slot, else the long ones broken in two lines (Chinese breaks anywhere),
    else tilted (and a long scorecard is drawn as horizontal bars instead, ``score_chart``)."""
    room = SLOT_WIDTH / max(len(labels), 1)
    if max(map(_width, labels), default=0) <= room:
        return list(labels), False
    halves = [label if _width(label) <= room else _halved(label) for label in labels]
    if max(_width(line) for text in halves for line in text.split("\n")) <= room:
        return halves, False
    return list(labels), True


def _halved(label: str) -> str:
    """'应收账款周转天数' → '应收账款\n周转天数' (the first line the longer)."""
    if _width(label) <= 4 or " " in label:
        return label
    middle = (len(label) + 1) // 2
    return f"{label[:middle]}\n{label[middle:]}"


def _figure():
    figure, axes = plt.subplots(figsize=SIZE, dpi=DPI)
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _save(figure, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    plt.close(figure)
    return path


@_styled
def bar_chart(
    path: Path,
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    *,
    reference: Sequence[float] | float | None = None,
    reference_label: str = "",
    unit: str = "",
    highlight_below: bool = False,
) -> Path:
    figure, axes = _figure()
    positions = range(len(labels))
    refs = [reference] * len(labels) if isinstance(reference, int | float) else reference
    colors = [
        RED if highlight_below and refs and value < refs[i] else BLUE
        for i, value in enumerate(values)
    ]
    if refs and not isinstance(reference, int | float):
        axes.bar(positions, refs, color=GREY, width=0.6, label=reference_label)
    bars = axes.bar(positions, values, color=colors, width=0.38 if refs else 0.6)
    if isinstance(reference, int | float):
        axes.axhline(reference, color=RED, linestyle="--", linewidth=1, label=reference_label)
    for bar, value in zip(bars, values, strict=True):
        axes.annotate(
            f"{value:,.2f}".rstrip("0").rstrip("."),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=7,
        )
    shown, tilted = _tick_labels(labels)
    axes.set_xticks(
        list(positions),
        shown,
        fontsize=8,
        rotation=25 if tilted else 0,
        ha="right" if tilted else "center",
    )
    axes.set_title(title, fontsize=10)
    axes.tick_params(axis="y", labelsize=7)
    if max(values, default=0) >= 1000:
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.0f}"))
    if unit:
        axes.set_ylabel(unit, fontsize=8)
    if reference_label:
        axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _save(figure, path)


@_styled
def hbar_chart(
    path: Path, labels: Sequence[str], values: Sequence[float], full: Sequence[float], title: str
) -> Path:
    """Horizontal bars of a score breakdown: earned (blue) over full marks (grey)."""
    figure, axes = _figure()
    figure.set_size_inches(SIZE[0], max(2.4, 0.26 * len(labels) + 0.8))
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, full, color=GREY, height=0.7, label="权重（满分）")
    axes.barh(positions, values, color=BLUE, height=0.45, label="加权得分")
    for y, value, top in zip(positions, values, full, strict=True):
        axes.annotate(
            f"{value:g} / {top:g}",
            (top, y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    axes.set_yticks(positions, labels, fontsize=8)
    axes.tick_params(axis="x", labelsize=7)
    axes.set_xlim(0, max(full, default=1) * 1.25)
    axes.set_title(title, fontsize=10)
    # Below the axis, not inside it: inside it covers the last bar's "7.3 / 10".
    axes.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=2)
    return _save(figure, path)


UPRIGHT_ITEMS = 8  # more scorecard items than this: horizontal bars, labels one under another


def score_chart(path: Path, items: Sequence[ScoreItem], title: str) -> Path:
    """The score breakdown: upright bars for a short scorecard, horizontal bars for a long
    one (15 items of abcd: upright labels would overlap even tilted)."""
    names = [i.name for i in items]
    weighted = [i.weighted for i in items]
    weights = [i.weight for i in items]
    if len(items) > UPRIGHT_ITEMS:
        return hbar_chart(path, names, weighted, weights, title)
    return bar_chart(
        path,
        names,
        weighted,
        title,
        reference=weights,
        reference_label="权重（满分）",
        unit="加权得分",
    )


def report_charts(context: ReportContext, folder: Path) -> dict[str, Path]:
    """chart_score, chart_ratios, chart_aging for the evaluation report."""
    items = context.score_items
    aging = context.aging
    return {
        "chart_score": score_chart(
            folder / "score.png", items, f"评分明细（总分 {context.score:g}）"
        ),
        "chart_ratios": bar_chart(
            folder / "ratios.png",
            [r.name for r in context.ratios],
            [r.points for r in context.ratios],
            "财务比率所在区间得分",
            reference=[r.max_points for r in context.ratios],
            reference_label="区间最高分",
            unit="得分",
        ),
        "chart_aging": bar_chart(
            folder / "aging.png",
            [a.bucket for a in aging] or ["—"],
            [float(a.amount) for a in aging] or [0.0],
            "应收账款账龄分布",
            unit="金额（元）",
        ),
    }


def survey_charts(context: SurveyContext, folder: Path) -> dict[str, Path]:
    dims = context.dimensions
    target = dims[0].target if dims else 0
    return {
        "chart_dimensions": bar_chart(
            folder / "dimensions.png",
            [d.name for d in dims],
            [d.average for d in dims],
            "各维度平均满意度",
            reference=target,
            reference_label=f"目标值 {target:g}",
            unit=f"平均分（1–{context.scale}）",
            highlight_below=True,
        )
    }


cjk_font()  # registered at import: a broken install fails here, not with boxes in a report
