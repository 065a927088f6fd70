"""Paths shared by test modules (a plain module: several conftest.py files exist, so tests
must not import names from `conftest`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from marsad.config import SETTINGS

if TYPE_CHECKING:
    from marsad.store.base import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("MARSAD_SHARED_DATA", ROOT.parent / "shared" / "data"))
EXAMPLES = ROOT / "examples"
# Names and strings specific to the seed page (../shared/data/seed): an acceptance case only, so no
# rule, list or generated bench page may carry them.
SEED_WORDS = ("كيم", "بوتين", "يورونيوز", "Euronews", "تشوسون", "يونهاب", "Zemlianichenko", "Alexander")

# PostgreSQL for the store and API suites: a URL from scripts/start-test-postgres.sh, or unset.
PG_URL = os.environ.get("MARSAD_TEST_PG")


def backend_params() -> list[object]:
    """Fixture params: SQLite always, PostgreSQL when MARSAD_TEST_PG is set (skipped with a reason)."""
    import pytest

    return [
        "sqlite",
        pytest.param(
            "postgres",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not PG_URL, reason="set MARSAD_TEST_PG (scripts/start-test-postgres.sh)"),
            ],
        ),
    ]


def open_backend(param: str, tmp_path: Path) -> Iterator[Store]:
    """A fresh store for a `backend_params()` value: a SQLite file, or a throwaway PostgreSQL
    schema dropped afterwards. Use as `yield from open_backend(request.param, tmp_path)`."""
    from marsad.store import open_store

    if param == "sqlite":
        s = open_store(tmp_path / "test.db")
        yield s
        s.close()
        return
    import uuid

    from marsad.store.postgres import PostgresStore

    assert PG_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    pg = PostgresStore(PG_URL, settings=SETTINGS, schema=schema)
    yield pg
    pg.conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    pg.close()


def export_rows(db: Path, out: Path) -> list[dict[str, object]]:
    """The JSONL export of the store at `db`, sorted by article id (to compare two runs)."""
    import json

    from marsad.store import open_store
    from marsad.store.export import export

    store = open_store(db)
    try:
        export(store, out, "jsonl")
    finally:
        store.close()
    # split on "\n" only: str.splitlines also cuts at U+2028 and other separators inside strings
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
    return sorted(rows, key=lambda r: str(r["id"]))
