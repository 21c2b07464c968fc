"""Writing many documents: per-item failure reporting, manifest (CSV + JSON), PDF and merging."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from creditbook.files import OutputExists, atomic_write_bytes, atomic_write_text

Progress = Callable[[int, int, str], None]
MANIFEST_FIELDS = (
    "customer_id",
    "customer_name",
    "stage",
    "document",
    "amount",
    "number",
    "file",
    "pdf",
    "sha256",
    "time",
    "error",
)
MANIFEST_HEADERS = (
    "客户编码",
    "客户名称",
    "催收阶段",
    "文书",
    "金额",
    "编号",
    "文件",
    "PDF",
    "SHA-256",
    "生成时间",
    "错误",
)


@dataclass
class Written:
    """One document of a batch, or the reason it failed (``error``)."""

    customer_id: str
    customer_name: str
    stage: str
    document: str
    amount: Decimal | None
    number: str
    file: str = ""
    pdf: str = ""
    sha256: str = ""
    time: str = ""
    error: str = ""


@dataclass
class BatchResult:
    written: list[Written] = field(default_factory=list)
    manifest: list[Path] = field(default_factory=list)
    merged: Path | None = None
    extra: list[Path] = field(default_factory=list)  # e.g. the legal department's list

    @property
    def failed(self) -> list[Written]:
        return [w for w in self.written if w.error]

    @property
    def ok(self) -> list[Written]:
        return [w for w in self.written if not w.error]


def safe_name(text: str) -> str:
    """A file-name part that is safe on Windows and POSIX."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", text).strip(" .")
    return cleaned[:60] or "_"


def file_stems(customer_ids: Sequence[str]) -> dict[str, str]:
    """A file-name part per customer id, distinct within a batch and the same in every run.

    An id that is already a safe, unique name is used as it is. One that cleaning changes
    (``KH/01`` → ``KH_01``), or that clashes with another id ignoring case, gets a short
    suffix taken from its own text, so ``KH/01`` and ``KH:01`` never share a file and a
    later run with only one of them cannot overwrite the other's document.
    """
    cleaned = {cid: safe_name(cid) for cid in dict.fromkeys(customer_ids)}
    seen: dict[str, int] = {}
    for name in cleaned.values():
        seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
    stems = {}
    for cid, name in cleaned.items():
        if name == cid and seen[name.casefold()] == 1:
            stems[cid] = name
        else:
            suffix = hashlib.sha256(cid.encode("utf-8")).hexdigest()[:6]
            stems[cid] = f"{name[:53]}-{suffix}"
    return stems


def now_text() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def write_document(path: Path, data: bytes, force: bool) -> tuple[str, str]:
    """Write atomically; return (sha256, time)."""
    atomic_write_bytes(path, data, force=force)
    return hashlib.sha256(data).hexdigest(), now_text()


def write_item(item: Written, path: Path, render: Callable[[], bytes], force: bool) -> Written:
    """Render and write one document of a batch; a failure is recorded on the item, not raised,
    so that the rest of the batch goes on."""
    try:
        item.sha256, item.time = write_document(path, render(), force)
        item.file = path.name
    except Exception as error:
        item.error = f"{type(error).__name__}: {error}"
    return item


def refuse_existing(paths: Sequence[Path], force: bool) -> None:
    """Stop before anything is written (or a number is used) when outputs exist."""
    if force:
        return
    existing = [str(p) for p in paths if p.exists()]
    if existing:
        shown = ", ".join(existing[:5]) + (
            f" … (+{len(existing) - 5})" if len(existing) > 5 else ""
        )
        raise OutputExists(f"文件已存在 files already exist: {shown}; use --force to overwrite")


def write_manifest(result: BatchResult, folder: Path, stem: str, force: bool) -> list[Path]:
    rows = [asdict(w) for w in result.written]
    for row in rows:
        row["amount"] = "" if row["amount"] is None else f"{row['amount']:.2f}"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MANIFEST_HEADERS)
    for row in rows:
        writer.writerow([row[name] for name in MANIFEST_FIELDS])
    csv_path = folder / f"{stem}.csv"
    json_path = folder / f"{stem}.json"
    atomic_write_bytes(csv_path, ("\ufeff" + buffer.getvalue()).encode("utf-8"), force=force)
    atomic_write_text(json_path, json.dumps(rows, ensure_ascii=False, indent=2) + "\n", force=force)
    return [csv_path, json_path]


def add_pdfs(result: BatchResult, folder: Path, merge_name: str | None, force: bool) -> None:
    """Convert every written document in one batch; optionally merge them for printing."""
    from creditbook.documents.pdf import convert_to_pdf, merge_pdfs

    done = result.ok
    pdfs = convert_to_pdf([folder / w.file for w in done], force=force)
    for item, pdf in zip(done, pdfs, strict=True):
        item.pdf = pdf.name
    if merge_name and pdfs:
        result.merged = merge_pdfs(pdfs, folder / merge_name, force=force)
