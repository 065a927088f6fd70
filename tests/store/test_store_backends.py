"""The store suite: every test runs on SQLite and, when MARSAD_TEST_PG is set, on PostgreSQL.

Start a throwaway server with `export MARSAD_TEST_PG="$(scripts/start-test-postgres.sh)"`.
Articles are built by hand so the suite needs neither the extractor nor ../shared/data.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.config import SETTINGS, Settings
from marsad.model import (
    Article,
    Block,
    Byline,
    Claim,
    Entity,
    Event,
    IndexTerms,
    Label,
    Mention,
    Page,
    Rejection,
    Source,
    SourceRef,
)
from marsad.pipeline import Pipeline
from marsad.store import InputProgress, SearchQuery, Store, open_store
from marsad.store.query import QueryError
from marsad.store.terms import index_step, rule_id, term_rule
from settings_override import override_store_settings
from testpaths import backend_params, open_backend


@pytest.fixture(params=backend_params())
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_backend(request.param, tmp_path)


def make_article(
    n: int,
    title: str,
    paragraphs: list[str],
    *,
    outlet: str | None = "وكالة الأنباء",
    outlet_latin: str | None = "News Agency",
    published: str | None = "2023-09-10",
    language: str = "ar",
    entities: list[Entity] | None = None,
    claims: list[Claim] | None = None,
) -> Article:
    blocks = [Block(0, title, Label.TITLE, line=1)]
    blocks += [Block(i + 1, p, Label.PARAGRAPH, line=i + 2) for i, p in enumerate(paragraphs)]
    blocks.append(Block(len(blocks), "اشترك في النشرة البريدية", Label.CHROME, reason="navigation"))
    text = "\n".join(b.text for b in blocks)
    return Article(
        source=Source(path=f"/in/{n}.txt", format="text"),
        page=Page(Source(path=f"/in/{n}.txt"), text=text),
        title=title,
        blocks=blocks,
        language=language,
        published=published,
        byline=Byline(raw=outlet or "", outlet=outlet, outlet_latin=outlet_latin) if outlet else None,
        entities=entities or [],
        claims=claims or [],
    )


def person(local: str, name: str, latin: str | None, block: int, text: str, surface: str) -> Entity:
    start = text.index(surface)
    return Entity(
        local, "PERSON", name, latin, mentions=[Mention(surface, start, start + len(surface), block)]
    )


P1 = "التقى الرئيس الروسي وبوتين بالزعيم الكوري في موسكو أمس."
P2 = "وقالت الوكالة إن اوكرانيا تتعرض لهجوم جديد في الشمال."
P3 = "أعلنت الحكومة الكوريةُ الشماليه عن اتفاق جديد مع روسيا."
P4 = "The Kremlin said Putin met officials in Moscow."


@pytest.fixture
def filled(store: Store) -> Store:
    a1 = make_article(
        1,
        "قمة في موسكو",
        [P1],
        entities=[person("e1", "فلاديمير بوتين", "Vladimir Putin", 1, P1, "وبوتين")],
        claims=[
            Claim(P1, 1, 0, len(P1), "reported", [SourceRef("الكرملين", "organization", latin="Kremlin")])
        ],
    )
    a2 = make_article(2, "أخبار أوكرانيا", [P2], published="2023-10-02")
    a3 = make_article(
        3,
        "اتفاق جديد",
        [P3],
        outlet="صحيفة الشرق",
        outlet_latin=None,
        published="2024-01-05",
        entities=[
            Entity(
                "x",
                "LOCATION",
                "روسيا",
                "Russia",
                mentions=[Mention("روسيا", P3.index("روسيا"), P3.index("روسيا") + 5, 1)],
            )
        ],
    )
    a4 = make_article(
        4,
        "Kremlin statement",
        [P4],
        outlet="Wire",
        outlet_latin="Wire",
        language="en",
        published=None,
        entities=[person("p", "بوتين", "Vladimir Putin", 1, P4, "Putin")],
    )
    for a in (a1, a2, a3, a4):
        assert store.put(a).status == "stored"
    return store


def ids_for(store: Store, **kw: object) -> list[str]:
    res = store.search(SearchQuery(**kw))  # type: ignore[arg-type]
    return [h.title or "" for h in res.hits]


def test_put_is_idempotent_by_content_hash(store: Store) -> None:
    a = make_article(1, "عنوان", ["نص المقال الأول هنا."])
    first = store.put(a)
    again = store.put(make_article(99, "عنوان", ["نص المقال الأول هنا."]))  # same page, other path
    assert first.status == "stored"
    assert again == type(first)(first.id, "present")
    assert store.stats().articles == 1
    assert a.content_hash is not None and store.has_hash(a.content_hash)
    assert not store.has_hash("0" * 64)


def test_get_rebuilds_the_article_as_found(store: Store) -> None:
    hostile = '<script>alert(1)</script> <a href="javascript:x" onclick="y">‮رابط</a> تـــطويل وبُوتِين'
    a = make_article(5, "عنوان <b>", [hostile])
    res = store.put(a)
    got = store.get(res.id)
    assert got is not None
    assert got.title == "عنوان <b>"
    assert got.paragraphs[0].text == hostile  # stored exactly as found, not normalised or escaped
    assert got.chrome[0].reason == "navigation"
    assert got.to_dict()["blocks"] == a.to_dict()["blocks"]
    assert store.get("nope") is None


def test_hostile_text_is_escaped_in_snippets(store: Store) -> None:
    store.put(make_article(6, "عنوان", ['<script>alert("وبوتين")</script> ‮onerror=x بوتين']))
    hit = store.search(SearchQuery("بوتين")).hits[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "\u202e" not in hit.snippet
    assert "<mark>بوتين</mark>" in hit.snippet


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("بوتين", "قمة في موسكو"),  # text has وبوتين
        ("لبوتين", "قمة في موسكو"),  # another clitic on the query side
        ("وبوتين", "قمة في موسكو"),
        ("بُوتِين", "قمة في موسكو"),  # diacritics
        ("بـــوتين", "قمة في موسكو"),  # tatweel
        ("أوكرانيا", "أخبار أوكرانيا"),  # text has اوكرانيا, title أوكرانيا
        ("اوكرانيا", "أخبار أوكرانيا"),
        ("الشمالية", "اتفاق جديد"),  # text has الشماليه
        ("الكورية", "اتفاق جديد"),  # text has الكوريةُ (with damma)
        ("وموسكو", "قمة في موسكو"),
        ("kremlin", "Kremlin statement"),  # Latin, case-folded
    ],
)
def test_search_normalises_query_like_index(filled: Store, query: str, title: str) -> None:
    assert title in ids_for(filled, text=query)


def test_latin_query_finds_arabic_text_through_entities(filled: Store) -> None:
    assert sorted(ids_for(filled, text="Putin")) == ["Kremlin statement", "قمة في موسكو"]
    assert ids_for(filled, text="putin موسكو") == ["قمة في موسكو"]
    assert ids_for(filled, text="Vladimir") == []  # aligned with فلاديمير, which no article contains


def test_search_requires_every_query_word(filled: Store) -> None:
    assert ids_for(filled, text="بوتين موسكو") == ["قمة في موسكو"]
    assert ids_for(filled, text="بوتين اوكرانيا") == []
    # Only punctuation: a clear error now, not a silent empty list (issue 13.3, store.query).
    with pytest.raises(QueryError, match="nothing to search for"):
        ids_for(filled, text="!!! ؟")


def test_hit_fields_and_snippet_marks_original_words(filled: Store) -> None:
    res = filled.search(SearchQuery("بوتين"))
    assert res.total == 1
    h = res.hits[0]
    assert h.outlet == "وكالة الأنباء" and h.published == "2023-09-10" and len(h.id) == 16
    assert "<mark>وبوتين</mark>" in h.snippet  # the word as written, clitic included
    assert h.score > 0
    assert set(h.to_dict()) == {
        "id", "title", "outlet", "published", "snippet", "score", "story", "reprints", "reprint_outlets"
    }  # fmt: skip


def test_title_match_ranks_first(store: Store) -> None:
    store.put(make_article(1, "اتفاق", ["حديث عن الطاقة ومصادرها هنا وهناك."]))
    store.put(make_article(2, "الطاقة", ["حديث عن الاتفاق ومصادره هنا وهناك."]))
    assert ids_for(store, text="الطاقة")[0] == "الطاقة"


def test_entity_filter_matches_either_script(filled: Store) -> None:
    for name in ("بوتين", "Putin", "vladimir putin", "فلاديمير بوتين", "لبوتين"):
        titles = ids_for(filled, entity=name)
        assert sorted(titles) == ["Kremlin statement", "قمة في موسكو"], name
    assert ids_for(filled, text="موسكو", entity="Putin") == ["قمة في موسكو"]
    assert ids_for(filled, entity="Russia") == ["اتفاق جديد"]
    assert ids_for(filled, entity="شخص مجهول") == []


def test_entities_are_merged_across_articles(filled: Store) -> None:
    people = [e for e in filled.entities() if e.type == "PERSON"]
    assert len(people) == 1
    rec = filled.entity(people[0].id)
    assert rec is not None
    assert rec.articles == 2 and rec.latin == "Vladimir Putin"
    assert set(rec.names) == {"وبوتين", "Putin"}
    assert rec.timeline == [("2023-09", 1)]  # the undated article is left out
    assert [s.name for s in rec.sources] == ["الكرملين"]
    assert rec.claims[0].source_chain[0]["latin"] == "Kremlin"
    assert filled.entity("missing") is None
    assert [e.name for e in filled.entities(q="روسيا")] == ["روسيا"]
    assert [e.name for e in filled.entities(q="putin")] == ["فلاديمير بوتين"]


def test_co_mentioned_entities(store: Store) -> None:
    text = "التقى بوتين وأردوغان في أنقرة."
    a = make_article(
        1,
        "لقاء",
        [text],
        entities=[
            person("a", "بوتين", "Putin", 1, text, "بوتين"),
            person("b", "أردوغان", "Erdogan", 1, text, "وأردوغان"),
        ],
    )
    store.put(a)
    pid = store.resolve_entity("Putin")[0]
    rec = store.entity(pid)
    assert rec is not None and [c.latin for c in rec.co_mentioned] == ["Erdogan"]


def test_outlet_date_and_language_filters(filled: Store) -> None:
    assert sorted(ids_for(filled, outlet="news agency")) == ["أخبار أوكرانيا", "قمة في موسكو"]
    assert sorted(ids_for(filled, outlet="وكاله الانباء")) == ["أخبار أوكرانيا", "قمة في موسكو"]
    assert ids_for(filled, outlet="صحيفة الشرق") == ["اتفاق جديد"]
    assert ids_for(filled, since="2023-10-01", until="2023-12-31") == ["أخبار أوكرانيا"]
    assert ids_for(filled, since="2023-09", until="2023-09") == ["قمة في موسكو"]
    assert ids_for(filled, lang="en") == ["Kremlin statement"]


def test_empty_query_lists_newest_first_and_paginates(filled: Store) -> None:
    res = filled.search(SearchQuery("", limit=2))
    assert res.total == 4
    assert [h.title for h in res.hits] == ["اتفاق جديد", "أخبار أوكرانيا"]
    page2 = filled.search(SearchQuery("", offset=2, limit=2))
    assert [h.title for h in page2.hits] == ["قمة في موسكو", "Kremlin statement"]
    listing = filled.list_articles(offset=1, limit=1)
    assert listing.total == 4 and [i.title for i in listing.items] == ["أخبار أوكرانيا"]


def test_facets(filled: Store) -> None:
    f = filled.facets(SearchQuery(""))
    assert {c.value: c.count for c in f["outlet"]} == {"وكالة الأنباء": 2, "صحيفة الشرق": 1, "Wire": 1}
    assert {c.value: c.count for c in f["date"]} == {"2023-09": 1, "2023-10": 1, "2024-01": 1}
    assert {c.value: c.count for c in f["language"]} == {"ar": 3, "en": 1}
    assert f["entity"][0].count == 2 and "Vladimir Putin" in f["entity"][0].label
    only = filled.facets(SearchQuery("اوكرانيا"))
    assert [c.value for c in only["outlet"]] == ["وكالة الأنباء"] and only["entity"] == []


def test_stats_and_iteration(filled: Store) -> None:
    st = filled.stats()
    assert (st.articles, st.entities, st.mentions, st.claims, st.outlets) == (4, 2, 3, 1, 3)
    assert st.languages == {"ar": 3, "en": 1}
    assert sorted(a.title or "" for a in filled.iter_articles()) == sorted(
        ["قمة في موسكو", "أخبار أوكرانيا", "اتفاق جديد", "Kremlin statement"]
    )


def test_events_are_stored(store: Store) -> None:
    a = make_article(1, "اجتماع", ["اجتمع الوزيران في القاهرة."])
    a.events = [Event("CONSULT", "اجتمع الوزيران", "اجتمع", 1, actors=["الوزيران"], location="القاهرة")]
    res = store.put(a)
    assert store.stats().events == 1
    got = store.get(res.id)
    assert got is not None and got.events[0].location == "القاهرة"


def test_quarantine_is_kept_replaced_and_cleared(store: Store) -> None:
    q1 = store.quarantine(Source(path="/in/bad.bin"), Rejection("read", "binary file"))
    store.quarantine(Source(path="/in/feed.jsonl", record=3), Rejection("extract", "no text"))
    store.quarantine(Source(path="/in/bad.bin"), Rejection("read", "still binary"))  # replaces
    items = store.list_quarantine()
    assert [(i.path, i.record, i.reason) for i in items] == [
        ("/in/feed.jsonl", 3, "no text"),
        ("/in/bad.bin", None, "still binary"),
    ]
    assert not store.clear_quarantine(q1)  # replaced entry is gone already
    assert store.clear_quarantine(items[0].id)
    assert len(store.list_quarantine()) == 1
    assert store.stats().quarantined == 1


def test_write_puts_progress_and_quarantine_in_the_same_transaction(store: Store) -> None:
    res = store.write(
        [make_article(1, "أ", ["نص أول."]), make_article(2, "ب", ["نص ثان."])],
        rejected=[(Source(path="/in/x", record=2), Rejection("extract", "empty"))],
        progress=InputProgress("k", 3, False),
    )
    assert [r.status for r in res] == ["stored", "stored"]
    assert store.get_progress("k") == InputProgress("k", 3, False)
    store.set_progress("k", 5, True)
    assert store.get_progress("k") == InputProgress("k", 5, True)
    assert store.get_progress("other") is None
    assert len(store.list_quarantine()) == 1


def test_reopen_keeps_data_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "re.db"
    s = open_store(path)
    s.put(make_article(1, "عنوان", ["نص."]))
    s.close()
    s2 = open_store(str(path))
    assert s2.stats().articles == 1
    s2.close()
    s3 = open_store(f"sqlite:///{path}")
    assert s3.stats().articles == 1
    s3.close()


def test_common_words_go_newest_first_and_totals_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    s = open_store(tmp_path / "c.db")
    for i, title in enumerate(["الطاقة الطاقة الطاقة", "الطاقة", "خبر عن الطاقة"]):
        s.put(make_article(i, title, [f"نص {i} عن الطاقة."]))
    assert ids_for(s, text="الطاقة")[0] == "الطاقة الطاقة الطاقة"  # bm25: most occurrences first
    override_store_settings(monkeypatch, s, sqlite_rank_max=2)  # now every match count is "very common"
    assert ids_for(s, text="الطاقة") == ["خبر عن الطاقة", "الطاقة", "الطاقة الطاقة الطاقة"]
    override_store_settings(monkeypatch, s, search_total_cap=2)
    res = s.search(SearchQuery("الطاقة", limit=1))
    assert (res.total, res.total_capped) == (2, True)
    s.close()


def test_unopenable_sqlite_path_is_a_store_error(tmp_path: Path) -> None:
    from marsad.errors import StoreError
    from marsad.store.open import open_store

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot open the SQLite store"):
        open_store(str(blocker / "sub" / "marsad.db"))


# --- filtered search: the facet-term path must give what the SQL predicates alone give ----------
_OUTLETS = [("وكالة الأنباء", "News Agency"), ("صحيفة الشرق", None), ("BBC 3", "BBC 3"), ("Wire", "Wire")]
_DAYS = [
    "2014-12-31", "2015-01-01", "2015-06-15", "2016-02-29", "2016-05-01", "2016-05-31T23:00:00",
    "2016-06-01", "2016-12-31", "2017-01-10", "2017-12-31", "2018-01-01", "2016-13-01", "2016", None,
]  # fmt: skip
_FILTERS: list[dict[str, str]] = [
    {"outlet": "BBC 3"},
    {"outlet": "وكاله الانباء"},
    {"outlet": "news agency", "lang": "ar"},
    {"outlet": "no such outlet"},
    {"since": "2015-01-01", "until": "2017-12-31"},
    {"since": "2016-05-01", "until": "2016-05-31"},
    {"since": "2016-05-02", "until": "2017-01-10"},
    {"since": "2016", "until": "2016"},
    {"since": "2016-05", "until": "2016-06"},
    {"since": "2017-01-01", "until": "2015-01-01"},
    {"since": "2016-01-01"},
    {"until": "2015-06-15"},
    {"since": "1900-01-01", "until": "2100-12-31"},
    {"since": "2016-1", "until": "2016-12-31"},
    {"lang": "en"},
    {"outlet": "BBC 3", "since": "2015-01-01", "until": "2017-12-31", "lang": "ar"},
    {"entity": "Salem al-Harbi"},
    {"entity": "الحربي"},
    {"entity": "دمشق", "outlet": "BBC 3"},
    {"entity": "Damascus", "since": "2016-01-01", "until": "2016-12-31"},
    {"entity": "شخص مجهول"},
]


def _keeps(
    flt: dict[str, str],
    outlet: str | None,
    published: str | None,
    lang: str | None,
    entities: frozenset[str] = frozenset(),
) -> bool:
    """The filter's meaning, written independently of the store."""
    wanted = {"BBC 3": {"BBC 3"}, "وكاله الانباء": {"وكالة الأنباء"}, "news agency": {"وكالة الأنباء"}}
    if "outlet" in flt and outlet not in wanted.get(flt["outlet"], set()):
        return False
    named = {"Salem al-Harbi": "salem", "الحربي": "salem", "دمشق": "damascus", "Damascus": "damascus"}
    if "entity" in flt and named.get(flt["entity"]) not in entities:
        return False
    day = published[:10] if published else None
    if "since" in flt and (day is None or day < flt["since"][:10]):
        return False
    if "until" in flt and (day is None or day > flt["until"][:10] + "~"):
        return False
    return not ("lang" in flt and lang != flt["lang"])


def _varied(store: Store) -> dict[str, tuple[str | None, str | None, str, frozenset[str]]]:
    """Articles over several outlets, days, languages and entities;
    id → (outlet, published, language, entities)."""
    words = ["الاقتصاد", "تقرير", "والاقتصاد", "السوق", "النفط"]
    out: dict[str, tuple[str | None, str | None, str, frozenset[str]]] = {}
    for i in range(84):
        name, latin = _OUTLETS[i % len(_OUTLETS)]
        day, lang = _DAYS[i % len(_DAYS)], "en" if i % 5 == 0 else "ar"
        text = " ".join(words[(i + k) % len(words)] for k in range(1 + i % 4)) + f" رقم {i}"
        entities, named = [], set()
        if i % 3 == 0:
            text += " قال سالم الحربي"
            entities.append(person("s", "سالم الحربي", "Salem al-Harbi", 1, text, "سالم الحربي"))
            named.add("salem")
        if i % 4 == 1:
            text += " في دمشق"
            at = text.index("دمشق")
            entities.append(
                Entity("d", "LOCATION", "دمشق", "Damascus", mentions=[Mention("دمشق", at, at + 4, 1)])
            )
            named.add("damascus")
        a = make_article(1000 + i, f"خبر {i}", [text + "."], outlet=name if i % 11 else None,
                         outlet_latin=latin, published=day, language=lang, entities=entities)  # fmt: skip
        r = store.put(a)
        assert r.status == "stored"
        out[r.id] = (name if i % 11 else None, day, lang, frozenset(named))
    return out


@pytest.mark.parametrize("ranked", [True, False])
def test_filtered_search_equals_unfiltered_search_filtered(
    store: Store, ranked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:

    if not ranked:  # every query word counts as very common: newest first
        override_store_settings(monkeypatch, store, sqlite_rank_max=0)
        monkeypatch.setattr(type(store), "_estimate", lambda self, groups: 10**9)
    meta = _varied(store)
    for text in ["الاقتصاد", "تقرير السوق", "النفط", "رقم"]:
        full = store.search(SearchQuery(text, limit=1000)).hits
        assert full
        for flt in _FILTERS:
            got = store.search(SearchQuery(text, limit=1000, **flt))  # type: ignore[arg-type]
            want = [h for h in full if _keeps(flt, *meta[h.id])]
            assert [h.id for h in got.hits] == [h.id for h in want], (text, flt)
            assert [h.score for h in got.hits] == pytest.approx([h.score for h in want]), (text, flt)
            assert got.total == len(want)
    assert any(_keeps(f, *m) for f in _FILTERS[:3] for m in meta.values())
    salem = sum(_keeps({"entity": "Salem al-Harbi"}, *m) for m in meta.values())
    assert 0 < salem < len(meta)


def _facet_count(store: Store, entity_id: str) -> int:
    """Articles whose full-text row holds the entity's facet term, read from the index itself."""
    from marsad.store.sqlbase import SQLStore
    from marsad.store.terms import entity_facet

    assert isinstance(store, SQLStore)
    term = entity_facet(entity_id)
    if store.backend == "sqlite":
        row = store._exec("SELECT doc FROM article_vocab WHERE term = ?", (term,)).fetchone()
        return int(row[0]) if row else 0
    sql = "SELECT count(*) FROM articles WHERE tsv @@ CAST(? AS tsquery)"
    return int(store._exec(sql, (f"'{term}'",)).fetchone()[0])


def test_entity_filter_narrows_through_the_full_text_index(store: Store) -> None:
    """Each article's canonical entity ids are facet terms of its full-text row, and a filtered
    search puts them in the full-text condition (not only in the SQL one)."""
    from marsad.store.base import ArticleFilter
    from marsad.store.sqlbase import SQLStore
    from marsad.store.terms import entity_facet

    meta = _varied(store)
    [salem] = store.resolve_entity("Salem al-Harbi")
    assert _facet_count(store, salem) == sum("salem" in m[3] for m in meta.values()) > 0
    assert isinstance(store, SQLStore)
    if store.backend == "sqlite":
        groups = store._facet_groups(ArticleFilter(entity="الحربي", outlet="BBC 3"))  # type: ignore[attr-defined]
        assert groups == [frozenset({entity_facet(salem)})]  # the entity's group comes first
    else:
        plan = store._matching(SearchQuery("الاقتصاد", entity="الحربي"))
        assert plan is not None and "a.tsv @@ CAST(? AS tsquery)" in plan.sql
        assert f"('{entity_facet(salem)}')" in plan.params


def test_facets_are_added_to_a_store_written_without_them(store: Store) -> None:
    """Migration 8 (SQLite: entities) / 9 (PostgreSQL: dates and entities) gives an older store's
    rows their facet terms: it then answers every filtered search as it did when written with them."""
    from marsad.store.sqlbase import SQLStore

    meta = _varied(store)
    [salem] = store.resolve_entity("Salem al-Harbi")
    queries = [SearchQuery(t, limit=100, **flt) for t in ("الاقتصاد", "تقرير السوق") for flt in _FILTERS]  # type: ignore[arg-type]
    before = [store.search(q) for q in queries]
    assert isinstance(store, SQLStore)
    if store.backend == "sqlite":
        store._exec("INSERT INTO article_fts (article_fts) VALUES ('delete-all')")
        store._exec("DELETE FROM schema_version WHERE version >= 8")
    else:  # the tsvectors as migration 8 left them: no facet lexemes
        store._exec(
            "UPDATE articles SET tsv = ts_delete(tsv, (SELECT array_agg(l) FROM (SELECT DISTINCT"
            " unnest(tsvector_to_array(tsv)) AS l FROM articles) x WHERE l LIKE chr(57344) || '%'))"
        )
        store._exec("DELETE FROM schema_version WHERE version >= 9")
    assert _facet_count(store, salem) == 0
    store._migrate()  # type: ignore[attr-defined]
    assert _facet_count(store, salem) == sum("salem" in m[3] for m in meta.values())
    assert [store.search(q) for q in queries] == before


def test_facet_terms_path_equals_sql_predicate_path(tmp_path: Path) -> None:
    from marsad.store.sqlite import SQLiteStore

    s = SQLiteStore(tmp_path / "f.db", settings=SETTINGS)
    _varied(s)
    for text in ["الاقتصاد", "تقرير السوق", "والنفط", ""]:
        for flt in _FILTERS:
            for limit, offset in [(10, 0), (5, 3), (1000, 0)]:
                q = SearchQuery(text, limit=limit, offset=offset, **flt)  # type: ignore[arg-type]
                s.use_facets = True
                new, new_facets = s.search(q), s.facets(q)
                s.use_facets = False
                assert new == s.search(q), (text, flt)
                assert new_facets == s.facets(q)
    s.close()


def test_old_store_gets_its_full_text_rows_rebuilt(tmp_path: Path) -> None:
    """A store written before facet terms (schema 2) is migrated on open: same results."""
    import json
    import sqlite3

    from marsad.store.records import article_rows
    from marsad.store.sqlite import SQLiteStore

    fresh = SQLiteStore(tmp_path / "fresh.db", settings=SETTINGS)
    _varied(fresh)
    path = tmp_path / "old.db"
    old = SQLiteStore(path, settings=SETTINGS)
    _varied(old)
    old.close()
    conn = sqlite3.connect(path)  # turn it back into a schema-2 store, as version 2 wrote it
    conn.executescript(
        "DROP TABLE article_vocab; DROP TABLE article_fts;"
        " CREATE VIRTUAL TABLE article_fts USING fts5(title, body, content='',"
        " tokenize = \"unicode61 remove_diacritics 0 categories 'L* N* M* Co'\");"
        " CREATE VIRTUAL TABLE article_vocab USING fts5vocab(article_fts, row);"
        " DELETE FROM schema_version WHERE version >= 3;"
        # and without the corpus tables and columns of migration 4
        " DROP INDEX articles_text_hash; DROP INDEX articles_duplicate_of; DROP INDEX articles_story;"
        " DROP INDEX articles_outlet_story;"  # and of migration 6 (stories_list goes with stories)
        " DROP TABLE corpus_prints; DROP TABLE lsh_bands; DROP TABLE story_terms; DROP TABLE story_merges;"
        " DROP TABLE stories;"
        + "".join(
            f" ALTER TABLE articles DROP COLUMN {c};"
            for c in ("source_id", "fetched", "text_hash", "dup_kind", "story_note")
        )
        + " ALTER TABLE ingest_progress DROP COLUMN resume_offset;"
        + " ALTER TABLE ingest_progress DROP COLUMN resume_record;"
        # and without the ledger of migration 5
        + " DROP TABLE ingest_ledger; DROP TABLE ledger_inputs;"
        # and without the saved searches and curation tables of migration 7 (issue 13.5, 13.8)
        + " DROP TABLE saved_searches; DROP TABLE entity_overrides; DROP TABLE curation_log;"
        + " DROP TABLE curation_held;"
    )
    for rowid, js in conn.execute("SELECT rowid, json FROM articles").fetchall():
        r = article_rows(Article.from_dict(json.loads(js)), term_rule(SETTINGS))
        conn.execute(
            "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)", (rowid, r.fts_title, r.fts_body)
        )
    conn.commit()
    conn.close()
    migrated = SQLiteStore(path, settings=SETTINGS)
    assert migrated.conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] >= 3
    for text in ["الاقتصاد", "تقرير السوق"]:
        for flt in [{}, *_FILTERS]:
            q = SearchQuery(text, limit=20, **flt)  # type: ignore[arg-type]
            assert migrated.search(q) == fresh.search(q), (text, flt)
    migrated.close()
    fresh.close()


def test_listing_totals_stop_at_a_cap_past_the_page(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:

    for i in range(6):
        store.put(make_article(i, f"خبر رقم {i}", [f"نص الخبر {i} عن الطاقة."]))
    full = store.list_articles(limit=2)
    assert (full.total, full.total_capped) == (6, False) and "total_capped" not in full.to_dict()
    override_store_settings(monkeypatch, store, list_total_cap=1)
    page = store.list_articles(limit=2)  # counted up to 2 + 1, then "at least"
    assert (page.total, page.total_capped) == (3, True) and page.to_dict()["total_capped"] is True
    assert [i.id for i in page.items] == [i.id for i in full.items]
    later = store.list_articles(offset=4, limit=2)  # the cap moves with the page: no next page lost
    assert (later.total, later.total_capped) == (6, False)


def test_story_listing_order_and_capped_total(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.store.sqlbase import SQLStore

    assert isinstance(store, SQLStore)
    # (id, article_count, last_seen, merged_into): a NULL last day sorts after every day.
    rows = [
        ("sa", 2, "2023-01-05", None),
        ("sb", 5, None, None),
        ("sc", 5, "2023-01-01", None),
        ("sd", 2, "2023-01-09", None),
        ("se", 9, "2023-01-02", "sc"),  # merged: never listed
        ("sf", 2, "2023-01-05", None),
    ]
    for sid, n, last, into in rows:
        store._exec(
            "INSERT INTO stories (id, title, title_score, first_seen, last_seen, article_count, terms, entities,"
            " merged_into, index_terms) VALUES (?, ?, 0.0, ?, ?, ?, '{}', '{}', ?, '[]')",
            (sid, sid, last, last, n, into),
        )
    # Expected, by stable sorts: creation order, then last day descending (no day last), then count.
    live = [r for r in rows if r[3] is None]
    live.sort(key=lambda r: r[2] or "", reverse=True)  # reverse sorts keep ties in order
    live.sort(key=lambda r: r[1], reverse=True)
    expected = [r[0] for r in live]
    listing = store.stories(0, 20)
    assert [s.id for s in listing.stories] == expected == ["sc", "sb", "sd", "sa", "sf"]
    assert (listing.total, listing.total_capped) == (5, False)
    override_store_settings(monkeypatch, store, list_total_cap=1)
    first = store.stories(0, 2)
    assert [s.id for s in first.stories] == expected[:2]
    assert (first.total, first.total_capped) == (3, True)


# --- index terms: made by the index step where the page steps run, copied by the writer --------
def _indexed(a: Article, settings: Settings) -> Article:
    """`a` through the index step built from `settings`, as a worker runs it."""
    (out,) = list(Pipeline([index_step(settings)], initial=frozenset({"title", "blocks", "lede"})).run([a]))
    assert out.index_terms is not None
    return out


def test_the_writer_copies_index_terms_made_under_its_rule(store: Store) -> None:
    a = _indexed(make_article(1, "قمة في موسكو", [P1]), store.settings)
    assert a.index_terms is not None and a.index_terms.rule == rule_id(term_rule(store.settings))
    # Terms the writer would never make from this text: found only if it copies what it is given.
    a.index_terms = IndexTerms(a.index_terms.rule, a.index_terms.title, a.index_terms.body + "\nزنبق")
    store.put(a)
    assert ids_for(store, text="زنبق") == ["قمة في موسكو"]
    assert ids_for(store, text="بوتين") == ["قمة في موسكو"]


def test_index_terms_made_under_another_rule_are_made_again(store: Store) -> None:
    # Stems of 6 letters at least and a clitic split that needs a 1000:1 lexicon ratio: وبوتين
    # is indexed as itself only.
    other = store.settings.with_flags(search_min_stem=6, clitic_unknown_min_stem=6, clitic_ratio=1000.0)
    a = _indexed(make_article(1, "قمة في موسكو", [P1]), other)
    assert a.index_terms is not None and a.index_terms.rule != rule_id(term_rule(store.settings))
    assert "بوتين" not in a.index_terms.body.split()  # so the search below can only find the store's terms
    store.put(a)
    assert ids_for(store, text="بوتين") == ["قمة في موسكو"]
    # And the reverse: terms given under the other rule are not copied.
    b = make_article(2, "أخبار أوكرانيا", [P2])
    b.index_terms = IndexTerms(a.index_terms.rule, "", "زنبق")
    store.put(b)
    assert ids_for(store, text="زنبق") == []
    assert ids_for(store, text="اوكرانيا") == ["أخبار أوكرانيا"]
