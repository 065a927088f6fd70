"""Claims and events you can query: "everything claimed about X on the word of unnamed sources,
least certain first" as one call, the same SQL on both backends.

Choices, stated (docs/serve.md, "Claims and events"):
- a claim is *about* an entity when the claim's own sentence mentions it (`claim_entities`, the
  table the entity page reads), not merely the article around it: an article about a summit names
  twenty people, and its sentence on the weather is about none of them;
- a claim *rests on* a source kind when any link of its chain has that kind ("Reuters citing
  unnamed sources" rests on unnamed sources); `source` and `source_kind` must hold for one link;
- `voice=reported`: the claim has a source chain; `voice=asserted`: the outlet's own voice;
- reprints are left out (a reprint repeats its original's claims and events word for word);
- a claim's date is its article's publication day; an event's date is its own day when the text
  gives one (`when_date` of ten characters, YYYY-MM-DD), else its article's day;
- an event's actor / target filter matches a list element equal to the text given or to the
  Arabic or Latin name of an entity it resolves to (ماكرون, Macron); `place` matches a location
  containing one of those.

Each row names its article, the claim's anchor on the article page (`claim-N`, N its position
among the article's claims: the page numbers them the same way) and the article's story.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from marsad.config import Settings
from marsad.enrich.claims.certainty import LEVELS
from marsad.store.base import ArticleFilter

__all__ = [
    "CERTAINTY_LEVELS",
    "SORTS",
    "SOURCE_KINDS",
    "VOICES",
    "ClaimListing",
    "ClaimQuery",
    "ClaimRow",
    "EventListing",
    "EventQuery",
    "EventRow",
    "query_claims",
    "query_events",
]

# Stored vocabularies (docs/schema-enrich.md). Levels run from most doubt to least: "least certain
# first" is this order.
CERTAINTY_LEVELS: tuple[str, ...] = LEVELS
SOURCE_KINDS = (
    "outlet",
    "media",
    "person",
    "officials",
    "anonymous",
    "document",
    "organization",
    "state",
    "unknown",
)
VOICES = ("reported", "asserted")
# certainty: least certain first · -certainty: most certain first · -date: newest first · date:
# oldest first. Ties keep the article's own sentence order.
SORTS = ("-date", "date", "certainty", "-certainty")
_RANK_SQL = "CASE {col} " + " ".join(f"WHEN '{lvl}' THEN {n}" for n, lvl in enumerate(LEVELS)) + " END"
# An event's day: its own when it is a day (YYYY-MM-DD), else its article's publication day.
EVENT_DAY = "(CASE WHEN length(e.when_date) = 10 THEN e.when_date ELSE a.pub_day END)"
# An "until" bound compares above every date it is a prefix of ("2024-04~" > "2024-04-30").
_UNTIL_SUFFIX = "~"
_LIKE_ESCAPE = "!"


class _Reader(Protocol):
    """What the queries need from a SQL store (sqlbase.SQLStore has it all)."""

    backend: str
    settings: Settings

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    def _capped_count(self, from_where: str, params: Sequence[Any], cap: int) -> tuple[int, bool]: ...

    def _live_story_id(self, story_id: str) -> str | None: ...

    def _filters(self, f: ArticleFilter) -> tuple[list[str], list[Any]] | None: ...

    def resolve_entity(self, name: str) -> list[str]: ...


@dataclass(slots=True)
class ClaimQuery:
    """Filters, order and page of a claim listing. `None` / empty means "any"."""

    entity: str | None = None  # the claim's sentence mentions it (id or name, either script)
    source: str | None = None  # a link of the chain names it (name, Latin name or entity)
    source_kind: tuple[str, ...] = ()  # a link of the chain has one of these kinds
    certainty: tuple[str, ...] = ()
    voice: str | None = None  # reported | asserted
    outlet: str | None = None
    story: str | None = None
    since: str | None = None
    until: str | None = None
    sort: str = "-date"
    offset: int = 0
    limit: int = 20


@dataclass(slots=True)
class EventQuery:
    """Filters, order and page of an event listing. `None` / empty means "any"."""

    type: tuple[str, ...] = ()  # PLOVER codes
    actor: str | None = None
    target: str | None = None
    place: str | None = None
    certainty: tuple[str, ...] = ()
    outlet: str | None = None
    story: str | None = None
    since: str | None = None
    until: str | None = None
    sort: str = "-date"
    offset: int = 0
    limit: int = 20


@dataclass(slots=True)
class ClaimRow:
    """A claim with its source chain (`SourceRef.to_dict()` dicts, outermost first) and where it is."""

    id: int
    text: str
    certainty: str
    cues: list[str]
    chain: list[dict[str, Any]]
    article: str
    anchor: str  # id of the claim on the article page
    title: str | None
    outlet: str | None
    published: str | None
    story: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class EventRow:
    """An event with its participants, place, time and where it is."""

    id: int
    type: str
    mode: str | None
    trigger: str
    text: str
    actors: list[str]
    targets: list[str]
    location: str | None
    when_text: str | None
    when_date: str | None
    day: str | None  # the date the listing sorts and filters by (see the module docstring)
    certainty: str
    article: str
    anchor: str | None  # the claim the event sits in, on the article page, when stored
    title: str | None
    outlet: str | None
    published: str | None
    story: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ClaimListing:
    items: list[ClaimRow] = field(default_factory=list)
    total: int = 0  # counted up to a cap past the page: `total_capped` then says "at least"
    total_capped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "total_capped": self.total_capped,
            "items": [i.to_dict() for i in self.items],
        }


@dataclass(slots=True)
class EventListing:
    items: list[EventRow] = field(default_factory=list)
    total: int = 0
    total_capped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "total_capped": self.total_capped,
            "items": [i.to_dict() for i in self.items],
        }


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def _like(text: str) -> str:
    """`text` as a LIKE pattern matching itself anywhere (wildcards escaped with `!`)."""
    esc = text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return f"%{esc}%"


def _names(store: _Reader, text: str) -> list[str]:
    """The text given and the Arabic and Latin names of the entities it resolves to."""
    names = {text.strip()}
    ids = store.resolve_entity(text)
    if ids:
        for name, latin in store._exec(f"SELECT name, latin FROM entities WHERE id IN ({_marks(ids)})", ids):
            names.add(str(name))
            if latin:
                names.add(str(latin))
    return sorted(n for n in names if n)


def _article_conds(
    store: _Reader, outlet: str | None, story: str | None, day: str, since: str | None, until: str | None
) -> tuple[list[str], list[Any]] | None:
    """Conditions on the article `a` (canonical only) and on `day`; None when nothing can match."""
    # Canonical articles only. SQLite: the `+` keeps its planner off the index on duplicate_of
    # (nearly all NULL, it looked selective and drove an entity filter from every article: 11.8 s
    # on 3,000 articles, 60 ms without). PostgreSQL estimates IS NULL from its statistics and needs
    # it plain: a wrapped expression it took for 15 rows of 3,000, nesting 59k claims under them
    # (300 ms → 19 ms for source_kind=anonymous; bench/bench_claims_views.py).
    canonical = "+a.duplicate_of IS NULL" if store.backend == "sqlite" else "a.duplicate_of IS NULL"
    where, params = [canonical], []
    if outlet:
        got = store._filters(ArticleFilter(outlet=outlet))  # the article listing's own outlet rule
        if got is None:
            return None
        where += got[0]
        params += got[1]
    if story:
        live = store._live_story_id(story.strip())  # a merged story's articles moved to the survivor
        if live is None:
            return None
        where.append("a.story = ?")
        params.append(live)
    if since:
        where.append(f"{day} >= ?")
        params.append(since.strip()[:10])
    if until:
        where.append(f"{day} <= ?")
        params.append(until.strip()[:10] + _UNTIL_SUFFIX)
    return where, params


def _order(sort: str, rank: str, day: str, row: str) -> str:
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    newest = f"{day} DESC NULLS LAST, a.rowid DESC, {row}"
    return {
        "-date": newest,
        "date": f"{day} ASC NULLS LAST, a.rowid, {row}",
        "certainty": f"{rank} ASC, {newest}",
        "-certainty": f"{rank} DESC, {newest}",
    }[sort]


def _claim_conds(store: _Reader, q: ClaimQuery) -> tuple[list[str], list[Any]] | None:
    got = _article_conds(store, q.outlet, q.story, "a.pub_day", q.since, q.until)
    if got is None:
        return None
    where, params = got
    if q.entity:
        ids = store.resolve_entity(q.entity)
        if not ids:
            return None
        where.append(f"c.id IN (SELECT claim FROM claim_entities WHERE entity IN ({_marks(ids)}))")
        params += ids
    if q.certainty:
        where.append(f"c.certainty IN ({_marks(q.certainty)})")
        params += list(q.certainty)
    if q.voice:
        exists = "EXISTS (SELECT 1 FROM claim_sources x WHERE x.claim = c.id)"
        where.append(exists if q.voice == "reported" else f"NOT {exists}")
    link: list[str] = []
    if q.source_kind:
        link.append(f"s.kind IN ({_marks(q.source_kind)})")
        params += list(q.source_kind)
    if q.source:
        ids = store.resolve_entity(q.source)
        alts = ["s.name LIKE ? ESCAPE '!'", "lower(s.latin) LIKE lower(?) ESCAPE '!'"]
        params += [_like(q.source.strip()), _like(q.source.strip())]
        if ids:
            alts.append(f"s.entity IN ({_marks(ids)})")
            params += ids
        link.append(f"({' OR '.join(alts)})")
    if link:
        # The claims of the matching links, as a set: probing each claim's chain in turn (EXISTS)
        # walked all 59k claims of bench_claims_views' store, 54 ms on SQLite; this 7 ms.
        where.append(
            "c.id IN (SELECT cs.claim FROM claim_sources cs JOIN sources s ON s.id = cs.source"
            f" WHERE {' AND '.join(link)})"
        )
    return where, params


def _anchors(store: _Reader, claim_ids: list[int]) -> dict[int, str]:
    """Claim id → `claim-N`, N its position among its article's claims (the article page's ids)."""
    if not claim_ids:
        return {}
    before = {
        int(cid): int(n)
        for cid, n in store._exec(
            "SELECT c.id, count(p.id) FROM claims c JOIN claims p ON p.article = c.article AND p.id < c.id"
            f" WHERE c.id IN ({_marks(claim_ids)}) GROUP BY c.id",
            claim_ids,
        )
    }
    return {cid: f"claim-{before.get(cid, 0)}" for cid in claim_ids}


def _chains(store: _Reader, claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    chains: dict[int, list[dict[str, Any]]] = {}
    if not claim_ids:
        return chains
    for cid, name, kind, latin, entity in store._exec(
        "SELECT cs.claim, s.name, s.kind, s.latin, s.entity FROM claim_sources cs JOIN sources s"
        f" ON s.id = cs.source WHERE cs.claim IN ({_marks(claim_ids)}) ORDER BY cs.claim, cs.position",
        claim_ids,
    ):
        chains.setdefault(int(cid), []).append({"name": name, "kind": kind, "latin": latin, "entity": entity})
    return chains


_ARTICLE_COLS = "a.id, a.title, o.name, a.published, a.story"


def _claim_row(r: Sequence[Any], chain: list[dict[str, Any]], anchor: str) -> ClaimRow:
    return ClaimRow(
        id=int(r[0]), text=str(r[1]), certainty=str(r[2]), cues=list(json.loads(r[3])), chain=chain,
        article=str(r[4]), anchor=anchor, title=r[5], outlet=r[6], published=r[7], story=r[8],
    )  # fmt: skip


def query_claims(store: _Reader, q: ClaimQuery, max_limit: int) -> ClaimListing:
    """One page of claims matching `q`, and their total (counted up to a cap past the page)."""
    order = _order(q.sort, _RANK_SQL.format(col="c.certainty"), "a.pub_day", "c.id")
    got = _claim_conds(store, q)
    if got is None:
        return ClaimListing()
    where, params = got
    joins = "FROM claims c JOIN articles a ON a.rowid = c.article"
    cond = f"WHERE {' AND '.join(where)}"
    limit, offset = max(0, min(q.limit, max_limit)), max(0, q.offset)
    rows = store._exec(
        f"SELECT c.id, c.text, c.certainty, c.cues, {_ARTICLE_COLS}"
        f" {joins} LEFT JOIN outlets o ON o.id = a.outlet {cond}"
        f" ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    total, capped = store._capped_count(
        f"{joins} {cond}", params, offset + limit + store.settings.list_total_cap
    )
    ids = [int(r[0]) for r in rows]
    chains, anchors = _chains(store, ids), _anchors(store, ids)
    items = [_claim_row(r, chains.get(int(r[0]), []), anchors[int(r[0])]) for r in rows]
    return ClaimListing(items, total, capped)


def _list_match(column: str, names: list[str]) -> tuple[str, list[Any]]:
    """`column` (a JSON list of strings) has an element equal to one of `names`."""
    alts = [f"lower({column}) LIKE lower(?) ESCAPE '!'" for _ in names]
    return f"({' OR '.join(alts)})", [_like(json.dumps(n, ensure_ascii=False)) for n in names]


def _event_conds(store: _Reader, q: EventQuery) -> tuple[list[str], list[Any]] | None:
    got = _article_conds(store, q.outlet, q.story, EVENT_DAY, q.since, q.until)
    if got is None:
        return None
    where, params = got
    if q.type:
        where.append(f"e.type IN ({_marks(q.type)})")
        params += list(q.type)
    if q.certainty:
        where.append(f"e.certainty IN ({_marks(q.certainty)})")
        params += list(q.certainty)
    for column, text in (("e.actors", q.actor), ("e.targets", q.target)):
        if text and text.strip():
            cond, p = _list_match(column, _names(store, text))
            where.append(cond)
            params += p
    if q.place and q.place.strip():
        names = _names(store, q.place)
        where.append("(" + " OR ".join("lower(e.location) LIKE lower(?) ESCAPE '!'" for _ in names) + ")")
        params += [_like(n) for n in names]
    return where, params


def _event_anchors(store: _Reader, event_ids: list[int]) -> dict[int, str]:
    """Event id → the anchor of the stored claim of the same sentence (same block and text)."""
    if not event_ids:
        return {}
    pairs = {
        int(eid): int(cid)
        for eid, cid in store._exec(
            "SELECT e.id, min(c.id) FROM events e JOIN claims c ON c.article = e.article"
            f" AND c.block = e.block AND c.text = e.text WHERE e.id IN ({_marks(event_ids)}) GROUP BY e.id",
            event_ids,
        )
    }
    anchors = _anchors(store, sorted(set(pairs.values())))
    return {eid: anchors[cid] for eid, cid in pairs.items()}


def _event_row(r: Sequence[Any], anchor: str | None) -> EventRow:
    return EventRow(
        id=int(r[0]), type=str(r[1]), mode=r[2], trigger=str(r[3]), text=str(r[4]),
        actors=list(json.loads(r[5])), targets=list(json.loads(r[6])), location=r[7],
        when_text=r[8], when_date=r[9], day=r[10], certainty=str(r[11]), article=str(r[12]),
        anchor=anchor, title=r[13], outlet=r[14], published=r[15], story=r[16],
    )  # fmt: skip


def query_events(store: _Reader, q: EventQuery, max_limit: int) -> EventListing:
    """One page of events matching `q`, and their total (counted up to a cap past the page)."""
    order = _order(q.sort, _RANK_SQL.format(col="e.certainty"), EVENT_DAY, "e.id")
    got = _event_conds(store, q)
    if got is None:
        return EventListing()
    where, params = got
    joins = "FROM events e JOIN articles a ON a.rowid = e.article"
    cond = f"WHERE {' AND '.join(where)}"
    limit, offset = max(0, min(q.limit, max_limit)), max(0, q.offset)
    rows = store._exec(
        "SELECT e.id, e.type, e.mode, e.trigger, e.text, e.actors, e.targets, e.location, e.when_text,"
        f" e.when_date, {EVENT_DAY}, e.certainty, {_ARTICLE_COLS}"
        f" {joins} LEFT JOIN outlets o ON o.id = a.outlet {cond}"
        f" ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    total, capped = store._capped_count(
        f"{joins} {cond}", params, offset + limit + store.settings.list_total_cap
    )
    anchors = _event_anchors(store, [int(r[0]) for r in rows])
    items = [_event_row(r, anchors.get(int(r[0]))) for r in rows]
    return EventListing(items, total, capped)
