"""The curation API on both backends: token-protected merge, hide, rename and undo, the log, and
clear errors (404 unknown, 409 conflicting, 422 invalid) — and what the other pages then show."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from serve_samples import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def entity(client: TestClient, name: str) -> dict[str, Any]:
    items = [
        e for e in client.get("/api/entities", params={"limit": 100}).json()["items"] if e["name"] == name
    ]
    assert len(items) == 1, name
    return items[0]


def post(client: TestClient, action: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/curation/{action}", json=body, headers=AUTH)


def test_writes_need_the_token(client: TestClient, token_client: TestClient) -> None:
    body = {"entity": "x"}
    assert client.post("/api/curation/hide", json=body).status_code == 403
    assert token_client.post("/api/curation/hide", json=body).status_code == 401
    assert token_client.get("/api/curation/log").json() == {"items": []}


def test_hide_and_undo(token_client: TestClient) -> None:
    # The hostile sample's hand-made entity (an attack string for its Latin name): a false entity
    # that does not depend on a tagger's mistake (the feature CRF used to tag "injected-img").
    false = entity(token_client, "المدينة الخبيثة")
    r = post(token_client, "hide", {"entity": false["id"], "who": "layla"})
    assert r.status_code == 200, r.text
    entry = r.json()
    assert (entry["action"], entry["entity"], entry["who"]) == ("hide", false["id"], "layla")
    names = {e["name"] for e in token_client.get("/api/entities", params={"limit": 100}).json()["items"]}
    assert "المدينة الخبيثة" not in names
    assert token_client.get(f"/api/entities/{false['id']}").status_code == 404
    assert token_client.get(f"/entities/{false['id']}").status_code == 404
    undo = post(token_client, "undo", {"id": entry["id"], "who": "omar"})
    assert undo.status_code == 200 and undo.json()["undone_by"] == "omar"
    assert token_client.get(f"/api/entities/{false['id']}").json()["articles"] == false["articles"]
    log = token_client.get("/api/curation/log").json()["items"]
    assert [(e["id"], e["undone_by"]) for e in log] == [(entry["id"], "omar")]


def test_merge_rename_and_what_pages_show(token_client: TestClient) -> None:
    karim, youssef = entity(token_client, "كريم الحداد"), entity(token_client, "يوسف القاسم")
    merged = post(token_client, "merge", {"entity": karim["id"], "into": youssef["id"]})
    assert merged.status_code == 200 and merged.json()["target"] == youssef["id"]
    body = token_client.get(f"/api/entities/{karim['id']}").json()
    assert body["id"] == youssef["id"] and "كريم الحداد" in body["names"]
    hits = token_client.get("/api/search", params={"entity": "كريم الحداد"}).json()
    assert hits["total"] == 1
    renamed = post(token_client, "rename", {"entity": youssef["id"], "latin": "Yousef Al-Qassem"})
    assert renamed.status_code == 200
    assert renamed.json()["before"]["latin"] == youssef["latin"]
    page = token_client.get(f"/entities/{youssef['id']}").text
    assert "Yousef Al-Qassem" in page
    log = token_client.get("/api/curation/log", params={"entity": youssef["id"]}).json()["items"]
    assert [e["action"] for e in log] == ["rename", "merge"]


@pytest.mark.parametrize(
    ("action", "body", "status", "words"),
    [
        ("merge", {"entity": "nope", "into": "nada"}, 404, "no entity"),
        ("hide", {"entity": "nope"}, 404, "no entity"),
        ("undo", {"id": 4242}, 404, "no curation entry"),
        ("undo", {"id": 0}, 422, "id"),
        ("rename", {"entity": "nope", "latin": "X"}, 404, "no entity"),
        ("rename", {"entity": "x", "latin": " "}, 422, "latin"),
        ("hide", {"entity": "x", "who": "\t"}, 422, "who"),
        ("hide", {"entity": "x", "colour": "red"}, 422, "colour"),
        ("hide", {}, 422, "entity"),
    ],
)
def test_bad_requests(
    token_client: TestClient, action: str, body: dict[str, Any], status: int, words: str
) -> None:
    r = post(token_client, action, body)
    assert r.status_code == status, r.text
    assert words in r.json()["error"]["message"]


def test_conflicts_are_409(token_client: TestClient) -> None:
    cairo, moscow = entity(token_client, "القاهرة"), entity(token_client, "موسكو")
    assert post(token_client, "merge", {"entity": cairo["id"], "into": moscow["id"]}).status_code == 200
    again = post(token_client, "merge", {"entity": cairo["id"], "into": moscow["id"]})
    assert again.status_code == 409 and "undo that first" in again.json()["error"]["message"]
    self_merge = post(token_client, "merge", {"entity": moscow["id"], "into": moscow["id"]})
    assert self_merge.status_code == 422
    nameless = post(token_client, "rename", {"entity": moscow["id"]})
    assert nameless.status_code == 422 and "name" in nameless.json()["error"]["message"]
