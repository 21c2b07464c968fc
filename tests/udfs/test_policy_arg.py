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
    original = _policy.policy_table.policy_from_table

    def counting(rows):
        calls.append(1)
        return original(rows)

    monkeypatch.setattr(_policy.policy_table, "policy_from_table", counting)
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
