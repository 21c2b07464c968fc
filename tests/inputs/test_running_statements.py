"""Running statements (往来明细账) aged first-in-first-out, through the CLI, to the fen.

华东贸易 (term 30 from the register): 期初 5,000 (01-01), 销售 20,000 (07-10) and 30,000
(08-20), 收款 32,000 (09-05) settles 5,000 + 20,000 + 7,000; the 红字 −2,000 return (10-18)
settles 2,000 more of 08-20; 销售 8,000 (11-10). Open: 21,000 of 08-20 due 09-19 (72 days
overdue on 11-30) and 8,000 due 12-10. 江南机电 (grade B, term 45 from the policy): 贷方
opening 3,000 + 10,000 received, 12,500 invoiced → 500 预收, nothing aged.
"""

from __future__ import annotations

import sys
from pathlib import Path

from erp_exports import (
    AS_OF,
    STATEMENT_HEADER,
    aging_rows,
    figures,
    register,
    runner,
    save,
    statement_per_sheet,
    statement_with_customers,
)

from creditbook.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))
from docx_text import docx_text

REGISTER_ROWS = [
    ["K001", "华东贸易有限公司", "", "A", 100000, 30],
    ["K009", "江南机电有限公司", "", "B", 50000, None],
]


def test_one_customer_per_sheet_with_opening_balance_credit_memo_and_prepayment(tmp_path):
    ledger = statement_per_sheet(tmp_path / "明细账.xlsx")
    entries = register(tmp_path / "档案.xlsx", REGISTER_ROWS)
    result, rows = aging_rows(tmp_path, str(ledger), "--register", str(entries))
    assert list(rows) == ["K001"]  # the register's code for the customer named in the title
    assert figures(rows["K001"]) == (
        {"未到期": "8000.00", "61-90天": "21000.00"},
        "29000.00",
        "21000.00",
        "72",
    )
    assert "-" not in "".join(rows["K001"][b] for b in ("未到期", "61-90天", "合计"))
    output = result.output
    assert "读取 read: 明细账.xlsx 工作表 sheet 华东贸易（往来明细账 statement form）" in output
    assert "读取 read: 明细账.xlsx 工作表 sheet 江南机电（往来明细账 statement form）" in output
    assert "华东贸易有限公司: 信用期限 30 天 term from 客户信用档案 信用期限 register" in output
    assert "江南机电有限公司: 信用期限 45 天 term from 信用政策 B 级 policy grade" in output
    assert (
        "江南机电有限公司: 预收 prepayment 500.00（未核销贷方 2026-01-01 起，不计入账龄 not aged）"
        in output
    )
    # the 期初余额 line gave the opening balance: read, not skipped
    assert "skipped rows in 明细账.xlsx 华东贸易: 合计/小计行 6 行\n" in output
    assert "the name is the key" not in output


def test_without_a_register_the_sheet_customer_name_is_the_key(tmp_path):
    ledger = statement_per_sheet(tmp_path / "明细账.xlsx")
    result, rows = aging_rows(tmp_path, str(ledger), "--term", "30")
    assert list(rows) == ["华东贸易有限公司"]
    assert rows["华东贸易有限公司"]["61-90天"] == "21000.00"
    assert result.output.count("以客户名称作为客户编码 the name is the key") == 1


def test_customer_column_statement_with_term_option(tmp_path):
    """Y01: 期初 1,000 + 4,000, 收款 6,000 (1,000 预收), then 2,500 of which the 1,000 settles
    1,000 → 1,500 due 12-30. Y02: 9,999.99 − 3,333.33 = 6,666.66 due 08-15, 107 days."""
    ledger = statement_with_customers(tmp_path / "往来明细账.xlsx")
    result, rows = aging_rows(tmp_path, str(ledger), "--term", "45")
    assert figures(rows["Y01"]) == ({"未到期": "1500.00"}, "1500.00", "0.00", "0")
    assert figures(rows["Y02"]) == ({"91-180天": "6666.66"}, "6666.66", "6666.66", "107")
    assert "无锡戊科技有限公司: 信用期限 45 天 term from --term" in result.output
    assert "skipped rows in 往来明细账.xlsx 往来明细账: 合计/小计行 3 行\n" in result.output


def test_forcing_the_invoice_form_on_a_statement_names_the_missing_columns(tmp_path):
    ledger = statement_with_customers(tmp_path / "往来明细账.xlsx")
    result = runner.invoke(
        app, ["aging", str(ledger), "--as-of", AS_OF, "--form", "invoice"], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 1
    assert "往来明细账.xlsx 往来明细账!3:3: missing column 到期日 (due_date)（缺少列）" in (
        result.output
    )


def refused(*args):
    result = runner.invoke(app, ["aging", *args, "--as-of", AS_OF], env={"COLUMNS": "400"})
    assert result.exit_code == 1, result.output
    assert "未写出任何文件 nothing was written." in result.output
    return result.output


def test_a_statement_whose_balance_does_not_reconcile_is_refused_at_its_row(tmp_path):
    ledger = statement_per_sheet(tmp_path / "明细账.xlsx", bad_balance=True)
    assert (
        "明细账.xlsx 华东贸易!G10 余额: 24,000.00 ≠ 逐行计算的余额 23,000.00（对账不平："
        "期初余额 + 借方 − 贷方 does not reconcile; first mismatch for 华东贸易有限公司）"
    ) in refused(str(ledger), "--term", "30")


def test_a_total_row_that_does_not_add_up_is_refused(tmp_path):
    ledger = statement_with_customers(tmp_path / "往来明细账.xlsx", bad_total=True)
    output = refused(str(ledger), "--term", "30")
    assert (
        "往来明细账.xlsx 往来明细账!F12 借方发生额: 合计 16,599.99 ≠ 上方各行合计 16,499.99"
        "（合计行与明细不符 the total does not add up）"
    ) in output
    assert "1 个问题 problem(s)" in output


def test_a_statement_customer_without_a_term_is_refused(tmp_path):
    ledger = statement_with_customers(tmp_path / "往来明细账.xlsx")
    assert (
        "往来明细账.xlsx 往来明细账: 常州己机械有限公司: 没有信用期限 no credit term to compute "
        "到期日: fill 信用期限 in the credit register (--register), or give --term DAYS"
    ) in refused(str(ledger))


def test_an_undated_opening_debit_is_refused_at_its_row_and_period_start_dates_it(tmp_path):
    # Nothing dates the 期初余额: no 日期 on its row and no 期间 in the title. The date of
    # the next row would age a balance brought forward from the year before as current.
    rows = [
        ["应收账款明细账"],
        ["客户：华东贸易有限公司"],
        STATEMENT_HEADER,
        [None, None, "期初余额", None, None, "借", 5000],
        [None, None, "本年累计", 0, 0, "借", 5000],
    ]
    ledger = save(tmp_path / "明细账.xlsx", {"华东贸易": rows})
    output = refused(str(ledger), "--term", "30")
    assert (
        "明细账.xlsx 华东贸易!A4 日期: 期初余额 5,000.00 没有日期，无法计算账龄 the opening "
        "balance has no date and the title states no period（标题没有期间）: 请填写该行日期 "
        "fill its 日期, or give the period's first day: --period-start YYYY-MM-DD"
    ) in output
    assert "1 个问题 problem(s)" in output
    # the fix the message gives works: the balance is aged from that day (as of 2026-11-30,
    # due 2026-01-31 + … : 303 days overdue → over 180 days)
    result = runner.invoke(
        app,
        ["aging", str(ledger), "--as-of", AS_OF, "--term", "30", "--period-start", "2026-01-01"],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 0, result.output
    assert (
        "华东贸易有限公司: 期初余额 5,000.00 没有日期，按期间开始日 2026-01-01 计账龄 undated "
        "opening balance aged from the period start（--period-start）"
    ) in result.output


def test_letters_from_a_statement_list_the_open_debits_after_fifo(tmp_path):
    ledger = statement_per_sheet(tmp_path / "明细账.xlsx")
    entries = register(tmp_path / "档案.xlsx", REGISTER_ROWS)
    config = tmp_path / "creditbook.toml"
    config.write_text("", encoding="utf-8")
    out = tmp_path / "letters"
    result = runner.invoke(
        app,
        ["letters", str(ledger), "--register", str(entries), "--as-of", AS_OF,
         "--out", str(out), "--config", str(config)],
        env={"COLUMNS": "300"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    letters = sorted(out.glob("K001_*.docx"))
    assert len(letters) == 1
    text = docx_text(letters[0])
    assert "记-33" in text and "21,000.00" in text
    assert "记-15" not in text and "期初余额" not in text  # settled by FIFO
    # the 红字 return is its own line, not folded into 已收: 记-33 shows the 7,000.00
    # received, the memo −2,000.00 (贷项冲减) follows, and the table adds up to the aging's
    # 21,000.00 overdue
    lines = text.split("\n")
    at = lines.index("记-33")
    assert lines[at : at + 7] == [
        "记-33", "2026-08-20", "2026-09-19", "30,000.00", "7,000.00", "23,000.00", "72"
    ]  # fmt: skip
    assert lines[at + 7 : at + 14] == [
        "记-52", "2026-10-18", "2026-09-19", "-2,000.00", "0.00", "-2,000.00", "贷项冲减"
    ]  # fmt: skip
    assert lines[at + 14] == "合计" and "21,000.00" in lines[at + 15 : at + 20]
