"""Collection letters: our batch path vs the naive docxtpl loop, and PDF seconds per letter.

CPU seconds through os.times (this process and its children); ours best of 3, the naive
loop (about 25 s CPU for 500 letters) once. Goal (issue 23): write_letters ≤ 0.10 of the
naive loop.

Run: PYTHONPATH=src python bench/bench_letters.py [--letters 500] [--pdf 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from docxtpl import DocxTemplate

from creditbook.core.policy import preset
from creditbook.documents import samples
from creditbook.documents.letters import write_letters
from creditbook.documents.render import FastTemplate, context_dict, environment, template_path
from creditbook.office.pdf import convert_to_pdf, find_soffice
from creditbook.settings import Settings

AS_OF = dt.date(2026, 11, 30)


def contexts(count: int) -> list:
    base = samples.letter("demand")
    return [
        base.model_copy(
            update={
                "customer_id": f"K{i:05d}",
                "customer_name": f"客户{i:05d}有限公司",
                "letter_no": f"华瑞财函〔2026〕{i:04d}号",
            }
        )
        for i in range(1, count + 1)
    ]


def cpu_seconds() -> float:
    """CPU seconds of this process and its finished children (os.times: any platform)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(function, *args, repeat: int = 1) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its children), best of ``repeat``."""
    runs = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), cpu_seconds()
        function(*args)
        runs.append((time.perf_counter() - wall, cpu_seconds() - cpu))
    return min(r[0] for r in runs), min(r[1] for r in runs)


def naive(items: list, folder: Path) -> float:
    """The loop everyone writes first: open the template, render, save — per letter."""
    path = template_path("demand")
    start = time.perf_counter()
    for context in items:
        document = DocxTemplate(str(path))
        document.render(context_dict(context), environment(), autoescape=True)
        document.save(folder / f"{context.customer_id}.docx")
    return time.perf_counter() - start


def fast(items: list, folder: Path) -> float:
    """Ours: the template parsed once; each letter renders the XML parts and writes the zip."""
    start = time.perf_counter()
    template = FastTemplate(template_path("demand"))
    for context in items:
        (folder / f"{context.customer_id}.docx").write_bytes(template.render_bytes(context))
    return time.perf_counter() - start


def cases(count: int) -> list:
    stage = preset("abc").dunning[1]
    line = SimpleNamespace(
        invoice_no="XS-1",
        invoice_date=dt.date(2026, 8, 1),
        due_date=dt.date(2026, 9, 15),
        amount=Decimal("12128.27"),
        received=Decimal("0"),
        days_overdue=76,
    )
    return [
        SimpleNamespace(
            customer_id=f"K{i:05d}",
            customer_name=f"客户{i:05d}有限公司",
            stage=stage,
            max_days_overdue=76,
            lines=(line,) * 3,
        )
        for i in range(1, count + 1)
    ]


def batch(count: int, folder: Path) -> float:
    """write_letters end to end: numbers, atomic files, sha256, manifest (a new folder for
    each run)."""
    run = Path(tempfile.mkdtemp(dir=folder))
    settings = Settings(counter_file=str(run / "counter.json"))
    start = time.perf_counter()
    write_letters(cases(count), run / "out", as_of=AS_OF, settings=settings)
    return time.perf_counter() - start


def pdf_batch(count: int, folder: Path) -> float:
    template = FastTemplate(template_path("demand"))
    files = []
    for context in contexts(count):
        path = folder / f"{context.customer_id}.docx"
        path.write_bytes(template.render_bytes(context))
        files.append(path)
    start = time.perf_counter()
    convert_to_pdf(files, folder / "pdf")
    return time.perf_counter() - start


def pdf_one_by_one(count: int, folder: Path) -> float:
    """Baseline: one soffice start per letter (what a simple script does)."""
    template = FastTemplate(template_path("demand"))
    soffice = find_soffice()
    start = time.perf_counter()
    for context in contexts(count):
        path = folder / f"{context.customer_id}.docx"
        path.write_bytes(template.render_bytes(context))
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(path),
            ],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--pdf", type=int, default=50)
    args = parser.parse_args()
    items = contexts(args.letters)
    n = args.letters
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        for name in ("naive", "fast", "batch", "pdf", "pdf1"):
            (root / name).mkdir()
        fast(items[:5], root / "fast")  # warm imports and caches for both
        ours, ours_cpu = timed(fast, items, root / "fast", repeat=3)
        baseline, baseline_cpu = timed(naive, items, root / "naive")
        for label, wall, cpu in (
            ("naive docxtpl loop", baseline, baseline_cpu),
            ("FastTemplate      ", ours, ours_cpu),
        ):
            print(
                f"{n} letters  {label}: {wall:7.2f} s wall ({wall / n * 1000:6.2f} ms/letter), "
                f"{cpu / n * 1000:6.2f} ms CPU/letter"
            )
        print(f"speed-up: {baseline / ours:.1f}x wall, {baseline_cpu / ours_cpu:.1f}x CPU")
        whole, whole_cpu = timed(batch, n, root / "batch", repeat=3)
        print(
            f"{n} letters  write_letters (numbers, atomic files, sha256, manifest): "
            f"{whole:.2f} s wall ({whole / n * 1000:.2f} ms/letter), "
            f"{whole_cpu / n * 1000:.2f} ms CPU/letter"
        )
        print(
            f"write_letters / naive docxtpl loop: {whole / baseline:.3f} wall, "
            f"{whole_cpu / baseline_cpu:.3f} CPU"
        )
        if args.pdf:
            pdf_report(args.pdf, root)


def pdf_report(count: int, root: Path) -> None:
    try:
        seconds, cpu = timed(pdf_batch, count, root / "pdf")
    except Exception as error:
        print(f"PDF skipped: {error}", file=sys.stderr)
        return
    print(
        f"PDF batch of {count}: {seconds:.2f} s wall ({seconds / count:.3f} s/letter), "
        f"{cpu / count:.3f} CPU s/letter (LibreOffice included)"
    )
    few = min(5, count)
    one, one_cpu = timed(pdf_one_by_one, few, root / "pdf1")
    print(
        f"PDF one soffice per letter ({few}): {one / few:.3f} s/letter wall, "
        f"{one_cpu / few:.3f} CPU s/letter; batch is {one / few / (seconds / count):.1f}x "
        "faster per letter"
    )


if __name__ == "__main__":
    main()
