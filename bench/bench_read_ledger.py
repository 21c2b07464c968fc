"""Reading a 100,000-row .xlsx ledger and aging it, end to end, against pandas + openpyxl,
and the `creditbook aging` command against its floor.

Run: PYTHONPATH=src python bench/bench_read_ledger.py [rows] [--command-only]
The workbook (title rows above the header, real Excel dates, numbers) is written once to
the temp directory and reused. The baseline is pandas.read_excel(engine="openpyxl") on
the same file followed by the same aging; it does no validation and reports nothing, so
the comparison favours it.

The command is timed in a subprocess, as a user runs it (``creditbook aging FILE --as-of
… --out aging.csv``: 2,000 customers go to the file, a summary to the console), against the
floor: a Python process that only reads the same sheet raw with python-calamine (start-up
included). CPU seconds of the child processes, best of 3; goal (issue 23) ≤ 1.3× the floor.
Two more baselines say what the command cannot avoid: the floor plus importing pandas (the
core's aging works on a DataFrame), and the floor plus every module the command imports.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from creditbook.core.money import fen_from_floats
from creditbook.core.receivables import age
from creditbook.inputs.readers import read_ledger

AS_OF = dt.date(2026, 11, 30)
HEADER = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额", "收款日期"]
CANONICAL = [
    "customer_id",
    "customer_name",
    "invoice_no",
    "invoice_date",
    "due_date",
    "amount",
    "paid_amount",
    "paid_date",
]


def ledger_workbook(rows: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"creditbook-bench-ledger-{rows}.xlsx"
    if path.exists():
        return path
    rng = np.random.default_rng(3)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("应收账款台账")
    sheet.append(["华东贸易有限公司 应收账款台账"])
    sheet.append(["单位：元"])
    sheet.append(HEADER)
    start = dt.date(2024, 1, 1)
    for i in range(rows):
        issued = start + dt.timedelta(days=int(rng.integers(0, 1060)))
        due = issued + dt.timedelta(days=int(rng.choice([30, 45, 60, 90])))
        amount = round(float(rng.integers(100, 500_000)) + int(rng.integers(0, 100)) / 100, 2)
        paid = amount if rng.random() < 0.6 else 0
        paid_on = due + dt.timedelta(days=int(rng.integers(-20, 60))) if paid else None
        customer = f"C{int(rng.integers(0, 2000)):04d}"
        sheet.append(
            [customer, f"客户{customer}有限公司", f"INV{i:07d}", issued, due, amount, paid, paid_on]
        )
    book.save(path)
    return path


def ours(path: Path) -> pd.DataFrame:
    frame, problems = read_ledger(path)
    assert not problems, problems[:3]
    return age(frame, AS_OF).table


def baseline(path: Path) -> pd.DataFrame:
    frame = pd.read_excel(path, engine="openpyxl", header=2)
    frame.columns = CANONICAL
    for column in ("amount", "paid_amount"):
        frame[column] = fen_from_floats(frame[column].fillna(0).to_numpy(float))
    for column in ("invoice_date", "due_date", "paid_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    frame["customer_id"] = frame["customer_id"].astype(object)
    return age(frame, AS_OF).table


def read_only(path: Path) -> pd.DataFrame:
    frame, problems = read_ledger(path, as_of=AS_OF)
    assert not problems, problems[:3]
    return frame


def without_report(path: Path) -> pd.DataFrame:
    """The same read with the reading report (the sheet's own 合计 check included) and the
    sheet-XML look (hidden columns, merged cells, formulas without a value) switched off:
    what the report costs."""
    from creditbook.inputs import readers, sheetxml

    saved = (
        readers.table_report,
        readers.after_as_of,
        readers.total_warnings,
        sheetxml.read_layout,
    )
    readers.table_report = lambda *args: None  # type: ignore[assignment,return-value]
    readers.after_as_of = lambda report, *args: report  # type: ignore[assignment]
    readers.total_warnings = lambda report: []  # type: ignore[assignment]
    sheetxml.read_layout = lambda *args: sheetxml.Layout()  # type: ignore[assignment]
    try:
        return read_only(path)
    finally:
        (
            readers.table_report,
            readers.after_as_of,
            readers.total_warnings,
            sheetxml.read_layout,
        ) = saved


def timed(call: Callable[[], object]) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds (CPU time is the fairer figure on a busy shared machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - start, time.process_time() - cpu, result


def child_cpu(command: list[str], repeat: int = 3) -> float:
    """Best-of CPU seconds (user + system) of a child process, through os.times (portable)."""
    best = float("inf")
    for _ in range(repeat):
        before = os.times()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        after = os.times()
        used = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        best = min(best, used)
    return best


def command_against_floor(path: Path) -> None:
    """`creditbook aging` in a subprocess against start-up + the raw calamine read, and
    against what no reader of the command can avoid: that floor plus importing pandas, and
    plus every module the command imports (typer, rich, pydantic, pandas, creditbook)."""
    python = sys.executable
    raw = (
        "import python_calamine as c; "
        f"c.CalamineWorkbook.from_path({str(path)!r}).get_sheet_by_index(0).to_python()"
    )
    modules = (
        "import creditbook.cli, creditbook.cli.aging, creditbook.inputs.books, "
        "creditbook.inputs.statements, creditbook.inputs.sheetxml, creditbook.core.receivables, "
        "creditbook.workbooks.reports; "
    )
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "aging.csv"
        aging = [python, "-m", "creditbook", "aging", str(path), "--as-of", str(AS_OF)]
        aging += ["--out", str(out), "--force"]
        start = child_cpu([python, "-c", "pass"])
        pandas = child_cpu([python, "-c", "import pandas"])
        floor = child_cpu([python, "-c", raw])
        with_pandas = child_cpu([python, "-c", "import pandas; " + raw])
        with_imports = child_cpu([python, "-c", modules + raw])
        ours = child_cpu(aging)
    print("`creditbook aging --out aging.csv` in a subprocess, CPU s (best of 3)")
    print(f"  python start-up alone                   {start:7.3f}")
    print(f"  python start-up + import pandas         {pandas:7.3f}")
    print(f"  floor: start-up + calamine raw read     {floor:7.3f}")
    print(f"  floor + import pandas                   {with_pandas:7.3f}")
    print(f"  floor + the command's imports           {with_imports:7.3f}")
    print(f"  creditbook aging                        {ours:7.3f}")
    print(f"  ratio aging / floor                     {ours / floor:7.2f}×  (≤ 1.3×)")
    print(f"  ratio aging / (floor + import pandas)   {ours / with_pandas:7.2f}×")
    print(f"  ratio aging / (floor + its imports)     {ours / with_imports:7.2f}×")


def report_cost(path: Path, repeat: int = 5) -> tuple[float, float]:
    """Best-of CPU seconds of read_ledger without and with the reading report, the two
    taken in turn so that a change in the machine's load falls on both."""
    plain, report = float("inf"), float("inf")
    for _ in range(repeat):
        plain = min(plain, timed(lambda: without_report(path))[1])
        report = min(report, timed(lambda: read_only(path))[1])
    return plain, report


def main() -> None:
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()]
    rows = numbers[0] if numbers else 100_000
    path = ledger_workbook(rows)
    command_against_floor(path)
    if "--command-only" in sys.argv:
        return
    ours_wall, ours_cpu, table = min(
        (timed(lambda: ours(path)) for _ in range(2)), key=lambda t: t[0]
    )
    base_wall, base_cpu, base_table = timed(lambda: baseline(path))
    assert table["total"].sum() == base_table["total"].sum()
    size = path.stat().st_size / 1e6
    print(f"read + age a {rows:,}-row .xlsx ledger ({size:.1f} MB), load {os.getloadavg()[0]:.1f}")
    print("                                          wall s    CPU s")
    print(f"  creditbook read_ledger + age (best of 2) {ours_wall:7.3f}  {ours_cpu:7.3f}  (< 3 s)")
    print(f"  pandas.read_excel(openpyxl) + age       {base_wall:7.3f}  {base_cpu:7.3f}")
    print(
        f"  ratio baseline / creditbook             {base_wall / ours_wall:7.1f}× "
        f"{base_cpu / ours_cpu:7.1f}×"
    )
    plain_cpu, report_cpu = report_cost(path)
    frame = read_only(path)
    assert frame.attrs["report"].rows_read == rows
    print(f"  read_ledger without the reading report            -    {plain_cpu:7.3f}")
    print(f"  read_ledger with the reading report               -    {report_cpu:7.3f}")
    cost = report_cpu / plain_cpu - 1
    print(f"  reading report cost (CPU, best of 5 in turn)   {cost:+7.1%}  (≤ 5 %)")


if __name__ == "__main__":
    main()
