"""Saved searches on both backends: kept parameters, "new since the last visit" counted with the
search's own SQL, visits moving the watermark, deletion."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "serve"))

from serve_samples import STORY_RECORDS, cooperation_article, ingest_records, wheat_article

from marsad.store import SearchQuery, Store
from testpaths import backend_params, open_backend


@pytest.fixture(params=backend_params())
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_backend(request.param, tmp_path)


def test_new_articles_are_counted_until_the_search_is_visited(store: Store) -> None:
    store.put(cooperation_article())
    russia = store.save_search("روسيا", SearchQuery(text="روسيا"))
    fires = store.save_search("حرائق", SearchQuery(text="حريق", outlet="الأفق"))
    assert [(s.name, s.new) for s in store.saved_searches()] == [("روسيا", 0), ("حرائق", 0)]

    store.put(wheat_article())  # names Russia
    ingest_records(store, STORY_RECORDS)  # one fire report from الأفق, others elsewhere
    counts = {s.name: s.new for s in store.saved_searches()}
    assert counts == {"روسيا": 1, "حرائق": 1}
    # The count is what the search itself lists among the articles added since.
    found = store.search(SearchQuery(text="حريق", outlet="الأفق"))
    assert found.total == 1

    assert store.mark_seen(russia.id)
    again = store.saved_search(russia.id)
    assert again is not None and again.new == 0 and again.seen_at is not None
    still = store.saved_search(fires.id)
    assert still is not None and still.new == 1


def test_parameters_are_kept_and_the_search_url_rebuilt(store: Store) -> None:
    saved = store.save_search("x", SearchQuery(text="القمح", since="2024-04", lang="ar", offset=40))
    got = store.saved_search(saved.id)
    assert got is not None
    assert got.params == {"q": "القمح", "since": "2024-04", "lang": "ar"}
    assert got.search_url == "/search?q=%D8%A7%D9%84%D9%82%D9%85%D8%AD&since=2024-04&lang=ar"
    assert got.query().text == "القمح" and got.query().offset == 0


def test_counts_stop_at_the_cap(store: Store) -> None:
    saved = store.save_search("all", SearchQuery())
    store.put(cooperation_article())
    store.put(wheat_article())
    capped = store.saved_search(saved.id, new_cap=1)
    assert capped is not None and (capped.new, capped.new_capped) == (1, True)
    whole = store.saved_search(saved.id)
    assert whole is not None and (whole.new, whole.new_capped) == (2, False)


def test_delete_and_unknown_ids(store: Store) -> None:
    saved = store.save_search("x", SearchQuery(text="a"))
    assert store.saved_count() == 1
    assert store.delete_saved(saved.id)
    assert not store.delete_saved(saved.id)
    assert store.saved_search(saved.id) is None
    assert not store.mark_seen(saved.id)
    assert store.saved_count() == 0
