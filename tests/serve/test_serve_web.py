"""The reading-room pages: RTL, search with facets, article annotations, entity page, hostile text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from page_tags import Tags
from serve_samples import HOSTILE_URL, RLO, wheat_article

from marsad.serve.app import create_app
from marsad.store.open import open_store
from settings_override import override_app_settings


def entity_ids(client: TestClient) -> dict[str, str]:
    return {e["latin"] or e["name"]: e["id"] for e in client.get("/api/entities").json()["items"]}


def test_pages_are_right_to_left_arabic(client: TestClient) -> None:
    for path in ("/", "/entities", "/stories", "/articles/nope"):
        tags = Tags(client.get(path).text)
        assert tags.find("html", dir="rtl", lang="ar"), path


def test_search_page_finds_clitic_forms_and_highlights(client: TestClient, ids: dict[str, str]) -> None:
    r = client.get("/", params={"q": "وروسيا"})
    assert r.status_code == 200
    assert r.text.count("<mark>روسيا</mark>") == 2
    tags = Tags(r.text)
    links = {a["href"] for a in tags.find("a") if a.get("href", "").startswith("/articles/")}  # type: ignore[union-attr]
    assert links == {f"/articles/{ids['cooperation']}", f"/articles/{ids['wheat']}"}
    assert tags.find("input", name="q", value="وروسيا")  # the query stays in the box


def test_search_page_facets_add_filters(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get("/", params={"q": "روسيا"}).text
    for heading in ("المصدر", "الكيانات", "التاريخ", "اللغة"):
        assert heading in html
    # an entity facet shows each script in its own isolate (no parentheses to flip on wrap)
    facet = html.split('class="facet facet-entity"', 1)[1].split("</section>", 1)[0]
    assert '<bdi>روسيا</bdi> <bdi class="latin">Russia</bdi>' in facet
    tags = Tags(html)
    month = [a["href"] or "" for a in tags.find("a") if "since=2024-04-01" in (a.get("href") or "")]
    assert month and "until=2024-04-30" in month[0]
    filtered = client.get(month[0]).text  # follow the facet link
    assert f"/articles/{ids['wheat']}" in filtered and f"/articles/{ids['cooperation']}" not in filtered
    assert "✕" in filtered  # the active filter shows as a removable chip
    by_entity = client.get("/", params={"entity": entity_ids(client)["Cairo"]}).text
    chip = by_entity.split('class="chip"', 1)[1].split("</a>", 1)[0]
    assert "الكيان" in chip and "القاهرة" in chip  # the entity's name, not its id


def test_search_page_pages(client: TestClient) -> None:
    html = client.get("/", params={"q": "روسيا", "limit": 1}).text
    nxt = Tags(html).find("a", rel="next")
    assert nxt and "offset=1" in (nxt[0]["href"] or "")
    assert not Tags(html).find("a", rel="prev")


def chips(html: str) -> list[str]:
    """The visible text of the search page's filter chips."""
    found = re.findall(r'<a class="chip"[^>]*>(.*?)<span aria-hidden', html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in found]


def test_search_filters_are_named_in_the_interface_language(client: TestClient) -> None:
    # Not the stored codes (CONSULT, reported, 2024-03-01): names and dates in words (issue 13.6/13.7).
    params = {"event_type": "consult", "certainty": "reported", "since": "2024-03-01", "lang": "ar"}
    en = client.get("/search", params={**params, "ui": "en"}).text
    assert chips(en) == [
        "Since: 1 March 2024",
        "Language: Arabic",
        "Certainty: reported",
        "Event type: Consult",
    ]
    ar = client.get("/search", params={**params, "ui": "ar"}).text  # the cookie kept "en"
    assert chips(ar) == ["من: 1 مارس 2024", "اللغة: العربية", "اليقين: منقول", "نوع الحدث: تشاور"]
    # the event type is chosen by name from the PLOVER types, the current one selected
    assert '<option value="CONSULT" selected>تشاور</option>' in ar
    assert '<option value="ASSAULT">اعتداء</option>' in ar and ">Assault</option>" in en


def test_search_page_links_its_feeds_with_the_same_parameters(client: TestClient) -> None:
    params = {"q": "روسيا", "outlet": "الأفق", "sort": "date", "offset": 1, "limit": 1}
    tags = Tags(client.get("/search", params=params).text)
    want = "?q=%D8%B1%D9%88%D8%B3%D9%8A%D8%A7&outlet=%D8%A7%D9%84%D8%A3%D9%81%D9%82&sort=date"  # no paging
    links = {a["type"]: a["href"] for a in tags.find("a") if (a.get("href") or "").startswith("/search.")}
    assert links == {
        "application/atom+xml": "/search.atom" + want,
        "text/csv": "/search.csv" + want,
        "application/x-ndjson": "/search.jsonl" + want,
    }
    assert tags.find("link", rel="alternate", type="application/atom+xml", href="/search.atom" + want)
    for href in links.values():
        assert client.get(href).status_code == 200, href
    # a malformed query has no feed to offer
    bad = Tags(client.get("/search", params={"q": '"unclosed'}).text)
    assert not bad.find("link", rel="alternate") and not [a for a in bad.find("a") if a.get("type")]


def test_the_header_search_box_links_the_query_help(client: TestClient) -> None:
    html = client.get("/entities").text
    form = html.split('role="search"', 1)[1].split("</form>", 1)[0]
    assert 'href="/help">طريقة البحث</a>' in form
    english = client.get("/entities", params={"ui": "en"}).text
    assert 'href="/help">How to search</a>' in english.split('role="search"', 1)[1].split("</form>", 1)[0]


def test_article_page_links_entities_and_marks_claims(client: TestClient, ids: dict[str, str]) -> None:
    ents = entity_ids(client)
    html = client.get(f"/articles/{ids['cooperation']}").text
    tags = Tags(html)
    # entities in the title and the body link to their canonical pages
    h1 = html.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert f'href="/entities/{ents["Cairo"]}"' in h1 and f'href="/entities/{ents["Moscow"]}"' in h1
    russia_links = tags.find("a", href=f"/entities/{ents['Russia']}")
    assert any("ent-location" in (a["class"] or "") for a in russia_links)
    # claims: a class per certainty, the source chain in the title and in <details>
    reported = [
        a for a in tags.find("span") if "certainty-reported" in (a.get("class") or "") and a.get("data-claim")
    ]
    assert reported and "سامح شكري" in (reported[0]["title"] or "")
    assert tags.find("details", id=reported[0]["data-claim"] or "")
    assert any("certainty-possible" in (a.get("class") or "") for a in tags.find("span"))
    # chrome kept but folded away; events, images and related links shown
    assert tags.find("details", **{"class": "chrome"}) and "اشترك في النشرة البريدية" in html
    assert "CONSULT" in html and "الشهر المقبل" in html
    assert "وزير الخارجية خلال المؤتمر الصحفي" in html and "AFP" in html
    assert tags.find("a", href="https://news.example.org/energy")


def test_entity_page_shows_names_timeline_co_mentions_and_sources(
    client: TestClient, ids: dict[str, str]
) -> None:
    ents = entity_ids(client)
    html = client.get(f"/entities/{ents['Russia']}").text
    assert "روسيا" in html and "Russia" in html
    assert "2024-03" in html and "2024-04" in html
    assert f'href="/entities/{ents["Sameh Shoukry"]}"' in html  # co-mentioned
    assert f'href="/articles/{ids["cooperation"]}"' in html and f'href="/articles/{ids["wheat"]}"' in html
    assert "سامح شكري" in html.split("مصادر تتحدث عنه", 1)[1]  # he speaks about it (claim source)
    assert Tags(html).find("meter", max="1", value="1")


def test_entity_name_redirects_to_the_canonical_page(client: TestClient) -> None:
    ents = entity_ids(client)
    r = client.get("/entities/Russia", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/entities/{ents['Russia']}"
    assert client.get("/entities/no-such-thing").status_code == 404


def test_entities_page_lists_and_filters(client: TestClient) -> None:
    html = client.get("/entities", params={"q": "Moscow"}).text
    assert "موسكو" in html and "سامح شكري" not in html


def test_hostile_text_is_shown_escaped_and_inert(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get(f"/articles/{ids['hostile']}").text
    tags = Tags(html)
    # the attack strings are visible as text...
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "onerror=&#34;alert(1)&#34;" in html
    # ...but build nothing: our own script is the only one, no event handlers, no injected element
    assert [a for t, a in tags.tags if t == "script"] == [{"src": "/static/marsad.js", "defer": None}]
    assert not [(t, k) for t, a in tags.tags for k in a if k.startswith("on")]
    assert not tags.find("img") and not tags.find("b")
    assert not [a for t, a in tags.tags if a.get("id") == "injected-img"]
    hrefs = [a.get("href") or "" for t, a in tags.tags if "href" in a]
    assert all(h.startswith(("/", "https://", "http://", "#main")) for h in hrefs), hrefs
    assert HOSTILE_URL not in hrefs
    # the bidi override is shown as a marker, never obeyed
    assert RLO not in html and "U+202E" in html


def test_hostile_text_on_search_and_entity_pages(client: TestClient, ids: dict[str, str]) -> None:
    for path in ("/", f"/entities/{entity_ids(client)['<b onmouseover=alert(5)>Evil</b>']}"):
        html = client.get(path).text
        tags = Tags(html)
        assert not tags.find("b") and not tags.find("img"), path
        assert not [(t, k) for t, a in tags.tags for k in a if k.startswith("on")], path
        assert len([1 for t, _ in tags.tags if t == "script"]) == 1, path


def test_an_empty_store_renders_every_page(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "empty.db"), None)) as c:
        for path, says in (
            ("/search", "0 مقالًا"),
            ("/", "لا قصص"),
            ("/?q=روسيا", "0 نتيجة"),
            ("/entities", "لا كيانات"),
        ):
            r = c.get(path)
            assert r.status_code == 200 and says in r.text, path
        assert c.get("/api/stats").json()["articles"] == 0


def test_event_actor_names_link_to_entities(client: TestClient, ids: dict[str, str]) -> None:
    ents = entity_ids(client)
    html = client.get(f"/articles/{ids['cooperation']}").text
    row = html.split('<li class="event">', 1)[1].split("</li>", 1)[0]
    assert f'href="/entities/{ents["Sameh Shoukry"]}"' in row and f'href="/entities/{ents["Russia"]}"' in row


def test_entity_timeline_counts_undated_articles(sample_db: tuple[str, dict[str, str]]) -> None:
    store = open_store(sample_db[0])
    try:
        undated = wheat_article()
        undated.published = None
        undated.blocks[2].text += " خبر بلا تاريخ."
        store.put(undated)
    finally:
        store.close()
    with TestClient(create_app(sample_db[0], None)) as c:
        html = c.get(f"/entities/{entity_ids(c)['Russia']}").text
    row = html.split('<tr class="undated">', 1)[1].split("</tr>", 1)[0]
    assert "<td>1</td>" in row


def test_article_page_reads_source_date_layers_and_folds(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get(f"/articles/{ids['cooperation']}").text
    header = html.split('<article class="doc"', 1)[1].split("</header>", 1)[0]
    line = header.split('<p class="source-line">', 1)[1].split("</p>", 1)[0]
    # under the headline: the outlet linking to the original, the day in words
    assert '<a class="source-link" href="https://news.example.org/economy/cairo-moscow"' in line
    assert "وكالة الأنباء" in line and ">5 مارس 2024</time>" in line
    tags = Tags(html)
    for layer in ("entities", "claims", "events"):
        box = tags.find("input", type="checkbox", id=f"layer-{layer}")
        assert box and "checked" in box[0], layer
    # two claims, one event: short lists start open; the chrome list stays folded
    assert html.count('<details class="fold" open>') == 2
    english = client.get(f"/articles/{ids['cooperation']}", params={"ui": "en"}).text
    assert ">5 March 2024</time>" in english and "Consult" in english and ">2 claims</summary>" in english


def test_long_claim_lists_start_folded(
    client: TestClient, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    api = client.get(f"/api/articles/{ids['fire_a']}").json()
    marked = [c for c in api["claims"] if c["certainty"] != "asserted"]
    assert len(marked) == 3 and len(api["claims"]) > len(marked)  # most sentences are asserted

    def claims_fold() -> str:
        html = client.get(f"/articles/{ids['fire_a']}").text
        assert html.count('class="claim-detail"') == len(marked)
        return html.split('<section class="claims"', 1)[1].split("<summary>", 1)[0].strip()

    override_app_settings(monkeypatch, client.app, page_list_open_max=3)
    assert claims_fold().endswith('<details class="fold" open>')
    override_app_settings(monkeypatch, client.app, page_list_open_max=2)
    assert claims_fold().endswith('<details class="fold">')
