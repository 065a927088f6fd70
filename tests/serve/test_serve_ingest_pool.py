"""POST /api/ingest runs on the app's warm worker pool: the same workers serve request after
request, a page past page_timeout_s is quarantined and only its worker replaced, and the app's
shutdown leaves no worker process behind. Real store (SQLite, and PostgreSQL when configured),
real processes; the page steps are the real ones behind a step that notes its process id."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from serve_samples import TOKEN

from marsad.model import Article
from marsad.run import ingest as ingest_module
from marsad.serve.app import create_app
from processes import alive
from settings_override import override_settings

AUTH = {"Authorization": f"Bearer {TOKEN}"}
REAL_PIPELINE = ingest_module.page_pipeline  # taken before the tests patch it


def _page(n: int, body: str = "") -> dict[str, str]:
    return {
        "url": f"https://example.org/pool/{n}",
        "html": f"<html><body><article><h1>خبر رقم {n} عن المياه</h1><p>قال الوزير إن المحادثات "
        f"بشأن المياه ستستأنف الأسبوع المقبل في القاهرة، الجولة {n}. {body}</p></article></body></html>",
    }


class PidNotingPipeline:
    """The real page steps, after noting the worker's pid in a file; a page saying SPIN never ends."""

    def __init__(self, pids: Path) -> None:
        self.pids = pids
        self.real = REAL_PIPELINE(False)

    def run(self, docs: list[Article]) -> Iterator[Article]:
        with self.pids.open("a") as fh:
            fh.write(f"{os.getpid()}\n")
        for d in docs:
            if d.page is not None and "SPIN" in (d.page.html or ""):
                while True:
                    pass
        yield from self.real.run(docs)


def _pids(path: Path) -> set[int]:
    return {int(x) for x in path.read_text().split()} if path.exists() else set()


@pytest.fixture
def pids_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Workers fork from this process after the patch, so they build the noting pipeline."""
    path = tmp_path / "pids.txt"
    monkeypatch.setattr(
        ingest_module, "page_pipeline", lambda enrich, corpus=True, settings=None: PidNotingPipeline(path)
    )
    return path


def test_requests_share_the_warm_workers_and_shutdown_stops_them(
    sample_db: tuple[str, dict[str, str]], pids_file: Path
) -> None:
    with TestClient(create_app(sample_db[0], TOKEN)) as client:
        seen = []
        for n in range(3):
            r = client.post("/api/ingest", json=_page(n), headers=AUTH)
            assert r.status_code == 200, r.text
            assert [x["status"] for x in r.json()["results"]] == ["stored"]
            seen.append(_pids(pids_file))
        assert len(seen[0]) == 1 and seen[0] == seen[1] == seen[2]  # one worker, never restarted
        assert os.getpid() not in seen[0]
        assert all(alive(p) for p in seen[0])
    assert not any(alive(p) for p in seen[0])  # the lifespan's shutdown stopped and reaped it


def test_a_spinning_page_is_quarantined_and_the_next_request_still_works(
    sample_db: tuple[str, dict[str, str]], pids_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_settings(monkeypatch, page_timeout_s=1.0)
    app = create_app(sample_db[0], TOKEN)
    with TestClient(app) as client:
        r = client.post("/api/ingest", json=[_page(10), _page(11, "SPIN"), _page(12)], headers=AUTH)
        assert r.status_code == 200, r.text
        out = r.json()
        assert [x["status"] for x in out["results"]] == ["stored", "quarantined", "stored"]
        assert out["results"][1]["step"] == "timeout"
        assert "took longer than 1 s" in out["results"][1]["reason"]
        first = _pids(pids_file)
        assert len(first) == 2  # the worker that spun, then the one that replaced it
        r = client.post("/api/ingest", json=_page(13), headers=AUTH)
        assert r.status_code == 200 and r.json()["results"][0]["status"] == "stored"
        assert _pids(pids_file) == first  # the replacement served the next request: no new start
        quarantine = app.state.stores  # the page is in the store's quarantine, by URL
        store = quarantine.acquire()
        try:
            assert [q.url for q in store.list_quarantine()] == ["https://example.org/pool/11"]
        finally:
            quarantine.release(store)
    assert not any(alive(p) for p in first)


def test_a_read_only_app_starts_no_worker(sample_db: tuple[str, dict[str, str]], pids_file: Path) -> None:
    app = create_app(sample_db[0], None)
    with TestClient(app) as client:
        assert client.get("/api/stats").status_code == 200
        assert app.state.workers._pools == {}
    assert not pids_file.exists()
