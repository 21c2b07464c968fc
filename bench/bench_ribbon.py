"""生成文书: how long one click takes per workbook kind, and with a 10,000-line ledger.

Run: PYTHONPATH=src python bench/bench_ribbon.py [ledger lines]
Excel's side (reading the sheets over COM, the message boxes) is not timed: the host here
hands over values already calculated. Each click writes into a fresh folder.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from creditbook.ribbon.book import WorkbookValues
from creditbook.ribbon.run import run
from creditbook.workbooks.build import new_workbook_file
from creditbook.workbooks.recalc import read_values


class Host:
    def __init__(self, values: WorkbookValues) -> None:
        self.values = values
        self.told: list[str] = []

    def read(self) -> WorkbookValues:
        return self.values

    def ask(self, prompt: str) -> bool:
        return True

    def tell(self, prompt: str, problem: bool = False) -> None:
        self.told.append(prompt)

    def open_folder(self, folder: Path) -> None:
        pass


def values_of(path: Path) -> WorkbookValues:
    sheets = {}
    for name, cells in read_values(path).items():
        places = {}
        for ref, value in cells.items():
            column, row = coordinate_from_string(ref)
            places[row, column_index_from_string(column)] = value
        rows = max(r for r, _ in places) if places else 1
        cols = max(c for _, c in places) if places else 1
        sheets[name] = [
            [places.get((r, c)) for c in range(1, cols + 1)] for r in range(1, rows + 1)
        ]
    return WorkbookValues(path.name, path, {"creditbook.kind": path.stem}, sheets)


def grown_ledger(values: WorkbookValues, lines: int) -> WorkbookValues:
    """The aging workbook with its ledger repeated up to ``lines`` invoices (numbers unique)."""
    rows = values.sheets["应收台账"]
    head, body = rows[:4], [r for r in rows[4:] if r[0]]
    grown = []
    for i in range(lines):
        row = list(body[i % len(body)])
        row[2] = f"{row[2]}-{i}"
        grown.append(row)
    sheets = {**values.sheets, "应收台账": head + grown}
    return WorkbookValues(values.name, values.path, values.properties, sheets)


def timed(label: str, action) -> None:
    start = time.perf_counter()
    action()
    print(f"{label:<40} {time.perf_counter() - start:7.2f} s")


def main(lines: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-ribbon-"))
    (folder / "creditbook.toml").write_text("", encoding="utf-8")
    books = {
        kind: values_of(new_workbook_file(kind, folder / f"{kind}.xlsx", sample=True))
        for kind in ("evaluation", "aging", "survey")
    }
    for kind, values in books.items():
        host = Host(values)
        timed(f"click: {kind}", lambda host=host: run(host))
        print("   ", host.told[-1].splitlines()[0])
    big = grown_ledger(books["aging"], lines)
    host = Host(big)
    timed(f"click: aging, {lines:,} ledger lines", lambda: run(host))
    print("   ", host.told[-1].splitlines()[0])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
