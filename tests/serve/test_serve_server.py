"""`marsad serve` as a real uvicorn process: what only the HTTP server layer decides."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from serve_samples import filled_db

from marsad.serve.server import server_options


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(db: str, *extra: str) -> Iterator[str]:
    port = _free_port()
    cmd = [sys.executable, "-m", "marsad", "serve", "--db", db, "--port", str(port), *extra]
    # Own process group: with --workers, uvicorn's worker processes go with their supervisor.
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "exited"
            try:
                if httpx.get(f"{url}/api/stats", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "marsad serve did not answer within 90 s"
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def raw_get(url: str, target: str) -> bytes:
    """One GET over a bare socket: HTTP clients refuse URLs this long before sending them."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=60) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data


def test_a_100k_character_query_gets_a_422_not_a_reset(tmp_path: Path) -> None:
    assert server_options()["h11_max_incomplete_event_size"] > 600_000
    with filled_db("sqlite", tmp_path) as (db, _ids), serving(db) as url:
        # 100,000 Arabic letters: 600 KB percent-encoded, past h11's default 16 KiB request head.
        answer = raw_get(url, "/api/search?q=" + "%D8%A8" * 100_000)
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 422"), head[:200]
        assert b"query parameter 'q': String should have at most 500 characters" in body
        assert httpx.get(f"{url}/api/search", params={"q": "روسيا"}).status_code == 200


def test_several_workers_serve_the_same_store(tmp_path: Path) -> None:
    with (
        filled_db("sqlite", tmp_path) as (db, _ids),
        serving(db, "--workers", "2") as url,
        httpx.Client(base_url=url, timeout=30) as c,
    ):
        assert c.get("/api/stats").json()["articles"] == 9
        assert c.get("/api/search", params={"since": "2024-13-45"}).status_code == 422
        # read-only: no token was given, and the workers did not invent one
        assert c.post("/api/ingest", json={"text": "نص"}).status_code == 403
