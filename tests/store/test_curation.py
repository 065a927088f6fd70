"""Curation on both backends: merge, hide, rename — logged, undoable, and holding when the same
and new pages go down the ingest road again (enriched) after the correction."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "serve"))

from serve_samples import STORY_RECORDS, cooperation_article, jsonl, wheat_article

from marsad.config import SETTINGS
from marsad.read import read_bytes
from marsad.run.ingest import RecordResult, ingest_articles
from marsad.store import SearchQuery, Store
from marsad.store.curation import CurationError
from testpaths import backend_params, open_backend

FIRST = [r for r in STORY_RECORDS if r["id"] in ("fire_a", "match")]
REST = [r for r in STORY_RECORDS if r["id"] not in ("fire_a", "match")]


@pytest.fixture(params=backend_params())
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_backend(request.param, tmp_path)


def ingest(store: Store, records: list[dict[str, str]]) -> list[str]:
    """The records down the ingest road, enriched; their statuses."""
    results: list[RecordResult] = []
    ingest_articles(
        read_bytes(jsonl(records), settings=SETTINGS), store, enrich=True, on_result=results.append
    )
    return [r.status for r in results]


def entity_id(store: Store, name: str) -> str:
    found = [e.id for e in store.entities(limit=200) if e.name == name]
    assert len(found) == 1, (name, found)
    return found[0]


def listed(store: Store) -> set[str]:
    return {e.name for e in store.entities(limit=200)}


def test_corrections_hold_when_pages_are_ingested_and_enriched_again(store: Store) -> None:
    assert ingest(store, FIRST) == ["stored", "stored"]
    khalid = entity_id(store, "خالد العمري")
    port = entity_id(store, "الريحان")
    karim, youssef = entity_id(store, "كريم الحداد"), entity_id(store, "يوسف القاسم")
    store.curate_rename(khalid, None, "Khaled al-Omari", "editor")
    hide = store.curate_hide(port, "editor")
    merge = store.curate_merge(karim, youssef, "editor")

    # The same pages again (already present) and the rest of the story, new pages naming them.
    assert ingest(store, FIRST) == ["present", "present"]
    assert "stored" in ingest(store, REST)
    record = store.entity(khalid)
    assert record is not None and record.latin == "Khaled al-Omari" and record.articles == 4
    assert store.entity(port) is None and "الريحان" not in listed(store)
    assert store.search(SearchQuery(entity="الريحان")).total == 0
    survivor = store.entity(karim)
    assert survivor is not None and survivor.id == youssef and "كريم الحداد" in survivor.names
    assert "كريم الحداد" not in listed(store)

    # Undo gives back what the corrections took, the pages written after them included.
    store.curate_undo(hide.id, "chief")
    restored = store.entity(port)
    assert restored is not None and restored.articles == 4
    assert store.search(SearchQuery(entity=port)).total == 3  # the wire's reprint is not a hit
    store.curate_undo(merge.id, "chief")
    back = store.entity(karim)
    assert back is not None and back.id == karim and back.articles == 1
    kept = store.entity(youssef)
    assert kept is not None and "كريم الحداد" not in kept.names


def test_merge_moves_claims_and_undo_moves_them_back(store: Store) -> None:
    store.put(cooperation_article())
    store.put(wheat_article())
    russia, moscow = entity_id(store, "روسيا"), entity_id(store, "موسكو")
    before = store.entity(russia)
    assert before is not None and before.articles == 2 and len(before.claims) == 1
    entry = store.curate_merge(russia, moscow, "editor")
    merged = store.entity(moscow)
    assert merged is not None and merged.articles == 2 and len(merged.claims) == 1
    assert store.resolve_entity("Russia") == [moscow]
    assert store.search(SearchQuery(entity="روسيا")).total == 2
    # A word search filtered by the survivor finds the merged entity's articles too: their
    # full-text rows still name the merged id (entity facet terms), which the filter looks for.
    assert store.search(SearchQuery("القمح", entity=moscow)).total == 2
    store.curate_undo(entry.id, "editor")
    again = store.entity(moscow)
    assert again is not None and again.articles == 1 and again.claims == []
    assert store.resolve_entity("Russia") == [russia]
    assert store.search(SearchQuery("القمح", entity=moscow)).total == 1
    assert store.search(SearchQuery("القمح", entity=russia)).total == 2


def test_rename_sets_names_and_search_forms_and_undo_restores_them(store: Store) -> None:
    store.put(cooperation_article())
    cairo = entity_id(store, "القاهرة")
    first = store.curate_rename(cairo, "القاهرة الكبرى", "Greater Cairo", "a")
    second = store.curate_rename(cairo, None, "Al-Qahira", "b")
    record = store.entity(cairo)
    assert record is not None and (record.name, record.latin) == ("القاهرة الكبرى", "Al-Qahira")
    assert store.resolve_entity("Greater Cairo") == [cairo]
    with pytest.raises(CurationError, match=f"entry {second.id}") as err:
        store.curate_undo(first.id, "a")
    assert err.value.kind == "conflict"
    store.curate_undo(second.id, "a")
    store.curate_undo(first.id, "a")
    record = store.entity(cairo)
    assert record is not None and (record.name, record.latin) == ("القاهرة", "Cairo")
    assert store.resolve_entity("Greater Cairo") == []


def test_every_action_is_logged_with_who_and_when(store: Store) -> None:
    store.put(cooperation_article())
    cairo, moscow = entity_id(store, "القاهرة"), entity_id(store, "موسكو")
    merge = store.curate_merge(cairo, moscow, "layla")
    store.curate_undo(merge.id, "omar")
    log = store.curation_log()
    assert [(e.action, e.entity, e.target, e.who) for e in log] == [("merge", cairo, moscow, "layla")]
    assert log[0].undone_by == "omar" and log[0].undone_at is not None and log[0].at
    assert store.curation_log(entity=moscow) == log
    assert store.curation_log(entity="nobody") == []


def test_bad_requests_are_refused_with_a_reason(store: Store) -> None:
    store.put(cooperation_article())
    cairo, moscow = entity_id(store, "القاهرة"), entity_id(store, "موسكو")
    cases = [
        (lambda: store.curate_merge("nope", moscow, "x"), "not_found", "no entity"),
        (lambda: store.curate_merge(cairo, cairo, "x"), "invalid", "itself"),
        (lambda: store.curate_rename(cairo, " ", None, "x"), "invalid", "non-empty"),
        (lambda: store.curate_undo(999, "x"), "not_found", "no curation entry"),
    ]
    for call, kind, words in cases:
        with pytest.raises(CurationError, match=words) as err:
            call()
        assert err.value.kind == kind
    entry = store.curate_merge(cairo, moscow, "x")
    with pytest.raises(CurationError, match="merged into") as err:
        store.curate_merge(moscow, cairo, "x")  # the target is merged: no cycle
    with pytest.raises(CurationError, match="merged into"):
        store.curate_hide(cairo, "x")
    store.curate_undo(entry.id, "x")
    with pytest.raises(CurationError, match="was undone") as err:
        store.curate_undo(entry.id, "x")
    assert err.value.kind == "conflict"
    store.curate_hide(moscow, "x")
    with pytest.raises(CurationError, match="hidden"):
        store.curate_merge(cairo, moscow, "x")
