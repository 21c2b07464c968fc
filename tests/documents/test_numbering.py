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


def test_the_log_keeps_every_reserved_number_and_cites_only_letters_sent(tmp_path):
    import datetime as dt
    from decimal import Decimal

    from creditbook.documents.numbering import (
        LogEntry,
        earlier_letters,
        log_letters,
        read_log,
        settled,
    )

    log = tmp_path / "发文登记簿.csv"
    day = dt.date(2026, 10, 31)
    reserved = [
        LogEntry("函〔2026〕0001号", day, "C1", "甲", "催款函", "催款", Decimal("7000.00")),
        LogEntry("函〔2026〕0002号", day, "C1", "甲", "信用调整通知书", "额度下调", None),
        LogEntry("函〔2026〕0003号", day, "C2", "乙", "付款提醒函", "付款提醒", Decimal("1.00")),
        LogEntry("函〔2026〕0004号", day, "C1", "甲", "最后催告函", "最后催告", Decimal("7000.00")),
    ]
    log_letters(log, reserved)
    outcomes = {
        "函〔2026〕0001号": ("C1_催款函.docx", ""),
        "函〔2026〕0002号": ("C1_信用调整通知书.docx", ""),
        "函〔2026〕0003号": ("", "TemplateError: bad tag"),
    }  # 0004 never reached: the run stopped
    log_letters(log, settled(reserved, outcomes))
    entries = read_log(log)
    assert [(e.number[-5:], e.status) for e in entries] == [
        ("0001号", "已发"), ("0002号", "已发"), ("0003号", "作废"), ("0004号", "作废"),
    ]  # fmt: skip
    assert entries[2].note == "生成失败 failed: TemplateError: bad tag"
    assert entries[3].note == "编号已预留，文书未生成（运行中断）"
    cited = earlier_letters(entries, "C1", dt.date(2026, 11, 30))
    assert [e.number for e in cited] == ["函〔2026〕0001号"]  # not the notice, not the void one
    assert earlier_letters(entries, "C1", dt.date(2026, 10, 30)) == []


def test_a_hostile_customer_name_stays_text_in_the_exported_log(tmp_path):
    import datetime as dt
    from decimal import Decimal

    from openpyxl import load_workbook

    from creditbook.documents.numbering import LogEntry, export_log, log_letters

    log = tmp_path / "发文登记簿.csv"
    name = "=cmd|' /C calc'!A0 [/bold] {{ x }}"
    log_letters(
        log, [LogEntry("函1", dt.date(2026, 11, 30), "C1", name, "催款函", "催款", Decimal(1))]
    )
    sheet = load_workbook(export_log(log, tmp_path / "log.xlsx")).active
    assert (sheet["D3"].value, sheet["D3"].data_type) == (name, "s")
    assert sheet["G3"].value == 1 and sheet["B3"].value.date() == dt.date(2026, 11, 30)


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
