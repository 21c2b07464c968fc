"""Letter numbers: prefix〔year〕sequence, sequential and never reused.

The 发文登记簿 field by field: the counter file, the CSV log (read back exactly, corrupt rows
named by row), voiding a number, an overwritten letter, the letters cited, the XLSX export."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from creditbook.documents.numbering import (
    NOT_REACHED_NOTE,
    RESERVED_NOTE,
    CounterError,
    LogEntry,
    decode_text,
    earlier_letters,
    export_log,
    format_number,
    log_history,
    log_letters,
    read_log,
    replaced,
    reserve_numbers,
    sequence_of,
    settled,
    void_numbers,
)
from creditbook.files import OutputExists


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
    assert entries[3].note == "未生成 not written: 运行中断 the run stopped before it"
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


DAY = dt.date(2026, 11, 30)
LOG_HEADER = "编号,日期,客户编码,客户名称,文书,催收阶段,金额,文件,状态,说明,SHA-256"


def _entry(n: int, customer="KH0107", name="苏州恒通电子有限公司", **changes) -> LogEntry:
    fields = {
        "number": f"华瑞财函〔2026〕{n:04d}号",
        "date": DAY,
        "customer_id": customer,
        "customer_name": name,
        "document": "催款函",
        "stage": "催款",
        "amount": Decimal("10128.27"),
    }
    return LogEntry(**(fields | changes))


def test_the_counter_file_is_readable_json_with_the_prefix_in_chinese(tmp_path):
    counter = tmp_path / "函件编号.json"
    reserve_numbers(counter, "华瑞财函", 2026, 3)
    reserve_numbers(counter, "华瑞财函", 2027, 1)
    assert counter.read_text(encoding="utf-8") == (
        '{\n  "prefix": "华瑞财函",\n  "last": {\n    "2026": 3,\n    "2027": 1\n  }\n}\n'
    )


def test_a_counter_without_its_last_numbers_is_refused_with_the_file_named(tmp_path):
    counter = tmp_path / "函件编号.json"
    counter.write_text('{"prefix": "华瑞财函"}', encoding="utf-8")
    with pytest.raises(CounterError) as error:
        reserve_numbers(counter, "华瑞财函", 2026, 1)
    assert str(error.value) == (
        f"{counter}: 函件编号计数器已损坏 letter-number counter unreadable ('last'); "
        "restore it from backup — numbers must never be reused"
    )


def test_the_log_file_is_a_csv_with_a_bom_and_crlf_lines_for_excel(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    log_letters(log, [_entry(1), _entry(2, amount=None, document="信用调整通知书", stage="")])
    assert log.read_bytes().decode("utf-8") == (
        "\ufeff"
        f"{LOG_HEADER}\r\n"
        f"华瑞财函〔2026〕0001号,2026-11-30,KH0107,苏州恒通电子有限公司,催款函,催款,10128.27,,"
        f"作废,{RESERVED_NOTE},\r\n"
        f"华瑞财函〔2026〕0002号,2026-11-30,KH0107,苏州恒通电子有限公司,信用调整通知书,,,,"
        f"作废,{RESERVED_NOTE},\r\n"
    )


def test_every_field_of_the_log_reads_back_as_written(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    entries = [
        _entry(
            1,
            name="无锡𠮷祥贸易\r\n有限公司",  # a line break pasted into the name stays in it
            stage="最后催告",
            document="最后催告函",
            amount=Decimal("98000.00"),
            file="/srv/催收/2026-11/KH0107_最后催告函.docx",
            status="已发",
            note="挂号信 EMS1234",
        ),
        _entry(2, customer="=cmd|' /C calc'!A0", amount=None, note="{{ x }}\n[/bold]"),
    ]
    log_letters(log, entries)
    assert read_log(log) == entries


def test_text_excel_would_run_as_a_formula_is_written_as_text_and_read_back_exactly(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    entries = [
        _entry(1, customer="=cmd|' /C calc'!A0", name="+86 苏州", note="@SUM(A1)"),
        _entry(2, customer="'KH02", name="-恒通", note="\t制表符开头"),
        _entry(3, amount=Decimal("-0.01"), file="=函.docx", status="已发", note=""),
    ]
    log_letters(log, entries)
    lines = log.read_bytes().decode("utf-8").split("\r\n")
    assert lines[1] == (
        "华瑞财函〔2026〕0001号,2026-11-30,'=cmd|' /C calc'!A0,'+86 苏州,催款函,催款,10128.27,,"
        "作废,'@SUM(A1),"
    )
    assert lines[2] == (
        "华瑞财函〔2026〕0002号,2026-11-30,''KH02,'-恒通,催款函,催款,10128.27,,作废,'\t制表符开头,"
    )
    assert lines[3] == (
        "华瑞财函〔2026〕0003号,2026-11-30,KH0107,苏州恒通电子有限公司,催款函,催款,-0.01,'=函.docx,"
        "已发,,"
    )  # the amount stays a number; only text is marked
    assert read_log(log) == entries


def test_a_short_row_in_the_log_is_named_by_its_row_number(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    log_letters(log, [_entry(1)])
    with open(log, "a", encoding="utf-8", newline="") as handle:
        handle.write("华瑞财函〔2026〕0002号,2026-11-30,KH0107\r\n")
    with pytest.raises(CounterError) as error:
        read_log(log)
    assert str(error.value) == (
        f"{log} 第 3 行 row 3: 发文登记簿无法读取 letter log unreadable; restore it from backup"
    )


def test_settling_a_batch_records_the_file_of_each_letter_sent(tmp_path):
    reserved = [_entry(1), _entry(2), _entry(3, note="编号已预留"), _entry(4)]
    outcomes = {
        "华瑞财函〔2026〕0002号": ("/srv/KH0107_催款函.docx", ""),
        "华瑞财函〔2026〕0004号": ("", "TemplateError: bad tag"),
    }
    rows = [(e.number[-5:], e.file, e.status, e.note) for e in settled(reserved, outcomes)]
    assert rows == [
        ("0001号", "", "作废", "未生成 not written: 运行中断 the run stopped before it"),
        ("0002号", "/srv/KH0107_催款函.docx", "已发", ""),
        ("0003号", "", "作废", "未生成 not written: 运行中断 the run stopped before it"),
        ("0004号", "", "作废", "生成失败 failed: TemplateError: bad tag"),
    ]
    sent = _entry(5, status="已发", note="")
    failed = settled([sent], {sent.number: ("", "OSError: disk")})[0]
    assert (failed.status, failed.note) == ("作废", "生成失败 failed: OSError: disk")
    [unreached] = settled([sent], {})
    assert (unreached.status, unreached.note) == ("作废", NOT_REACHED_NOTE)


def test_a_letter_overwritten_by_a_later_run_becomes_void_naming_the_new_number(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    first = "/srv/KH0107_催款函.docx"
    earlier = [
        _entry(1, file=first, status="已发", note=""),
        _entry(2, file="/srv/KH0300_催款函.docx", status="已发", note=""),  # its rewrite failed
        _entry(3, file=first, status="作废", note="退回"),
    ]
    log_letters(log, earlier)
    new = [_entry(4), _entry(5), _entry(6)]
    done = {
        new[0].number: (first, ""),
        new[1].number: ("/srv/KH0300_催款函.docx", "OSError: disk"),
        new[2].number: ("", "TemplateError: bad tag"),
    }
    assert replaced(log, done, new) == [
        _entry(1, file=first, status="作废", note="文件已被 华瑞财函〔2026〕0004号 覆盖，未寄出")
    ]
    # the run's own numbers (already in the log as reserved) are never "replaced"
    log_letters(log, [_entry(4, file=first, status="已发", note="")])
    assert [e.number for e in replaced(log, done, new)] == ["华瑞财函〔2026〕0001号"]


def test_voiding_numbers_marks_them_with_the_reason_and_keeps_the_rest(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    sent = [_entry(n, file=f"/srv/{n}.docx", status="已发", note="") for n in (1, 2, 3)]
    log_letters(log, sent)
    numbers = [sent[0].number, sent[2].number]
    voided = void_numbers(log, numbers, "客户已全额付款，函件撤回")
    expected = [
        _entry(1, file="/srv/1.docx", status="作废", note="客户已全额付款，函件撤回"),
        sent[1],
        _entry(3, file="/srv/3.docx", status="作废", note="客户已全额付款，函件撤回"),
    ]
    assert voided == [expected[0], expected[2]]
    assert read_log(log) == expected


def test_voiding_an_unknown_number_changes_nothing_and_names_every_unknown(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    log_letters(log, [_entry(1, status="已发", note="")])
    before = log.read_bytes()
    with pytest.raises(CounterError) as error:
        void_numbers(log, ["华瑞财函〔2026〕0009号", "华瑞财函〔2026〕0001号", "X-2"], "撤回")
    assert str(error.value) == (
        f"{log}: 登记簿中没有这些编号 not in the log: 华瑞财函〔2026〕0009号, X-2"
    )
    assert log.read_bytes() == before


def test_the_letters_cited_are_the_five_newest_sent_up_to_the_letter_date():
    def sent(n, day, document="催款函"):
        return _entry(n, date=day, document=document, status="已发", note="")

    entries = [
        sent(1, dt.date(2026, 6, 1), "付款提醒函"),
        sent(2, dt.date(2026, 7, 1)),
        sent(3, dt.date(2026, 8, 1)),
        sent(4, dt.date(2026, 9, 1)),
        sent(6, dt.date(2026, 10, 1)),
        sent(5, dt.date(2026, 10, 1)),  # the same day: the higher number is the later letter
        sent(7, DAY, "最后催告函"),  # sent on the letter's own date: cited
        sent(8, dt.date(2026, 12, 1)),  # after the letter date: not cited
    ]
    cited = earlier_letters(entries, "KH0107", DAY)
    assert [e.number[-5:] for e in cited] == ["0007号", "0006号", "0005号", "0004号", "0003号"]


def _workbook(tmp_path, entries):
    log = tmp_path / "发文登记簿.csv"
    log_letters(log, entries)
    return load_workbook(export_log(log, tmp_path / "发文登记簿.xlsx"))


def test_the_exported_log_has_a_title_a_grey_bold_header_and_frozen_panes(tmp_path):
    book = _workbook(tmp_path, [_entry(1)])
    sheet = book.active
    assert sheet.title == "发文登记簿"
    assert book.properties.creator == "creditbook"
    title = sheet["A1"]
    assert title.value == "发文登记簿（催收函件编号、日期、客户、金额及状态）"
    assert (title.font.b, title.font.sz) == (True, 12)
    header = [cell.value for cell in sheet[2]]
    assert header == list(LOG_HEADER.split(","))
    for cell in sheet[2]:
        assert cell.font.b is True
        assert (cell.fill.fill_type, cell.fill.fgColor.rgb) == ("solid", "00D9D9D9")
    assert [cell.font.b for cell in sheet[3]] == [False] * 11
    assert [cell.fill.fill_type for cell in sheet[3]] == [None] * 11
    assert sheet.freeze_panes == "A3"


def test_the_exported_log_shows_dates_and_amounts_as_excel_values(tmp_path):
    sheet = _workbook(tmp_path, [_entry(1), _entry(2, amount=None)]).active
    row = [cell.value for cell in sheet[3]]
    assert row[0] == "华瑞财函〔2026〕0001号"
    assert row[1].date() == DAY and row[2:] == [
        "KH0107",
        "苏州恒通电子有限公司",
        "催款函",
        "催款",
        10128.27,
        None,
        "作废",
        RESERVED_NOTE,
        None,
    ]
    assert [cell.number_format for cell in sheet[3]] == [
        "General",
        "yyyy-mm-dd",
        "General",
        "General",
        "General",
        "General",
        "#,##0.00",
        "General",
        "General",
        "General",
        "General",
    ]
    assert sheet["G4"].value is None


def test_the_exported_log_columns_are_wide_enough_for_their_contents(tmp_path):
    sheet = _workbook(tmp_path, [_entry(1)]).active
    widths = {column: sheet.column_dimensions[column].width for column in "ABCDEFGHIJK"}
    assert widths == {
        "A": 24,
        "B": 12,
        "C": 12,
        "D": 30,
        "E": 12,
        "F": 10,
        "G": 14,
        "H": 36,
        "I": 8,
        "J": 36,
        "K": 66,
    }


def test_exporting_over_an_existing_workbook_needs_force(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    log_letters(log, [_entry(1)])
    out = tmp_path / "发文登记簿.xlsx"
    out.write_bytes(b"kept")
    with pytest.raises(OutputExists):
        export_log(log, out)
    assert out.read_bytes() == b"kept"
    export_log(log, out, force=True)
    assert load_workbook(out).active["A3"].value == "华瑞财函〔2026〕0001号"


# ── the log is the record: counters behind it, counters that cannot be trusted ──────────


def _untrusted(counter, shown: str) -> str:
    return (
        f"{counter}: 函件编号计数器不可信 letter-number counter cannot be trusted: {shown}"
        "（须为四位年份和不小于 0 的整数 must be a year and a whole number ≥ 0）; "
        "请从备份恢复该文件，或删除它（编号将从发文登记簿中最大的编号之后继续）"
        " restore it from backup, or delete it and numbering continues after the "
        "highest number in the letter log"
    )


@pytest.mark.parametrize(
    "last, shown",
    [
        ('{"2026": -5}', '"2026": -5'),
        ('{"2026": 2.9}', '"2026": 2.9'),
        ('{"2026": 3.0}', '"2026": 3.0'),
        ('{"2026": true}', '"2026": true'),
        ('{"2026": "7"}', '"2026": "7"'),
        ('{"2026": null}', '"2026": null'),
        ('{"2026": "七"}', '"2026": "七"'),  # shown as typed, not as \\u4e03
        ('{"2026": 3, "二〇二六": 1}', '"二〇二六": 1'),
        ('{"26": 3}', '"26": 3'),
    ],
)
def test_a_counter_that_cannot_be_trusted_is_refused_naming_the_file_and_the_fix(
    tmp_path, last, shown
):
    counter = tmp_path / "函件编号.json"
    counter.write_text(f'{{"prefix": "华瑞财函", "last": {last}}}', encoding="utf-8")
    before = counter.read_bytes()
    with pytest.raises(CounterError) as error:
        reserve_numbers(counter, "华瑞财函", 2026, 1)
    assert str(error.value) == _untrusted(counter, shown)
    assert counter.read_bytes() == before


def test_a_counter_with_last_not_a_table_is_unreadable(tmp_path):
    counter = tmp_path / "函件编号.json"
    counter.write_text('{"last": [3]}', encoding="utf-8")
    with pytest.raises(CounterError, match=r"unreadable \('list' object has no attribute"):
        reserve_numbers(counter, "华瑞财函", 2026, 1)


def test_a_counter_of_zero_is_trusted(tmp_path):
    counter = tmp_path / "函件编号.json"
    counter.write_text('{"last": {"2026": 0}}', encoding="utf-8")
    assert reserve_numbers(counter, "华瑞财函", 2026, 1) == ["华瑞财函〔2026〕0001号"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_counter_saved_with_a_bom_or_in_gbk_is_read(tmp_path, encoding):
    counter = tmp_path / "函件编号.json"
    counter.write_text('{"prefix": "华瑞财函", "last": {"2026": 4}}', encoding=encoding)
    assert reserve_numbers(counter, "华瑞财函", 2026, 1) == ["华瑞财函〔2026〕0005号"]


def _logged(log, *sequences: int, prefix="华瑞财函", year=2026) -> None:
    log_letters(
        log,
        [
            _entry(n, number=f"{prefix}〔{year}〕{n:04d}号", status="已发", note="")
            for n in sequences
        ],
    )


def _behind(counter, year: int, shown: str, logged: int) -> str:
    return (
        f"{counter}: 函件编号计数器落后于发文登记簿 the counter is behind the letter log "
        f"({year} 年计数器 counter {shown}，登记簿已用到 log has {logged}); "
        f"已修正，从 {logged + 1} 续编 repaired, continuing from {logged + 1}"
    )


def test_a_counter_restored_from_an_old_backup_continues_after_the_log(tmp_path):
    counter, log = tmp_path / "函件编号.json", tmp_path / "发文登记簿.csv"
    backup = tmp_path / "备份.json"
    reserve_numbers(counter, "华瑞财函", 2026, 1, log=log)
    backup.write_bytes(counter.read_bytes())  # counter at 1
    _logged(log, 1, 2, 3)
    counter.write_bytes(backup.read_bytes())
    warnings: list[str] = []
    numbers = reserve_numbers(counter, "华瑞财函", 2026, 2, log=log, warnings=warnings)
    assert numbers == ["华瑞财函〔2026〕0004号", "华瑞财函〔2026〕0005号"]
    assert warnings == [_behind(counter, 2026, "1", 3)]
    assert json.loads(counter.read_text(encoding="utf-8"))["last"] == {"2026": 5}
    assert reserve_numbers(counter, "华瑞财函", 2026, 1, log=log, warnings=warnings) == [
        "华瑞财函〔2026〕0006号"
    ]
    assert len(warnings) == 1  # repaired once, then in step


def test_a_deleted_counter_continues_after_the_log_for_that_prefix_and_year(tmp_path):
    counter, log = tmp_path / "函件编号.json", tmp_path / "发文登记簿.csv"
    _logged(log, 1, 2, 7)
    _logged(log, 40, prefix="旧前缀")  # another prefix: its numbers are its own
    _logged(log, 30, year=2025)  # last year's numbers do not move this year's
    log_letters(log, [_entry(8, number="华瑞财函〔2026〕0008号-补", status="已发", note="")])
    warnings: list[str] = []
    assert reserve_numbers(counter, "华瑞财函", 2026, 1, log=log, warnings=warnings) == [
        "华瑞财函〔2026〕0008号"
    ]
    assert warnings == [_behind(counter.resolve(), 2026, "无 none", 7)]


def test_a_void_number_in_the_log_is_never_issued_again(tmp_path):
    counter, log = tmp_path / "函件编号.json", tmp_path / "发文登记簿.csv"
    log_letters(log, [_entry(9)])  # reserved, never settled: still used up
    counter.write_text('{"last": {"2026": 9}}', encoding="utf-8")
    warnings: list[str] = []
    assert reserve_numbers(counter, "华瑞财函", 2026, 1, log=log, warnings=warnings) == [
        "华瑞财函〔2026〕0010号"
    ]
    assert warnings == []  # a counter level with the log needs no repair


def test_a_log_holding_only_number_one_still_moves_a_missing_counter(tmp_path):
    counter, log = tmp_path / "函件编号.json", tmp_path / "发文登记簿.csv"
    _logged(log, 1)
    warnings: list[str] = []
    assert reserve_numbers(counter, "华瑞财函", 2026, 1, log=log, warnings=warnings) == [
        "华瑞财函〔2026〕0002号"
    ]
    assert warnings == [_behind(counter.resolve(), 2026, "无 none", 1)]


def test_without_a_warnings_list_the_repair_still_happens(tmp_path):
    counter, log = tmp_path / "函件编号.json", tmp_path / "发文登记簿.csv"
    _logged(log, 1, 2)
    assert reserve_numbers(counter, "华瑞财函", 2026, 1, log=log) == ["华瑞财函〔2026〕0003号"]


def test_a_counter_ahead_of_the_log_keeps_its_place(tmp_path):
    counter, log = tmp_path / "函件编号.json", tmp_path / "发文登记簿.csv"
    _logged(log, 1, 2)
    counter.write_text('{"last": {"2026": 12}}', encoding="utf-8")
    assert reserve_numbers(counter, "华瑞财函", 2026, 1, log=log) == ["华瑞财函〔2026〕0013号"]


def test_sequence_of_reads_only_numbers_of_the_prefix_and_year():
    assert sequence_of("华瑞财函〔2026〕0007号", "华瑞财函", 2026) == 7
    assert sequence_of("华瑞财函〔2026〕12345号", "华瑞财函", 2026) == 12345
    assert sequence_of("华瑞财函〔2026〕0007号", "华瑞财函", 2027) is None
    assert sequence_of("华瑞财函〔2026〕0007号", "华瑞", 2026) is None
    assert sequence_of("X华瑞财函〔2026〕0007号", "华瑞财函", 2026) is None
    assert sequence_of("华瑞财函〔2026〕0007号 ", "华瑞财函", 2026) is None
    assert sequence_of("a.b〔2026〕0001号", "a.b", 2026) == 1
    assert (
        sequence_of("axb〔2026〕0001号", "a.b", 2026) is None
    )  # the prefix is text, not a pattern


# ── the log is append-only ─────────────────────────────────────────────────────────────


def test_a_change_of_state_is_a_new_row_and_reading_gives_the_latest(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    log_letters(log, [_entry(1), _entry(2)])
    first = log.read_bytes()
    sent = [_entry(1, file="/srv/1.docx", status="已发", note="", sha256="ab" * 32)]
    log_letters(log, [*sent, _entry(2)])  # 0002 unchanged: no row
    assert log.read_bytes().startswith(first)
    assert log.read_bytes()[len(first) :].decode("utf-8") == (
        "华瑞财函〔2026〕0001号,2026-11-30,KH0107,苏州恒通电子有限公司,催款函,催款,10128.27,"
        f"/srv/1.docx,已发,,{'ab' * 32}\r\n"
    )
    assert [(e.number[-5:], e.status) for e in log_history(log)] == [
        ("0001号", "作废"), ("0002号", "作废"), ("0001号", "已发"),
    ]  # fmt: skip
    assert read_log(log) == [sent[0], _entry(2)]  # in the order numbers first appeared


def test_logging_what_the_log_already_says_adds_nothing(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    log_letters(log, [_entry(1)])
    before = log.read_bytes()
    log_letters(log, [_entry(1)])
    log_letters(log, [])
    assert log.read_bytes() == before
    log_letters(log, [_entry(2), _entry(2)])  # the same entry twice in one call: one row
    assert len(log_history(log)) == 2


def test_nothing_logged_leaves_no_file(tmp_path):
    log_letters(tmp_path / "发文登记簿.csv", [])
    assert not (tmp_path / "发文登记簿.csv").exists()


def test_voiding_adds_rows_and_keeps_every_earlier_byte(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    log_letters(log, [_entry(n, status="已发", note="") for n in (1, 2)])
    before = log.read_bytes()
    void_numbers(log, ["华瑞财函〔2026〕0002号", "华瑞财函〔2026〕0002号"], "退回")
    assert log.read_bytes().startswith(before)
    assert [(e.number[-5:], e.status, e.note) for e in log_history(log)] == [
        ("0001号", "已发", ""), ("0002号", "已发", ""), ("0002号", "作废", "退回"),
    ]  # fmt: skip


def test_a_generated_letter_overwritten_by_a_later_run_becomes_void(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    log_letters(log, [_entry(1, file="/srv/a.docx", status="已生成（未确认寄出）", note="")])
    done = {"华瑞财函〔2026〕0002号": ("/srv/a.docx", "")}
    assert [(e.number[-5:], e.status) for e in replaced(log, done, [_entry(2)])] == [
        ("0001号", "作废")
    ]


OLD_LOG = (
    "\ufeff编号,日期,客户编码,客户名称,文书,催收阶段,金额,文件,状态,说明\r\n"
    "华瑞财函〔2026〕0001号,2026-11-30,KH0107,苏州恒通电子有限公司,催款函,催款,10128.27,"
    "/srv/1.docx,已发,\r\n"
)


def test_a_log_written_before_the_sha256_column_is_read_and_added_to(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    log.write_bytes(OLD_LOG.encode("utf-8"))
    assert read_log(log) == [_entry(1, file="/srv/1.docx", status="已发", note="")]
    log_letters(log, [_entry(2)])
    assert log.read_bytes() == (
        OLD_LOG + f"华瑞财函〔2026〕0002号,2026-11-30,KH0107,苏州恒通电子有限公司,催款函,催款,"
        f"10128.27,,作废,{RESERVED_NOTE},\r\n"
    ).encode("utf-8")


def test_a_log_re_saved_by_excel_in_gbk_is_read_and_added_to_in_gbk(tmp_path):
    """Excel's 另存为 CSV on Chinese Windows: GB18030 bytes, no BOM, dates as 2026/11/30,
    no line break after the last row."""
    log = tmp_path / "发文登记簿.csv"
    excel = OLD_LOG.lstrip("\ufeff").replace("2026-11-30", "2026/11/30").rstrip("\r\n")
    log.write_bytes(excel.encode("gb18030"))
    assert read_log(log) == [_entry(1, file="/srv/1.docx", status="已发", note="")]
    log_letters(log, [_entry(2)])
    assert log.read_bytes() == (
        excel + f"\r\n华瑞财函〔2026〕0002号,2026-11-30,KH0107,苏州恒通电子有限公司,催款函,催款,"
        f"10128.27,,作废,{RESERVED_NOTE},\r\n"
    ).encode("gb18030")
    assert [e.number[-5:] for e in read_log(log)] == ["0001号", "0002号"]


def test_a_utf8_log_without_a_bom_and_with_blank_lines_is_read(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    second = OLD_LOG.splitlines()[1].replace("0001号", "0002号")
    text = OLD_LOG.lstrip("\ufeff") + ",,,,,,,,,\r\n\r\n" + second + "\r\n\r\n"
    log.write_bytes(text.encode("utf-8"))
    assert [e.number for e in read_log(log)] == ["华瑞财函〔2026〕0001号", "华瑞财函〔2026〕0002号"]


def test_an_empty_log_file_gets_its_header(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    log.write_bytes(b"\xef\xbb\xbf\r\n")
    log_letters(log, [_entry(1)])
    assert log.read_bytes().decode("utf-8").startswith(f"\ufeff{LOG_HEADER}\r\n华瑞财函")


def test_a_log_in_no_known_encoding_is_refused_naming_the_file(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    log.write_bytes(b"\x81\x30\xff\xff")
    with pytest.raises(CounterError) as error:
        read_log(log)
    assert str(error.value) == (
        f"{log}: 发文登记簿编码无法识别 letter log is neither UTF-8 nor GB18030; "
        "restore it from backup"
    )


def test_a_date_that_is_not_a_date_is_named_by_its_row(tmp_path):
    log = tmp_path / "发文登记簿.csv"
    log.write_bytes(OLD_LOG.replace("2026-11-30", "11/30/2026").encode("utf-8"))
    with pytest.raises(CounterError, match="第 2 行 row 2"):
        read_log(log)


def test_decode_text_names_the_encoding():
    assert decode_text("\ufeff编号".encode()) == ("编号", "utf-8")
    assert decode_text("编号".encode()) == ("编号", "utf-8")
    assert decode_text("编号".encode("gb18030")) == ("编号", "gb18030")
