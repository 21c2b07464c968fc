"""What both ledger forms (单据明细, 往来明细账) share: the empty ledger frame and the read notes.

``readers`` (invoice form) and ``statements`` (statement form) both import from here, so
neither needs the other's private helpers.
"""

from __future__ import annotations

import pandas as pd

from creditbook.inputs.located import Table
from creditbook.inputs.options import Form
from creditbook.inputs.sources import Grid
from creditbook.inputs.vocabulary import row_rules

LEDGER_DTYPES = {
    "customer_id": "object",
    "customer_name": "object",
    "invoice_no": "object",
    "invoice_date": "datetime64[ns]",
    "due_date": "datetime64[ns]",
    "amount": "int64",
    "paid_amount": "int64",
    "paid_date": "datetime64[ns]",
    "currency": "object",
}


def empty_ledger() -> pd.DataFrame:
    """A ledger frame with no rows and the canonical dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in LEDGER_DTYPES.items()})


def sheet_note(grid: Grid, form: Form) -> str:
    """'读取 read: …' naming the file, sheet and the form it was read in."""
    what = "单据明细 invoice form" if form == "invoice" else "往来明细账 statement form"
    where = f"{grid.file} 工作表 sheet {grid.sheet}" if grid.sheet else grid.file
    others = "、".join(grid.other_sheets)
    return f"读取 read: {where}（{what}）" + (
        f"；其他工作表未读 other sheets not read: {others}" if others else ""
    )


def skipped_notes(table: Table) -> list[str]:
    """'跳过 skipped …' with the count per kind of non-data row; nothing when none."""
    if not table.skipped:
        return []
    labels = row_rules().labels
    parts = [f"{labels[kind]} {count} 行" for kind, count in sorted(table.skipped.items())]
    where = f"{table.grid.file} {table.grid.sheet or ''}".strip()
    return [f"跳过非数据行 skipped rows in {where}: " + "，".join(parts)]
