"""Choosing the store: ``CREDITBOOK_STORE`` (wins) or ``store = "postgresql://…"`` in
creditbook.toml; neither means the embedded files beside the settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from creditbook.core.errors import CreditbookError

if TYPE_CHECKING:
    from creditbook.settings import Settings
    from creditbook.store.base import Store
    from creditbook.store.postgres import PostgresLetters

STORE_ENV = "CREDITBOOK_STORE"
SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def _check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme
    if scheme not in SCHEMES:
        raise ValueError(
            f"store: 只支持 PostgreSQL 地址 only postgresql://… URLs are supported, not {scheme!r}"
        )


def check_settings_url(url: str) -> str:
    """A store URL fit for creditbook.toml: PostgreSQL, and no password in it."""
    url = url.strip()
    if not url:
        return url
    _check_scheme(url)
    parts = urlsplit(url)
    if parts.password is not None or "password=" in parts.query.lower():
        raise ValueError(
            "store: 设置文件中不能写密码 no password in creditbook.toml — 请删去地址中的密码，"
            "改用 pgpass 文件（Windows: %APPDATA%\\postgresql\\pgpass.conf）或环境变量 "
            "PGPASSWORD use libpq's pgpass file or PGPASSWORD"
        )
    return url


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
        from creditbook.store.postgres import PostgresStore

        return PostgresStore(url)
    from creditbook.store.embedded import EmbeddedStore

    return EmbeddedStore(settings.counter_path, settings.log_path, archive)


def shared_letters(settings: Settings) -> PostgresLetters | None:
    """The shared store's letter numbers and log, or None for the files beside the settings."""
    url = store_url(settings)
    if not url:
        return None
    from creditbook.store.postgres import PostgresStore

    return PostgresStore(url).letters
