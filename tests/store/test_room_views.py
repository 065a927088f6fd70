"""store/room_views.py on both backends: counts per day, outlets, trending entities.

The store holds the serve samples (three hand-built articles, then reports down the real ingest
road: a fire story of four articles with an exact reprint, two singletons). Expected counts are
checked against what the store's other readers say (search totals, story records, the articles'
own claims), not copied from the functions under test.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The samples live with the API tests; share them rather than copy them (as tests/web does).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "serve"))

from serve_samples import FIRE_OUTLETS, WIRE_OUTLET, filled_db, wheat_article

from marsad.store import SearchQuery, Store, open_store
from marsad.store.room_views import shift_day
from testpaths import backend_params


@pytest.fixture(params=backend_params())
def filled(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    with filled_db(request.param, tmp_path) as (url, ids):
        store = open_store(url)
        try:
            yield store, ids
        finally:
            store.close()


def test_counts_per_day_agree_with_search_and_story_records(filled: tuple[Store, dict[str, str]]) -> None:
    store, ids = filled
    fire = store.story(ids["fire_story"])
    assert fire is not None
    days = store.story_days([fire.id, "s-unknown"])
    assert days[fire.id] == fire.timeline and sum(n for _, n in days[fire.id]) == fire.article_count == 4
    assert days["s-unknown"] == []
    # a search's days add up to its total (one canonical article per text: the reprint is not)
    for query in (SearchQuery(text="حريق"), SearchQuery(), SearchQuery(outlet="الأفق")):
        found = store.search_days(query)
        assert sum(n for _, n in found) == store.search(query).total, query
        assert [d for d, _ in found] == sorted({d for d, _ in found})
    assert store.search_days(SearchQuery(text="كلمةلاتوجد")) == []
    # an entity's days count the canonical articles naming it
    for e in store.entities(limit=100):
        total = store.search(SearchQuery(entity=e.id, limit=100)).total
        assert sum(n for _, n in store.entity_days(e.id)) == total, e.name
    assert store.newest_day() == max(d for d, _ in store.search_days(SearchQuery()))


def test_outlets_list_every_outlet_and_an_outlet_page_its_profile(
    filled: tuple[Store, dict[str, str]],
) -> None:
    store, ids = filled
    outlets = {o.name: o for o in store.outlets()}
    assert set(FIRE_OUTLETS) | {WIRE_OUTLET} <= set(outlets)
    wire = outlets[WIRE_OUTLET]  # it only reprints: no canonical article, still listed
    assert (wire.articles, wire.reprints) == (0, 1)
    assert sum(o.articles for o in outlets.values()) == store.list_articles(limit=100).total
    counts = [o.articles for o in store.outlets()]
    assert counts == sorted(counts, reverse=True)

    afuq = store.outlet("الأفق")
    assert afuq is not None and afuq.articles == 2 and afuq.reprints == 0
    assert sum(n for _, n in afuq.days) == 2
    assert [s.id for s in afuq.stories] == [ids["fire_story"]]  # the match report is a singleton
    # the certainty profile counts the claims of its articles, as the articles hold them
    expected: dict[str, int] = {}
    for name in ("fire_a", "match"):
        article = store.get(ids[name])
        assert article is not None
        for c in article.claims:
            expected[c.certainty] = expected.get(c.certainty, 0) + 1
    assert afuq.certainty == expected
    assert afuq.entities and all(e.count >= 1 for e in afuq.entities)
    # a name in either script, as the outlet filter takes it; an unknown name is None
    latin = store.outlet("news agency")
    assert latin is not None and latin.name == "وكالة الأنباء" and latin.latin == "News Agency"
    assert store.outlet("لا يوجد مصدر بهذا الاسم") is None
    assert store.outlet(WIRE_OUTLET) is not None and store.outlet(WIRE_OUTLET).reprints == 1  # type: ignore[union-attr]


def test_trending_compares_the_last_days_with_the_days_before(filled: tuple[Store, dict[str, str]]) -> None:
    store, _ = filled
    newest = store.newest_day()
    assert newest == "2024-04-20"
    russia = store.resolve_entity("Russia")[0]
    # two more reports on Russia in the last week; it had one (04-12) in the week before
    for day, extra in (("2024-04-19", " تقرير أول."), ("2024-04-20", " تقرير ثان.")):
        a = wheat_article()
        a.published = day
        a.blocks[2].text += extra
        store.put(a)
    week = {t.id: t for t in store.trending(7)}
    assert (week[russia].recent, week[russia].previous, week[russia].change) == (2, 1, 1)
    assert all(t.recent > t.previous for t in week.values())
    fire_place = store.resolve_entity("الريحان")[0]
    assert fire_place not in week  # 3 articles on 04-08/09: the week before, not this one
    month = store.trending(30)
    assert fire_place in {t.id for t in month}
    changes = [t.change for t in month]
    assert changes == sorted(changes, reverse=True)
    assert len(store.trending(30, limit=2)) == 2 and store.trending(0) == []


def test_shift_day() -> None:
    assert shift_day("2024-03-01", -1) == "2024-02-29"
    assert shift_day("2024-12-31T10:00", 1) == "2025-01-01"
    assert shift_day("not a day", 1) is None
