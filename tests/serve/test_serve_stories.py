"""Stories and reprints over the API and the pages, on a store filled through the ingest road.

The samples (serve_samples.py): a port fire told by three outlets over two days, an exact reprint
of its first report by a wire, a football match and a municipal vote full of attack strings, each
a story of one; plus three hand-built articles stored without the corpus step (no story).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from page_tags import Tags
from serve_samples import (
    FIRE_OUTLETS,
    HOSTILE_OUTLET,
    RLO,
    STORY_RECORDS,
    WIRE_OUTLET,
    cooperation_article,
    fill_merged,
    filled_db,
)
from ui_labels import assert_one_language

from marsad.serve.app import create_app
from marsad.serve.views import build_story_view, recent_since
from marsad.store.base import SourceClaims, StoryClaim, StoryRecord
from marsad.store.open import open_store
from settings_override import override_app_settings
from testpaths import backend_params

FIRE_TITLES = {r["title"] for r in STORY_RECORDS if r["id"].startswith("fire")}


def story_ids(body: dict[str, object]) -> list[str]:
    stories = body["stories"]
    assert isinstance(stories, list)
    return [s["id"] for s in stories]


def section(html: str, start: str, end: str = "</section>") -> str:
    """The HTML from the first `start` to the next `end` (fails when `start` is absent)."""
    assert start in html, start
    return html.split(start, 1)[1].split(end, 1)[0]


# --- REST API ---------------------------------------------------------------------------------
def test_stories_biggest_first_with_their_fields(client: TestClient, ids: dict[str, str]) -> None:
    body = client.get("/api/stories").json()
    # the fire, the match and the vote; the hand-built articles never met the corpus step
    assert body["total"] == 3 and (body["offset"], body["limit"]) == (0, 20)
    assert story_ids(body)[0] == ids["fire_story"]
    assert set(story_ids(body)) == {ids["fire_story"], ids["match_story"], ids["vote_story"]}
    fire = body["stories"][0]
    assert {"id", "title", "article_count", "outlets", "first_seen", "last_seen", "entities"} <= set(fire)
    assert fire["article_count"] == 4  # three reports and the wire's reprint
    assert set(fire["outlets"]) == {*FIRE_OUTLETS, WIRE_OUTLET}
    assert (fire["first_seen"], fire["last_seen"]) == ("2024-04-08", "2024-04-09")
    assert fire["title"] in FIRE_TITLES
    assert [s["article_count"] for s in body["stories"]] == [4, 1, 1]
    # equal sizes: the most recent first (the vote, 04-11, before the match, 04-10)
    assert story_ids(body)[1:] == [ids["vote_story"], ids["match_story"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"min_articles": 2}, ["fire_story"]),
        ({"outlet": "المنارة"}, ["fire_story"]),
        ({"outlet": WIRE_OUTLET}, ["fire_story"]),  # the reprint's outlet covered it too
        ({"outlet": "الأفق"}, ["fire_story", "match_story"]),
        ({"since": "2024-04-10"}, ["vote_story", "match_story"]),
        ({"until": "2024-04-09"}, ["fire_story"]),
        ({"since": "2024-04-09", "until": "2024-04-10"}, ["fire_story", "match_story"]),
        ({"since": "2024-04-10", "min_articles": 2}, []),
        ({"entity": "خالد العمري"}, ["fire_story"]),
        ({"entity": "no such entity anywhere"}, []),
        ({"since": "", "outlet": " "}, ["fire_story", "vote_story", "match_story"]),  # blank = any
    ],
)
def test_story_filters(
    client: TestClient, ids: dict[str, str], params: dict[str, str | int], expected: list[str]
) -> None:
    body = client.get("/api/stories", params=params).json()
    assert story_ids(body) == [ids[k] for k in expected]
    assert body["total"] == len(expected)


def test_stories_page_without_overlap(client: TestClient, ids: dict[str, str]) -> None:
    pages = [client.get("/api/stories", params={"limit": 1, "offset": i}).json() for i in range(4)]
    assert [p["total"] for p in pages] == [3, 3, 3, 3]
    seen = [sid for p in pages for sid in story_ids(p)]
    assert seen == [ids["fire_story"], ids["vote_story"], ids["match_story"]]
    assert pages[3]["stories"] == []
    for bad in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"min_articles": 0}):
        r = client.get("/api/stories", params=bad)
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request", bad


def test_story_record(client: TestClient, ids: dict[str, str]) -> None:
    s = client.get(f"/api/stories/{ids['fire_story']}").json()
    assert s["id"] == ids["fire_story"] and s["title"] in FIRE_TITLES and s["merged"] == []
    assert s["article_count"] == 4
    assert {o["label"]: o["count"] for o in s["outlets"]} == dict.fromkeys([*FIRE_OUTLETS, WIRE_OUTLET], 1)
    assert s["timeline"] == [{"day": "2024-04-08", "count": 3}, {"day": "2024-04-09", "count": 1}]
    members = {a["id"]: a for a in s["articles"]}
    assert set(members) == {ids["fire_a"], ids["fire_b"], ids["fire_c"], ids["fire_wire"]}
    wire = members[ids["fire_wire"]]
    assert (wire["duplicate_of"], wire["dup_kind"], wire["outlet"]) == (ids["fire_a"], "exact", WIRE_OUTLET)
    assert members[ids["fire_a"]]["reprints"] == 1
    assert "خالد العمري" in {e["name"] for e in s["entities"]}
    # claims by source: each source's certainty counts add up to its claims; claims come from the
    # canonical articles only (a reprint repeats its original's claims word for word)
    assert s["sources"]
    for src in s["sources"]:
        assert sum(src["certainty"].values()) == len(src["claims"]) > 0
        assert {c["article"] for c in src["claims"]} <= {ids["fire_a"], ids["fire_b"], ids["fire_c"]}
    director = next(src for src in s["sources"] if "خالد العمري" in src["name"])
    assert {c["outlet"] for c in director["claims"]} == set(FIRE_OUTLETS)  # he spoke to all three


def test_unknown_story_is_a_json_404(client: TestClient) -> None:
    r = client.get("/api/stories/s-nope")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert err["code"] == "not_found" and "s-nope" in err["message"]


@pytest.fixture(params=backend_params())
def merged_client(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """An app over a store where a bridging report merged two stories."""
    with (
        filled_db(request.param, tmp_path, fill_merged) as (url, ids),
        TestClient(create_app(url, None)) as c,
    ):
        yield c, ids


def test_a_merged_story_id_answers_with_the_survivor(
    merged_client: tuple[TestClient, dict[str, str]],
) -> None:
    client, ids = merged_client
    assert ids["merged"] != ids["survivor"]
    r = client.get(f"/api/stories/{ids['merged']}")
    assert r.status_code == 200
    s = r.json()
    assert s["id"] == ids["survivor"] and s["merged"] == [ids["merged"]]
    assert s["article_count"] == 3
    assert {a["id"] for a in s["articles"]} == {ids["fire_a"], ids["fire_b"], ids["fire_c"]}
    assert client.get(f"/api/stories/{ids['survivor']}").json() == s
    assert story_ids(client.get("/api/stories").json()) == [ids["survivor"]]  # merged ones are not listed
    # the page of the merged id sends the reader to the survivor's page
    page = client.get(f"/stories/{ids['merged']}", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == f"/stories/{ids['survivor']}"
    html = client.get(f"/stories/{ids['merged']}").text
    assert ids["merged"] in section(html, 'class="muted merged"', "</p>")
    article = client.get(f"/articles/{ids['fire_b']}").text
    assert f'href="/stories/{ids["survivor"]}"' in section(article, '<section class="story">')


# --- pages ------------------------------------------------------------------------------------
def test_home_page_shows_the_biggest_recent_stories(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get("/").text
    top = section(html, '<section class="top-stories">', "</ol>")
    links = [a["href"] for a in Tags(top).find("a") if (a.get("href") or "").startswith("/stories/")]
    assert links == [f"/stories/{ids['fire_story']}"]  # single-article stories are not "big"
    assert "4 مقال" in top and WIRE_OUTLET in top
    assert 'href="/stories"' in top  # to every story
    # a search, a filter or a further page shows results only
    for params in ({"q": "حريق"}, {"outlet": "الأفق"}, {"offset": 20}):
        assert 'class="top-stories"' not in client.get("/", params=params).text, params


def test_the_home_page_stories_are_recent_ones(sample_db: tuple[str, dict[str, str]]) -> None:
    """'Recent' is relative to the newest article the store holds: a month later the fire is old."""
    store = open_store(sample_db[0])
    try:
        assert recent_since(store) == "2024-03-21"  # 30 days before the newest article (04-20)
        later = cooperation_article()
        later.published = "2024-05-25"
        later.blocks[2].text += " وبعد شهرين."
        store.put(later)
        assert recent_since(store) == "2024-04-25"
    finally:
        store.close()
    with TestClient(create_app(sample_db[0], None)) as c:
        html = c.get("/").text
    assert 'class="top-stories"' not in html and "/stories/" not in html.split('<ol class="hits">')[0]


def test_stories_page_lists_what_more_than_one_article_tells(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get("/stories").text
    links = [a["href"] for a in Tags(html).find("a", **{"class": "story-link"})]
    assert links == [f"/stories/{ids['fire_story']}"]
    assert Tags(html).find("input", name="min_articles", value="2")
    every = client.get("/stories", params={"min_articles": 1}).text
    links = [a["href"] for a in Tags(every).find("a", **{"class": "story-link"})]
    assert links == [f"/stories/{ids[k]}" for k in ("fire_story", "vote_story", "match_story")]
    by_outlet = client.get("/stories", params={"outlet": "الأفق", "min_articles": 1}).text
    assert Tags(by_outlet).find("input", name="outlet", value="الأفق")  # the filter stays in the form
    assert f"/stories/{ids['match_story']}" in by_outlet and f"/stories/{ids['vote_story']}" not in by_outlet
    none = client.get("/stories", params={"since": "2030-01-01"}).text
    assert "لا قصص." in none and '<p class="summary">لا قصص' in none  # the count in words: none


def test_stories_page_pages(client: TestClient, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    override_app_settings(monkeypatch, client.app, stories_per_page=2)
    first = Tags(client.get("/stories", params={"min_articles": 1}).text)
    nxt = first.find("a", rel="next")
    assert nxt and nxt[0]["href"] == "/stories?min_articles=1&offset=2" and not first.find("a", rel="prev")
    second = Tags(client.get(nxt[0]["href"] or "").text)
    assert [a["href"] for a in second.find("a", **{"class": "story-link"})] == [
        f"/stories/{ids['match_story']}"
    ]
    assert second.find("a", rel="prev") and not second.find("a", rel="next")


def test_story_page(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get(f"/stories/{ids['fire_story']}").text
    tags = Tags(html)
    assert tags.find("html", dir="rtl", lang="ar")
    # timeline: one row a day, scaled to the busiest
    timeline = section(html, '<section class="timeline">')
    assert "2024-04-08" in timeline and "2024-04-09" in timeline
    assert Tags(timeline).find("meter", max="3", value="3") and Tags(timeline).find(
        "meter", max="3", value="1"
    )
    # outlets and entities
    outlets = section(html, '<section class="outlets">')
    assert all(o in outlets for o in (*FIRE_OUTLETS, WIRE_OUTLET))
    entities = {
        e["name"]: e["id"] for e in client.get(f"/api/stories/{ids['fire_story']}").json()["entities"]
    }
    assert f'href="/entities/{entities["خالد العمري"]}"' in section(html, '<section class="entities">')
    # claims by source, each with its certainty
    claims = section(html, '<section class="claims-by-source">', '<section class="members">')
    director = next(s for s in claims.split('<section class="source">')[1:] if "خالد العمري" in s)
    assert "certainty-reported" in director and "منقول: 3" in director
    assert all(f'href="/articles/{ids[k]}"' in director for k in ("fire_a", "fire_b", "fire_c"))
    assert "certainty-denied" in claims  # the operator's denial
    # member articles, the reprint marked and pointing at its original
    members = section(html, '<section class="members">')
    assert all(f'href="/articles/{ids[k]}"' in members for k in ("fire_a", "fire_b", "fire_c", "fire_wire"))
    wire = section(members, '<li class="hit member reprint">', "</li>")
    assert WIRE_OUTLET in wire and "نسخة مطابقة" in wire and f'href="/articles/{ids["fire_a"]}"' in wire


def test_unknown_story_page_is_an_html_404(client: TestClient) -> None:
    r = client.get("/stories/s-nope")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "s-nope" in r.text


def test_article_page_links_its_story_and_its_reprints(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get(f"/articles/{ids['fire_a']}", params={"ui": "en"}).text  # English labels
    story = section(html, '<section class="story">')
    assert f'href="/stories/{ids["fire_story"]}"' in story
    assert f'href="/articles/{ids["fire_b"]}"' in story  # other reports of the story
    copies = section(html, '<section class="copies">')
    assert f'href="/articles/{ids["fire_wire"]}"' in copies and WIRE_OUTLET in copies
    assert "exact reprint" in copies
    # the reprint's page names its original, lists it among the copies and links the story too
    wire = client.get(f"/articles/{ids['fire_wire']}", params={"ui": "en"}).text
    assert f'href="/articles/{ids["fire_a"]}"' in section(wire, '<p class="reprint-of">', "</p>")
    assert "original" in section(wire, '<section class="copies">')
    assert f'href="/stories/{ids["fire_story"]}"' in section(wire, '<section class="story">')
    # an article without a story or copies shows neither
    plain = client.get(f"/articles/{ids['cooperation']}").text
    assert '<section class="story">' not in plain and '<section class="copies">' not in plain


def test_search_shows_one_canonical_article_also_in_other_outlets(
    client: TestClient, ids: dict[str, str]
) -> None:
    html = client.get("/", params={"q": "حريق", "ui": "en"}).text  # English labels
    tags = Tags(html)
    titles = [a["href"] or "" for t, a in tags.tags if t == "a" and (a.get("dir") == "auto")]
    assert sorted(titles) == sorted(f"/articles/{ids[k]}" for k in ("fire_a", "fire_b", "fire_c"))
    details = section(html, '<details class="reprints">', "</details>")
    assert "also in 1 outlet<" in details
    assert f'href="/articles/{ids["fire_wire"]}"' in details and WIRE_OUTLET in details
    # the box sits under the canonical article's hit, the only hit with copies
    assert html.count('<details class="reprints">') == 1
    hit = next(h for h in html.split('<li class="hit">')[1:] if '<details class="reprints">' in h)
    assert f'href="/articles/{ids["fire_a"]}"' in hit
    assert f'href="/stories/{ids["fire_story"]}"' in hit  # and the hit links its story


def test_hostile_text_on_story_pages_is_escaped_and_inert(client: TestClient, ids: dict[str, str]) -> None:
    for path in (
        f"/stories/{ids['vote_story']}",
        "/stories?min_articles=1",
        f"/articles/{ids['vote']}",
        "/?q=انتخابات",
    ):
        html = client.get(path).text
        tags = Tags(html)
        assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html, path
        assert [a for t, a in tags.tags if t == "script"] == [{"src": "/static/marsad.js", "defer": None}]
        assert not [(t, k) for t, a in tags.tags for k in a if k.startswith("on")], path
        # (the one image a search page holds is its own chart of results per day)
        images = [i for i in tags.find("img") if not (i.get("src") or "").startswith("/charts/search.svg?")]
        assert not images and not [a for t, a in tags.tags if a.get("id") == "injected-img"], path
        assert RLO not in html and "U+202E" in html, path
    story = client.get(f"/stories/{ids['vote_story']}").text
    assert "منفذ &lt;img src=x onerror=&#34;alert(1)&#34;" in section(story, '<section class="outlets">')
    assert HOSTILE_OUTLET not in story


def test_story_pages_show_their_labels_in_one_language(client: TestClient, ids: dict[str, str]) -> None:
    assert_one_language(client, "/stories", ("مقالات على الأقل", "تصفية"), ("Min. articles", "Filter"))
    assert_one_language(
        client, f"/stories/{ids['fire_story']}", ("من قال ماذا", "التسلسل الزمني", "منقول: 3", "نسخة مطابقة"),
        ("Claims by source", "Timeline", "reported: 3", "exact reprint"),
    )  # fmt: skip


def test_an_empty_store_renders_the_story_pages(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "empty.db"), None)) as c:
        r = c.get("/stories")
        assert r.status_code == 200 and "لا قصص" in r.text
        assert 'class="top-stories"' not in c.get("/").text
        assert c.get("/api/stories").json() == {"offset": 0, "limit": 20, "total": 0, "stories": []}


# --- the story view model ---------------------------------------------------------------------
def test_story_view_orders_certainty_and_counts_undated_members() -> None:
    claim = StoryClaim("نص", "denied", "a1", "الأفق", None, [{"name": "وزارة", "kind": "organization"},
                                                            {"name": "المتحدث", "kind": "person"}])  # fmt: skip
    record = StoryRecord(
        id="s1", title="t", article_count=3, outlets=[], first_seen="2024-01-01", last_seen="2024-01-02",
        entities=[], timeline=[("2024-01-01", 1), ("2024-01-02", 1)], articles=[],
        sources=[SourceClaims("المتحدث", "person", None, None, {"denied": 1, "reported": 2, "odd": 1}, [claim])],
    )  # fmt: skip
    view = build_story_view(record)
    assert view.sources[0].certainty == [("reported", 2), ("denied", 1), ("odd", 1)]
    assert view.sources[0].claims[0].chain_title == "وزارة ← المتحدث"
    assert (view.peak, view.undated) == (1, 1)
