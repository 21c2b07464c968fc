"""Charts carry their Chinese labels with the shipped font alone; no font at all fails loudly."""

from __future__ import annotations

import shutil
import subprocess
import warnings

import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager

from creditbook.documents import charts, samples
from creditbook.office.pdf import fontconfig_file


@pytest.fixture
def no_system_fonts(monkeypatch):
    """matplotlib sees only its own DejaVu fonts, as on a machine without CJK fonts."""
    manager = font_manager.fontManager
    bundled = [f for f in manager.ttflist if "mpl-data" in f.fname]
    monkeypatch.setattr(manager, "ttflist", bundled)
    manager._findfont_cached.cache_clear()
    charts.cjk_font.cache_clear()
    yield manager
    charts.cjk_font.cache_clear()
    manager._findfont_cached.cache_clear()


def _all_charts(folder) -> dict:
    report = samples.report()
    paths = charts.report_charts(report, folder) | charts.survey_charts(samples.survey(), folder)
    items = report.score_items
    paths["hbar"] = charts.hbar_chart(
        folder / "hbar.png",
        [i.name for i in items],
        [i.weighted for i in items],
        [i.weight for i in items],
        "评分明细",
    )
    return paths


def test_every_chart_renders_without_system_fonts(no_system_fonts, tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = _all_charts(tmp_path)
    assert [str(w.message) for w in caught] == []
    assert charts.font_families() == ["Creditbook Sans SC", "DejaVu Sans"]
    found = font_manager.findfont(font_manager.FontProperties(family=charts.font_families()))
    assert found == str(charts.font_file())
    assert sorted(p.name for p in paths.values()) == [
        "aging.png",
        "dimensions.png",
        "hbar.png",
        "ratios.png",
        "score.png",
    ]
    assert all(p.stat().st_size > 20_000 for p in paths.values())


def test_shipped_font_covers_every_chart_label():
    report, survey = samples.report(), samples.survey()
    labels = [
        *(i.name for i in report.score_items),
        *(r.name for r in report.ratios),
        *(a.bucket for a in report.aging),
        *(d.name for d in survey.dimensions),
        "评分明细（总分 78.6）财务比率所在区间得分区间最高分应收账款账龄分布金额（元）",
        "各维度平均满意度目标值平均分（1–5）权重（满分）加权得分",
    ]
    cmap = TTFont(charts.font_file())["cmap"].getBestCmap()
    assert [ch for ch in "".join(labels) if ord(ch) not in cmap] == []


def test_a_glyph_outside_the_font_is_reported_as_a_warning(no_system_fonts, tmp_path):
    """堃 is outside GB 2312: with no system CJK font the chart says so (an error in tests)."""
    with pytest.warns(UserWarning, match=r"Glyph 22531 .* missing from font"):
        charts.bar_chart(tmp_path / "names.png", ["王堃"], [1.0], "客户")


def test_no_cjk_font_at_all_fails_loudly(no_system_fonts, monkeypatch):
    monkeypatch.setattr(charts, "FONT_FILE", "missing.otf")
    with pytest.raises(charts.FontMissing, match=r"missing\.otf.*pip install"):
        charts.cjk_font()


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="needs fontconfig")
@pytest.mark.parametrize("family", ["宋体", "SimSun", "黑体", "仿宋_GB2312", "serif"])
def test_libreoffice_falls_back_to_the_shipped_font(tmp_path, family):
    """fonts.conf without the system's configuration: Word's Chinese fonts resolve to ours."""
    shipped = fontconfig_file()
    assert shipped is not None
    conf = shipped.read_text(encoding="utf-8").replace(
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
        f"<cachedir>{tmp_path}</cachedir>",
    )
    assert "/etc/fonts" not in conf
    (tmp_path / "fonts.conf").write_text(conf, encoding="utf-8")
    shutil.copy(charts.font_file(), tmp_path)
    env = {"FONTCONFIG_FILE": str(tmp_path / "fonts.conf"), "PATH": "/usr/bin:/bin"}
    matched = subprocess.run(
        ["fc-match", "-f", "%{family}", family], env=env, capture_output=True, text=True
    ).stdout
    assert matched == "Creditbook Sans SC"
