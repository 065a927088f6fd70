"""Saved searches over HTTP on both backends: token-protected create/delete, the /saved page's
"new since last visit" counts, and the visit that marks them seen."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from lxml import html
from serve_samples import HOSTILE_SCRIPT, TOKEN, wheat_article

from marsad.store import open_store
from settings_override import override_app_settings

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_writes_need_the_token(client: TestClient, token_client: TestClient) -> None:
    body = {"name": "x", "q": "حريق"}
    assert client.post("/api/saved", json=body).status_code == 403  # read-only server
    assert token_client.post("/api/saved", json=body).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert token_client.post("/api/saved", json=body, headers=wrong).status_code == 401
    assert token_client.delete("/api/saved/1", headers=wrong).status_code == 401
    assert token_client.get("/api/saved").json() == {"items": []}


def test_create_list_visit_and_delete(
    token_client: TestClient, sample_db: tuple[str, dict[str, str]]
) -> None:
    made = token_client.post("/api/saved", json={"name": "القمح", "q": "القمح", "lang": "ar"}, headers=AUTH)
    assert made.status_code == 200, made.text
    saved = made.json()
    assert saved["params"] == {"q": "القمح", "lang": "ar"} and saved["new"] == 0
    store = open_store(sample_db[0])
    try:
        wheat = wheat_article()
        wheat.blocks[1].text += " خبر جديد"  # another page: stored anew, a new match
        store.put(wheat)
    finally:
        store.close()
    listed = token_client.get("/api/saved").json()["items"]
    assert [(s["id"], s["new"]) for s in listed] == [(saved["id"], 1)]

    page = html.fromstring(token_client.get("/saved").text)
    assert page.xpath("string(//*[@class='saved-new'])").strip() == "مقال جديد واحد"  # Arabic "one" form
    visit = token_client.get(f"/saved/{saved['id']}", follow_redirects=False)
    assert visit.status_code == 303 and visit.headers["location"] == saved["search_url"]
    assert token_client.get("/api/saved").json()["items"][0]["new"] == 0
    page = html.fromstring(token_client.get("/saved").text)
    assert page.xpath("//*[@class='saved-new']") == [] and page.xpath("//*[contains(@class, 'saved-none')]")

    assert token_client.delete(f"/api/saved/{saved['id']}", headers=AUTH).json() == {"deleted": saved["id"]}
    assert token_client.delete(f"/api/saved/{saved['id']}", headers=AUTH).status_code == 404
    assert token_client.get(f"/saved/{saved['id']}").status_code == 404


def test_the_page_escapes_names_and_links_feeds(token_client: TestClient) -> None:
    made = token_client.post("/api/saved", json={"name": HOSTILE_SCRIPT, "outlet": "الأفق"}, headers=AUTH)
    assert made.status_code == 200
    r = token_client.get("/saved")
    assert HOSTILE_SCRIPT not in r.text and "&lt;script&gt;" in r.text
    page = html.fromstring(r.text)
    hrefs = page.xpath("//li[@class='saved-item']//a/@href")
    assert any(h.startswith("/search.atom?outlet=") for h in hrefs)
    assert any(h.startswith("/search.csv?outlet=") for h in hrefs)
    assert page.xpath("//@style") == [] and page.xpath("//script[not(@src)]") == []


def test_the_page_speaks_the_interface_language(token_client: TestClient) -> None:
    empty = token_client.get("/saved")
    assert "لا بحوث محفوظة بعد" in empty.text and "No saved searches yet" not in empty.text
    made = token_client.post("/api/saved", json={"name": "القمح", "q": "القمح"}, headers=AUTH)
    assert made.status_code == 200, made.text
    arabic = html.fromstring(token_client.get("/saved").text)
    assert arabic.xpath("string(//h1)") == "البحوث المحفوظة"
    assert "لم يُزر بعد" in arabic.xpath("string(//*[contains(@class, 'saved-meta')])")
    assert arabic.xpath("string(//*[@class='chip'])").startswith("البحث: ")
    r = token_client.get("/saved", params={"ui": "en"})
    english = html.fromstring(r.text)
    assert english.xpath("//html[@lang='en'][@dir='ltr']")
    assert english.xpath("string(//h1)") == "Saved searches"
    meta = english.xpath("string(//*[contains(@class, 'saved-meta')])")
    assert "Not visited yet" in meta and "Results as" in meta
    assert english.xpath("string(//*[@class='chip'])") == "Query: القمح"  # the value as saved
    for label in ("البحوث المحفوظة", "لم يُزر بعد", "لا جديد"):
        assert label not in r.text, label
    assert token_client.get("/saved", params={"ui": "xx"}).status_code == 400


def test_bad_bodies_are_422_and_the_number_is_capped(
    token_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    for body, words in [
        ({"q": "x"}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x", "since": "2024-13-45"}, "since"),
        ({"name": "x", "colour": "red"}, "colour"),
        ({"name": "x\x00"}, "name"),
    ]:
        r = token_client.post("/api/saved", json=body, headers=AUTH)
        assert r.status_code == 422 and words in r.json()["error"]["message"], (body, r.text)
    assert token_client.delete("/api/saved/0", headers=AUTH).status_code == 422
    override_app_settings(monkeypatch, token_client.app, saved_max_searches=1)
    assert token_client.post("/api/saved", json={"name": "a"}, headers=AUTH).status_code == 200
    r = token_client.post("/api/saved", json={"name": "b"}, headers=AUTH)
    assert r.status_code == 409 and "delete one" in r.json()["error"]["message"]
