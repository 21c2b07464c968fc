"""The sheet's own 合计 row against the rows read: a total the user can check at a glance.

An export or a hand ledger ends with a 合计 (总计) row. The reader skips it (it is not an
invoice), but its figures are the finance staff's own check: when the amounts read add up
to it, nothing was dropped or read twice; when they do not (a 万元 column typed in 元 on one
row, a row the reader took for a title, a 合计 the user forgot to update), the user must know
before trusting any total. The last 合计 row below every data row is the sheet's grand total;
小计 rows and 本月合计 / 本年累计 lines are subtotals and are not compared.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from creditbook.core.money import from_fen
from creditbook.inputs import cells
from creditbook.inputs.located import Table
from creditbook.inputs.tables import column_letter

_SUBTOTAL = ("小计", "本月", "本期", "本季", "本年", "累计", "分计")


@dataclass(frozen=True)
class SheetTotal:
    """One money column's figure on the sheet's 合计 row against the total of the rows read."""

    letter: str
    header: str
    on_sheet: Decimal
    read: Decimal
    voided: Decimal | None = None  # the 合计 agrees once the void rows it still counts are added

    @property
    def agrees(self) -> bool:
        return self.on_sheet == self.read


@dataclass(frozen=True)
class SheetTotals:
    """The comparison of the sheet's grand-total row (Excel row ``row``) column by column."""

    file: str
    sheet: str | None
    row: int
    columns: tuple[SheetTotal, ...]

    @property
    def where(self) -> str:
        return f"{self.file} {self.sheet}" if self.sheet else self.file

    def line(self) -> str:
        """The reading report's line: agreement, or each column that differs."""
        if all(c.agrees for c in self.columns):
            letters = "、".join(f"{c.letter} {c.header}" for c in self.columns)
            voided = "；".join(
                f"{c.letter} 列含作废单据 void documents {c.voided:,.2f}"
                for c in self.columns
                if c.voided is not None
            )
            return (
                f"表中合计 the sheet's 合计 (第 {self.row} 行 row {self.row}): "
                f"与读出的行相符 agrees with the rows read（{letters}）"
                + (f"，表中合计中 {voided}，未计入 not counted" if voided else "")
            )
        return "表中合计 the sheet's 合计: " + "；".join(self.differences())

    def differences(self) -> list[str]:
        return [
            f"第 {self.row} 行 row {self.row} {c.letter} {c.header} 表中 on the sheet "
            f"{c.on_sheet:,.2f} ≠ 读出 read {c.read:,.2f}（差 difference "
            f"{c.on_sheet - c.read:,.2f}）"
            for c in self.columns
            if not c.agrees
        ]

    def warning(self) -> str | None:
        """The warning a command shows above its figures when a column differs."""
        if all(c.agrees for c in self.columns):
            return None
        return (
            f"{self.where} 表中合计与读出的行不符 the sheet's 合计 does not match the rows read: "
            + "；".join(self.differences())
            + " — 请核对是否有行未读或重复、金额单位是否一致 check for rows missed or read twice "
            "and for the unit"
        )


def _row_words(table: Table, position: int) -> str:
    texts = (
        unicodedata.normalize("NFKC", value)
        for column in table.body_columns
        if isinstance(value := column[position], str)
    )
    return "".join("".join(texts).split())


def _totals(table: Table) -> list[int]:
    """Body positions of the 合计 rows that are not subtotals, in sheet order."""
    return [
        position
        for position, kind in table.marks.items()
        if kind == "total" and not any(w in _row_words(table, position) for w in _SUBTOTAL)
    ]


def grand_total_row(table: Table, totals: list[int] | None = None) -> int | None:
    """The body position of the sheet's grand-total row: the last 合计 row (of ``totals``,
    found when not given), when it lies below every data row; None when there is none."""
    totals = _totals(table) if totals is None else totals
    if not totals or totals[-1] < max(table.kept, default=-1):
        return None
    return totals[-1]


def _voided(table: Table, col: int, scale: int) -> int:
    """The fen of column ``col`` on the rows set aside as void (作废), which a hand-kept
    合计 may still include."""
    rows = [p for p, kind in table.marks.items() if kind == "void"]
    if not rows:
        return 0
    fen, _, bad = cells.amount_column([table.body_columns[col][p] for p in rows], scale)
    fen[bad] = 0
    return int(fen.sum())


def compare_sheet_totals(table: Table, money: Mapping[str, np.ndarray]) -> SheetTotals | None:
    """The sheet's grand-total row against ``money`` (field → the fen read, one per data
    row), for the columns where that row holds an amount; None without such a row."""
    totals = _totals(table)
    position = grand_total_row(table, totals)
    if position is None:
        return None
    # A hand ledger may close each customer with its own 合计: the last one then totals the
    # rows since the 合计 before it, and agreeing with those is agreeing.
    since = totals[-2] if len(totals) > 1 else -1
    block = np.asarray(table.kept, dtype=np.int64) > since
    header = table.header
    compared = []
    for name, fen in money.items():
        col = header.columns[name]
        value = table.body_columns[col][position] if col < len(table.body_columns) else None
        on_sheet, blank, bad = cells.amount_column([value], header.scale(name))
        if blank[0] or bad:
            continue  # a 合计 row leaves some columns empty, or holds a count of rows there
        read, voided = int(fen.sum()), _voided(table, col, header.scale(name))
        if since >= 0 and int(on_sheet[0]) == int(fen[block].sum()):
            read = int(on_sheet[0])
        counted = voided and int(on_sheet[0]) == read + voided
        compared.append(
            SheetTotal(
                column_letter(col),
                header.labels[col],
                from_fen(int(on_sheet[0])),
                from_fen(read + voided if counted else read),
                from_fen(voided) if counted else None,
            )
        )
    if not compared:
        return None
    row = table.first_body_row + position
    return SheetTotals(table.grid.file, table.grid.sheet, row, tuple(compared))
