"""`creditbook letters` on a ledger and register as users keep them: every figure in a
letter is the one aging and monitor show, and every sentence is true."""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner
from user_files import REAL_SETTINGS as REAL_SETTINGS_TEXT
from user_files import manifest, real_settings, write_ledger, write_register

from creditbook.cli import app
from creditbook.documents import letters
from creditbook.documents.numbering import read_log
from creditbook.documents.render import template_path
from creditbook.settings import load_settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))
from docx_text import docx_text

runner = CliRunner()
AS_OF = dt.date(2026, 11, 30)
D = dt.date
ROWS = [
    # 客户编码, 客户名称, 单据号, 单据日期, 到期日, 金额, 已收金额, 收款日期
    ["KH001", "苏州甲精密有限公司", "XS-101", D(2026, 8, 15), D(2026, 10, 1), 10000, 0, None],
    ["KH001", "苏州甲精密有限公司", "HZ-101", D(2026, 11, 10), D(2026, 11, 10), -3000, 0, None],
    ["KH002", "无锡乙贸易有限公司", "XS-201", D(2026, 10, 1), D(2026, 11, 10), 2000, 0, None],
    ["KH002", "无锡乙贸易有限公司", "HZ-201", D(2026, 11, 20), D(2026, 11, 20), -2500, 0, None],
    ["KH003", "常州丙机电有限公司", "XS-301", D(2026, 9, 1), D(2026, 10, 16), 1000, 999.99,
     D(2026, 11, 1)],
    ["KH004", "南通丁建材有限公司", "XS-401", D(2025, 9, 1), D(2025, 10, 26), 50000, 0, None],
    ["KH/01", "扬州戊五金有限公司", "XS-501", D(2026, 9, 20), D(2026, 11, 1), 5000, 0, None],
    ["KH:01", "镇江己电气有限公司", "XS-601", D(2026, 9, 20), D(2026, 11, 1), 6000, 0, None],
    ["KH005", "泰州庚化工有限公司", "XS-701", D(2026, 8, 1), D(2026, 10, 1), 8000, 0, None],
    ["KH005", "泰州庚化工有限公司", "SK-701", D(2026, 11, 25), D(2026, 11, 25), -5000, 0, None],
]  # fmt: skip
REGISTER = [
    ["KH001", "苏州甲精密有限公司", "", "周经理", "0512-1", "苏州", "A", 100000, 60],
    ["KH002", "无锡乙贸易有限公司", "", "吴经理", "0510-2", "无锡", "B", 50000, 45],
    ["KH003", "常州丙机电有限公司", "", "郑经理", "0519-3", "常州", "A", 80000, 60],
    ["KH/01", "扬州戊五金有限公司", "", "", "", "", "B", 30000, 45],
    ["KH:01", "镇江己电气有限公司", "", "", "", "", "B", 30000, 45],
    ["KH005", "泰州庚化工有限公司", "", "", "", "", "B", 30000, 45],
]  # fmt: skip


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    return {
        "ledger": write_ledger(tmp_path / "应收账款明细账.xlsx", ROWS, AS_OF),
        "register": write_register(tmp_path / "客户信用档案.xlsx", REGISTER),
        "config": real_settings(tmp_path),
    }


def _run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def _letters(files: dict[str, Path], out: Path, *more: object, as_of: dt.date = AS_OF):
    result = _run(
        "letters", files["ledger"], "--register", files["register"], "--as-of", as_of,
        "--out", out, "--config", files["config"], *more,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result


def _flat(text: str) -> str:
    return "".join(text.split())


def _table(path: Path) -> dict[str, dict[str, object]]:
    """An exported result table (aging / monitor .xlsx): 客户编码 → {header: value}."""
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if row and row[0] == "客户编码")
    headers = rows[at]
    return {
        str(row[0]): dict(zip(headers, row, strict=True))
        for row in rows[at + 1 :]
        if row[0] and row[0] != "合计"
    }


def _yuan(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_a_credit_note_is_netted_in_the_text_the_table_the_words_and_the_receipt(files, tmp_path):
    out = tmp_path / "letters"
    _letters(files, out)
    rows = {row["customer_id"]: row for row in manifest(out)}
    assert rows["KH001"]["amount"] == "7000.00" and rows["KH001"]["document"] == "催款函"
    text = docx_text(out / rows["KH001"]["file"])
    assert "贵司应付我司逾期货款人民币 7,000.00 元（大写：人民币柒仟元整）" in text
    assert "该金额已扣除下表所列的贷项冲减（红字发票、未核销收款）" in text
    lines = text.splitlines()
    credit = lines.index("HZ-101")
    assert lines[credit : credit + 7] == [
        "HZ-101", "2026-11-10", "2026-11-10", "-3,000.00", "0.00", "-3,000.00", "贷项冲减",
    ]  # fmt: skip
    assert "我司应付贵司逾期货款人民币 7,000.00 元（人民币柒仟元整）" in text  # 回执
    assert "10,000.00" in text and "人民币壹万元整" not in text
    receipt = docx_text(out / rows["KH005"]["file"])
    assert "人民币 3,000.00 元" in receipt and "SK-701" in receipt


def test_letters_aging_and_monitor_show_the_same_overdue_amount(files, tmp_path):
    out = tmp_path / "letters"
    _letters(files, out)
    letters = {row["customer_id"]: _yuan(row["amount"]) for row in manifest(out)}
    common = ("--register", files["register"], "--as-of", AS_OF)
    aging_out, monitor_out = tmp_path / "aging.xlsx", tmp_path / "monitor.xlsx"
    assert _run("aging", files["ledger"], *common, "--out", aging_out).exit_code == 0
    assert _run("monitor", files["ledger"], *common, "--out", monitor_out).exit_code == 0
    aging, monitor = _table(aging_out), _table(monitor_out)
    assert letters == {
        "KH001": Decimal("7000.00"),
        "KH004": Decimal("50000.00"),
        "KH/01": Decimal("5000.00"),
        "KH:01": Decimal("6000.00"),
        "KH005": Decimal("3000.00"),
    }
    for customer, amount in letters.items():
        assert _yuan(aging[customer]["逾期合计"]) == amount
        assert _yuan(monitor[customer]["逾期金额"]) == amount
    assert _yuan(aging["KH002"]["逾期合计"]) == 0  # credits exceed the invoice
    assert aging["KH002"]["最长逾期天数"] == 0
    legal = openpyxl.load_workbook(out / "法律程序客户清单.xlsx").active
    assert (legal["A3"].value, legal["C3"].value) == ("KH004", 50000)


def test_no_letter_when_credits_cover_it_or_below_the_minimum_and_the_summary_says_why(
    files, tmp_path
):
    out = tmp_path / "letters"
    result = _letters(files, out)
    sent = {row["customer_id"] for row in manifest(out)}
    assert not {"KH002", "KH003"} & sent
    shown = _flat(result.stdout)
    assert "未发函2户skipped" in shown
    assert "KH002无锡乙贸易有限公司:红字发票/未核销收款冲抵后无逾期欠款" in shown
    assert "KH003常州丙机电有限公司:逾期金额¥0.01低于起催金额¥100.00" in shown
    monitor_out = tmp_path / "monitor.xlsx"
    _run(
        "monitor", files["ledger"], "--register", files["register"], "--as-of", AS_OF,
        "--out", monitor_out,
    )  # fmt: skip
    residue = _table(monitor_out)["KH003"]
    assert _yuan(residue["逾期金额"]) == Decimal("0.01") and residue["最长逾期天数"] == 45
    assert (residue["催收阶段"], residue["额度调整"]) in {(None, "维持"), ("", "维持")}


def test_a_customer_missing_from_the_register_is_reviewed_as_unregistered_and_severe(
    files, tmp_path
):
    monitor_out = tmp_path / "monitor.xlsx"
    result = _run(
        "monitor", files["ledger"], "--register", files["register"], "--as-of", AS_OF,
        "--out", monitor_out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    row = _table(monitor_out)["KH004"]
    assert (row["最长逾期天数"], row["催收阶段"]) == (400, "法律程序")
    assert (row["预警级别"], row["额度调整"], row["期限调整"]) == ("严重", "暂停", "暂停")
    assert (
        "未建档：客户信用档案中无此客户编码，按基础等级 C 的信用期限 30 天评估" in row["预警信号"]
    )
    assert "最长逾期 400 天，超过信用期限 30 天的 100%" in row["预警信号"]


def test_codes_that_clean_alike_get_a_file_each_and_force_replaces_only_their_own(files, tmp_path):
    out = tmp_path / "letters"
    _letters(files, out, "--stage", "付款提醒")
    rows = manifest(out)
    names = {row["customer_id"]: row["file"] for row in rows}
    assert names == {
        "KH/01": "KH_01-a84b1c_付款提醒函.docx",
        "KH:01": "KH_01-6beb1e_付款提醒函.docx",
    }
    for row in rows:
        assert hashlib.sha256((out / row["file"]).read_bytes()).hexdigest() == row["sha256"]
    assert "扬州戊五金有限公司" in docx_text(out / names["KH/01"])
    assert "镇江己电气有限公司" in docx_text(out / names["KH:01"])
    _letters(files, out, "--stage", "付款提醒", "--customer", "KH:01", "--force")
    assert "扬州戊五金有限公司" in docx_text(out / names["KH/01"])  # untouched
    assert sorted(p.name for p in out.glob("*.docx")) == sorted(names.values())


def test_example_settings_make_visible_drafts_and_a_warning(files, tmp_path):
    example = tmp_path / "example.toml"
    example.write_text("", encoding="utf-8")
    out = tmp_path / "draft"
    result = _letters({**files, "config": example}, out, "--customer", "KH001")
    warning = _flat(result.stderr)
    assert "样稿DRAFT" in warning and "creditbook.toml" in warning and "creditbookinit" in warning
    text = docx_text(out / manifest(out)[0]["file"])
    assert "样稿 · 不得寄出" in text and "发函单位或收款账户为示例或未填写，不得寄出" in text
    real = _letters(files, tmp_path / "real", "--customer", "KH001")
    assert "样稿" not in real.stderr
    text = docx_text(tmp_path / "real" / manifest(tmp_path / "real")[0]["file"])
    assert "样稿" not in text and "苏州恒达精工机械有限公司" in text
    assert "3225 0199 8836 0000 1234" in text


def test_notices_from_example_settings_are_drafts_too(files, tmp_path):
    example = tmp_path / "example.toml"
    example.write_text("", encoding="utf-8")
    out = tmp_path / "notices"
    result = _run(
        "notice", files["ledger"], "--register", files["register"], "--as-of", AS_OF,
        "--out", out, "--config", example,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "样稿DRAFT" in _flat(result.stderr)
    first = next(out.glob("*.docx"))
    assert "样稿 · 不得寄出" in docx_text(first)


def test_the_final_notice_cites_only_letters_the_log_shows(files, tmp_path):
    first = tmp_path / "november"
    _letters(files, first)
    rows = {row["customer_id"]: row for row in manifest(first)}
    never_written_to = docx_text(first / rows["KH004"]["file"])
    assert "最后催告函" in never_written_to
    assert "我司已于" not in never_written_to and "多次" not in never_written_to
    assert "经核对账目，贵司下列款项逾期已久，至今仍未付清。" in never_written_to
    later = tmp_path / "january"
    _letters(files, later, "--customer", "KH001", as_of=dt.date(2027, 1, 5))
    again = manifest(later)[0]
    assert again["document"] == "最后催告函"  # 96 days overdue by then
    number = rows["KH001"]["number"]
    text = docx_text(later / again["file"])
    assert f"我司已于2026年11月30日发出《催款函》（{number}），贵司至今仍未付清欠款。" in text


def test_the_letter_log_records_sent_and_void_numbers_and_exports_to_xlsx(
    files, tmp_path, monkeypatch
):
    # A 催款函 template damaged after the run checked it (e.g. replaced on a shared folder):
    # its letters fail after their numbers were reserved, and those numbers are voided.
    broken = tmp_path / "催款函.docx"
    broken.write_bytes(b"not a word file")
    shipped = letters.template_path
    monkeypatch.setattr(
        letters,
        "template_path",
        lambda kind, folder=None: broken if kind == "demand" else shipped(kind, folder),
    )
    out = tmp_path / "letters"
    result = _run(
        "letters", files["ledger"], "--register", files["register"], "--as-of", AS_OF,
        "--out", out, "--config", files["config"],
    )  # fmt: skip
    assert result.exit_code == 1  # the 催款函 failed, the rest were written
    log_xlsx = tmp_path / "发文登记簿.xlsx"
    listed = _run("letter-log", "--config", files["config"], "--out", log_xlsx)
    assert listed.exit_code == 0, listed.output
    sheet = openpyxl.load_workbook(log_xlsx).active
    rows = [row for row in sheet.iter_rows(min_row=3, values_only=True)]
    status = {row[2]: (row[4], row[8]) for row in rows}
    assert status["KH004"] == ("最后催告函", "已发")
    assert status["KH001"] == ("催款函", "作废")
    assert "生成失败" in next(row[9] for row in rows if row[2] == "KH001")
    assert [row[0] for row in rows] == [f"恒达财函〔2026〕{n:04d}号" for n in range(1, 6)]
    assert _run("letter-log", "--config", files["config"], "--void", rows[1][0]).exit_code != 0
    voided = _run(
        "letter-log",
        "--config",
        files["config"],
        "--void",
        rows[1][0],
        "--reason",
        "客户已付款，未寄出",
    )
    assert voided.exit_code == 0, voided.output
    again = _run("letter-log", "--config", files["config"], "--out", log_xlsx, "--force")
    assert again.exit_code == 0
    sheet = openpyxl.load_workbook(log_xlsx).active
    assert (sheet["I4"].value, sheet["J4"].value) == ("作废", "客户已付款，未寄出")


def test_init_with_options_writes_settings_that_make_real_letters(files, tmp_path):
    path = tmp_path / "mine.toml"
    result = _run(
        "init", "--path", path, "--name", "无锡新程自动化有限公司", "--address", "无锡市新吴区",
        "--bank", "中国银行无锡分行", "--account", "5101 0000 1111", "--prefix", "新程函",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "样稿" not in result.stderr
    out = tmp_path / "letters"
    _letters({**files, "config": path}, out, "--customer", "KH001")
    row = manifest(out)[0]
    assert row["number"] == "新程函〔2026〕0001号"
    text = docx_text(out / row["file"])
    assert "无锡新程自动化有限公司" in text and "5101 0000 1111" in text and "样稿" not in text
    unedited = _run("init", "--path", tmp_path / "unedited.toml")
    assert unedited.exit_code == 0 and "样稿DRAFT" in _flat(unedited.stderr)


INTEREST_ROWS = [
    ["KH101", "徐州辛重工有限公司", "XS-A", D(2024, 9, 1), D(2024, 10, 15), 100000, 0, None],
    ["KH101", "徐州辛重工有限公司", "XS-B", D(2024, 9, 10), D(2024, 10, 25), 100000, 0, None],
]  # fmt: skip


def _interest_letter(tmp_path: Path, settings: str) -> str:
    config = tmp_path / "creditbook.toml"
    config.write_text(settings, encoding="utf-8")
    ledger = write_ledger(tmp_path / "台账.xlsx", INTEREST_ROWS, dt.date(2024, 12, 31))
    out = tmp_path / "letters"
    result = _run(
        "letters", ledger, "--as-of", "2024-12-31", "--out", out, "--config", config, "--interest"
    )
    assert result.exit_code == 0, result.output
    assert "LPR 利率表" not in result.stderr  # dated before the table's checked_through day
    row = manifest(out)[0]
    assert row["amount"] == "200000.00"  # the interest is never added to the principal
    return docx_text(out / row["file"])


def test_interest_on_the_statutory_basis_across_an_lpr_change(tmp_path):
    # XS-A: overdue from 2024-10-16 (LPR 3.35%), 77 days: 100,000 × 5.025% × 77/365 = 1,060.07
    # XS-B: overdue from 2024-10-26 (LPR 3.10% since 10-21), 67 days: × 4.65% × 67/365 = 853.56
    text = _interest_letter(tmp_path, REAL_SETTINGS_TEXT)
    lines = text.splitlines()
    first = lines.index("XS-A", lines.index("损失金额"))
    assert lines[first : first + 6] == [
        "XS-A", "100,000.00", "2024-10-16", "77", "LPR 3.35% 加计 50% = 5.025%", "1,060.07",
    ]  # fmt: skip
    assert lines[first + 6 : first + 12] == [
        "XS-B", "100,000.00", "2024-10-26", "67", "LPR 3.10% 加计 50% = 4.65%", "853.56",
    ]  # fmt: skip
    assert "计至 2024年12月31日，合计人民币 1,913.63 元（人民币壹仟玖佰壹拾叁元陆角叁分）" in text
    assert "第十八条" in text and "加计 50% 计算" in text and "依据合同约定" not in text
    assert "贵司应付我司逾期货款人民币 200,000.00 元" in text
    assert "我司应付贵司逾期货款人民币 200,000.00 元" in text  # 回执: principal only


def test_interest_at_the_contract_daily_rate(tmp_path):
    settings = REAL_SETTINGS_TEXT + "interest_clause = true\ninterest_daily_rate = 0.0005\n"
    text = _interest_letter(tmp_path, settings)
    # 100,000 × 0.05% × 77 = 3,850.00 and × 67 = 3,350.00
    assert "合计人民币 7,200.00 元" in text
    assert "合同日利率 0.05%" in text
    assert "根据双方合同关于逾期付款违约责任的约定" in text and "第十八条" not in text


def test_interest_on_a_letter_long_after_the_lpr_table_was_checked_warns(tmp_path):
    config = tmp_path / "creditbook.toml"
    config.write_text(REAL_SETTINGS_TEXT, encoding="utf-8")
    ledger = write_ledger(tmp_path / "台账.xlsx", INTEREST_ROWS, dt.date(2026, 11, 30))
    out = tmp_path / "letters"
    args = ("letters", ledger, "--as-of", "2026-11-30", "--out", out, "--config", config)
    result = _run(*args, "--interest")
    assert result.exit_code == 0, result.output
    # the shipped table is checked through 2025-06-20: 528 days before 2026-11-30
    notice = _flat(
        "注意 notice LPR 利率表 creditbook.core:lpr_1y.csv 核对至 checked through 2025-06-20，"
        "函件日期 2026-11-30 已晚 528 天（超过 90 天），其后的 LPR 变动未计入利息 the LPR "
        "table may miss later changes: 请复制内置的 LPR 表，补上此后的变动，更新其中 "
        'checked_through 一行，再在 creditbook.toml 的 [letters] 下设 lpr_file = "lpr.csv" '
        "指向该副本 copy the shipped table, add the changes since, update its "
        "checked_through line and point lpr_file under [letters] at the copy"
    )
    assert notice in _flat(result.stderr)

    without = _run(*args, "--force")  # no interest claimed: nothing to warn about
    assert without.exit_code == 0, without.output
    assert "LPR" not in without.stderr


def test_a_daily_rate_without_a_clause_is_refused_naming_the_setting(tmp_path):
    config = tmp_path / "creditbook.toml"
    config.write_text(REAL_SETTINGS_TEXT + "interest_daily_rate = 0.0005\n", encoding="utf-8")
    ledger = write_ledger(tmp_path / "台账.xlsx", INTEREST_ROWS, dt.date(2024, 12, 31))
    result = _run("letters", ledger, "--out", tmp_path / "x", "--config", config)
    assert result.exit_code != 0
    assert "interest_daily_rate" in _flat(result.output)
    assert not (tmp_path / "x").exists()


def test_a_real_name_with_the_examples_phone_and_email_is_still_a_draft(files, tmp_path):
    config = tmp_path / "half.toml"
    config.write_text(
        '[company]\nname = "苏州恒达精工机械有限公司"\nbank_name = "中国建设银行"\n'
        'bank_account = "3225 0199"\n',
        encoding="utf-8",
    )
    out = tmp_path / "half"
    result = _letters({**files, "config": config}, out, "--customer", "KH001")
    assert "地址、电话、联系人、联系电话、邮箱仍是示例" in _flat(result.stderr)
    text = docx_text(out / manifest(out)[0]["file"])
    assert "样稿 · 不得寄出" in text


@pytest.mark.slow
def test_an_invalid_uscc_is_a_finding_in_the_report_and_the_approval(tmp_path):
    workbook = tmp_path / "评估表.xlsx"
    assert _run("workbook", "new", "evaluation", "--sample", "--out", workbook).exit_code == 0
    book = openpyxl.load_workbook(workbook)
    assert book["客户信息"]["A6"].value == "统一社会信用代码"
    book["客户信息"]["B6"] = "91330206728379295X"  # one character mistyped
    book.save(workbook)
    report, approval = tmp_path / "报告.docx", tmp_path / "审批表.docx"
    assert _run("report", workbook, "--out", report).exit_code == 0
    assert _run("approval", workbook, "--out", approval).exit_code == 0
    finding = "统一社会信用代码「91330206728379295X」校验不通过，请核实客户身份后再授信"
    assert finding in docx_text(report)
    assert finding in docx_text(approval)


def test_no_settings_file_or_the_unedited_init_file_gives_drafts(files, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # no creditbook.toml here
    result = _run(
        "letters", files["ledger"], "--register", files["register"], "--as-of", AS_OF,
        "--out", "letters", "--customer", "KH001",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "creditbook.toml（未找到notfound）" in _flat(result.stderr)
    assert "样稿 · 不得寄出" in docx_text(work / "letters" / manifest(work / "letters")[0]["file"])
    assert _run("init").exit_code == 0  # writes ./creditbook.toml, left unedited
    result = _run(
        "notice", files["ledger"], "--register", files["register"], "--as-of", AS_OF,
        "--out", "notices",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "样稿DRAFT" in _flat(result.stderr)
    assert _flat(str(work / "creditbook.toml")) in _flat(result.stderr)
    notice = next((work / "notices").glob("*.docx"))
    assert "样稿 · 不得寄出" in docx_text(notice)


def test_a_letter_replaced_with_force_is_void_and_never_cited(files, tmp_path):
    out = tmp_path / "letters"
    _letters(files, out, "--customer", "KH001")
    first = manifest(out)[0]["number"]
    _letters(files, out, "--customer", "KH001", "--force")  # a corrected run, same day
    second = manifest(out)[0]["number"]
    assert second != first
    text = docx_text(out / manifest(out)[0]["file"])
    assert "我司已于" not in text  # the replaced letter was never sent
    log = {e.number: e for e in read_log(files["config"].parent / "发文登记簿.csv")}
    assert (log[first].status, log[first].note) == ("作废", f"文件已被 {second} 覆盖，未寄出")
    assert log[second].status == "已发" and log[second].file.endswith("KH001_催款函.docx")
    later = tmp_path / "january"
    _letters(files, later, "--customer", "KH001", as_of=dt.date(2027, 1, 5))
    final = docx_text(later / manifest(later)[0]["file"])
    assert f"我司已于2026年11月30日发出《催款函》（{second}），贵司至今仍未付清欠款。" in final
    assert first not in final


def test_hostile_customer_text_is_data_in_the_summary_the_letter_and_the_log(tmp_path):
    hostile = "=cmd|' /C calc'!A0 [/bold] {{ x }} " + "长" * 10_000
    rows = [["[/red]", hostile, "XS-H", D(2026, 9, 1), D(2026, 10, 1), 5000, 0, None]]
    ledger = write_ledger(tmp_path / "台账.xlsx", rows, AS_OF)
    config = real_settings(tmp_path)
    out = tmp_path / "letters"
    result = _run("letters", ledger, "--as-of", AS_OF, "--out", out, "--config", config)
    assert result.exit_code == 0, result.output
    row = manifest(out)[0]
    assert row["customer_id"] == "[/red]" and row["amount"] == "5000.00"
    assert "=cmd|' /C calc'!A0 [/bold] {{ x }} 长长" in docx_text(out / row["file"])
    listed = _run("letter-log", "--config", config, "--out", tmp_path / "log.xlsx")
    assert listed.exit_code == 0, listed.output
    sheet = openpyxl.load_workbook(tmp_path / "log.xlsx").active
    assert sheet["C3"].value == "[/red]" and sheet["D3"].data_type == "s"
    assert sheet["D3"].value.startswith("=cmd|' /C calc'!A0 [/bold] {{ x }}")


def test_init_asks_at_a_terminal_for_what_the_options_did_not_give(tmp_path, monkeypatch):
    from creditbook.cli import documents as commands

    monkeypatch.setattr(commands, "_interactive", lambda: True)
    path = tmp_path / "creditbook.toml"
    answers = "常州新越精密有限公司\n常州市武进区\n中国农业银行常州分行\n1060 2201 0400 1234\n\n"
    result = runner.invoke(app, ["init", "--path", str(path)], input=answers)
    assert result.exit_code == 0, result.output
    settings = load_settings(path)
    assert (settings.company.name, settings.company.bank_account) == (
        "常州新越精密有限公司",
        "1060 2201 0400 1234",
    )
    assert settings.letters.number_prefix == "财函"  # left empty: not the example's 华瑞财函
    assert not settings.is_draft and "样稿" not in result.stderr


def _user_templates(tmp_path: Path, *replace: tuple[str, str]) -> Path:
    """A --templates folder whose 催款函 has each ``old`` text replaced by ``new``."""
    from docx import Document

    folder = tmp_path / "我的模板"
    folder.mkdir()
    document = Document(str(template_path("demand")))
    cells = [c for t in document.tables for row in t.rows for c in row.cells]
    for paragraph in [*document.paragraphs, *(p for c in cells for p in c.paragraphs)]:
        for run in paragraph.runs:
            for old, new in replace:
                run.text = run.text.replace(old, new)
    document.save(folder / "催款函.docx")
    return folder


def _refused(files: dict[str, Path], tmp_path: Path, templates: Path, fresh: bool = True):
    out = tmp_path / "letters"
    result = runner.invoke(
        app,
        [str(a) for a in (
            "letters", files["ledger"], "--register", files["register"], "--as-of", AS_OF,
            "--out", out, "--config", files["config"], "--templates", templates,
        )],
        env={"COLUMNS": "2000"},
    )  # fmt: skip
    settings = load_settings(files["config"])
    assert result.exit_code == 1, result.output
    assert not out.exists()  # nothing written
    if fresh:  # no number reserved, nothing logged
        assert not settings.counter_path.exists() and not settings.log_path.exists()
    return result.stderr.splitlines()


def test_letters_with_a_template_missing_number_addressee_and_amount_are_refused_first(
    files, tmp_path
):
    templates = _user_templates(
        tmp_path, ("{{ letter_no }}", ""), ("{{ customer_name }}", ""), ("{{ amount_owed", "{{ 0")
    )
    blank = "文书上会是空白 the document would show it blank"
    assert _refused(files, tmp_path, templates) == [
        f"错误 error: --templates {templates}: 模板有误，未生成任何文书、未占用编号 template "
        "errors, nothing written and no number used; 请修改后用 creditbook templates check 复查:",
        "  催款函.docx: letter_no: 缺少必需变量 missing required variable '{{ letter_no }}' "
        f"(函件编号 letter number): {blank}",
        "  催款函.docx: customer_name: 缺少必需变量 missing required variable "
        f"'{{{{ customer_name }}}}' (收函单位 addressee): {blank}",
        "  催款函.docx: amount_owed: 缺少必需变量 missing required variable '{{ amount_owed }}' "
        f"(欠款金额 amount owed): {blank}",
        "  催款函.docx: amount_owed|rmb_upper: 缺少必需变量 missing required variable "
        f"'{{{{ amount_owed|rmb_upper }}}}' (大写金额 amount in words): {blank}",
    ]


def test_letters_with_an_unknown_variable_are_refused_before_any_number_is_used(files, tmp_path):
    templates = _user_templates(tmp_path, ("{{ letter_no }}", "{{ letter_no }}{{ fax_no }}"))
    assert _refused(files, tmp_path, templates) == [
        f"错误 error: --templates {templates}: 模板有误，未生成任何文书、未占用编号 template "
        "errors, nothing written and no number used; 请修改后用 creditbook templates check 复查:",
        "  催款函.docx: fax_no: 未知变量 unknown variable 'fax_no' (not in LetterContext)",
    ]


def test_a_refused_run_leaves_an_existing_counter_and_log_as_they_were(files, tmp_path):
    _letters(files, tmp_path / "first", "--customer", "KH001")
    settings = load_settings(files["config"])
    before = (settings.counter_path.read_bytes(), settings.log_path.read_bytes())
    templates = _user_templates(tmp_path, ("{{ letter_no }}", ""))
    assert _refused(files, tmp_path, templates, fresh=False)[1].startswith(
        "  催款函.docx: letter_no: 缺少必需变量"
    )
    assert (settings.counter_path.read_bytes(), settings.log_path.read_bytes()) == before


def test_no_letter_for_a_debt_the_ledger_shows_paid_after_the_as_of_date(tmp_path):
    # Month-end letters run on 2026-12-08 as of 2026-11-30 from a ledger updated since:
    # KH001 paid XS-101 in full on 2026-12-05, KH002 paid 2,000.00 of its 5,000.00 on
    # 2026-12-03. Aging as of 11-30 still shows both overdue (that is what they owed then),
    # but KH001 is not dunned for money it has paid; KH002's letter still goes out.
    rows = [
        ["KH001", "苏州甲精密有限公司", "XS-101", D(2026, 8, 15), D(2026, 10, 1), 10000, 10000,
         D(2026, 12, 5)],
        ["KH002", "无锡乙贸易有限公司", "XS-201", D(2026, 8, 15), D(2026, 10, 1), 5000, 2000,
         D(2026, 12, 3)],
    ]  # fmt: skip
    files = {
        "ledger": write_ledger(tmp_path / "应收账款明细账.xlsx", rows, AS_OF),
        "register": write_register(tmp_path / "客户信用档案.xlsx", REGISTER[:2]),
        "config": real_settings(tmp_path),
    }
    out = tmp_path / "letters"
    result = _letters(files, out)
    assert {row["customer_id"]: row["amount"] for row in manifest(out)} == {"KH002": "5000.00"}
    shown = _flat(result.stdout)
    assert "未发函1户skipped" in shown
    said = _flat(
        "KH001 苏州甲精密有限公司: 截止日 2026-11-30 后已收款 10,000.00（收款日期至 2026-12-05），"
        "逾期欠款已付清 paid after the as-of date"
    )
    assert said in shown
    aging_out = tmp_path / "aging.xlsx"
    common = ("--register", files["register"], "--as-of", AS_OF, "--out", aging_out)
    assert _run("aging", files["ledger"], *common).exit_code == 0
    assert _yuan(_table(aging_out)["KH001"]["逾期合计"]) == Decimal("10000.00")
