"""A ledger's rows as finance staff keep them, and each problem as the user reads it: received
and open-balance columns that disagree, a credit note paid in full, a 用友 list keyed by name,
a header the reader does not know, amounts in 万元."""

from __future__ import annotations

from erp_exports import D, save

from creditbook.inputs.notes import info, notes_of
from creditbook.inputs.problems import ProblemKind
from creditbook.inputs.readers import read_ledger

TITLE = [["2026年应收账款台账"], ["单位：元"]]


def problems_of(path):
    _frame, problems = read_ledger(path)
    return [(str(p), p.kind) for p in problems]


def test_received_and_open_balance_columns_are_checked_against_each_other(tmp_path):
    header = [
        "客户编码",
        "客户名称",
        "单据号",
        "单据日期",
        "到期日",
        "金额",
        "已收金额",
        "未收金额",
    ]
    path = save(
        tmp_path / "台账.xlsx",
        {
            "台账": [
                *TITLE,
                header,
                ["KH01", "苏州恒通", "XS-1", D(2026, 10, 1), D(2026, 10, 31), 1000, 100, 800],
                # nothing received yet: 已收 left blank, 未收 the whole amount
                ["KH01", "苏州恒通", "XS-2", D(2026, 10, 2), D(2026, 11, 1), 2000, None, 2000],
                ["KH02", "无锡戊", "XS-3", None, D(2026, 11, 1), 500, 0, 500],
                ["KH02", "无锡戊", "XS-4", D(2026, 10, 5), D(2026, 11, 4), "五百", 0, 0],
                ["KH02", "无锡戊", "XS-4", D(2026, 10, 5), D(2026, 11, 4), 300, 0, 300],
            ]
        },
    )
    frame, _ = read_ledger(path)
    assert frame["paid_amount"].tolist() == [10000, 0, 0, 0, 0]
    assert problems_of(path) == [
        (
            "台账.xlsx 台账!H4 未收金额: 800.00 ≠ 金额 1,000.00 − 已收 100.00"
            "（未收金额与已收金额不符）",
            ProblemKind.CONSISTENCY,
        ),
        ("台账.xlsx 台账!D6 单据日期: is blank（缺少必填值）", ProblemKind.BLANK),
        ('台账.xlsx 台账!F7 金额: "五百" is not an amount（不是有效金额）', ProblemKind.VALUE),
        (
            '台账.xlsx 台账!C8 单据号: "XS-4" duplicates row 7（同一客户的单据号+到期日重复）',
            ProblemKind.DUPLICATE,
        ),
    ]


def test_an_open_balance_below_zero_is_more_received_than_invoiced(tmp_path):
    header = ["客户编码", "单据号", "单据日期", "到期日", "金额", "未收金额"]
    path = save(
        tmp_path / "台账.xlsx",
        {
            "台账": [
                header,
                ["KH01", "XS-1", D(2026, 10, 1), D(2026, 10, 31), 1000, -200],
                ["KH01", "HC-1", D(2026, 10, 1), D(2026, 10, 31), 0, -5],  # 0 invoiced, 5 paid
                ["KH01", "XS-9", D(2026, 10, 1), D(2026, 10, 31), 700, None],
            ]
        },
    )
    assert problems_of(path) == [
        (
            "台账.xlsx 台账!F2 未收金额: paid 1,200.00 is more than the amount 1,000.00"
            "（已收金额超过单据金额）",
            ProblemKind.CONSISTENCY,
        ),
        (
            "台账.xlsx 台账!F3 未收金额: paid 5.00 is more than the amount 0.00"
            "（已收金额超过单据金额）",
            ProblemKind.CONSISTENCY,
        ),
        ("台账.xlsx 台账!F4 未收金额: is blank（缺少必填值）", ProblemKind.BLANK),
    ]


def test_a_ledger_keyed_by_name_reports_a_blank_name_and_says_the_name_is_the_key(tmp_path):
    header = ["往来单位", "业务日期", "单据号", "到期日期", "本币金额", "已收本币"]
    path = save(
        tmp_path / "y.xlsx",
        {
            "应收明细表": [
                ["应收明细表"],
                header,
                ["上海甲商贸有限公司", "2026-09-10", "0000012", "2026-10-10", "23,400.00", "3,400"],
                [None, "2026-11-20", "0000015", "2026-12-20", "1,170.00", None],
            ]
        },
    )
    frame, problems = read_ledger(path)
    assert [(str(p), p.kind) for p in problems] == [
        ("y.xlsx 应收明细表!A4 往来单位: is blank（缺少必填值）", ProblemKind.BLANK)
    ]
    report = frame.attrs.pop("report")
    assert frame.attrs == {
        "notes": info(
            [
                "读取 read: y.xlsx 工作表 sheet 应收明细表（单据明细 invoice form）",
                "没有客户编码列 no 客户编码 column: 以客户名称作为客户编码 the name is the key",
            ]
        ),
        "form": "invoice",
    }
    assert report.rows_read == 2
    assert frame["customer_id"].tolist() == ["上海甲商贸有限公司", ""]
    assert frame["paid_amount"].tolist() == [340000, 0]


def test_a_ledger_keyed_by_name_still_needs_its_invoice_numbers(tmp_path):
    header = ["往来单位", "业务日期", "到期日期", "本币金额"]
    path = save(
        tmp_path / "n.xlsx",
        {"应收明细表": [["应收明细表"], header, ["上海甲商贸", "2026-09-10", "2026-10-10", 100]]},
    )
    assert problems_of(path) == [
        (
            "n.xlsx 应收明细表!2:2: missing column 单据号 (invoice_no)（缺少列）; accepted "
            "headers（可用表头）: 单据号、invoice_no、invoice no、invoice number、document no、"
            "单据编号、发票号、发票号码、单据编码、应收单号、凭证编号、凭证号码、doc. no.、"
            "docnum、number、编号、发票编号、订单号、合同号; "
            'or map your own: --columns "你的表头=单据号"',
            ProblemKind.MISSING_COLUMN,
        )
    ]


def test_an_unknown_due_date_header_is_named_with_its_fix_below_the_title_rows(tmp_path):
    # 客户经理 holds 客户 but is a known other thing; 业务员 holds no suspect word
    header = ["客户编码", "客户经理", "单据号", "单据日期", "业务员", "应收到期", "金额"]
    path = save(
        tmp_path / "s.xlsx",
        {
            "台账": [
                ["XX公司应收账款台账"],
                ["打印日期：2026-11-30"],
                header,
                ["KH01", "王丽", "XS-1", "2026-10-01", "张三", "2026-10-31", 100],
            ]
        },
    )
    assert problems_of(path) == [
        (
            "s.xlsx 台账!3:3: missing column 到期日 (due_date)（缺少列）; accepted headers"
            "（可用表头）: 到期日、due_date、due date、due、到期日期、收款到期日、应收日期、"
            "截止日期、账期到期日、约定付款日、应付款日期; "
            'or map your own: --columns "你的表头=到期日"',
            ProblemKind.MISSING_COLUMN,
        ),
        (
            "s.xlsx 台账!F3 应收到期: looks like 到期日 but is not a ledger column creditbook "
            'knows（未识别的列，不会被静默忽略）; map it: --columns "应收到期=到期日" (or '
            '"应收到期=-" to keep it as an unchecked extra column)',
            ProblemKind.UNMAPPED_COLUMN,
        ),
    ]


def test_an_amount_column_in_wan_yuan_beside_a_received_column_in_yuan(tmp_path):
    header = ["客户编码", "单据号", "单据日期", "到期日", "金额（万元）", "已收金额"]
    path = save(
        tmp_path / "w.xlsx",
        {"台账": [header, ["KH01", "XS-1", "2026-10-01", "2026-10-31", 1.2345, "2,000.00"]]},
    )
    frame, problems = read_ledger(path)
    assert problems == []
    assert frame[["amount", "paid_amount"]].values.tolist() == [[1234500, 200000]]
    # no 收款日期 column: every 收款日期 is empty, still a date column
    assert str(frame["paid_date"].dtype) == "datetime64[ns]"
    assert frame["paid_date"].isna().tolist() == [True]


def test_a_blank_name_is_filled_with_the_code_and_the_cells_are_named(tmp_path):
    header = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额"]
    rows = [
        ["KH01", "苏州恒通", "XS-1", D(2026, 9, 1), D(2026, 10, 1), 1000],
        ["KH02", None, "XS-2", D(2026, 9, 2), D(2026, 10, 2), 2000],  # the name left blank
        ["KH03", "  ", "XS-3", D(2026, 9, 3), D(2026, 10, 3), 3000],
    ]
    path = save(tmp_path / "台账.xlsx", {"应收明细": [*TITLE, header, *rows]})
    frame, problems = read_ledger(path)
    assert problems == []
    assert frame["customer_name"].tolist() == ["苏州恒通", "KH02", "KH03"]
    assert str(notes_of(frame)[1]) == (
        "客户名称为空 blank 客户名称 in 台账.xlsx 应收明细: 2 行（B5、B6），"
        "以客户编码代替 the code stands in for the name"
    )


def test_more_than_five_blank_names_are_counted_and_the_first_five_cells_named(tmp_path):
    path = tmp_path / "台账.csv"
    lines = ["客户编码,客户名称,单据号,单据日期,到期日,金额"]
    lines += [f"KH0{n},,XS-{n},2026-09-01,2026-10-01,100" for n in range(1, 8)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame, problems = read_ledger(path)
    assert problems == []
    assert (
        "客户名称为空 blank 客户名称 in 台账.csv: 7 行（B2、B3、B4、B5、B6…），"
        "以客户编码代替 the code stands in for the name"
    ) in [str(n) for n in notes_of(frame)]


def test_total_rows_are_found_in_any_column_and_look_alike_invoice_numbers_are_kept(tmp_path):
    # a 金蝶 list: invoice numbers starting with T (as Total does); totals in 客户编码 and
    # after the customer's name, the footer in the 单据号 column, a blank row
    header = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"]
    rows = [["2026年应收账款明细"], header]
    for i in range(1, 5):
        rows.append([f"KH0{i}", "苏州恒通", f"TS-{i:03d}", D(2026, 10, i), D(2026, 11, i), i, 0])
    rows += [
        ["Total", None, None, None, None, 10, 0],
        ["本页小计", None, None, None, None, 10, 0],
        [None, "苏州恒通 合计", None, None, None, 10, 0],
        [None] * 7,
        [None, None, "制表人：王芳", None, None, None, None],
    ]
    frame, problems = read_ledger(save(tmp_path / "金蝶应收.xlsx", {"应收明细": rows}))
    assert problems == []
    assert frame["invoice_no"].tolist() == ["TS-001", "TS-002", "TS-003", "TS-004"]
    assert frame["amount"].tolist() == [100, 200, 300, 400]
    assert [str(n) for n in notes_of(frame)][1] == (
        "跳过非数据行 skipped rows in 金蝶应收.xlsx 应收明细: 空行 1 行，"
        "表尾签字/打印日期行 1 行，合计/小计行 3 行"
    )


def test_totals_among_a_thousand_different_invoice_numbers_are_skipped(tmp_path):
    # a long export: every 单据号 differs, a 小计 line halfway, a blank line and the 合计 line
    # written in the 单据号 column itself
    header = "客户编码,客户名称,单据号,单据日期,到期日,金额"
    lines = [header]
    for i in range(1200):
        lines.append(f"KH{i % 7},苏州恒通,XS{i:05d},2026-10-01,2026-10-31,{i}")
        if i == 599:
            lines.append(",,本页小计,,,179700")
    lines += [",,,,,", ",,合计,,,719400"]
    path = tmp_path / "长台账.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame, problems = read_ledger(path)
    assert problems == []
    assert len(frame) == 1200
    assert frame["invoice_no"].iloc[[0, 599, 600, -1]].tolist() == [
        "XS00000", "XS00599", "XS00600", "XS01199"
    ]  # fmt: skip
    assert [str(n) for n in notes_of(frame)][1] == (
        "跳过非数据行 skipped rows in 长台账.csv: 空行 1 行，合计/小计行 2 行"
    )


def test_a_received_amount_against_the_invoices_sign_is_refused_naming_its_cell(tmp_path):
    """(300.00) received on a 1,000.00 invoice would be aged and dunned as 1,300.00; 300 on a
    red credit note of −500 would make the note give back more than it is worth."""
    header = ["客户编码", "单据号", "单据日期", "到期日", "金额", "已收金额"]
    path = save(
        tmp_path / "台账.xlsx",
        {
            "台账": [
                header,
                ["KH01", "XS-1", D(2026, 10, 1), D(2026, 10, 31), 1000, "(300.00)"],
                ["KH01", "HZ-1", D(2026, 10, 1), D(2026, 10, 31), -500, 300],
                ["KH01", "XS-2", D(2026, 10, 1), D(2026, 10, 31), 800, 0],
                ["KH01", "HZ-2", D(2026, 10, 1), D(2026, 10, 31), -200, -200],
            ]
        },
    )
    assert problems_of(path) == [
        (
            "台账.xlsx 台账!F2 已收金额: paid -300.00 has the opposite sign of the amount "
            "1,000.00（已收金额与单据金额正负相反：会多算欠款；退款或冲回请另列一行）",
            ProblemKind.CONSISTENCY,
        ),
        (
            "台账.xlsx 台账!F3 已收金额: paid 300.00 has the opposite sign of the amount "
            "-500.00（已收金额与单据金额正负相反：会多算欠款；退款或冲回请另列一行）",
            ProblemKind.CONSISTENCY,
        ),
    ]


def test_a_document_marked_void_is_skipped_and_counted_not_aged(tmp_path):
    """金蝶 lists a voided invoice with 单据状态 已作废, a clerk writes 作废 in 备注: nothing is
    owed on it. A 备注 that only mentions a voided predecessor (原单作废重开) is an invoice."""
    header = ["客户编码", "单据号", "单据日期", "到期日", "价税合计", "单据状态", "备注"]
    path = save(
        tmp_path / "台账.xlsx",
        {
            "台账": [
                ["应收款明细表"],
                header,
                ["KH01", "XS-1", D(2026, 6, 1), D(2026, 7, 1), 1000, "已审核", None],
                ["KH01", "XS-2", D(2026, 6, 2), D(2026, 7, 2), 5000, "已作废", None],
                ["KH01", "XS-2", D(2026, 6, 3), D(2026, 7, 2), 4800, "已审核", "原单作废重开"],
                ["KH02", "XS-3", D(2026, 6, 4), D(2026, 7, 4), 700, None, "作废"],
                ["合计", None, None, None, 11500, None, None],
            ]
        },
    )
    frame, problems = read_ledger(path)
    assert problems == []
    assert frame["invoice_no"].tolist() == ["XS-1", "XS-2"]
    assert frame["amount"].tolist() == [100000, 480000]
    report = frame.attrs["report"]
    assert report.row_lines() == [
        "行 rows: 读取 read 2 行；跳过 skipped: 合计/小计行 1 行，作废单据行 2 行"
    ]
    assert "跳过非数据行 skipped rows in 台账.xlsx 台账: 合计/小计行 1 行，作废单据行 2 行" in [
        str(n) for n in notes_of(frame)
    ]
    assert report.sheet_totals.line() == (
        "表中合计 the sheet's 合计 (第 7 行 row 7): 与读出的行相符 agrees with the rows read"
        "（E 价税合计），表中合计中 E 列含作废单据 void documents 5,700.00，未计入 not counted"
    )
    assert report.total_warning() is None


def test_two_customers_may_each_hold_the_same_document_number(tmp_path):
    """An export over two 组织 numbers each one's invoices from XS-0001: per customer they are
    distinct documents; the same customer with the number twice is still refused."""
    header = ["客户编码", "单据号", "单据日期", "到期日", "价税合计"]
    rows = [
        header,
        ["KH01", "XS-0001", D(2026, 6, 1), D(2026, 7, 1), 1000],
        ["KH02", "XS-0001", D(2026, 6, 1), D(2026, 7, 1), 2000],
    ]
    path = save(tmp_path / "两个组织.xlsx", {"台账": rows})
    frame, problems = read_ledger(path)
    assert problems == []
    assert frame["amount"].tolist() == [100000, 200000]
    again = save(tmp_path / "重复.xlsx", {"台账": [*rows, rows[1]]})
    assert problems_of(again) == [
        (
            '重复.xlsx 台账!B4 单据号: "XS-0001" duplicates row 2（同一客户的单据号+到期日重复）',
            ProblemKind.DUPLICATE,
        )
    ]
