"""Where letter numbers, the 发文登记簿 and the credit archive are kept: files beside the
settings (the embedded store, the default) or a PostgreSQL database a whole team shares."""

from creditbook.documents.store.base import ArchiveStore, LetterStore, Store, StoreError
from creditbook.documents.store.config import STORE_ENV, open_store, store_url

__all__ = [
    "STORE_ENV",
    "ArchiveStore",
    "LetterStore",
    "Store",
    "StoreError",
    "open_store",
    "store_url",
]
