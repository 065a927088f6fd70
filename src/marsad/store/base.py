"""The `Store` protocol: what every backend (SQLite, PostgreSQL) offers, and its result types.

The CLI, the REST API and the web UI only talk to this protocol, so a backend is chosen once, by
URL, in `open_store`. Every result is a small frozen-shape dataclass with `to_dict()` (the JSON the
API returns); none is a free-form dict.

Identifiers:
- an article id is the first 16 hex digits of its content hash (`marsad.corpus.hashing`), so the
  same page ingested twice, anywhere, gets the same id;
- an entity id names a *canonical* entity across articles: entities are merged by
  (type, Latin name, or normalised Arabic name when no Latin name is known).

Dates (`published`, `since`, `until`) are ISO strings; filters compare their first 10 characters,
so `since="2023-09"` and `until="2023-09-30"` both work.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from marsad.model import Article, Rejection, Source
from marsad.store.query import Sort  # query language (issue 13.3)

if TYPE_CHECKING:
    from marsad.config import Settings
    from marsad.corpus.step import CorpusStep
    from marsad.store.claim_views import ClaimListing, ClaimQuery, EventListing, EventQuery
    from marsad.store.curation import CurationEntry
    from marsad.store.room_views import (
        DayCount,
        OutletRecord,
        OutletSummary,
        TrendingEntity,
    )  # issue 13.1/13.4
    from marsad.store.saved import SavedSearch

__all__ = [
    "FACET_NAMES",
    "OUTCOMES",
    "ArticleFilter",
    "ArticleSummary",
    "ClaimRecord",
    "EntityCount",
    "EntityRecord",
    "EntitySummary",
    "FacetCount",
    "Hit",
    "InputProgress",
    "LedgerCounts",
    "LedgerEntry",
    "Listing",
    "Outcome",
    "PutResult",
    "PutStatus",
    "QuarantineRecord",
    "SearchQuery",
    "SearchResult",
    "SourceClaims",
    "SourceCount",
    "Store",
    "StoreParts",
    "StoreStats",
    "StoryClaim",
    "StoryFilter",
    "StoryListing",
    "StoryRecord",
    "StorySummary",
]

# stored: a new article · duplicate: a new article stored as a reprint of another (duplicate_of
# set) · present: this very page (same content hash) was stored before, nothing written.
PutStatus = Literal["stored", "duplicate", "present"]

# Where an input record ended, in the ledger: stored (a new canonical article) · duplicate (a new
# reprint, or a page stored before) · quarantined (no article; the reason says which step refused
# it and why).
Outcome = Literal["stored", "duplicate", "quarantined"]
OUTCOMES: tuple[Outcome, ...] = ("stored", "duplicate", "quarantined")


def _counted_page(total: int, capped: bool, **rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A page's JSON: its total, its rows, and `total_capped` only when true (small stores answer
    as before the cap existed)."""
    out: dict[str, Any] = {"total": total, **rows}
    if capped:
        out["total_capped"] = True
    return out


@dataclass(slots=True)
class PutResult:
    """Outcome of writing one article: its id and what became of it."""

    id: str
    status: PutStatus


@dataclass(slots=True)
class ArticleFilter:
    """Filters shared by listing, search and facets. `None` means "any"."""

    entity: str | None = None  # canonical entity id, or a name in either script (ماكرون / Macron)
    outlet: str | None = None  # outlet name in either script, case- and spelling-insensitive
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    lang: str | None = None  # language code of the article, e.g. "ar"


@dataclass(slots=True)
class SearchQuery:
    """A search: a query (store.query: words, "phrases", OR, -exclusions, prefix*, field:value;
    normalised like the index) plus filters, an order and a page window.

    Empty `text` lists the matching articles newest first (used by the entity and outlet pages).
    """

    text: str = ""
    entity: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    lang: str | None = None
    offset: int = 0
    limit: int = 20
    # --- query language (issue 13.3): result order, claim certainty and event type filters ---
    sort: Sort = Sort.relevance
    certainty: str | None = None  # only articles with a claim of this certainty (asserted, …)
    event_type: str | None = None  # only articles with an event of this PLOVER type (CONSULT, …)

    @property
    def filter(self) -> ArticleFilter:
        return ArticleFilter(self.entity, self.outlet, self.since, self.until, self.lang)


@dataclass(slots=True)
class Hit:
    """One search hit. `snippet` is safe HTML: page text escaped, matched words in <mark>.

    Reprints are never hits of their own: `reprints` counts the canonical article's copies and
    `reprint_outlets` the other outlets that carry it ("also in N outlets").
    """

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    score: float
    story: str | None = None
    reprints: int = 0
    reprint_outlets: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class SearchResult:
    hits: list[Hit]
    total: int  # number of matching articles, regardless of offset/limit (at most 1,000 …)
    total_capped: bool = False  # … True when counting stopped there: show "1000+"

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "total_capped": self.total_capped,
            "hits": [h.to_dict() for h in self.hits],
        }


@dataclass(slots=True)
class ArticleSummary:
    """A row of an article listing (canonical articles only; `reprints` counts their copies)."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None
    url: str | None
    path: str | None
    story: str | None = None
    duplicate_of: str | None = None
    dup_kind: str | None = None
    reprints: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Listing:
    """A page of article summaries and the total across all pages (counted up to a cap, as
    search totals are: `total_capped` then says "at least")."""

    items: list[ArticleSummary]
    total: int
    total_capped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return _counted_page(self.total, self.total_capped, items=[i.to_dict() for i in self.items])


@dataclass(slots=True)
class FacetCount:
    """One facet value: `value` is what a filter takes, `label` what a reader sees."""

    value: str
    label: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# Facet names returned by `Store.facets`: outlet, entity, date (YYYY-MM), language.
FACET_NAMES = ("outlet", "entity", "date", "language")


@dataclass(slots=True)
class EntitySummary:
    """A canonical entity and the number of articles that mention it."""

    id: str
    type: str
    name: str
    latin: str | None
    kind: str | None
    articles: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class EntityCount:
    """A co-mentioned entity and the number of articles shared."""

    id: str
    type: str
    name: str
    latin: str | None
    count: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class SourceCount:
    """A source (claim attribution) and how many claims about an entity it carries."""

    name: str
    kind: str
    latin: str | None
    entity: str | None  # canonical entity id when the source is a known entity
    count: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ClaimRecord:
    """A stored claim with its article and source chain (as `SourceRef.to_dict()` dicts)."""

    article: str
    text: str
    certainty: str
    source_chain: list[dict[str, Any]]
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class EntityRecord:
    """Everything the entity page shows.

    `timeline` holds (YYYY-MM, articles) pairs in date order (articles without a date are left out);
    `sources` are the sources of claims whose text mentions the entity ("who speaks about it");
    `claims` are those claims, newest first (at most 50).
    """

    id: str
    type: str
    name: str
    latin: str | None
    kind: str | None
    articles: int
    mentions: int
    names: list[str] = field(default_factory=list)  # surface forms seen in the text
    roles: list[str] = field(default_factory=list)
    timeline: list[tuple[str, int]] = field(default_factory=list)
    co_mentioned: list[EntityCount] = field(default_factory=list)
    sources: list[SourceCount] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["timeline"] = [{"period": p, "count": c} for p, c in self.timeline]
        return d


@dataclass(slots=True)
class StoryFilter:
    """Filters of a story listing: stories active in [since, until], naming an entity, covered
    by an outlet (names in either script, as for articles)."""

    since: str | None = None
    until: str | None = None
    entity: str | None = None
    outlet: str | None = None
    min_articles: int = 1  # 2: only stories more than one article tells


@dataclass(slots=True)
class StorySummary:
    """A row of a story listing."""

    id: str
    title: str | None
    article_count: int  # every member, reprints included
    outlets: list[str]
    first_seen: str | None
    last_seen: str | None
    entities: list[EntityCount] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class StoryListing:
    stories: list[StorySummary]
    total: int  # counted up to a cap, as for search: `total_capped` then says "at least"
    total_capped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return _counted_page(self.total, self.total_capped, stories=[s.to_dict() for s in self.stories])


@dataclass(slots=True)
class StoryClaim:
    """One claim of a story's article, as its source states it."""

    text: str
    certainty: str
    article: str
    outlet: str | None
    published: str | None
    chain: list[dict[str, Any]]  # the whole source chain, outermost first

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class SourceClaims:
    """Who says what about a story, how sure: one source (the innermost link of the chain: the
    one who made the claim) with its claims and their certainty counts."""

    name: str
    kind: str
    latin: str | None
    entity: str | None
    certainty: dict[str, int]
    claims: list[StoryClaim]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class StoryRecord:
    """Everything the story page shows. `timeline` holds (day, articles) in date order."""

    id: str
    title: str | None
    article_count: int
    outlets: list[FacetCount]
    first_seen: str | None
    last_seen: str | None
    entities: list[EntityCount]
    timeline: list[tuple[str, int]]
    articles: list[ArticleSummary]
    sources: list[SourceClaims]
    merged: list[str] = field(default_factory=list)  # ids of stories merged into this one

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["timeline"] = [{"day": p, "count": c} for p, c in self.timeline]
        return d


@dataclass(slots=True)
class QuarantineRecord:
    """An input that could not become an article, kept so it can be inspected and retried."""

    id: int
    path: str | None
    url: str | None
    record: int | None  # position inside a container (JSONL line, WARC record)
    step: str
    reason: str
    at: str  # ISO timestamp (UTC)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class InputProgress:
    """How far ingest got through one input: `records` seen, and whether it was finished.

    For an archive, `offset` and `record` locate the last committed record (its `Source.offset`
    and `Source.record`), so a resumed ingest seeks there instead of re-reading what came before.
    """

    key: str
    records: int
    done: bool
    offset: int | None = None
    record: int | None = None


@dataclass(slots=True)
class LedgerEntry:
    """One input record in the ledger: where it came from and where it ended.

    `input` names the input (a file's resolved path, '-' for stdin, a page's URL for the API);
    `record` is the record's index inside it (0 for a single page). (input, record) is the key:
    ingesting the record again updates its entry, never adds a second. `article` is the article
    id (stored, duplicate); `reason` is "step: reason" (quarantined).
    """

    input: str
    record: int
    outcome: Outcome
    article: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class LedgerCounts:
    """Ledger entries per outcome (and per quarantine reason): records = stored + duplicate +
    quarantined, always."""

    inputs: int
    records: int
    stored: int
    duplicate: int
    quarantined: int
    by_reason: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class StoreStats:
    backend: str  # "sqlite" | "postgresql"
    articles: int
    entities: int
    mentions: int
    claims: int
    events: int
    outlets: int
    quarantined: int
    languages: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class StoreParts:
    """What every part of `SQLStore` (the corpus index, the ledger, the room and story views) reads:
    the settings the store was opened with, and the dialect's `_exec`, which SQLStore supplies."""

    settings: Settings

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError


@runtime_checkable
class Store(Protocol):
    """A place where articles are kept and searched. Backends: SQLite (default), PostgreSQL.

    Writes are idempotent by content hash and all go through `write` (the one write path).
    Text is stored as found; normalised index terms are derived and kept apart.
    The store is also the corpus the corpus step consults (`marsad.corpus.index.CorpusIndex`).
    """

    backend: str
    settings: Settings  # what it was opened with: its caps, weights and index-term rule

    # --- writing -------------------------------------------------------------------------
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
        """Articles, quarantined inputs, ledger entries and an input's progress in ONE transaction.

        With `corpus`, each new article first meets the stored corpus (duplicates, story) and its
        decision is written with it. Rows are built here, from the articles, and nowhere else.
        A run killed at any moment therefore leaves counts exact on resume.

        `origins` (one (input, record) per article) makes each article's ledger entry from its
        result: stored → stored, duplicate → duplicate, present → duplicate, except that an entry
        naming this very article already keeps its outcome (a re-run never turns a stored record
        into a duplicate). `ledger` holds entries decided before writing (quarantined records,
        pages found stored already), written under the same rule.
        """
        ...

    def put(self, article: Article) -> PutResult:
        """`write([article])` (no corpus step)."""
        ...

    def put_many(self, articles: Sequence[Article]) -> list[PutResult]:
        """`write(articles)` (no corpus step)."""
        ...

    def has_hash(self, content_hash: str) -> bool:
        """Whether an article with this content hash is stored."""
        ...

    # --- reading -------------------------------------------------------------------------
    def get(self, article_id: str) -> Article | None:
        """The stored article rebuilt with `Article.from_dict`, or None."""
        ...

    def list_articles(
        self, offset: int = 0, limit: int = 20, filters: ArticleFilter | None = None
    ) -> Listing:
        """Articles newest first (by published date, then by arrival)."""
        ...

    def search(self, query: SearchQuery) -> SearchResult:
        """Ranked hits (bm25 on SQLite, ts_rank_cd on PostgreSQL) with highlighted snippets.

        On SQLite, a query whose every word is very common (more than `sqlite_rank_max` matches
        possible) is ordered newest first instead: ranking that many rows would take > 50 ms.
        """
        ...

    def facets(self, query: SearchQuery, limit: int = 10) -> dict[str, list[FacetCount]]:
        """Counts of articles matching `query` per outlet, entity, date (YYYY-MM) and language.

        Exact up to 5,000 matching articles; above that, counted over the newest 5,000.
        """
        ...

    def entities(self, offset: int = 0, limit: int = 50, q: str | None = None) -> list[EntitySummary]:
        """Canonical entities, most mentioned first; `q` matches names in either script."""
        ...

    def entity(self, entity_id: str) -> EntityRecord | None:
        """One canonical entity with its timeline, co-mentions, sources and claims."""
        ...

    def resolve_entity(self, name: str) -> list[str]:
        """Canonical entity ids whose id, Arabic name, Latin name or surface form matches `name`."""
        ...

    def stats(self) -> StoreStats: ...

    # --- stories and reprints -------------------------------------------------------------
    def stories(self, offset: int = 0, limit: int = 20, filters: StoryFilter | None = None) -> StoryListing:
        """Live stories, biggest first (article count), then most recent."""
        ...

    def story(self, story_id: str, *, detail: bool = True) -> StoryRecord | None:
        """One story (a merged story's id gives the story it was merged into). `detail=False`:
        the first 25 members and no claims — what a page that only links the story needs."""
        ...

    def reprints(self, article_id: str) -> list[ArticleSummary]:
        """The stored copies of a canonical article (its own id when it is one), oldest first."""
        ...

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article (as `Article`), in arrival order; used by export."""
        ...

    # --- quarantine and ingest progress --------------------------------------------------
    def quarantine(self, source: Source, rejection: Rejection) -> int:
        """Keep a rejected input (path, record, step, reason); returns its quarantine id."""
        ...

    def list_quarantine(self) -> list[QuarantineRecord]: ...

    def clear_quarantine(self, qid: int) -> bool:
        """Forget one quarantine entry (after a successful retry); False when unknown."""
        ...

    def get_progress(self, key: str) -> InputProgress | None:
        """Ingest progress of one input (key: resolved path plus size and mtime)."""
        ...

    def set_progress(self, key: str, records: int, done: bool) -> None: ...

    # --- the ledger: where every input record ended ----------------------------------------
    def ledger(
        self, *, outcome: str | None = None, input: str | None = None, limit: int | None = None
    ) -> Iterator[LedgerEntry]:
        """Ledger entries by input, then record, streamed (any number in constant memory).

        `outcome`: one of `OUTCOMES`, else ValueError; `input`: a name as the ledger keeps it.
        """
        ...

    def ledger_counts(self, *, input: str | None = None) -> LedgerCounts:
        """Entries per outcome and per quarantine reason, for one input or all."""
        ...

    def close(self) -> None: ...

    # --- claims and events (issue 13.2) ---
    def query_claims(self, query: ClaimQuery) -> ClaimListing:
        """Claims by entity, source, certainty, voice, outlet, story and date, in the order
        asked (`store.claim_views` states what each filter means)."""
        ...

    # --- room: charts, outlets, trending (issue 13.1/13.4) ---
    def newest_day(self) -> str | None:
        """The newest publication day in the store ("the last N days" count back from it)."""
        ...

    # --- saved searches and curation (issue 13.5, 13.8): store/saved.py, store/curation.py ---
    def save_search(self, name: str, query: SearchQuery) -> SavedSearch:
        """Save a search's parameters under a name; nothing is new in it yet."""
        ...

    def saved_count(self) -> int: ...

    def saved_searches(self, *, new_cap: int = 1_000) -> list[SavedSearch]:
        """Saved searches, oldest first, each with its articles new since the last visit."""
        ...

    def saved_search(self, saved_id: int, *, new_cap: int = 1_000) -> SavedSearch | None: ...

    def mark_seen(self, saved_id: int) -> bool:
        """A visit: what is stored now counts as seen. False when there is no such search."""
        ...

    def delete_saved(self, saved_id: int) -> bool: ...

    def curate_merge(self, entity: str, into: str, who: str) -> CurationEntry:
        """Merge entity `entity` into `into`, now and for every article written later."""
        ...

    def curate_hide(self, entity: str, who: str) -> CurationEntry:
        """Hide a false entity: its mentions are left out of every article, now and later."""
        ...

    def curate_rename(self, entity: str, name: str | None, latin: str | None, who: str) -> CurationEntry:
        """Correct an entity's canonical Arabic and/or Latin name."""
        ...

    def curate_undo(self, entry_id: int, who: str) -> CurationEntry:
        """Undo a logged action (the newest one on its entity and kind of action)."""
        ...

    def curation_log(self, *, entity: str | None = None, limit: int = 100) -> list[CurationEntry]:
        """Logged curation actions, newest first."""
        ...

    def curation_entry(self, entry_id: int) -> CurationEntry | None: ...

    def curated_entity(self, entity_id: str) -> str | None:
        """The entity shown for `entity_id`: merges followed; None when it is hidden."""
        ...

    def entity_days(self, entity_id: str) -> list[DayCount]:
        """Canonical articles naming a canonical entity, per day (days without one are absent)."""
        ...

    def story_days(self, story_ids: Sequence[str]) -> dict[str, list[DayCount]]:
        """Members of each story (reprints included), per day."""
        ...

    def search_days(self, query: SearchQuery) -> list[DayCount]:
        """Articles a search finds (its text and filters, not its page window), per day."""
        ...

    def outlets(self) -> list[OutletSummary]:
        """Outlets with canonical articles, most articles first."""
        ...

    def outlet(self, name: str, *, top: int = 10) -> OutletRecord | None:
        """One outlet (a name in either script): volume per day, top entities and stories, the
        certainty profile of its claims; None when no outlet has that name."""
        ...

    def trending(self, days: int, limit: int = 10) -> list[TrendingEntity]:
        """Entities named in more articles in the last `days` days than in the `days` before."""
        ...

    def query_events(self, query: EventQuery) -> EventListing:
        """Events by PLOVER type, actor, target, place, certainty, outlet, story and date."""
        ...
