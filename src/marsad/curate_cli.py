"""`marsad curate merge|hide|rename|undo|log`: correct canonical entities from the command line.

Every action is written to the store's curation log (who, when, what) and holds for pages
ingested or enriched later (store/curation.py). An entity is named by its id, or by a name in
either script when that names one entity only (else the candidates are listed). Each action
prints its log entry as JSON on stdout; `undo` takes the entry's id.
"""

from __future__ import annotations

import getpass
import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from marsad.cli_common import DbOption, SearchFormat, existing_store, fail

if TYPE_CHECKING:
    from marsad.store.base import Store
    from marsad.store.curation import CurationEntry

__all__ = ["curate_app"]

curate_app = typer.Typer(
    name="curate",
    help="Correct entities: merge two, hide a false one, rename; every action logged and undoable.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _default_who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "cli"


WhoOption = Annotated[str, typer.Option("--who", help="Who acts (kept in the log; default: your login).")]
EntityArg = Annotated[str, typer.Argument(help="Entity id, or a name in either script naming one entity.")]


def _entity(store: Store, given: str) -> str:
    """The entity id `given` names: an id as it is, else the one entity a name resolves to."""
    if store.entity(given) is not None or store.curated_entity(given) != given:
        return given
    found = store.resolve_entity(given)
    if len(found) == 1:
        return found[0]
    if not found:
        raise fail(f"no entity named {given!r}: give an id (marsad search, /entities)")
    raise fail(f"{given!r} names {len(found)} entities ({', '.join(found[:10])}): give one id")


def _print(entry: CurationEntry) -> None:
    sys.stdout.write(json.dumps(entry.to_dict(), ensure_ascii=False) + "\n")
    done = f"undone by {entry.undone_by}" if entry.undone_at else entry.action
    sys.stderr.write(
        f"entry {entry.id}: {done} {entry.entity}{' → ' + entry.target if entry.target else ''}\n"
    )


@curate_app.command()
def merge(entity: EntityArg, into: EntityArg, who: WhoOption = "", db: DbOption = None) -> None:
    """Merge ENTITY into INTO: its articles, mentions and claims count for INTO."""
    store = existing_store(db)
    try:
        _print(store.curate_merge(_entity(store, entity), _entity(store, into), who or _default_who()))
    finally:
        store.close()


@curate_app.command()
def hide(entity: EntityArg, who: WhoOption = "", db: DbOption = None) -> None:
    """Hide a false entity: its mentions are left out of every article, now and later."""
    store = existing_store(db)
    try:
        _print(store.curate_hide(_entity(store, entity), who or _default_who()))
    finally:
        store.close()


@curate_app.command()
def rename(
    entity: EntityArg,
    name: Annotated[str | None, typer.Option("--name", help="The corrected Arabic name.")] = None,
    latin: Annotated[str | None, typer.Option("--latin", help="The corrected Latin name.")] = None,
    who: WhoOption = "",
    db: DbOption = None,
) -> None:
    """Correct an entity's canonical Arabic name (--name) and/or Latin name (--latin)."""
    if name is None and latin is None:
        raise fail("give --name, --latin or both")
    store = existing_store(db)
    try:
        _print(store.curate_rename(_entity(store, entity), name, latin, who or _default_who()))
    finally:
        store.close()


@curate_app.command()
def undo(
    entry: Annotated[int, typer.Argument(min=1, help="The log entry's id (marsad curate log).")],
    who: WhoOption = "",
    db: DbOption = None,
) -> None:
    """Undo a logged action (the newest one on its entity and kind of action first)."""
    store = existing_store(db)
    try:
        _print(store.curate_undo(entry, who or _default_who()))
    finally:
        store.close()


@curate_app.command()
def log(
    entity: Annotated[
        str | None, typer.Option("--entity", help="Only actions on or into this entity id.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 100,
    format: Annotated[SearchFormat, typer.Option("--format", "-f")] = SearchFormat.table,
    db: DbOption = None,
) -> None:
    """The curation log, newest first: id, when, who, action, entity, target, undone."""
    store = existing_store(db)
    try:
        entries = store.curation_log(entity=entity, limit=limit)
    finally:
        store.close()
    if format is SearchFormat.json:
        sys.stdout.write(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1) + "\n")
    for e in entries if format is SearchFormat.table else []:
        undone = f"undone {e.undone_at} by {e.undone_by}" if e.undone_at else ""
        sys.stdout.write(
            "\t".join([str(e.id), e.at, e.who, e.action, e.entity, e.target or "-", undone]) + "\n"
        )
    sys.stderr.write(f"{len(entries)} entries\n")
