"""The app shell: security headers on every kind of response, JSON vs HTML errors, OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.errors import StoreError
from marsad.serve.app import PAGE_CSP, create_app
from settings_override import override_settings


def _assert_secure(headers: object) -> None:
    h = headers  # httpx Headers: case-insensitive
    csp = h["content-security-policy"]  # type: ignore[index]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert h["x-content-type-options"] == "nosniff"  # type: ignore[index]
    assert h["referrer-policy"] == "no-referrer"  # type: ignore[index]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/entities",
        "/stories",
        "/stories/nope",
        "/api/stats",
        "/api/stories",
        "/api/articles/nope",
        "/static/marsad.css",
        "/missing",
    ],
)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    r = client.get(path)
    _assert_secure(r.headers)
    assert r.headers["content-security-policy"] == PAGE_CSP


def test_page_csp_forbids_inline_scripts(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert script_src.split()[1:] == ["'self'"]
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_openapi_and_docs_are_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/search",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/stats",
        "/api/ingest",
        "/api/stories",
        "/api/stories/{story_id}",
    ):
        assert p in paths
    assert "post" in paths["/api/ingest"]
    assert "/" not in paths and "/stories" not in paths  # HTML pages are not part of the API description
    story_params = {p["name"] for p in paths["/api/stories"]["get"]["parameters"]}
    assert story_params == {"since", "until", "entity", "outlet", "min_articles", "offset", "limit"}
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    _assert_secure(docs.headers)


def test_html_pages_get_html_errors_and_api_gets_json(client: TestClient) -> None:
    page = client.get("/articles/nope")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert 'dir="rtl"' in page.text and "nope" in page.text
    api = client.get("/api/articles/nope")
    assert api.headers["content-type"].startswith("application/json")


def test_unexpected_errors_are_json_500_without_internals(
    sample_db: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(self: object) -> None:
        raise RuntimeError("secret internal detail")

    app = create_app(sample_db[0], None)
    with app.state.stores.use() as store:
        monkeypatch.setattr(type(store), "stats", boom)  # whichever backend this is
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/stats")
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal_error"
    assert "secret" not in r.text
    _assert_secure(r.headers)


def test_a_store_that_cannot_be_opened_fails_at_start_up(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        create_app(str(tmp_path), None)  # a directory is no SQLite file


def test_not_found_answers_give_the_store_back_to_the_pool(sample_db: tuple[str, dict[str, str]]) -> None:
    app = create_app(sample_db[0], None)
    pool = app.state.stores
    opened = list(pool._idle)  # the store opened at start-up
    assert len(opened) == 1
    with TestClient(app) as c:
        assert c.get("/api/articles/nope").status_code == 404
        assert c.get("/articles/nope").status_code == 404
        assert c.get("/api/stats").status_code == 200
        assert pool._idle == opened  # the same store served all three: none closed and reopened


def test_a_body_over_the_limit_is_a_json_413_declared_or_streamed(
    sample_db: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:

    override_settings(monkeypatch, serve_max_body_bytes=2_000)
    auth = {"Authorization": "Bearer t"}
    with TestClient(create_app(sample_db[0], "t")) as c:
        page = {"url": "https://example.org/big", "text": "كلمة " * 1_000}
        declared = c.post("/api/ingest", json=page, headers=auth)

        def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
            yield b'{"text": "'
            for _ in range(50):
                yield b"x" * 100
            yield b'"}'

        streamed = c.post(
            "/api/ingest", content=chunks(), headers={**auth, "Content-Type": "application/json"}
        )
        small = c.post("/api/ingest", json={"url": "https://example.org/s", "text": "نص قصير"}, headers=auth)
        articles = c.get("/api/stats").json()["articles"]
    for r in (declared, streamed):
        assert r.status_code == 413
        assert r.json()["error"] == {
            "code": "too_large",
            "message": "request body over the limit of 2000 bytes",
        }
        _assert_secure(r.headers)
    assert small.status_code == 200  # under the limit: read and handled
    assert articles == 9  # nothing of the refused bodies was stored


def test_too_many_pages_or_none_is_a_422(token_client: TestClient) -> None:
    from marsad.config import SETTINGS

    auth = {"Authorization": "Bearer test-token-5b"}
    page = {"text": "نص"}
    r = token_client.post("/api/ingest", json=[page] * (SETTINGS.serve_max_ingest_pages + 1), headers=auth)
    assert r.status_code == 422
    assert (
        r.json()["error"]["message"]
        == f"body: List should have at most {SETTINGS.serve_max_ingest_pages} items after validation, not {SETTINGS.serve_max_ingest_pages + 1}"
    )
    assert token_client.get("/api/stats").json()["articles"] == 9
    r = token_client.post("/api/ingest", json=[], headers=auth)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_a_body_that_is_not_json_text_is_a_json_400_or_422(token_client: TestClient) -> None:
    auth = {"Authorization": "Bearer test-token-5b", "Content-Type": "application/json"}
    r = token_client.post("/api/ingest", content=b'{"text": "\xc3"}', headers=auth)
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_request"
    r = token_client.post("/api/ingest", content=b"{not json", headers=auth)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    assert "Traceback" not in r.text
