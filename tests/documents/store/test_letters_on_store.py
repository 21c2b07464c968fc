"""`creditbook letters` and the batch on the team's PostgreSQL store instead of the files."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from creditbook.cli import app
from creditbook.documents.batch import Numbering, Written, run_batch
from creditbook.documents.logcheck import NOT_GENERATED_NOTE
from creditbook.documents.numbering import RESERVED_NOTE, SENT, VOID, LogEntry
from creditbook.documents.store.postgres import PostgresStore

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "cli"))
from user_files import real_settings, write_ledger, write_register

runner = CliRunner()
AS_OF = dt.date(2026, 11, 30)
D = dt.date
ROWS = [
    ["KH001", "苏州甲精密有限公司", "XS-101", D(2026, 8, 15), D(2026, 10, 1), 10000, 0, None],
    ["KH004", "南通丁建材有限公司", "XS-401", D(2025, 9, 1), D(2025, 10, 26), 50000, 0, None],
    ["KH005", "泰州庚化工有限公司", "XS-701", D(2026, 8, 1), D(2026, 10, 1), 8000, 0, None],
]  # fmt: skip
REGISTER = [
    ["KH001", "苏州甲精密有限公司", "", "周经理", "0512-1", "苏州", "A", 100000, 60],
    ["KH004", "南通丁建材有限公司", "", "", "", "", "B", 30000, 45],
    ["KH005", "泰州庚化工有限公司", "", "", "", "", "B", 30000, 45],
]  # fmt: skip


def test_letters_take_their_numbers_from_the_shared_store(pg_url: str, tmp_path: Path) -> None:
    ledger = write_ledger(tmp_path / "应收账款明细账.xlsx", ROWS, AS_OF)
    register = write_register(tmp_path / "客户信用档案.xlsx", REGISTER)
    config = real_settings(tmp_path)
    env = {"CREDITBOOK_STORE": pg_url, "COLUMNS": "400"}
    for out in ("pc1", "pc2"):
        result = runner.invoke(app, [
            "letters", str(ledger), "--register", str(register), "--as-of", AS_OF.isoformat(),
            "--out", str(tmp_path / out), "--config", str(config),
        ], env=env)  # fmt: skip
        assert result.exit_code == 0, result.output
    store = PostgresStore(pg_url)
    latest = store.letters.latest()
    prefix = latest[0].number.split("〔")[0]
    assert [e.number for e in latest] == [f"{prefix}〔2026〕{n:04d}号" for n in range(1, 7)]
    assert {e.status for e in latest} == {SENT}
    assert all(len(e.sha256) == 64 and Path(e.file).is_file() for e in latest)
    assert {Path(e.file).parent.name for e in latest} == {"pc1", "pc2"}
    assert store.letters.counters() == {(prefix, 2026): 6}
    assert not (tmp_path / "发文登记簿.csv").exists()  # nothing went to the local files
    assert store.letters.problems() == []


def _reserved(number: str, file: Path) -> LogEntry:
    return LogEntry(number, AS_OF, "KH9", "客户", "催款函", "催款", None, str(file))


def test_an_interrupted_run_of_this_pc_is_settled_and_another_pcs_is_left(
    pg_url: str, tmp_path: Path
) -> None:
    store = PostgresStore(pg_url)
    out = tmp_path / "out"
    out.mkdir()
    mine, theirs = store.letters.reserve("恒达财函", 2026, 2)
    store.letters.log([_reserved(mine, out / "KH9.docx")])
    store.letters._append([_reserved(theirs, out / "KH8.docx")], dedupe=True, by="li@pc-7")

    def make(index: int, number: str):
        item = Written("KH01", "苏州恒通电子有限公司", "催款", "催款函", Decimal("1.00"), number)
        return item, out / "KH01.docx", lambda: b"letter"

    numbering = Numbering(Path("unused.json"), "恒达财函", AS_OF, Path("unused.csv"))
    numbering = Numbering(**{**vars(numbering), "store": store.letters})
    result = run_batch(out, 1, make, numbering=numbering, expected=[], manifest_stem="清单")
    assert result.notices[0].startswith("发现上次中断的批次 an interrupted run was found")
    states = {e.number: (e.status, e.note) for e in store.letters.latest()}
    assert states == {
        mine: (VOID, NOT_GENERATED_NOTE),
        theirs: (VOID, RESERVED_NOTE),
        "恒达财函〔2026〕0003号": (SENT, ""),
    }
    assert not Path("unused.csv").exists()


def test_letter_log_lists_voids_and_exports_the_shared_log(pg_url: str, tmp_path: Path) -> None:
    import openpyxl

    store = PostgresStore(pg_url)
    first, second = store.letters.reserve("恒达财函", 2026, 2)
    sent = [
        LogEntry(n, AS_OF, "KH9", "无锡乙贸易有限公司", "催款函", "催款", Decimal("2000.00"),
                 f"{n}.docx", SENT, "")
        for n in (first, second)
    ]  # fmt: skip
    store.letters.log(sent)
    env = {"CREDITBOOK_STORE": pg_url, "COLUMNS": "400"}
    out = tmp_path / "登记簿.xlsx"
    result = runner.invoke(
        app, ["letter-log", "--void", second, "--reason", "客户已付款，未寄出", "--out", str(out)],
        env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"已作废 voided: {second} 无锡乙贸易有限公司" in result.output
    assert ": 2 条 entries" in result.output
    assert {e.number: (e.status, e.note) for e in store.letters.latest()} == {
        first: (SENT, ""),
        second: (VOID, "客户已付款，未寄出"),
    }
    rows = list(openpyxl.load_workbook(out).active.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[8], r[9]) for r in rows] == [
        (first, SENT, None),
        (second, VOID, "客户已付款，未寄出"),
    ]
    missing = runner.invoke(
        app, ["letter-log", "--void", "恒达财函〔2026〕0009号", "--reason", "x"], env=env
    )
    assert missing.exit_code == 1
    assert "登记簿中没有这些编号 not in the log: 恒达财函〔2026〕0009号" in missing.output
