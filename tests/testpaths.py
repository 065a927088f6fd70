"""Paths shared by test modules (a plain module: several conftest.py files exist, so tests
must not import names from `conftest`)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("MARSAD_SHARED_DATA", ROOT.parent / "shared" / "data"))
EXAMPLES = ROOT / "examples"

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
