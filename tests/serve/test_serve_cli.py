"""`marsad serve`: prints its URL and serves the store it was given."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from serve_samples import fill_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_prints_url_and_answers(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    ids = fill_store(db)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "marsad", "serve", "--db", str(db), "--port", str(port), "--token", "t0k"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.strip().startswith(f"Marsad: http://127.0.0.1:{port}/")
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/articles/{ids['wheat']}", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not answer"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["id"] == ids["wheat"]
        bad = httpx.post(f"http://127.0.0.1:{port}/api/ingest", json={"text": "x"}, timeout=5)
        assert bad.status_code == 401  # a token was configured, none given
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()
