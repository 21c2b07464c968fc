"""The credit archive (信用档案): documents per customer in an append-only, hash-chained log."""

from creditbook.archive.audit import (
    ArchiveProblem,
    CustomerHistory,
    Verification,
    customer_history,
)
from creditbook.archive.entry import (
    FACT_LABELS,
    FACTS,
    GENESIS,
    KINDS,
    ArchiveEntry,
    ArchiveError,
    current_user,
    sha256_file,
)
from creditbook.archive.store import ARCHIVE_DIR, LOG_NAME, Archive

__all__ = [
    "ARCHIVE_DIR",
    "FACTS",
    "FACT_LABELS",
    "GENESIS",
    "KINDS",
    "LOG_NAME",
    "Archive",
    "ArchiveEntry",
    "ArchiveError",
    "ArchiveProblem",
    "CustomerHistory",
    "Verification",
    "current_user",
    "customer_history",
    "sha256_file",
]
