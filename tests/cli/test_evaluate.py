"""`creditbook evaluate`: a table of indicator values in, score/grade/term/limit out."""

import shutil
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from creditbook.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "customers.csv"
runner = CliRunner()
# Each customer of the example under abc. C001 worked by hand: 资产负债率 52% → 8/10 × 15,
# 销售增长率 12.5% → 8/10 × 10, 销售净利率 5% → 7/10 × 10, 行业地位 4/5 × 10, 付款准时率 93% →
# 9/10 × 20, 逾期 1 次 → 7/10 × 10, 银行评级 AA → 9/10 × 15, 协会评价 4/5 × 10 = 81.5 (A), and
# its limit the smallest of 1,500,000 × 60/30, 4,800,000 × 10% and 2,500,000 × 20%. C003 is
# new (half, rounded down to 1,000); C004's working capital is negative; C005 is new and
# lacks the statements, so abc leaves 净资产法 and 营运资金法 out: 250,000 × 30/30 × 0.4 =
# 100,000, halved = 50,000 (C "可要求担保" is an option under abc, not a requirement).
ABC_ROWS = [
    ["C001", "华东机电有限公司", "81.50", "A", "60", "480,000.00", "否", "0"],
    ["C002", "南方精密制造股份有限公司", "100.00", "A", "60", "1,000,000.00", "否", "0"],
    ["C003", "恒信贸易有限公司", "56.50", "C", "30", "16,000.00", "否", "0"],
    ["C004", "北方建材有限公司", "12.00", "C", "30", "0.00", "否", "1"],
    ["C005", "新锐科技有限公司", "37.00", "C", "30", "50,000.00", "否", "4"],
]


def _table_rows(output: str) -> list[list[str]]:
    """The body rows of the table printed on screen, cell by cell."""
    return [
        [cell.strip() for cell in line.strip("│").split("│")]
        for line in output.splitlines()
        if line.startswith("│")
    ]


def test_prints_each_customer(tmp_path):
    result = runner.invoke(app, ["evaluate", str(EXAMPLE)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "客户信用管理制度（A/B/C 三级）（abc）" in result.output
    assert _table_rows(result.output) == ABC_ROWS


def test_the_written_table_has_the_same_figures_and_a_bom_for_excel(tmp_path):
    out = tmp_path / "result.csv"
    result = runner.invoke(app, ["evaluate", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf\xe5\xae\xa2")  # BOM, then 客
    table = pd.read_csv(out, encoding="utf-8-sig", dtype={"客户编码": str, "信用额度": str})
    assert list(table.columns) == [
        "客户编码",
        "客户名称",
        "评分",
        "等级",
        "期限(天)",
        "信用额度",
        "需担保",
        "缺失指标数",
    ]
    assert table["评分"].tolist() == [81.5, 100.0, 56.5, 12.0, 37.0]
    assert table["等级"].tolist() == ["A", "A", "C", "C", "C"]
    assert table["期限(天)"].tolist() == [60, 60, 30, 30, 30]
    assert table["信用额度"].tolist() == ["480000.00", "1000000.00", "16000.00", "0.00", "50000.00"]
    assert table["需担保"].tolist() == ["否"] * 5
    assert table["缺失指标数"].tolist() == [0, 0, 0, 1, 4]


def test_writes_results_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "result.csv"
    first = runner.invoke(app, ["evaluate", str(EXAMPLE), "--policy", "abcd", "--out", str(out)])
    assert first.exit_code == 0, first.output
    table = pd.read_csv(out, encoding="utf-8-sig")
    # abcd: C003 scores 54.70, below C's 55, so D (cash only, no limit)
    assert table["等级"].tolist() == ["B", "A", "D", "D", "D"]
    assert table["信用额度"].tolist() == [336_000, 1_000_000, 0, 0, 0]
    before = out.read_bytes()
    again = runner.invoke(app, ["evaluate", str(EXAMPLE), "--out", str(out)])
    assert again.exit_code == 1
    assert "--force" in again.output
    assert out.read_bytes() == before


def test_bad_cell_names_file_row_and_column(tmp_path):
    bad = tmp_path / "bad.csv"
    shutil.copy(EXAMPLE, bad)
    text = bad.read_text(encoding="utf-8").replace("0.93", "九成", 1)
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(bad)])
    assert result.exit_code == 1
    assert "  bad.csv K2 付款准时率: 不是数字 not a number: '九成'\n" in result.output


def test_reads_xlsx(tmp_path):
    book = tmp_path / "customers.xlsx"
    pd.read_csv(EXAMPLE, dtype=object).to_excel(book, index=False)
    result = runner.invoke(app, ["evaluate", str(book), "--policy", "aaa"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    rows = _table_rows(result.output)
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("C001", "74.60", "A"),  # aaa's 逾期金额 and 行业口碑 are not in the file: worst band
        ("C002", "85.00", "AA"),
        ("C003", "47.70", "C"),
        ("C004", "7.80", "C"),
        ("C005", "38.00", "C"),
    ]


def test_policy_may_be_a_policy_table(tmp_path):
    table = tmp_path / "政策.csv"
    runner.invoke(app, ["policy", "table", "abcd", "--out", str(table)])
    out = tmp_path / "result.csv"
    result = runner.invoke(
        app, ["evaluate", str(EXAMPLE), "--policy", str(table), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert pd.read_csv(out, encoding="utf-8-sig")["等级"].tolist() == ["B", "A", "D", "D", "D"]


def test_a_table_saved_by_excel_on_chinese_windows_gbk_gives_the_same_results(tmp_path):
    """Excel on Chinese Windows saves CSV in GBK: read like every other reader, same figures."""
    gbk = tmp_path / "客户指标-GBK.csv"
    gbk.write_bytes(EXAMPLE.read_text(encoding="utf-8-sig").encode("gbk"))
    result = runner.invoke(app, ["evaluate", str(gbk)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert _table_rows(result.output) == ABC_ROWS


def test_an_empty_or_undecodable_table_is_named_not_a_traceback(tmp_path):
    empty = tmp_path / "空.csv"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["evaluate", str(empty)])
    assert result.exit_code == 1
    assert "空.csv: 文件是空的 the file is empty (0 bytes)" in result.output
    binary = tmp_path / "乱码.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 10)
    result = runner.invoke(app, ["evaluate", str(binary)])
    assert result.exit_code == 1
    assert "乱码.csv: the CSV file is neither UTF-8 nor GB18030 text" in " ".join(
        result.output.split()
    )


# Hand-worked under abc: 资产负债率 30% → 10/10 × 15, 销售增长率 5% → 6/10 × 10, 销售净利率
# 4% → 7/10 × 10, 行业地位 3/5 × 10, 逾期 2 次 → 7/10 × 10, 银行评级 AAA → 15, 协会评价 3/5 ×
# 10 = 62 before 付款准时率. At 63.64% (4/10 × 20 = 8) that is 70 (B): 需求法 300,000 × 45/30
# × 0.7 = 315,000, 净资产法 5,000,000 × 10% × 0.7 = 350,000, 营运资金法 3,000,000 × 20% × 0.7
# = 420,000 → 315,000. Read as 6364% it would score 82 (A) and get 500,000.
SHARE_HEADER = "客户编码,客户名称,资产负债率,销售增长率,销售净利率,行业地位,付款准时率,逾期次数,"
SHARE_HEADER += "银行信用评级,行业协会评价,预计月采购额,净资产,营运资金\n"


def test_an_on_time_rate_written_as_63_64_is_refused_naming_row_and_column(tmp_path):
    table = tmp_path / "指标.csv"
    table.write_text(
        SHARE_HEADER + "KH01,甲公司,0.3,0.05,0.04,3,63.64,2,AAA,3,300000,5000000,3000000\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["evaluate", str(table)], env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert (
        "  指标.csv G2 付款准时率: 付款准时率须在 0–100% 之间 must be 0–100% "
        "(got 63.64)，63.64 是否应为 63.64%？" in result.output
    )


def test_the_same_rate_written_as_a_percentage_gives_b_and_315000(tmp_path):
    table = tmp_path / "指标.csv"
    table.write_text(
        SHARE_HEADER + "KH01,甲公司,30%,5%,4%,3,63.64%,2,AAA,3,300000,5000000,3000000\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["evaluate", str(table)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert _table_rows(result.output) == [
        ["KH01", "甲公司", "70.00", "B", "45", "315,000.00", "否", "0"]
    ]


def test_a_gbk_table_under_a_title_row_is_read_from_its_header(tmp_path):
    """What Excel on Chinese Windows saves from a hand-made sheet: GBK, a title and a unit
    line above the header. Problems name the file's own row numbers."""
    table = tmp_path / "客户指标.csv"
    lines = EXAMPLE.read_text(encoding="utf-8-sig").splitlines()
    titled = ["2026年度客户信用评估指标表,,,", "制表：信用管理部,,,", *lines]
    table.write_bytes(("\r\n".join(titled) + "\r\n").encode("gbk"))
    result = runner.invoke(app, ["evaluate", str(table)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert _table_rows(result.output) == ABC_ROWS
    titled[3] = titled[3].replace(",0.93,", ",93,")  # C001 (file row 4): 93 meant 93%
    table.write_bytes(("\r\n".join(titled) + "\r\n").encode("gbk"))
    result = runner.invoke(app, ["evaluate", str(table)], env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert "  客户指标.csv K4 付款准时率: 付款准时率须在 0–100% 之间" in result.output


def test_an_xlsx_with_a_title_row_gives_the_same_results(tmp_path):
    book = tmp_path / "客户指标.xlsx"
    frame = pd.read_csv(EXAMPLE, dtype=object)
    with pd.ExcelWriter(book) as writer:
        frame.to_excel(writer, index=False, startrow=2, sheet_name="指标")
        writer.sheets["指标"]["A1"] = "客户信用评估指标表（单位：元）"
    result = runner.invoke(app, ["evaluate", str(book)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert _table_rows(result.output) == ABC_ROWS


def _hand_made_rows() -> list[list[object]]:
    """The example as a hand-made sheet: a title, a 编制单位 line, the header and the
    customers, then a 合计 row (月销售额 summed), a blank row and the signature footer."""
    import csv

    with EXAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        header, *customers = list(csv.reader(handle))
    total = ["合计", ""] + [""] * (len(header) - 2)
    total[header.index("月销售额")] = "4,650,000"
    footer = ["制表人：张三  审核：李四"] + [""] * (len(header) - 1)
    return [
        ["2026年客户信用指标汇总表"],
        ["编制单位：常州恒通机械有限公司", "", "单位：元"],
        header,
        *customers,
        total,
        [""] * len(header),
        footer,
    ]


SKIPPED = (
    "跳过非数据行 skipped rows in {name}: 合计/小计行 1 行（第9行），空行 1 行（第10行），"
    "表尾签字/打印日期行 1 行（第11行）"
)


def test_a_hand_made_xlsx_with_total_and_footer_rows_scores_only_the_customers(tmp_path):
    """合计 and 制表人：张三 审核：李四 below the table are not customers with every indicator
    missing: they are skipped, counted and named by row; the customers score as before."""
    import openpyxl

    def typed(cell: str) -> object:
        try:
            return float(cell)
        except ValueError:
            return cell or None

    book = openpyxl.Workbook()
    for row in _hand_made_rows():
        book.active.append([typed(cell) for cell in row])
    path = tmp_path / "指标.xlsx"
    book.save(path)
    result = runner.invoke(app, ["evaluate", str(path)], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert _table_rows(result.output) == ABC_ROWS
    assert SKIPPED.format(name="指标.xlsx") in " ".join(result.output.split())


def test_a_hand_made_gbk_csv_with_total_and_footer_rows_scores_only_the_customers(tmp_path):
    import csv
    import io

    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(_hand_made_rows())
    path = tmp_path / "指标-GBK.csv"
    path.write_bytes(text.getvalue().encode("gbk"))
    out = tmp_path / "结果.csv"
    result = runner.invoke(app, ["evaluate", str(path), "--out", str(out)], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert _table_rows(result.output) == ABC_ROWS
    assert SKIPPED.format(name="指标-GBK.csv") in " ".join(result.output.split())
    written = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert written["客户编码"].tolist() == ["C001", "C002", "C003", "C004", "C005"]
