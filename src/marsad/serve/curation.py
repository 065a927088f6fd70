"""Curation API under /api/curation: merge two entities, hide a false one, correct a canonical
name, undo any of these, read the log. Writes need the start-up token (as ingest does).

Each action is applied by the store (store/curation.py) and holds for articles written later;
each answers with its log entry, whose `id` is what `POST /api/curation/undo` takes. `who` names
the person acting (the token is shared: the log keeps the name given).
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Body, Depends, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from marsad.serve.api import COMMON_RESPONSES, StoreDep, require_token
from marsad.serve.params import MAX_CURATION_LOG, MAX_NAME_CHARS, IdText
from marsad.serve.saved import LABEL_PATTERN, token_responses
from marsad.serve.schemas import ErrorOut
from marsad.store.curation import CurationEntry, CurationError

__all__ = ["CurationLogOut", "router"]

router = APIRouter(prefix="/api/curation", tags=["curation"], responses=COMMON_RESPONSES)

# Log entry ids are database integers; the bound keeps them an int4 on PostgreSQL.
MAX_ENTRY_ID: Final = 2_147_483_647  # fact: PostgreSQL's largest int4
_STATUS = {"not_found": 404, "conflict": 409, "invalid": 422}
WhoText = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=LABEL_PATTERN)]
NewName = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_CHARS, pattern=LABEL_PATTERN)]
WHO = Field(default="api", description="Who acts (kept in the log).")


def write_responses() -> dict[int | str, dict[str, Any]]:
    return {
        **token_responses(),
        404: {"model": ErrorOut, "description": "No such entity or log entry"},
        409: {"model": ErrorOut, "description": "It conflicts with an earlier correction (undo that first)"},
    }


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    entity: IdText = Field(description="The entity merged away (its id).")
    into: IdText = Field(description="The entity that survives (its id).")
    who: WhoText = WHO


class HideIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    entity: IdText = Field(description="The false entity to hide (its id).")
    who: WhoText = WHO


class RenameIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    entity: IdText
    name: NewName | None = Field(default=None, description="The corrected Arabic name.")
    latin: NewName | None = Field(default=None, description="The corrected Latin name.")
    who: WhoText = WHO


class UndoIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int = Field(ge=1, le=MAX_ENTRY_ID, description="The log entry to undo.")
    who: WhoText = WHO


class CurationLogOut(BaseModel):
    items: list[CurationEntry]


def _run(action: Any, *args: Any) -> dict[str, Any]:
    """Run a store action; its refusal becomes 404/409/422 with the store's message."""
    try:
        entry: CurationEntry = action(*args)
    except CurationError as exc:
        raise HTTPException(_STATUS[exc.kind], str(exc)) from None
    return entry.to_dict()


_WRITE: dict[str, Any] = {
    "dependencies": [Depends(require_token)],
    "response_model": CurationEntry,  # the store's log entry, as it is
    "responses": write_responses(),
}


@router.post("/merge", summary="Merge an entity into another (needs the token)", **_WRITE)
def merge(store: StoreDep, body: Annotated[MergeIn, Body()]) -> dict[str, Any]:
    return _run(store.curate_merge, body.entity, body.into, body.who)


@router.post("/hide", summary="Hide a false entity (needs the token)", **_WRITE)
def hide(store: StoreDep, body: Annotated[HideIn, Body()]) -> dict[str, Any]:
    return _run(store.curate_hide, body.entity, body.who)


@router.post("/rename", summary="Correct an entity's Arabic and/or Latin name (needs the token)", **_WRITE)
def rename(store: StoreDep, body: Annotated[RenameIn, Body()]) -> dict[str, Any]:
    return _run(store.curate_rename, body.entity, body.name, body.latin, body.who)


@router.post("/undo", summary="Undo a logged action (needs the token)", **_WRITE)
def undo(store: StoreDep, body: Annotated[UndoIn, Body()]) -> dict[str, Any]:
    return _run(store.curate_undo, body.id, body.who)


@router.get("/log", summary="Curation actions, newest first", response_model=CurationLogOut)
def log(
    store: StoreDep,
    entity: Annotated[IdText | None, Query(description="Only actions on or into this entity.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_CURATION_LOG)] = 100,
) -> dict[str, Any]:
    return {"items": [e.to_dict() for e in store.curation_log(entity=entity, limit=limit)]}
