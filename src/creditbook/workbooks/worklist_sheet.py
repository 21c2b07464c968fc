"""The aging workbook's 催收工作清单 sheet: the day's collection worklist, every collector on
one sheet (经办人 first), with the figures and next steps of `creditbook worklist`.

Built with data, it holds the worklist of the ledger as of the workbook's 统计日期, with the
register's names and collectors and the contact log's promises, disputes and follow-up
dates when the data carries them (``_sample.ledger()`` does: the sample company's whole
ledger, register and log, so `workbook new aging --sample` and the demo show the demo's
worklist). Values only, no formulas: the list is a day's snapshot, like the CLI's file.
Without data the sheet holds the header and says how to fill it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.workbook import Workbook

from creditbook.core.models import Invoice, RegisterEntry
from creditbook.core.policy import Policy
from creditbook.sample import ContactEntry
from creditbook.workbooks import _sheet as s
from creditbook.workbooks._sheet import BookContext
from creditbook.workbooks.export import Column, ResultTable, fill_sheet

SHEET = "催收工作清单"
EMPTY_TITLE = (
    "催收工作清单（空）：运行 creditbook worklist 台账 --contacts 客户联系与催收记录 "
    "--out 催收工作清单.xlsx 生成每日清单"
)


@dataclass(frozen=True)
class Conversation:
    """What the worklist needs beyond the open items: the whole ledger (receipts since a
    promise count), the register (names, collectors) and the contact log."""

    invoices: tuple[Invoice, ...]
    register: tuple[RegisterEntry, ...] = ()
    contacts: tuple[ContactEntry, ...] = ()


class Ledger(list):
    """The open items the aging workbook lists, with the ``conversation`` behind them."""

    def __init__(self, items: Sequence[Invoice], conversation: Conversation | None = None):
        super().__init__(items)
        self.conversation = conversation


def worklist_table(items, as_of: dt.date) -> ResultTable:
    """Every collector's list on one table: 经办人, then the CLI's worklist columns."""
    from creditbook.workbooks.reports import WORKLIST_COLUMNS, worklist_tables

    columns = (Column("经办人", "text", 10), *WORKLIST_COLUMNS)
    rows = []
    by_sheet = worklist_tables(items, as_of) if items else []
    collectors = list(dict.fromkeys(i.collector for i in items))
    for collector, table in zip(collectors, by_sheet, strict=True):
        rows += [(collector, *row) for row in table.rows]
    title = f"催收工作清单 {as_of.isoformat()}（{len(rows)} 户）"
    return ResultTable(title=title, sheet=SHEET, columns=columns, rows=tuple(rows))


def build(
    workbook: Workbook,
    ctx: BookContext,
    policy: Policy,
    data: Sequence[Invoice] | None,
    as_of: dt.date,
) -> None:
    """Add the 催收工作清单 sheet (see the module)."""
    from creditbook.workbooks.reports import WORKLIST_COLUMNS

    ws = workbook.create_sheet(SHEET)
    if data:
        fill_sheet(ws, worklist_table(day_items(data, policy, as_of), as_of))
    else:
        columns = (Column("经办人", "text", 10), *WORKLIST_COLUMNS)
        fill_sheet(ws, ResultTable(EMPTY_TITLE, SHEET, columns, ()))
    s.print_setup(ws, ctx, repeat_rows="2:2", landscape=True)


def day_items(data: Sequence[Invoice], policy: Policy, as_of: dt.date):
    """The worklist of ``data`` (its conversation when it has one, else the open items)."""
    from creditbook.core.worklist import day_worklist
    from creditbook.sample import contacts_frame, ledger_frame, register_frame

    conversation = getattr(data, "conversation", None) or Conversation(tuple(data))
    ledger = ledger_frame(conversation.invoices)
    register = register_frame(conversation.register) if conversation.register else None
    contacts = contacts_frame(conversation.contacts) if conversation.contacts else None
    return day_worklist(ledger, register, contacts, as_of, policy)
