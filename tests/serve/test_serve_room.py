"""serve/room.py: the stories-first home page, the chart routes, outlets, compare, trending."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

from fastapi.testclient import TestClient
from page_tags import Tags
from serve_samples import FIRE_OUTLETS, HOSTILE_OUTLET, WIRE_OUTLET
from ui_labels import assert_one_language

from marsad.serve.app import create_app

SVG = "{http://www.w3.org/2000/svg}"


def section(html: str, start: str, end: str = "</section>") -> str:
    assert start in html, start
    return html.split(start, 1)[1].split(end, 1)[0]


def bars(svg: str) -> list[str]:
    """The per-bar titles ("day: count") of a chart, in order."""
    return [r.find(f"{SVG}title").text or "" for r in ET.fromstring(svg).iter(f"{SVG}rect")]  # type: ignore[union-attr]


def entity_id(client: TestClient, name: str) -> str:
    got = client.get("/api/entities", params={"q": name}).json()
    items = got["items"] if isinstance(got, dict) else got
    return str(items[0]["id"])


def test_home_lists_recent_stories_with_sparklines_and_trending(
    client: TestClient, ids: dict[str, str]
) -> None:
    html = client.get("/").text
    top = section(html, '<section class="top-stories">', "</ol>")
    assert [a["href"] for a in Tags(top).find("a", **{"class": "story-link"})] == [
        f"/stories/{ids['fire_story']}"
    ]
    spark = section(top, '<span class="spark">', "</span>")
    # the sparkline spans the home window (30 days up to 2024-04-20): 3 articles on 04-08, 1 on 04-09
    assert "2024-04-08: 3" in spark and "2024-04-09: 1" in spark and "2024-04-20: 0" in spark
    assert 'role="img"' in spark and "style=" not in html
    trending = section(html, '<section class="trending">')
    # the newest article (04-20) names the hostile city: rising from 0 the week before, escaped
    assert "المدينة الخبيثة" in trending and "+1" in trending and "<b onmouseover" not in html
    assert 'href="/outlets"' in html and 'href="/search"' in html


def test_old_search_links_redirect_to_search(client: TestClient) -> None:
    r = client.get("/", params={"q": "حريق", "outlet": "الأفق"}, follow_redirects=False)
    assert r.status_code == 307
    assert r.headers["location"] == "/search?q=" + quote("حريق") + "&outlet=" + quote("الأفق")
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and page.text.count('<li class="hit">') == 1
    assert 'src="/charts/search.svg?q=' in page.text  # the results-per-day chart
    assert client.get("/search").status_code == 200
    assert client.get("/", params={"since": "2024-13-45"}).status_code == 422  # the search's own 422


def test_chart_routes_answer_svg(client: TestClient, ids: dict[str, str]) -> None:
    story = client.get(f"/charts/story/{ids['fire_story']}.svg")
    assert story.status_code == 200 and story.headers["content-type"].startswith("image/svg+xml")
    assert "default-src 'self'" in story.headers["content-security-policy"]
    assert bars(story.text) == ["2024-04-08: 3", "2024-04-09: 1"]
    russia = entity_id(client, "Russia")
    by_id = client.get(f"/charts/entity/{russia}.svg").text
    assert bars(by_id)[0] == "2024-03-05: 1" and bars(by_id)[-1] == "2024-04-12: 1" and len(bars(by_id)) == 39
    assert client.get("/charts/entity/Russia.svg").text == by_id  # a name finds the entity too
    found = client.get("/charts/search.svg", params={"q": "حريق"}).text
    assert bars(found) == ["2024-04-08: 2", "2024-04-09: 1"]
    window = client.get("/charts/search.svg", params={"q": "حريق", "since": "2024-04", "until": "2024-04"})
    assert len(bars(window.text)) == 30 and sum(int(b.split(": ")[1]) for b in bars(window.text)) == 3
    assert client.get("/charts/search.svg", params={"q": "كلمةلاتوجد"}).status_code == 200
    assert client.get("/charts/search.svg", params={"since": "2024-13"}).status_code == 422
    for path in ("/charts/story/s-nope.svg", "/charts/entity/no-such-entity.svg"):
        r = client.get(path)
        assert r.status_code == 404 and "no " in r.text, path


def test_pages_embed_their_charts(client: TestClient, ids: dict[str, str]) -> None:
    story = client.get(f"/stories/{ids['fire_story']}").text
    chart = section(story, '<figure class="chart-figure">', "</figure>")
    assert "2024-04-08: 3" in chart and f'href="/charts/story/{ids["fire_story"]}.svg"' in chart
    entity = client.get(f"/entities/{entity_id(client, 'Russia')}").text
    assert "2024-04-12: 1" in section(entity, '<figure class="chart-figure">', "</figure>")


def test_outlet_pages(client: TestClient, ids: dict[str, str]) -> None:
    listing = client.get("/outlets").text
    links = [a["href"] for a in Tags(listing).find("a", **{"class": "outlet-link"})]
    for name in (*FIRE_OUTLETS, WIRE_OUTLET, HOSTILE_OUTLET):
        assert "/outlets/" + quote(name, safe="") in links, name
    assert "<img" not in listing and "&lt;img src=x" in listing  # the hostile outlet's name, escaped
    page = client.get("/outlets/" + quote("الأفق", safe="")).text
    assert "2024-04-08: 1" in section(page, '<section class="volume">')
    assert f'href="/stories/{ids["fire_story"]}"' in section(page, '<section class="outlet-stories">')
    profile = section(page, '<section class="certainty-profile">')
    assert "certainty-asserted" in profile and "<meter" in profile
    latin = client.get("/outlets/News%20Agency")
    assert latin.status_code == 200 and "وكالة الأنباء" in latin.text
    missing = client.get("/outlets/" + quote("لا يوجد", safe=""))
    assert missing.status_code == 404 and "no outlet named" in missing.text
    hostile = client.get("/outlets/" + quote(HOSTILE_OUTLET, safe="")).text
    assert "<img" not in hostile and 'id="injected-img"' not in hostile


def test_compare_two_outlets_or_two_entities(client: TestClient) -> None:
    both = client.get("/compare", params={"a": "الأفق", "b": "المنارة", "kind": ""}).text  # the form's auto
    sides = both.split('<section class="compare-side compare-outlet">')[1:]
    assert len(sides) == 2
    # the same days on both sides (04-08 … 04-10), so the bars line up
    assert [len(bars("<svg" + section(s, "<svg", "</svg>") + "</svg>")) for s in sides] == [3, 3]
    entities = client.get("/compare", params={"a": "Russia", "b": "Cairo", "kind": "entity"}).text
    assert entities.count('<section class="compare-side compare-entity">') == 2
    assert client.get("/compare").status_code == 200  # the form alone
    one = client.get("/compare", params={"a": "الأفق"})
    assert one.status_code == 422 and "give both" in one.text
    unknown = client.get("/compare", params={"a": "الأفق", "b": "لا يوجد"})
    assert unknown.status_code == 404 and "no outlet named" in unknown.text
    assert client.get("/compare", params={"a": "x", "b": "y", "kind": "planet"}).status_code == 422


def test_entities_page_shows_trending(client: TestClient) -> None:
    html = client.get("/entities").text
    assert "المدينة الخبيثة" in section(html, '<section class="trending">')
    assert '<section class="trending">' not in client.get("/entities", params={"q": "Russia"}).text


def test_room_pages_show_their_labels_in_one_language(client: TestClient) -> None:
    assert_one_language(
        client, "/", ("أبرز القصص", "تصفح", "الأكثر صعودًا"), ("Top stories", "Browse", "Trending")
    )
    assert_one_language(client, "/outlets", ("نسخ", "تلقائي"), ("Reprints", "Kind"))
    outlet = "/outlets/" + quote("الأفق", safe="")
    assert_one_language(
        client, outlet, ("يقين ادعاءاته", "الحجم عبر الزمن"), ("Certainty of its claims", "Volume")
    )
    assert_one_language(client, "/compare", ("الأول", "قارن"), ("Kind", "Compare"))
    pair = {"a": "الأفق", "b": "المنارة", "kind": "outlet"}
    assert_one_language(
        client, "/compare", ("أبرز الكيانات", "مقالات يوميًا"), ("Top entities", "articles per day"), **pair
    )


def test_charts_are_titled_in_the_interface_language(client: TestClient) -> None:
    client.cookies.clear()
    try:
        arabic = client.get("/charts/search.svg", params={"q": "حريق"}).text
        english = client.get("/charts/search.svg", params={"q": "حريق", "ui": "en"}).text
        assert client.get("/charts/search.svg", params={"ui": "fr"}).status_code == 400
    finally:
        client.cookies.clear()
    assert "مقالات يوميًا" in arabic and "articles per day" not in arabic
    assert "articles per day" in english and "مقالات يوميًا" not in english and "busiest day" in english


def test_an_empty_store_renders_the_room(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "empty.db"), None)) as c:
        for path, says in (("/", "لا قصص"), ("/outlets", "لا مصادر"), ("/compare", "قارن")):
            r = c.get(path)
            assert r.status_code == 200 and says in r.text, path
        assert "لا مقالات مؤرَّخة" in c.get("/charts/search.svg").text
        assert "no dated articles" in c.get("/charts/search.svg", params={"ui": "en"}).text
