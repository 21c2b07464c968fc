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


def test_a_symlinked_counter_is_followed_and_stays_a_link(tmp_path):
    shared = tmp_path / "shared" / "counter.json"
    shared.parent.mkdir()
    reserve_numbers(shared, "HR", 2026, 2)
    link = tmp_path / "local" / "counter.json"
    link.parent.mkdir()
    link.symlink_to(shared)
    assert reserve_numbers(link, "HR", 2026, 1) == ["HR〔2026〕0003号"]
    assert link.is_symlink() and reserve_numbers(shared, "HR", 2026, 1) == ["HR〔2026〕0004号"]


def test_a_symlinked_lock_file_is_refused(tmp_path):
    counter = tmp_path / "counter.json"
    (tmp_path / "counter.json.lock").symlink_to(tmp_path / "target")
    with pytest.raises(CounterError, match="symlink there is refused"):
        reserve_numbers(counter, "HR", 2026, 1)
    assert not (tmp_path / "target").exists() and not counter.exists()


def test_void_numbers_are_logged_with_status_and_reason(tmp_path):
    import json

    from creditbook.documents.numbering import void, void_log_path

    counter = tmp_path / "counter.json"
    numbers = reserve_numbers(counter, "HR", 2026, 3)
    log = void(counter, numbers[1:], "磁盘已满 disk full")
    assert log == void_log_path(counter) == tmp_path / "counter-作废.jsonl"
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(e["number"], e["status"], e["reason"]) for e in lines] == [
        ("HR〔2026〕0002号", "作废", "磁盘已满 disk full"),
        ("HR〔2026〕0003号", "作废", "磁盘已满 disk full"),
    ]
    assert reserve_numbers(counter, "HR", 2026, 1) == ["HR〔2026〕0004号"]
