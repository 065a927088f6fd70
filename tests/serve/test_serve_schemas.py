"""Response models: a declared model drops nothing the store's `to_dict()` says."""

from __future__ import annotations

from fastapi.testclient import TestClient
from serve_samples import article_ids

from marsad.store.open import open_store


def test_articles_stories_and_entities_come_back_whole(
    client: TestClient, sample_db: tuple[str, dict[str, str]]
) -> None:
    """The API's answer equals the store record's own `to_dict()`: a field the response model
    forgot would be dropped silently, a wrong type would be a 500."""
    db, ids = sample_db
    store = open_store(db)
    try:
        for article_id in article_ids(ids).values():
            article = store.get(article_id)
            assert article is not None
            body = client.get(f"/api/articles/{article_id}").json()
            assert body == {"id": article_id, **article.to_dict()}
        stories = client.get("/api/stories", params={"limit": 100}).json()["stories"]
        assert len(stories) >= 3
        for row in stories:
            record = store.story(row["id"])
            assert record is not None
            assert client.get(f"/api/stories/{row['id']}").json() == record.to_dict()
        entities = client.get("/api/entities", params={"limit": 100}).json()["items"]
        assert len(entities) >= 5
        for row in entities:
            entity = store.entity(row["id"])
            assert entity is not None
            assert client.get(f"/api/entities/{row['id']}").json() == entity.to_dict()
        assert client.get("/api/stats").json() == store.stats().to_dict()
    finally:
        store.close()


def test_search_facets_are_null_unless_asked(client: TestClient) -> None:
    plain = client.get("/api/search", params={"q": "روسيا"}).json()
    assert plain["facets"] is None
    faceted = client.get("/api/search", params={"q": "روسيا", "facets": "true"}).json()
    assert set(faceted["facets"]) == {"outlet", "entity", "date", "language"}
    assert faceted["hits"] == plain["hits"]
