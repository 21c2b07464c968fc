"""Checking an archive (chain, guards, files) and gathering a customer's file for an audit."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from creditbook.archive.entry import (
    FACT_LABELS,
    FACTS,
    GENESIS,
    LOCK_NAME,
    LOG_NAME,
    ArchiveEntry,
    sha256_file,
)
from creditbook.protect import owner_only, protect_file
from creditbook.usertext import csv_text


@dataclass(frozen=True)
class ArchiveProblem:
    """Something ``verify`` found wrong, naming the entry and file."""

    message: str
    seq: int | None = None
    file: str | None = None

    def __str__(self) -> str:
        where = f"第 {self.seq} 条" if self.seq is not None else ""
        target = f" {self.file}" if self.file else ""
        return f"{where}{target}: {self.message}".lstrip(": ").strip()


@dataclass(frozen=True)
class Verification:
    entries: int
    head: str
    problems: tuple[ArchiveProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class CustomerHistory:
    """One customer's file: grade and limit over time, letters sent, warnings, other papers."""

    customer_id: str
    ratings: tuple[ArchiveEntry, ...]
    letters: tuple[ArchiveEntry, ...]
    warnings: tuple[ArchiveEntry, ...]
    others: tuple[ArchiveEntry, ...]


def customer_history(entries: list[ArchiveEntry], customer_id: str) -> CustomerHistory:
    """Sort a customer's entries into ratings (grade/limit), letters, warnings and the rest."""
    own = [e for e in entries if e.customer_id == customer_id]
    rating = [e for e in own if e.kind in {"evaluation", "approval", "adjustment", "register"}]
    return CustomerHistory(
        customer_id,
        ratings=tuple(rating),
        letters=tuple(e for e in own if e.kind == "letter"),
        warnings=tuple(e for e in own if e.kind == "warning"),
        others=tuple(e for e in own if e.kind == "document"),
    )


def chain_problems(entries: list[ArchiveEntry]) -> list[ArchiveProblem]:
    problems = []
    previous_hash, expected_seq = GENESIS, 1
    for entry in entries:
        if entry.seq != expected_seq:
            problems.append(
                ArchiveProblem(f"缺少第 {expected_seq}–{entry.seq - 1} 条记录 (entries deleted)")
            )
        if entry.prev_hash != previous_hash:
            problems.append(ArchiveProblem("哈希链断裂 (chain broken: prev_hash)", entry.seq))
        if entry.computed_hash() != entry.hash:
            problems.append(ArchiveProblem("记录内容被改动 (entry altered)", entry.seq))
        previous_hash, expected_seq = entry.hash, entry.seq + 1
    return problems


def inside(root: Path, name: str) -> Path | None:
    """``root/name`` when ``name`` is a plain relative path that stays in the archive folder
    and passes through no symlink; else None (a forged entry such as ``../../etc/hostname``)."""
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    path = root / relative
    for part in (path, *path.parents):
        if part == root:
            break
        if part.is_symlink():
            return None
    return path


def file_problems(root: Path, entries: list[ArchiveEntry]) -> list[ArchiveProblem]:
    """Every logged file present and unchanged; nothing else anywhere in the tree."""
    problems, known = [], set()
    for entry in entries:
        if entry.file is None:
            continue
        known.add(entry.file)
        path = inside(root, entry.file)
        if path is None:
            problems.append(
                ArchiveProblem(
                    "路径在档案目录之外 (path outside the archive)", entry.seq, entry.file
                )
            )
        elif not path.is_file():
            problems.append(ArchiveProblem("文件缺失 (file missing)", entry.seq, entry.file))
        elif sha256_file(path) != entry.sha256:
            problems.append(ArchiveProblem("文件已被改动 (file changed)", entry.seq, entry.file))
    problems += _tree_problems(root, known)
    return problems


def _tree_problems(root: Path, known: set[str]) -> list[ArchiveProblem]:
    """Walk the whole archive: unlogged files at any depth, symlinks refused (not followed)."""
    problems = []
    log_files = {LOG_NAME, f"{LOG_NAME}-journal", f"{LOG_NAME}-wal", f"{LOG_NAME}-shm", LOCK_NAME}
    for folder, folders, files in os.walk(root):
        base = Path(folder)
        for name in sorted(folders):
            if (base / name).is_symlink():
                problems.append(_symlink(root, base / name))
        for name in sorted(files):
            path = base / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                problems.append(_symlink(root, path))
            elif relative not in known and relative not in log_files:
                problems.append(
                    ArchiveProblem("未登记的文件 (file not in the log)", None, relative)
                )
    return sorted(problems, key=lambda p: p.file or "")


def _symlink(root: Path, path: Path) -> ArchiveProblem:
    name = path.relative_to(root).as_posix()
    return ArchiveProblem("符号链接，已拒绝 (symlink refused)", None, name)


def stage_export(
    root: Path, entries: list[ArchiveEntry], staging: Path, password: str | None
) -> list[Path]:
    written, hashes = [], set()
    for entry in entries:
        if not entry.file:
            continue
        source = inside(root, entry.file)
        if source is None or not source.is_file():
            continue  # a forged path (outside the archive) is never read: 不一致或缺失
        target = staging / Path(entry.file).name
        shutil.copyfile(source, target)
        hashes.add(sha256_file(target))
        if password:
            target = protect_file(target, password)  # an encrypted file keeps its own password
        written.append(owner_only(target))
    manifest = staging / "档案清单.csv"
    manifest.write_text(manifest_csv(entries, hashes), encoding="utf-8-sig", newline="")
    log = staging / "档案日志.json"
    log.write_text(
        json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=2), encoding="utf-8"
    )
    lists = [manifest, log]
    if password:  # the lists name customers and amounts too: encrypted .xlsx instead
        lists = [protect_file(path, password) for path in lists]
    return [*written, *(owner_only(path) for path in lists)]


def manifest_csv(entries: list[ArchiveEntry], hashes: set[str]) -> str:
    """档案清单: one row per entry; 文件校验 says whether the exported copy matches the log."""
    header = ["序号", "时间", "经办人", "类型", "文件", "SHA-256", "文件校验"]
    rows: list[list[object]] = [[*header, *FACT_LABELS.values()]]
    for e in entries:
        name = Path(e.file).name if e.file else ""
        check = "" if e.file is None else "一致" if e.sha256 in hashes else "不一致或缺失"
        facts = [e.facts.get(key, "") for key in FACTS]
        rows.append([e.seq, e.recorded_at, e.recorded_by, e.label, name, e.sha256, check, *facts])
    return csv_text(rows)
