"""The server store: PostgreSQL behind the same protocol, for shared or larger deployments.

Full text: PostgreSQL's `arabic` configuration stems but keeps و+ال (والرئيس ≠ الرئيس), so the
store writes its own normalised, clitic-split terms (store.terms, the same as SQLite's) straight
into a `tsvector` literal — no parser or dictionary touches them — and queries with a `tsquery`
literal built from the same analyses. Ranking is `ts_rank_cd` with title terms weighted A.
"""

from __future__ import annotations

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
from marsad.store.sqlbase import ARTICLE_COLUMNS, Match, SQLStore, article_values

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

    def _insert_article(self, rows: ArticleRows, outlet: int | None) -> int:
        marks = ", ".join("?" for _ in ARTICLE_COLUMNS.split(","))
        # Reprints get no tsvector: search shows the canonical article once.
        tsv = "" if rows.duplicate_of is not None else rows.tsv
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
        return self._common

    def _estimate(self, groups: list[frozenset[str]]) -> float:
        """Upper bound of the matches: the rarest group's summed frequencies × articles."""
        freqs, n = self._common_terms()
        return min(sum(freqs.get(t, 0.0) for t in g) * n for g in groups)

    def _match(self, groups: list[frozenset[str]]) -> Match:
        return self._ts_match(tsquery_literal(groups), groups)

    def _ts_match(self, tsquery: str, cover: list[frozenset[str]] | None) -> Match:
        """A tsquery match; ranked unless `cover` (groups every match holds) says it is too common."""
        m = Match(
            from_sql="articles a CROSS JOIN CAST(? AS tsquery) AS q",
            where_sql="a.tsv @@ q",
            score_sql=f"ts_rank_cd('{RANK_WEIGHTS}', a.tsv, q, 1)",
            params=[tsquery],
        )
        # No cover (prefixes only): the count is unknown, so walk newest first.
        if cover is None or self._estimate(cover) > self.settings.postgres_rank_max:
            # Every word is very common: ranking every match would take hundreds of ms; walk the
            # articles newest first instead and stop after the page (as SQLite does).
            m.order_sql = "a.rowid DESC"
            m.ranked = False
        return m

    # --- query language (issue 13.3): phrases are exact here (one position per word) ---------
    def _match_query(self, node: Node, f: ArticleFilter) -> Match:
        return self._ts_match(tsquery_expression(node), cover(node))

    def close(self) -> None:
        self.conn.close()


def _redact(url: str) -> str:
    """The URL without its password, for error messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        cred, host = rest.rsplit("@", 1)
        return f"{scheme}://{cred.split(':', 1)[0]}:***@{host}" if ":" in cred else url
    return url
