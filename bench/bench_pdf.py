"""PDF of collection letters: LibreOffice kept running vs one LibreOffice start per batch.

Renders the letters, then converts them in batches twice in the same run: with
``persistent=False`` (the path before: each batch starts soffice, one per worker) and with
the running workers (started by the first batch, reused by the others). Wall and CPU
seconds per letter are printed side by side, with the machine's load average; CPU counts
this process, its finished children and the running LibreOffice workers.

    PYTHONPATH=src python bench/bench_pdf.py [--letters 40] [--batches 4]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from creditbook.documents import samples
from creditbook.documents.render import FastTemplate, template_path
from creditbook.office import libreoffice as office
from creditbook.office.pdf import convert_to_pdf


def letters(count: int, folder: Path) -> list[Path]:
    template = FastTemplate(template_path("demand"))
    base = samples.letter("demand")
    paths = []
    for i in range(1, count + 1):
        context = base.model_copy(update={"customer_name": f"客户{i:05d}有限公司"})
        path = folder / f"K{i:05d}.docx"
        path.write_bytes(template.render_bytes(context))
        paths.append(path)
    return paths


def workers_cpu() -> float:
    """CPU seconds of the running LibreOffice workers (each soffice's process group, and
    its UNO client)."""
    ticks = os.sysconf("SC_CLK_TCK")
    groups, pids = set(), set()
    for pool in office._POOLS.values():
        for worker in pool.workers:
            if worker.office is not None:
                groups.add(worker.office.pid)
            if worker.client is not None:
                pids.add(worker.client.pid)
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in groups or int(entry.name) in pids:  # pgrp; utime, stime
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def cpu_now() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime + workers_cpu()


def run(files: list[Path], batches: int, out: Path, persistent: bool) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each batch."""
    size = -(-len(files) // batches)
    times = []
    for n in range(batches):
        share = files[n * size : (n + 1) * size]
        wall, cpu = time.perf_counter(), cpu_now()
        convert_to_pdf(share, out, persistent=persistent)
        times.append((time.perf_counter() - wall, cpu_now() - cpu))
    return times


def report(label: str, times: list[tuple[float, float]], count: int) -> float:
    wall, cpu = sum(t[0] for t in times), sum(t[1] for t in times)
    print(
        f"  {label:34} {wall:7.2f} s wall ({wall / count:.3f} s/letter), "
        f"{cpu:7.2f} s CPU ({cpu / count:.3f} s/letter)"
    )
    return wall / count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=40)
    parser.add_argument("--batches", type=int, default=4)
    args = parser.parse_args()
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as temp:
        files = letters(args.letters, Path(temp))
        count, per_batch = args.letters, -(-args.letters // args.batches)
        print(f"{count} letters in {args.batches} batches of {per_batch}, 2 workers")
        before = run(files, args.batches, Path(temp) / "batch", persistent=False)
        office.close_pools()
        kept = run(files, args.batches, Path(temp) / "kept", persistent=True)
        office.close_pools()
    old = report("one LibreOffice start per batch", before, count)
    new = report("running LibreOffice (all batches)", kept, count)
    steady = report("running LibreOffice, batches 2…", kept[1:], count - per_batch)
    print(f"  first batch (starts LibreOffice): {kept[0][0]:.2f} s wall, {kept[0][1]:.2f} s CPU")
    print(f"  per letter: {old / new:.1f}x faster overall, {old / steady:.1f}x once running")


if __name__ == "__main__":
    main()
