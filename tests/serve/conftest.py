"""Fixtures for the API and page tests: a real store filled with the samples (serve_samples.py).

Every test runs on SQLite and, when MARSAD_TEST_PG is set (scripts/start-test-postgres.sh), on
PostgreSQL too, in a throwaway schema that the app reaches through the URL's search_path option.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from serve_samples import TOKEN, filled_db

from marsad.serve.app import create_app
from testpaths import backend_params


@pytest.fixture(params=backend_params())
def sample_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """(store URL, name → article id) of a store holding the sample articles."""
    with filled_db(request.param, tmp_path) as db:
        yield db


@pytest.fixture
def ids(sample_db: tuple[str, dict[str, str]]) -> dict[str, str]:
    return sample_db[1]


@pytest.fixture
def client(sample_db: tuple[str, dict[str, str]]) -> Iterator[TestClient]:
    """A read-only app (no token), the way `marsad serve` starts by default."""
    with TestClient(create_app(sample_db[0], None)) as c:
        yield c


@pytest.fixture
def token_client(sample_db: tuple[str, dict[str, str]]) -> Iterator[TestClient]:
    with TestClient(create_app(sample_db[0], TOKEN)) as c:
        yield c
