"""`open_store(url)`: the one place that picks a backend from a URL.

It lives apart from base.py (the protocol and its records) so that the protocol imports no
backend and the backends import the protocol without a circle.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from marsad.store.base import Store

if TYPE_CHECKING:
    from marsad.config import Settings

__all__ = ["is_postgres_url", "open_store"]


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def open_store(url: str | Path | None = None, *, settings: Settings | None = None) -> Store:
    """Open (creating and migrating when needed) the store at `url`.

    `None` → the configured default (`settings.db_url`, `./marsad.db`); a path or
    `sqlite:///path` → SQLite; `postgresql://…` → PostgreSQL (needs the `postgres` extra).
    An entry point: without `settings`, the loaded value (`marsad.config.SETTINGS`); the store
    reads its caps and weights from the value it was opened with.
    """
    if settings is None:
        from marsad.config import SETTINGS

        settings = SETTINGS
    if url is None:
        url = settings.db_url
    text = str(url)
    if is_postgres_url(text):
        from marsad.store.postgres import PostgresStore

        return PostgresStore(text, settings=settings)
    from marsad.store.sqlite import SQLiteStore

    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///") :]
    return SQLiteStore(text, settings=settings)
