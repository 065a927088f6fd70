"""Latency of the REST API and the web pages against the bare store they wrap.

    .venv/bin/python bench/bench_serve.py ../shared/data/topics/ant2-dev.jsonl --docs 4500

Builds a temporary SQLite store from a topics JSONL file (title, abstract, text; `source` as
the outlet), then times the same work three ways in one run: the `Store` call itself (the
peer: what any front end must pay), the JSON API, and the server-rendered HTML page (search
adds facets and snippet rebuilding). `marsad serve` runs in its own process on a localhost
port and is asked over one keep-alive httpx connection, so the figures are what a local client sees: HTTP
parsing, routing, validation, JSON/Jinja rendering, headers and the loopback round trip.
Prints p50/p95 in milliseconds and the API/page to store ratios.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from marsad.model import Article, Block, Byline, Label, Source
from marsad.store.base import SearchQuery
from marsad.store.open import open_store


def load(path: Path, n: int) -> list[Article]:
    out: list[Article] = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if len(out) >= n:
                break
            d = json.loads(line)
            blocks = [Block(0, str(d.get("title") or ""), Label.TITLE)]
            if d.get("abstract"):
                blocks.append(Block(1, str(d["abstract"]), Label.LEDE))
            for para in str(d.get("text") or "").split("\n"):
                if para.strip():
                    blocks.append(Block(len(blocks), para.strip(), Label.PARAGRAPH))
            outlet = str(d.get("source") or "")
            out.append(
                Article(
                    source=Source(path=f"{path.name}#{i}", format="jsonl", record=i),
                    language="ar",
                    title=blocks[0].text,
                    byline=Byline(outlet, outlet=outlet) if outlet else None,
                    published=f"20{10 + i % 14:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    blocks=blocks,
                )
            )
    return out


@contextmanager
def serving(db: str) -> Iterator[str]:
    """`marsad serve` over `db` in its own process on a free localhost port; yields its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [sys.executable, "-m", "marsad", "serve", "--db", db, "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(url + "/api/stats", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def interleaved(fns: list[Callable[[str], object]], inputs: list[str]) -> list[tuple[float, float]]:
    """p50/p95 (ms) per function; each input goes through every function in turn, so load on a
    shared machine hits all of them alike instead of whichever happened to run during a spike."""
    times: list[list[float]] = [[] for _ in fns]
    for i, x in enumerate(inputs):
        # Rotate who goes first: the first to see a query warms the caches for the others.
        for j in range(len(fns)):
            k = (i + j) % len(fns)
            t0 = time.perf_counter()
            fns[k](x)
            times[k].append((time.perf_counter() - t0) * 1000)
    return [(statistics.median(t), statistics.quantiles(t, n=20)[18]) for t in times]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="topics JSONL (title, abstract, text, source)")
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    articles = load(args.corpus, args.docs)
    words = sorted({w for a in articles for w in (a.title or "").split() if len(w) >= 4})
    # Half the queries carry a conjunction clitic, as readers type them.
    queries = [("و" if rng.random() < 0.5 else "") + rng.choice(words) for _ in range(args.queries)]

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        store = open_store(db)
        t0 = time.perf_counter()
        ids = [r.id for r in store.put_many(articles)]
        put_s = time.perf_counter() - t0
        sample_ids = [rng.choice(ids) for _ in range(args.queries)]
        with serving(db) as base_url, httpx.Client(base_url=base_url) as client:

            def api_search(q: str) -> object:
                return client.get("/api/search", params={"q": q}).json()

            def page_search(q: str) -> object:
                return client.get("/", params={"q": q}).text

            def api_article(i: str) -> object:
                return client.get(f"/api/articles/{i}").json()

            def page_article(i: str) -> object:
                return client.get(f"/articles/{i}").text

            for q in queries[:10]:  # warm caches (SQLite pages, Jinja templates)
                api_search(q)
                page_search(q)
            groups = [
                (
                    "search",
                    queries,
                    [
                        ("store.search", lambda q: store.search(SearchQuery(text=q))),
                        (
                            "store.search+facets",
                            lambda q: (store.search(SearchQuery(text=q)), store.facets(SearchQuery(text=q))),
                        ),
                        ("GET /api/search", api_search),
                        ("GET / (HTML+facets)", page_search),
                    ],
                ),
                (
                    "article",
                    sample_ids,
                    [
                        ("store.get", store.get),
                        ("GET /api/articles/{id}", api_article),
                        ("GET /articles/{id} (HTML)", page_article),
                    ],
                ),
            ]
            print(f"{len(articles)} articles stored in {put_s:.1f} s; {len(queries)} queries / ids")
            print(f"{'task':8} {'path':30} {'p50 ms':>8} {'p95 ms':>8} {'p50 ×store':>11}")
            for task, inputs, named in groups:
                results = interleaved([fn for _, fn in named], inputs)
                base = results[0][0]
                for (name, _), (p50, p95) in zip(named, results, strict=True):
                    print(f"{task:8} {name:30} {p50:8.2f} {p95:8.2f} {p50 / base:11.2f}")
        store.close()


if __name__ == "__main__":
    main()
