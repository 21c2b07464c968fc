"""The [policy] argument: preset names and 政策-sheet ranges, parsed once per content."""

import pytest

from creditbook.core.errors import InvalidValue, PolicyError
from creditbook.core.policy import preset
from creditbook.core.policy_table import policy_to_table
from creditbook.udfs import _policy
from creditbook.udfs._policy import policy_arg


@pytest.mark.parametrize(
    ("spec", "name"),
    [
        (None, "abc"),
        ("", "abc"),
        ("ABC", "abc"),
        ("abcd", "abcd"),
        (" AAA ", "aaa"),
        ([["Aaa"]], "aaa"),
    ],
)
def test_preset_names_are_case_insensitive(spec, name):
    assert policy_arg(spec) is preset(name)


def test_unknown_preset_name_is_invalid():
    with pytest.raises(InvalidValue, match="XYZ"):
        policy_arg("XYZ")


def test_range_is_read_as_a_policy_table():
    assert policy_arg(policy_to_table(preset("abcd"))) == preset("abcd")


def test_bad_range_raises_policy_error():
    with pytest.raises(PolicyError):
        policy_arg([["参数", "值"], ["利率", 0.05]])


def test_same_range_content_is_parsed_once(monkeypatch):
    calls = []
    original = _policy.policy_sheet.policy_from_table

    def counting(rows):
        calls.append(1)
        return original(rows)

    monkeypatch.setattr(_policy.policy_sheet, "policy_from_table", counting)
    _policy._cached.cache_clear()
    table = policy_to_table(preset("aaa"))
    for _ in range(10_000):
        # each recalculation hands over a fresh copy of the same cells
        assert policy_arg([list(row) for row in table]).name == "aaa"
    assert len(calls) == 1
    changed = [list(row) for row in table]
    changed[2][1] = "aaa-2"  # the 名称 row
    assert policy_arg(changed).name == "aaa-2"
    assert len(calls) == 2


def test_blank_one_cell_range_is_the_default_preset():
    assert policy_arg([[None]]) is preset("abc")
    assert policy_arg([[""]]) is preset("abc")


def test_range_cells_that_are_equal_but_of_another_type_are_not_confused():
    from creditbook.udfs._cells import Cells

    ones = [[1] * 8 for _ in range(8)]
    trues = [[True] * 8 for _ in range(8)]
    assert Cells.read_value(ones, {})[0][0] is not True
    assert Cells.read_value(trues, {})[0][0] is True


def test_policy_range_through_each_runtime_path_is_cleaned_and_parsed_once(monkeypatch):
    """Lite/classic hand fresh cells each call (Cells converter); the recalc engine one array."""
    import numpy as np

    from creditbook.udfs import _cells
    from creditbook.udfs._cells import Cells
    from creditbook.workbooks._engine import adapt

    calls = {"tidy": 0, "parse": 0}
    tidy, parse = _cells.tidy, _policy.policy_sheet.policy_from_table

    def counting_tidy(rows):
        calls["tidy"] += 1
        return tidy(rows)

    def counting_parse(rows):
        calls["parse"] += 1
        return parse(rows)

    monkeypatch.setattr(_cells, "tidy", counting_tidy)
    monkeypatch.setattr(_policy.policy_sheet, "policy_from_table", counting_parse)
    _policy._cached.cache_clear()
    _cells._tidy_once.cache_clear()
    table = [list(row) for row in policy_to_table(preset("abcd"))]
    width = max(map(len, table))
    grid = [row + [None] * (width - len(row)) for row in table]
    for _ in range(500):  # what xlwings' Cells converter receives, fresh each call
        rows = Cells.read_value(tuple(tuple(row) for row in grid), {})
        assert policy_arg(rows).name == preset("abcd").name
    assert calls == {"tidy": 1, "parse": 1}
    from creditbook.udfs import CB_GRADE

    engine_grade = adapt(CB_GRADE)
    array = np.array(grid, dtype=object)
    results = {engine_grade(95.0, array) for _ in range(500)}
    assert results == {"A"}
    assert calls["parse"] == 1


@pytest.mark.slow
def test_policy_range_benchmark_stays_within_twice_a_preset_call():
    """bench/bench_policy_range.py on the runtime paths (a shared box: best of three)."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    ratios: dict[str, float] = {}
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, str(repo / "bench" / "bench_policy_range.py"), "1000"],
            capture_output=True,
            text=True,
            env={**__import__("os").environ, "PYTHONPATH": str(repo / "src")},
            timeout=300,
            check=True,
        )
        for line in done.stdout.splitlines():
            if "ratio" in line and not line.startswith("direct"):
                path = line.split("  range")[0].strip()
                ratio = float(line.split("ratio")[1].split()[0])
                ratios[path] = min(ratio, ratios.get(path, ratio))
    assert set(ratios) == {"Office.js (Lite)", "recalc engine"}
    assert max(ratios.values()) <= 2.0, ratios
