"""Each way a ledger is refused, through the CLI, with the message the user sees."""

from __future__ import annotations

import openpyxl
from erp_exports import AS_OF, D, aging_rows, kingdee, runner, save

from creditbook.cli import app
from creditbook.protect import encrypt_office_file

HEADER = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"]
ROW = ["C1", "上海甲商贸有限公司", "N1", D(2026, 9, 1), D(2026, 10, 31), 1000, 0]


def refused(*args, env=None):
    result = runner.invoke(
        app, ["aging", *args, "--as-of", AS_OF], env={"COLUMNS": "400", **(env or {})}
    )
    assert result.exit_code == 1, result.output
    return result.output


def test_a_receipts_column_that_maps_to_nothing_is_refused_with_its_fix(tmp_path):
    path = save(tmp_path / "l.xlsx", {"台账": [[*HEADER[:6], "本次核销额"], ROW]})
    output = refused(str(path))
    assert (
        "l.xlsx 台账!G1 本次核销额: looks like 已收金额 but is not a ledger column creditbook "
        'knows（未识别的列，不会被静默忽略）; map it: --columns "本次核销额=已收金额" (or '
        '"本次核销额=-" to keep it as an unchecked extra column)' in output
    )
    assert "未写出任何文件 nothing was written." in output


def test_received_and_open_columns_that_disagree_name_the_row(tmp_path):
    path = save(
        tmp_path / "l.xlsx",
        {"台账": [[*HEADER, "未收金额"], [*ROW, 900], [*ROW[:2], "N2", *ROW[3:5], 500, 100, 400]]},
    )
    output = refused(str(path))
    assert (
        "l.xlsx 台账!H2 未收金额: 900.00 ≠ 金额 1,000.00 − 已收 0.00（未收金额与已收金额不符）"
        in (output)
    )
    assert "H3" not in output


def test_one_invoice_number_with_one_due_date_twice_is_a_duplicate(tmp_path):
    path = save(tmp_path / "l.xlsx", {"台账": [HEADER, ROW, ROW]})
    assert 'l.xlsx 台账!C3 单据号: "N1" duplicates row 2（同一客户的单据号+到期日重复）' in refused(
        str(path)
    )


def test_a_row_that_is_neither_data_nor_a_known_total_is_still_an_error(tmp_path):
    path = save(tmp_path / "l.xlsx", {"台账": [HEADER, ROW, ["注：以上金额含税"]]})
    output = refused(str(path))
    assert "l.xlsx 台账!C3 单据号: is blank（缺少必填值）" in output


def test_several_ledger_sheets_need_sheet_and_the_sheet_read_is_printed(tmp_path):
    path = save(
        tmp_path / "l.xlsx",
        {"2025年": [HEADER, [*ROW[:5], 7000, 7000]], "2026年": [HEADER, ROW]},
    )
    assert (
        "有多个工作表像台账 several sheets look like a ledger: 2025年、2026年; choose one with "
        "--sheet NAME（或序号）" in refused(str(path))
    )
    result, rows = aging_rows(tmp_path, str(path), "--sheet", "2")
    assert rows["C1"]["合计"] == "1000.00"
    assert "读取 read: l.xlsx 工作表 sheet 2026年（单据明细 invoice form）" in result.output
    assert "sheets: 2025年, 2026年" in refused(str(path), "--sheet", "2027年")


def test_encrypted_ledger_opens_with_its_password_in_memory(tmp_path):
    path = kingdee(tmp_path / "应收款明细表.xlsx")
    encrypt_office_file(path, "华瑞2026")
    assert "应收款明细表.xlsx: 文件已加密 the file is encrypted; give its password with " in (
        refused(str(path))
    )
    assert "应收款明细表.xlsx: 密码不正确 wrong password" in refused(str(path), "--password", "x")
    _, rows = aging_rows(tmp_path, str(path), "--password", "华瑞2026")
    assert rows["K001"]["合计"] == "17300.50"
    (tmp_path / "aging.csv").unlink()
    _, rows = aging_rows(tmp_path, str(path), env={"CREDITBOOK_PASSWORD": "华瑞2026"})
    assert rows["K003"]["合计"] == "10000.00"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "aging.csv",
        "aging_读取报告.txt",
        "应收款明细表.xlsx",
    ]


def test_columns_option_must_name_a_known_column(tmp_path):
    path = save(tmp_path / "l.xlsx", {"台账": [HEADER, ROW]})
    assert (
        '--columns "往来单位=客户全名": 客户全名 is not a column creditbook knows（未知的列名）; '
        "use one of: 客户编码、客户名称、单据号、单据日期、到期日、金额、已收金额、未收金额、"
        "收款日期、币种、借方、贷方、余额、方向, or - to keep the column unchecked"
    ) in refused(str(path), "--columns", "往来单位=客户全名")
    assert '--columns: "往来单位" is not YOUR_HEADER=CANONICAL' in refused(
        str(path), "--columns", "往来单位"
    )


def test_settings_columns_are_checked_too(tmp_path, monkeypatch):
    path = save(tmp_path / "l.xlsx", {"台账": [HEADER, ROW]})
    monkeypatch.chdir(tmp_path)
    (tmp_path / "creditbook.toml").write_text('[ledger.columns]\n"A" = "B"\n', encoding="utf-8")
    assert '--columns "A=B": B is not a column creditbook knows' in refused(str(path))


def test_hostile_text_in_a_ledger_is_printed_as_data(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "{{ x }}"
    sheet.append(HEADER)
    sheet.append(["=cmd|' /C calc'!A0", "[/bold]", "N1", "someday", D(2026, 10, 31), 1, 0])
    book.save(tmp_path / "l.xlsx")
    output = refused(str(tmp_path / "l.xlsx"))
    assert 'l.xlsx {{ x }}!D2 单据日期: "someday" is not a date（不是有效日期）' in output


def test_an_open_balance_column_alone_must_be_filled_in(tmp_path):
    """未收金额 without 已收金额: a blank balance is not read as "owes nothing"."""
    header = [*HEADER[:6], "未收金额"]
    path = save(tmp_path / "l.xlsx", {"台账": [header, [*ROW[:6], None]]})
    assert "l.xlsx 台账!G2 未收金额: is blank（缺少必填值）" in refused(str(path))


def test_a_blank_open_balance_beside_receipts_is_not_checked(tmp_path):
    """A 未收金额 formula Excel never calculated (blank) beside 已收金额: the receipts count."""
    path = save(tmp_path / "l.xlsx", {"台账": [[*HEADER, "未收金额"], [*ROW[:6], 300, None]]})
    result = runner.invoke(app, ["aging", str(path), "--as-of", AS_OF], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "700.00" in result.output
