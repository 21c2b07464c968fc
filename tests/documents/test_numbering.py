"""Letter numbers: prefix〔year〕sequence, sequential and never reused."""

from __future__ import annotations

import pytest

from creditbook.documents.numbering import CounterError, format_number, reserve_numbers


def test_format():
    assert format_number("华瑞财函", 2026, 7) == "华瑞财函〔2026〕0007号"


def test_numbers_continue_across_runs_and_restart_each_year(tmp_path):
    counter = tmp_path / "counter.json"
    first = reserve_numbers(counter, "HR", 2026, 2)
    second = reserve_numbers(counter, "HR", 2026, 3)
    assert first == ["HR〔2026〕0001号", "HR〔2026〕0002号"]
    assert second[0] == "HR〔2026〕0003号" and second[-1] == "HR〔2026〕0005号"
    assert reserve_numbers(counter, "HR", 2027, 1) == ["HR〔2027〕0001号"]
    assert reserve_numbers(counter, "HR", 2026, 1) == ["HR〔2026〕0006号"]


def test_a_corrupt_counter_stops_rather_than_restarting_at_one(tmp_path):
    counter = tmp_path / "counter.json"
    counter.write_text("{oops", encoding="utf-8")
    with pytest.raises(CounterError, match="never be reused"):
        reserve_numbers(counter, "HR", 2026, 1)


def test_reserving_nothing_leaves_no_file(tmp_path):
    assert reserve_numbers(tmp_path / "c.json", "HR", 2026, 0) == []
    assert not (tmp_path / "c.json").exists()
