"""Fixtures for the browser test: a real `marsad serve` process over a filled store — SQLite,
and PostgreSQL too when MARSAD_TEST_PG is set."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# The hand-built sample articles live with the API tests; share them rather than copy them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "serve"))

from serve_samples import filled_db

from testpaths import backend_params

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module", params=backend_params())
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str]]]:
    """`marsad serve --db … --port …` in a subprocess; yields (base URL, sample ids)."""
    with filled_db(request.param, tmp_path_factory.mktemp("web")) as (db, ids):
        yield from _serve(db, ids)


def _serve(db: str, ids: dict[str, str]) -> Iterator[tuple[str, dict[str, str]]]:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "marsad", "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read() if proc.stdout else ""
                raise RuntimeError(f"marsad serve exited with {proc.returncode}: {out}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("marsad serve did not start within 60 s") from None
                time.sleep(0.2)
        yield base, ids
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
