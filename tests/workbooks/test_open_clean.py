"""Workbooks that open clean: the shipped templates empty, and workbooks partly filled, hold
no error value after a headless recalculation — blanks or a short 待填 hint instead."""

from __future__ import annotations

import openpyxl
import pytest

from creditbook.workbooks.build import KINDS, TEMPLATE_DIR, new_workbook_file, template_name
from creditbook.workbooks.recalc import recalc_workbook

pytestmark = pytest.mark.slow


def _errors(path, tmp_path) -> list[str]:
    result = recalc_workbook(path, tmp_path / f"{path.stem}-算好.xlsx")
    return [str(e) for e in result.errors]


@pytest.mark.parametrize("kind", KINDS)
def test_the_shipped_empty_template_calculates_without_one_error(kind, tmp_path):
    shipped = TEMPLATE_DIR / template_name(kind)
    assert _errors(shipped, tmp_path) == []


@pytest.mark.parametrize("policy", ["abc", "abcd", "aaa"])
def test_an_empty_evaluation_shows_pending_not_errors(policy, tmp_path):
    path = new_workbook_file("evaluation", tmp_path / "评估.xlsx", policy=policy)
    assert _errors(path, tmp_path) == []
    values = openpyxl.load_workbook(tmp_path / "评估-算好.xlsx", data_only=True)
    score = {row[0].value: row[1].value for row in values["评分"].iter_rows(max_col=2)}
    assert (score["信用评分"], score["信用等级"], score["建议信用额度(元)"]) == ("待填",) * 3
    assert values["财务指标"]["B5"].value == "待填"
    assert values["审批"]["B12"].value in (None, "")


def _blank(book, sheet: str, label: str, column: str = "A", value_column: str = "B") -> None:
    ws = book[sheet]
    row = next(c.row for c in ws[column] if c.value == label)
    ws[f"{value_column}{row}"] = None


def test_a_partly_filled_evaluation_scores_blank_optional_items_as_missing(tmp_path):
    """abc: 银行信用评级 and 行业协会评价 left blank (the sheet says they may be), 存货 and
    上期 blank, no payment record: no error anywhere; both items score their worst band,
    so the score is lower than with them filled, never higher."""
    full = new_workbook_file("evaluation", tmp_path / "完整.xlsx", sample=True, policy="abc")
    recalc_workbook(full, tmp_path / "完整-算好.xlsx")
    before = openpyxl.load_workbook(tmp_path / "完整-算好.xlsx", data_only=True)
    book = openpyxl.load_workbook(full)
    for label in ("银行信用评级", "行业协会评价"):
        _blank(book, "定性评估", label, value_column="C")
    statement = book["财务报表"]
    for row in statement.iter_rows(min_row=5, max_row=16, min_col=1, max_col=3):
        if row[0].value == "存货":
            row[1].value = None
        row[2].value = None
    record = book["信用记录"]
    for row in record.iter_rows(min_row=5, max_row=28, max_col=6):
        for cell in row:
            cell.value = None
    partly = tmp_path / "部分.xlsx"
    book.save(partly)
    assert _errors(partly, tmp_path) == []
    after = openpyxl.load_workbook(tmp_path / "部分-算好.xlsx", data_only=True)
    detail = {row[0].value: row for row in after["评分"].iter_rows(min_col=4, max_col=8)}
    for item in ("银行信用评级", "行业协会评价"):
        assert detail[item][1].value == "缺失"
        assert detail[item][2].value == 0 if item == "银行信用评级" else 1
    shown = {row[0].value: row[1].value for row in after["评分"].iter_rows(max_col=2)}
    was = {row[0].value: row[1].value for row in before["评分"].iter_rows(max_col=2)}
    assert isinstance(shown["信用评分"], int | float)
    assert shown["信用评分"] < was["信用评分"]
    record = {row[0].value: row[1].value for row in after["信用记录"].iter_rows(max_col=2)}
    assert record["付款准时率"] == "待填"  # no invoice yet: a hint, scored as missing


@pytest.mark.office
def test_twelve_digit_totals_print_in_full_not_as_hashes(office, tmp_path):
    """The part-paid customer a million times larger: statements of 10,000,000,000,000.00,
    逾期金额 102,000,000,000.00 and a limit of 119,999,999,000.00 print as figures."""
    import dataclasses
    from decimal import Decimal

    from routes import write_book
    from test_one_truth import PART_PAID

    from creditbook.workbooks.printing import page_text, workbooks_to_pdf

    def scaled(statement):
        fields = statement.model_dump()
        return statement.model_copy(
            update={k: v * 1_000_000 for k, v in fields.items() if isinstance(v, Decimal)}
        )

    big = dataclasses.replace(
        PART_PAID,
        monthly_sales=Decimal("99999999999.99"),
        current=scaled(PART_PAID.current),
        previous=scaled(PART_PAID.previous),
        history=tuple(
            i.model_copy(update={"amount": i.amount * 10**6, "paid_amount": i.paid_amount * 10**6})
            for i in PART_PAID.history
        ),
    )
    book = write_book(big, "aaa", tmp_path / "大额.xlsx")
    (pdf,) = workbooks_to_pdf([book], tmp_path / "pdf")
    text = "\n".join(page_text(pdf, page) for page in range(1, 11))
    assert "###" not in text
    assert "10,000,000,000,000.00" in text  # 财务报表 资产总计
    assert "102,000,000,000.00" in text  # 信用记录 逾期金额
    assert text.count("119,999,999,000.00") == 2  # 评分 and 审批: 建议信用额度


@pytest.mark.parametrize("policy", ["abc", "abcd", "aaa"])
def test_an_evaluation_filled_in_halfway_holds_no_error(policy, tmp_path):
    """Every third amount, date and rating of the sample left blank — statement lines,
    invoices typed without their 到期日 or 金额, 5C ratings, 成立日期: blanks and 待填 only."""
    full = new_workbook_file("evaluation", tmp_path / "样例.xlsx", sample=True, policy=policy)
    book = openpyxl.load_workbook(full)
    cleared = 0
    for ws in book:
        if ws.title == "政策":
            continue
        for row in ws.iter_rows(min_row=5):
            for cell in row:
                typed = cell.data_type != "f" and not isinstance(cell.value, str | None)
                if typed and (cell.row + cell.column) % 3 == 0:
                    cell.value = None
                    cleared += 1
    assert cleared > 20
    halfway = tmp_path / "一半.xlsx"
    book.save(halfway)
    assert _errors(halfway, tmp_path) == []
    values = openpyxl.load_workbook(tmp_path / "一半-算好.xlsx", data_only=True)
    record = {row[0].value: row[1].value for row in values["信用记录"].iter_rows(max_col=2)}
    assert record["付款准时率"] == "待填"  # some invoice lacks its 到期日 or 金额
