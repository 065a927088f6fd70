"""Response models of the REST API: what /openapi.json promises, checked on every response.

Each route declares one of these as its `response_model`, so the published description is the
shape the route really returns (tests/serve/test_openapi_contract.py holds the server to it with
schemathesis). The parts of the document model and the store's result types whose `to_dict()`
is their plain fields are used as they are (pydantic reads dataclasses); what `to_dict()`
reshapes (the article's views over its blocks, timelines as objects, source chains) is spelled
out here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from marsad.model import (
    Block,
    Byline,
    Claim,
    DateMention,
    Entity,
    Event,
    Image,
    Rejection,
    Related,
    Sentence,
    Source,
    SourceRef,
)
from marsad.store.base import (
    ArticleSummary,
    EntityCount,
    EntitySummary,
    FacetCount,
    Hit,
    SourceCount,
    StoreStats,
    StorySummary,
)


class ErrorDetail(BaseModel):
    loc: list[str] = Field(description="Where: 'query', 'path' or 'body', then the field path.")
    msg: str


class ErrorInfo(BaseModel):
    code: str = Field(description="not_found, invalid_request, too_large, unauthorized, …")
    message: str = Field(description="For a person to read; names the parameter at fault.")
    details: list[ErrorDetail] | None = Field(default=None, description="Every invalid field (422 only).")


class ErrorOut(BaseModel):
    """Every error answer of the API: no traceback, no internal detail."""

    error: ErrorInfo


class TextLine(BaseModel):
    """A heading or paragraph: its text, its line in a text dump, its block index."""

    text: str
    line: int | None
    block: int


class ChromeLine(BaseModel):
    """A dropped line and why it was dropped."""

    line: int | None
    text: str
    reason: str | None
    block: int


class ArticleOut(BaseModel):
    """One article: `Article.to_dict()` (docs/schema.md) and its id."""

    id: str
    schema_: str = Field(alias="schema", description="Version of the JSON contract.")
    source: Source
    language: str | None
    title: str | None
    byline: Byline | None
    published: str | None
    updated: str | None
    lede: str | None
    site_name: str | None
    canonical_url: str | None
    description: str | None
    headings: list[TextLine]
    paragraphs: list[TextLine]
    images: list[Image]
    related: list[Related]
    chrome: list[ChromeLine]
    blocks: list[Block]
    dates: list[DateMention]
    sentences: list[Sentence]
    entities: list[Entity]
    claims: list[Claim]
    events: list[Event]
    outlet: str | None
    fetched: str | None
    content_hash: str | None
    text_hash: str | None
    duplicate_of: str | None
    dup_kind: str | None
    story: str | None
    story_note: str | None
    rejected: Rejection | None


class ArticleList(BaseModel):
    offset: int
    limit: int
    total: int
    items: list[ArticleSummary]


class Facets(BaseModel):
    outlet: list[FacetCount]
    entity: list[FacetCount]
    date: list[FacetCount] = Field(description="value: YYYY-MM")
    language: list[FacetCount]


class SearchOut(BaseModel):
    query: str
    offset: int
    limit: int
    total: int = Field(description="Matching articles, counted up to a cap (see total_capped).")
    total_capped: bool
    hits: list[Hit]
    facets: Facets | None = Field(default=None, description="Facet counts; null unless facets=true.")


class EntityList(BaseModel):
    offset: int
    limit: int
    items: list[EntitySummary]


class PeriodCount(BaseModel):
    period: str = Field(description="YYYY-MM")
    count: int


class ClaimOut(BaseModel):
    article: str
    text: str
    certainty: str
    source_chain: list[SourceRef]
    published: str | None


class EntityOut(BaseModel):
    """An entity's page: names, timeline, co-mentions, who speaks about it and what they claim."""

    id: str
    type: str
    name: str
    latin: str | None
    kind: str | None
    articles: int
    mentions: int
    names: list[str]
    roles: list[str]
    timeline: list[PeriodCount]
    co_mentioned: list[EntityCount]
    sources: list[SourceCount]
    claims: list[ClaimOut]


class StoryList(BaseModel):
    offset: int
    limit: int
    total: int
    stories: list[StorySummary]


class DayCount(BaseModel):
    day: str = Field(description="YYYY-MM-DD")
    count: int


class StoryClaimOut(BaseModel):
    text: str
    certainty: str
    article: str
    outlet: str | None
    published: str | None
    chain: list[SourceRef] = Field(description="The whole source chain, outermost first.")


class SourceClaimsOut(BaseModel):
    name: str
    kind: str
    latin: str | None
    entity: str | None
    certainty: dict[str, int]
    claims: list[StoryClaimOut]


class StoryOut(BaseModel):
    """A story's page; `merged` lists ids of stories merged into it."""

    id: str
    title: str | None
    article_count: int
    outlets: list[FacetCount]
    first_seen: str | None
    last_seen: str | None
    entities: list[EntityCount]
    timeline: list[DayCount]
    articles: list[ArticleSummary]
    sources: list[SourceClaimsOut]
    merged: list[str]


class IngestResult(BaseModel):
    index: int = Field(description="Position of the page in the request, 0-based.")
    status: Literal["stored", "duplicate", "present", "quarantined"]
    id: str | None
    step: str | None = Field(default=None, description="The step that refused a quarantined page.")
    reason: str | None = None


class IngestOut(BaseModel):
    stored: int
    duplicate: int
    present: int
    quarantined: int
    results: list[IngestResult]


__all__ = [
    "ArticleList",
    "ArticleOut",
    "EntityList",
    "EntityOut",
    "ErrorOut",
    "IngestOut",
    "SearchOut",
    "StoreStats",
    "StoryList",
    "StoryOut",
]
