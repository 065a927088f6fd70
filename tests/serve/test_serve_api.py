"""REST API over a real SQLite store: pagination, filters, Arabic search, entities, ingest."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from serve_samples import TOKEN, article_ids, cooperation_article

from marsad.model import Article
from marsad.run import ingest as ingest_module
from marsad.serve.api import PageIn, ingest_pages
from marsad.store.open import open_store

AUTH = {"Authorization": f"Bearer {TOKEN}"}

PAGE_HTML = """<html><head><title>وزراء الزراعة في الرباط</title></head><body><article>
<h1>وزراء الزراعة يجتمعون في الرباط لبحث أسعار الحبوب</h1>
<p>اجتمع وزراء الزراعة العرب اليوم في الرباط لبحث ارتفاع أسعار الحبوب وتأثيرها على الأسواق المحلية.</p>
<p>وقال المتحدث باسم الاجتماع إن الوزراء اتفقوا على تشكيل لجنة لمتابعة الإمدادات خلال الأشهر المقبلة.</p>
</article></body></html>"""


def test_articles_paginate_without_overlap(client: TestClient, ids: dict[str, str]) -> None:
    first = client.get("/api/articles", params={"limit": 2}).json()
    rest = client.get("/api/articles", params={"limit": 100, "offset": 2}).json()
    # every stored article but the wire's reprint: listings hold canonical articles only
    canonical = {v for k, v in article_ids(ids).items() if k != "fire_wire"}
    assert first["total"] == rest["total"] == len(canonical) == 8
    assert (first["offset"], first["limit"], len(first["items"])) == (0, 2, 2)
    assert len(rest["items"]) == 6
    seen = [i["id"] for i in first["items"] + rest["items"]]
    assert sorted(seen) == sorted(canonical)
    # newest first: the hostile article (2024-04-20) before the wheat one (2024-04-12)
    assert seen[:2] == [ids["hostile"], ids["wheat"]]
    days = [i["published"][:10] for i in first["items"] + rest["items"]]
    assert days == sorted(days, reverse=True)


def test_articles_filter_by_outlet_and_dates(client: TestClient, ids: dict[str, str]) -> None:
    body = client.get("/api/articles", params={"since": "2024-03-01", "until": "2024-03-31"}).json()
    assert [i["id"] for i in body["items"]] == [ids["cooperation"]]
    body = client.get("/api/articles", params={"outlet": "الأسواق اليوم"}).json()
    assert [i["id"] for i in body["items"]] == [ids["wheat"]]


def test_article_by_id_is_the_document_model(client: TestClient, ids: dict[str, str]) -> None:
    body = client.get(f"/api/articles/{ids['cooperation']}").json()
    assert body["id"] == ids["cooperation"]
    assert body["title"] == cooperation_article().title
    assert {e["latin"] for e in body["entities"]} >= {"Russia", "Cairo"}
    assert [c["certainty"] for c in body["claims"]] == ["reported", "possible"]


def test_unknown_article_is_a_json_404(client: TestClient) -> None:
    r = client.get("/api/articles/does-not-exist")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert err["code"] == "not_found" and "does-not-exist" in err["message"]


def test_unknown_api_path_is_a_json_404(client: TestClient) -> None:
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_bad_parameters_are_a_json_422(client: TestClient) -> None:
    r = client.get("/api/articles", params={"limit": 0})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_request" and "limit" in err["message"]
    assert client.get("/api/search", params={"limit": 1000}).status_code == 422


def test_search_matches_a_word_written_with_a_clitic(client: TestClient, ids: dict[str, str]) -> None:
    # The text says روسيا; the query has the conjunction و glued on.
    body = client.get("/api/search", params={"q": "وروسيا"}).json()
    assert body["total"] == 2
    assert {h["id"] for h in body["hits"]} == {ids["cooperation"], ids["wheat"]}
    assert all("<mark>روسيا</mark>" in h["snippet"] for h in body["hits"])


def test_search_filters_and_facets(client: TestClient, ids: dict[str, str]) -> None:
    body = client.get("/api/search", params={"q": "روسيا", "since": "2024-04", "facets": "true"}).json()
    assert [h["id"] for h in body["hits"]] == [ids["wheat"]]
    outlets = {f["label"]: f["count"] for f in body["facets"]["outlet"]}
    assert outlets == {"الأسواق اليوم": 1}
    # an entity filter by Latin name reaches the Arabic-named entity
    body = client.get("/api/search", params={"entity": "Cairo"}).json()
    assert [h["id"] for h in body["hits"]] == [ids["cooperation"]]


def test_search_pagination(client: TestClient) -> None:
    a = client.get("/api/search", params={"q": "روسيا", "limit": 1}).json()
    b = client.get("/api/search", params={"q": "روسيا", "limit": 1, "offset": 1}).json()
    assert a["total"] == b["total"] == 2
    assert a["hits"][0]["id"] != b["hits"][0]["id"]


def test_entities_and_entity_record(client: TestClient, ids: dict[str, str]) -> None:
    items = client.get("/api/entities").json()["items"]
    russia = next(e for e in items if e["latin"] == "Russia")
    assert russia["articles"] == 2  # merged across the two articles
    counts = [e["articles"] for e in items]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]  # most mentioned first
    found = client.get("/api/entities", params={"q": "Sameh Shoukry"}).json()["items"]
    assert [e["name"] for e in found] == ["سامح شكري"]
    record = client.get(f"/api/entities/{russia['id']}").json()
    assert record["name"] == "روسيا" and record["latin"] == "Russia"
    assert [t["period"] for t in record["timeline"]] == ["2024-03", "2024-04"]
    assert "سامح شكري" in {c["name"] for c in record["co_mentioned"]}
    assert client.get("/api/entities/nope").status_code == 404


def test_stats(client: TestClient, ids: dict[str, str]) -> None:
    s = client.get("/api/stats").json()
    assert s["backend"] in ("sqlite", "postgresql")
    # nine articles: eight canonical ones and the wire's reprint, each with its own claims
    assert s["articles"] == 9
    articles = [client.get(f"/api/articles/{i}").json() for i in article_ids(ids).values()]
    assert len(articles) == 9
    assert s["claims"] == sum(len(a["claims"]) for a in articles) > 4
    assert s["events"] == sum(len(a["events"]) for a in articles) >= 1


def test_ingest_is_forbidden_without_a_configured_token(client: TestClient) -> None:
    r = client.post("/api/ingest", json={"url": "https://example.org/a", "html": PAGE_HTML}, headers=AUTH)
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "forbidden"
    assert client.get("/api/stats").json()["articles"] == 9


def test_ingest_needs_the_right_token(token_client: TestClient) -> None:
    page = {"url": "https://example.org/a", "html": PAGE_HTML}
    assert token_client.post("/api/ingest", json=page).status_code == 401
    r = token_client.post("/api/ingest", json=page, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert token_client.get("/api/stats").json()["articles"] == 9


def test_ingest_with_token_stores_then_finds_the_page(token_client: TestClient) -> None:
    page = {"url": "https://example.org/a", "html": PAGE_HTML}
    r = token_client.post("/api/ingest", json=page, headers=AUTH)
    assert r.status_code == 200
    body = r.json()
    assert (body["stored"], body["duplicate"], body["quarantined"]) == (1, 0, 0)
    new_id = body["results"][0]["id"]
    # a second time, as a list: recognised by content hash, not stored twice
    again = token_client.post("/api/ingest", json=[page], headers=AUTH).json()
    assert again["present"] == 1 and again["results"][0]["id"] == new_id
    assert again["results"][0]["status"] == "present"
    hits = token_client.get("/api/search", params={"q": "والحبوب"}).json()["hits"]
    assert [h["id"] for h in hits] == [new_id]
    assert token_client.get(f"/api/articles/{new_id}").json()["source"]["url"] == "https://example.org/a"


def test_ingest_rejects_a_page_without_body(token_client: TestClient) -> None:
    r = token_client.post("/api/ingest", json={"url": "https://example.org/x"}, headers=AUTH)
    assert r.status_code == 422
    assert "html" in r.json()["error"]["message"]


def test_ingest_quarantines_what_cannot_be_extracted(sample_db: tuple[str, dict[str, str]]) -> None:
    store = open_store(sample_db[0])
    try:
        out = ingest_pages(
            store, [PageIn(url="https://example.org/empty", html="<html><body></body></html>")]
        )
        assert out["quarantined"] == 1 and out["results"][0]["status"] == "quarantined"
        assert [q.url for q in store.list_quarantine()] == ["https://example.org/empty"]
    finally:
        store.close()


def test_a_crashing_step_quarantines_its_page_only(
    sample_db: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = ingest_module.page_pipeline(True)

    class Flaky:
        def run(self, docs: list[Article]) -> Iterator[Article]:
            for d in docs:
                if d.page is not None and "boom" in (d.page.html or ""):
                    raise RuntimeError("step bug")
            yield from real.run(docs)

    monkeypatch.setattr(ingest_module, "page_pipeline", lambda enrich, corpus=True, settings=None: Flaky())
    store = open_store(sample_db[0])
    try:
        pages = [PageIn(url="https://example.org/boom", html="<p>boom</p>"), PageIn(html=PAGE_HTML)]
        out = ingest_pages(store, pages)
    finally:
        store.close()
    assert [r["status"] for r in out["results"]] == ["quarantined", "stored"]
    assert out["results"][0]["reason"] == "RuntimeError: step bug"
