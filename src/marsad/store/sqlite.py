"""The embedded store: one SQLite file, FTS5 over normalised, clitic-split index terms, bm25.

One writer at a time (SQLite's rule): ingest workers extract in parallel and the parent writes.
WAL mode lets readers (the web UI) search while an ingest writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from marsad.config import Settings
from marsad.errors import StoreError
from marsad.model import Article
from marsad.store.base import ArticleFilter
from marsad.store.migrations import SQLITE, SQLITE_REFILL_FTS
from marsad.store.query import Node
from marsad.store.query_compile import (
    PHRASE_CHECK,
    cover,
    fts5_expression,
    has_phrase,
    node_json,
    phrase_check,
)
from marsad.store.records import SEARCHED_LABELS, ArticleRows, article_rows
from marsad.store.sqlbase import ARTICLE_COLUMNS, OUTLET_IDS, Match, SQLStore, article_values, outlet_params
from marsad.store.terms import date_facets, facet_terms, lang_facet, outlet_facet

__all__ = ["SQLiteStore"]

# The searched text of article `a` (blocks in order), as the index read it: for the phrase check.
_SEARCHED_TEXT = (
    "(SELECT group_concat(text, char(10)) FROM (SELECT text FROM blocks WHERE article = a.rowid"
    f" AND label IN ({', '.join(repr(label.value) for label in sorted(SEARCHED_LABELS))}) ORDER BY idx))"
)


class SQLiteStore(SQLStore):
    backend = "sqlite"
    _same = "IS"
    # False: filters are applied by their SQL predicates only (the path before facet terms;
    # tests compare both).
    use_facets = True

    def __init__(self, path: str | Path, *, settings: Settings) -> None:
        self._use(settings)
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode; writes group themselves in explicit BEGIN IMMEDIATE … COMMIT.
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=30000")
            # Page cache: the corpus tables (LSH bands, story terms) are B-trees over random keys;
            # with the 2 MB default every write and lookup misses (bench_corpus_scale.py).
            self.conn.execute(f"PRAGMA cache_size=-{settings.sqlite_cache_mb * 1024}")
            # Query language (issue 13.3): the exact phrase check (store.query_compile).
            self.conn.create_function(
                PHRASE_CHECK, 3, partial(phrase_check, rule=self.term_rule), deterministic=True
            )
            self._migrate()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the SQLite store at {self.path}: {exc}") from exc
        self._depth = 0
        self._df: dict[str, int] = {}  # term → document count, for `_estimate`

    def _migrate(self) -> None:
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        current = int(row[0] or 0)
        for version, sql in SQLITE:
            if version <= current:
                continue
            try:
                self.conn.executescript(f"BEGIN IMMEDIATE;\n{sql}")
                if version in SQLITE_REFILL_FTS:
                    self._refill_fts()
                self.conn.execute("INSERT INTO schema_version (version) VALUES (?)", (int(version),))
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def _refill_fts(self) -> None:
        """Recompute every article's full-text row from its stored JSON (after a schema change)."""
        last = 0
        while True:
            # Reprints have no full-text row (as `_insert_article` writes them).
            rows = self.conn.execute(
                "SELECT rowid, json, outlet, pub_day, language FROM articles WHERE rowid > ?"
                " AND duplicate_of IS NULL ORDER BY rowid LIMIT 500",
                (last,),
            ).fetchall()
            if not rows:
                return
            for rowid, js, outlet, pub_day, language in rows:
                r = article_rows(Article.from_dict(json.loads(js)), self.term_rule, self.backend)
                # The ids the article is linked to now: a merge made before this refill is in the
                # curation log, so a filter's merge family still finds them (_merge_family).
                linked = [
                    str(e[0])
                    for e in self.conn.execute(
                        "SELECT entity FROM article_entities WHERE article = ?", (rowid,)
                    )
                ]
                self.conn.execute(
                    "INSERT INTO article_fts (rowid, title, body, facets) VALUES (?, ?, ?, ?)",
                    (
                        rowid,
                        r.fts_title or "",
                        r.fts_body or "",
                        facet_terms(outlet, pub_day, language, linked),
                    ),
                )
            last = int(rows[-1][0])

    # --- dialect hooks ----------------------------------------------------------------------
    def _exec(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self.conn.execute(sql, tuple(params))
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite: {exc}") from exc

    def _execmany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            try:
                self.conn.executemany(sql, rows)
            except sqlite3.Error as exc:
                raise StoreError(f"SQLite: {exc}") from exc

    def _insert_id(self, sql: str, params: Sequence[Any]) -> int:
        cur = self._exec(sql, params)
        return int(cur.lastrowid)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._depth:  # nested: the outer transaction commits
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._exec("BEGIN IMMEDIATE")
        self._df.clear()  # document counts change with writes: estimates start afresh
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self._exec("COMMIT")
        finally:
            self._depth = 0

    def _insert_article(self, rows: ArticleRows, outlet: int | None, entities: Sequence[str]) -> int:
        rowid = self._insert_id(
            f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ({', '.join('?' for _ in ARTICLE_COLUMNS.split(','))})",
            article_values(rows, outlet),
        )
        if rows.duplicate_of is not None:
            return rowid  # reprints are not indexed: search shows the canonical article once
        self._exec(
            "INSERT INTO article_fts (rowid, title, body, facets) VALUES (?, ?, ?, ?)",
            (
                rowid,
                rows.fts_title or "",
                rows.fts_body or "",
                facet_terms(outlet, rows.pub_day, rows.language, entities),
            ),
        )
        return rowid

    def _estimate(self, groups: list[frozenset[str]]) -> int:
        """An upper bound of the matching articles: the rarest group's summed document counts."""
        best = None
        for g in groups:
            n = 0
            for term in g:
                df = self._df.get(term)
                if df is None:
                    row = self._exec("SELECT doc FROM article_vocab WHERE term = ?", (term,)).fetchone()
                    df = self._df[term] = int(row[0]) if row else 0
                n += df
            best = n if best is None else min(best, n)
        if len(self._df) > 100_000:
            self._df.clear()
        return best or 0

    def _match(self, groups: list[frozenset[str]]) -> Match:
        return self._fts_match(_expression(groups), groups)

    def _fts_match(self, expression: str, cover: list[frozenset[str]] | None) -> Match:
        """An FTS5 MATCH; ranked unless `cover` (groups every match holds) says it is too common."""
        # CROSS JOIN makes the full-text index the outer loop (SQLite keeps the written order).
        m = Match(
            from_sql="article_fts CROSS JOIN articles a ON a.rowid = article_fts.rowid",
            where_sql="article_fts MATCH ?",
            # Facet terms weigh nothing: a filtered search scores like the unfiltered one.
            score_sql=f"-bm25(article_fts, {self.settings.sqlite_title_weight}, {self.settings.sqlite_body_weight}, 0.0)",
            params=[expression],
            recent_sql="article_fts.rowid DESC",
        )
        # No cover (prefixes only): the count is unknown, so walk newest first.
        if cover is None or self._estimate(cover) > self.settings.sqlite_rank_max:
            # Every word is very common: bm25 would score every match; FTS5 walks its doclists
            # newest first and stops after the page instead.
            m.order_sql = "article_fts.rowid DESC"
            m.ranked = False
        return m

    # --- query language (issue 13.3) ---------------------------------------------------------
    def _match_query(self, node: Node, f: ArticleFilter) -> Match:
        expression = fts5_expression(node)
        if expression is None:  # the parser keeps a word to find in every query
            raise StoreError("a query without a word to find reached the full-text index")
        facets = self._facet_groups(f) if self.use_facets else []
        words = cover(node)
        m = self._fts_match(f"{expression} AND {_expression(facets)}" if facets else expression, words)
        if has_phrase(node):
            # FTS5 found every word of each phrase; the words' order and adjacency are checked here.
            m.where_sql += f" AND {PHRASE_CHECK}(a.title, {_SEARCHED_TEXT}, ?)"
            m.params.append(node_json(node))
            # The check costs ~0.5-2 ms a candidate: rank only few, count only so far.
            m.count_cap = self.settings.query_phrase_count_cap
            if m.ranked and words is not None and self._estimate(words) > self.settings.query_phrase_rank_max:
                m.order_sql = "article_fts.rowid DESC"
                m.ranked = False
        return m

    def _match_filtered(self, groups: list[frozenset[str]], f: ArticleFilter) -> Match:
        m = self._match(groups)  # ranked or newest first by the query words alone, as before
        facets = self._facet_groups(f) if self.use_facets else []
        if facets:
            # The filter's facet terms join the full-text AND: FTS5 intersects posting lists and
            # only articles that can pass the filter come back; its SQL predicates still decide.
            m.params = [_expression(groups + facets)]
        return m

    def _facet_groups(self, f: ArticleFilter) -> list[frozenset[str]]:
        """Facet-term groups implied by a filter (each a superset of the articles it keeps).

        Only the most selective one is used: entity, else outlet, else dates, else language. A
        second group narrows little (years hold ~1/6 of a store, a language often all of it) but
        FTS5 still merges its long doclists: at 1M, outlet + date searches took p50 39–43 ms with
        every group and 11–20 ms with the outlet's alone, same results (bench/bench_pg_scale.py).
        An entity's articles are usually fewer than an outlet's (the bench's commonest entity is
        in 2.8 % of the articles at 10M, an outlet holds 1/160), so its group comes first."""
        out: list[frozenset[str]] = []
        if f.entity:
            entities = self._entity_facets(f.entity)
            if entities is not None:
                out.append(entities)
        if not out and f.outlet:
            ids = self._exec(
                f"{OUTLET_IDS} LIMIT ?", [*outlet_params(f.outlet), self.settings.sqlite_max_outlet_terms + 1]
            ).fetchall()
            if len(ids) <= self.settings.sqlite_max_outlet_terms:
                # No outlet of that name: outlet 0 never exists, so nothing matches (as in SQL).
                out.append(frozenset(outlet_facet(int(r[0])) for r in ids) or frozenset({outlet_facet(0)}))
        if not out and f.since and f.until:
            dates = date_facets(f.since, f.until, self.settings.search_max_date_terms)
            if dates is not None:
                out.append(dates)
        if not out and f.lang and f.lang.strip():
            out.append(frozenset({lang_facet(f.lang.strip())}))
        return out

    def close(self) -> None:
        self.conn.close()


def _expression(groups: list[frozenset[str]]) -> str:
    """An FTS5 query: every group, any term of each. Terms are word characters only (see
    store.terms), so quoting them keeps FTS5 query syntax (NEAR, *, :, -) out of user input."""
    return " AND ".join("(" + " OR ".join(f'"{t}"' for t in sorted(g)) + ")" for g in groups)
