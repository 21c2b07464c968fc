"""Collection letters in batch: numbering, manifest, legal list, failures, no overwrite."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import json

import pytest
from docx_text import docx_text
from letter_cases import AS_OF, make_case
from openpyxl import load_workbook

from creditbook.documents.letters import select_cases, write_letters
from creditbook.files import OutputExists


def test_one_letter_per_customer_at_its_stage_with_sequential_numbers(cases, settings, tmp_path):
    out = tmp_path / "letters"
    result = write_letters(cases, out, as_of=AS_OF, settings=settings)
    assert [w.file for w in result.written] == [
        "C001_付款提醒函.docx",
        "C002_催款函.docx",
        "C003_最后催告函.docx",
        "C004_最后催告函.docx",  # 法律程序 gets the final notice
    ]
    assert [w.number for w in result.written] == [f"华瑞财函〔2026〕000{n}号" for n in range(1, 5)]
    text = docx_text(out / "C002_催款函.docx")
    assert "A&B <有限> {{x}} 公司" in text and "华瑞财函〔2026〕0002号" in text


def test_numbers_are_never_reused_by_a_second_run(cases, settings, tmp_path):
    write_letters(cases[:2], tmp_path / "a", as_of=AS_OF, settings=settings)
    again = write_letters(cases[:2], tmp_path / "b", as_of=AS_OF, settings=settings)
    assert [w.number for w in again.written] == ["华瑞财函〔2026〕0003号", "华瑞财函〔2026〕0004号"]


def test_manifest_csv_and_json_record_each_file_with_its_sha256(cases, settings, tmp_path):
    out = tmp_path / "letters"
    write_letters(cases, out, as_of=AS_OF, settings=settings)
    rows = json.loads((out / "催收函-清单.json").read_text(encoding="utf-8"))
    assert len(rows) == 4
    for row in rows:
        assert hashlib.sha256((out / row["file"]).read_bytes()).hexdigest() == row["sha256"]
        assert row["time"] and not row["error"]
    assert rows[3]["stage"] == "法律程序" and rows[3]["amount"] == "98000.00"
    with open(out / "催收函-清单.csv", encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0][:6] == ["客户编码", "客户名称", "催收阶段", "文书", "金额", "编号"]
    assert table[2][1] == "A&B <有限> {{x}} 公司"


def test_customers_at_legal_stage_are_listed_for_the_legal_department(cases, settings, tmp_path):
    out = tmp_path / "letters"
    result = write_letters(cases, out, as_of=AS_OF, settings=settings)
    assert [p.name for p in result.extra] == ["法律程序客户清单.csv", "法律程序客户清单.xlsx"]
    sheet = load_workbook(out / "法律程序客户清单.xlsx").active
    assert sheet["A3"].value == "C004" and sheet["C3"].value == 98000
    assert sheet["F3"].value == "华瑞财函〔2026〕0004号"
    assert sheet.max_row == 3  # only the 法律程序 customer


def test_a_failing_customer_is_reported_and_the_rest_complete(cases, settings, tmp_path):
    broken = dataclasses.replace(
        cases[1], lines=(dataclasses.replace(cases[1].lines[0], days_overdue=-5),)
    )
    result = write_letters([cases[0], broken, cases[2]], tmp_path, as_of=AS_OF, settings=settings)
    assert [bool(w.error) for w in result.written] == [False, True, False]
    assert "days_overdue" in result.failed[0].error
    assert (tmp_path / "C001_付款提醒函.docx").exists()
    assert not (tmp_path / "C002_催款函.docx").exists()
    assert (tmp_path / "C003_最后催告函.docx").exists()
    logged = json.loads((tmp_path / "催收函-清单.json").read_text(encoding="utf-8"))
    assert logged[1]["error"] and logged[1]["number"] == "华瑞财函〔2026〕0002号"


def test_existing_letters_are_kept_and_no_number_is_spent(cases, settings, tmp_path):
    write_letters(cases[:1], tmp_path, as_of=AS_OF, settings=settings)
    before = (tmp_path / "C001_付款提醒函.docx").read_bytes()
    with pytest.raises(OutputExists):
        write_letters(cases[:1], tmp_path, as_of=AS_OF, settings=settings)
    assert (tmp_path / "C001_付款提醒函.docx").read_bytes() == before
    forced = write_letters(cases[:1], tmp_path, as_of=AS_OF, settings=settings, force=True)
    assert forced.written[0].number == "华瑞财函〔2026〕0002号"


def test_progress_is_reported_for_every_customer(cases, settings, tmp_path):
    seen = []
    write_letters(
        cases,
        tmp_path,
        as_of=AS_OF,
        settings=settings,
        progress=lambda done, total, who: seen.append((done, total, who)),
    )
    assert seen == [(1, 4, "C001"), (2, 4, "C002"), (3, 4, "C003"), (4, 4, "C004")]


def test_select_by_stage_name_or_letter_kind_and_by_customer(cases):
    assert [c.customer_id for c in select_cases(cases, stages=["催款"])] == ["C002"]
    assert [c.customer_id for c in select_cases(cases, stages=["legal"])] == ["C004"]
    assert [c.customer_id for c in select_cases(cases, customers=["C001", "C003"])] == [
        "C001",
        "C003",
    ]


def test_contacts_from_the_register_fill_the_address_block(cases, settings, tmp_path):
    contacts = {
        "C001": {
            "customer_name": "苏州恒通电子有限公司（全称）",
            "contact": "周经理",
            "address": "苏州市工业园区星湖街 328 号",
        }
    }
    write_letters(cases[:1], tmp_path, as_of=AS_OF, settings=settings, contacts=contacts)
    text = docx_text(tmp_path / "C001_付款提醒函.docx")
    assert "苏州恒通电子有限公司（全称）" in text and "星湖街 328 号" in text and "周经理" in text


def test_unsafe_customer_id_makes_a_safe_file_name_with_a_suffix_of_its_own(settings, tmp_path):
    case = make_case("../C:9*", "某公司", 40)
    result = write_letters([case], tmp_path, as_of=AS_OF, settings=settings)
    # the suffix is the start of the id's SHA-256, so it is the same in every run
    assert result.written[0].file == "_C_9_-8287a1_催款函.docx"
    assert (tmp_path / result.written[0].file).exists()


def test_interest_is_claimed_only_on_what_the_credits_leave_oldest_first():
    from decimal import Decimal

    from creditbook.core.collections import OverdueLine
    from creditbook.core.interest import InterestTerms, load_lpr
    from creditbook.documents.letters import case_interest

    def line(number, due, amount, kind="invoice"):
        days = (AS_OF - due).days
        return OverdueLine(
            number, due, due, Decimal(amount), Decimal(0), Decimal(amount), days, kind
        )

    old, new = dt.date(2026, 8, 31), dt.date(2026, 10, 31)
    case = dataclasses.replace(
        make_case("C9", "某公司", 91),
        lines=(
            line("A", old, "1000.00"),
            line("B", new, "2000.00"),
            line("CN", new, "-1500.00", "credit_note"),
        ),
    )
    result = case_interest(case, AS_OF, InterestTerms(), load_lpr())
    # A (oldest) is fully covered; B keeps 1,500.00: × 3.00% × 1.5 × 30 / 365 = 5.547… → 5.55
    assert [(ln.invoice_no, ln.principal, ln.days) for ln in result.lines] == [
        ("B", Decimal("1500.00"), 30)
    ]
    assert result.total == Decimal("5.55")
