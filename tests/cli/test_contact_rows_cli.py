"""The letter log meets the contact log: `letters` and `notice` write every document they
issue as a row of the 客户联系与催收记录 log sheet, in 联系记录-待粘贴-催收函.xlsx (or
-信用调整通知书.xlsx) beside the batch."""

from __future__ import annotations

import datetime as dt
import hashlib

import openpyxl
from test_contacts_cli import AS_OF, LOG, _files, _flat
from typer.testing import CliRunner
from user_files import real_settings, write_ledger, write_register

from creditbook.cli import app
from creditbook.inputs.contacts import read_contacts
from creditbook.workbooks.contacts import COLUMNS

runner = CliRunner()
D = dt.date
HEADERS = [c.header for c in COLUMNS]


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path)["联系记录"]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_letters_offer_each_letter_as_a_contact_log_row(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    real_settings(tmp_path)
    ledger, contacts = _files(tmp_path, LOG)
    before = (_digest(ledger), _digest(contacts))
    result = runner.invoke(
        app,
        ["letters", str(ledger), "--as-of", AS_OF, "--out", "out", "--contacts", str(contacts)],
    )
    assert result.exit_code == 0, result.output
    assert _flat("out/联系记录-待粘贴-催收函.xlsx") in _flat(result.output.replace("\\", "/"))
    assert (_digest(ledger), _digest(contacts)) == before  # inputs never modified
    paste = tmp_path / "out" / "联系记录-待粘贴-催收函.xlsx"
    rows = _rows(paste)
    assert rows[0] == HEADERS
    number_1, number_2 = (e["number"] for e in _manifest(tmp_path / "out"))
    status = '=IF(I{0}="","",IF(K{0}="已按承诺付款","已兑现",IF(I{0}<$B$3,"到期未兑现","未到期")))'
    assert rows[1:] == [
        [dt.datetime(2026, 11, 30), "KH001", "苏州甲精密有限公司", "发函", "催收", None, "周敏",
         f"催款函 {number_1}，催收金额 10,000.00 元（催款）",
         None, None, None, None, None, None, None, status.format(2)],
        [dt.datetime(2026, 11, 30), "KH002", "无锡乙贸易有限公司", "发函", "催收", None, "李娜",
         f"催款函 {number_2}，催收金额 8,000.00 元（催款）",
         None, None, None, None, None, None, None, status.format(3)],
    ]  # fmt: skip
    sheet = openpyxl.load_workbook(paste)["联系记录"]
    formats = [sheet.cell(2, n).number_format for n in range(1, 17)]
    assert formats == [c.number_format for c in COLUMNS]
    assert formats[0] == "yyyy-mm-dd"
    widths = [sheet.column_dimensions[chr(64 + n)].width for n in range(1, 17)]
    assert widths == [c.width for c in COLUMNS]


def _manifest(folder):
    import json

    return json.loads((folder / "催收函-清单.json").read_text(encoding="utf-8"))


def test_pasted_rows_read_back_as_contacts_without_a_problem(tmp_path, monkeypatch):
    """The rows pasted under the standard log's own rows are read like typed ones."""
    monkeypatch.chdir(tmp_path)
    real_settings(tmp_path)
    ledger, contacts = _files(tmp_path, LOG)
    args = ["letters", str(ledger), "--as-of", AS_OF, "--out", "out", "--contacts", str(contacts)]
    assert runner.invoke(app, args).exit_code == 0
    pasted = _rows(tmp_path / "out" / "联系记录-待粘贴-催收函.xlsx")[1:]
    book = openpyxl.load_workbook(contacts)
    sheet = book["联系记录"]
    for n, row in enumerate(pasted, start=5 + len(LOG)):
        for column, value in enumerate(row[:15], start=1):
            sheet.cell(n, column).value = value
    book.save(tmp_path / "合并.xlsx")
    frame, problems = read_contacts(tmp_path / "合并.xlsx")
    assert problems == []
    letters = frame[frame["method"] == "发函"]
    assert list(letters["customer_id"]) == ["KH001", "KH002"]
    assert list(letters["purpose"]) == ["催收", "催收"]
    assert list(letters["staff"]) == ["周敏", "李娜"]


def test_a_draft_batch_offers_no_rows_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no creditbook.toml: the letters are 样稿
    ledger, contacts = _files(tmp_path, LOG)
    result = runner.invoke(
        app,
        ["letters", str(ledger), "--as-of", AS_OF, "--out", "out", "--contacts", str(contacts)],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == [
        "KH001_催款函.docx",
        "KH002_催款函.docx",
    ]
    assert not (tmp_path / "out" / "联系记录-待粘贴-催收函.xlsx").exists()
    assert _flat("样稿批次不生成待粘贴的联系记录") in _flat(result.output)


def test_an_existing_paste_file_stops_the_batch_before_a_number_is_used(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    real_settings(tmp_path)
    ledger, contacts = _files(tmp_path, LOG)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "联系记录-待粘贴-催收函.xlsx").write_bytes(b"mine")
    args = ["letters", str(ledger), "--as-of", AS_OF, "--out", "out", "--contacts", str(contacts)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "--force" in result.output
    assert (tmp_path / "out" / "联系记录-待粘贴-催收函.xlsx").read_bytes() == b"mine"
    assert not list((tmp_path / "out").glob("*.docx"))


def test_notices_are_offered_as_credit_adjustment_rows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    real_settings(tmp_path)
    rows = [
        *LOG,
        [D(2026, 10, 1), "KH002", "李娜", "催收", "已承诺付款", D(2026, 10, 10), 100,
         None, None, None],
    ]  # fmt: skip
    ledger, contacts = _files(tmp_path, rows)
    register = write_register(
        tmp_path / "档案.xlsx",
        [["KH002", "无锡乙贸易有限公司", "", "王经理", "", "", "B", 100000, 30]],
    )
    args = ["notice", str(ledger), "--register", str(register), "--as-of", AS_OF]
    result = runner.invoke(app, [*args, "--out", "b", "--contacts", str(contacts)])
    assert result.exit_code == 0, result.output
    import json

    entries = json.loads((tmp_path / "b" / "信用调整通知书-清单.json").read_text("utf-8"))
    rows = _rows(tmp_path / "b" / "联系记录-待粘贴-信用调整通知书.xlsx")
    assert [r[1] for r in rows[1:]] == [e["customer_id"] for e in entries]
    (entry,) = (e for e in entries if e["customer_id"] == "KH002")
    (row,) = (r for r in rows[1:] if r[1] == "KH002")
    assert row[:8] == [
        dt.datetime(2026, 11, 30), "KH002", "无锡乙贸易有限公司", "发函", "信用调整", "王经理",
        "李娜", f"信用调整通知书 {entry['number']}（{entry['stage']}）",
    ]  # fmt: skip


def test_letters_without_a_contact_log_still_offer_rows_with_the_ledger_collector(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    real_settings(tmp_path)
    ledger = write_ledger(
        tmp_path / "台账.xlsx",
        [["KH009", "杭州丁有限公司", "XS-9", D(2026, 9, 1), D(2026, 10, 1), 3000, 0, None]],
        D(2026, 11, 30),
    )
    result = runner.invoke(app, ["letters", str(ledger), "--as-of", AS_OF, "--out", "out"])
    assert result.exit_code == 0, result.output
    rows = _rows(tmp_path / "out" / "联系记录-待粘贴-催收函.xlsx")
    assert rows[1][:8] == [
        dt.datetime(2026, 11, 30), "KH009", "杭州丁有限公司", "发函", "催收", None, None,
        f"催款函 {_manifest(tmp_path / 'out')[0]['number']}，催收金额 3,000.00 元（催款）",
    ]  # fmt: skip


def test_monitor_shows_the_disputed_and_held_amounts_beside_the_overdue(tmp_path, monkeypatch):
    import csv

    monkeypatch.chdir(tmp_path)
    ledger, contacts = _files(tmp_path, LOG)
    register = write_register(
        tmp_path / "档案.xlsx",
        [["KH001", "苏州甲精密有限公司", "", "", "", "", "B", 500000, 30]],
    )
    result = runner.invoke(
        app,
        ["monitor", str(ledger), "--register", str(register), "--as-of", AS_OF,
         "--contacts", str(contacts), "--out", "m.csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    screen = runner.invoke(
        app,
        ["monitor", str(ledger), "--register", str(register), "--as-of", AS_OF,
         "--contacts", str(contacts)],
        env={"COLUMNS": "400"},
    )  # fmt: skip
    assert screen.exit_code == 0, screen.output
    header = next(line for line in screen.output.splitlines() if "┃" in line and "客户编码" in line)
    assert "┃应收余额┃逾期金额┃最长逾期天数┃" in _flat(header)
    assert _flat(header).endswith("┃催收阶段┃争议金额┃承诺暂缓金额┃")
    kh001 = next(line for line in screen.output.splitlines() if "KH001" in line)
    assert "│100,000.00│100,000.00│60│" in _flat(kh001)  # balance, overdue, days
    assert _flat(kh001).endswith("│40,000.00│50,000.00│")
    text = (tmp_path / "m.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    header = next(r for r in rows if "争议金额" in r)
    at = [header.index(h) for h in ("客户编码", "逾期金额", "争议金额", "承诺暂缓金额")]
    body = [[r[i] for i in at] for r in rows[rows.index(header) + 1 :] if r and r[0]]
    # 100,000 overdue = 10,000 demanded + 40,000 disputed (XS-102) + 50,000 promised
    assert body == [
        ["KH001", "100000.00", "40000.00", "50000.00"],
        ["KH002", "8000.00", "0.00", "0.00"],
        ["KH003", "5000.00", "0.00", "5000.00"],
    ]


def test_monitor_without_a_contact_log_keeps_its_screen_columns(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ledger, _ = _files(tmp_path, LOG)
    register = write_register(
        tmp_path / "档案.xlsx",
        [["KH001", "苏州甲精密有限公司", "", "", "", "", "B", 500000, 30]],
    )
    args = ["monitor", str(ledger), "--register", str(register), "--as-of", AS_OF]
    result = runner.invoke(app, args, env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "┃" in line and "客户编码" in line)
    assert "┃应收余额┃最长逾期天数┃" in _flat(header)
    assert _flat(header).endswith("┃期限调整┃催收阶段┃")
