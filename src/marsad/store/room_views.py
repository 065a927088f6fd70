"""Reading the newsroom views back: counts per day (charts), outlets, trending entities.

`SQLStore` inherits this; the SQL is shared by both backends (`?` placeholders, `pub_day` is the
first ten characters of the publication date on both, compared as text).

Counts per day are articles, not mention tokens: one article naming an entity ten times is one
article about it. Reprints are left out of the entity, search and outlet counts (one text, counted
once: search shows one hit per text too) but counted in a story's (a story's size is every member,
reprints included, as its `article_count` is).

"The last N days" is relative to the newest dated article of the store, not to today: an archive
ingested today is not stale, and a store's pages do not empty overnight.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from marsad.store.base import ArticleFilter, EntityCount, SearchQuery, StoreParts

__all__ = [
    "DayCount",
    "OutletRecord",
    "OutletStory",
    "OutletSummary",
    "RoomViews",
    "TrendingEntity",
    "shift_day",
]

# (YYYY-MM-DD, articles), in day order; days without an article are absent (charts fill them).
DayCount = tuple[str, int]
# Entities that are outlets themselves ("news outlet" kind) are not news about anything.
_NOT_OUTLET = "(e.kind IS NULL OR e.kind <> 'news outlet')"


@dataclass(slots=True)
class OutletSummary:
    """A row of the outlet list: canonical articles, reprints and the span of days they cover."""

    name: str
    latin: str | None
    articles: int
    reprints: int
    first_day: str | None
    last_day: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class OutletStory:
    """A story the outlet covered: its title and size, and how many articles the outlet gave it."""

    id: str
    title: str | None
    article_count: int
    outlet_articles: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class OutletRecord:
    """Everything the outlet page shows. `certainty`: its claims per certainty (its own voice and
    attributed claims alike: the profile of what it prints)."""

    name: str
    latin: str | None
    articles: int
    reprints: int  # its articles that copy another article
    days: list[DayCount] = field(default_factory=list)
    entities: list[EntityCount] = field(default_factory=list)
    stories: list[OutletStory] = field(default_factory=list)
    certainty: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["days"] = [{"day": p, "count": c} for p, c in self.days]
        return d


@dataclass(slots=True)
class TrendingEntity:
    """An entity named in more articles in the last `days` days than in the `days` before."""

    id: str
    type: str
    name: str
    latin: str | None
    recent: int
    previous: int

    @property
    def change(self) -> int:
        return self.recent - self.previous

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "change": self.change}


def shift_day(day: str, days: int) -> str | None:
    """`day` (YYYY-MM-DD…) moved by `days`; None when it is not a date."""
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return None


class RoomViews(StoreParts):
    def _filters(self, f: ArticleFilter) -> tuple[list[str], list[Any]] | None:
        raise NotImplementedError

    def _matching(self, query: SearchQuery) -> Any:
        raise NotImplementedError

    def _days(self, sql: str, params: Sequence[Any]) -> list[DayCount]:
        return [(str(d), int(n)) for d, n in self._exec(sql, params) if d is not None]

    def newest_day(self) -> str | None:
        """The newest publication day of a canonical article (None when no article has one)."""
        row = self._exec("SELECT max(pub_day) FROM articles WHERE pub_day IS NOT NULL").fetchone()
        return str(row[0])[:10] if row and row[0] else None

    def entity_days(self, entity_id: str) -> list[DayCount]:
        """Canonical articles naming the entity (its canonical id), per day."""
        return self._days(
            "SELECT a.pub_day, count(*) FROM article_entities ae JOIN articles a ON a.rowid = ae.article"
            " WHERE ae.entity = ? AND a.pub_day IS NOT NULL AND a.duplicate_of IS NULL"
            " GROUP BY a.pub_day ORDER BY a.pub_day",
            (entity_id,),
        )

    def story_days(self, story_ids: Sequence[str]) -> dict[str, list[DayCount]]:
        """Members (reprints included) of each story, per day: one query for a page of stories."""
        out: dict[str, list[DayCount]] = {str(s): [] for s in story_ids}
        if not story_ids:
            return out
        marks = ", ".join("?" for _ in story_ids)
        for sid, day, n in self._exec(
            f"SELECT story, pub_day, count(*) FROM articles WHERE story IN ({marks}) AND pub_day IS NOT NULL"
            " GROUP BY story, pub_day ORDER BY story, pub_day",
            list(story_ids),
        ):
            out.setdefault(str(sid), []).append((str(day), int(n)))
        return out

    def search_days(self, query: SearchQuery) -> list[DayCount]:
        """Articles a search finds (text and filters; no page window), per day."""
        plan = self._matching(query)
        if plan is None:
            return []
        return self._days(
            f"SELECT a.pub_day AS d, count(*) {plan.sql} AND a.pub_day IS NOT NULL GROUP BY a.pub_day ORDER BY d",
            plan.params,
        )

    def outlets(self) -> list[OutletSummary]:
        """Every outlet with an article, most canonical articles first (an outlet that only
        reprints others is listed too: with 0 articles and its reprints)."""
        return [
            OutletSummary(str(r[0]), r[1], int(r[2]), int(r[3]), r[4], r[5])
            for r in self._exec(
                "SELECT o.name, o.latin, sum(CASE WHEN a.duplicate_of IS NULL THEN 1 ELSE 0 END) AS n,"
                " sum(CASE WHEN a.duplicate_of IS NULL THEN 0 ELSE 1 END), min(a.pub_day), max(a.pub_day)"
                " FROM articles a JOIN outlets o ON o.id = a.outlet"
                " GROUP BY o.id, o.name, o.latin ORDER BY n DESC, o.name LIMIT ?",
                (self.settings.room_max_outlets,),
            )
        ]

    def _outlet_ids(self, name: str) -> list[int]:
        got = self._filters(ArticleFilter(outlet=name))
        return [] if got is None else [int(i) for i in got[1]]

    def outlet(self, name: str, *, top: int = 10) -> OutletRecord | None:
        """One outlet by name in either script (as the outlet filter matches it), or None."""
        ids = self._outlet_ids(name)
        if not ids:
            return None
        marks = ", ".join("?" for _ in ids)
        oname, latin = self._exec(
            f"SELECT name, latin FROM outlets WHERE id IN ({marks}) ORDER BY id", ids
        ).fetchone()
        canon, copies = self._exec(
            "SELECT sum(CASE WHEN duplicate_of IS NULL THEN 1 ELSE 0 END),"
            f" sum(CASE WHEN duplicate_of IS NULL THEN 0 ELSE 1 END) FROM articles WHERE outlet IN ({marks})",
            ids,
        ).fetchone()
        return OutletRecord(
            name=str(oname), latin=latin, articles=int(canon or 0), reprints=int(copies or 0),
            days=self._days(
                f"SELECT pub_day, count(*) FROM articles WHERE outlet IN ({marks}) AND duplicate_of IS NULL"
                " AND pub_day IS NOT NULL GROUP BY pub_day ORDER BY pub_day",
                ids,
            ),
            entities=self._outlet_entities(ids, top), stories=self._outlet_stories(ids, top),
            certainty=self._outlet_certainty(ids),
        )  # fmt: skip

    def _outlet_entities(self, ids: list[int], top: int) -> list[EntityCount]:
        marks = ", ".join("?" for _ in ids)
        return [
            EntityCount(r[0], r[1], r[2], r[3], int(r[4]))
            for r in self._exec(
                "SELECT e.id, e.type, e.name, e.latin, count(*) AS c FROM articles a"
                " JOIN article_entities ae ON ae.article = a.rowid JOIN entities e ON e.id = ae.entity"
                f" WHERE a.outlet IN ({marks}) AND a.duplicate_of IS NULL AND {_NOT_OUTLET}"
                " GROUP BY e.id, e.type, e.name, e.latin ORDER BY c DESC, e.name LIMIT ?",
                [*ids, top],
            )
        ]

    def _outlet_stories(self, ids: list[int], top: int) -> list[OutletStory]:
        marks = ", ".join("?" for _ in ids)
        return [
            OutletStory(str(r[0]), r[1], int(r[2]), int(r[3]))
            for r in self._exec(
                "SELECT s.id, s.title, s.article_count, m.n FROM (SELECT story, count(*) AS n FROM articles"
                f" WHERE outlet IN ({marks}) AND story IS NOT NULL GROUP BY story) m"
                " JOIN stories s ON s.id = m.story WHERE s.merged_into IS NULL AND s.article_count >= ?"
                " ORDER BY s.article_count DESC, m.n DESC, s.seq LIMIT ?",
                [*ids, self.settings.stories_min_articles, top],
            )
        ]

    def _outlet_certainty(self, ids: list[int]) -> dict[str, int]:
        marks = ", ".join("?" for _ in ids)
        return {
            str(k): int(n)
            for k, n in self._exec(
                "SELECT c.certainty, count(*) FROM claims c JOIN articles a ON a.rowid = c.article"
                f" WHERE a.outlet IN ({marks}) AND a.duplicate_of IS NULL GROUP BY c.certainty",
                ids,
            )
        }

    def trending(self, days: int, limit: int = 10) -> list[TrendingEntity]:
        """Entities named in more canonical articles in the last `days` days (up to the newest
        day) than in the `days` before, the biggest rise first."""
        newest = self.newest_day()
        cut = shift_day(newest, -days) if newest else None
        start = shift_day(newest, -2 * days) if newest else None
        if newest is None or cut is None or start is None or days < 1:
            return []
        rows = self._exec(
            "SELECT t.entity, e.type, e.name, e.latin, t.r, t.p FROM (SELECT ae.entity AS entity,"
            " sum(CASE WHEN a.pub_day > ? THEN 1 ELSE 0 END) AS r, sum(CASE WHEN a.pub_day > ? THEN 0 ELSE 1 END) AS p"
            " FROM articles a JOIN article_entities ae ON ae.article = a.rowid"
            " WHERE a.pub_day > ? AND a.pub_day <= ? AND a.duplicate_of IS NULL GROUP BY ae.entity) t"
            f" JOIN entities e ON e.id = t.entity WHERE t.r > t.p AND {_NOT_OUTLET}"
            " ORDER BY t.r - t.p DESC, t.r DESC, e.name LIMIT ?",
            (cut, cut, start, newest + "~", limit),
        )
        return [TrendingEntity(str(r[0]), str(r[1]), str(r[2]), r[3], int(r[4]), int(r[5])) for r in rows]
