"""The sample ledger and register files open in Excel with Chinese headers and exact amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from creditbook.core.models import LEDGER_COLUMNS, REGISTER_COLUMNS, REGISTER_GROUP_COLUMNS
from creditbook.files import OutputExists
from creditbook.inputs.readers import read_ledger, read_register
from creditbook.sample import ledger_frame, register_frame, sample_data
from creditbook.workbooks.sample_files import write_ledger, write_sample_files


def test_ledger_and_register_files_have_the_chinese_headers_and_every_row(tmp_path):
    data = sample_data()
    ledger_path, register_path = write_sample_files(data, tmp_path)
    ledger = load_workbook(ledger_path).active
    assert ledger.title == "应收账款台账"
    assert [c.value for c in ledger[1]] == list(LEDGER_COLUMNS.values())
    assert ledger.max_row == len(data.invoices) + 1
    total = sum(Decimal(str(row[5])) for row in ledger.iter_rows(min_row=2, values_only=True))
    assert total == sum(i.amount for i in data.invoices)
    register = load_workbook(register_path).active
    assert [c.value for c in register[1]] == [
        *REGISTER_COLUMNS.values(),
        *REGISTER_GROUP_COLUMNS.values(),
    ]
    assert register.max_row == len(data.customers) + 1


def test_an_existing_file_is_kept_without_force(tmp_path):
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"keep")
    with pytest.raises(OutputExists):
        write_ledger(sample_data(), target)
    assert target.read_bytes() == b"keep"
    write_ledger(sample_data(), target, force=True)
    assert load_workbook(target).active.title == "应收账款台账"


def test_the_ledger_and_register_readers_take_the_files_back_unchanged(tmp_path):
    data = sample_data()
    ledger_path, register_path = write_sample_files(data, tmp_path)
    ledger, problems = read_ledger(ledger_path)
    assert problems == []
    expected = ledger_frame(data.invoices)
    assert ledger["invoice_no"].tolist() == expected["invoice_no"].tolist()
    assert ledger["amount"].sum() == expected["amount"].sum()
    assert ledger["paid_date"].isna().sum() == expected["paid_date"].isna().sum()
    register, problems = read_register(register_path)
    assert problems == []
    assert register["limit"].tolist() == register_frame(data.register)["limit"].tolist()
    assert register["失信被执行"].sum() == 1


def test_the_sample_running_statement_reconciles_and_owes_what_the_invoice_ledger_owes(tmp_path):
    """Read first-in-first-out, each customer's statement owes the open total of its invoices;
    only the buckets differ (FIFO settles the oldest invoices first)."""
    from creditbook.core.receivables import age
    from creditbook.inputs.books import read_books
    from creditbook.workbooks.sample_files import write_statement_ledger

    data = sample_data()
    ledger_path, register_path = write_sample_files(data, tmp_path)
    path = write_statement_ledger(data, tmp_path / "应收账款明细账.xlsx")
    assert load_workbook(path).sheetnames == ["KH0004", "KH0006", "KH0008"]
    books = read_books(path, register_path)
    statement = age(books.ledger, data.as_of).table.set_index("customer_id")["total"]
    invoices, _ = read_ledger(ledger_path)
    expected = age(invoices, data.as_of).table.set_index("customer_id")["total"]
    assert statement.to_dict() == {c: expected[c] for c in ("KH0004", "KH0006", "KH0008")}
    assert statement["KH0006"] == 81162118  # fen
