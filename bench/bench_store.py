"""500 letters numbered, logged (reserved, then 已发) and filed in the archive: the shared
PostgreSQL store against the embedded files, in one run, as a ratio (goal ≤ 1.3).

Run: PYTHONPATH=src python bench/bench_store.py [letters] [postgresql://…]
Without a URL a throwaway PostgreSQL cluster is started in a temporary folder (as the
``postgres`` user when run as root), listening on a Unix socket only, with fsync on as a
real server has it. Both stores write to the same local disk; a real team's server is
across the network, so each round trip adds the LAN's latency (≈0.2–0.5 ms) on top.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from creditbook.documents.numbering import SENT, LogEntry
from creditbook.documents.store.embedded import EmbeddedStore
from creditbook.documents.store.postgres import PostgresStore
from creditbook.documents.store.throwaway import throwaway_cluster

DAY = dt.date(2026, 11, 30)
BATCH = 50  # letters per `creditbook letters` run


def letters_run(store: EmbeddedStore | PostgresStore, letters: int, work: Path) -> float:
    """Batches of ``BATCH``: reserve, log reserved (作废), write, log 已发, file each letter."""
    started = time.perf_counter()
    done = 0
    while done < letters:
        count = min(BATCH, letters - done)
        numbers = store.letters.reserve("华瑞财函", 2026, count)
        reserved = [
            LogEntry(
                n,
                DAY,
                f"KH{done + i:04d}",
                "上海某某有限公司",
                "催款函",
                "催款",
                Decimal("12500.50"),
                str(work / f"{done + i}.docx"),
            )
            for i, n in enumerate(numbers)
        ]
        store.letters.log(reserved)
        sent = []
        for i, entry in enumerate(reserved):
            path = work / f"{done + i}.docx"
            path.write_bytes(os.urandom(30_000))  # a letter is about 30 KB
            sent.append(replace(entry, status=SENT, note="", sha256="ab" * 32))
        store.letters.log(sent)
        for i, entry in enumerate(sent):
            store.archive.file(
                entry.customer_id, work / f"{done + i}.docx", "letter", letter_no=entry.number
            )
        done += count
    return time.perf_counter() - started


def main() -> None:
    letters = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with contextlib.ExitStack() as stack:
        if len(sys.argv) > 2:
            url = sys.argv[2]
        else:  # fsync on, as a real server has it
            url = stack.enter_context(
                throwaway_cluster(fsync=True, prefix="creditbook-bench-pg-")
            ).url()
        shared = PostgresStore(url)
        shared.init()
        if shared.counts()["letter_log"]:
            sys.exit(f"{url}: 须为空库 the benchmark needs an empty store")
        with tempfile.TemporaryDirectory() as folder:
            here = Path(folder)
            (here / "pg").mkdir()
            (here / "files").mkdir()
            embedded = EmbeddedStore(
                here / "counter.json", here / "发文登记簿.csv", here / "archive"
            )
            files_s = letters_run(embedded, letters, here / "files")
            pg_s = letters_run(shared, letters, here / "pg")
            assert embedded.archive.verify().ok and shared.archive.verify().ok
    print(f"{letters} 封函件 letters: 编号、登记、归档 numbered, logged and filed")
    print(
        f"  embedded (files + SQLite): {files_s:7.2f} s  ({files_s / letters * 1000:.1f} ms each)"
    )
    print(f"  PostgreSQL               : {pg_s:7.2f} s  ({pg_s / letters * 1000:.1f} ms each)")
    print(f"  ratio PostgreSQL / embedded: {pg_s / files_s:.2f} (goal ≤ 1.3)")


if __name__ == "__main__":
    main()
