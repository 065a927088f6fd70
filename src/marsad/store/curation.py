"""Curation (both backends): merge two entities, hide a false one, correct a canonical name.

A correction is an *override* (`entity_overrides`, one per entity and action) that the store
writer applies every time it links an article to a canonical entity (`_curated`, called from
`SQLStore._put_entities`): an article ingested or enriched again after the correction meets the
same override, so the correction holds. Applying or undoing a merge or a hide re-derives the
entity rows of the articles it touches from their stored JSON (`_rederive`): the same write
path, under the overrides now in force — no second rule for "what a correction changes".

- merge B into A: B's articles link to A; B stays in `entities` (undo needs it) but is no longer
  listed, and reading B gives A;
- hide B: B's mentions are left out of every article; `curation_held` remembers which articles
  held them back, so undo gives them back;
- rename B: the canonical Arabic and/or Latin name is replaced in place; the writer never
  overwrites a name (it only fills a missing Latin one), and the new names become search forms.

Every action is logged (who, when, the override before and after); `curation_undo(id)` restores
the "before" state of the newest action on that (entity, action), and is logged in the entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from marsad.arabic.normalize import search_form
from marsad.config import Settings
from marsad.errors import MarsadError
from marsad.model import Article
from marsad.store.terms import TermRule

if TYPE_CHECKING:
    from marsad.store.records import ArticleRows, ClaimRows

__all__ = ["ACTIONS", "UNLISTED", "CurationAction", "CurationEntry", "CurationError", "CurationTables"]

CurationAction = Literal["merge", "hide", "rename"]
ACTIONS: tuple[CurationAction, ...] = ("merge", "hide", "rename")
# What a listing of entities leaves out: entities merged into another, and hidden ones.
UNLISTED = "e.id NOT IN (SELECT entity FROM entity_overrides WHERE action IN ('merge', 'hide'))"


class CurationError(MarsadError):
    """A curation request that cannot be done; `kind` says why: not_found | invalid | conflict."""

    code = "CURATION"

    def __init__(self, message: str, kind: Literal["not_found", "invalid", "conflict"] = "invalid") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(slots=True)
class CurationEntry:
    """One logged action. `before`/`after` hold the override (and names) it replaced and set."""

    id: int
    at: str
    who: str
    action: str
    entity: str
    target: str | None
    before: dict[str, Any]
    after: dict[str, Any]
    undone_at: str | None = None
    undone_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_LOG_COLUMNS = "id, at, who, action, entity, target, before, after, undone_at, undone_by"


def _entry(row: Sequence[Any]) -> CurationEntry:
    return CurationEntry(
        int(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]), row[5],
        json.loads(row[6]), json.loads(row[7]), row[8], row[9],
    )  # fmt: skip


class CurationTables:
    """Curation for `SQLStore`, which supplies the dialect hooks and the write path."""

    backend: str

    if TYPE_CHECKING:  # supplied by SQLStore
        _exec: Callable[..., Any]
        _execmany: Callable[[str, Sequence[Sequence[Any]]], None]
        _insert_id: Callable[[str, Sequence[Any]], int]
        _transaction: Callable[[], AbstractContextManager[Any]]
        _put_entities: Callable[[int, ArticleRows], dict[str, str]]
        _source_id: Callable[[dict[str, Any], dict[str, str]], int]

    # --- what the writer and the readers ask ------------------------------------------------
    settings: Settings  # the value the store was opened with (SQLStore sets it)
    term_rule: TermRule  # and its index-term rule

    def _override(self, entity: str, action: str) -> tuple[str | None, str | None, str | None] | None:
        row = self._exec(
            "SELECT target, name, latin FROM entity_overrides WHERE entity = ? AND action = ?",
            (entity, action),
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def _final(self, entity: str) -> str:
        """The entity `entity` ends in after following merges."""
        seen = entity
        for _ in range(self.settings.curation_max_chain):
            found = self._override(seen, "merge")
            if found is None or found[0] is None:
                return seen
            seen = str(found[0])
        return seen

    def _curated(self, entity: str, article: int) -> str | None:
        """The writer's hook: the entity an article's mention links to, or None when hidden (the
        article is then remembered as holding the hidden entity back)."""
        final = self._final(entity)
        if self._override(final, "hide") is not None:
            self._exec(
                "INSERT INTO curation_held (entity, article) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (final, article),
            )
            return None
        return final

    def curated_entity(self, entity_id: str) -> str | None:
        """The readers' hook: the id to show for `entity_id` (merges followed); None when hidden."""
        final = self._final(entity_id)
        return None if self._override(final, "hide") is not None else final

    def _curated_ids(self, ids: Iterable[str]) -> list[str]:
        """`curated_entity` of each id, hidden ones left out, sorted and unique."""
        return sorted({c for i in ids if (c := self.curated_entity(i)) is not None})

    def _merge_family(self, ids: Iterable[str], cap: int) -> set[str] | None:
        """`ids` and every entity joined to them by a merge, past or present, undone or not; None
        past `cap` entities. An article's entity facet terms (store.terms) name the ids it was
        linked to when its full-text row was written (before curation, or as linked when a
        migration added them): a merge or its undo since then moves its links but not its terms,
        so a filter looks for the whole family's terms; the SQL condition still decides."""
        family = set(ids)
        todo = list(family)
        while todo:
            one = todo.pop()
            for a, b in self._exec(
                "SELECT entity, target FROM curation_log WHERE action = 'merge' AND (entity = ? OR target = ?)",
                (one, one),
            ).fetchall():
                for other in (a, b):
                    if other is not None and str(other) not in family:
                        family.add(str(other))
                        todo.append(str(other))
            if len(family) > cap:
                return None
        return family

    # --- actions ---------------------------------------------------------------------------
    def _require_entity(self, entity: str) -> tuple[str, str | None]:
        row = self._exec("SELECT name, latin FROM entities WHERE id = ?", (entity,)).fetchone()
        if row is None:
            raise CurationError(f"no entity with id {entity!r}", "not_found")
        return str(row[0]), row[1]

    def _require_live(self, entity: str, role: str) -> None:
        self._require_entity(entity)
        merged = self._override(entity, "merge")
        if merged is not None:
            raise CurationError(
                f"{role} {entity!r} is merged into {merged[0]!r}: undo that first", "conflict"
            )
        if self._override(entity, "hide") is not None:
            raise CurationError(f"{role} {entity!r} is hidden: undo that first", "conflict")

    def curate_merge(self, entity: str, into: str, who: str) -> CurationEntry:
        """Merge `entity` into `into`: its articles, mentions and claims link to `into`."""
        with self._transaction():
            self._require_live(entity, "entity")
            self._require_live(into, "target")
            if entity == into:
                raise CurationError("an entity cannot be merged into itself")
            after = {"target": into}
            self._exec(
                "INSERT INTO entity_overrides (entity, action, target) VALUES (?, 'merge', ?)", (entity, into)
            )
            self._rederive(self._touching(entity))
            return self._log(who, "merge", entity, into, {"target": None}, after)

    def curate_hide(self, entity: str, who: str) -> CurationEntry:
        """Hide a false entity: its mentions are left out of every article, now and later."""
        with self._transaction():
            self._require_live(entity, "entity")
            self._exec("INSERT INTO entity_overrides (entity, action) VALUES (?, 'hide')", (entity,))
            self._rederive(self._touching(entity))
            return self._log(who, "hide", entity, None, {"hidden": False}, {"hidden": True})

    def curate_rename(self, entity: str, name: str | None, latin: str | None, who: str) -> CurationEntry:
        """Correct the canonical Arabic name and/or Latin name (None keeps that one)."""
        name = name.strip() if name is not None else None
        latin = latin.strip() if latin is not None else None
        with self._transaction():
            old_name, old_latin = self._require_entity(entity)  # an unknown entity first: 404
            if not name and not latin:
                raise CurationError("give a corrected name, a Latin name or both (non-empty)")
            new_name, new_latin = name or old_name, latin or old_latin
            before: dict[str, Any] = {"name": old_name, "latin": old_latin, "forms": []}
            forms = self._add_forms(entity, new_name, new_latin)
            after = {"name": new_name, "latin": new_latin, "forms": forms}
            self._set_names(entity, new_name, new_latin)
            return self._log(who, "rename", entity, None, before, after)

    def _set_names(self, entity: str, name: str, latin: str | None) -> None:
        self._exec("UPDATE entities SET name = ?, latin = ? WHERE id = ?", (name, latin, entity))
        self._exec("DELETE FROM entity_overrides WHERE entity = ? AND action = 'rename'", (entity,))
        self._exec(
            "INSERT INTO entity_overrides (entity, action, name, latin) VALUES (?, 'rename', ?, ?)",
            (entity, name, latin),
        )

    def _add_forms(self, entity: str, name: str, latin: str | None) -> list[str]:
        """Search forms of the new names this entity did not have (what undo takes away again)."""
        wanted = {search_form(name).strip()} | ({latin.casefold()} if latin else set())
        added = []
        for form in sorted(wanted - {""}):
            if self._exec(
                "SELECT 1 FROM entity_names WHERE form = ? AND entity = ?", (form, entity)
            ).fetchone():
                continue
            self._exec("INSERT INTO entity_names (form, entity) VALUES (?, ?)", (form, entity))
            added.append(form)
        return added

    def _log(
        self,
        who: str,
        action: str,
        entity: str,
        target: str | None,
        before: dict[str, Any],
        after: dict[str, Any],
    ) -> CurationEntry:
        at = _now()
        values = (at, who, action, entity, target, json.dumps(before, ensure_ascii=False),
                  json.dumps(after, ensure_ascii=False))  # fmt: skip
        lid = self._insert_id(
            "INSERT INTO curation_log (at, who, action, entity, target, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
            values,
        )
        return CurationEntry(lid, at, who, action, entity, target, before, after)

    # --- undo and the log ------------------------------------------------------------------
    def curation_entry(self, entry_id: int) -> CurationEntry | None:
        row = self._exec(f"SELECT {_LOG_COLUMNS} FROM curation_log WHERE id = ?", (entry_id,)).fetchone()
        return _entry(row) if row else None

    def curation_log(self, *, entity: str | None = None, limit: int = 100) -> list[CurationEntry]:
        """Logged actions, newest first (`entity`: those on or into that entity)."""
        cond, params = ("WHERE entity = ? OR target = ?", [entity, entity]) if entity else ("", [])
        rows = self._exec(
            f"SELECT {_LOG_COLUMNS} FROM curation_log {cond} ORDER BY id DESC LIMIT ?", [*params, limit]
        ).fetchall()
        return [_entry(r) for r in rows]

    def curate_undo(self, entry_id: int, who: str) -> CurationEntry:
        """Undo one logged action: its override goes back to what it was before."""
        with self._transaction():
            entry = self.curation_entry(entry_id)
            if entry is None:
                raise CurationError(f"no curation entry {entry_id}", "not_found")
            if entry.undone_at is not None:
                raise CurationError(f"entry {entry_id} was undone at {entry.undone_at}", "conflict")
            later = self._exec(
                "SELECT id FROM curation_log WHERE entity = ? AND action = ? AND id > ? AND undone_at IS NULL"
                " ORDER BY id LIMIT 1",
                (entry.entity, entry.action, entry_id),
            ).fetchone()
            if later is not None:
                raise CurationError(
                    f"undo the later {entry.action} of this entity first (entry {later[0]})", "conflict"
                )
            self._revert(entry)
            at = _now()
            self._exec(
                "UPDATE curation_log SET undone_at = ?, undone_by = ? WHERE id = ?", (at, who, entry_id)
            )
            entry.undone_at, entry.undone_by = at, who
            return entry

    def _revert(self, entry: CurationEntry) -> None:
        if entry.action == "rename":
            for form in entry.after.get("forms", []):
                self._exec("DELETE FROM entity_names WHERE form = ? AND entity = ?", (form, entry.entity))
            self._set_names(entry.entity, str(entry.before["name"]), entry.before.get("latin"))
            # The rename before this one (if any) is the override in force again.
            prior = self._exec(
                "SELECT id FROM curation_log WHERE entity = ? AND action = 'rename' AND id < ?"
                " AND undone_at IS NULL",
                (entry.entity, entry.id),
            ).fetchone()
            if prior is None:
                self._exec(
                    "DELETE FROM entity_overrides WHERE entity = ? AND action = 'rename'", (entry.entity,)
                )
            return
        # A merge's articles are now linked to the survivor (or held back by it, when hidden).
        touched = self._touching(entry.entity) | (self._touching(entry.target) if entry.target else set())
        self._exec(
            "DELETE FROM entity_overrides WHERE entity = ? AND action = ?", (entry.entity, entry.action)
        )
        self._rederive(touched)

    # --- re-deriving an article's entity rows ----------------------------------------------
    def _touching(self, entity: str) -> set[int]:
        """Articles (rowids) linked to `entity` or holding it back."""
        rows = self._exec(
            "SELECT article FROM article_entities WHERE entity = ? UNION SELECT article FROM curation_held"
            " WHERE entity = ?",
            (entity, entity),
        ).fetchall()
        return {int(r[0]) for r in rows}

    def _rederive(self, articles: set[int]) -> None:
        """Rebuild these articles' entity links from their stored JSON under today's overrides."""
        from marsad.store.records import article_rows

        for rowid in sorted(articles):
            row = self._exec("SELECT json FROM articles WHERE rowid = ?", (rowid,)).fetchone()
            if row is None:
                continue
            rows = article_rows(Article.from_dict(json.loads(row[0])), self.term_rule, self.backend)
            claims = [
                int(r[0]) for r in self._exec("SELECT id FROM claims WHERE article = ? ORDER BY id", (rowid,))
            ]
            for table, column, ids in self._links(rowid, claims):
                self._execmany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])
            local = self._put_entities(rowid, rows)
            self._relink_claims(claims, rows, local)

    @staticmethod
    def _links(rowid: int, claims: list[int]) -> Iterator[tuple[str, str, list[int]]]:
        yield "claim_entities", "claim", claims
        yield "claim_sources", "claim", claims
        yield "mentions", "article", [rowid]
        yield "article_entities", "article", [rowid]
        yield "curation_held", "article", [rowid]

    def _relink_claims(self, claims: list[int], rows: ArticleRows, local: dict[str, str]) -> None:
        """The claims keep their ids (written in the article's order); their sources and
        entities are linked again to the canonical entities in force."""
        for cid, c in zip(claims, rows.claims, strict=False):
            self._link_claim(cid, c, local)

    def _link_claim(self, cid: int, c: ClaimRows, local: dict[str, str]) -> None:
        """A stored claim's source chain and entities, linked to canonical entities (`local`)."""
        self._execmany(
            "INSERT INTO claim_sources (claim, position, source) VALUES (?, ?, ?)",
            [(cid, i, self._source_id(s, local)) for i, s in enumerate(c.sources)],
        )
        ents = sorted({local[e] for e in c.entities if e in local})
        self._execmany("INSERT INTO claim_entities (claim, entity) VALUES (?, ?)", [(cid, e) for e in ents])
