"""Letters that know the conversation: a promise to pay holds the letter or part of it, a
broken promise is cited and raises the stage, disputed invoices are listed apart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from docx_text import docx_text
from letter_cases import real_settings

from creditbook.documents.letter_batch import generate_letters
from creditbook.inputs.contacts import read_contacts
from hostile_text import HOSTILE_NAMES

AS_OF = dt.date(2026, 11, 30)


def _ledger(name: str = "上海甲商贸有限公司") -> pd.DataFrame:
    """C1 owes A 60,000.00 (60 days overdue: 催款) and B 40,000.00 (20 days overdue)."""
    rows = [
        ("C1", name, "A", "2026-09-01", "2026-10-01", 6_000_000),
        ("C1", name, "B", "2026-10-10", "2026-11-10", 4_000_000),
        ("C2", "乙公司", "C", "2026-10-01", "2026-11-20", 800_000),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "customer_id",
            "customer_name",
            "invoice_no",
            "invoice_date",
            "due_date",
            "amount",
        ],
    )
    for column in ("invoice_date", "due_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    frame["amount"] = frame["amount"].astype("int64")
    frame["paid_amount"] = 0
    frame["paid_date"] = pd.Series([pd.NaT] * len(frame), dtype="datetime64[ns]")
    frame["currency"] = "CNY"
    return frame


def _log(*rows: list) -> pd.DataFrame:
    header = ["日期", "客户编码", "经办人", "事由", "结果", "承诺付款日期", "承诺付款金额"]
    header += ["单据号", "争议原因"]
    frame, problems = read_contacts(pd.DataFrame([list(r) for r in rows], columns=header))
    assert problems == []
    return frame


def _letters(tmp_path, contact_log, ledger=None):
    settings = real_settings(counter_file=str(tmp_path / "counter.json"))
    return generate_letters(
        ledger if ledger is not None else _ledger(),
        None,
        AS_OF,
        tmp_path / "out",
        settings=settings,
        contact_log=contact_log,
    )


def test_a_whole_promise_skips_the_letter_with_the_promise_in_the_summary(tmp_path):
    log = _log(["2026-11-25", "C1", "周敏", "催收", "已承诺付款", "2026-12-10", "100000", "", ""])
    result = _letters(tmp_path, log)
    assert [w.customer_id for w in result.ok] == ["C2"]
    assert [(s.customer_id, s.reason) for s in result.skipped] == [
        ("C1", "暂缓（承诺 2026-12-10 付 100,000.00）")
    ]


def test_a_partial_promise_leaves_a_letter_for_the_rest_and_says_so(tmp_path):
    log = _log(["2026-11-25", "C1", "周敏", "催收", "部分回款承诺", "2026-12-10", "50000", "", ""])
    result = _letters(tmp_path, log)
    (letter,) = [w for w in result.ok if w.customer_id == "C1"]
    assert letter.amount == Decimal("50000.00")
    assert [(h.customer_id, h.reason) for h in result.held] == [
        ("C1", "暂缓（承诺 2026-12-10 付 50,000.00），其余 ¥50,000.00 发函")
    ]
    text = docx_text(tmp_path / "out" / letter.file)
    assert "贵司应付我司逾期货款人民币 50,000.00 元（大写：人民币伍万元整）" in text
    assert (
        "上表合计人民币 100,000.00 元中，贵司已承诺于2026年12月10日前支付人民币50,000.00元，"
        "该部分暂缓催收，不计入本次催收金额；本函催收金额为人民币 50,000.00 元。"
    ) in text


def test_a_broken_promise_is_cited_and_the_letter_is_one_stage_up(tmp_path):
    log = _log(["2026-11-05", "C1", "周敏", "催收", "已承诺付款", "2026-11-20", "50000", "", ""])
    result = _letters(tmp_path, log)
    (letter,) = [w for w in result.ok if w.customer_id == "C1"]
    assert (letter.stage, letter.document) == ("最后催告", "最后催告函")
    text = docx_text(tmp_path / "out" / letter.file)
    assert (
        "贵司于2026年11月5日承诺于2026年11月20日前支付人民币50,000.00元，截至本函发出之日仍未支付。"
    ) in text
    assert "逾期货款人民币 100,000.00 元" in text


def test_disputed_invoices_are_listed_apart_and_the_receipt_confirms_the_rest(tmp_path):
    log = _log(["2026-11-10", "C1", "周敏", "争议", "质量异议", None, None, "B", "第3批货物划伤"])
    result = _letters(tmp_path, log)
    (letter,) = [w for w in result.ok if w.customer_id == "C1"]
    assert letter.amount == Decimal("60000.00")
    text = docx_text(tmp_path / "out" / letter.file)
    assert "有争议单据（核实中，不在本次催收金额内）：" in text
    assert "第3批货物划伤" in text
    assert "贵司应付我司逾期货款人民币 60,000.00 元（大写：人民币陆万元整）" in text
    assert (
        "我司应付贵司逾期货款人民币 60,000.00 元（人民币陆万元整），"
        "不含有争议单据人民币 40,000.00 元。"
    ) in text


def test_without_promise_or_dispute_the_letter_says_nothing_of_them(tmp_path):
    result = _letters(tmp_path, _log())
    (letter,) = [w for w in result.ok if w.customer_id == "C1"]
    text = docx_text(tmp_path / "out" / letter.file)
    assert "有争议单据" not in text
    assert "承诺" not in text
    assert "暂缓" not in text


def test_a_hostile_customer_name_appears_verbatim_beside_a_dispute(tmp_path):
    name = HOSTILE_NAMES["jinja"]
    log = _log(["2026-11-10", "C1", "周敏", "争议", "价格争议", None, None, "B", name])
    result = _letters(tmp_path, log, _ledger(name))
    (letter,) = [w for w in result.ok if w.customer_id == "C1"]
    text = docx_text(tmp_path / "out" / letter.file)
    assert text.count(name) >= 3  # 致, the reason column and the 回执


def test_a_customer_handed_to_legal_gets_no_letter_only_the_legal_list(tmp_path):
    """C1 is at 催款 by its ledger, promised to pay (open) and was then handed to the legal
    department: no letter, nothing held, the whole 100,000.00 on the legal list."""
    log = _log(
        ["2026-11-20", "C1", "周敏", "催收", "已承诺付款", "2026-12-10", "50000", "", ""],
        ["2026-11-26", "C1", "周敏", "法律程序", "移交法务", None, None, "", ""],
    )
    result = _letters(tmp_path, log)
    assert [w.customer_id for w in result.ok] == ["C2"]
    assert [(s.customer_id, s.reason) for s in result.skipped] == [
        ("C1", "已移交法务（2026-11-26），不发函，列入法律程序客户清单")
    ]
    assert result.held == []
    legal = (tmp_path / "out" / "法律程序客户清单.csv").read_text(encoding="utf-8-sig")
    assert legal.splitlines()[1:] == ["C1,上海甲商贸有限公司,100000.00,60,2,,,,,"]


def test_a_handover_after_the_letter_date_changes_nothing(tmp_path):
    log = _log(["2026-12-02", "C1", "周敏", "法律程序", "移交法务", None, None, "", ""])
    result = _letters(tmp_path, log)
    (letter,) = [w for w in result.ok if w.customer_id == "C1"]
    assert (letter.stage, letter.amount) == ("催款", Decimal("100000.00"))


def test_the_receipt_confirms_the_whole_undisputed_debt_not_only_the_part_demanded_now(tmp_path):
    """A promise holds 20,000.00 of the 60,000.00 undisputed: the letter demands 40,000.00 now,
    but the customer's 回执 confirms what it owes, 60,000.00, less only the disputed invoice."""
    log = _log(
        ["2026-11-10", "C1", "周敏", "争议", "质量异议", None, None, "B", "第3批货物划伤"],
        ["2026-11-25", "C1", "周敏", "催收", "部分回款承诺", "2026-12-10", "20000", "", ""],
    )
    result = _letters(tmp_path, log)
    (letter,) = [w for w in result.ok if w.customer_id == "C1"]
    assert letter.amount == Decimal("40000.00")
    text = docx_text(tmp_path / "out" / letter.file)
    assert (
        "我司应付贵司逾期货款人民币 60,000.00 元（人民币陆万元整），"
        "不含有争议单据人民币 40,000.00 元。"
    ) in text
