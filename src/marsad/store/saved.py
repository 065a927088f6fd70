"""Saved searches (both backends): a named search and what is new in it since the last visit.

A saved search keeps the search page's parameters and a watermark: the newest article's rowid
when it was last visited (or created). "New since the last visit" is the number of articles
matching the search above that watermark — found with the very SQL the search uses
(`SQLStore._matching`), so a saved search counts exactly what its search page would list.
Visiting it moves the watermark to the newest article.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from marsad.store.base import SearchQuery

if TYPE_CHECKING:
    from marsad.store.sqlbase import _Plan

__all__ = ["SAVED_PARAMS", "SavedSearch", "SavedTables", "query_params"]

# The search parameters a saved search keeps (the search page's, paging left out).
SAVED_PARAMS = ("q", "entity", "outlet", "since", "until", "lang")


def query_params(query: SearchQuery) -> dict[str, str]:
    """The non-empty search parameters of a query, as the search page's URL names them."""
    values = {"q": query.text, **{k: getattr(query, k) for k in SAVED_PARAMS[1:]}}
    return {k: v for k, v in values.items() if v}


@dataclass(slots=True)
class SavedSearch:
    """A saved search; `new` counts matching articles stored since the last visit (up to a cap:
    `new_capped` then says "at least")."""

    id: int
    name: str
    params: dict[str, str] = field(default_factory=dict)
    created: str = ""
    seen_at: str | None = None
    new: int = 0
    new_capped: bool = False

    def query(self, limit: int = 20) -> SearchQuery:
        p = self.params
        return SearchQuery(
            text=p.get("q", ""), entity=p.get("entity"), outlet=p.get("outlet"),
            since=p.get("since"), until=p.get("until"), lang=p.get("lang"), limit=limit,
        )  # fmt: skip

    @property
    def query_string(self) -> str:
        """The search's parameters as a URL query (without "?"); "" for every article."""
        return urlencode([(k, self.params[k]) for k in SAVED_PARAMS if self.params.get(k)])

    @property
    def search_url(self) -> str:
        """The search page of this search (a relative URL)."""
        return f"/search?{self.query_string}" if self.query_string else "/search"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "search_url": self.search_url}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SavedTables:
    """Saved searches for `SQLStore`, which supplies the dialect hooks and `_matching`."""

    if TYPE_CHECKING:  # supplied by SQLStore
        _exec: Callable[..., Any]
        _insert_id: Callable[[str, Sequence[Any]], int]
        _matching: Callable[[SearchQuery], _Plan | None]
        _capped_count: Callable[[str, Sequence[Any], int], tuple[int, bool]]

    def _newest_rowid(self) -> int:
        return int(self._exec("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0])

    def save_search(self, name: str, query: SearchQuery) -> SavedSearch:
        """Save a search under `name`; nothing is new in it until more articles arrive."""
        params = query_params(query)
        created = _now()
        sid = self._insert_id(
            "INSERT INTO saved_searches (name, params, created, seen_rowid) VALUES (?, ?, ?, ?)",
            (name, json.dumps(params, ensure_ascii=False, sort_keys=True), created, self._newest_rowid()),
        )
        return SavedSearch(sid, name, params, created)

    def saved_count(self) -> int:
        return int(self._exec("SELECT count(*) FROM saved_searches").fetchone()[0])

    def saved_searches(self, *, new_cap: int = 1_000) -> list[SavedSearch]:
        """Every saved search, oldest first, with its count of new articles."""
        rows = self._exec(
            "SELECT id, name, params, created, seen_at, seen_rowid FROM saved_searches ORDER BY id"
        ).fetchall()
        return [self._with_count(r, new_cap) for r in rows]

    def saved_search(self, saved_id: int, *, new_cap: int = 1_000) -> SavedSearch | None:
        row = self._exec(
            "SELECT id, name, params, created, seen_at, seen_rowid FROM saved_searches WHERE id = ?",
            (saved_id,),
        ).fetchone()
        return self._with_count(row, new_cap) if row else None

    def _with_count(self, row: Sequence[Any], cap: int) -> SavedSearch:
        saved = SavedSearch(int(row[0]), str(row[1]), json.loads(row[2]), str(row[3]), row[4])
        plan = self._matching(saved.query())
        if plan is not None:
            saved.new, saved.new_capped = self._capped_count(
                f"{plan.sql} AND a.rowid > ?", [*plan.params, int(row[5])], cap
            )
        return saved

    def mark_seen(self, saved_id: int) -> bool:
        """A visit: everything stored so far counts as seen. False when there is no such search."""
        cur = self._exec(
            "UPDATE saved_searches SET seen_at = ?, seen_rowid = ? WHERE id = ?",
            (_now(), self._newest_rowid(), saved_id),
        )
        return bool(cur.rowcount)

    def delete_saved(self, saved_id: int) -> bool:
        cur = self._exec("DELETE FROM saved_searches WHERE id = ?", (saved_id,))
        return bool(cur.rowcount)
