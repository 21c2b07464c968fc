"""The running-statement corpus (tests/inputs/exports/statements/, built by
exports/statement_layouts.py): every file ages to the hand-computed figures to the fen, or is
refused naming its cell with a fix that, typed as shown, gives those figures."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest
from erp_exports import aging_rows, figures, runner
from exports.statement_layouts import (
    FOLDER,
    HAND_MEMO_OPEN,
    HAND_NAME_KEYED,
    KINGDEE_DUE_DATES,
    LAYOUTS,
    U8_BLOCKS,
    U8_BLOCKS_REPEATED,
    Layout,
    build,
    save,
)

from creditbook.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))
from docx_text import docx_text

AS_OF = "2026-11-30"


def _layout_id(layout: Layout) -> str:
    """An ASCII test id (the file name, or a short hash of a Chinese one), so that mutation
    testing can pass the id back on a command line, as tests/conftest.py does for text."""
    if layout.file.isascii():
        return layout.file
    return "layout-" + hashlib.sha1(layout.file.encode("utf-8")).hexdigest()[:8]


def _args(layout: Layout) -> list[str]:
    args = [str(FOLDER / layout.file)]
    if layout.register:
        args += ["--register", str(FOLDER / layout.register_file)]
    return args


def _values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_the_committed_files_are_what_the_builder_writes(tmp_path):
    written = build(tmp_path)
    assert len(LAYOUTS) >= 7
    assert sorted(p.name for p in written) == sorted(
        p.name for p in FOLDER.glob("*.xlsx")
    )  # nothing committed that the builder does not write, nothing missing
    for path in written:
        assert _values(path) == _values(FOLDER / path.name), path.name


@pytest.mark.parametrize("layout", [x for x in LAYOUTS if not x.refused], ids=_layout_id)
def test_each_layout_ages_to_the_hand_computed_figures(tmp_path, layout):
    result, rows = aging_rows(tmp_path, *_args(layout), *layout.options)
    assert {code: figures(row)[:3] for code, row in rows.items()} == layout.expected
    assert "读取 read:" in result.output


@pytest.mark.parametrize("layout", [x for x in LAYOUTS if x.refused], ids=_layout_id)
def test_a_refused_layout_names_the_cell_and_its_fix_works(tmp_path, layout):
    result = runner.invoke(app, ["aging", *_args(layout), "--as-of", AS_OF], env={"COLUMNS": "400"})
    assert result.exit_code == 1
    assert layout.refused in result.output
    _, rows = aging_rows(tmp_path, *_args(layout), *layout.options)
    assert {code: figures(row)[:3] for code, row in rows.items()} == layout.expected


def test_blocks_say_what_was_skipped_and_which_opening_took_the_period_start(tmp_path):
    result, _ = aging_rows(tmp_path, *_args(U8_BLOCKS))
    output = result.output.replace("\n", "")
    assert (
        "分块读取 customer blocks in u8-客户往来明细账-分块.xlsx 客户往来明细账: 客户行 1 个，"
        "标题/重复表头行 1 行已跳过 title lines and repeated headers skipped（第 12 行）"
    ) in output
    assert (
        "无锡市恒通机电设备有限公司: 上年结转 8,000.00 没有日期，按期间开始日 2026-01-01 "
        "计账龄 undated opening balance aged from the period start（标题 title）"
    ) in output
    assert "本年累计未核对" not in output  # the export starts in January: 本年累计 checked


def test_a_mid_year_export_skips_本年累计_with_a_note_and_counts_the_repeated_headers(tmp_path):
    result, _ = aging_rows(tmp_path, *_args(U8_BLOCKS_REPEATED), *U8_BLOCKS_REPEATED.options)
    output = result.output.replace("\n", "")
    assert (
        "本年累计未核对 not checked in u8-客户往来明细账-分块-重复表头-年中.xlsx Sheet1: 2 行"
        "（第 9、16 行）——导出不是从年初开始，本年累计含导出之前的月份 the export starts "
        "after the beginning of the year"
    ) in output
    assert "客户行 1 个，标题/重复表头行 2 行已跳过" in output  # 客户：[KH202]… and its header


def test_a_wrong_本年累计_in_a_january_export_is_still_refused(tmp_path):
    rows = [list(r) for r in U8_BLOCKS.sheets["客户往来明细账"]]
    rows[10][3] = "39,220.51"  # KH101's 本年累计 借方, one fen off
    ledger = save(tmp_path / "明细账.xlsx", {"客户往来明细账": rows})
    register = shutil.copy(FOLDER / U8_BLOCKS.register_file, tmp_path / "档案.xlsx")
    result = runner.invoke(
        app,
        ["aging", str(ledger), "--register", str(register), "--as-of", AS_OF],
        env={"COLUMNS": "400"},
    )
    assert result.exit_code == 1
    assert (
        "明细账.xlsx 客户往来明细账!D11 借方: 本年累计 39,220.51 ≠ 上方各行合计 39,220.50"
    ) in result.output


def test_the_old_columns_suggestion_for_金蝶_到期日_now_reads_the_same_due_dates(tmp_path):
    """The refusal used to suggest --columns "到期日=到期日", which refused again."""
    _, rows = aging_rows(tmp_path, *_args(KINGDEE_DUE_DATES), "--columns", "到期日=到期日")
    assert {code: figures(row)[:3] for code, row in rows.items()} == KINGDEE_DUE_DATES.expected
    # "到期日=-" sets the column aside: the due dates come from the term, all 30 days on
    (tmp_path / "term").mkdir()
    args = (*_args(KINGDEE_DUE_DATES), "--columns", "到期日=-", "--term", "30")
    _, rows = aging_rows(tmp_path / "term", *args)
    assert figures(rows["C0601"])[0] == {
        "未到期": "2000.00",
        "1-30天": "5650.00",
        "61-90天": "7500.00",  # 08-25 + 30 = 09-24, 67 days, not the ERP's 10-24
    }


def test_a_name_keyed_ledger_is_one_customer_per_register_row_in_monitor_and_letters(tmp_path):
    args = _args(HAND_NAME_KEYED)
    result = runner.invoke(
        app,
        ["monitor", args[0], "--register", args[2], "--as-of", AS_OF, "--all"],
        env={"COLUMNS": "400"},
    )
    assert result.exit_code == 0, result.output
    table = [line for line in result.output.splitlines() if line.startswith("│")]
    assert sum("KH901" in line for line in table) == 1
    assert not any("无锡市 恒通" in line or "无锡市恒通机电设备有限公司 │" in line[:12]
                   for line in table)  # fmt: skip
    assert (
        "按客户名称对应客户信用档案 joined to the register by name: 3 个客户名称（"
        "无锡市恒通机电设备有限公司 → KH901、无锡市 恒通机电设备有限公司 → KH901、"
        "ABC精密(苏州)有限公司 → KH902）"
    ) in result.output.replace("\n", "")
    config = tmp_path / "creditbook.toml"
    config.write_text("", encoding="utf-8")
    out = tmp_path / "letters"
    result = runner.invoke(
        app,
        ["letters", args[0], "--register", args[2], "--as-of", AS_OF, "--out", str(out),
         "--config", str(config)],
        env={"COLUMNS": "300"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    letters = sorted(out.glob("*.docx"))
    assert [p.name.split("_")[0] for p in letters] == ["KH901"]
    text = docx_text(letters[0])
    assert "无锡市新吴区长江路 8 号" in text  # the register's address: the join found it
    assert "FP-1001" in text and "FP-1002" in text and "10,820.00" in text


def test_a_name_two_register_rows_share_is_refused_naming_both_codes(tmp_path):
    rows = [*HAND_NAME_KEYED.register, ["KH909", "无锡市恒通机电设备（有限公司）", "C", 0, 30]]
    header = ["客户编码", "客户名称", "信用等级", "信用额度", "信用期限(天)"]
    register = save(tmp_path / "档案.xlsx", {"客户信用档案": [header, *[r[:5] for r in rows]]})
    result = runner.invoke(
        app,
        ["aging", str(FOLDER / HAND_NAME_KEYED.file), "--register", str(register), "--as-of",
         AS_OF],
        env={"COLUMNS": "400"},
    )  # fmt: skip
    assert result.exit_code == 1
    assert (
        "手工-应收台账-按名称.xlsx: 客户名称 无锡市恒通机电设备有限公司 在客户信用档案中对应多行 "
        "matches several register rows: KH901、KH909（无法判断是哪一个）; add a 客户编码 column "
        "to the ledger, or make the register's names unique"
    ) in result.output


def test_a_name_the_register_lacks_is_said_not_silently_kept(tmp_path):
    header = ["客户编码", "客户名称", "信用等级", "信用额度", "信用期限(天)"]
    register = save(
        tmp_path / "档案.xlsx",
        {"客户信用档案": [header, ["KH902", "ABC精密(苏州)有限公司", "B", 0, 30]]},
    )
    result, rows = aging_rows(tmp_path, str(FOLDER / HAND_NAME_KEYED.file), "--register",
                              str(register))  # fmt: skip
    # one customer still, though typed two ways: the first spelling is its key
    assert sorted(rows) == ["KH902", "无锡市恒通机电设备有限公司"]
    assert figures(rows["无锡市恒通机电设备有限公司"])[:3] == HAND_NAME_KEYED.expected["KH901"]
    output = result.output.replace("\n", "")
    assert (
        "警告 WARNING: 客户信用档案中没有这些客户名称 not in the register: "
        "无锡市恒通机电设备有限公司（1 个；无地址、额度未核定 no address or limit for them）"
    ) in output
    assert (
        '客户名称写法不同按同一客户计 spellings of one name made one customer: "无锡市 恒通机电设备'
        '有限公司" → "无锡市恒通机电设备有限公司"'
    ) in output


def test_a_credit_memo_on_an_open_debit_is_its_own_letter_line(tmp_path):
    config = tmp_path / "creditbook.toml"
    config.write_text("", encoding="utf-8")
    out = tmp_path / "letters"
    result = runner.invoke(
        app,
        ["letters", *_args(HAND_MEMO_OPEN), *HAND_MEMO_OPEN.options, "--as-of", AS_OF,
         "--out", str(out), "--config", str(config)],
        env={"COLUMNS": "300"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = docx_text(sorted(out.glob("KH801_*.docx"))[0]).split("\n")
    at = lines.index("FH-0801")
    assert lines[at : at + 14] == [
        "FH-0801", "2026-08-01", "2026-08-31", "20,000.00", "5,000.00", "15,000.00", "91",
        "HZ-0915", "2026-09-15", "2026-08-31", "-3,000.00", "0.00", "-3,000.00", "贷项冲减",
    ]  # fmt: skip
    assert lines[at + 14] == "合计" and "12,000.00" in lines[at + 15 : at + 20]


def test_a_contact_log_keyed_by_name_reaches_the_customer_the_register_codes(tmp_path):
    """The ledger and the contact log both name 无锡市恒通 without a code; the ledger is joined
    to KH901, so the log must be too, or its dispute of FP-1001 would be lost and the letter
    would demand the disputed 6,300.00."""
    args = _args(HAND_NAME_KEYED)
    log = save(
        tmp_path / "联系记录.xlsx",
        {
            "联系记录": [
                ["日期", "客户名称", "事由", "单据号", "争议原因"],
                ["2026-11-20", "无锡市恒通机电设备（有限公司）", "质量异议", "FP-1001", "划伤"],
            ]
        },
    )
    config = tmp_path / "creditbook.toml"
    config.write_text("", encoding="utf-8")
    out = tmp_path / "letters"
    result = runner.invoke(
        app,
        ["letters", args[0], "--register", args[2], "--contacts", str(log), "--as-of", AS_OF,
         "--out", str(out), "--config", str(config)],
        env={"COLUMNS": "300"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "按客户名称对应客户信用档案 joined to the register by name: 1 个客户名称（"
        "无锡市恒通机电设备(有限公司) → KH901）"
    ) in result.output.replace("\n", "")
    text = docx_text(sorted(out.glob("KH901_*.docx"))[0])
    assert "4,520.00" in text and "划伤" in text
    assert "10,820.00" not in text  # FP-1001's 6,300.00 is disputed, not demanded
