"""The server store: PostgreSQL behind the same protocol, for shared or larger deployments.

Full text: PostgreSQL's `arabic` configuration stems but keeps و+ال (والرئيس ≠ الرئيس), so the
store writes its own normalised, clitic-split terms (store.terms, the same as SQLite's) straight
into a `tsvector` literal — no parser or dictionary touches them — and queries with a `tsquery`
literal built from the same analyses. Ranking is `ts_rank_cd` with title terms weighted A.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from marsad.errors import StoreError
from marsad.store.migrations import POSTGRES
from marsad.store.records import ArticleRows
from marsad.store.sqlbase import Match, SQLStore, now

__all__ = ["PostgresStore"]

# ts_rank_cd weights for {D, C, B, A}: title (A) counts four times body (D), as on SQLite.
RANK_WEIGHTS = "{0.25, 0.25, 0.25, 1.0}"


def tsquery_literal(groups: list[frozenset[str]]) -> str:
    return " & ".join("(" + " | ".join(f"'{t}'" for t in sorted(g)) + ")" for g in groups)


class PostgresStore(SQLStore):
    backend = "postgresql"
    _same = "IS NOT DISTINCT FROM"

    def __init__(self, url: str, schema: str | None = None) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise StoreError("PostgreSQL needs the postgres extra: pip install 'marsad[postgres]'") from exc
        self._psycopg = psycopg
        self.url = url
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
        row = self._exec(
            "INSERT INTO articles (id, content_hash, title, published, pub_day, language, outlet, url, path,"
            " record, format, story, duplicate_of, json, added, tsv)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS tsvector)) RETURNING rowid",
            (
                rows.id, rows.content_hash, rows.title, rows.published, rows.pub_day, rows.language, outlet,
                rows.url, rows.path, rows.record, rows.format, rows.story, rows.duplicate_of, rows.json, now(),
                rows.tsv,
            ),
        ).fetchone()  # fmt: skip
        return int(row[0])

    def _match(self, groups: list[frozenset[str]]) -> Match:
        return Match(
            from_sql="articles a CROSS JOIN CAST(? AS tsquery) AS q",
            where_sql="a.tsv @@ q",
            score_sql=f"ts_rank_cd('{RANK_WEIGHTS}', a.tsv, q, 1)",
            params=[tsquery_literal(groups)],
        )

    def close(self) -> None:
        self.conn.close()


def _redact(url: str) -> str:
    """The URL without its password, for error messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        cred, host = rest.rsplit("@", 1)
        return f"{scheme}://{cred.split(':', 1)[0]}:***@{host}" if ":" in cred else url
    return url
