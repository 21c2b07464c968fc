"""A letter batch at its edges: a legal-stage customer whose letter fails is still listed with
what is open, the legal list is protected like the letters, and dates follow the letter date."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest
from docx_text import docx_text
from letter_cases import AS_OF, make_case

from creditbook.documents.letters import letter_files, write_letters
from creditbook.files import OutputExists


def _legal(customer_id="C009", amount="98000.00", received="18000.00"):
    case = make_case(customer_id, "南京长兴建材有限公司", 200, amount)
    line = dataclasses.replace(case.lines[0], received=Decimal(received))
    return dataclasses.replace(case, lines=(line,))


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_a_legal_customer_whose_letter_failed_is_listed_with_the_open_amount(settings, tmp_path):
    case = _legal()
    broken = dataclasses.replace(case, lines=(dataclasses.replace(case.lines[0], days_overdue=-1),))
    contacts = {"C009": {"contact": "陈律师", "phone": "025-8888", "address": "南京市江宁区"}}
    result = write_letters([broken], tmp_path, as_of=AS_OF, settings=settings, contacts=contacts)
    # the amount owed is the case's netted balance, known before (and without) the letter
    assert result.written[0].error.startswith("ValidationError: 1 validation error")
    assert result.written[0].amount == Decimal("80000.00")
    table = _rows(tmp_path / "法律程序客户清单.csv")
    assert table[1] == [
        "C009",
        "南京长兴建材有限公司",
        "80000.00",  # 98,000.00 invoiced less 18,000.00 received
        "200",
        "1",
        "华瑞财函〔2026〕0001号",
        "",
        "陈律师",
        "025-8888",
        "南京市江宁区",
    ]


def test_an_existing_legal_list_stops_the_batch_before_a_number_is_spent(settings, tmp_path):
    (tmp_path / "法律程序客户清单.xlsx").write_bytes(b"kept")
    with pytest.raises(OutputExists) as error:
        write_letters([_legal()], tmp_path, as_of=AS_OF, settings=settings)
    assert "法律程序客户清单.xlsx" in str(error.value)
    legal = _legal()
    assert not (tmp_path / letter_files([legal])[legal.customer_id]).exists()
    first = write_letters([make_case("C001", "甲", 12)], tmp_path, as_of=AS_OF, settings=settings)
    assert first.written[0].number == "华瑞财函〔2026〕0001号"  # a reminder needs no legal list
    assert (tmp_path / "法律程序客户清单.xlsx").read_bytes() == b"kept"


def test_an_existing_manifest_stops_the_batch(settings, tmp_path):
    (tmp_path / "催收函-清单.json").write_text("[]", encoding="utf-8")
    with pytest.raises(OutputExists):
        write_letters([make_case("C001", "甲", 12)], tmp_path, as_of=AS_OF, settings=settings)
    assert json.loads((tmp_path / "催收函-清单.json").read_text(encoding="utf-8")) == []


def test_the_letter_date_sets_the_number_year_and_the_payment_deadline(settings, tmp_path):
    letter_date = dt.date(2027, 1, 4)
    result = write_letters(
        [make_case("C002", "乙公司", 45)],
        tmp_path,
        as_of=AS_OF,
        settings=settings,
        letter_date=letter_date,
    )
    assert result.written[0].number == "华瑞财函〔2027〕0001号"
    text = docx_text(tmp_path / "C002_催款函.docx")
    assert "2027年1月14日" in text  # letter date + 10 days
    assert "2027年1月4日" in text


def test_without_a_letter_date_the_letter_is_dated_as_of(settings, tmp_path):
    write_letters([make_case("C002", "乙公司", 45)], tmp_path, as_of=AS_OF, settings=settings)
    text = docx_text(tmp_path / "C002_催款函.docx")
    assert "2026年11月30日" in text and "2026年12月10日" in text


def test_no_legal_list_when_no_customer_is_at_the_legal_stage(settings, tmp_path):
    result = write_letters([make_case("C001", "甲", 12)], tmp_path, as_of=AS_OF, settings=settings)
    assert result.extra == []
    assert not (tmp_path / "法律程序客户清单.csv").exists()
    assert [p.name for p in result.manifest] == ["催收函-清单.csv", "催收函-清单.json"]
