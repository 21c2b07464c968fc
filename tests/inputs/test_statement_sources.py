"""Running statements from every kind of source: a GBK CSV with or without a customer, a
DataFrame with codes only, a workbook with an invoice list among its statements, headers
mapped with --columns, an unknown receipts column, a customer without a term."""

from __future__ import annotations

import pandas as pd
from erp_exports import save
from statement_sheets import KINGDEE_HEADER, D, lines, names, read

from creditbook.inputs.notes import notes_of
from creditbook.inputs.problems import ProblemKind, ReadProblem
from creditbook.inputs.readers import read_ledger

NO_CUSTOMER = "no customer: add a 客户 column or a title row 客户：名称（找不到客户）"


def gbk_csv(path, rows):
    text = "\r\n".join(",".join("" if c is None else str(c) for c in row) for row in rows)
    path.write_bytes((text + "\r\n").encode("gbk"))
    return path


def test_a_gbk_csv_statement_with_a_customer_name_column(tmp_path):
    """用友 exported to CSV (GBK): 往来单位 names the customer, there is no code."""
    path = gbk_csv(
        tmp_path / "往来明细.csv",
        [
            ["往来单位", "业务日期", "单据号", "摘要", "借方本币", "贷方本币", "余额本币"],
            [
                "上海甲商贸有限公司",
                "2026-09-10",
                "0000012",
                "销售专用发票",
                "23400.00",
                "",
                "23400.00",
            ],
            ["上海甲商贸有限公司", "2026-10-10", "0000019", "收款", "", "3400.00", "20000.00"],
        ],
    )
    frame, problems = read_ledger(path, default_term=30)
    assert problems == []
    assert lines(frame) == [
        ("上海甲商贸有限公司", "0000012", "2026-09-10", "2026-10-10", 2340000, 340000, "2026-10-10")
    ]
    assert str(notes_of(frame)[0]) == "读取 read: 往来明细.csv（往来明细账 statement form）"


def test_a_gbk_csv_statement_of_one_customer_without_a_title_row_is_refused(tmp_path):
    """A customer's 对账单 saved as CSV: its title row 客户：… was lost, so was the customer."""
    path = gbk_csv(
        tmp_path / "对账单.csv",
        [
            ["日期", "凭证号", "摘要", "借方", "贷方", "余额"],
            ["2026-09-10", "记-3", "销售发货", "5000.00", "", "5000.00"],
        ],
    )
    problems = read_ledger(path, default_term=30)[1]
    assert problems == [
        ReadProblem("对账单.csv", None, None, None, None, NO_CUSTOMER, ProblemKind.MISSING_COLUMN)
    ]
    assert str(problems[0]) == f"对账单.csv: {NO_CUSTOMER}"


def test_a_dataframe_statement_with_customer_codes_only():
    """Pasted from Excel (xlwings): 客户编码 and no name; the code is shown as the name."""
    frame = pd.DataFrame(
        {
            "客户编码": ["K001", "K001"],
            "日期": ["2026-09-01", "2026-10-15"],
            "凭证号": ["记-5", "记-9"],
            "借方": [8000, None],
            "贷方": [None, 3000],
        }
    )
    ledger, problems = read_ledger(frame, default_term=45)
    assert problems == []
    assert lines(ledger) == [
        ("K001", "记-5", "2026-09-01", "2026-10-16", 800000, 300000, "2026-10-15")
    ]
    assert names(ledger) == {"K001": "K001"}


def test_every_sheet_of_a_workbook_is_read_past_one_that_is_not_a_statement(tmp_path):
    """明细账.xlsx: 华东贸易 and 江南机电 statements around an invoice list (no 借方/贷方)."""
    east = [["客户：华东贸易有限公司"], KINGDEE_HEADER]
    east += [[D(2026, 9, 1), "记-1", "销售发货", 5000, None, "借", 5000]]
    south = [["客户：江南机电有限公司"], KINGDEE_HEADER]
    south += [[D(2026, 10, 1), "记-2", "销售发货", 7000, None, "借", 7000]]
    invoices = [["客户名称", "业务日期", "单据号", "到期日", "金额"]]
    invoices += [["华东贸易有限公司", D(2026, 9, 1), "AR-1", D(2026, 10, 1), 5000]]
    path = save(tmp_path / "明细账.xlsx", {"华东贸易": east, "单据": invoices, "江南机电": south})
    frame, problems = read_ledger(path, default_term=30)
    assert [str(p) for p in problems] == [
        "明细账.xlsx 单据!1:1: missing column 借方 (debit)（缺少列）; "
        "accepted headers（可用表头）: "
        "借方、debit、借方金额、本期应收、借方发生额、借方本币、应收金额、发货金额; "
        'or map your own: --columns "你的表头=借方"',
        "明细账.xlsx 单据!1:1: missing column 贷方 (credit)（缺少列）; "
        "accepted headers（可用表头）: "
        "贷方、credit、贷方金额、本期收款、贷方发生额、贷方本币、收款金额、回款金额; "
        'or map your own: --columns "你的表头=贷方"',
    ]
    assert [line[:2] for line in lines(frame)] == [
        ("华东贸易有限公司", "记-1"),
        ("江南机电有限公司", "记-2"),
    ]


def test_statement_headers_mapped_with_columns_are_found_and_detected():
    rows = [
        ["客户：华东贸易有限公司"],
        ["发生日", "凭证字号", "摘要", "借方", "贷方", "余额"],
        ["2026-09-01", "记-1", "销售发货", 5000, None, 5000],
    ]
    frame, problems = read(rows, sheet="华东贸易", columns={"发生日": "日期"}, default_term=30)
    assert problems == []
    assert lines(frame) == [
        ("华东贸易有限公司", "记-1", "2026-09-01", "2026-10-01", 500000, 0, None)
    ]


def test_an_unknown_receipts_column_in_a_statement_is_refused_with_its_fix():
    rows = [
        ["客户：华东贸易有限公司"],
        [*KINGDEE_HEADER, "核销金额"],
        [D(2026, 9, 1), "记-1", "销售发货", 5000, None, "借", 5000, 2000],
    ]
    assert [str(p) for p in read(rows, sheet="华东贸易", default_term=30)[1]] == [
        "往来明细账.xlsx 华东贸易!H2 核销金额: looks like 已收金额 but is not a statement column "
        "creditbook knows（未识别的列，不会被静默忽略）; map it: --columns "
        '"核销金额=已收金额" (or "核销金额=-" to keep it as an unchecked extra column)'
    ]


def test_a_customer_without_a_term_is_refused_naming_its_sheet():
    """A sheet named after its customer, APEX, with no register entry and no --term."""
    rows = [KINGDEE_HEADER, [D(2026, 9, 1), "记-1", "销售发货", 5000, None, "借", 5000]]
    message = (
        "APEX: 没有信用期限 no credit term to compute 到期日: fill 信用期限 in the credit "
        "register (--register), or give --term DAYS"
    )
    frame, problems = read(rows, sheet="APEX", file="明细账.xlsx")
    assert problems == [
        ReadProblem("明细账.xlsx", "APEX", None, None, None, message, ProblemKind.MISSING_COLUMN)
    ]
    assert str(problems[0]) == f"明细账.xlsx APEX: {message}"
    assert len(frame) == 0


def test_no_name_key_note_for_a_workbook_whose_sheets_have_a_code_column(tmp_path):
    """2025 and 2026 sheets of a 用友 export, both with 客户编码; one customer's code is blank
    in 2026 (keyed by name), which the note \"no 客户编码 column\" would misdescribe."""
    header = ["客户编码", "客户名称", "日期", "凭证号", "摘要", "借方", "贷方"]
    old = [header, ["Y01", "无锡戊科技有限公司", D(2025, 12, 1), "0091", "销售发货", 1000, None]]
    new = [header, [None, "常州己机械有限公司", D(2026, 1, 5), "0003", "销售发货", 2000, None]]
    path = save(tmp_path / "往来明细账.xlsx", {"2025年": old, "2026年": new})
    frame, problems = read_ledger(path, default_term=30)
    assert problems == []
    assert [line[:2] for line in lines(frame)] == [("Y01", "0091"), ("常州己机械有限公司", "0003")]
    assert [str(n) for n in notes_of(frame)] == [
        "读取 read: 往来明细账.xlsx 工作表 sheet 2025年（往来明细账 statement form）",
        "读取 read: 往来明细账.xlsx 工作表 sheet 2026年（往来明细账 statement form）",
        "无锡戊科技有限公司: 信用期限 30 天 term from --term",
        "常州己机械有限公司: 信用期限 30 天 term from --term",
    ]


def test_headers_padded_with_full_width_spaces_are_found():
    """A hand-kept sheet whose headers are aligned with full-width spaces (日　期, 借　方)."""
    rows = [
        ["客户：华东贸易有限公司"],
        ["日　期", "凭证号", "摘　要", "借　方", "贷　方", "余　额"],
        ["2026-09-01", "记-1", "销售发货", 5000, None, 5000],
    ]
    frame, problems = read(rows, sheet="华东贸易", default_term=30)
    assert problems == []
    assert lines(frame) == [
        ("华东贸易有限公司", "记-1", "2026-09-01", "2026-10-01", 500000, 0, None)
    ]


def test_the_problems_of_a_workbook_are_listed_sheet_by_sheet(tmp_path):
    """华东贸易 goes wrong at its 9th row, 江南机电 at its 3rd: 华东贸易's problem first, the
    sheets in their name order, each sheet's rows in order."""
    east = [["客户：华东贸易有限公司"], KINGDEE_HEADER]
    east += [[D(2026, 9, d), f"记-{d}", "销售发货", 100, None, "借", 100 * d] for d in range(1, 7)]
    east += [[D(2026, 9, 7), "记-7", "销售发货", "1OO", None, None, None]]
    south = [["客户：江南机电有限公司"], KINGDEE_HEADER]
    south += [[D(2026, 10, 1), "记-2", "销售发货", "7,OOO", None, None, None]]
    path = save(tmp_path / "明细账.xlsx", {"江南机电": south, "华东贸易": east})
    assert [str(p) for p in read_ledger(path, default_term=30)[1]] == [
        '明细账.xlsx 华东贸易!D9 借方: "1OO" is not an amount（不是有效金额）',
        '明细账.xlsx 江南机电!D3 借方: "7,OOO" is not an amount（不是有效金额）',
    ]
