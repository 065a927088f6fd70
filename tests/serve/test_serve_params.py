"""Parameter validation of the API and the reading room: one set of bounds, clear 422s."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from marsad.config import SETTINGS

API_LISTINGS = ["/api/articles", "/api/search", "/api/stories"]
PAGES = ["/", "/stories"]


def _error(client: TestClient, path: str, **params: object) -> str:
    r = client.get(path, params=params)
    assert r.status_code == 422, (path, params, r.status_code)
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert err["code"] == "invalid_request"
    return str(err["message"])


def test_an_impossible_date_is_a_422_naming_the_parameter_and_the_forms(client: TestClient) -> None:
    for path in API_LISTINGS:
        for name in ("since", "until"):
            message = _error(client, path, **{name: "2024-13-45"})
            assert message.startswith(f"query parameter '{name}': '2024-13-45' is not a date")
            assert "YYYY-MM-DD" in message


def test_loose_date_forms_are_refused_not_misread(client: TestClient) -> None:
    # Python's fromisoformat reads these; the stores compare the first 10 characters and would not.
    for value in ("20240401", "2024-W14-1", "2024-04-01 10:00", "2023-02-29", " 2024-04"):
        _error(client, "/api/search", since=value)


def test_accepted_date_forms_filter_by_day(client: TestClient, ids: dict[str, str]) -> None:
    march = {"since": "2024-03-01", "until": "2024-03-31"}
    expected = [i["id"] for i in client.get("/api/articles", params=march).json()["items"]]
    assert expected == [ids["cooperation"]]
    for since, until in (("2024-03", "2024-03"), ("2024-03-01T00:00:00Z", "2024-03-31T23:59+03:00")):
        body = client.get("/api/articles", params={"since": since, "until": until}).json()
        assert [i["id"] for i in body["items"]] == expected, (since, until)
    # An empty field (a submitted empty form input) is no bound.
    everything = client.get("/api/articles", params={"limit": 100}).json()["total"]
    assert (
        client.get("/api/articles", params={"since": "", "until": "", "limit": 100}).json()["total"]
        == everything
    )


def test_limits_and_offsets_are_bounded_by_the_settings(client: TestClient) -> None:
    for path in [*API_LISTINGS, "/api/entities"]:
        assert "limit" in _error(client, path, limit=SETTINGS.serve_max_limit + 1)
        assert "limit" in _error(client, path, limit=0)
        assert "offset" in _error(client, path, offset=SETTINGS.serve_max_offset + 1)
        assert client.get(path, params={"limit": SETTINGS.serve_max_limit}).status_code == 200
    assert "min_articles" in _error(client, "/api/stories", min_articles=0)


def test_a_huge_query_is_a_clear_422(client: TestClient) -> None:
    # 100,000 Latin letters: the test client refuses to build a longer URL than that, and the real
    # server path (uvicorn's request-head bound) is tested in test_serve_server.py.
    message = _error(client, "/api/search", q="a" * 60_000)
    assert message.startswith("query parameter 'q'")
    assert str(SETTINGS.serve_max_query_chars) in message
    assert "'q'" in _error(client, "/api/search", q="ب" * (SETTINGS.serve_max_query_chars + 1))
    assert client.get("/api/search", params={"q": "ب" * SETTINGS.serve_max_query_chars}).status_code == 200


def test_nul_characters_are_refused_before_any_store_sees_them(client: TestClient) -> None:
    for params in ({"q": "روسيا\x00"}, {"entity": "\x00"}, {"outlet": "a\x00b"}, {"lang": "a\x00"}):
        assert "NUL" in _error(client, "/api/search", **params)
    r = client.get("/api/articles/ab%00cd")
    assert r.status_code == 422 and "path parameter 'article_id'" in r.json()["error"]["message"]


def test_a_name_of_marks_only_finds_nothing_rather_than_failing(client: TestClient) -> None:
    # Tatweel, a lone fatha, a bidi mark: nothing left after normalisation (was an SQL error).
    for name in ("ـ", "\u064e", "\u200f"):
        body = client.get("/api/search", params={"entity": name}).json()
        assert body["total"] == 0 and body["hits"] == []


@pytest.mark.parametrize("path", PAGES)
def test_pages_show_the_same_errors_as_readable_html(client: TestClient, path: str) -> None:
    r = client.get(path, params={"since": "2024-13-45"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("text/html")
    assert 'dir="rtl"' in r.text
    assert "query parameter &#39;since&#39;: &#39;2024-13-45&#39; is not a date" in r.text
    r = client.get(path, params={"offset": SETTINGS.serve_max_offset + 1})
    assert r.status_code == 422 and "offset" in r.text


def test_pages_take_the_accepted_forms(client: TestClient) -> None:
    for path in PAGES:
        assert client.get(path, params={"since": "2024-03", "until": ""}).status_code == 200
    assert client.get("/entities", params={"q": "x" * (SETTINGS.serve_max_name_chars + 1)}).status_code == 422
