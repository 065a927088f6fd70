"""Reading stories and reprints back: the story listing, the story page, an article's copies.

`SQLStore` inherits this; the SQL is shared by both backends. Claims are read from canonical
articles only (a reprint repeats its original's claims word for word) and grouped by the source
that made them — the innermost link of the chain ("Reuters citing the ministry" is the
ministry's claim, carried by Reuters).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from marsad.store.base import (
    ArticleFilter,
    ArticleSummary,
    EntityCount,
    FacetCount,
    SourceClaims,
    StoreParts,
    StoryClaim,
    StoryFilter,
    StoryListing,
    StoryRecord,
    StorySummary,
)

__all__ = ["StoryViews"]

_SUMMARY = "s.id, s.title, s.article_count, s.first_seen, s.last_seen"
_ARTICLE = (
    "a.id, a.title, o.name, a.published, a.language, a.url, a.path, a.story, a.duplicate_of, a.dup_kind"
)


class StoryViews(StoreParts):
    def _filters(self, f: ArticleFilter) -> tuple[list[str], list[Any]] | None:
        raise NotImplementedError

    def _capped_count(self, from_where: str, params: Sequence[Any], cap: int) -> tuple[int, bool]:
        """Rows of `FROM … WHERE …`, counted up to `cap`: (count, True when there are more)."""
        sql = f"SELECT count(*) FROM (SELECT 1 {from_where} LIMIT {cap + 1}) c"
        n = int(self._exec(sql, params).fetchone()[0])
        return min(n, cap), n > cap

    def _story_filters(self, f: StoryFilter) -> tuple[list[str], list[Any]] | None:
        where = ["s.merged_into IS NULL"]
        params: list[Any] = []
        if f.since:
            where.append("s.last_seen >= ?")
            params.append(f.since.strip()[:10])
        if f.until:
            where.append("s.first_seen <= ?")
            params.append(f.until.strip()[:10])
        # A story names the entity / was covered by the outlet when one of its articles does: the
        # articles' own filters, each on its own (the two may hold for different articles).
        for article_filter in (ArticleFilter(entity=f.entity), ArticleFilter(outlet=f.outlet)):
            if not (article_filter.entity or article_filter.outlet):
                continue
            got = self._filters(article_filter)
            if got is None:
                return None
            conds, p = got
            sub = f"SELECT DISTINCT a.story FROM articles a WHERE {' AND '.join(conds)}"
            # Few stories: name them, so the list sorts just those. Walking the stories in list
            # order and probing each (the plan for a subquery) looked at all 200k stories at 1M
            # when none matched: 8 s (bench/bench_pg_scale.py). Many: they come soon in a walk.
            got_ids = [
                r[0] for r in self._exec(f"{sub} LIMIT {self.settings.story_ids_max + 2}", p).fetchall()
            ]
            few = [str(i) for i in got_ids if i is not None]  # (NULL: an article with no story)
            if not few and len(got_ids) <= 1:
                return None
            if len(got_ids) <= self.settings.story_ids_max + 1 and len(few) <= self.settings.story_ids_max:
                where.append(f"s.id IN ({', '.join('?' for _ in few)})")
                params += few
            else:
                where.append(f"s.id IN ({sub})")
                params += p
        if f.min_articles > 1:
            where.append("s.article_count >= ?")
            params.append(f.min_articles)
        return where, params

    def _outlets_of(self, story_ids: list[str]) -> dict[str, list[FacetCount]]:
        out: dict[str, list[FacetCount]] = {}
        if not story_ids:
            return out
        marks = ", ".join("?" for _ in story_ids)
        for sid, name, n in self._exec(
            "SELECT a.story, o.name, count(*) AS n FROM articles a JOIN outlets o ON o.id = a.outlet"
            f" WHERE a.story IN ({marks}) GROUP BY a.story, o.name ORDER BY a.story, n DESC, o.name",
            story_ids,
        ):
            out.setdefault(str(sid), []).append(FacetCount(str(name), str(name), int(n)))
        return out

    def _entities_of(self, story_id: str, limit: int) -> list[EntityCount]:
        return [
            EntityCount(r[0], r[1], r[2], r[3], int(r[4]))
            for r in self._exec(
                "SELECT e.id, e.type, e.name, e.latin, count(*) AS c FROM articles a"
                " JOIN article_entities ae ON ae.article = a.rowid JOIN entities e ON e.id = ae.entity"
                " WHERE a.story = ? AND a.duplicate_of IS NULL AND (e.kind IS NULL OR e.kind <> 'news outlet')"
                " GROUP BY e.id, e.type, e.name, e.latin ORDER BY c DESC, e.name LIMIT ?",
                (story_id, limit),
            )
        ]

    def stories(self, offset: int = 0, limit: int = 20, filters: StoryFilter | None = None) -> StoryListing:
        flt = self._story_filters(filters or StoryFilter())
        if flt is None:
            return StoryListing([], 0)
        where, params = flt
        cond = " AND ".join(where)
        rows = self._exec(
            f"SELECT {_SUMMARY} FROM stories s WHERE {cond}"
            " ORDER BY s.article_count DESC, s.last_seen DESC NULLS LAST, s.seq LIMIT ? OFFSET ?",
            [*params, max(0, min(limit, 1000)), max(0, offset)],
        ).fetchall()
        # Counted up to a cap past this page, so a next page is always known.
        cap = max(0, offset) + max(0, limit) + self.settings.list_total_cap
        total, capped = self._capped_count(f"FROM stories s WHERE {cond}", params, cap)
        outlets = self._outlets_of([str(r[0]) for r in rows])
        return StoryListing(
            [
                StorySummary(
                    str(r[0]),
                    r[1],
                    int(r[2]),
                    [o.label for o in outlets.get(str(r[0]), [])],
                    r[3],
                    r[4],
                    self._entities_of(str(r[0]), 5),
                )
                for r in rows
            ],
            total,
            capped,
        )

    def _live_story_id(self, story_id: str) -> str | None:
        seen: set[str] = set()
        while story_id not in seen:
            seen.add(story_id)
            row = self._exec("SELECT merged_into FROM stories WHERE id = ?", (story_id,)).fetchone()
            if row is None:
                return None
            if row[0] is None:
                return story_id
            story_id = str(row[0])
        return None

    def story(self, story_id: str, *, detail: bool = True) -> StoryRecord | None:
        sid = self._live_story_id(story_id)
        if sid is None:
            return None
        row = self._exec(f"SELECT {_SUMMARY} FROM stories s WHERE s.id = ?", (sid,)).fetchone()
        articles = [
            ArticleSummary(*r)
            for r in self._exec(
                f"SELECT {_ARTICLE} FROM articles a LEFT JOIN outlets o ON o.id = a.outlet WHERE a.story = ?"
                " ORDER BY a.pub_day NULLS LAST, a.rowid LIMIT ?",
                (
                    sid,
                    self.settings.story_page_max_articles if detail else self.settings.story_brief_articles,
                ),
            )
        ]
        copies = Counter(a.duplicate_of for a in articles if a.duplicate_of)
        for a in articles:
            a.reprints = copies.get(a.id, 0)
        timeline = [
            (str(d), int(n))
            for d, n in self._exec(
                "SELECT pub_day, count(*) FROM articles WHERE story = ? AND pub_day IS NOT NULL"
                " GROUP BY pub_day ORDER BY pub_day",
                (sid,),
            )
        ]
        merged = [
            str(r[0])
            for r in self._exec(
                "SELECT story FROM story_merges WHERE into_story = ? ORDER BY at, story", (sid,)
            )
        ]
        return StoryRecord(
            id=sid, title=row[1], article_count=int(row[2]), outlets=self._outlets_of([sid]).get(sid, []),
            first_seen=row[3], last_seen=row[4], entities=self._entities_of(sid, 20), timeline=timeline,
            articles=articles, sources=self._claims_by_source(sid) if detail else [], merged=merged,
        )  # fmt: skip

    def _claims_by_source(self, story_id: str) -> list[SourceClaims]:
        claims = self._exec(
            "SELECT c.id, c.text, c.certainty, a.id, o.name, a.published FROM claims c"
            " JOIN articles a ON a.rowid = c.article LEFT JOIN outlets o ON o.id = a.outlet"
            " WHERE a.story = ? AND a.duplicate_of IS NULL ORDER BY a.pub_day NULLS LAST, c.id LIMIT ?",
            (story_id, self.settings.story_page_max_claims),
        ).fetchall()
        if not claims:
            return []
        marks = ", ".join("?" for _ in claims)
        chains: dict[int, list[dict[str, Any]]] = {}
        for cid, name, kind, latin, entity in self._exec(
            "SELECT cs.claim, s.name, s.kind, s.latin, s.entity FROM claim_sources cs"
            f" JOIN sources s ON s.id = cs.source WHERE cs.claim IN ({marks}) ORDER BY cs.claim, cs.position",
            [int(c[0]) for c in claims],
        ):
            chains.setdefault(int(cid), []).append(
                {"name": name, "kind": kind, "latin": latin, "entity": entity}
            )
        groups: dict[tuple[str, str, str | None, str | None], SourceClaims] = {}
        for cid, text, certainty, aid, outlet, published in claims:
            chain = chains.get(int(cid), [])
            if not chain:
                continue  # the outlet's own voice, asserted: not "who says what"
            src = chain[-1]
            key = (str(src["name"]), str(src["kind"]), src["latin"], src["entity"])
            g = groups.setdefault(key, SourceClaims(key[0], key[1], key[2], key[3], {}, []))
            g.certainty[str(certainty)] = g.certainty.get(str(certainty), 0) + 1
            g.claims.append(StoryClaim(str(text), str(certainty), str(aid), outlet, published, chain))
        return sorted(groups.values(), key=lambda g: (-len(g.claims), g.name))

    def reprints(self, article_id: str) -> list[ArticleSummary]:
        row = self._exec(
            "SELECT coalesce(duplicate_of, id) FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return []
        canon = str(row[0])
        return [
            ArticleSummary(*r)
            for r in self._exec(
                f"SELECT {_ARTICLE} FROM articles a LEFT JOIN outlets o ON o.id = a.outlet"
                " WHERE (a.duplicate_of = ? OR a.id = ?) AND a.id <> ? ORDER BY a.rowid",
                (canon, canon, article_id),
            )
        ]
