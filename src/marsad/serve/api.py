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
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from marsad.date_forms import PUBLISHED_FORMS, PUBLISHED_PATTERN, published_error
from marsad.serve.params import (
    MAX_INGEST_PAGES,
    MAX_PAGE_BYTES,
    ArticleId,
    CertaintyQ,
    EntityId,
    EntityQ,
    EventTypeQ,
    LangQ,
    Limit,
    MinArticlesQ,
    NameQ,
    Offset,
    OutletQ,
    SearchText,
    SinceQ,
    SortQ,
    StoryId,
    UntilQ,
    blank_to_none,
)
from marsad.serve.schemas import (
    ArticleList,
    ArticleOut,
    EntityList,
    EntityOut,
    ErrorOut,
    IngestOut,
    SearchOut,
    StoreStats,
    StoryList,
    StoryOut,
)
from marsad.serve.stores import StorePool
from marsad.store.base import ArticleFilter, SearchQuery, Store, StoryFilter
from marsad.store.query import QueryError, Sort

if TYPE_CHECKING:
    from marsad.run.local import Executor

log = logging.getLogger(__name__)

# Every route may answer these; each names its own 404 and so on. The 422 entry replaces
# FastAPI's default description (`{"detail": …}`): validation errors have our error shape.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "A parameter or the body is invalid (the message names it)"},
    500: {"model": ErrorOut, "description": "Internal error (details are in the server log only)"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "No such item"}}
router = APIRouter(prefix="/api", responses=COMMON_RESPONSES)


def get_store(request: Request) -> Iterator[Store]:
    """Borrow a store from the app's pool for the duration of one request."""
    pool: StorePool = request.app.state.stores
    with pool.use(expected=(HTTPException,)) as store:
        yield store


StoreDep = Annotated[Store, Depends(get_store)]


@router.get("/articles", tags=["articles"], summary="List articles, newest first", response_model=ArticleList)
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
        blank_to_none(entity),
        blank_to_none(outlet),
        blank_to_none(since),
        blank_to_none(until),
        blank_to_none(lang),
    )
    listing = store.list_articles(offset=offset, limit=limit, filters=filters)
    return {"offset": offset, "limit": limit, **listing.to_dict()}


@router.get(
    "/articles/{article_id}",
    tags=["articles"],
    summary="One article (the document model)",
    response_model=ArticleOut,
    responses=NOT_FOUND,
)
def get_article(article_id: ArticleId, store: StoreDep) -> dict[str, Any]:
    article = store.get(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return {"id": article_id, **article.to_dict()}


def search_query(
    q: SearchText = "",
    entity: EntityQ = None,
    outlet: OutletQ = None,
    since: SinceQ = None,
    until: UntilQ = None,
    lang: LangQ = None,
    offset: Offset = 0,
    limit: Limit = 20,
    sort: SortQ = Sort.relevance,
    certainty: CertaintyQ = None,
    event_type: EventTypeQ = None,
) -> SearchQuery:
    """Query parameters shared by the search API and the search page."""
    return SearchQuery(
        text=q.strip(),
        entity=blank_to_none(entity),
        outlet=blank_to_none(outlet),
        since=blank_to_none(since),
        until=blank_to_none(until),
        lang=blank_to_none(lang),
        offset=offset,
        limit=limit,
        sort=sort,
        certainty=blank_to_none(certainty),
        event_type=blank_to_none(event_type),
    )


@router.get(
    "/search",
    tags=["search"],
    summary="Ranked search with highlighted snippets",
    response_model=SearchOut,
    responses={
        400: {"model": ErrorOut, "description": "The query `q` is malformed (the message says where)"}
    },
)
def search(
    store: StoreDep,
    query: Annotated[SearchQuery, Depends(search_query)],
    facets: Annotated[bool, Query(description="Also return facet counts.")] = False,
) -> dict[str, Any]:
    """Hits are bm25-ranked (newest first when `q` is empty) or ordered by `sort`. `q` takes the
    query language (`"phrase"`, `OR`, `-word`, `prefix*`, `outlet:` `entity:` `since:` `until:`
    `lang:`; see /help); a malformed query is a 400 whose message says what and where.
    `snippet` is HTML: the page text escaped, matched words in `<mark>`."""
    try:
        result = store.search(query)
    except QueryError as exc:
        raise HTTPException(400, f"query parameter 'q': {exc}") from exc
    out: dict[str, Any] = {
        "query": query.text,
        "offset": query.offset,
        "limit": query.limit,
        **result.to_dict(),
    }
    if facets:
        out["facets"] = {k: [f.to_dict() for f in v] for k, v in store.facets(query).items()}
    return out


@router.get(
    "/entities",
    tags=["entities"],
    summary="Canonical entities, most mentioned first",
    response_model=EntityList,
)
def list_entities(
    store: StoreDep,
    q: NameQ = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> dict[str, Any]:
    items = store.entities(offset=offset, limit=limit, q=blank_to_none(q))
    return {"offset": offset, "limit": limit, "items": [e.to_dict() for e in items]}


@router.get(
    "/entities/{entity_id}",
    tags=["entities"],
    summary="One entity: timeline, co-mentions, sources",
    response_model=EntityOut,
    responses=NOT_FOUND,
)
def get_entity(entity_id: EntityId, store: StoreDep) -> dict[str, Any]:
    record = store.entity(entity_id)
    if record is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    return record.to_dict()


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
        since=blank_to_none(since),
        until=blank_to_none(until),
        entity=blank_to_none(entity),
        outlet=blank_to_none(outlet),
        min_articles=min_articles,
    )


@router.get(
    "/stories", tags=["stories"], summary="Stories, biggest first, then most recent", response_model=StoryList
)
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
    response_model=StoryOut,
    responses=NOT_FOUND,
)
def get_story(story_id: StoryId, store: StoreDep) -> dict[str, Any]:
    """The id of a story merged into another answers with the surviving story (its own `id`,
    and the asked-for id in `merged`)."""
    record = store.story(story_id)
    if record is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    return record.to_dict()


@router.get("/stats", tags=["admin"], summary="Counts of what the store holds", response_model=StoreStats)
def stats(store: StoreDep) -> dict[str, Any]:
    return store.stats().to_dict()


def _page_body(field: str, other: str) -> dict[str, Any]:
    """JSON Schema of "`field` is a non-empty string and `other` is absent or null"."""
    return {
        "required": [field],
        "properties": {field: {"type": "string", "minLength": 1}, other: {"type": "null"}},
    }


class PageIn(BaseModel):
    """One page to ingest: its HTML or its text (a text dump), where it came from, and what the
    caller knows of it (the same fields a JSONL record may carry)."""

    # The one-body rule, published: exactly one of html and text is a non-empty string.
    model_config = ConfigDict(
        json_schema_extra={"anyOf": [_page_body("html", "text"), _page_body("text", "html")]}
    )

    url: str | None = Field(default=None, max_length=4096)
    html: str | None = Field(
        default=None,
        max_length=MAX_PAGE_BYTES,
        description=f"The page's HTML (at most {MAX_PAGE_BYTES} bytes in UTF-8).",
    )
    text: str | None = Field(
        default=None,
        max_length=MAX_PAGE_BYTES,
        description="The page as text (a text dump); give html or text, not both.",
    )
    id: str | None = Field(default=None, max_length=512, description="Your id for the page (source_id).")
    title: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(
        default=None,
        description=f"{PUBLISHED_FORMS}; wins over dates found in the page.",
        json_schema_extra={"pattern": PUBLISHED_PATTERN},
    )
    outlet: str | None = Field(default=None, max_length=300, description="Wins over the URL's host.")

    @model_validator(mode="after")
    def _one_body(self) -> PageIn:
        if self.html is not None and self.text is not None:
            raise ValueError("give either 'html' or 'text', not both")
        body = self.html if self.html is not None else self.text
        if not body:
            raise ValueError("give the page as 'html' or 'text' (a non-empty string)")
        size = len(body.encode("utf-8"))
        if size > MAX_PAGE_BYTES:
            raise ValueError(f"page is {size} bytes; the limit is {MAX_PAGE_BYTES}")
        if self.published is not None and (reason := published_error(self.published)) is not None:
            raise ValueError(f"'published': {reason}")
        return self

    def record(self) -> bytes:
        """The page as one JSONL record: it then takes the reader's road like a file's record."""
        fields = {k: v for k, v in self.model_dump().items() if v is not None}
        return json.dumps(fields, ensure_ascii=False).encode("utf-8")


# Pages per request: more is a 422 naming the body, like any other schema bound.
MAX_PAGES = MAX_INGEST_PAGES


def _body_kind(value: Any) -> str:
    return "[list]" if isinstance(value, list) else "[page]"


# A page or a list of pages. The discriminator validates only the branch the body's JSON type
# picks, so an error speaks of that branch ("at most 100 items"), not of the other one. The tags
# are bracketed: error locations leave out such internal parts (app.py), so it reads `body.0.html`.
OnePageOrList = Annotated[
    Annotated[PageIn, Tag("[page]")]
    | Annotated[list[PageIn], Field(min_length=1, max_length=MAX_PAGES), Tag("[list]")],
    Discriminator(_body_kind),
]


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


def ingest_pages(store: Store, pages: list[PageIn], executor: Executor | None = None) -> dict[str, Any]:
    """Each page down the ingest road (extract, enrich when available, corpus step, store).

    `executor`: the app's warm worker pool (`app.state.workers`); None starts workers for this
    call only (seconds with enrich: a worker start and the models' warm-up)."""
    from marsad.read import read_bytes
    from marsad.run.ingest import RecordResult, ingest_articles

    results: list[dict[str, Any]] = []

    def on_result(r: RecordResult) -> None:
        d: dict[str, Any] = {"index": r.record - 1, "status": r.status, "id": r.id}
        if r.reason is not None:
            d["step"], d["reason"] = r.step, r.reason
        results.append(d)

    articles = (a for p in pages for a in read_bytes(p.record(), settings=store.settings))
    summary = ingest_articles(
        articles, store, enrich=True, on_result=on_result, executor=executor, settings=store.settings
    )
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
    response_model=IngestOut,
    responses={
        400: {"model": ErrorOut, "description": "The body is not JSON text (e.g. not UTF-8)"},
        401: {"model": ErrorOut, "description": "Missing or wrong token"},
        403: {"model": ErrorOut, "description": "Read-only server"},
        413: {"model": ErrorOut, "description": "A body over the size limit (serve_max_body_bytes)"},
    },
)
def ingest(
    request: Request,
    store: StoreDep,
    body: Annotated[
        OnePageOrList,
        Body(
            description="A page {url, html|text} or a list of them.",
            examples=[{"url": "https://example.org/a", "html": "<html>…</html>"}],
        ),
    ],
) -> dict[str, Any]:
    pages = body if isinstance(body, list) else [body]
    # A plain `def` endpoint: extraction is CPU-bound and runs on the pool, not the event loop.
    return ingest_pages(store, pages, request.app.state.workers)


__all__ = ["PageIn", "StoreDep", "ingest_pages", "router", "search_query", "story_filter"]
