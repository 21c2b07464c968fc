"""A letter demands what is still open: part payments are deducted, in figures and in 大写.

The figures a letter prints, built without rendering: the interest table (principal, from
when, days, rate text, amount), the interest terms taken from the settings, the credits in the
invoice table, the letters cited, the issuer block, and the refused --stage message."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest
from docx_text import docx_lines, docx_text
from letter_cases import AS_OF, Case, Line, make_case, real_settings
from openpyxl import load_workbook

from creditbook.core.collections import OverdueLine
from creditbook.core.errors import InvalidValue
from creditbook.core.interest import (
    InterestTerms,
    interest_wording,
    late_payment_interest,
    load_lpr,
)
from creditbook.core.policy import preset
from creditbook.documents.batch import file_stems
from creditbook.documents.contexts import CompanyInfo, EarlierLetter, InterestRow
from creditbook.documents.letters import (
    case_interest,
    interest_rows,
    interest_terms,
    letter_context,
    select_cases,
    write_letters,
)
from creditbook.documents.numbering import LogEntry
from creditbook.settings import LetterSettings, Settings

STAGES = {s.stage: s for s in preset("abc").dunning}


def _part_paid(stage: str = "催款", customer_id: str = "KH0107") -> Case:
    """Two overdue invoices of 苏州恒通电子: 5,000.00 already received on the first."""
    lines = (
        Line(
            "XS-2026-0815",
            dt.date(2026, 8, 15),
            dt.date(2026, 9, 29),
            Decimal("12128.27"),
            Decimal("5000.00"),
            62,
        ),
        Line(
            "XS-2026-0902",
            dt.date(2026, 9, 2),
            dt.date(2026, 10, 17),
            Decimal("3000.00"),
            Decimal("0.00"),
            44,
        ),
    )
    return Case(customer_id, "苏州恒通电子有限公司", STAGES[stage], 62, lines)


def test_the_context_owes_the_open_balance_not_the_invoice_total(settings):
    context = letter_context(_part_paid(), "华瑞财函〔2026〕0001号", AS_OF, AS_OF, settings)
    assert [line.open for line in context.invoices] == [Decimal("7128.27"), Decimal("3000.00")]
    assert [line.paid for line in context.invoices] == [Decimal("5000.00"), Decimal("0.00")]
    assert context.amount_owed == Decimal("10128.27")
    assert context.max_days_overdue == 62
    assert context.payment_deadline == dt.date(2026, 12, 10)  # letter date + 10 days
    assert context.objection_days == 7
    assert (context.kind, context.stage, context.title) == ("demand", "催款", "催款函")


def test_the_register_row_overrides_name_and_fills_the_contact(settings):
    contact = {"customer_name": "苏州恒通电子股份有限公司", "contact": "王丽", "phone": "0512-6688"}
    context = letter_context(_part_paid(), "N-1", AS_OF, AS_OF, settings, contact)
    assert (context.customer_name, context.contact, context.phone, context.address) == (
        "苏州恒通电子股份有限公司",
        "王丽",
        "0512-6688",
        "",
    )


def test_the_letter_prints_the_balance_in_figures_and_capitals(settings, tmp_path):
    out = tmp_path / "letters"
    result = write_letters([_part_paid()], out, as_of=AS_OF, settings=settings)
    (written,) = result.written
    assert written.amount == Decimal("10128.27")
    text = docx_text(out / "KH0107_催款函.docx")
    assert "10,128.27" in text and "人民币壹万零壹佰贰拾捌元贰角柒分" in text
    assert "12,128.27" in text and "7,128.27" in text  # the invoice line shows both
    assert "15,128.27" not in text
    rows = json.loads((out / "催收函-清单.json").read_text(encoding="utf-8"))
    assert rows[0]["amount"] == "10128.27"


def test_a_legal_stage_customer_is_listed_with_the_open_balance(settings, tmp_path):
    out = tmp_path / "letters"
    write_letters([_part_paid("法律程序", "KH0200")], out, as_of=AS_OF, settings=settings)
    sheet = load_workbook(out / "法律程序客户清单.xlsx").active
    assert (sheet["A3"].value, sheet["C3"].value) == ("KH0200", 10128.27)
    with open(out / "法律程序客户清单.csv", encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[1] == [
        "KH0200",
        "苏州恒通电子有限公司",
        "10128.27",
        "62",
        "2",
        "华瑞财函〔2026〕0001号",
        "KH0200_最后催告函.docx",
        "",
        "",
        "",
    ]


def test_the_manifest_csv_starts_with_a_bom_for_excel(cases, settings, tmp_path):
    out = tmp_path / "letters"
    write_letters(cases[:1], out, as_of=AS_OF, settings=settings)
    data = (out / "催收函-清单.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + "客户编码,客户名称,催收阶段".encode())
    assert "C001,苏州恒通电子有限公司,付款提醒,付款提醒函,12128.27" in data.decode("utf-8-sig")


def test_stages_and_customers_are_selected_by_either_name(cases):
    assert [c.customer_id for c in select_cases(cases, stages=[" 催款 "])] == ["C002"]
    assert [c.customer_id for c in select_cases(cases, stages=["final"])] == ["C003"]
    assert [c.customer_id for c in select_cases(cases, customers=["C004 ", "C001"])] == [
        "C001",
        "C004",
    ]
    chosen = select_cases(cases, stages=["付款提醒"], customers=["C002"])
    assert chosen == []


def test_each_line_of_the_table_shows_its_own_figures(settings, tmp_path):
    case = dataclasses.replace(make_case("C9", "常州新材有限公司", 40, "880.00"))
    out = tmp_path / "letters"
    write_letters([case], out, as_of=AS_OF, settings=settings)
    lines = docx_lines(out / "C9_催款函.docx")
    assert "人民币捌佰捌拾元整" in "\n".join(lines)


def test_without_a_register_row_the_contact_block_is_blank(settings):
    context = letter_context(_part_paid(), "N-2", AS_OF, AS_OF, settings)
    assert (context.customer_name, context.contact, context.phone, context.address) == (
        "苏州恒通电子有限公司",
        "",
        "",
        "",
    )


D = Decimal


def _rows(invoices, terms):
    return interest_rows(late_payment_interest(invoices, AS_OF, terms, load_lpr()))


def test_statutory_interest_rows_show_the_lpr_its_uplift_and_the_annual_rate():
    rows = _rows(
        [
            ("XS-2024-0801", dt.date(2024, 8, 31), D("3000.00")),
            ("XS-2025-0301", dt.date(2025, 3, 31), D("3000.00")),
            ("XS-2026-0815", dt.date(2026, 9, 29), D("7128.27")),
        ],
        InterestTerms(),
    )
    assert rows == (
        InterestRow(
            invoice_no="XS-2024-0801",
            principal=D("3000.00"),
            start=dt.date(2024, 9, 1),
            days=821,
            rate="LPR 3.35% 加计 50% = 5.025%",
            amount=D("339.08"),  # 3,000.00 × 5.025% × 821 / 365 = 339.084…
        ),
        InterestRow(
            invoice_no="XS-2025-0301",
            principal=D("3000.00"),
            start=dt.date(2025, 4, 1),
            days=609,
            rate="LPR 3.10% 加计 50% = 4.65%",
            amount=D("232.75"),
        ),
        InterestRow(
            invoice_no="XS-2026-0815",
            principal=D("7128.27"),
            start=dt.date(2026, 9, 30),
            days=62,
            rate="LPR 3.00% 加计 50% = 4.50%",
            amount=D("54.49"),
        ),
    )


def test_a_contract_uplift_is_printed_as_its_own_percentage():
    rows = _rows(
        [("XS-2026-0815", dt.date(2026, 9, 29), D("7128.27"))],
        InterestTerms(clause=True, markup=D("0.7")),
    )
    assert [(r.rate, r.amount) for r in rows] == [("LPR 3.00% 加计 70% = 5.10%", D("61.75"))]


def test_a_contract_daily_rate_is_printed_as_such():
    rows = _rows(
        [("XS-2026-0815", dt.date(2026, 9, 29), D("7128.27"))],
        InterestTerms(clause=True, daily_rate=D("0.0005")),
    )
    # 7,128.27 × 0.05% × 62 days = 220.976… → 220.98
    assert [(r.rate, r.days, r.amount) for r in rows] == [("合同日利率 0.05%", 62, D("220.98"))]


def test_an_invoice_due_before_the_lpr_existed_has_no_rate_and_says_why():
    (row,) = _rows([("XS-2019-0601", dt.date(2019, 6, 30), D("500.00"))], InterestTerms())
    assert row == InterestRow(
        invoice_no="XS-2019-0601",
        principal=D("500.00"),
        start=dt.date(2019, 7, 1),
        days=2710,
        rate="—",
        amount=None,
        note="逾期起算日 2019-07-01 早于 LPR 利率表首日，未计算",
    )


def test_the_interest_terms_come_from_the_letters_settings():
    letters = LetterSettings(
        interest_clause=True,
        interest_daily_rate=D("0.0003"),
        interest_lpr_markup=D("0.4"),
        interest_day_basis=360,
    )
    assert interest_terms(Settings(letters=letters)) == InterestTerms(
        clause=True, daily_rate=D("0.0003"), markup=D("0.4"), day_basis=360
    )


def _line(number, due, amount, received="0.00", kind="invoice"):
    days = max((AS_OF - due).days, 0)
    amount, received = D(amount), D(received)
    return OverdueLine(number, due, due, amount, received, amount - received, days, kind)


def _case(*lines, stage="催款") -> Case:
    return Case("KH0107", "苏州恒通电子有限公司", STAGES[stage], 62, lines)


def test_interest_runs_on_what_is_still_open_of_each_invoice():
    case = _case(_line("XS-2026-0815", dt.date(2026, 9, 29), "12128.27", "5000.00"))
    result = case_interest(case, AS_OF, InterestTerms(), load_lpr())
    assert [(ln.principal, ln.amount) for ln in result.lines] == [(D("7128.27"), D("54.49"))]


def test_a_credit_older_than_the_invoices_still_covers_the_oldest_first():
    case = _case(
        _line("HZ-2026-0701", dt.date(2026, 7, 1), "-1500.00", kind="credit_note"),
        _line("XS-2026-0831", dt.date(2026, 8, 31), "1000.00"),
        _line("XS-2026-1031", dt.date(2026, 10, 31), "2000.00"),
    )
    result = case_interest(case, AS_OF, InterestTerms(), load_lpr())
    assert [(ln.invoice_no, ln.principal) for ln in result.lines] == [
        ("XS-2026-1031", D("1500.00"))
    ]


def test_a_part_used_credit_note_covers_only_what_is_left_of_it():
    # 红字发票 −2,000.00 of which −500.00 was already set off: 1,500.00 left to apply
    case = _case(
        _line("XS-2026-0831", dt.date(2026, 8, 31), "1000.00"),
        _line("XS-2026-1031", dt.date(2026, 10, 31), "2000.00"),
        _line("HZ-2026-1101", dt.date(2026, 11, 1), "-2000.00", "-500.00", "credit_note"),
    )
    result = case_interest(case, AS_OF, InterestTerms(), load_lpr())
    assert [(ln.invoice_no, ln.principal) for ln in result.lines] == [
        ("XS-2026-1031", D("1500.00"))
    ]


def test_fifty_fen_left_after_the_credits_still_earns_interest_and_nothing_left_earns_none():
    case = _case(
        _line("XS-2026-0831", dt.date(2026, 8, 31), "1000.00"),
        _line("XS-2026-1031", dt.date(2026, 10, 31), "2000.50"),
        _line("SK-2026-1101", dt.date(2026, 11, 1), "-3000.00", kind="receipt"),
    )
    result = case_interest(case, AS_OF, InterestTerms(), load_lpr())
    assert [(ln.invoice_no, ln.principal, ln.amount) for ln in result.lines] == [
        ("XS-2026-1031", D("0.50"), D("0.00"))
    ]


def _settings(**letters) -> Settings:
    return real_settings(**letters)


def test_the_letter_carries_the_credits_without_days_overdue():
    case = _case(
        _line("XS-2026-0815", dt.date(2026, 9, 29), "12128.27"),
        _line("HZ-2026-1020", dt.date(2026, 10, 20), "-2000.00", kind="credit_note"),
    )
    context = letter_context(case, "恒达财函〔2026〕0001号", AS_OF, AS_OF, _settings())
    assert [(i.invoice_no, i.open, i.days_overdue, i.note) for i in context.invoices] == [
        ("XS-2026-0815", D("12128.27"), 62, ""),
        ("HZ-2026-1020", D("-2000.00"), 0, "贷项冲减"),
    ]
    assert context.amount_owed == D("10128.27")


def test_the_letter_cites_each_earlier_letter_by_date_title_and_number():
    earlier = [
        LogEntry("恒达财函〔2026〕0031号", dt.date(2026, 10, 31), "KH0107", "甲", "付款提醒函",
                 "付款提醒", D("12128.27"), "f.docx", "已发", ""),
        LogEntry("恒达财函〔2026〕0007号", dt.date(2026, 9, 5), "KH0107", "甲", "付款提醒函",
                 "付款提醒", D("5000.00"), "g.docx", "已发", ""),
    ]  # fmt: skip
    context = letter_context(_case(), "恒达财函〔2026〕0040号", AS_OF, AS_OF, _settings(),
                             earlier=earlier)  # fmt: skip
    assert context.earlier == (
        EarlierLetter(date=dt.date(2026, 10, 31), title="付款提醒函", number=earlier[0].number),
        EarlierLetter(date=dt.date(2026, 9, 5), title="付款提醒函", number=earlier[1].number),
    )
    assert context.earlier_text == (
        "我司已于2026年10月31日发出《付款提醒函》（恒达财函〔2026〕0031号）、"
        "于2026年9月5日发出《付款提醒函》（恒达财函〔2026〕0007号），"
    )


def test_the_letter_carries_the_interest_table_and_its_end_date():
    case = _case(_line("XS-2026-0815", dt.date(2026, 9, 29), "7128.27"))
    settings = _settings()
    interest = case_interest(case, AS_OF, interest_terms(settings), load_lpr())
    context = letter_context(case, "N-1", AS_OF, AS_OF, settings, interest=interest)
    assert context.interest == interest_rows(interest)
    assert [(r.rate, r.amount) for r in context.interest] == [
        ("LPR 3.00% 加计 50% = 4.50%", D("54.49"))
    ]
    assert (context.interest_to, context.interest_total) == (AS_OF, D("54.49"))
    plain = letter_context(case, "N-2", AS_OF, AS_OF, settings)
    assert (plain.interest, plain.interest_to, plain.interest_total) == ((), None, D("0"))


def test_the_letter_wording_comes_from_the_settings():
    settings = _settings(
        contract_text="依据双方 2025 年度购销合同第 5.2 条，货款应于开票后 45 日内付清。",
        legal_text="逾期未付，我司将向苏州市吴中区人民法院起诉。",
    )
    context = letter_context(_case(stage="法律程序"), "N-1", AS_OF, AS_OF, settings)
    assert (
        context.contract_text == "依据双方 2025 年度购销合同第 5.2 条，货款应于开票后 45 日内付清。"
    )
    assert context.legal_text == "逾期未付，我司将向苏州市吴中区人民法院起诉。"
    assert context.interest_text == interest_wording(InterestTerms())
    assert context.interest_text.endswith("加计 50% 计算，直至款项付清之日止。")
    own = letter_context(_case(), "N-2", AS_OF, AS_OF, _settings(interest_text="按合同约定计息。"))
    assert own.interest_text == "按合同约定计息。"


def test_the_issuer_block_pays_into_the_account_name_and_marks_drafts():
    company = CompanyInfo.from_settings(_settings())
    assert (company.name, company.payee, company.draft) == (
        "苏州恒达精工机械有限公司",
        "苏州恒达精工机械有限公司财务专户",
        False,
    )
    example = CompanyInfo.from_settings(Settings())
    assert (example.payee, example.draft) == ("上海华瑞精密机械有限公司", True)


def test_unknown_stages_are_all_named_in_the_refusal():
    cases = [make_case("C001", "甲", 12)]
    with pytest.raises(InvalidValue) as error:
        select_cases(cases, stages=["律师函", "催收"], known=["付款提醒", "催款", "reminder"])
    assert str(error.value) == (
        "--stage 催收、律师函: 没有这个催收阶段 no such dunning stage; "
        "可选 choose from 付款提醒、催款、reminder"
    )


def test_file_names_keep_an_id_that_is_already_safe_and_split_ids_equal_but_for_case():
    stems = file_stems(["XS-KH01X", "KH01", "kh01"])
    assert stems["XS-KH01X"] == "XS-KH01X"
    assert stems["KH01"] == "KH01-" + _sha6("KH01") and stems["kh01"] == "kh01-" + _sha6("kh01")


def test_a_long_unsafe_id_is_cut_so_the_name_with_its_suffix_stays_sixty_characters():
    customer_id = "客户/" + "苏州恒通电子有限公司" * 6
    (stem,) = file_stems([customer_id]).values()
    assert stem == ("客户_" + "苏州恒通电子有限公司" * 6)[:53] + "-" + _sha6(customer_id)
    assert len(stem) == 60


def _sha6(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]
