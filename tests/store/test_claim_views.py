"""Claims and events queried from a real store (SQLite, and PostgreSQL when MARSAD_TEST_PG is set)
filled with the serve samples (hand-built and ingested down the real road) and a report on Putin.

Each filter is checked against what the article model says (the claims' own sentences, chains
and levels), not against counts written down by hand.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The sample articles live with the API tests; share them rather than copy them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "serve"))

from claims_samples import PUTIN_OUTLET, PUTIN_PUBLISHED, fill_claims
from serve_samples import filled_db

from marsad.store import Store, open_store
from marsad.store.claim_views import CERTAINTY_LEVELS, SORTS, ClaimQuery, ClaimRow, EventQuery
from testpaths import backend_params

RANK = {level: n for n, level in enumerate(CERTAINTY_LEVELS)}


@pytest.fixture(scope="module", params=backend_params())
def filled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, dict[str, str]]]:
    with filled_db(request.param, tmp_path_factory.mktemp("claims"), fill_claims) as (url, ids):
        store = open_store(url)
        try:
            yield store, ids
        finally:
            store.close()


@pytest.fixture
def store(filled: tuple[Store, dict[str, str]]) -> Store:
    return filled[0]


@pytest.fixture
def named(filled: tuple[Store, dict[str, str]]) -> dict[str, str]:
    """Sample name → article id (and `<name>_story` → story id)."""
    return dict(filled[1])


def every(store: Store, q: ClaimQuery) -> list[ClaimRow]:
    q.limit, q.offset = 100, 0
    out = store.query_claims(q)
    assert out.total == len(out.items)
    return out.items


def test_about_an_entity_in_either_script_means_its_sentence(store: Store, named: dict[str, str]) -> None:
    latin = every(store, ClaimQuery(entity="Putin"))
    arabic = every(store, ClaimQuery(entity="بوتين"))
    assert [c.id for c in latin] == [c.id for c in arabic] and latin
    assert all("بوتين" in c.text for c in latin)
    article = store.get(named["putin"])
    assert article is not None
    mentioning = [c.text for c in article.claims if "بوتين" in c.text]
    assert sorted(c.text for c in latin) == sorted(mentioning)  # the oil-price sentence is not about him


def test_unnamed_sources_least_certain_first(store: Store) -> None:
    rows = every(store, ClaimQuery(source_kind=("anonymous",), sort="certainty"))
    assert len(rows) >= 3
    assert all(any(s["kind"] == "anonymous" for s in c.chain) for c in rows)
    ranks = [RANK[c.certainty] for c in rows]
    assert ranks == sorted(ranks)
    most = every(store, ClaimQuery(source_kind=("anonymous",), sort="-certainty"))
    assert [RANK[c.certainty] for c in most] == sorted(ranks, reverse=True)
    putin = every(store, ClaimQuery(entity="Putin", source_kind=("anonymous",), sort="certainty"))
    assert [c.certainty for c in putin] == ["possible"]


def test_certainty_and_voice_partition_the_claims(store: Store) -> None:
    everything = every(store, ClaimQuery())
    reported = every(store, ClaimQuery(voice="reported"))
    asserted = every(store, ClaimQuery(voice="asserted"))
    assert all(c.chain for c in reported) and not any(c.chain for c in asserted)
    assert {c.id for c in reported} | {c.id for c in asserted} == {c.id for c in everything}
    doubt = every(store, ClaimQuery(certainty=("denied", "claimed")))
    assert doubt and {c.certainty for c in doubt} == {"denied", "claimed"}
    assert len(doubt) == sum(c.certainty in ("denied", "claimed") for c in everything)


def test_source_in_either_script_and_by_entity(store: Store) -> None:
    by_latin = every(store, ClaimQuery(source="Peskov"))
    by_name = every(store, ClaimQuery(source="بيسكوف"))
    assert [c.id for c in by_latin] == [c.id for c in by_name] and len(by_latin) == 1
    # `source` and `source_kind` hold for one link: Peskov is a person, not anonymous
    assert every(store, ClaimQuery(source="Peskov", source_kind=("anonymous",))) == []
    assert len(every(store, ClaimQuery(source="Peskov", source_kind=("person",)))) == 1


def test_outlet_story_and_dates(store: Store, named: dict[str, str]) -> None:
    by_outlet = every(store, ClaimQuery(outlet=PUTIN_OUTLET))
    assert by_outlet and {c.article for c in by_outlet} == {named["putin"]}
    story = every(store, ClaimQuery(story=named["fire_story"]))
    members = {named["fire_a"], named["fire_b"], named["fire_c"]}
    assert {c.article for c in story} == members  # the wire's reprint repeats fire_a: left out
    expected = sum(len(a.claims) for a in (store.get(i) for i in members) if a is not None)
    assert len(story) == expected
    day = every(store, ClaimQuery(since=PUTIN_PUBLISHED, until=PUTIN_PUBLISHED))
    assert {c.article for c in day} == {named["putin"]}
    assert every(store, ClaimQuery(story="s-no-such-story")) == []


def test_date_orders_and_pages(store: Store) -> None:
    for sort in ("-date", "date"):
        rows = every(store, ClaimQuery(sort=sort))
        days = [c.published[:10] for c in rows if c.published]
        assert days == sorted(days, reverse=sort == "-date")
        pages = [
            store.query_claims(ClaimQuery(sort=sort, offset=o, limit=7)).items for o in range(0, len(rows), 7)
        ]
        assert [c.id for p in pages for c in p] == [c.id for c in rows]
    with pytest.raises(ValueError, match="use one of"):
        store.query_claims(ClaimQuery(sort="random"))
    assert set(SORTS) == {"-date", "date", "certainty", "-certainty"}


def test_anchors_name_the_claim_on_its_article_page(store: Store) -> None:
    rows = every(store, ClaimQuery())
    assert rows
    for c in rows:
        article = store.get(c.article)
        assert article is not None
        index = int(c.anchor.removeprefix("claim-"))
        assert article.claims[index].text == c.text


def test_events_by_type_actor_target_place(store: Store) -> None:
    consult = store.query_events(EventQuery(type=("CONSULT",))).items
    assert consult and {e.type for e in consult} == {"CONSULT"}
    by_latin = store.query_events(EventQuery(actor="Putin")).items
    by_arabic = store.query_events(EventQuery(actor="بوتين")).items
    assert [e.id for e in by_latin] == [e.id for e in by_arabic]
    assert len(by_latin) == 2 and all("فلاديمير بوتين" in e.actors for e in by_latin)
    assert [e.type for e in store.query_events(EventQuery(target="Kyiv")).items] == ["ASSAULT"]
    assert [e.mode for e in store.query_events(EventQuery(place="الهند")).items] == ["visit"]
    possible = store.query_events(EventQuery(certainty=("possible",))).items
    assert [e.certainty for e in possible] == ["possible"]


def test_an_event_dated_by_its_text_files_under_that_day(store: Store, named: dict[str, str]) -> None:
    # published 2024-05-03; the meeting and the shelling say 2024-05-02; the visit a month only
    on_day = store.query_events(EventQuery(since="2024-05-02", until="2024-05-02")).items
    assert {e.type for e in on_day} == {"CONSULT", "ASSAULT"} and all(e.day == "2024-05-02" for e in on_day)
    later = store.query_events(EventQuery(since=PUTIN_PUBLISHED, until=PUTIN_PUBLISHED)).items
    assert [(e.mode, e.when_date, e.day) for e in later] == [("visit", "2024-06", PUTIN_PUBLISHED)]
    rows = store.query_events(EventQuery(sort="date", limit=100)).items
    days = [e.day for e in rows if e.day]
    assert days == sorted(days)


def test_event_anchors_point_at_their_sentence(store: Store) -> None:
    rows = store.query_events(EventQuery(actor="Putin")).items
    assert rows
    for e in rows:
        article = store.get(e.article)
        assert article is not None and e.anchor is not None
        assert article.claims[int(e.anchor.removeprefix("claim-"))].text == e.text
