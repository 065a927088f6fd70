"""The server store: PostgreSQL behind the same protocol, for shared or larger deployments.

Full text: PostgreSQL's `arabic` configuration stems but keeps و+ال (والرئيس ≠ الرئيس), so the
store writes its own normalised, clitic-split terms (store.terms, the same as SQLite's) straight
into a `tsvector` literal — no parser or dictionary touches them — and queries with a `tsquery`
literal built from the same analyses. Ranking is `ts_rank_cd` with title terms weighted A.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from marsad.config import Settings
from marsad.errors import StoreError
from marsad.store.base import ArticleFilter
from marsad.store.migrations import POSTGRES
from marsad.store.query import Node
from marsad.store.query_compile import cover, tsquery_expression
from marsad.store.records import ArticleRows
from marsad.store.sqlbase import ARTICLE_COLUMNS, ENTITY_ARTICLES, Match, SQLStore, _Plan, article_values
from marsad.store.terms import date_facets, tsvector_facets

__all__ = ["PostgresStore"]

# ts_rank_cd weights for {D, C, B, A}: title (A) counts four times body (D), as on SQLite.
RANK_WEIGHTS = "{0.25, 0.25, 0.25, 1.0}"


def tsquery_literal(groups: list[frozenset[str]]) -> str:
    return " & ".join("(" + " | ".join(f"'{t}'" for t in sorted(g)) + ")" for g in groups)


class PostgresStore(SQLStore):
    backend = "postgresql"
    _same = "IS NOT DISTINCT FROM"

    def __init__(self, url: str, schema: str | None = None, *, settings: Settings) -> None:
        self._use(settings)
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise StoreError("PostgreSQL needs the postgres extra: pip install 'marsad[postgres]'") from exc
        self._psycopg = psycopg
        self.url = url
        self._common: tuple[dict[str, float], float] | None = None
        self._common_at = 0.0
        self._probed: dict[str, int] = {}  # tsquery → matches counted up to a cap (_probe)
        try:
            self.conn = psycopg.connect(url, autocommit=True)
            if schema:
                # Tests isolate themselves in a schema; quoting keeps any name safe.
                self.conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
                self.conn.execute(f'SET search_path TO "{schema}"')
            self._migrate()
        except psycopg.Error as exc:
            raise StoreError(f"cannot open the PostgreSQL store at {_redact(url)}: {exc}") from exc

    def _migrate(self) -> None:
        with self.conn.transaction():
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            # One migrator at a time when several processes open a fresh database together.
            self.conn.execute("LOCK TABLE schema_version IN EXCLUSIVE MODE")
            row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
            current = int(row[0] or 0) if row else 0
            for version, sql in POSTGRES:
                if version > current:
                    self.conn.execute(sql.encode("utf-8"))
                    self.conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))

    # --- dialect hooks ----------------------------------------------------------------------
    def _exec(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self.conn.execute(sql.replace("?", "%s").encode("utf-8"), tuple(params) or None)
        except self._psycopg.Error as exc:
            raise StoreError(f"PostgreSQL: {exc}") from exc

    def _execmany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            try:
                with self.conn.cursor() as cur:
                    cur.executemany(sql.replace("?", "%s").encode("utf-8"), [tuple(r) for r in rows])
            except self._psycopg.Error as exc:
                raise StoreError(f"PostgreSQL: {exc}") from exc

    def _insert_id(self, sql: str, params: Sequence[Any]) -> int:
        row = self._exec(sql + " RETURNING id", params).fetchone()
        return int(row[0])

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            with self.conn.transaction():
                yield
        except self._psycopg.Error as exc:
            raise StoreError(f"PostgreSQL: {exc}") from exc

    def _insert_article(self, rows: ArticleRows, outlet: int | None, entities: Sequence[str]) -> int:
        marks = ", ".join("?" for _ in ARTICLE_COLUMNS.split(","))
        # Reprints get no tsvector: search shows the canonical article once.
        tsv = (
            ""
            if rows.duplicate_of is not None
            else f"{rows.tsv or ''} {tsvector_facets(rows.pub_day, entities)}"
        )
        row = self._exec(
            f"INSERT INTO articles ({ARTICLE_COLUMNS}, tsv) VALUES ({marks}, CAST(? AS tsvector)) RETURNING rowid",
            (*article_values(rows, outlet), tsv),
        ).fetchone()
        return int(row[0])

    def _common_terms(self) -> tuple[dict[str, float], float]:
        """Frequent lexemes of `articles.tsv` with their document fraction, from ANALYZE's statistics."""
        if self._common is None or time.monotonic() - self._common_at > self.settings.postgres_stats_ttl_s:
            row = self._exec(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                " WHERE schemaname = current_schema() AND tablename = 'articles' AND attname = 'tsv'"
            ).fetchone()
            n = self._exec("SELECT reltuples FROM pg_class WHERE oid = to_regclass('articles')").fetchone()
            freqs = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
            self._common = (freqs, max(float(n[0]) if n else 0.0, 0.0))
            self._common_at = time.monotonic()
            self._probed.clear()  # the store has changed by as much as the statistics say
        return self._common

    def _estimate(self, groups: list[frozenset[str]]) -> float:
        """The matches of `groups` (an AND of ORs), as far as the rank-or-walk decision needs them.

        From ANALYZE's most common lexemes: the rarest group's summed frequencies × articles, an
        upper bound. A lexeme not in that list is rarer than its least frequent one: that bounds it
        (at 10M articles the list ends near 15,000 articles, so every rarer word was ranked over
        all its matches, docs/benchmarks.md). When that bound is above `postgres_rank_max`, the
        matches are counted up to `postgres_rank_max` + 1 from the full-text index (a capped probe,
        cached until the statistics are read again)."""
        freqs, n = self._common_terms()
        floor = min(freqs.values()) * n if freqs else math.inf  # no statistics yet: unknown
        rank_max = self.settings.postgres_rank_max
        bounds = [
            (sum(floor if f is None else f * n for f in known), None not in known)
            for known in ([freqs.get(t) for t in g] for g in groups)
        ]
        bound, listed = min(bounds, default=(0.0, True))
        if bound <= rank_max or listed:
            return bound
        return float(self._probe(tsquery_literal(groups), rank_max + 1))

    def _probe(self, tsquery: str, cap: int) -> int:
        """Articles matching `tsquery`, counted up to `cap` (the GIN index's bitmap, then the
        visibility map: the rows themselves are read only on pages changed since the last VACUUM)."""
        got = self._probed.get(tsquery)
        if got is None:
            if len(self._probed) > 10_000:
                self._probed.clear()
            row = self._exec(
                f"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE a.tsv @@ CAST(? AS tsquery) LIMIT {cap}) c",
                (tsquery,),
            ).fetchone()
            got = self._probed[tsquery] = int(row[0])
        return got

    def _match(self, groups: list[frozenset[str]]) -> Match:
        return self._ts_match(tsquery_literal(groups), groups)

    def _match_filtered(self, groups: list[frozenset[str]], f: ArticleFilter) -> Match:
        return self._with_facets(self._match(groups), f)

    def _with_facets(self, m: Match, f: ArticleFilter) -> Match:
        """A filter's facet terms (store.terms: the entity's ids, else the date range's years and
        months) as a second full-text condition: the GIN index intersects their postings with the
        words' instead of the words' matches being read and checked against the entity's article
        list (~1.5 s at 10M) or the pub_day range. One group, as on SQLite (SQLiteStore.
        _facet_groups): the entity's is the narrower; none for dates when an outlet is named. Not part of `q`, so the rank is the
        unfiltered search's; the decision to rank or walk is the words' alone, so a filter keeps
        the unfiltered order. The SQL conditions still decide."""
        facets = self._entity_facets(f.entity) if f.entity else None
        # An outlet filter is served by the (outlet, rowid) index (migration 8): with the years'
        # long postings ANDed in, outlet + date searches at 1M went p95 144 → 1,024 ms.
        if facets is None and not f.outlet and f.since and f.until:
            facets = date_facets(f.since, f.until, self.settings.search_max_date_terms)
        if facets:
            m.where_sql += " AND a.tsv @@ CAST(? AS tsquery)"
            m.params.append(tsquery_literal([facets]))
        return m

    def _ts_match(self, tsquery: str, cover: list[frozenset[str]] | None) -> Match:
        """A tsquery match; ranked unless `cover` (groups every match holds) says it is too common."""
        m = Match(
            from_sql="articles a CROSS JOIN CAST(? AS tsquery) AS q",
            where_sql="a.tsv @@ q",
            score_sql=f"ts_rank_cd('{RANK_WEIGHTS}', a.tsv, q, 1)",
            params=[tsquery],
        )
        # No cover (prefixes only): the count is unknown, so walk newest first.
        m.estimate = None if cover is None else self._estimate(cover)
        if m.estimate is None or m.estimate > self.settings.postgres_rank_max:
            # Every word is very common: ranking every match would take hundreds of ms; walk the
            # articles newest first instead and stop after the page (as SQLite does).
            m.order_sql = "a.rowid DESC"
            m.ranked = False
        return m

    def _windows(self, plan: _Plan, need: int, widest: float = 1.0) -> Iterator[str]:
        """`FROM … WHERE …` of a walk newest first that needs `need` matches, limited to the
        newest rowids that should hold them `postgres_walk_window` times over (by the words'
        estimated share of the articles), widened 16× while narrower than `widest` × the store.
        None when the plan is no walk."""
        est = plan.estimate
        if plan.order != "a.rowid DESC" or not est or need <= 0:
            return
        row = self._exec("SELECT min(rowid), max(rowid) FROM articles").fetchone()
        if not row or row[0] is None:
            return
        lo, hi = int(row[0]), int(row[1])
        _, n = self._common_terms()
        span = max(1.0, self.settings.postgres_walk_window * need * max(n, hi - lo + 1) / est)
        while span < (hi - lo) * widest:
            yield _in_window(plan.sql, hi - int(span), span <= self.settings.postgres_window_scan_rows)
            span *= 16

    def _page_rows(self, plan: _Plan, select: str, order: str, limit: int, offset: int) -> list[Any]:
        """A walk newest first looks in windows of the newest rowids first (`_windows`). What a
        window returns when it fills the page is what the whole walk returns (every row above the
        window's edge comes before every row below it); the rows read are the window's matches,
        in the recently written part of the table, instead of every match of the words all over
        it (a bitmap scan) or every article newest first until ten match (the rowid index, when
        the words are rarer than the planner thinks)."""
        if order == plan.order:
            for window in self._windows(plan, offset + limit):
                rows = self._exec(
                    f"{select} {window} ORDER BY {order} LIMIT ? OFFSET ?",
                    [*plan.params, limit, offset],
                ).fetchall()
                if len(rows) == limit:
                    return list(rows)
        return super()._page_rows(plan, select, order, limit, offset)

    def _plan_count(self, plan: _Plan, cap: int) -> tuple[int, bool]:
        """A walk's matches are counted in the same windows while they are narrow (a sixteenth of
        the store at most: a wide window's plan costs more than the count over everything): one
        that holds more than `cap` ends the count (the total is capped either way)."""
        for window in self._windows(plan, cap + 1, widest=1 / 16):
            n, capped = self._capped_count(window, plan.params, cap)
            if capped:
                return n, capped
        return super()._plan_count(plan, cap)

    # --- query language (issue 13.3): phrases are exact here (one position per word) ---------
    def _match_query(self, node: Node, f: ArticleFilter) -> Match:
        return self._with_facets(self._ts_match(tsquery_expression(node), cover(node)), f)

    def close(self) -> None:
        self.conn.close()


def _in_window(sql: str, edge: int, scan: bool) -> str:
    """`FROM … WHERE …` of a plan, limited to rowids above `edge` (an int, written inline). The
    entity filter's article list gets the same bound (the planner does not carry it into the
    subquery: it scanned every article of the window, not the entity's). With `scan` (a narrow
    window, `postgres_window_scan_rows`) the words and dates are kept out of their indexes: the
    window's rows are read and checked one by one. The planner ANDed the GIN bitmap of common
    words (200-250 ms at 10M articles) or a year's pub_day bitmap (~750k rows, 260 ms) into
    windows whose rows cost a few ms; in a wide window those bitmaps are what keeps the rows read
    few (a month and a word: its ~200 matches instead of the word's ~10,000 in the window)."""
    edge = int(edge)
    if scan:
        sql = sql.replace("a.tsv @@ q", "(a.tsv @@ q) IS TRUE", 1)
        for op in (">=", "<="):
            sql = sql.replace(f"a.pub_day {op} ?", f"(a.pub_day {op} ?) IS TRUE")
    sql = sql.replace(ENTITY_ARTICLES, f"{ENTITY_ARTICLES} article > {edge} AND")
    return f"{sql} AND a.rowid > {edge}"


def _redact(url: str) -> str:
    """The URL without its password, for error messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        cred, host = rest.rsplit("@", 1)
        return f"{scheme}://{cred.split(':', 1)[0]}:***@{host}" if ":" in cred else url
    return url
