"""Archive entries: what is logged about a document or event, and how it is hashed."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import sqlite3
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from creditbook.core.errors import CreditbookError

GENESIS = "0" * 64
LOG_NAME = "archive-log.sqlite3"
LOCK_NAME = "archive-log.lock"
KINDS = {
    "evaluation": "信用评估",
    "approval": "额度审批",
    "letter": "催收函",
    "warning": "预警",
    "adjustment": "信用调整",
    "register": "档案登记",
    "document": "其他资料",
}
FACT_LABELS = {
    "as_of": "基准日",
    "inputs_hash": "输入哈希",
    "score": "得分",
    "grade": "等级",
    "limit": "额度",
    "term_days": "期限(天)",
    "policy": "政策",
    "policy_version": "政策版本",
    "letter_no": "函件编号",
    "stage": "催收阶段",
    "amount": "金额",
    "note": "备注",
}
FACTS = tuple(FACT_LABELS)


class ArchiveError(CreditbookError):
    """The archive is missing, or a request to it cannot be met."""


@dataclass(frozen=True)
class ArchiveEntry:
    """One line of the log. ``file`` is relative to the archive folder (POSIX separators)."""

    seq: int
    recorded_at: str
    recorded_by: str
    customer_id: str
    kind: str
    file: str | None
    sha256: str | None
    facts: dict[str, object] = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    def computed_hash(self) -> str:
        """sha256 of the previous hash followed by this entry's canonical JSON."""
        body = {key: value for key, value in asdict(self).items() if key != "hash"}
        canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256((self.prev_hash + canonical).encode("utf-8")).hexdigest()


def current_user() -> str:
    """The OS user name; who is recorded when ``--by`` is not given."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def clean_facts(facts: dict[str, object]) -> dict[str, object]:
    unknown = sorted(set(facts) - set(FACTS))
    if unknown:
        raise ArchiveError(f"未知的档案字段 unknown fact(s): {', '.join(unknown)}")
    return {key: json_value(value) for key, value in facts.items() if value not in (None, "")}


def check_kind(kind: str) -> str:
    """An entry's kind, refused when it is not one of ``KINDS`` (every store checks it here)."""
    if kind not in KINDS:
        raise ArchiveError(f"未知的档案类型 unknown kind {kind!r}; 可用: {', '.join(KINDS)}")
    return kind


def check_customer(customer_id: str) -> str:
    customer_id = str(customer_id).strip()
    if not customer_id or customer_id in {".", ".."} or any(c in customer_id for c in "/\\:"):
        raise ArchiveError(f"客户编码不能用作档案目录名: {customer_id!r}")
    return customer_id


def row_entry(row: sqlite3.Row) -> ArchiveEntry:
    return ArchiveEntry(
        seq=row["seq"],
        recorded_at=row["recorded_at"],
        recorded_by=row["recorded_by"],
        customer_id=row["customer_id"],
        kind=row["kind"],
        file=row["file"],
        sha256=row["sha256"],
        facts=json.loads(row["facts"]),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )
