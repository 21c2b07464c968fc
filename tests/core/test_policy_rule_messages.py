"""What a policy editor is told about a broken scorecard item or aging scale, line by line."""

from __future__ import annotations

from creditbook.core.policy import INDICATOR_ALIASES, Band, Indicator, preset


def test_every_band_mistake_of_an_indicator():
    item = Indicator(
        name="资产负债率",
        weight=10,
        better="lower",
        bands=[
            Band(min=0.1, max=0.4, points=10),
            Band(max=0.6, points=8),
            Band(min=0.7, max=0.7, points=-1),
            Band(min=0.65, max=0.9, points=9),
        ],
    )
    assert item.problems() == [
        "scorecard.资产负债率.bands[0].min: the first band must start open (no min)",
        "scorecard.资产负债率.bands[-1].max: the last band must end open (no max)",
        "scorecard.资产负债率.bands[1]: only the first/last band may be open",
        "scorecard.资产负债率.bands[2]: gap between 0.6 and 0.7",
        "scorecard.资产负债率.bands[3]: overlaps the band before (0.65 < 0.7)",
        "scorecard.资产负债率.bands[2]: min 0.7 is not below max 0.7",
        "scorecard.资产负债率.bands[2].points: negative points",
        "scorecard.资产负债率.bands: points must rise as the value gets better (better = 'lower')",
    ]


def test_a_misnamed_qualitative_item_with_bands():
    item = Indicator(name="资产负债", weight=10, kind="qualitative", bands=[Band(points=1)])
    assert item.problems() == [
        f"scorecard.资产负债: unknown indicator name (use one of {list(INDICATOR_ALIASES)})",
        "scorecard.资产负债: a qualitative item is scored 1–5 and takes no bands",
    ]


def test_a_quantitative_item_without_bands():
    assert Indicator(name="流动比率", weight=10).problems() == [
        "scorecard.流动比率.bands: a quantitative indicator needs bands"
    ]


def test_sound_bands_have_no_problem():
    assert all(not item.problems() for item in preset("abc").scorecard)
    assert preset("abc").aging.problems() == []


def test_aging_scales_must_end_open_and_rise():
    aging = preset("abc").aging
    broken = aging.model_copy(update={"due": aging.due[:-1], "invoice": aging.invoice[::-1]})
    assert broken.problems() == [
        "aging.due: the last bucket must be open (no max_days)",
        "aging.invoice: the last bucket must be open (no max_days)",
        "aging.invoice: max_days must rise strictly bucket by bucket",
    ]
    assert aging.model_copy(update={"due": ()}).problems() == [
        "aging.due: the last bucket must be open (no max_days)",
        "aging.due: max_days must rise strictly bucket by bucket",
    ]
