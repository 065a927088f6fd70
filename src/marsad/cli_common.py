"""What every `marsad` command shares: the one-line error, the --db option and its check, the
output formats of the listing commands. Its own module so command groups kept in other modules
(curate_cli.py) use them without importing cli.py, which registers those groups."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from marsad.store import Store

__all__ = ["DbOption", "SearchFormat", "existing_store", "fail"]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error and return the exit to raise."""
    sys.stderr.write(f"marsad: error: {message}\n")
    return typer.Exit(code)


DbOption = Annotated[
    str | None, typer.Option("--db", help="Store: a SQLite path (default ./marsad.db) or postgresql://…")
]


class SearchFormat(StrEnum):
    json = "json"
    table = "table"


def existing_store(db: str | None) -> Store:
    """The store at `db` (default: the configured one) for reading; a clear error, not an empty
    new SQLite file, when there is none."""
    from marsad.config import SETTINGS
    from marsad.store import open_store
    from marsad.store.open import is_postgres_url

    url = db or SETTINGS.db_url
    if not is_postgres_url(url) and not Path(url.removeprefix("sqlite:///")).exists():
        raise fail(f"no store at {url}: run `marsad ingest` first or pass --db")
    return open_store(url)
