"""Feeds, exports, saved searches and curation against the bare store calls they wrap.

    .venv/bin/python bench/bench_feeds.py ../shared/data/topics/ant2-dev.jsonl --docs 4500

Builds a temporary SQLite store from a topics JSONL file (as bench_serve.py does), each article
also naming one of 60 invented people (so curation has entities of 30–150 articles), and asks
the app in process (Starlette's TestClient: routing, validation, rendering, no socket):

- export: `/search.csv` and `/search.jsonl` of the whole store (up to the row cap) in rows/s,
  against the peer: the same hits paged out of `store.search` (what the export must read);
- feed: `/search.atom?q=…` (50 entries) p50 against `store.search(limit=50)`;
- saved: `/api/saved` with 50 saved searches after 500 more articles arrived, against 50 bare
  `store.search` calls (each count is one capped count of the search's SQL);
- curation: merge the biggest invented person into another and undo it, ms per article touched.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from bench_serve import load
from marsad.model import Article, Block, Entity, Label, Mention
from marsad.serve.app import create_app
from marsad.store import SearchQuery, Store, open_store

PEOPLE = 60


def with_person(a: Article, i: int, rng: random.Random) -> Article:
    """The article with one more paragraph naming an invented person (skewed: a few are common)."""
    who = f"سالم الراشد رقم {min(int(rng.expovariate(1 / 12)), PEOPLE - 1)}"
    block = Block(len(a.blocks), f"وقال {who} إن الخبر مهم.", Label.PARAGRAPH)
    start = block.text.index(who)
    a.blocks.append(block)
    a.entities = [
        Entity(f"p{i}", "PERSON", who, None, None, [Mention(who, start, start + len(who), block.index)])
    ]
    return a


def p50(fn: object, inputs: list[str], reps: int = 1) -> float:
    times = []
    for x in inputs:
        for _ in range(reps):
            t0 = time.perf_counter()
            fn(x)  # type: ignore[operator]
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def export_rates(client: TestClient, store: Store) -> None:
    for path in ("/search.csv", "/search.jsonl"):
        t0 = time.perf_counter()
        body = client.get(path).text
        rows = len(body.splitlines()) - (1 if path.endswith("csv") else 0)
        print(f"export {path}: {rows} rows, {rows / (time.perf_counter() - t0):,.0f} rows/s")
    t0 = time.perf_counter()
    n, offset = 0, 0
    while True:
        hits = store.search(SearchQuery(offset=offset, limit=500)).hits
        n, offset = n + len(hits), offset + 500
        if len(hits) < 500:
            break
    print(f"peer store.search pages of 500: {n} rows, {n / (time.perf_counter() - t0):,.0f} rows/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--docs", type=int, default=4500)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    articles = [with_person(a, i, rng) for i, a in enumerate(load(args.corpus, args.docs + 500))]
    words = sorted({w for a in articles for w in (a.title or "").split() if len(w) >= 4})
    queries = [rng.choice(words) for _ in range(50)]
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        store = open_store(db)
        store.put_many(articles[: args.docs])
        with TestClient(create_app(db, "tok")) as client:
            export_rates(client, store)
            atom = p50(lambda q: client.get("/search.atom", params={"q": q}).content, queries)
            bare = p50(lambda q: store.search(SearchQuery(text=q, limit=50)), queries)
            print(
                f"feed /search.atom p50 {atom:.1f} ms; store.search(limit=50) p50 {bare:.1f} ms; ×{atom / bare:.1f}"
            )
            for q in queries:
                store.save_search(q, SearchQuery(text=q))
            store.put_many(articles[args.docs :])
            listing = p50(lambda _: client.get("/api/saved").json(), ["x"], reps=5)
            t0 = time.perf_counter()
            for q in queries:
                store.search(SearchQuery(text=q, limit=20))
            peer = (time.perf_counter() - t0) * 1000
            print(f"saved: /api/saved with 50 searches p50 {listing:.0f} ms; 50 × store.search {peer:.0f} ms")
            people = sorted(
                (e for e in store.entities(limit=PEOPLE + 10) if e.type == "PERSON"),
                key=lambda e: -e.articles,
            )
            big, other = people[0], people[1]
            t0 = time.perf_counter()
            entry = store.curate_merge(big.id, other.id, "bench")
            merge_ms = (time.perf_counter() - t0) * 1000
            t0 = time.perf_counter()
            store.curate_undo(entry.id, "bench")
            undo_ms = (time.perf_counter() - t0) * 1000
            print(
                f"curation: merge {big.articles} articles into {other.articles}: {merge_ms:.0f} ms"
                f" ({merge_ms / big.articles:.2f} ms/article); undo {undo_ms:.0f} ms"
                f" ({undo_ms / (big.articles + other.articles):.2f} ms/article)"
            )
        store.close()


if __name__ == "__main__":
    main()
