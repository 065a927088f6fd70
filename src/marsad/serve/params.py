"""Query and path parameters shared by the REST API and the reading room, validated once.

Every bound comes from the settings object (`serve_*` fields of marsad.config.Settings), and each
type publishes in /openapi.json exactly what it accepts (a pattern where one is checked), so a
client built from the description is never refused and a bad value is a 422 that names the
parameter and says what would do. The reading room uses the same types: a bad value there is
the same 422, rendered as an HTML error page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import AfterValidator, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from marsad.config import SETTINGS
from marsad.date_forms import (
    FILTER_DATE_FORMS,
    FILTER_DATE_MAX_CHARS,
    FILTER_DATE_PATTERN,
    filter_date_error,
)
from marsad.enrich.claims.certainty import LEVELS
from marsad.store.query import Sort

# PostgreSQL text cannot hold NUL (psycopg refuses the whole statement), and no name or word has one.
NO_NUL_PATTERN = "^[^\\x00]*$"


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "must not contain a NUL character (\\x00)")
    return value


def _filter_date(value: str) -> str:
    reason = filter_date_error(value)
    if reason is not None:
        raise PydanticCustomError("date_form", "{reason}", {"reason": reason})
    return value


def _text_schema(max_chars: int) -> dict[str, Any]:
    return {"type": "string", "maxLength": max_chars, "pattern": NO_NUL_PATTERN}


# The route declarations' bounds and defaults, read from the loaded settings when the routes are
# declared: FastAPI and pydantic build their validators and the OpenAPI schema at import, so the
# app factory's `settings` cannot reach them (routers built per app would be the way). Every other
# module of serve/ reads the app's value (`store.settings`, `request.app.state.settings`).
MAX_PAGE_BYTES = SETTINGS.max_page_bytes  # a page in a POST /api/ingest body
MAX_INGEST_PAGES = SETTINGS.serve_max_ingest_pages
MAX_NAME_CHARS = SETTINGS.serve_max_name_chars  # a curation name
MAX_SAVED_NAME_CHARS = SETTINGS.saved_max_name_chars
MAX_CURATION_LOG = SETTINGS.curation_max_log
CLAIMS_PAGE_SIZE = SETTINGS.claims_page_size  # the claims and events pages' default `limit`
STORIES_MIN_ARTICLES = SETTINGS.stories_min_articles  # the stories page's default `min_articles`

# A string without NUL of at most N characters, its schema saying so (the pattern).
QueryText = Annotated[
    str,
    StringConstraints(max_length=SETTINGS.serve_max_query_chars),
    AfterValidator(_no_nul),
    WithJsonSchema(_text_schema(SETTINGS.serve_max_query_chars)),
]
NameText = Annotated[
    str,
    StringConstraints(max_length=SETTINGS.serve_max_name_chars),
    AfterValidator(_no_nul),
    WithJsonSchema(_text_schema(SETTINGS.serve_max_name_chars)),
]
IdText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=SETTINGS.serve_max_id_chars),
    AfterValidator(_no_nul),
    WithJsonSchema({**_text_schema(SETTINGS.serve_max_id_chars), "minLength": 1}),
]
LangText = Annotated[
    str,
    StringConstraints(max_length=16),
    AfterValidator(_no_nul),
    WithJsonSchema(_text_schema(16)),
]
FilterDate = Annotated[
    str,
    AfterValidator(_filter_date),
    WithJsonSchema({"type": "string", "pattern": FILTER_DATE_PATTERN, "maxLength": FILTER_DATE_MAX_CHARS}),
]

Offset = Annotated[int, Query(ge=0, le=SETTINGS.serve_max_offset, description="Number of items to skip.")]
Limit = Annotated[int, Query(ge=1, le=SETTINGS.serve_max_limit, description="Page size.")]
SearchText = Annotated[QueryText, Query(description="Free text; Arabic is normalised like the index.")]
EntityQ = Annotated[NameText | None, Query(description="Canonical entity id or a name in either script.")]
OutletQ = Annotated[NameText | None, Query(description="Outlet name in either script.")]
NameQ = Annotated[NameText | None, Query(description="Name in either script.")]
LangQ = Annotated[LangText | None, Query(description="Language code, e.g. ar.")]
SinceQ = Annotated[
    FilterDate | None,
    Query(description=f"On or after this day: {FILTER_DATE_FORMS} (a datetime counts by its day)."),
]
UntilQ = Annotated[
    FilterDate | None,
    Query(description=f"On or before this day: {FILTER_DATE_FORMS} (a month means its last day)."),
]
MinArticlesQ = Annotated[
    int,
    Query(
        ge=1,
        le=SETTINGS.serve_max_min_articles,
        description="Only stories told by at least this many articles.",
    ),
]
ArticleId = Annotated[IdText, Path(description="An article id (16 hex digits).")]
EntityId = Annotated[IdText, Path(description="A canonical entity id.")]
StoryId = Annotated[IdText, Path(description="A story id.")]


# --- query language (issue 13.3): search order, claim certainty, event type -----------------------
# The certainty levels claims carry (enrich's LEVELS run least sure first), surest first: the order
# pages list them in and the published pattern names them in.
CERTAINTY_LEVELS: tuple[str, ...] = tuple(reversed(LEVELS))
# PLOVER event types are upper-case words (CONSULT, PROTEST); lower case is accepted and folded.
EVENT_TYPE_PATTERN = "^(?:[A-Za-z_]{1,40})?$"
SortQ = Annotated[
    Sort,
    Query(
        description="Result order: relevance (bm25 / ts_rank_cd), date (newest first), date_asc (oldest first)."
    ),
]
CertaintyQ = Annotated[
    str | None,
    Query(
        pattern=f"^(?:{'|'.join(CERTAINTY_LEVELS)})?$",
        description="Only articles with a claim of this certainty: " + ", ".join(CERTAINTY_LEVELS) + ".",
    ),
]
EventTypeQ = Annotated[
    str | None,
    Query(
        pattern=EVENT_TYPE_PATTERN,
        description="Only articles with an event of this PLOVER type, e.g. CONSULT.",
    ),
]


def blank_to_none(value: str | None) -> str | None:
    """An empty form field (`?outlet=`) means "any", like an absent one."""
    if value is None:
        return None
    return value.strip() or None


__all__ = [
    "CERTAINTY_LEVELS",
    "CLAIMS_PAGE_SIZE",
    "MAX_CURATION_LOG",
    "MAX_INGEST_PAGES",
    "MAX_NAME_CHARS",
    "MAX_PAGE_BYTES",
    "MAX_SAVED_NAME_CHARS",
    "STORIES_MIN_ARTICLES",
    "ArticleId",
    "CertaintyQ",
    "EntityId",
    "EntityQ",
    "EventTypeQ",
    "LangQ",
    "Limit",
    "MinArticlesQ",
    "NameQ",
    "Offset",
    "OutletQ",
    "SearchText",
    "SinceQ",
    "SortQ",
    "StoryId",
    "UntilQ",
    "blank_to_none",
]
