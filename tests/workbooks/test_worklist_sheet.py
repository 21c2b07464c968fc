"""The aging workbook's 催收工作清单 sheet: built with data it is `creditbook worklist`'s
list for the workbook's 统计日期; the template holds the header and says how to fill it."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from creditbook.core.worklist import day_worklist
from creditbook.sample import contacts_frame, ledger_frame, register_frame, sample_data
from creditbook.workbooks.build import TEMPLATE_DIR, build_workbook, workbook_bytes
from creditbook.workbooks.reports import WORKLIST_COLUMNS, worklist_tables

HEADERS = ["经办人", *(c.header for c in WORKLIST_COLUMNS)]


def _sheet(book: openpyxl.Workbook):
    return book["催收工作清单"]


def _body(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(min_row=3, values_only=True)]


def test_the_sample_workbook_lists_the_clis_worklist_for_its_date():
    data = sample_data()
    book = openpyxl.load_workbook(
        io.BytesIO(workbook_bytes(build_workbook("aging", sample=True, policy="abc")))
    )
    ws = _sheet(book)
    items = day_worklist(
        ledger_frame(data.invoices),
        register_frame(data.register),
        contacts_frame(data.contacts),
        data.as_of,
        "abc",
    )
    expected = []
    for table in worklist_tables(items, data.as_of):
        expected += [(table.sheet, *(None if v == "" else v for v in row)) for row in table.rows]
    assert ws["A1"].value == "催收工作清单 2026-11-30（19 户）"
    assert [c.value for c in ws[2]] == HEADERS
    body = _body(ws)
    assert len(body) == len(items) == 19
    assert [(r[0], r[2]) for r in body] == [(i.collector, i.customer_id) for i in items]
    # money is written as a number: Decimal 1225221.07 reads back 1225221.07
    assert body == [
        tuple(float(v) if isinstance(v, Decimal) else v for v in row) for row in expected
    ]
    kh0026 = next(r for r in body if r[2] == "KH0026")
    # demanded, disputed, held: handed to legal on 2026-10-12, so its promise holds nothing
    assert kh0026[6:9] == (1357087.77, 0, 0)
    assert kh0026[12] == (
        "已违约（承诺 2026-09-21 付 145,300.74）；未到期（承诺 2026-12-07 付 131,866.70）"
    )
    assert ws.freeze_panes == "C3"
    assert ws.print_title_rows == "$2:$2"


def test_the_template_holds_the_header_and_how_to_fill_it():
    ws = _sheet(openpyxl.load_workbook(TEMPLATE_DIR / "aging.xlsx"))
    assert ws["A1"].value == (
        "催收工作清单（空）：运行 creditbook worklist 台账 --contacts 客户联系与催收记录 "
        "--out 催收工作清单.xlsx 生成每日清单"
    )
    assert [c.value for c in ws[2]] == HEADERS
    assert ws.max_row == 2


def test_a_ledger_without_a_contact_log_lists_its_overdue_customers():
    from creditbook.core.policy import resolve_policy
    from creditbook.workbooks.worklist_sheet import day_items

    data = sample_data()
    open_items = [i for i in data.invoices if i.open_amount != 0]
    items = day_items(open_items, resolve_policy("abc"), data.as_of)
    assert {i.customer_id for i in items} == {
        i.customer_id for i in open_items if i.open_amount > 0 and i.due_date < data.as_of
    }
    assert all(i.collector == "未分配" and not i.promise_status for i in items)
