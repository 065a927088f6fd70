"""The newsroom pages at scale: home page and story page p50/p95 on a 100k-article store.

    nice -n 10 .venv/bin/python bench/bench_room.py ../shared/data/topics [--n 100000] [--base 240]
        [--cache /tmp/marsad-bench-room] [--stories 100] [--repeats 3]

- Base articles: the first `--base` ANT records (../shared/data/topics, 3 sources) through the
  real page steps with enrichment (extract, Arabic, entities, claims): real entities and claims,
  ~8 and ~6 per article. Cached as JSONL in `--cache` (the enrichment takes ~0.5 s an article).
- Perturbed copies: stories are drawn first, then their members. A story takes one base article;
  its size is 1 (60 %) or 2 + a geometric draw (mean ~8, capped at 60); its days are a start day
  in 2025 plus 0–2 days per member; each member gets one of 40 outlets and one paragraph of
  another base article appended (distinct text, distinct id; the base's entity mentions and
  claims keep their offsets, they are in the blocks before it).
- Store: SQLite, written with `put_many` (the one write path, no corpus step: it would mark the
  copies as near duplicates), then each article's story set and the `stories` rows written from
  the drawn groups (title, size, first/last day) in one transaction: the rows the corpus step
  would write for these groups, without its matching. Built once, reused while `.done` says so.
- Measured in-process through the app (`TestClient`, the whole route: SQL, templates, SVG):
  GET / (the stories-first home), GET /stories/{id} for the 20 biggest and `--stories` random
  stories of 2+ articles, and, as the peer, GET /search (the old home: the newest articles and
  the top 5 stories). Each URL is fetched once to warm up, then `--repeats` times.
Prints p50/p95 (ms) per page and the ratio to the peer. The machine is shared (2 cores, other
jobs running): absolute figures move between runs.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from marsad.config import SETTINGS
from marsad.model import Article, Block, Byline, Label, Source

BENCH = Path(__file__).resolve().parent
SEED = 20261205
OUTLETS = 40


def base_articles(topics: Path, count: int, cache: Path) -> list[Article]:
    """`count` ANT records through the page steps with enrichment (cached)."""
    path = cache / f"base-{count}.jsonl"
    if path.exists():
        return [Article.from_dict(json.loads(line)) for line in path.open(encoding="utf-8")]
    sys.path.insert(0, str(BENCH))
    from bench_scale import records
    from marsad.read import read_bytes
    from marsad.run.ingest import process

    recs = records(topics)
    step = max(1, len(recs) // count)  # spread over the file: every source and category
    picked = recs[::step][:count]
    data = "\n".join(
        json.dumps(
            {"id": r["id"], "title": r["title"], "text": r["text"], "outlet": r["source"]}, ensure_ascii=False
        )
        for r in picked
    ).encode("utf-8")
    t0 = time.perf_counter()
    arts = list(process(read_bytes(data, settings=SETTINGS), enrich=True, workers=2))
    print(f"base: {len(arts)} articles enriched in {time.perf_counter() - t0:.0f} s", flush=True)
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for a in arts:
            fh.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
    return arts


def story_sizes(rng: random.Random, n: int) -> Iterator[int]:
    made = 0
    while made < n:
        size = 1 if rng.random() < 0.6 else min(60, 2 + int(rng.expovariate(1 / 6)))
        size = min(size, n - made)
        made += size
        yield size


def member(base: Article, other: Article, i: int, day: str, rng: random.Random) -> Article:
    """A copy of `base` from outlet i % 40 on `day`, with one paragraph of `other` appended."""
    a = Article.from_dict(base.to_dict())
    paras = [b.text for b in other.blocks if b.label == Label.PARAGRAPH] or [other.title or "خبر"]
    a.blocks.append(Block(len(a.blocks), f"{rng.choice(paras)} ({i})", Label.PARAGRAPH))
    outlet = f"منفذ {rng.randrange(OUTLETS)}"
    a.byline = Byline(outlet, outlet=outlet, outlet_latin=f"Outlet {outlet.split()[-1]}")
    a.published = day
    a.source = Source(path=f"synthetic/{i}", format="jsonl", record=i)
    a.story = None
    return a


def synthetic(bases: list[Article], n: int) -> Iterator[tuple[int, Article]]:
    """(story number, article) for n articles."""
    from datetime import date, timedelta

    rng = random.Random(SEED)
    start = date(2025, 1, 1)
    i = 0
    for s, size in enumerate(story_sizes(rng, n)):
        base = rng.choice(bases)
        first = start + timedelta(days=rng.randrange(365))
        for _ in range(size):
            day = (first + timedelta(days=rng.randrange(min(size, 3)))).isoformat()
            yield s, member(base, rng.choice(bases), i, day, rng)
            i += 1


def build(db: Path, bases: list[Article], n: int) -> None:
    from marsad.store.sqlite import SQLiteStore

    store = SQLiteStore(db, settings=SETTINGS)
    t0 = time.perf_counter()
    groups: dict[int, list[tuple[str, str, str | None]]] = {}
    batch: list[tuple[int, Article]] = []

    def flush() -> None:
        results = store.put_many([a for _, a in batch])
        for (s, a), r in zip(batch, results, strict=True):
            groups.setdefault(s, []).append((r.id, a.published or "", a.title))
        batch.clear()

    for item in synthetic(bases, n):
        batch.append(item)
        if len(batch) >= 1000:
            flush()
            if len(groups) and sum(map(len, groups.values())) % 20_000 == 0:
                print(
                    f"  {sum(map(len, groups.values()))} articles, {time.perf_counter() - t0:.0f} s",
                    flush=True,
                )
    if batch:
        flush()
    write_stories(store, groups)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("ANALYZE")
    print(
        f"store: {store.stats().articles} articles, {len(groups)} stories in {time.perf_counter() - t0:.0f} s"
    )
    store.close()


def write_stories(store: Any, groups: dict[int, list[tuple[str, str, str | None]]]) -> None:
    """The stories rows for the drawn groups and each article's story (one transaction)."""
    conn = store.conn
    conn.execute("BEGIN IMMEDIATE")
    for members in groups.values():
        sid = "s" + members[0][0]
        days = sorted(d for _, d, _ in members if d)
        conn.execute(
            "INSERT INTO stories (id, title, title_score, first_seen, last_seen, article_count, terms, entities,"
            " index_terms) VALUES (?, ?, 1.0, ?, ?, ?, '{}', '{}', '[]')",
            (sid, members[0][2], days[0] if days else None, days[-1] if days else None, len(members)),
        )
        conn.executemany("UPDATE articles SET story = ? WHERE id = ?", [(sid, aid) for aid, _, _ in members])
    conn.execute("COMMIT")


def cached_store(topics: Path, n: int, base: int, cache: Path) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    db, done = cache / f"room-{n}.db", cache / f"room-{n}.done"
    if done.exists() and db.exists():
        print(f"store: reusing {db} ({db.stat().st_size / 1e6:.0f} MB)", flush=True)
        return db
    for old in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        old.unlink(missing_ok=True)
    build(db, base_articles(topics, base, cache), n)
    done.write_text("done\n", encoding="utf-8")
    return db


def timed(get: Callable[[str], Any], urls: list[str], repeats: int) -> list[float]:
    for u in urls:  # warm-up: page cache, compiled templates
        assert get(u).status_code == 200, u
    out = []
    for _ in range(repeats):
        for u in urls:
            t0 = time.perf_counter()
            r = get(u)
            out.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, u
    return out


def pct(times: list[float], p: float) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[int(p) - 1] if len(times) > 1 else times[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("topics", type=Path)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--base", type=int, default=240)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/marsad-bench-room"))
    ap.add_argument("--stories", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    if not (args.topics / "ant-v1.1.jsonl").exists():
        sys.exit(f"no ANT topics data at {args.topics} (../shared/data/topics)")
    db = cached_store(args.topics, args.n, args.base, args.cache)

    from fastapi.testclient import TestClient

    from marsad.serve.app import create_app
    from marsad.store.sqlite import SQLiteStore

    store = SQLiteStore(db, settings=SETTINGS)
    big = [str(r[0]) for r in store.conn.execute(
        "SELECT id FROM stories ORDER BY article_count DESC LIMIT 20")]  # fmt: skip
    rest = [str(r[0]) for r in store.conn.execute("SELECT id FROM stories WHERE article_count >= 2")]
    store.close()
    rng = random.Random(SEED + 1)
    story_urls = [f"/stories/{s}" for s in big + rng.sample(rest, min(args.stories, len(rest)))]
    with TestClient(create_app(str(db), None)) as c:
        pages = {
            "home /": timed(c.get, ["/"], args.repeats * 10),
            "story /stories/{id}": timed(c.get, story_urls, args.repeats),
            "peer: /search (old home)": timed(c.get, ["/search"], args.repeats * 10),
        }
    peer = pct(pages["peer: /search (old home)"], 95)
    print(f"\n{args.n} articles, {len(story_urls)} story pages, {args.repeats} repeats")
    print(f"{'page':28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p95/peer':>9}")
    for name, times in pages.items():
        print(
            f"{name:28} {len(times):5d} {statistics.median(times):8.1f} {pct(times, 95):8.1f} {pct(times, 95) / peer:9.2f}"
        )


if __name__ == "__main__":
    main()
