"""The SQL shared by both backends. A backend supplies the dialect hooks at the bottom.

SQL is written with `?` placeholders; PostgreSQL turns them into `%s`. Full-text matching is the
only part that differs in substance (FTS5 + bm25 vs tsvector + ts_rank_cd), behind `_match`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import regex

from marsad.arabic.normalize import search_form
from marsad.config import Settings
from marsad.corpus.hashing import article_id, content_hash
from marsad.errors import StoreError
from marsad.model import Article, Rejection, Source
from marsad.store import claim_views
from marsad.store.base import (
    ArticleFilter,
    ArticleSummary,
    ClaimRecord,
    EntityCount,
    EntityRecord,
    EntitySummary,
    FacetCount,
    Hit,
    InputProgress,
    LedgerEntry,
    Listing,
    PutResult,
    QuarantineRecord,
    SearchQuery,
    SearchResult,
    SourceCount,
    StoreStats,
)
from marsad.store.claim_views import ClaimListing, ClaimQuery, EventListing, EventQuery
from marsad.store.corpus_index import CorpusTables
from marsad.store.curation import UNLISTED, CurationTables  # curation (issue 13.8)
from marsad.store.ledger import LedgerTables
from marsad.store.query import Field, Node, Sort, parse, resolve
from marsad.store.query_compile import SORT_ORDERS, claim_event_conditions, snippet_groups
from marsad.store.records import SEARCHED_LABELS, ArticleRows, article_rows, new_entity_id
from marsad.store.room_views import RoomViews  # charts, outlets, trending (issue 13.1/13.4)
from marsad.store.saved import SavedTables  # saved searches (issue 13.5)
from marsad.store.snippets import make_snippet
from marsad.store.story_views import StoryViews
from marsad.store.terms import TermRule, analyses, entity_facet, query_groups, term_rule

if TYPE_CHECKING:
    from marsad.corpus.step import CorpusStep

__all__ = ["ARTICLE_COLUMNS", "OUTLET_IDS", "Match", "SQLStore", "article_values", "outlet_params"]

# The articles table's written columns, in `article_values` order (both backends).
ARTICLE_COLUMNS = (
    "id, content_hash, title, published, pub_day, language, outlet, url, path, record, format, story,"
    " duplicate_of, dup_kind, story_note, text_hash, source_id, fetched, json, added"
)


# The entity filter's subquery, up to its condition (PostgresStore narrows it to a rowid window).
ENTITY_ARTICLES = "SELECT article FROM article_entities WHERE"


def article_values(rows: ArticleRows, outlet: int | None) -> tuple[Any, ...]:
    return (
        rows.id, rows.content_hash, rows.title, rows.published, rows.pub_day, rows.language, outlet,
        rows.url, rows.path, rows.record, rows.format, rows.story, rows.duplicate_of, rows.dup_kind,
        rows.story_note, rows.text_hash, rows.source_id, rows.fetched, rows.json, now(),
    )  # fmt: skip


# An "until" bound compares as greater than any date it is a prefix of: "2023-09~" > "2023-09-30".
_UNTIL_SUFFIX = "~"
_LATIN = regex.compile(r"\p{Latin}")


# The outlets a filter names: by name in either script, key or id (params: `outlet_params`).
OUTLET_IDS = "SELECT id FROM outlets WHERE name_form = ? OR latin_form = ? OR key = ? OR CAST(id AS TEXT) = ?"


def outlet_params(outlet: str) -> list[Any]:
    o = outlet.strip()
    return [search_form(o).strip(), o.casefold(), o, o]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class Match:
    """How a backend matches query terms: the FROM clause (with `articles a`), a WHERE condition,
    a score, the result order, and an order that walks matches newest first cheaply."""

    from_sql: str
    where_sql: str
    score_sql: str
    params: list[Any]
    order_sql: str = "score DESC, a.rowid DESC"
    recent_sql: str = "a.rowid DESC"
    ranked: bool = True  # False: the order is newest first (every query word very common)
    # Matches are checked row by row (SQLite phrases): totals are counted to a lower cap.
    count_cap: int | None = None
    # Estimated matches of the query words (filters aside), when the backend knows them: a walk
    # newest first sizes its first window by it (PostgresStore._page_rows).
    estimate: float | None = None


@dataclass(slots=True)
class _Plan:
    sql: str  # FROM … WHERE …
    params: list[Any]
    score: str
    order: str
    recent: str
    groups: list[frozenset[str]]
    count_cap: int | None = None
    estimate: float | None = None


class SQLStore(CorpusTables, StoryViews, RoomViews, LedgerTables, SavedTables, CurationTables):
    """Everything but the dialect. Subclasses set `backend`, implement the hooks and call
    `_use(settings)` first: every cap, weight and index rule is read from that value."""

    backend = "sql"
    settings: Settings
    term_rule: TermRule

    def _use(self, settings: Settings) -> None:
        self.settings = settings
        self.term_rule = term_rule(settings)  # the index terms: the same rule writes and queries

    _same = "IS"  # null-safe equality

    # --- dialect hooks ----------------------------------------------------------------------
    def _exec(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def _execmany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _insert_id(self, sql: str, params: Sequence[Any]) -> int:
        """Run an INSERT (written without RETURNING) and give the new row's integer id."""
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _insert_article(self, rows: ArticleRows, outlet: int | None, entities: Sequence[str]) -> int:
        """Insert the article row and its full-text terms; `entities` are its canonical entity ids
        as the merge keys give them (before curation), indexed as filter facet terms."""
        raise NotImplementedError

    def _match(self, groups: list[frozenset[str]]) -> Match:
        raise NotImplementedError

    def _match_filtered(self, groups: list[frozenset[str]], f: ArticleFilter) -> Match:
        """`_match` for a filtered search. A backend may narrow the full-text match with the
        filter (the SQL conditions of `_filters` still apply, so results stay the same)."""
        return self._match(groups)

    def close(self) -> None:
        raise NotImplementedError

    def _now(self) -> str:
        return now()

    # --- writing: the one write path ------------------------------------------------------
    def has_hash(self, content_hash: str) -> bool:
        return (
            self._exec("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
            is not None
        )

    def put(self, article: Article) -> PutResult:
        return self.write([article])[0]

    def put_many(self, articles: Sequence[Article]) -> list[PutResult]:
        return self.write(articles)

    def write(
        self,
        articles: Sequence[Article],
        *,
        corpus: CorpusStep | None = None,
        rejected: Sequence[tuple[Source, Rejection]] = (),
        progress: InputProgress | None = None,
        origins: Sequence[tuple[str, int]] | None = None,
        ledger: Sequence[LedgerEntry] = (),
    ) -> list[PutResult]:
        with self._transaction():
            out = [self._write_one(a, corpus) for a in articles]
            for source, rejection in rejected:
                self._quarantine_one(source, rejection)
            entries = list(ledger)
            if origins is not None:
                entries += [
                    LedgerEntry(name, record, "stored" if r.status == "stored" else "duplicate", r.id)
                    for (name, record), r in zip(origins, out, strict=True)
                ]
            self._write_ledger(entries)
            if progress is not None:
                self._set_progress(progress)
        return out

    def _write_one(self, a: Article, corpus: CorpusStep | None) -> PutResult:
        a.content_hash = content_hash(a)
        aid = article_id(a.content_hash)
        if self.has_hash(a.content_hash):
            return PutResult(aid, "present")
        # The corpus step reads this transaction's own writes, so an article and its reprint in
        # one batch meet as they would in two.
        decision = corpus.assign(a, self) if corpus is not None and a.fingerprint is not None else None
        rows = article_rows(a, self.term_rule, self.backend)
        outlet = self._outlet_id(rows)
        # Canonical ids first: the full-text row carries them as entity facet terms.
        canonical = self._canonical_ids(rows)
        rowid = self._insert_article(rows, outlet, canonical)
        self._written = (rows.id, rowid)
        self._execmany(
            "INSERT INTO blocks (article, idx, label, line, text, reason, language) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(rowid, *b) for b in rows.blocks],
        )
        local = self._put_entities(rowid, rows, canonical)
        self._put_claims(rowid, rows, local)
        self._execmany(
            "INSERT INTO events (article, type, mode, text, trigger, block, location, when_text, when_date,"
            " certainty, actors, targets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    rowid, e["type"], e["mode"], e["text"], e["trigger"], e["block"], e["location"],
                    (e["when"] or {}).get("text"), (e["when"] or {}).get("date"), e["certainty"],
                    json.dumps(e["actors"], ensure_ascii=False), json.dumps(e["targets"], ensure_ascii=False),
                )
                for e in rows.events
            ],
        )  # fmt: skip
        if decision is not None and corpus is not None:
            corpus.apply(decision, self)
        return PutResult(rows.id, "duplicate" if a.duplicate_of else "stored")

    def _outlet_id(self, rows: ArticleRows) -> int | None:
        if rows.outlet_key is None or rows.outlet_name is None:
            return None
        row = self._exec("SELECT id FROM outlets WHERE key = ?", (rows.outlet_key,)).fetchone()
        if row:
            return int(row[0])
        return self._insert_id(
            "INSERT INTO outlets (key, name, latin, name_form, latin_form) VALUES (?, ?, ?, ?, ?)",
            (
                rows.outlet_key,
                rows.outlet_name,
                rows.outlet_latin,
                search_form(rows.outlet_name).strip(),
                rows.outlet_latin.strip().casefold() if rows.outlet_latin else None,
            ),
        )

    def _canonical(self, type_: str, name: str, latin: str | None, keys: list[str]) -> str:
        """The canonical entity id for these merge keys, creating the entity when new."""
        found: str | None = None
        for key in keys:
            row = self._exec("SELECT entity FROM entity_keys WHERE key = ?", (key,)).fetchone()
            if row:
                found = str(row[0])
                break
        if found is None:
            found = new_entity_id(type_, keys[0] if keys else f"{type_}|{name}")
            self._exec(
                "INSERT INTO entities (id, type, name, latin, kind) VALUES (?, ?, ?, ?, NULL)"
                " ON CONFLICT (id) DO NOTHING",
                (found, type_, name, latin),
            )
        elif latin:
            self._exec("UPDATE entities SET latin = ? WHERE id = ? AND latin IS NULL", (latin, found))
        self._execmany(
            "INSERT INTO entity_keys (key, entity) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            [(k, found) for k in keys],
        )
        return found

    def _canonical_ids(self, rows: ArticleRows) -> list[str]:
        """The canonical id of each of the article's entities, in `rows.entities` order."""
        return [self._canonical(e.type, e.name, e.latin, e.keys) for e in rows.entities]

    def _put_entities(
        self, rowid: int, rows: ArticleRows, canonical: Sequence[str] | None = None
    ) -> dict[str, str]:
        local: dict[str, str] = {}
        per: dict[str, tuple[str, int, set[str]]] = {}
        mentions: list[tuple[Any, ...]] = []
        names: set[tuple[str, str]] = set()
        ids = self._canonical_ids(rows) if canonical is None else canonical
        for e, cid in zip(rows.entities, ids, strict=True):
            # --- curation (issue 13.8): a merged entity links to its survivor, a hidden one not at
            # all; its names stay its own (readers follow the merge), so an undo moves none back
            names |= {(f, cid) for f in e.forms}
            curated = self._curated(cid, rowid)
            if curated is None:
                continue
            cid = curated
            # --- end curation ---
            if e.kind:
                self._exec("UPDATE entities SET kind = ? WHERE id = ? AND kind IS NULL", (e.kind, cid))
            local[e.local_id] = cid
            lid, n, roles = per.get(cid, (e.local_id, 0, set()))
            per[cid] = (lid, n + len(e.mentions), roles | set(e.roles))
            mentions += [(rowid, cid, b, s, en, t, int(r)) for b, s, en, t, r in e.mentions]
        self._execmany(
            "INSERT INTO entity_names (form, entity) VALUES (?, ?) ON CONFLICT (form, entity) DO NOTHING",
            sorted(names),
        )
        self._execmany(
            "INSERT INTO article_entities (article, entity, local_id, mentions, roles) VALUES (?, ?, ?, ?, ?)",
            [
                (rowid, cid, lid, n, json.dumps(sorted(roles), ensure_ascii=False))
                for cid, (lid, n, roles) in per.items()
            ],
        )
        self._execmany(
            'INSERT INTO mentions (article, entity, block, start, "end", text, role) VALUES (?, ?, ?, ?, ?, ?, ?)',
            mentions,
        )
        return local

    def _source_id(self, s: dict[str, Any], local: dict[str, str]) -> int:
        entity = local.get(s.get("entity") or "")
        ident = (s.get("latin") or "").strip().casefold() or search_form(s["name"]).strip()
        key = f"{s['kind']}|{ident}|{entity or ''}"
        row = self._exec("SELECT id FROM sources WHERE key = ?", (key,)).fetchone()
        if row:
            return int(row[0])
        return self._insert_id(
            "INSERT INTO sources (key, name, kind, latin, entity) VALUES (?, ?, ?, ?, ?)",
            (key, s["name"], s["kind"], s.get("latin"), entity),
        )

    def _put_claims(self, rowid: int, rows: ArticleRows, local: dict[str, str]) -> None:
        for c in rows.claims:
            cid = self._insert_id(
                'INSERT INTO claims (article, block, start, "end", text, certainty, cues) VALUES (?, ?, ?, ?, ?, ?, ?)',
                (rowid, c.block, c.start, c.end, c.text, c.certainty, json.dumps(c.cues, ensure_ascii=False)),
            )
            self._link_claim(cid, c, local)  # curation (issue 13.8) links claims again the same way

    # --- reading ----------------------------------------------------------------------------
    @staticmethod
    def _article(js: str, story: str | None) -> Article:
        a = Article.from_dict(json.loads(js))
        a.story = story  # a story merge after the article was written changes its story
        return a

    def get(self, article_id: str) -> Article | None:
        row = self._exec("SELECT json, story FROM articles WHERE id = ?", (article_id,)).fetchone()
        return self._article(row[0], row[1]) if row else None

    def iter_articles(self) -> Iterator[Article]:
        last = 0
        while True:  # keyset pages: no long-lived cursor, constant memory
            rows = self._exec(
                "SELECT rowid, json, story FROM articles WHERE rowid > ? ORDER BY rowid LIMIT 500", (last,)
            ).fetchall()
            if not rows:
                return
            for _rowid, js, story in rows:
                yield self._article(js, story)
            last = int(rows[-1][0])

    def resolve_entity(self, name: str) -> list[str]:
        name = name.strip()
        if not name:
            return []
        if self._exec("SELECT 1 FROM entities WHERE id = ?", (name,)).fetchone():
            return self._curated_ids([name])  # curation (issue 13.8): merges followed, hidden gone
        form = search_form(name).strip()
        forms = {form} | (set(analyses(name, self.term_rule)) if len(name.split()) == 1 else set())
        marks = ", ".join("?" for _ in forms)
        rows = self._exec(
            f"SELECT DISTINCT entity FROM entity_names WHERE form IN ({marks})", sorted(forms)
        ).fetchall()
        if not rows:
            # Every query word is a whole word of a known name: ماكرون → إيمانويل ماكرون.
            words = form.split()
            if not words:  # only marks, tatweel or bidi controls: no word to look for
                return []
            cond = " AND ".join("(' ' || form || ' ') LIKE ?" for _ in words)
            rows = self._exec(
                f"SELECT DISTINCT entity FROM entity_names WHERE {cond}", [f"% {w} %" for w in words]
            ).fetchall()
        return self._curated_ids(str(r[0]) for r in rows)  # curation (issue 13.8)

    def _other_script(self, word: str) -> set[str]:
        """Arabic spellings of a Latin query word, from canonical entities whose Latin name has it.

        Names are aligned word by word (Emmanuel Macron ↔ إيمانويل ماكرون) and only used when both
        have the same number of words, so "Macron" adds ماكرون and not إيمانويل.
        """
        if not _LATIN.search(word):
            return set()
        w = word.casefold()
        out: set[str] = set()
        for name, latin in self._exec(
            "SELECT name, latin FROM entities WHERE latin IS NOT NULL AND (' ' || lower(latin) || ' ') LIKE ?"
            " LIMIT 50",
            (f"% {w} %",),
        ):
            lw, aw = str(latin).casefold().split(), str(name).split()
            if len(lw) == len(aw) and w in lw:
                out.add(aw[lw.index(w)])
        return out

    def _entity_facets(self, entity: str) -> frozenset[str] | None:
        """The entity facet terms of which every article an entity filter keeps holds one (a
        superset: the SQL condition of `_filters` still decides); None when there would be more
        than `search_max_entity_terms`, or the name resolves to no entity."""
        family = self._merge_family(self.resolve_entity(entity), self.settings.search_max_entity_terms)
        return frozenset(entity_facet(e) for e in family) if family else None

    def _filters(self, f: ArticleFilter) -> tuple[list[str], list[Any]] | None:
        """WHERE conditions on `a` (articles) for a filter; None when nothing can match."""
        where: list[str] = []
        params: list[Any] = []
        if f.entity:
            ids = self.resolve_entity(f.entity)
            if not ids:
                return None
            where.append(f"a.rowid IN ({ENTITY_ARTICLES} entity IN ({', '.join('?' for _ in ids)}))")
            params += ids
        if f.outlet:
            # The outlet ids first, as values: the planner then knows how many articles the filter
            # keeps (a subquery hid it, and a story list by outlet walked every story: 8 s at 1M).
            outlets = [int(r[0]) for r in self._exec(OUTLET_IDS, outlet_params(f.outlet.strip())).fetchall()]
            if not outlets:
                return None
            where.append(f"a.outlet IN ({', '.join('?' for _ in outlets)})")
            params += outlets
        if f.since:
            where.append("a.pub_day >= ?")
            params.append(f.since.strip()[:10])
        if f.until:
            where.append("a.pub_day <= ?")
            params.append(f.until.strip()[:10] + _UNTIL_SUFFIX)
        if f.lang:
            where.append("a.language = ?")
            params.append(f.lang.strip())
        return where, params

    # --- query language (issue 13.3): field filters and the parsed query's plan -----------------
    def _field_conditions(self, fields: tuple[Field, ...]) -> tuple[list[str], list[Any]] | None:
        """WHERE conditions of a query's field filters (each one as the matching parameter would
        be); None when a required one can match nothing."""
        where: list[str] = []
        params: list[Any] = []
        for fl in fields:
            flt = self._filters(ArticleFilter(**{fl.name: fl.value}))
            if flt is None:
                if fl.negated:
                    continue  # excluding an outlet or entity that does not exist excludes nothing
                return None
            cond = " AND ".join(flt[0])
            # coalesce: an article without an outlet is not "from CNN", so -outlet:CNN keeps it.
            where.append(f"NOT coalesce(({cond}), FALSE)" if fl.negated else f"({cond})")
            params += flt[1]
        return where, params

    def _match_query(self, node: Node, f: ArticleFilter) -> Match:
        """`_match` for a query with operators (a resolved store.query expression)."""
        raise NotImplementedError

    def _matching(self, query: SearchQuery) -> _Plan | None:
        parsed = parse(
            query.text, self.settings
        )  # QueryError before anything is read: a bad query is an error
        flt = self._filters(query.filter)
        fields = self._field_conditions(parsed.fields)
        if flt is None or fields is None:
            return None
        more_where, more_params = claim_event_conditions(query.certainty, query.event_type)
        where, params = [*flt[0], *fields[0], *more_where], [*flt[1], *fields[1], *more_params]
        # The query's own positive filters may narrow the full-text match too (SQLite's facets).
        narrow = replace(
            query.filter,
            **{
                fl.name: fl.value
                for fl in parsed.fields
                if not fl.negated and getattr(query.filter, fl.name) is None
            },
        )
        words = parsed.plain_words
        if parsed.expr is None:
            # Reprints are not in the full-text index; a listing leaves them out the same way.
            cond = f"WHERE {' AND '.join(['a.duplicate_of IS NULL', *where])}"
            newest = SORT_ORDERS[Sort.date]
            return _Plan(f"FROM articles a {cond}", params, "0.0", newest, "a.rowid DESC", [])
        if words is not None:  # words only: plain search, as before the query language
            groups = query_groups(" ".join(words), self.term_rule, self._other_script)
            m = self._match_filtered(groups, narrow)
        else:
            node = resolve(parsed.expr, self.settings, self._other_script)
            m, groups = self._match_query(node, narrow), snippet_groups(node)
        sql = f"FROM {m.from_sql} WHERE {' AND '.join([m.where_sql, *where])}"
        return _Plan(
            sql, m.params + params, m.score_sql, m.order_sql, m.recent_sql, groups, m.count_cap, m.estimate
        )

    def _page_rows(self, plan: _Plan, select: str, order: str, limit: int, offset: int) -> list[Any]:
        """One page of `select` (SELECT …) over the plan's matches in `order`."""
        sql = f"{select} {plan.sql} ORDER BY {order} LIMIT ? OFFSET ?"
        return list(self._exec(sql, [*plan.params, limit, offset]).fetchall())

    def _plan_count(self, plan: _Plan, cap: int) -> tuple[int, bool]:
        """The plan's matches counted up to `cap` (`_capped_count`)."""
        return self._capped_count(plan.sql, plan.params, cap)

    def search(self, query: SearchQuery) -> SearchResult:
        plan = self._matching(query)
        if plan is None:
            return SearchResult([], 0)
        score, groups = plan.score, plan.groups
        limit = max(0, min(query.limit, self.settings.store_max_limit))
        rows = self._page_rows(
            plan,
            f"SELECT a.rowid, a.id, a.title, a.outlet, a.published, {score} AS score, a.story",
            SORT_ORDERS.get(query.sort, plan.order),
            limit,
            max(0, query.offset),
        )
        total = len(rows) + max(0, query.offset)
        capped = False
        if len(rows) == limit or query.offset:
            # Counting every match of a very common word costs more than the search itself:
            # stop at settings.search_total_cap and say so (a UI shows "1000+").
            total, capped = self._plan_count(plan, plan.count_cap or self.settings.search_total_cap)
        outlets = self._outlet_names({r[3] for r in rows if r[3] is not None})
        texts = self._texts([int(r[0]) for r in rows])
        copies = self._reprint_counts([str(r[1]) for r in rows])
        hits = [
            Hit(
                id=r[1],
                title=r[2],
                outlet=outlets.get(r[3]) if r[3] is not None else None,
                published=r[4],
                snippet=make_snippet(
                    texts.get(int(r[0])) or r[2] or "",
                    groups,
                    self.term_rule,
                    self.settings.snippet_max_chars,
                ),
                score=float(r[5]),
                story=r[6],
                reprints=copies.get(r[1], (0, 0))[0],
                reprint_outlets=copies.get(r[1], (0, 0))[1],
            )
            for r in rows
        ]
        return SearchResult(hits, total, capped)

    def _outlet_names(self, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        return {
            int(i): str(n)
            for i, n in self._exec(f"SELECT id, name FROM outlets WHERE id IN ({marks})", sorted(ids))
        }

    def _texts(self, rowids: list[int]) -> dict[int, str]:
        """Searched text (as found) of some articles, for snippets."""
        if not rowids:
            return {}
        marks = ", ".join("?" for _ in rowids)
        labels = sorted(label.value for label in SEARCHED_LABELS)
        lmarks = ", ".join("?" for _ in labels)
        out: dict[int, list[str]] = {}
        for art, text in self._exec(
            f"SELECT article, text FROM blocks WHERE article IN ({marks}) AND label IN ({lmarks})"
            " ORDER BY article, idx",
            [*rowids, *labels],
        ):
            out.setdefault(int(art), []).append(str(text))
        return {k: "\n".join(v) for k, v in out.items()}

    def facets(self, query: SearchQuery, limit: int = 10) -> dict[str, list[FacetCount]]:
        empty: dict[str, list[FacetCount]] = {"outlet": [], "entity": [], "date": [], "language": []}
        plan = self._matching(query)
        if plan is None:
            return empty
        params = plan.params
        # Facets count the newest settings.facet_sample matches: exact below that, a sample above it
        # (counting every article of a very common word would cost more than the search).
        sub = f"SELECT a.rowid AS r {plan.sql} ORDER BY {plan.recent} LIMIT {self.settings.facet_sample}"
        out = empty
        for _oid, name, count in self._exec(
            f"SELECT o.id, o.name, count(*) AS c FROM ({sub}) m JOIN articles a ON a.rowid = m.r"
            " JOIN outlets o ON o.id = a.outlet GROUP BY o.id, o.name ORDER BY c DESC, o.name LIMIT ?",
            [*params, limit],
        ):
            out["outlet"].append(FacetCount(str(name), str(name), int(count)))
        for eid, name, latin, count in self._exec(
            f"SELECT e.id, e.name, e.latin, count(*) AS c FROM ({sub}) m"
            " JOIN article_entities ae ON ae.article = m.r JOIN entities e ON e.id = ae.entity"
            " GROUP BY e.id, e.name, e.latin ORDER BY c DESC, e.name LIMIT ?",
            [*params, limit],
        ):
            label = f"{name} ({latin})" if latin else str(name)
            out["entity"].append(FacetCount(str(eid), label, int(count)))
        for period, count in self._exec(
            f"SELECT substr(a.pub_day, 1, 7) AS p, count(*) AS c FROM ({sub}) m"
            " JOIN articles a ON a.rowid = m.r WHERE a.pub_day IS NOT NULL GROUP BY p ORDER BY p DESC LIMIT ?",
            [*params, limit],
        ):
            out["date"].append(FacetCount(str(period), str(period), int(count)))
        for lang, count in self._exec(
            f"SELECT a.language, count(*) AS c FROM ({sub}) m JOIN articles a ON a.rowid = m.r"
            " WHERE a.language IS NOT NULL GROUP BY a.language ORDER BY c DESC LIMIT ?",
            [*params, limit],
        ):
            out["language"].append(FacetCount(str(lang), str(lang), int(count)))
        return out

    def list_articles(
        self, offset: int = 0, limit: int = 20, filters: ArticleFilter | None = None
    ) -> Listing:
        flt = self._filters(filters or ArticleFilter())
        if flt is None:
            return Listing([], 0)
        where, params = flt
        cond = f"WHERE {' AND '.join(['a.duplicate_of IS NULL', *where])}"
        rows = self._exec(
            "SELECT a.id, a.title, o.name, a.published, a.language, a.url, a.path, a.story, a.duplicate_of,"
            f" a.dup_kind FROM articles a LEFT JOIN outlets o ON o.id = a.outlet {cond}"
            " ORDER BY a.pub_day DESC NULLS LAST, a.rowid DESC LIMIT ? OFFSET ?",
            [*params, max(0, min(limit, self.settings.store_max_limit)), max(0, offset)],
        ).fetchall()
        # Counted up to a cap past this page, so a next page is always known.
        cap = max(0, offset) + max(0, limit) + self.settings.list_total_cap
        total, capped = self._capped_count(f"FROM articles a {cond}", params, cap)
        items = [ArticleSummary(*r) for r in rows]
        counts = self._reprint_counts([i.id for i in items])
        for i in items:
            i.reprints = counts.get(i.id, (0, 0))[0]
        return Listing(items, total, capped)

    def _reprint_counts(self, ids: list[str]) -> dict[str, tuple[int, int]]:
        """Canonical id → (reprints, other outlets carrying them)."""
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        return {
            str(d): (int(n), int(o))
            for d, n, o in self._exec(
                "SELECT r.duplicate_of, count(*), count(DISTINCT r.outlet) FROM articles r"
                f" WHERE r.duplicate_of IN ({marks}) GROUP BY r.duplicate_of",
                ids,
            )
        }

    def entities(self, offset: int = 0, limit: int = 50, q: str | None = None) -> list[EntitySummary]:
        params: list[Any] = []
        cond = ""
        if q and q.strip():
            form = search_form(q).strip()
            cond = "WHERE e.id IN (SELECT entity FROM entity_names WHERE form LIKE ?) OR e.id = ?"
            params += [f"%{form}%", q.strip()]
        # curation (issue 13.8): merged and hidden entities are not listed
        cond = f"WHERE ({cond.removeprefix('WHERE ')}) AND {UNLISTED}" if cond else f"WHERE {UNLISTED}"
        rows = self._exec(
            "SELECT e.id, e.type, e.name, e.latin, e.kind, count(ae.article) AS n FROM entities e"
            f" LEFT JOIN article_entities ae ON ae.entity = e.id {cond}"
            " GROUP BY e.id, e.type, e.name, e.latin, e.kind ORDER BY n DESC, e.name LIMIT ? OFFSET ?",
            [*params, max(0, min(limit, self.settings.store_max_limit)), max(0, offset)],
        ).fetchall()
        return [EntitySummary(r[0], r[1], r[2], r[3], r[4], int(r[5])) for r in rows]

    def entity(self, entity_id: str) -> EntityRecord | None:
        # --- curation (issue 13.8): a merged entity reads as its survivor, a hidden one as none
        curated = self.curated_entity(entity_id)
        if curated is None:
            return None
        entity_id = curated
        # --- end curation ---
        row = self._exec(
            "SELECT id, type, name, latin, kind FROM entities WHERE id = ?", (entity_id,)
        ).fetchone()
        if row is None:
            return None
        n_art, n_men = self._exec(
            "SELECT count(*), coalesce(sum(mentions), 0) FROM article_entities WHERE entity = ?", (entity_id,)
        ).fetchone()
        roles: set[str] = set()
        for (r,) in self._exec("SELECT roles FROM article_entities WHERE entity = ?", (entity_id,)):
            roles.update(json.loads(r))
        names = [
            str(t)
            for (t, _) in self._exec(
                "SELECT text, count(*) AS c FROM mentions WHERE entity = ? AND role = 0"
                " GROUP BY text ORDER BY c DESC, text LIMIT 20",
                (entity_id,),
            )
        ]
        timeline = [
            (str(p), int(c))
            for p, c in self._exec(
                "SELECT substr(a.pub_day, 1, 7) AS p, count(*) FROM article_entities ae"
                " JOIN articles a ON a.rowid = ae.article WHERE ae.entity = ? AND a.pub_day IS NOT NULL"
                " GROUP BY p ORDER BY p",
                (entity_id,),
            )
        ]
        co = [
            EntityCount(r[0], r[1], r[2], r[3], int(r[4]))
            for r in self._exec(
                "SELECT e.id, e.type, e.name, e.latin, count(*) AS c FROM article_entities x"
                " JOIN article_entities y ON y.article = x.article AND y.entity <> x.entity"
                " JOIN entities e ON e.id = y.entity WHERE x.entity = ?"
                " GROUP BY e.id, e.type, e.name, e.latin ORDER BY c DESC, e.name LIMIT 20",
                (entity_id,),
            )
        ]
        sources = [
            SourceCount(r[0], r[1], r[2], r[3], int(r[4]))
            for r in self._exec(
                "SELECT s.name, s.kind, s.latin, s.entity, count(DISTINCT ce.claim) AS c FROM claim_entities ce"
                " JOIN claim_sources cs ON cs.claim = ce.claim JOIN sources s ON s.id = cs.source"
                " WHERE ce.entity = ? AND (s.entity IS NULL OR s.entity <> ce.entity)"
                " GROUP BY s.id, s.name, s.kind, s.latin, s.entity ORDER BY c DESC, s.name LIMIT 30",
                (entity_id,),
            )
        ]
        claims: list[ClaimRecord] = []
        for cid, aid, text, certainty, published in self._exec(
            "SELECT c.id, a.id, c.text, c.certainty, a.published FROM claim_entities ce"
            " JOIN claims c ON c.id = ce.claim JOIN articles a ON a.rowid = c.article"
            " WHERE ce.entity = ? ORDER BY a.pub_day DESC NULLS LAST, c.id LIMIT 50",
            (entity_id,),
        ).fetchall():
            chain = [
                {"name": n, "kind": k, "latin": la, "entity": e}
                for n, k, la, e in self._exec(
                    "SELECT s.name, s.kind, s.latin, s.entity FROM claim_sources cs"
                    " JOIN sources s ON s.id = cs.source WHERE cs.claim = ? ORDER BY cs.position",
                    (cid,),
                )
            ]
            claims.append(ClaimRecord(aid, text, certainty, chain, published))
        return EntityRecord(
            id=row[0], type=row[1], name=row[2], latin=row[3], kind=row[4],
            articles=int(n_art), mentions=int(n_men), names=names, roles=sorted(roles),
            timeline=timeline, co_mentioned=co, sources=sources, claims=claims,
        )  # fmt: skip

    def stats(self) -> StoreStats:
        def count(table: str) -> int:
            return int(self._exec(f"SELECT count(*) FROM {table}").fetchone()[0])

        langs = {
            str(lang): int(c)
            for lang, c in self._exec(
                "SELECT language, count(*) FROM articles WHERE language IS NOT NULL GROUP BY language"
            )
        }
        return StoreStats(
            backend=self.backend,
            articles=count("articles"),
            entities=count("entities"),
            mentions=count("mentions"),
            claims=count("claims"),
            events=count("events"),
            outlets=count("outlets"),
            quarantined=count("quarantine"),
            languages=langs,
        )

    # --- quarantine and progress --------------------------------------------------------------
    def quarantine(self, source: Source, rejection: Rejection) -> int:
        with self._transaction():
            return self._quarantine_one(source, rejection)

    def _quarantine_one(self, source: Source, rejection: Rejection) -> int:
        # One entry per input (path, record): a retry that fails again replaces its reason.
        self._exec(
            f"DELETE FROM quarantine WHERE path {self._same} ? AND record {self._same} ?",
            (source.path, source.record),
        )
        return self._insert_id(
            "INSERT INTO quarantine (path, url, record, step, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
            (source.path, source.url, source.record, rejection.step, rejection.reason, now()),
        )

    def list_quarantine(self) -> list[QuarantineRecord]:
        return [
            QuarantineRecord(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6])
            for r in self._exec("SELECT id, path, url, record, step, reason, at FROM quarantine ORDER BY id")
        ]

    def clear_quarantine(self, qid: int) -> bool:
        with self._transaction():
            cur = self._exec("DELETE FROM quarantine WHERE id = ?", (qid,))
            return bool(cur.rowcount)

    def get_progress(self, key: str) -> InputProgress | None:
        row = self._exec(
            "SELECT records, done, resume_offset, resume_record FROM ingest_progress WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        return InputProgress(
            key, int(row[0]), bool(row[1]),
            int(row[2]) if row[2] is not None else None, int(row[3]) if row[3] is not None else None,
        )  # fmt: skip

    def set_progress(self, key: str, records: int, done: bool) -> None:
        with self._transaction():
            self._set_progress(InputProgress(key, records, done))

    def _set_progress(self, p: InputProgress) -> None:
        self._exec(
            "INSERT INTO ingest_progress (key, records, done, resume_offset, resume_record, updated)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET records = excluded.records, done = excluded.done,"
            " resume_offset = excluded.resume_offset, resume_record = excluded.resume_record,"
            " updated = excluded.updated",
            (p.key, p.records, p.done, p.offset, p.record, now()),
        )

    # --- claims and events (issue 13.2): the SQL lives in store/claim_views.py ---
    def query_claims(self, query: ClaimQuery) -> ClaimListing:
        return claim_views.query_claims(self, query, self.settings.store_max_limit)

    def query_events(self, query: EventQuery) -> EventListing:
        return claim_views.query_events(self, query, self.settings.store_max_limit)


def wrap_error(exc: Exception, what: str) -> StoreError:
    return StoreError(f"{what}: {exc}")
