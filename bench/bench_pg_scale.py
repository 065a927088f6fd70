"""PostgreSQL at 1M and 10M articles (and SQLite at 1M): bulk build from real articles, sizes, latency.

    python bench/bench_pg_scale.py base  ../shared/data/topics --pg URL --base base3 [--entities 500 --corpus 1000]
    python bench/bench_pg_scale.py bulk  --pg URL --base base3 --schema s10m --n 10000000 [--jobs 2]
    python bench/bench_pg_scale.py query ../shared/data/topics --pg URL --schema s10m [--cases plain,outlet]
    python bench/bench_pg_scale.py sqlite-base  --pg URL --base base3 --sqlite DB
    python bench/bench_pg_scale.py sqlite-bulk  --pg URL --sqlite DB --n 1000000
    python bench/bench_pg_scale.py sqlite-query ../shared/data/topics --pg URL --sqlite DB

Phases, because 10M articles cannot go through the Python writer on a 2-core machine in a
working day (the real writer's rate is measured in `base` and reported on its own):

- `base`: every `--stride`-th ANT topics record becomes one synthetic article (bench_scale.synthetic:
  the record's title and body plus one paragraph of another record, a 2013–2018 date, one of 40
  outlets per source). They go through the real page steps (Arabic layer, fingerprint; the
  entity tagger on the first `--entities` articles only: the CRF costs ~0.2 s per long article)
  and the real store writer into schema `--base`, with the corpus step (duplicates, stories) for
  the first `--corpus` articles only (it costs ~0.1–0.3 s per article on PostgreSQL while the
  machine is shared: per-article lookups round-trip to the server). Printed: the writer's
  articles/s (write() calls only), with and without the corpus step.
- `bulk` (= `bulk-load` in `--jobs` connections, then `bulk-index`): schema `--schema` is migrated
  by PostgresStore (the real schema), its indexes and constraints are dropped, then copy k of
  every base article is written inside PostgreSQL (INSERT … SELECT, no Python per row): ids,
  content hashes, urls and paths derived from (base id, k); the outlet moved to another of the
  same source's 40 outlets; the date shifted by up to ±5 years (2008–2023); the words taken from
  one of `--variants` perturbed word sets of the base article (~10 % of its lexemes dropped by a
  hash, 20 positions of another base article appended). Copies are SHORTER than their base, for
  disk: the first `--head` word positions, the title and first two paragraphs cut to 400
  characters, a JSON stub naming the base article, no mention rows, stories without their term
  centroid. Indexes and constraints are then rebuilt as the migrations define them (FOREIGN KEYs
  NOT VALID: validating 10M references proves nothing about the store), VACUUM ANALYZE, sizes.
- `query` / `sqlite-query`: p50/p95 of warm searches (limit 10, snippets and capped totals
  included) for the 200 queries of bench_scale: plain; filtered by outlet, by a date range, by
  entity (the most frequent entities, one per query in turn); outlet + date; listings with no
  text; the story list (first page: unfiltered, by outlet, by date range).
- `sqlite-base` / `sqlite-bulk`: the same base articles through `SQLiteStore.put_many`, then the
  same copies made inside SQLite, with full-length word sets (FTS5 rows) and blocks.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from multiprocessing import Pool
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_scale import query_set, records, synthetic
from marsad.config import SETTINGS
from marsad.model import Article
from marsad.store.base import SearchQuery, StoryFilter
from marsad.store.postgres import PostgresStore

BATCH = 256  # as run.ingest.BATCH_SIZE
# Tables copied per base article; everything else (entities, outlets, …) is shared.
COPIED = ("articles", "blocks", "article_entities", "stories")


# --- base: the real page steps and the real writer -------------------------------------------
def _prepare(item: tuple[Article, bool]) -> Article:
    from marsad.arabic.step import normalise_step
    from marsad.corpus.fingerprint import fingerprint_step
    from marsad.enrich.entities import entity_step

    a, tag = item
    (a,) = list(normalise_step(SETTINGS)([a]))
    if tag:
        (a,) = list(entity_step(SETTINGS)([a]))
    (a,) = list(fingerprint_step(settings=SETTINGS, entities=tag)([a]))
    return a


def base(args: argparse.Namespace) -> None:
    from marsad.corpus.step import CorpusStep

    recs = records(args.topics)[:: args.stride]  # every source, in its share
    arts = list(synthetic(recs, len(recs)))
    store = PostgresStore(args.pg, settings=SETTINGS, schema=args.base)
    if store.stats().articles:
        print("schema base already holds articles: drop it first (DROP SCHEMA base CASCADE)")
        return
    step = CorpusStep(SETTINGS)
    t0 = time.perf_counter()
    write_s = 0.0
    done = 0
    rates: dict[bool, list[tuple[int, float]]] = {True: [], False: []}  # with the corpus step or not
    with Pool(args.workers) as pool:
        batch: list[Article] = []
        items = [(a, i < args.entities) for i, a in enumerate(arts)]
        for a in pool.imap(_prepare, items, chunksize=16):
            batch.append(a)
            if len(batch) == BATCH:
                t = time.perf_counter()
                store.write(batch, corpus=step if done < args.corpus else None)
                dt = time.perf_counter() - t
                rates[done < args.corpus].append((len(batch), dt))
                write_s += dt
                done += len(batch)
                batch = []
                print(f"  {done} articles, writer {done / write_s:.1f}/s", flush=True)
        if batch:
            t = time.perf_counter()
            store.write(batch, corpus=step if done < args.corpus else None)
            dt = time.perf_counter() - t
            rates[done < args.corpus].append((len(batch), dt))
            write_s += dt
            done += len(batch)
    total = time.perf_counter() - t0
    for corpus, runs in rates.items():
        if runs:
            k, dt = sum(r[0] for r in runs), sum(r[1] for r in runs)
            what = "with the corpus step (duplicates, stories)" if corpus else "without the corpus step"
            print(f"base: real writer {what}: {k} articles in {dt:.0f} s = {k / dt:.1f} articles/s")
    store.conn.execute("ANALYZE")
    st = store.stats()
    print(
        f"base: {done} articles in {total:.0f} s; real writer (PostgresStore.write with the corpus step,"
        f" {BATCH} per transaction): {write_s:.0f} s = {done / write_s:.0f} articles/s; stored {st.articles},"
        f" entities {st.entities}, mentions {st.mentions}, outlets {st.outlets}"
    )
    store.close()


# --- bulk: copies inside PostgreSQL ----------------------------------------------------------
def _ddl(conn: Any, schema: str) -> tuple[list[str], list[tuple[str, str, str]]]:
    """CREATE INDEX statements (non-constraint indexes) and constraints of the copied tables."""
    idx = [
        str(r[0])
        for r in conn.execute(
            "SELECT indexdef FROM pg_indexes i WHERE schemaname = %s AND tablename = ANY(%s)"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname"
            " AND c.connamespace = %s::regnamespace)",
            (schema, list(COPIED), schema),
        )
    ]
    cons = [
        (str(t), str(n), str(d))
        for t, n, d in conn.execute(
            "SELECT cl.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c"
            " JOIN pg_class cl ON cl.oid = c.conrelid WHERE c.connamespace = %s::regnamespace"
            " AND c.contype IN ('p', 'u', 'f') AND (cl.relname = ANY(%s) OR c.contype = 'f')"
            " ORDER BY c.contype DESC",  # p, u before f
            (schema, list(COPIED)),
        )
    ]
    return idx, cons


def _head(tsv: str, lo: int, hi: int, drop: str) -> str:
    """SQL: the lexemes of `tsv` at positions lo..hi (weights kept), minus those `drop` selects."""
    return (
        "(SELECT coalesce(string_agg(quote_literal(u.lexeme) || ':' || (SELECT string_agg(z.p::text || z.w, ',')"
        f" FROM unnest(u.positions, u.weights) z(p, w) WHERE z.p BETWEEN {lo} AND {hi}), ' '), '')"
        f" FROM unnest({tsv}) u WHERE EXISTS (SELECT 1 FROM unnest(u.positions) p WHERE p BETWEEN {lo} AND {hi})"
        f" AND NOT ({drop}))::tsvector"
    )


def variants_sql(src: str, n_variants: int, head: int) -> str:
    """Perturbed word sets, `n_variants` per base article, computed once: the article's first `head`
    positions (title + lead) less ~10 % of its lexemes (hash of lexeme and variant), then 20 word
    positions from the middle of another base article (a pasted sentence)."""
    b = f"(SELECT max(rowid) FROM {src}.articles)"
    own = _head("x.tsv", 1, head, "abs(hashtext(u.lexeme || v)) % 10 = 0")
    other = _head("y.tsv", 31, 50, "false")
    return (
        f"CREATE TABLE {src}.variants AS SELECT x.rowid, v, {own} || coalesce((SELECT {other}"
        f" FROM {src}.articles y WHERE y.rowid = 1 + abs(hashtext(x.id || v)) % {b}), '') AS tsv"
        f" FROM {src}.articles x CROSS JOIN generate_series(0, {n_variants - 1}) v WHERE x.duplicate_of IS NULL;"
        f" CREATE UNIQUE INDEX ON {src}.variants (rowid, v)"
    )


def _facets(src: str, day: str) -> str:
    """SQL: the copy's date facet terms (store.terms.day_facets of its shifted day `day`) and its
    base article's entity facet terms (ids are letters and digits) as a positionless tsvector, as
    migration 9 writes them; none for a reprint (it has no full-text terms)."""
    mark = "chr(57344)"
    days = (
        f"CASE WHEN ({day}) IS NULL THEN ''::tsvector WHEN ({day}) ~ '^[0-9]{{4}}-(0[1-9]|1[0-2])'"
        f" THEN array_to_tsvector(ARRAY[{mark} || 'y' || substr({day}, 1, 4),"
        f" {mark} || 'm' || substr({day}, 1, 4) || substr({day}, 6, 2)])"
        f" ELSE array_to_tsvector(ARRAY[{mark} || 'dx']) END"
    )
    entities = (
        f"coalesce((SELECT array_to_tsvector(array_agg(DISTINCT {mark} || 'e' || e.entity))"
        f" FROM {src}.article_entities e WHERE e.article = x.rowid), ''::tsvector)"
    )
    return f"CASE WHEN x.duplicate_of IS NULL THEN {days} || {entities} ELSE ''::tsvector END"


def _perturbed_copies(k0: int, k1: int, b: int, src: str, n_variants: int) -> list[str]:
    """INSERT … SELECT statements for copies k0 ≤ k < k1 (rowid = k * b + base rowid)."""
    ks = f"generate_series({k0}, {k1 - 1}) AS k"
    rid = f"(k::bigint * {b} + x.rowid)"
    new_id = "substr(md5(x.id || ':' || k), 1, 16)"
    shift = "((k * 131) % 3651 - 1825)"  # days, ±5 years, different per copy
    day = f"CASE WHEN x.pub_day IS NULL THEN NULL ELSE to_char(x.pub_day::date + {shift}, 'YYYY-MM-DD') END"
    story = "CASE WHEN x.story IS NULL THEN NULL ELSE 's' || substr(md5(x.story || ':' || k), 1, 16) END"
    # The JSON of a copy is a stub naming its base article: nothing timed here reads it, and the
    # full JSON (~2.8 KB compressed per article) would not fit 10M copies on this disk.
    stub = "json_build_object('bench_copy_of', x.id, 'copy', k)::text"
    return [
        "INSERT INTO articles (rowid, id, content_hash, title, published, pub_day, language, outlet, url, path,"
        " record, format, story, duplicate_of, json, added, tsv, source_id, fetched, text_hash, dup_kind, story_note)"
        f" SELECT {rid}, {new_id}, md5(x.content_hash || ':' || k) || md5(k || ':' || x.content_hash), x.title,"
        f" {day} || substr(x.published, 11), {day}, x.language, coalesce(om.dst, x.outlet), x.url || '#' || k,"
        f" x.path || '#' || k, x.record, x.format, {story},"
        " CASE WHEN x.duplicate_of IS NULL THEN NULL ELSE substr(md5(x.duplicate_of || ':' || k), 1, 16) END,"
        f" {stub}, x.added, coalesce(w.tsv, ''::tsvector) || {_facets(src, day)},"
        " x.source_id, x.fetched, md5(coalesce(x.text_hash, '') || ':' || k), x.dup_kind, x.story_note"
        f" FROM {ks} CROSS JOIN {src}.articles x LEFT JOIN outlet_map om ON om.src = x.outlet AND om.shift = k % 40"
        f" LEFT JOIN {src}.variants w ON w.rowid = x.rowid AND w.v = k % {n_variants}",
        # Title and the first two paragraphs, each cut to 400 characters (the text the short
        # word sets come from, roughly: snippets are made from these).
        f"INSERT INTO blocks SELECT {rid.replace('x.rowid', 'x.article')}, x.idx, x.label, x.line,"
        f" substr(x.text, 1, 400), x.reason, x.language FROM {ks} CROSS JOIN {src}.blocks x WHERE x.idx <= 2",
        f"INSERT INTO article_entities SELECT {rid.replace('x.rowid', 'x.article')}, x.entity, x.local_id,"
        f" x.mentions, x.roles FROM {ks} CROSS JOIN {src}.article_entities x",
        # Stories keep their title, dates and size; their term centroids (read only by the corpus
        # step when new articles arrive) are left empty.
        "INSERT INTO stories (seq, id, title, title_score, first_seen, last_seen, article_count, terms, entities,"
        f" merged_into, index_terms) SELECT k::bigint * {b} + x.seq, 's' || substr(md5(x.id || ':' || k), 1, 16),"
        f" x.title, x.title_score, to_char(x.first_seen::date + {shift}, 'YYYY-MM-DD'),"
        f" to_char(x.last_seen::date + {shift}, 'YYYY-MM-DD'), x.article_count, '{{}}', x.entities,"
        " CASE WHEN x.merged_into IS NULL THEN NULL ELSE 's' || substr(md5(x.merged_into || ':' || k), 1, 16) END,"
        f" '[]' FROM {ks} CROSS JOIN {src}.stories x",
    ]


def bulk(args: argparse.Namespace) -> None:
    """All of the build: setup, every copy, then indexes (`--jobs 2` loads in two connections)."""
    copies = bulk_setup(args)
    if copies is None:
        return
    t0 = time.perf_counter()
    if args.jobs > 1:
        import subprocess

        cuts = [copies * j // args.jobs for j in range(args.jobs + 1)]
        common = [sys.executable, __file__, "bulk-load", "--pg", args.pg, "--schema", args.schema]
        common += ["--base", args.base, "--chunk", str(args.chunk), "--variants", str(args.variants)]
        procs = [
            subprocess.Popen([*common, "--k0", str(cuts[j]), "--k1", str(cuts[j + 1])])
            for j in range(args.jobs)
        ]
        if any(p.wait() for p in procs):
            raise SystemExit("a loader failed")
    else:
        args.k0, args.k1 = 0, copies
        bulk_load(args)
    load_s = time.perf_counter() - t0
    print(f"bulk: load {load_s:.0f} s in {args.jobs} connection(s)", flush=True)
    bulk_index(args, load_s)


def bulk_setup(args: argparse.Namespace) -> int | None:
    """Migrate the schema, keep its index and constraint DDL, drop them, copy the shared tables."""
    s = args.schema
    store = PostgresStore(args.pg, settings=SETTINGS, schema=s)  # the real migrations
    conn = store.conn
    b = int(_one(conn, f"SELECT max(rowid) FROM {args.base}.articles"))
    copies = -(-args.n // b)
    have = int(_one(conn, "SELECT count(*) FROM articles"))
    if have:
        print(f"schema {s} already holds {have} articles: drop it first")
        return None
    idx, cons = _ddl(conn, s)
    conn.execute("CREATE TABLE bench_ddl (ord SERIAL, tbl TEXT, name TEXT, def TEXT)")
    for table, name, d in cons:
        conn.execute("INSERT INTO bench_ddl (tbl, name, def) VALUES (%s, %s, %s)", (table, name, d))
    for d in idx:
        conn.execute("INSERT INTO bench_ddl (tbl, name, def) VALUES (NULL, NULL, %s)", (d,))
    for table, name, _ in reversed(cons):
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT IF EXISTS "{name}"')
    for d in idx:
        conn.execute(f"DROP INDEX IF EXISTS {d.split(' INDEX ', 1)[1].split(' ON ', 1)[0]}")
    # The same entities and outlets as base; outlets of copies: another of the source's 40.
    for t in ("outlets", "entities", "entity_keys", "entity_names"):
        conn.execute(f"INSERT INTO {t} SELECT * FROM {args.base}.{t}")
    conn.execute(
        "CREATE TABLE outlet_map AS SELECT o.id AS src, sh AS shift, d.id AS dst FROM outlets o"
        " CROSS JOIN generate_series(0, 39) sh JOIN outlets d ON d.key ="
        " regexp_replace(o.key, ' [0-9]+$', '') || ' ' || ((substring(o.key from ' ([0-9]+)$')::int + sh) % 40)"
    )
    if _one(conn, f"SELECT to_regclass('{args.base}.variants')") is None:
        tv = time.perf_counter()
        conn.execute(variants_sql(args.base, args.variants, args.head).encode())
        print(
            f"  {args.variants} word-set variants per base article: {time.perf_counter() - tv:.0f} s",
            flush=True,
        )
    conn.execute(f"SELECT setval(pg_get_serial_sequence('articles', 'rowid'), {copies * b + 1})")
    conn.execute(f"SELECT setval(pg_get_serial_sequence('stories', 'seq'), {copies * b + 1})")
    print(f"bulk: {copies} copies of {b} base articles into {s}", flush=True)
    store.close()
    return int(copies)


def _one(conn: Any, sql: str) -> Any:
    row = conn.execute(sql).fetchone()
    return row[0] if row else None


def bulk_load(args: argparse.Namespace) -> None:
    """Copies k0 ≤ k < k1."""
    import psycopg

    conn = psycopg.connect(args.pg, autocommit=True)
    conn.execute(f'SET search_path TO "{args.schema}"')
    b = int(_one(conn, f"SELECT max(rowid) FROM {args.base}.articles"))
    t0 = time.perf_counter()
    step = max(1, args.chunk // b)
    done = 0
    for k0 in range(args.k0, args.k1, step):
        k1 = min(args.k1, k0 + step)
        for sql in _perturbed_copies(k0, k1, b, args.base, args.variants):
            conn.execute(sql.encode())
        done += (k1 - k0) * b
        dt = time.perf_counter() - t0
        print(
            f"  [{args.k0}-{args.k1}] copies to {k1}: {done} articles, {dt:.0f} s, {done / dt:.0f}/s",
            flush=True,
        )
    conn.close()


def bulk_index(args: argparse.Namespace, load_s: float = float("nan")) -> None:
    """Rebuild the dropped constraints and indexes (as the migrations define them), VACUUM ANALYZE."""
    store = PostgresStore(args.pg, settings=SETTINGS, schema=args.schema)
    conn = store.conn
    n = int(_one(conn, "SELECT count(*) FROM articles"))
    t1 = time.perf_counter()
    for table, name, d in conn.execute("SELECT tbl, name, def FROM bench_ddl ORDER BY ord").fetchall():
        t = time.perf_counter()
        if table is None:
            conn.execute(d.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))
        else:
            valid = " NOT VALID" if d.startswith("FOREIGN KEY") else ""
            conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {d}{valid}')
        print(f"  {table or ''} {name or d}: {time.perf_counter() - t:.0f} s", flush=True)
    index_s = time.perf_counter() - t1
    t = time.perf_counter()
    conn.execute("VACUUM ANALYZE")
    print(f"  VACUUM ANALYZE: {time.perf_counter() - t:.0f} s")
    print(
        f"bulk: {n} articles; load {load_s:.0f} s = {n / load_s:.0f} articles/s (INSERT … SELECT, no indexes);"
        f" indexes + constraints {index_s:.0f} s; total {load_s + index_s:.0f} s ="
        f" {n / (load_s + index_s):.0f} articles/s"
    )
    sizes(conn, args.schema)
    store.close()


def sizes(conn: Any, schema: str) -> None:
    rows = conn.execute(
        "SELECT c.relname, c.relkind, pg_total_relation_size(c.oid), pg_relation_size(c.oid), c.reltuples"
        " FROM pg_class c WHERE c.relnamespace = %s::regnamespace AND c.relkind IN ('r', 'i')"
        " ORDER BY pg_total_relation_size(c.oid) DESC",
        (schema,),
    ).fetchall()
    n = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    total = sum(int(r[2]) for r in rows if r[1] == "r")
    print(f"sizes in {schema} ({n} articles): all tables with indexes and TOAST {total / 1e9:.2f} GB"
          f" = {total / max(n, 1):.0f} bytes per article")  # fmt: skip
    for name, kind, tot, own, tup in rows:
        if int(tot) >= 1e6:
            what = "table (total with TOAST+indexes)" if kind == "r" else "index"
            print(
                f"  {name:32s} {what:34s} {int(tot) / 1e6:10.0f} MB  own {int(own) / 1e6:8.0f} MB  rows ~{int(tup)}"
            )


# --- SQLite at 1M: the same base, copies made inside SQLite ---------------------------------
def _variant(terms: list[str], other: list[str], v: int) -> str:
    """One perturbed term string: ~10 % of the terms dropped (hash of term and variant), then 20
    terms from the middle of another base article (a pasted sentence)."""
    kept = [t for t in terms if zlib.crc32(f"{t}|{v}".encode()) % 10]
    return " ".join(kept + other[30:50])


def sqlite_base(args: argparse.Namespace) -> None:
    """The PostgreSQL base articles (as stored), through SQLiteStore.put_many, and their word variants."""

    from marsad.store.records import article_rows
    from marsad.store.sqlite import SQLiteStore

    pg = PostgresStore(args.pg, settings=SETTINGS, schema=args.base)
    arts = list(pg.iter_articles())
    pg.close()
    db = args.sqlite.with_name("base.db")
    db.unlink(missing_ok=True)
    store = SQLiteStore(db, settings=SETTINGS)
    t = time.perf_counter()
    for i in range(0, len(arts), BATCH):
        store.put_many(arts[i : i + BATCH])
    dt = time.perf_counter() - t
    print(
        f"sqlite base: {len(arts)} articles through SQLiteStore.put_many in {dt:.0f} s = {len(arts) / dt:.0f}/s"
    )
    by_id = {a.content_hash: a for a in arts}
    rows = store.conn.execute(
        "SELECT rowid, content_hash, duplicate_of FROM articles ORDER BY rowid"
    ).fetchall()
    terms: dict[int, tuple[str, list[str]]] = {}
    for rowid, h, dup in rows:
        if dup is None:
            r = article_rows(by_id[h], store.term_rule, "sqlite")
            terms[rowid] = (r.fts_title or "", (r.fts_body or "").split())
    keys = sorted(terms)
    store.conn.execute(
        "CREATE TABLE variants (rowid INTEGER, v INTEGER, title TEXT, body TEXT, PRIMARY KEY (rowid, v))"
    )

    out = []
    for rid in keys:
        title, body = terms[rid]
        for v in range(args.variants):
            other = terms[keys[zlib.crc32(f"{rid}|{v}".encode()) % len(keys)]][1]
            out.append((rid, v, title, _variant(body, other, v)))
    store.conn.execute("BEGIN")
    store.conn.executemany("INSERT INTO variants VALUES (?, ?, ?, ?)", out)
    store.conn.execute("COMMIT")
    store.close()
    print(f"sqlite base: {len(out)} word-set variants")


def sqlite_bulk(args: argparse.Namespace) -> None:
    from marsad.store.sqlite import SQLiteStore

    db = args.sqlite
    if db.exists():
        print(f"{db} exists: remove it first")
        return
    store = SQLiteStore(db, settings=SETTINGS)  # the real migrations
    conn = store.conn
    conn.execute(f"ATTACH DATABASE '{db.with_name('base.db')}' AS base")
    b = int(conn.execute("SELECT max(rowid) FROM base.articles").fetchone()[0])
    copies = -(-args.n // b)
    idx = [
        str(r[0])
        for r in conn.execute(
            "SELECT sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name IN ('articles', 'blocks', 'article_entities', 'stories')"
        )
    ]
    for d in idx:
        conn.execute(f"DROP INDEX {d.split(' INDEX ', 1)[1].split(' ON ', 1)[0]}")
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    for t in ("outlets", "entities", "entity_keys", "entity_names"):
        conn.execute(f"INSERT INTO main.{t} SELECT * FROM base.{t}")
    conn.execute(
        "CREATE TEMP TABLE outlet_map AS SELECT o.id AS src, sh.value AS shift, d.id AS dst FROM outlets o"
        " CROSS JOIN (WITH RECURSIVE r(value) AS (SELECT 0 UNION ALL SELECT value + 1 FROM r WHERE value < 39)"
        " SELECT value FROM r) sh JOIN outlets d ON d.key = rtrim(o.key, '0123456789') ||"
        " ((CAST(substr(o.key, length(rtrim(o.key, '0123456789')) + 1) AS INTEGER) + sh.value) % 40)"
    )
    print(f"sqlite bulk: {copies} copies of {b} base articles into {db}", flush=True)
    shift = "((k * 131) % 3651 - 1825)"
    day = f"CASE WHEN x.pub_day IS NULL THEN NULL ELSE date(x.pub_day, {shift} || ' days') END"
    mark = "char(57344)"
    facets = (
        f"{mark} || 'o' || a.outlet || ' ' || {mark} || 'y' || substr(a.pub_day, 1, 4) || ' ' || {mark} || 'm'"
        f" || substr(a.pub_day, 1, 4) || substr(a.pub_day, 6, 2) || ' ' || {mark} || 'l' || lower(hex(a.language))"
        # The base article's entity facet terms (store.terms.entity_facet: ids are letters and digits).
        f" || coalesce((SELECT ' ' || group_concat({mark} || 'e' || e.entity, ' ') FROM base.article_entities e"
        " WHERE e.article = w.rowid), '')"
    )
    t0 = time.perf_counter()
    step = max(1, args.chunk // b)
    for k0 in range(0, copies, step):
        k1 = min(copies, k0 + step)
        ks = f"(WITH RECURSIVE r(k) AS (SELECT {k0} UNION ALL SELECT k + 1 FROM r WHERE k < {k1 - 1}) SELECT k FROM r) ks"
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO articles (rowid, id, content_hash, title, published, pub_day, language, outlet, url, path,"
            " record, format, story, duplicate_of, json, added, source_id, fetched, text_hash, dup_kind, story_note)"
            f" SELECT k * {b} + x.rowid, printf('c%015x', k * {b} + x.rowid), printf('%064x', k * {b} + x.rowid), x.title,"
            f" {day} || substr(x.published, 11), {day}, x.language, coalesce(om.dst, x.outlet), x.url || '#' || k,"
            " x.path || '#' || k, x.record, x.format, CASE WHEN x.story IS NULL THEN NULL ELSE x.story || '-' || k END,"
            " NULL, json_object('bench_copy_of', x.id, 'copy', k), x.added, x.source_id, x.fetched,"
            f" printf('t%063x', k * {b} + x.rowid), x.dup_kind, x.story_note"
            f" FROM {ks} CROSS JOIN base.articles x LEFT JOIN outlet_map om ON om.src = x.outlet AND om.shift = k % 40"
            " WHERE x.duplicate_of IS NULL"
        )
        conn.execute(
            f"INSERT INTO article_fts (rowid, title, body, facets) SELECT k * {b} + w.rowid, w.title, w.body, {facets}"
            f" FROM {ks} CROSS JOIN base.variants w JOIN articles a ON a.rowid = k * {b} + w.rowid"
            f" WHERE w.v = k % {args.variants}"
        )
        conn.execute(
            f"INSERT INTO blocks SELECT k * {b} + x.article, x.idx, x.label, x.line, x.text, x.reason, x.language"
            f" FROM {ks} CROSS JOIN base.blocks x JOIN base.articles y ON y.rowid = x.article AND y.duplicate_of IS NULL"
        )
        conn.execute(
            f"INSERT INTO article_entities SELECT k * {b} + x.article, x.entity, x.local_id, x.mentions, x.roles"
            f" FROM {ks} CROSS JOIN base.article_entities x"
            " JOIN base.articles y ON y.rowid = x.article AND y.duplicate_of IS NULL"
        )
        conn.execute("COMMIT")
        n = int(conn.execute("SELECT max(rowid) FROM articles").fetchone()[0])
        dt = time.perf_counter() - t0
        print(f"  copies {k1}/{copies}: ~{n} articles, {dt:.0f} s, {n / dt:.0f} articles/s", flush=True)
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    for d in idx:
        conn.execute(d)
    conn.execute("INSERT INTO article_fts(article_fts) VALUES ('optimize')")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    print(
        f"sqlite bulk: {n} articles; load {load_s:.0f} s; indexes + FTS optimize + ANALYZE"
        f" {time.perf_counter() - t1:.0f} s; file {db.stat().st_size / 1e9:.2f} GB"
        f" = {db.stat().st_size / n:.0f} bytes per article"
    )
    store.close()


# --- query: latency ------------------------------------------------------------------------
def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    t = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - t) * 1000 / repeat


def p50_p95(times: Sequence[float]) -> tuple[float, float]:
    s = sorted(times)
    return statistics.median(s), s[max(0, int(len(s) * 0.95) - 1)]


def run_cases(cases: list[Callable[[], object]]) -> tuple[float, float]:
    for c in cases:  # warm-up
        c()
    return p50_p95([timed(c) for c in cases])


def _ab(store: Any, name: str, qs: list[SearchQuery], rounds: int = 2) -> None:
    """Filtered searches with the filter's facet terms and without them (the SQL conditions
    alone: SQLiteStore.use_facets off; PostgreSQL's facet condition left out, as before migration
    9), alternating round by round on the same store: p50/p95 of each and whether every query gave
    the same hits and totals."""
    pg = isinstance(store, PostgresStore)

    def facets(on: bool) -> None:
        if pg:
            if on:
                store.__dict__.pop("_with_facets", None)
            else:
                store._with_facets = lambda m, f: m
        else:
            store.use_facets = on

    times: dict[str, list[float]] = {"facet terms": [], "SQL conditions only": []}
    same = 0
    for q in qs:  # warm the pages both paths read before timing either
        store.search(q)
    for _ in range(rounds):
        for path in times:
            facets(path == "facet terms")
            got = []
            for q in qs:
                t = time.perf_counter()
                got.append(store.search(q))
                times[path].append((time.perf_counter() - t) * 1000)
            if path == "facet terms":
                with_facets = got
            else:
                same += sum(
                    [h.id for h in a.hits] == [h.id for h in b.hits] and a.total == b.total
                    for a, b in zip(with_facets, got, strict=True)
                )
    facets(True)
    for path, ts in times.items():
        p50, p95 = p50_p95(ts)
        print(f"  {name}, {path:20s} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  ({len(ts)} timed)", flush=True)
    print(f"  {name} A/B: same hits and totals for {same} of {rounds * len(qs)} searches", flush=True)


def query(args: argparse.Namespace) -> None:
    recs = records(args.topics)
    queries = query_set(recs, args.queries)
    store: Any
    if args.phase == "sqlite-query":
        from marsad.store.sqlite import SQLiteStore

        store = SQLiteStore(args.sqlite, settings=SETTINGS)
    else:
        store = PostgresStore(args.pg, settings=SETTINGS, schema=args.schema)
    n = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    top = [
        str(r[0])
        for r in store.conn.execute(
            "SELECT entity FROM article_entities GROUP BY entity ORDER BY count(*) DESC LIMIT 20"
        )
    ]
    outlets = ["BBC 3", "CNN 7", "SkyNews 11", "JawharaFM 5"]
    ranges = [("2015-01-01", "2015-03-31"), ("2012-06-01", "2012-06-30"), ("2019-01-01", "2019-12-31")]
    print(f"{args.schema}: {n} articles, {len(queries)} queries, entities {top[:3]}…")

    def search(**kw: Any) -> Callable[[], object]:
        return lambda: store.search(SearchQuery(limit=10, **kw))

    def stories(f: StoryFilter) -> Callable[[], object]:
        return lambda: store.stories(0, 20, f)

    plans: dict[str, list[Callable[[], object]]] = {
        "plain": [search(text=q) for q in queries],
        "outlet": [search(text=q, outlet=outlets[i % 4]) for i, q in enumerate(queries)],
        "date range": [
            search(text=q, since=ranges[i % 3][0], until=ranges[i % 3][1]) for i, q in enumerate(queries)
        ],
        "entity": [search(text=q, entity=top[i % len(top)]) for i, q in enumerate(queries)] if top else [],
        "outlet + date": [
            search(text=q, outlet="BBC 3", since="2015-01-01", until="2017-12-31") for q in queries
        ],
        "list by outlet (no text)": [search(outlet=o) for o in outlets],
        "list by entity (no text)": [search(entity=e) for e in top],
        "story list (first page)": [lambda: store.stories(0, 20)],
        "story list by outlet": [stories(StoryFilter(outlet=o)) for o in outlets],
        "story list by date": [stories(StoryFilter(since=r[0], until=r[1])) for r in ranges],
    }
    if args.ab:
        if top:
            _ab(
                store,
                "entity",
                [SearchQuery(q, entity=top[i % len(top)], limit=10) for i, q in enumerate(queries)],
            )
        _ab(
            store,
            "date range",
            [
                SearchQuery(q, since=ranges[i % 3][0], until=ranges[i % 3][1], limit=10)
                for i, q in enumerate(queries)
            ],
        )
    for name, cases in plans.items():
        if args.cases and name not in args.cases.split(","):
            continue
        if not cases:
            print(f"  {name}: skipped (no entities in the store)")
            continue
        reps = max(1, 40 // len(cases))
        times = []
        for c in cases:
            c()
        for _ in range(reps):
            times += [timed(c) for c in cases]
        p50, p95 = p50_p95(times)
        print(f"  {name:28s} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  ({len(times)} timed)", flush=True)
        if args.dump and len(cases) == len(queries):  # per-query times, to find the slow ones
            with args.dump.open("a", encoding="utf-8") as out:
                for i, ms in enumerate(times):
                    out.write(
                        json.dumps(
                            {
                                "case": name,
                                "query": queries[i % len(queries)],
                                "i": i % len(queries),
                                "ms": round(ms, 2),
                            },
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "phase",
        choices=[
            "base",
            "bulk",
            "bulk-load",
            "bulk-index",
            "query",
            "sizes",
            "sqlite-base",
            "sqlite-bulk",
            "sqlite-query",
        ],
    )
    ap.add_argument("--sqlite", type=Path, default=Path("/tmp/marsad-bench/sqlite1m.db"))
    ap.add_argument("topics", type=Path, nargs="?", default=Path("../shared/data/topics"))
    ap.add_argument("--pg", required=True)
    ap.add_argument("--schema", default="s1m")
    ap.add_argument("--base", default="base", help="schema of the base articles (phase base)")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--entities", type=int, default=1500, help="base articles run through the entity tagger")
    ap.add_argument("--variants", type=int, default=8, help="perturbed word sets per base article")
    ap.add_argument("--head", type=int, default=80, help="word positions kept of each base article")
    ap.add_argument("--stride", type=int, default=3, help="base: every stride-th ANT record")
    ap.add_argument("--corpus", type=int, default=1000, help="base articles written with the corpus step")
    ap.add_argument("--cases", help="query: comma-separated case names to run (default all)")
    ap.add_argument("--jobs", type=int, default=1, help="bulk: loading connections")
    ap.add_argument("--k0", type=int, default=0)
    ap.add_argument("--k1", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=500_000, help="articles per INSERT … SELECT round")
    ap.add_argument(
        "--ab", action="store_true", help="query: entity and date filters with and without their facet terms"
    )
    ap.add_argument("--dump", type=Path, help="query: append per-query times (JSON lines) to this file")
    ap.add_argument("--queries", type=Path, default=Path(__file__).with_name("queries.json"))
    args = ap.parse_args()
    if args.phase == "base":
        base(args)
    elif args.phase == "bulk-load":
        bulk_load(args)
    elif args.phase == "bulk-index":
        bulk_index(args)
    elif args.phase == "sqlite-base":
        sqlite_base(args)
    elif args.phase == "sqlite-bulk":
        sqlite_bulk(args)
    elif args.phase == "bulk":
        bulk(args)
    elif args.phase == "sizes":
        store = PostgresStore(args.pg, settings=SETTINGS, schema=args.schema)
        sizes(store.conn, args.schema)
    else:
        query(args)  # query, sqlite-query


if __name__ == "__main__":
    main()
