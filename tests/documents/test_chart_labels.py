"""Chart text does not overlap: every tick label, value label, legend and title of the report's
charts is measured after layout, for the scorecards of every preset (abcd has 15 items)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from creditbook.core.policy import PRESETS, preset
from creditbook.documents import charts
from creditbook.documents.contexts import ScoreItem


def _boxes(figure) -> list[tuple[str, object]]:
    """Every visible text of the figure (and each legend) with its box on the canvas."""
    renderer = figure.canvas.get_renderer()
    found = []
    for axes in figure.axes:
        texts = [*_drawn(axes.xaxis, 0), *_drawn(axes.yaxis, 1), *axes.texts, axes.title]
        for text in texts:
            if text.get_visible() and text.get_text():
                found.append((text.get_text(), text.get_window_extent(renderer)))
        legend = axes.get_legend()
        if legend is not None:
            found.append(("图例", legend.get_window_extent(renderer)))
    return found


def _drawn(axis, coordinate: int) -> list:
    """The tick labels drawn: those of ticks inside the view (others are computed, not shown)."""
    low, high = sorted(axis.get_view_interval())
    slack = (high - low) * 1e-9
    return [
        label
        for label in axis.get_ticklabels()
        if low - slack <= label.get_position()[coordinate] <= high + slack
    ]


def overlaps(figure) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap, and texts cut off at the figure's edge."""
    boxes = _boxes(figure)
    found = [(a, b) for (a, x), (b, y) in itertools.combinations(boxes, 2) if x.overlaps(y)]
    edge = figure.bbox
    found += [(a, "边缘") for a, x in boxes if x.x0 < edge.x0 or x.x1 > edge.x1 or x.y0 < edge.y0]
    return found


@pytest.fixture
def measured(monkeypatch):
    """Each chart's overlaps, measured as it is saved."""
    found: dict[str, list[tuple[str, str]]] = {}
    save = charts._save

    def measuring(figure, path: Path) -> Path:
        figure.tight_layout()
        found[path.name] = overlaps(figure)
        return save(figure, path)

    monkeypatch.setattr(charts, "_save", measuring)
    return found


def _items(name: str) -> list[ScoreItem]:
    """The preset's scorecard, each item at 73% of its weight (two-decimal value labels)."""
    return [
        ScoreItem(
            name=i.name,
            value="—",
            points=7.3,
            weight=i.weight,
            weighted=round(i.weight * 0.73, 2),
            kind="定量",
        )
        for i in preset(name).scorecard
    ]


@pytest.mark.parametrize("name", PRESETS)
def test_the_score_chart_of_every_preset_has_no_overlapping_text(measured, tmp_path, name):
    charts.score_chart(tmp_path / "score.png", _items(name), "评分明细（总分 73.4）")
    assert measured["score.png"] == []


def test_abcds_15_items_are_drawn_as_horizontal_bars(measured, tmp_path):
    assert len(preset("abcd").scorecard) == 15
    path = charts.score_chart(tmp_path / "score.png", _items("abcd"), "评分明细")
    assert path.exists() and measured["score.png"] == []


def test_the_measure_sees_15_upright_labels_overlap(measured, tmp_path):
    items = _items("abcd")
    charts.bar_chart(
        tmp_path / "upright.png",
        [i.name for i in items],
        [i.weighted for i in items],
        "评分明细",
        reference=[i.weight for i in items],
        reference_label="权重（满分）",
    )
    assert ("条件", "资产负债率") in measured["upright.png"]


def test_the_report_and_survey_sample_charts_have_no_overlapping_text(measured, tmp_path):
    from creditbook.documents import samples

    charts.report_charts(samples.report(), tmp_path)
    charts.survey_charts(samples.survey(), tmp_path)
    assert measured == {
        "score.png": [],
        "ratios.png": [],
        "aging.png": [],
        "dimensions.png": [],
    }
