"""Latency of `GET /api/claims` and `GET /api/events` with typical filters, SQLite and PostgreSQL.

    nice -n 10 .venv/bin/python bench/bench_claims_views.py ../shared/data/topics/ant2-dev.jsonl \
        --enrich 300 --copies 10 [--cache enriched.jsonl] [--pg postgresql://…/marsad_test]

Enriching costs ~0.5 s per article, so `--enrich` real articles go down the page steps once
(extract, Arabic, entities, claims, events) and each is stored `--copies` times under another
date, outlet and content hash: a store of a few thousand articles whose claims, chains and events
are those of real news, in realistic proportions. `marsad serve` then runs in its own process and
each query is asked over one keep-alive connection (warm-up first), next to the bare store call it
wraps (the peer: what any front end must pay). Prints p50 / p95 in ms per query and overall.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

import httpx

from bench_serve import serving
from marsad.config import SETTINGS
from marsad.model import Article
from marsad.read import read_path
from marsad.run.ingest import process
from marsad.store import Store, open_store
from marsad.store.claim_views import ClaimQuery, EventQuery

if TYPE_CHECKING:
    from marsad.store.postgres import PostgresStore  # psycopg is the postgres extra: imported when asked

OUTLETS = ("الأفق", "المنارة", "الساحل اليوم", "وكالة البرق", "صوت الشرق")


def enriched(path: Path, n: int, cache: Path | None) -> list[Article]:
    """The first `n` records of a topics JSONL file down the page steps with enrich on (2 workers);
    kept in `cache` (JSONL of `Article.to_dict()`) for the next run when given."""
    if cache is not None and cache.is_file():
        with cache.open(encoding="utf-8") as fh:
            return [Article.from_dict(json.loads(line)) for line in fh][:n]
    records = (a for i, a in enumerate(read_path(path, settings=SETTINGS)) if i < n)
    out = list(process(records, enrich=True, workers=2))
    if cache is not None:
        cache.write_text(
            "".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in out), encoding="utf-8"
        )
    return out


def copies(articles: list[Article], k: int) -> Iterator[Article]:
    """Each article `k` times: another day, outlet and content hash (so each is a new article)."""
    for c in range(k):
        for i, a in enumerate(articles):
            b = copy.deepcopy(a)
            b.content_hash = hashlib.sha256(f"{a.content_hash}|{c}|{i}".encode()).hexdigest()
            b.published = f"20{15 + c % 10:02d}-{1 + i % 12:02d}-{1 + (i + c) % 28:02d}"
            b.outlet = OUTLETS[(i + c) % len(OUTLETS)]
            yield b


def fill(store: Store, articles: list[Article], k: int) -> None:
    batch: list[Article] = []
    for a in copies(articles, k):
        batch.append(a)
        if len(batch) == 200:
            store.put_many(batch)
            batch = []
    store.put_many(batch)


def typical(store: Store) -> list[tuple[str, dict[str, str]]]:
    """(path, parameters) a reader would ask: filters taken from what the store holds."""
    top = store.entities(limit=3)
    person = next((e for e in top if e.type == "PERSON"), top[0])
    place = next((e for e in store.entities(limit=50) if e.type == "LOCATION"), top[-1])
    return [
        ("/api/claims", {}),
        (
            "/api/claims",
            {"entity": person.latin or person.name, "source_kind": "anonymous", "sort": "certainty"},
        ),
        ("/api/claims", {"entity": person.name}),
        ("/api/claims", {"source_kind": "anonymous", "sort": "certainty"}),
        ("/api/claims", {"certainty": "possible,probable", "since": "2019-01", "until": "2020-12"}),
        ("/api/claims", {"voice": "reported", "outlet": OUTLETS[0], "sort": "-date", "offset": "100"}),
        ("/api/events", {}),
        ("/api/events", {"type": "CONSULT", "sort": "date"}),
        ("/api/events", {"actor": person.latin or person.name}),
        ("/api/events", {"place": place.name, "since": "2018-01"}),
    ]


def as_query(path: str, params: dict[str, str]) -> Callable[[Store], object]:
    """The bare store call the route makes for these parameters."""
    multi = {"certainty", "source_kind", "type"}
    kw: dict[str, object] = {
        k: tuple(v.split(",")) if k in multi else (int(v) if k == "offset" else v) for k, v in params.items()
    }
    if path.endswith("claims"):
        return lambda s: s.query_claims(ClaimQuery(limit=25, **kw))  # type: ignore[arg-type]
    return lambda s: s.query_events(EventQuery(limit=25, **kw))  # type: ignore[arg-type]


def timed(fn: Callable[[], object], rounds: int) -> list[float]:
    fn()
    fn()  # warm-up: caches, prepared plans, the connection
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def p50_p95(ms: list[float]) -> tuple[float, float]:
    return statistics.median(ms), statistics.quantiles(ms, n=20)[18]


def measure(url: str, store: Store, rounds: int, label: str) -> None:
    queries = typical(store)
    stats = store.stats()
    print(f"\n{label}: {stats.articles} articles, {stats.claims} claims, {stats.events} events")
    print(f"{'query':<86} {'rows':>5} {'store p50':>9} {'p95':>7} {'API p50':>8} {'p95':>7}")
    every_api: list[float] = []
    every_store: list[float] = []
    with serving(url) as base, httpx.Client(base_url=base, timeout=60) as client:
        for path, params in queries:
            target = f"{path}?{urlencode(params)}" if params else path
            body = client.get(target).json()
            assert "items" in body, body
            call = as_query(path, params)
            api = timed(lambda t=target: client.get(t).raise_for_status(), rounds)  # type: ignore[misc]
            bare = timed(lambda c=call: c(store), rounds)  # type: ignore[misc]
            every_api += api
            every_store += bare
            s50, s95 = p50_p95(bare)
            a50, a95 = p50_p95(api)
            print(f"{target[:86]:<86} {body['total']:>5} {s50:>9.1f} {s95:>7.1f} {a50:>8.1f} {a95:>7.1f}")
    s50, s95 = p50_p95(every_store)
    a50, a95 = p50_p95(every_api)
    print(f"{'all queries':<86} {'':>5} {s50:>9.1f} {s95:>7.1f} {a50:>8.1f} {a95:>7.1f}")


@contextmanager
def pg_store(pg: str) -> Iterator[tuple[PostgresStore, str]]:
    from marsad.store.postgres import PostgresStore

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    store = PostgresStore(pg, settings=SETTINGS, schema=schema)
    sep = "&" if "?" in pg else "?"
    try:
        yield store, f"{pg}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        store.conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("topics", type=Path, help="a topics JSONL file (../shared/data/topics/ant2-dev.jsonl)")
    ap.add_argument("--enrich", type=int, default=300, help="real articles enriched")
    ap.add_argument("--copies", type=int, default=10, help="times each is stored")
    ap.add_argument("--rounds", type=int, default=40, help="timed requests per query")
    ap.add_argument("--cache", type=Path, help="keep the enriched articles here (JSONL) for the next run")
    ap.add_argument("--pg", help="a PostgreSQL URL: also measure there (a throwaway schema)")
    args = ap.parse_args()
    if not args.topics.is_file():
        sys.exit(f"no such file: {args.topics}")
    t = time.perf_counter()
    articles = enriched(args.topics, args.enrich, args.cache)
    print(
        f"enriched {len(articles)} articles in {time.perf_counter() - t:.0f} s; storing {args.copies} copies each"
    )
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "claims.db")
        store = open_store(db)
        fill(store, articles, args.copies)
        try:
            measure(db, store, args.rounds, "SQLite")
        finally:
            store.close()
    if args.pg:
        with pg_store(args.pg) as (pg, url):
            fill(pg, articles, args.copies)
            # Planner statistics, as autovacuum gathers them on a live store: without them the
            # planner took the 3,000 articles for 15 rows and nested every claim under them.
            pg.conn.execute("ANALYZE")
            measure(url, pg, args.rounds, "PostgreSQL")


if __name__ == "__main__":
    main()
