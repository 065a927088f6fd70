"""Saved searches: create and delete through the API (with the start-up token, as ingest), list
them with what is new since the last visit at /saved; opening one marks it seen.

`POST /api/saved` takes the search page's parameters and a name; `GET /api/saved` lists them with
their counts; `DELETE /api/saved/{id}` forgets one. `/saved` is the reading room's list, and
`/saved/{id}` is the visit: everything stored so far counts as seen, then the search page opens.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, StringConstraints

from marsad.serve import i18n
from marsad.serve.api import COMMON_RESPONSES, NOT_FOUND, StoreDep, require_token
from marsad.serve.params import MAX_SAVED_NAME_CHARS, FilterDate, LangText, NameText, QueryText, blank_to_none
from marsad.serve.schemas import ErrorOut
from marsad.serve.web import feed_urls, render, render_error
from marsad.store.base import SearchQuery

__all__ = [
    "LABEL_PATTERN",
    "SavedIn",
    "SavedList",
    "SavedOut",
    "api_router",
    "page_router",
    "token_responses",
]

api_router = APIRouter(prefix="/api/saved", tags=["saved"], responses=COMMON_RESPONSES)
# An unknown interface language (?ui=xx) is a 400, as on every reading-room page.
page_router = APIRouter(include_in_schema=False, dependencies=[Depends(i18n.check_ui)])

# Saved search ids are database integers; the bound keeps them an int4 on PostgreSQL.
MAX_SAVED_ID: Final = 2_147_483_647  # fact: PostgreSQL's largest int4
SavedId = Annotated[int, Path(ge=1, le=MAX_SAVED_ID, description="A saved search's id.")]
# A name someone gives (a saved search's, a curator's): no NUL, and not only ASCII spaces. As a
# pattern, so that /openapi.json publishes exactly what is accepted.
LABEL_PATTERN = "^[^\\x00]*[^\\x00\\t\\n\\v\\f\\r ][^\\x00]*$"
_ASCII_SPACE = " \t\n\v\f\r"
SavedName = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_SAVED_NAME_CHARS, pattern=LABEL_PATTERN)
]


def token_responses() -> dict[int | str, dict[str, Any]]:
    """The answers of a route that needs the start-up token."""
    return {
        400: {"model": ErrorOut, "description": "The body is not JSON text (e.g. not UTF-8)"},
        401: {"model": ErrorOut, "description": "Missing or wrong token"},
        403: {"model": ErrorOut, "description": "Read-only server"},
    }


class SavedIn(BaseModel):
    """A search to keep: a name and the search page's parameters (all optional but the name)."""

    model_config = ConfigDict(extra="forbid")

    name: SavedName
    q: QueryText = ""
    entity: NameText | None = None
    outlet: NameText | None = None
    since: FilterDate | None = None
    until: FilterDate | None = None
    lang: LangText | None = None

    def query(self) -> SearchQuery:
        return SearchQuery(
            text=self.q.strip(), entity=blank_to_none(self.entity), outlet=blank_to_none(self.outlet),
            since=blank_to_none(self.since), until=blank_to_none(self.until), lang=blank_to_none(self.lang),
        )  # fmt: skip


class SavedOut(BaseModel):
    """A saved search; `new` counts articles stored since the last visit (`new_capped`: at least)."""

    id: int
    name: str
    params: dict[str, str]
    created: str
    seen_at: str | None
    new: int
    new_capped: bool
    search_url: str


class SavedList(BaseModel):
    items: list[SavedOut]


@api_router.get("", summary="Saved searches with their new articles", response_model=SavedList)
def list_saved(store: StoreDep) -> dict[str, Any]:
    return {"items": [s.to_dict() for s in store.saved_searches(new_cap=store.settings.saved_new_cap)]}


@api_router.post(
    "",
    summary="Save a search (needs the start-up token)",
    dependencies=[Depends(require_token)],
    response_model=SavedOut,
    responses={**token_responses(), 409: {"model": ErrorOut, "description": "Too many saved searches"}},
)
def create_saved(store: StoreDep, body: Annotated[SavedIn, Body()]) -> dict[str, Any]:
    name = body.name.strip(_ASCII_SPACE)  # never empty: the pattern wants one other character
    if store.saved_count() >= store.settings.saved_max_searches:
        raise HTTPException(
            409, f"at most {store.settings.saved_max_searches} saved searches: delete one first"
        )
    return store.save_search(name, body.query()).to_dict()


@api_router.delete(
    "/{saved_id}",
    summary="Forget a saved search (needs the start-up token)",
    dependencies=[Depends(require_token)],
    responses={**token_responses(), **NOT_FOUND},
)
def delete_saved(saved_id: SavedId, store: StoreDep) -> dict[str, int]:
    if not store.delete_saved(saved_id):
        raise HTTPException(404, f"no saved search with id {saved_id}")
    return {"deleted": saved_id}


@page_router.get("/saved", response_class=HTMLResponse)
def saved_page(request: Request, store: StoreDep) -> Response:
    items = store.saved_searches(new_cap=store.settings.saved_new_cap)
    feeds = {s.id: feed_urls(s.query_string) for s in items}
    return render(request, "saved.html", {"items": items, "feeds": feeds})


@page_router.get("/saved/{saved_id}")
def open_saved(request: Request, saved_id: SavedId, store: StoreDep) -> Response:
    """The visit: what is stored now counts as seen; then the search page."""
    saved = store.saved_search(saved_id, new_cap=1)
    if saved is None or not store.mark_seen(saved_id):
        return render_error(request, 404, f"no saved search with id {saved_id}")
    return RedirectResponse(saved.search_url, status_code=303)
