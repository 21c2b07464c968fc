"""A letter demands what is still open: part payments are deducted, in figures and in 大写."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from decimal import Decimal

from docx_text import docx_lines, docx_text
from letter_cases import AS_OF, Case, Line, make_case
from openpyxl import load_workbook

from creditbook.core.policy import preset
from creditbook.documents.letters import letter_context, select_cases, write_letters

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
