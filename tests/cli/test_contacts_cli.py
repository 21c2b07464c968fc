"""`--contacts` on letters and monitor, and `creditbook worklist`: the contact log as users
keep it (the standard 客户联系与催收记录 workbook) changes what goes out and what to do today."""

from __future__ import annotations

import datetime as dt

import openpyxl
from typer.testing import CliRunner
from user_files import real_settings, write_ledger

from creditbook.cli import app
from creditbook.workbooks.build import new_workbook_file

runner = CliRunner()


def _flat(text: str) -> str:
    """The output without the console's line breaks and spaces."""
    return "".join(text.split())


D = dt.date
AS_OF = "2026-11-30"
ROWS = [
    # 客户编码, 客户名称, 单据号, 单据日期, 到期日, 金额, 已收金额, 收款日期
    ["KH001", "苏州甲精密有限公司", "XS-101", D(2026, 9, 1), D(2026, 10, 1), 60000, 0, None],
    ["KH001", "苏州甲精密有限公司", "XS-102", D(2026, 10, 10), D(2026, 11, 10), 40000, 0, None],
    ["KH002", "无锡乙贸易有限公司", "XS-201", D(2026, 10, 1), D(2026, 11, 20), 8000, 0, None],
    ["KH003", "常州丙机电有限公司", "XS-301", D(2026, 9, 1), D(2026, 10, 16), 5000, 0, None],
]


def _contacts(path, rows):
    """The standard workbook with ``rows`` typed in from row 5 (A 日期 … O 争议原因)."""
    new_workbook_file("contacts", path)
    book = openpyxl.load_workbook(path)
    sheet = book["联系记录"]
    columns = "ABGEKIJMNO"  # 日期 客户编码 经办人 事由 结果 承诺日期 承诺金额 跟进日期 单据号 原因
    for n, row in enumerate(rows, 5):
        for letter, value in zip(columns, row, strict=True):
            sheet[f"{letter}{n}"] = value
    book.save(path)
    return path


def _files(tmp_path, rows):
    ledger = write_ledger(tmp_path / "台账.xlsx", ROWS, D(2026, 11, 30))
    contacts = _contacts(tmp_path / "客户联系与催收记录.xlsx", rows)
    return ledger, contacts


LOG = [
    [
        D(2026, 11, 25),
        "KH001",
        "周敏",
        "催收",
        "部分回款承诺",
        D(2026, 12, 10),
        50000,
        None,
        None,
        None,
    ],
    [D(2026, 11, 10), "KH001", "周敏", "争议", "质量异议", None, None, None, "XS-102", "划伤"],
    [
        D(2026, 11, 5),
        "KH002",
        "李娜",
        "催收",
        "已承诺付款",
        D(2026, 11, 21),
        8000,
        None,
        None,
        None,
    ],
    [
        D(2026, 11, 1),
        "KH003",
        "李娜",
        "催收",
        "已承诺付款",
        D(2026, 12, 20),
        5000,
        None,
        None,
        None,
    ],
]


def test_letters_with_contacts_hold_cite_and_leave_out_disputes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    real_settings(tmp_path)
    ledger, contacts = _files(tmp_path, LOG)
    result = runner.invoke(
        app,
        ["letters", str(ledger), "--as-of", AS_OF, "--out", "out", "--contacts", str(contacts)],
    )
    assert result.exit_code == 0, result.output
    out = _flat(result.output)
    assert _flat("KH003 常州丙机电有限公司: 暂缓（承诺 2026-12-20 付 5,000.00）") in out
    # KH001: 100,000 overdue, 40,000 disputed, 50,000 promised → 10,000 demanded
    assert (
        _flat(
            "KH001 苏州甲精密有限公司: 暂缓（承诺 2026-12-10 付 50,000.00），其余 ¥10,000.00 发函"
        )
        in out
    )
    assert (
        _flat("读取联系记录 read contacts: 客户联系与催收记录.xlsx 工作表 sheet 联系记录（4 行）")
        in out
    )
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == [
        "KH001_催款函.docx",
        "KH002_催款函.docx",  # 付款提醒 raised one stage for the broken promise
    ]


def test_a_bad_contact_log_stops_with_the_cell_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    real_settings(tmp_path)
    bad = [[D(2026, 11, 25), "KH001", "周敏", "争议", "价格争议", None, None, None, None, None]]
    ledger, contacts = _files(tmp_path, bad)
    result = runner.invoke(
        app,
        ["letters", str(ledger), "--as-of", AS_OF, "--out", "out", "--contacts", str(contacts)],
    )
    assert result.exit_code == 1
    assert _flat(
        "客户联系与催收记录.xlsx 联系记录!N5 单据号: "
        "争议记录须填写单据号 a dispute must name its invoice"
    ) in _flat(result.output)
    assert not (tmp_path / "out").exists()


def test_monitor_with_contacts_counts_broken_promises(tmp_path, monkeypatch):
    from user_files import write_register

    monkeypatch.chdir(tmp_path)
    rows = [
        *LOG,
        [
            D(2026, 10, 1),
            "KH002",
            "李娜",
            "催收",
            "已承诺付款",
            D(2026, 10, 10),
            100,
            None,
            None,
            None,
        ],
    ]
    ledger, contacts = _files(tmp_path, rows)
    register = write_register(
        tmp_path / "档案.xlsx",
        [["KH002", "无锡乙贸易有限公司", "", "", "", "", "B", 100000, 30]],
    )
    result = runner.invoke(
        app,
        ["monitor", str(ledger), "--register", str(register), "--as-of", AS_OF,
         "--contacts", str(contacts), "--out", "m.csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (tmp_path / "m.csv").read_text(encoding="utf-8-sig")
    assert (
        "近 12 个月未按承诺付款 2 次（承诺 2026-10-10 付 100.00、承诺 2026-11-21 付 8,000.00），"
        "达到预警线 2 次"
    ) in text


def test_worklist_writes_one_filtered_frozen_sheet_per_collector_and_never_overwrites(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    ledger, contacts = _files(tmp_path, LOG)
    args = ["worklist", str(ledger), "--contacts", str(contacts), "--as-of", AS_OF]
    result = runner.invoke(app, [*args, "--out", "清单.xlsx"])
    assert result.exit_code == 0, result.output
    assert _flat("催收工作清单 collection worklist 2026-11-30: 3 户 customers") in _flat(
        result.output
    )
    book = openpyxl.load_workbook(tmp_path / "清单.xlsx")
    assert book.sheetnames == ["周敏", "李娜"]
    sheet = book["李娜"]
    assert [c.value for c in sheet[2]][:3] == ["序号", "客户编码", "客户名称"]
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("C3", "A2:O4")
    # KH003 5,000 × 45 days = 225,000 ranks above KH002 8,000 × 10 days = 80,000
    assert [sheet.cell(r, 2).value for r in (3, 4)] == ["KH003", "KH002"]
    assert sheet.cell(4, 9).value == "催款（承诺未兑现，由付款提醒升级）"
    again = runner.invoke(app, [*args, "--out", "清单.xlsx"])
    assert again.exit_code != 0
    assert "--force" in again.output


def test_notice_with_contacts_gives_the_broken_promises_as_a_reason(tmp_path, monkeypatch):
    import sys
    from pathlib import Path

    from user_files import write_register

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))
    from docx_text import docx_text

    monkeypatch.chdir(tmp_path)
    real_settings(tmp_path)
    rows = [
        *LOG,
        [
            D(2026, 10, 1),
            "KH002",
            "李娜",
            "催收",
            "已承诺付款",
            D(2026, 10, 10),
            100,
            None,
            None,
            None,
        ],
    ]
    ledger, contacts = _files(tmp_path, rows)
    register = write_register(
        tmp_path / "档案.xlsx",
        [["KH002", "无锡乙贸易有限公司", "", "", "", "", "B", 100000, 30]],
    )
    args = ["notice", str(ledger), "--register", str(register), "--as-of", AS_OF]
    without = runner.invoke(app, [*args, "--out", "a"])
    assert without.exit_code == 0, without.output
    assert not (tmp_path / "a" / "KH002_信用调整通知书.docx").exists()
    result = runner.invoke(app, [*args, "--out", "b", "--contacts", str(contacts)])
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "b" / "KH002_信用调整通知书.docx")
    assert (
        "近 12 个月未按承诺付款 2 次（承诺 2026-10-10 付 100.00、承诺 2026-11-21 付 8,000.00），"
        "达到预警线 2 次"
    ) in text


def test_a_dispute_naming_an_invoice_the_customer_does_not_have_is_said_not_ignored(
    tmp_path, monkeypatch
):
    # KH003's collector typed XS-310 for XS-301 and KH009 is a code the ledger lacks: neither
    # dispute holds anything back, so both letters go out — and the command says why.
    monkeypatch.chdir(tmp_path)
    real_settings(tmp_path)
    log = [
        [D(2026, 11, 20), "KH003", "李娜", "争议", "质量异议", None, None, None, "XS-310", "划伤"],
        [D(2026, 11, 21), "KH009", "李娜", "争议", "价格争议", None, None, None, "XS-301", ""],
    ]
    ledger, contacts = _files(tmp_path, log)
    command = ["--as-of", AS_OF, "--contacts", str(contacts)]
    result = runner.invoke(app, ["letters", str(ledger), *command, "--out", "out"])
    assert result.exit_code == 0, result.output
    assert "KH003_催款函.docx" in {p.name for p in (tmp_path / "out").glob("*.docx")}
    expected = _flat(
        "客户联系与催收记录.xlsx 联系记录 第 5 行 单据号 XS-310: 台账中客户 KH003 "
        "没有这张单据，争议未计入 not an invoice of this customer in the ledger"
    )
    for said in (result.output, runner.invoke(app, ["worklist", str(ledger), *command]).output):
        out = _flat(said)
        assert expected in out
        assert _flat("联系记录 第 6 行 单据号 XS-301: 台账中客户 KH009 没有这张单据") in out
