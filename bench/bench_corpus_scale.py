"""Corpus step at scale: duplicate + story assignment rate and index size as the store grows.

    nice -n 10 .venv/bin/python bench/bench_corpus_scale.py ../shared/data/topics \
        --checkpoints 10000,100000 [--db postgresql://…] [--window 2000]

- Corpus: perturbed copies of the real ANT articles (both files). Copy k of article i keeps its
  words in order but replaces 35% of them with words never seen before (seeded), and is dated
  7·k days after the original, so copies are distinct texts (containment ≈ 0.3, far below the
  reprint bar) and never fall in one story window; every 25th article is instead a light edit
  (3% of words changed) of an article written shortly before it: a reprint the index must find.
  Fingerprints are computed while the corpus is generated and that time is not counted: in an
  ingest they are computed by the page steps, in the workers.
- At each checkpoint N (articles already stored), `--window` more articles are written through
  the store's one write path twice over: with the corpus step, then (other copies) without it.
  The corpus step's own cost is the difference; its rate is articles per CPU-second of this
  process (`time.process_time`), so the figure is per core.
- Index size: bytes of the corpus tables and their indexes (SQLite `dbstat`; PostgreSQL
  `pg_total_relation_size`), per 100,000 stored articles.
- Peer in the same run: datasketch's in-memory `MinHashLSH` (insert + query of the same
  signatures, same threshold and permutations) — only the near-duplicate half of the work, and no
  persistence — timed over the same window.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from datasketch import MinHash, MinHashLSH

from marsad.arabic.tokens import stems
from marsad.config import SETTINGS
from marsad.corpus.fingerprint import minhash, shingles, terms_vector, text_hash
from marsad.corpus.step import CorpusStep
from marsad.model import Article, Block, Fingerprint, Label, Source
from marsad.store.base import Store
from marsad.store.open import open_store

SEED = 20261204
CORPUS_TABLES = ("corpus_prints", "lsh_bands", "stories", "story_terms", "story_merges")


def base_articles(topics: Path) -> list[tuple[str, list[str], str, str]]:
    """(title, body stems, day, outlet) of every ANT article with a body."""
    out = []
    for name in ("ant2-dev.jsonl", "ant-v1.1.jsonl"):
        with (topics / name).open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                words = stems(r["text"], SETTINGS)
                if len(words) >= 40:
                    out.append((r["title"], words, r["time"][:10], r["source"]))
    return out


def _fingerprint(title: str, words: list[str], day: str, outlet: str) -> Fingerprint:
    body = " ".join(words)
    sh = shingles(words, SETTINGS.near_shingle)
    art = Article(Source(), title=title, outlet=outlet)
    return Fingerprint(
        text_hash=text_hash(body),
        minhash=minhash(sh, SETTINGS.near_permutations),
        shingles=len(sh),
        words=len(words),
        terms=terms_vector(art, words, SETTINGS),
        day=day,
    )


def corpus(bases: list[tuple[str, list[str], str, str]], n: int, rng: random.Random) -> Iterator[Article]:
    recent: list[tuple[str, list[str], str, str]] = []
    for i in range(n):
        if i % 25 == 24 and recent:
            title, words, day, outlet = rng.choice(recent[-200:])
            words = [f"ت{rng.randrange(10**9)}" if rng.random() < 0.03 else w for w in words]
            outlet = outlet + "-reprint"
        else:
            title, words, day, outlet = bases[i % len(bases)]
            k = i // len(bases)
            if k:
                words = [f"ج{rng.randrange(10**9)}" if rng.random() < 0.35 else w for w in words]
                day = (date.fromisoformat(day) + timedelta(days=7 * k)).isoformat()
            recent.append((title, words, day, outlet))
        fp = _fingerprint(title, words, day, outlet)
        h = hashlib.sha256(f"{SEED}:{i}".encode()).hexdigest()
        yield Article(
            Source(id=str(i)),
            title=title,
            published=day,
            outlet=outlet,
            language="ar",
            blocks=[Block(0, title, Label.TITLE), Block(1, " ".join(words[:12]), Label.PARAGRAPH)],
            content_hash=h,
            text_hash=fp.text_hash,
            fingerprint=fp,
        )


def _write(store: Store, arts: list[Article], step: CorpusStep | None) -> float:
    t0 = time.process_time()
    batch = SETTINGS.ingest_batch_size
    for i in range(0, len(arts), batch):
        store.write(arts[i : i + batch], corpus=step)
    return time.process_time() - t0


def index_bytes(store: Store) -> int:
    if store.backend == "sqlite":
        names = [*CORPUS_TABLES, "sqlite_autoindex_stories_1", "articles_text_hash"]
        marks = ", ".join("?" for _ in names)
        row = store._exec(f"SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN ({marks})", names)  # type: ignore[attr-defined]
        return int(row.fetchone()[0])
    total = 0
    for t in CORPUS_TABLES:
        total += int(store._exec("SELECT pg_total_relation_size(?)", (t,)).fetchone()[0])  # type: ignore[attr-defined]
    return total


def peer_lsh(arts: list[Article]) -> float:
    """datasketch MinHashLSH insert + query over the same signatures, CPU seconds."""
    import numpy as np

    lsh = MinHashLSH(threshold=SETTINGS.near_lsh_threshold, num_perm=SETTINGS.near_permutations)
    sigs = []
    for a in arts:
        assert a.fingerprint is not None
        m = MinHash(
            num_perm=SETTINGS.near_permutations,
            hashvalues=np.frombuffer(a.fingerprint.minhash, "<u4"),
            scheme="affine32",
        )
        sigs.append(m)
    t0 = time.process_time()
    for i, m in enumerate(sigs):
        lsh.query(m)
        lsh.insert(str(i), m)
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("topics", type=Path)
    ap.add_argument("--checkpoints", default="10000,100000")
    ap.add_argument("--window", type=int, default=2000)
    ap.add_argument("--db", default=None, help="postgresql://… (default: a fresh SQLite file)")
    args = ap.parse_args(argv)
    checkpoints = [int(x) for x in args.checkpoints.split(",")]
    rng = random.Random(SEED)
    t = time.perf_counter()
    bases = base_articles(args.topics)
    print(f"{len(bases)} base articles ({time.perf_counter() - t:.0f} s)")
    tmp = tempfile.mkdtemp(prefix="marsad-corpus-scale-")
    store = open_store(args.db or str(Path(tmp) / "scale.db"))
    step = CorpusStep(SETTINGS)
    stream = corpus(bases, checkpoints[-1] + 2 * args.window * len(checkpoints), rng)
    stored = 0
    rows = []
    for cp in checkpoints:
        fill: list[Article] = []
        while stored + len(fill) < cp:
            fill.append(next(stream))
            if len(fill) == 5000:
                _write(store, fill, step)
                stored += len(fill)
                fill = []
                print(f"  stored {stored}", flush=True)
        _write(store, fill, step)
        stored += len(fill)
        with_corpus = [next(stream) for _ in range(args.window)]
        without = [next(stream) for _ in range(args.window)]
        t_with = _write(store, with_corpus, step)
        t_without = _write(store, without, None)
        t_peer = peer_lsh(with_corpus)
        stored += 2 * args.window
        size = index_bytes(store)
        dups = sum(1 for a in with_corpus if a.duplicate_of)
        corpus_s = max(t_with - t_without, 1e-9)
        rows.append((cp, args.window / t_with, args.window / t_without, args.window / corpus_s,
                     args.window / t_peer, size / stored * 100_000 / 1e6, dups))  # fmt: skip
        print(f"checkpoint {cp}: corpus step {args.window / corpus_s:,.0f} articles/s/core", flush=True)
    store.close()
    print(f"\nbackend: {store.backend}; window {args.window} articles per checkpoint; seed {SEED}\n")
    print(
        "| stored before | write+corpus art/s | write only art/s | corpus step art/s/core | "
        "datasketch LSH art/s | corpus index MB per 100k | reprints found in window |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for cp, w, wo, c, p, mb, d in rows:
        print(
            f"| {cp:,} | {w:,.0f} | {wo:,.0f} | **{c:,.0f}** | {p:,.0f} | {mb:.1f} | {d} / {args.window // 25} |"
        )


if __name__ == "__main__":
    main()
