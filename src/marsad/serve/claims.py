"""Claims and events you can query: `GET /api/claims`, `GET /api/events` and their pages.

"Everything claimed about Putin on the word of unnamed sources, least certain first" is one URL:
`/claims?entity=Putin&source_kind=anonymous&sort=certainty` (the same parameters under /api).
What each filter means is stated once, in `store.claim_views`; here every vocabulary parameter is
checked against the stored vocabulary, and a value outside it is a 422 listing the allowed ones
(the page shows the same message). A name that resolves to no entity is said so in the answer
(`resolved`), never a silently empty list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import AfterValidator, BaseModel, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from marsad.model import SourceRef
from marsad.serve import i18n
from marsad.serve.api import COMMON_RESPONSES, StoreDep
from marsad.serve.markup import article_path, story_path
from marsad.serve.params import (
    CLAIMS_PAGE_SIZE,
    EntityQ,
    Limit,
    NameText,
    Offset,
    OutletQ,
    SinceQ,
    UntilQ,
    blank_to_none,
)
from marsad.serve.plover import PLOVER_MODES, PLOVER_TYPES, plover_mode_name, plover_name
from marsad.serve.views import CERTAINTY_LABELS, SOURCE_KIND_LABELS
from marsad.serve.web import _url, render
from marsad.store.base import Store
from marsad.store.claim_views import (
    CERTAINTY_LEVELS,
    SORTS,
    SOURCE_KINDS,
    VOICES,
    ClaimQuery,
    ClaimRow,
    EventQuery,
    EventRow,
)

__all__ = [
    "CERTAINTY_SYMBOLS",
    "ClaimItem",
    "ClaimListOut",
    "EventItem",
    "EventListOut",
    "claim_query",
    "event_query",
    "router",
]

router = APIRouter()


# --- parameters: vocabularies checked against what the store holds ----------------------------
def _pattern(allowed: tuple[str, ...], multi: bool) -> str:
    one = "(?:" + "|".join(re.escape(a) for a in allowed) + ")"
    return f"^(?:{one}(?:,{one})*)?$" if multi else f"^{one}?$"


def _checker(allowed: tuple[str, ...], multi: bool) -> Callable[[str], str]:
    """A check that `value` is one of `allowed` (`multi`: a comma-separated list of them), or
    empty ("any"); the message names the value at fault and lists the allowed ones."""
    pattern = re.compile(_pattern(allowed, multi))

    def check(value: str) -> str:
        for part in value.split(",") if multi else [value]:
            if part and part not in allowed:
                raise PydanticCustomError(
                    "choice", "unknown value '{value}': use one of {allowed}",
                    {"value": part, "allowed": ", ".join(allowed)},
                )  # fmt: skip
        if not pattern.fullmatch(value):
            raise PydanticCustomError(
                "choice",
                "a comma-separated list of {allowed} without blanks",
                {"allowed": ", ".join(allowed)},
            )
        return value

    return check


def _schema(allowed: tuple[str, ...], multi: bool) -> dict[str, Any]:
    return {"type": "string", "pattern": _pattern(allowed, multi)}


_TYPES = tuple(PLOVER_TYPES)
CertaintyText = Annotated[
    str, AfterValidator(_checker(CERTAINTY_LEVELS, True)), WithJsonSchema(_schema(CERTAINTY_LEVELS, True))
]
SourceKindText = Annotated[
    str, AfterValidator(_checker(SOURCE_KINDS, True)), WithJsonSchema(_schema(SOURCE_KINDS, True))
]
VoiceText = Annotated[str, AfterValidator(_checker(VOICES, False)), WithJsonSchema(_schema(VOICES, False))]
SortText = Annotated[str, AfterValidator(_checker(SORTS, False)), WithJsonSchema(_schema(SORTS, False))]
TypeText = Annotated[str, AfterValidator(_checker(_TYPES, True)), WithJsonSchema(_schema(_TYPES, True))]

CertaintyQ = Annotated[
    CertaintyText | None,
    Query(
        description=f"Certainty levels, comma-separated: {', '.join(CERTAINTY_LEVELS)} (most doubt first)."
    ),
]
SourceKindQ = Annotated[
    SourceKindText | None,
    Query(description=f"A link of the source chain has one of these kinds: {', '.join(SOURCE_KINDS)}."),
]
VoiceQ = Annotated[
    VoiceText | None,
    Query(description="reported: attributed to a source; asserted: the outlet's own voice."),
]
SortQ = Annotated[
    SortText | None,
    Query(description="-date (newest first, default), date, certainty (least certain first), -certainty."),
]
TypeQ = Annotated[
    TypeText | None,
    Query(description=f"PLOVER event types, comma-separated: {', '.join(PLOVER_TYPES)}."),
]
StoryQ = Annotated[NameText | None, Query(description="A story id: claims of its articles.")]
SourceQ = Annotated[NameText | None, Query(description="A source named in the chain (either script).")]
ActorQ = Annotated[NameText | None, Query(description="An actor: entity id or name in either script.")]
TargetQ = Annotated[NameText | None, Query(description="A target: entity id or name in either script.")]
PlaceQ = Annotated[NameText | None, Query(description="A place named in the event (either script).")]


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(p for p in (value or "").split(",") if p)


def claim_query(
    entity: EntityQ = None,
    source: SourceQ = None,
    source_kind: SourceKindQ = None,
    certainty: CertaintyQ = None,
    voice: VoiceQ = None,
    outlet: OutletQ = None,
    story: StoryQ = None,
    since: SinceQ = None,
    until: UntilQ = None,
    sort: SortQ = None,
    offset: Offset = 0,
    limit: Limit = CLAIMS_PAGE_SIZE,
) -> ClaimQuery:
    """Query parameters shared by the claims API and the claims page."""
    return ClaimQuery(
        entity=blank_to_none(entity), source=blank_to_none(source), source_kind=_split(source_kind),
        certainty=_split(certainty), voice=blank_to_none(voice), outlet=blank_to_none(outlet),
        story=blank_to_none(story), since=blank_to_none(since), until=blank_to_none(until),
        sort=sort or SORTS[0], offset=offset, limit=limit,
    )  # fmt: skip


def event_query(
    type: TypeQ = None,
    actor: ActorQ = None,
    target: TargetQ = None,
    place: PlaceQ = None,
    certainty: CertaintyQ = None,
    outlet: OutletQ = None,
    story: StoryQ = None,
    since: SinceQ = None,
    until: UntilQ = None,
    sort: SortQ = None,
    offset: Offset = 0,
    limit: Limit = CLAIMS_PAGE_SIZE,
) -> EventQuery:
    """Query parameters shared by the events API and the events page."""
    return EventQuery(
        type=_split(type), actor=blank_to_none(actor), target=blank_to_none(target),
        place=blank_to_none(place), certainty=_split(certainty), outlet=blank_to_none(outlet),
        story=blank_to_none(story), since=blank_to_none(since), until=blank_to_none(until),
        sort=sort or SORTS[0], offset=offset, limit=limit,
    )  # fmt: skip


# --- response models ---------------------------------------------------------------------------
class Links(BaseModel):
    article: str = Field(description="The article page, at the claim's sentence when it has an anchor.")
    article_api: str = Field(description="The article in the API.")
    story: str | None = Field(description="The story page, when the article has a story.")


class ClaimItem(BaseModel):
    id: int
    text: str
    certainty: str
    cues: list[str]
    chain: list[SourceRef] = Field(
        description="Source chain, outermost first; empty: the outlet's own voice."
    )
    article: str
    anchor: str
    title: str | None
    outlet: str | None
    published: str | None
    story: str | None
    links: Links


class EventItem(BaseModel):
    id: int
    type: str = Field(description="PLOVER code")
    type_name: dict[str, str] = Field(description="The type's name: {'ar': …, 'en': …}")
    mode: str | None
    trigger: str
    text: str
    actors: list[str]
    targets: list[str]
    location: str | None
    when_text: str | None
    when_date: str | None
    day: str | None = Field(description="The event's own day when the text gives one, else its article's.")
    certainty: str
    article: str
    anchor: str | None
    title: str | None
    outlet: str | None
    published: str | None
    story: str | None
    links: Links


class Resolved(BaseModel):
    """What each name filter resolved to (canonical entity ids); [] when no entity has that name."""

    entity: list[str] | None = None
    source: list[str] | None = None
    actor: list[str] | None = None
    target: list[str] | None = None
    place: list[str] | None = None


class ClaimListOut(BaseModel):
    offset: int
    limit: int
    sort: str
    total: int
    total_capped: bool
    resolved: Resolved
    items: list[ClaimItem]


class EventListOut(BaseModel):
    offset: int
    limit: int
    sort: str
    total: int
    total_capped: bool
    resolved: Resolved
    items: list[EventItem]


def _links(article: str, anchor: str | None, story: str | None) -> dict[str, Any]:
    page = article_path(article) + (f"#{anchor}" if anchor else "")
    return {
        "article": page,
        "article_api": "/api" + article_path(article),
        "story": story and story_path(story),
    }


def _claim_item(row: ClaimRow) -> dict[str, Any]:
    return {**row.to_dict(), "links": _links(row.article, row.anchor, row.story)}


def _event_item(row: EventRow) -> dict[str, Any]:
    names = {lang: plover_name(row.type, lang) for lang in ("ar", "en")}
    return {**row.to_dict(), "type_name": names, "links": _links(row.article, row.anchor, row.story)}


def _resolved(store: Store, names: dict[str, str | None]) -> dict[str, list[str]]:
    return {key: store.resolve_entity(value) for key, value in names.items() if value}


@router.get(
    "/api/claims",
    tags=["claims"],
    summary="Claims by entity, source, certainty, voice, outlet, story and date",
    response_model=ClaimListOut,
    responses=COMMON_RESPONSES,
)
def api_claims(store: StoreDep, query: Annotated[ClaimQuery, Depends(claim_query)]) -> dict[str, Any]:
    """A claim is about an entity when its own sentence mentions it; `source_kind` matches any link
    of the chain (docs/serve.md, "Claims and events")."""
    listing = store.query_claims(query)
    return {
        "offset": query.offset, "limit": query.limit, "sort": query.sort, "total": listing.total,
        "total_capped": listing.total_capped,
        "resolved": _resolved(store, {"entity": query.entity, "source": query.source}),
        "items": [_claim_item(r) for r in listing.items],
    }  # fmt: skip


@router.get(
    "/api/events",
    tags=["claims"],
    summary="PLOVER events by type, actor, target, place, certainty, outlet, story and date",
    response_model=EventListOut,
    responses=COMMON_RESPONSES,
)
def api_events(store: StoreDep, query: Annotated[EventQuery, Depends(event_query)]) -> dict[str, Any]:
    listing = store.query_events(query)
    names = {"actor": query.actor, "target": query.target, "place": query.place}
    return {
        "offset": query.offset, "limit": query.limit, "sort": query.sort, "total": listing.total,
        "total_capped": listing.total_capped, "resolved": _resolved(store, names),
        "items": [_event_item(r) for r in listing.items],
    }  # fmt: skip


# --- pages -------------------------------------------------------------------------------------
# Certainty shown with a word and a symbol, never colour alone: filled dots count how sure the
# text is (asserted ●●●●●, denied ○○○○○), in the order of CERTAINTY_LEVELS.
CERTAINTY_SYMBOLS = {
    level: "●" * n + "○" * (len(CERTAINTY_LEVELS) - 1 - n) for n, level in enumerate(CERTAINTY_LEVELS)
}
# Choices of the filter forms: value → i18n key (the page shows the words in the reader's language).
SORT_LABELS = {
    "-date": "claims.sort_newest",
    "date": "claims.sort_oldest",
    "certainty": "claims.sort_least",
    "-certainty": "claims.sort_most",
}
VOICE_LABELS = {voice: f"voice.{voice}" for voice in ("reported", "asserted")}
SOURCE_KIND_NAMES = {**SOURCE_KIND_LABELS, "state": "source.state", "unknown": "source.unknown_speaker"}


def _choices(lang: str, keys: dict[str, str]) -> dict[str, str]:
    """A form's choices (value → i18n key) as value → words in `lang`."""
    return {value: i18n.translate(lang, key) for value, key in keys.items()}


def _pager(path: str, params: dict[str, Any], offset: int, limit: int, total: int) -> dict[str, str | None]:
    keep = {**params, "limit": None if limit == CLAIMS_PAGE_SIZE else limit}
    return {
        "prev_url": _url(path, {**keep, "offset": max(0, offset - limit)}) if offset else None,
        "next_url": _url(path, {**keep, "offset": offset + limit}) if offset + limit < total else None,
    }


def _page_context(
    path: str, params: dict[str, Any], q: ClaimQuery | EventQuery, total: int, capped: bool, lang: str
) -> dict[str, Any]:
    return {
        "filters": params, "total": total, "total_capped": capped, "sort": q.sort,
        "sort_labels": _choices(lang, SORT_LABELS), "certainty_choices": _choices(lang, CERTAINTY_LABELS),
        "certainty_levels": CERTAINTY_LEVELS, "certainty_symbols": CERTAINTY_SYMBOLS,
        **_pager(path, {**params, "sort": None if q.sort == SORTS[0] else q.sort}, q.offset, q.limit, total),
    }  # fmt: skip


def _unresolved(store: Store, names: dict[str, str | None]) -> list[str]:
    """The name filters that name no entity (the page says so: a plain-text match is still tried)."""
    return [value for value in names.values() if value and not store.resolve_entity(value)]


@router.get(
    "/claims", response_class=HTMLResponse, include_in_schema=False, dependencies=[Depends(i18n.check_ui)]
)
def claims_page(
    request: Request, store: StoreDep, query: Annotated[ClaimQuery, Depends(claim_query)]
) -> Response:
    listing = store.query_claims(query)
    params = {
        "entity": query.entity, "source": query.source, "source_kind": ",".join(query.source_kind),
        "certainty": ",".join(query.certainty), "voice": query.voice, "outlet": query.outlet,
        "story": query.story, "since": query.since, "until": query.until,
    }  # fmt: skip
    lang = i18n.ui_lang(request)
    context = {
        **_page_context("/claims", params, query, listing.total, listing.total_capped, lang),
        "rows": [_claim_item(r) for r in listing.items],
        "source_kinds": _choices(lang, SOURCE_KIND_NAMES),
        "voices": _choices(lang, VOICE_LABELS),
        "no_entity": _unresolved(store, {"entity": query.entity}),
    }
    return render(request, "claims.html", context)


@router.get(
    "/events", response_class=HTMLResponse, include_in_schema=False, dependencies=[Depends(i18n.check_ui)]
)
def events_page(
    request: Request, store: StoreDep, query: Annotated[EventQuery, Depends(event_query)]
) -> Response:
    listing = store.query_events(query)
    params = {
        "type": ",".join(query.type), "actor": query.actor, "target": query.target, "place": query.place,
        "certainty": ",".join(query.certainty), "outlet": query.outlet, "story": query.story,
        "since": query.since, "until": query.until,
    }  # fmt: skip
    lang = i18n.ui_lang(request)
    context = {
        **_page_context("/events", params, query, listing.total, listing.total_capped, lang),
        "no_entity": _unresolved(store, {"actor": query.actor, "target": query.target}),
        "rows": [_event_item(r) for r in listing.items],
        "types": {code: plover_name(code, lang) for code in PLOVER_TYPES},
        "modes": {m: plover_mode_name(m, lang) for m in PLOVER_MODES},
    }
    return render(request, "events.html", context)
