"""REST API routes under /api: thin over the `Store` protocol, JSON in the model's own shapes.

Articles come back as `Article.to_dict()` (docs/schema.md) plus their `id`; listings, search
results, stories, entities and stats as the store's result types' `to_dict()`. Errors are
`{"error": {"code", "message"}}` (see app.py).
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Query, Request
from pydantic import BaseModel, Field, model_validator

from marsad.config import SETTINGS
from marsad.read.containers import iso_date
from marsad.serve.stores import StorePool
from marsad.store.base import ArticleFilter, SearchQuery, Store, StoryFilter

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api")

# A page of results is at most this long: bounded work per request whatever the client asks.
MAX_LIMIT = 100
# Pages per ingest request: extraction is CPU-bound and runs in the request, so keep it short.
MAX_INGEST_PAGES = 100


def get_store(request: Request) -> Iterator[Store]:
    """Borrow a store from the app's pool for the duration of one request."""
    pool: StorePool = request.app.state.stores
    with pool.use(expected=(HTTPException,)) as store:
        yield store


StoreDep = Annotated[Store, Depends(get_store)]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Number of items to skip.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
EntityQ = Annotated[
    str | None, Query(max_length=200, description="Canonical entity id or a name in either script.")
]
OutletQ = Annotated[str | None, Query(max_length=200, description="Outlet name in either script.")]
SinceQ = Annotated[str | None, Query(max_length=32, description="ISO date, inclusive (2023-09 works).")]
UntilQ = Annotated[str | None, Query(max_length=32, description="ISO date, inclusive.")]
LangQ = Annotated[str | None, Query(max_length=16, description="Language code, e.g. ar.")]


def _none_if_blank(value: str | None) -> str | None:
    """An empty form field (`?outlet=`) means "any", like an absent one."""
    if value is None:
        return None
    return value.strip() or None


@router.get("/articles", tags=["articles"], summary="List articles, newest first")
def list_articles(
    store: StoreDep,
    offset: Offset = 0,
    limit: Limit = 20,
    entity: EntityQ = None,
    outlet: OutletQ = None,
    since: SinceQ = None,
    until: UntilQ = None,
    lang: LangQ = None,
) -> dict[str, Any]:
    filters = ArticleFilter(
        _none_if_blank(entity),
        _none_if_blank(outlet),
        _none_if_blank(since),
        _none_if_blank(until),
        _none_if_blank(lang),
    )
    listing = store.list_articles(offset=offset, limit=limit, filters=filters)
    return {"offset": offset, "limit": limit, **listing.to_dict()}


@router.get("/articles/{article_id}", tags=["articles"], summary="One article (the document model)")
def get_article(article_id: str, store: StoreDep) -> dict[str, Any]:
    article = store.get(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return {"id": article_id, **article.to_dict()}


def search_query(
    q: Annotated[
        str, Query(max_length=500, description="Free text; Arabic is normalised like the index.")
    ] = "",
    entity: EntityQ = None,
    outlet: OutletQ = None,
    since: SinceQ = None,
    until: UntilQ = None,
    lang: LangQ = None,
    offset: Offset = 0,
    limit: Limit = 20,
) -> SearchQuery:
    """Query parameters shared by the search API and the search page."""
    return SearchQuery(
        text=q.strip(),
        entity=_none_if_blank(entity),
        outlet=_none_if_blank(outlet),
        since=_none_if_blank(since),
        until=_none_if_blank(until),
        lang=_none_if_blank(lang),
        offset=offset,
        limit=limit,
    )


@router.get("/search", tags=["search"], summary="Ranked search with highlighted snippets")
def search(
    store: StoreDep,
    query: Annotated[SearchQuery, Depends(search_query)],
    facets: Annotated[bool, Query(description="Also return facet counts.")] = False,
) -> dict[str, Any]:
    """Hits are bm25-ranked (newest first when `q` is empty). `snippet` is HTML: the page text
    escaped, matched words in `<mark>`."""
    result = store.search(query)
    out: dict[str, Any] = {
        "query": query.text,
        "offset": query.offset,
        "limit": query.limit,
        **result.to_dict(),
    }
    if facets:
        out["facets"] = {k: [f.to_dict() for f in v] for k, v in store.facets(query).items()}
    return out


@router.get("/entities", tags=["entities"], summary="Canonical entities, most mentioned first")
def list_entities(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=200, description="Name in either script.")] = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> dict[str, Any]:
    items = store.entities(offset=offset, limit=limit, q=_none_if_blank(q))
    return {"offset": offset, "limit": limit, "items": [e.to_dict() for e in items]}


@router.get("/entities/{entity_id}", tags=["entities"], summary="One entity: timeline, co-mentions, sources")
def get_entity(entity_id: str, store: StoreDep) -> dict[str, Any]:
    record = store.entity(entity_id)
    if record is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    return record.to_dict()


MinArticlesQ = Annotated[
    int, Query(ge=1, le=100_000, description="Only stories told by at least this many articles.")
]


def story_filter(
    since: SinceQ = None,
    until: UntilQ = None,
    entity: EntityQ = None,
    outlet: OutletQ = None,
    min_articles: MinArticlesQ = 1,
) -> StoryFilter:
    """Query parameters of a story listing: stories active in [since, until], naming an entity,
    covered by an outlet."""
    return StoryFilter(
        since=_none_if_blank(since),
        until=_none_if_blank(until),
        entity=_none_if_blank(entity),
        outlet=_none_if_blank(outlet),
        min_articles=min_articles,
    )


@router.get("/stories", tags=["stories"], summary="Stories, biggest first, then most recent")
def list_stories(
    store: StoreDep,
    filters: Annotated[StoryFilter, Depends(story_filter)],
    offset: Offset = 0,
    limit: Limit = 20,
) -> dict[str, Any]:
    """A story is one event's coverage across outlets and days; `article_count` counts every
    member, reprints included. `since`/`until` select stories active in that span."""
    listing = store.stories(offset=offset, limit=limit, filters=filters)
    return {"offset": offset, "limit": limit, **listing.to_dict()}


@router.get(
    "/stories/{story_id}",
    tags=["stories"],
    summary="One story: timeline, outlets, entities, claims by source, member articles",
)
def get_story(story_id: str, store: StoreDep) -> dict[str, Any]:
    """The id of a story merged into another answers with the surviving story (its own `id`,
    and the asked-for id in `merged`)."""
    record = store.story(story_id)
    if record is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    return record.to_dict()


@router.get("/stats", tags=["admin"], summary="Counts of what the store holds")
def stats(store: StoreDep) -> dict[str, Any]:
    return store.stats().to_dict()


class PageIn(BaseModel):
    """One page to ingest: its HTML or its text (a text dump), where it came from, and what the
    caller knows of it (the same fields a JSONL record may carry)."""

    url: str | None = Field(default=None, max_length=4096)
    html: str | None = None
    text: str | None = None
    id: str | None = Field(default=None, max_length=512, description="Your id for the page (source_id).")
    title: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, description="ISO date or datetime; wins over page dates.")
    outlet: str | None = Field(default=None, max_length=300, description="Wins over the URL's host.")

    @model_validator(mode="after")
    def _one_body(self) -> PageIn:
        if not (self.html or self.text):
            raise ValueError("give the page as 'html' or 'text'")
        if self.html and self.text:
            raise ValueError("give either 'html' or 'text', not both")
        size = len((self.html or self.text or "").encode("utf-8"))
        if size > SETTINGS.max_page_bytes:
            raise ValueError(f"page is {size} bytes; the limit is {SETTINGS.max_page_bytes}")
        if self.published is not None and iso_date(self.published) is None:
            raise ValueError("'published' must be an ISO date or datetime")
        return self

    def record(self) -> bytes:
        """The page as one JSONL record: it then takes the reader's road like a file's record."""
        fields = {k: v for k, v in self.model_dump().items() if v is not None}
        return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def require_token(
    request: Request, authorization: Annotated[str | None, Header(include_in_schema=False)] = None
) -> None:
    """403 when the server was started without a token (read-only); 401 on a missing/wrong one."""
    token: str | None = request.app.state.token
    if token is None:
        raise HTTPException(403, "this server is read-only: start it with --token to allow ingest")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})


def ingest_pages(store: Store, pages: list[PageIn]) -> dict[str, Any]:
    """Each page down the ingest road (extract, enrich when available, corpus step, store)."""
    from marsad.read import read_bytes
    from marsad.run.ingest import RecordResult, ingest_articles

    results: list[dict[str, Any]] = []

    def on_result(r: RecordResult) -> None:
        d: dict[str, Any] = {"index": r.record - 1, "status": r.status, "id": r.id}
        if r.reason is not None:
            d["step"], d["reason"] = r.step, r.reason
        results.append(d)

    articles = (a for p in pages for a in read_bytes(p.record()))
    summary = ingest_articles(articles, store, enrich=True, on_result=on_result)
    return {
        "stored": summary.stored,
        "duplicate": summary.reprints,
        "present": summary.already_present,
        "quarantined": summary.quarantined,
        "results": results,
    }


@router.post(
    "/ingest",
    tags=["admin"],
    summary="Extract and store pages (needs the start-up token)",
    dependencies=[Depends(require_token)],
    responses={401: {"description": "Missing or wrong token"}, 403: {"description": "Read-only server"}},
)
def ingest(
    store: StoreDep,
    body: Annotated[
        PageIn | list[PageIn],
        Body(
            description="A page {url, html|text} or a list of them.",
            examples=[{"url": "https://example.org/a", "html": "<html>…</html>"}],
        ),
    ],
) -> dict[str, Any]:
    pages = body if isinstance(body, list) else [body]
    if not pages:
        raise HTTPException(422, "no page given")
    if len(pages) > MAX_INGEST_PAGES:
        raise HTTPException(413, f"at most {MAX_INGEST_PAGES} pages per request")
    # A plain `def` endpoint: extraction is CPU-bound and runs on the pool, not the event loop.
    return ingest_pages(store, pages)


__all__ = ["PageIn", "StoreDep", "ingest_pages", "router", "search_query", "story_filter"]
