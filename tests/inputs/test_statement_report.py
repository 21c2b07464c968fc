"""A running statement's reading report, per sheet, built while its rows are read: each
field ← column letter and header, rows read and skipped per reason, the 借方/贷方 totals of the
rows read, the periods found and each customer block (where the customer was named, its
rows, opening, 借方, 贷方, balance). Read from the committed corpus (exports/statements)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from exports.statement_layouts import (
    FOLDER,
    HAND_MEMO_OPEN,
    KINGDEE_RECONCILIATION,
    U8_BLOCKS_NO_PERIOD,
    U8_BLOCKS_REPEATED,
    U8_SHEETS,
)

from creditbook.inputs.books import read_books
from creditbook.inputs.options import ReadOptions
from creditbook.inputs.readers import read_ledger
from creditbook.inputs.report import CustomerBlock, ReadingReport, frame_reports

MONEY = (Decimal("0.00"), Decimal("2500.00"), Decimal("0.00"))  # opening, 借方, 贷方


def test_a_u8_sheet_of_customer_blocks_with_repeated_headers_reports_each_block():
    # Rows: 3 客户：KH201 (above the header, row 4); 5 期初余额 30,000.00 (undated: the
    # title's 期间 2026.06 dates it); 6–8 entries; 9 本年累计; 10 blank; 11 客户：[KH202];
    # 12 the header again; 13 期初 贷 2,000.00; 14–15 entries; 16 本年累计.
    # 借方 11,300 + 9,040 + 5,000 + 1,200 = 26,540.00; 贷方 35,000.00.
    # KH201: 30,000 + 20,340 − 35,000 = 15,340.00; KH202: −2,000 + 6,200 = 4,200.00.
    frame, problems = read_ledger(FOLDER / U8_BLOCKS_REPEATED.file, default_term=45)
    assert problems == []
    assert frame.attrs["report"].lines() == [
        "读取报告 reading report: u8-客户往来明细账-分块-重复表头-年中.xlsx 工作表 sheet Sheet1"
        "（往来明细账 statement form）；表头在第 4 行 header row 4",
        "列 columns: 日期 ← A 日期；凭证号 ← B 凭证号；摘要 ← C 摘要；借方 ← D 借方；"
        "贷方 ← E 贷方；方向 ← F 方向；余额 ← G 余额",
        "行 rows: 读取 read 7 行；跳过 skipped: 空行 1 行，合计/小计行 2 行，"
        "客户/标题/重复表头行 title lines 2 行",
        "合计 totals: D 借方 26,540.00；E 贷方 35,000.00",
        "期间 period: 2026-06-01 起 from（标题 title）",
        "客户 customers: 2 个",
        "  KH201 常州新科电子有限公司（标题 title 第 3 行）第 5–8 行: 期初 opening 30,000.00；"
        "借方 debit 20,340.00；贷方 credit 35,000.00；余额 balance 15,340.00",
        "  KH202 南通远航物流有限公司（客户行 block line 第 11 行）第 13–15 行: "
        "期初 opening -2,000.00；借方 debit 6,200.00；贷方 credit 0.00；余额 balance 4,200.00",
    ]


def test_a_kingdee_statement_with_a_customer_column_reports_its_subtotalled_customers():
    # 往来对账明细表: 会计期间 2026年6期起; rows 4 and 9 undated 期初余额 (15,000.00 and
    # 0.00), entries 5–7 and 10, 小计 rows 8 and 11, 合计 row 12.
    # 本期应收 8,475 + 4,237.50 + 20,000 = 32,712.50; 本期收款 15,000.00.
    frame, problems = read_ledger(FOLDER / KINGDEE_RECONCILIATION.file, default_term=30)
    assert problems == []
    assert frame.attrs["report"].lines() == [
        "读取报告 reading report: 金蝶云星空-往来对账明细表.xlsx 工作表 sheet 往来对账明细表"
        "（往来明细账 statement form）；表头在第 3 行 header row 3",
        "列 columns: 客户编码 ← A 往来单位编码；客户名称 ← B 往来单位名称；日期 ← C 业务日期；"
        "凭证号 ← D 单据编号；摘要 ← E 摘要；借方 ← F 本期应收；贷方 ← G 本期收款；"
        "余额 ← H 期末余额",
        "行 rows: 读取 read 6 行；跳过 skipped: 合计/小计行 3 行",
        "合计 totals: F 本期应收 32,712.50；G 本期收款 15,000.00",
        "期间 period: 2026-06-01 起 from（标题 title）",
        "客户 customers: 2 个",
        "  C0501 上海博远科技有限公司（客户列 customer column）第 4–7 行: "
        "期初 opening 15,000.00；借方 debit 12,712.50；贷方 credit 15,000.00；"
        "余额 balance 12,712.50",
        "  C0502 杭州万象商贸有限公司（客户列 customer column）第 9–10 行: "
        "期初 opening 0.00；借方 debit 20,000.00；贷方 credit 0.00；余额 balance 20,000.00",
    ]


def test_a_period_given_on_the_command_line_is_the_reports_period():
    frame, problems = read_ledger(
        FOLDER / U8_BLOCKS_NO_PERIOD.file, default_term=30, period_start=dt.date(2026, 1, 1)
    )
    assert problems == []
    assert frame.attrs["report"].statement_lines()[:2] == [
        "期间 period: 2026-01-01 起 from（--period-start）",
        "客户 customers: 2 个",
    ]


def test_a_hand_statement_whose_title_states_no_period_says_so():
    # 客户：KH801 above the header; 20,000.00, 收款 5,000.00, 红字 −3,000.00 in 借方:
    # 借方 20,000 − 3,000 = 17,000.00, the balance 12,000.00 as the sheet's 余额 shows.
    frame, problems = read_ledger(FOLDER / HAND_MEMO_OPEN.file, default_term=30)
    assert problems == []
    assert frame.attrs["report"].lines() == [
        "读取报告 reading report: 手工-对账单-红字冲减.xlsx 工作表 sheet 华北重工"
        "（往来明细账 statement form）；表头在第 3 行 header row 3",
        "列 columns: 日期 ← A 日期；凭证号 ← B 单号；摘要 ← C 摘要；借方 ← D 借方；"
        "贷方 ← E 贷方；余额 ← F 余额",
        "行 rows: 读取 read 3 行",
        "合计 totals: D 借方 17,000.00；E 贷方 5,000.00",
        "期间 period: 标题未注明 not stated in the title",
        "客户 customers: 1 个",
        "  KH801 华北重工机械有限公司（标题 title 第 2 行）第 4–6 行: 期初 opening 0.00；"
        "借方 debit 17,000.00；贷方 credit 5,000.00；余额 balance 12,000.00",
    ]


def test_a_block_of_one_row_names_that_row_and_other_forms_have_no_statement_lines():
    block = CustomerBlock("南京天和建材有限公司", "客户列 customer column", 9, 9, *MONEY)
    assert block.line() == (
        "  南京天和建材有限公司（客户列 customer column）第 9 行: 期初 opening 0.00；"
        "借方 debit 2,500.00；贷方 credit 0.00；余额 balance 2,500.00"
    )
    report = ReadingReport("台账.xlsx", "应收明细", "statement", blocks=(block,))
    assert report.statement_lines()[0] == "期间 period: 标题未注明 not stated in the title"
    assert replace(report, form="invoice").statement_lines() == []
    assert replace(report, blocks=()).statement_lines() == []  # no block read: nothing said


def test_one_report_per_sheet_reaches_the_books():
    # One customer per sheet: each sheet's report names its own customer and figures.
    options = ReadOptions(term_days=30)
    books = read_books(FOLDER / U8_SHEETS.file, options=options)
    assert [r.head_line() for r in books.reports] == [
        "读取报告 reading report: u8-客户往来明细账-每户一表.xlsx 工作表 sheet KH301"
        "（往来明细账 statement form）；表头在第 3 行 header row 3",
        "读取报告 reading report: u8-客户往来明细账-每户一表.xlsx 工作表 sheet KH302"
        "（往来明细账 statement form）；表头在第 4 行 header row 4",
    ]
    assert [r.statement_lines()[2] for r in books.reports] == [
        "  KH301 杭州顺丰五金制品有限公司（标题 title 第 2 行）第 4–7 行: 期初 opening 4,500.00；"
        "借方 debit 10,060.40；贷方 credit 4,500.00；余额 balance 10,060.40",
        "  KH302 宁波海联进出口有限公司（标题 title 第 2 行）第 5–8 行: 期初 opening 0.00；"
        "借方 debit 53,333.33；贷方 credit 50,000.00；余额 balance 3,333.33",
    ]
    assert frame_reports(books.ledger) == books.reports
    assert "行 rows: 读取 read 4 行" in books.report_text()
