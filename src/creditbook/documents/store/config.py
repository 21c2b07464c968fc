"""Choosing the store: ``CREDITBOOK_STORE`` (wins) or ``store = "postgresql://…"`` in
creditbook.toml; neither means the embedded files beside the settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from creditbook.core.errors import CreditbookError

if TYPE_CHECKING:
    from creditbook.documents.store.base import Store
    from creditbook.documents.store.postgres import PostgresLetters
    from creditbook.settings import Settings

STORE_ENV = "CREDITBOOK_STORE"


def _check_scheme(url: str) -> None:
    from urllib.parse import urlsplit

    from creditbook.settings import STORE_SCHEMES

    scheme = urlsplit(url).scheme
    if scheme not in STORE_SCHEMES:
        raise ValueError(
            f"store: 只支持 PostgreSQL 地址 only postgresql://… URLs are supported, not {scheme!r}"
        )


def store_url(settings: Settings | None = None) -> str:
    """The PostgreSQL URL in use ('' for the embedded store); the environment wins."""
    url = os.environ.get(STORE_ENV, "").strip()
    if url:
        try:
            _check_scheme(url)
        except ValueError as error:
            raise CreditbookError(f"{STORE_ENV}: {error}") from None
        return url
    return settings.store if settings is not None else ""


def open_store(settings: Settings | None = None, archive: str | Path = "archive") -> Store:
    """The store the settings (or ``CREDITBOOK_STORE``) name; ``archive`` is the folder of
    the embedded archive and is not used by a PostgreSQL store."""
    from creditbook.settings import Settings

    settings = settings or Settings()
    url = store_url(settings)
    if url:
        from creditbook.documents.store.postgres import PostgresStore

        return PostgresStore(url)
    from creditbook.documents.store.embedded import EmbeddedStore

    return EmbeddedStore(settings.counter_path, settings.log_path, archive)


def shared_letters(settings: Settings) -> PostgresLetters | None:
    """The shared store's letter numbers and log, or None for the files beside the settings."""
    url = store_url(settings)
    if not url:
        return None
    from creditbook.documents.store.postgres import PostgresStore

    return PostgresStore(url).letters
