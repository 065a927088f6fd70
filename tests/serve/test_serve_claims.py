"""/api/claims, /api/events, /claims and /events over a real store (SQLite, and PostgreSQL when
MARSAD_TEST_PG is set) holding the serve samples and the Putin report (claims_samples.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from claims_samples import fill_claims
from fastapi.testclient import TestClient
from serve_samples import HOSTILE_SCRIPT, filled_db
from ui_labels import assert_one_language

from marsad.serve.app import create_app
from marsad.serve.claims import CERTAINTY_SYMBOLS
from marsad.serve.plover import PLOVER_TYPES
from marsad.store.claim_views import CERTAINTY_LEVELS, SOURCE_KINDS
from testpaths import backend_params

ISSUE_URL = "/claims?entity=Putin&source_kind=anonymous&sort=certainty"


@pytest.fixture(scope="module", params=backend_params())
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, dict[str, str]]]:
    with (
        filled_db(request.param, tmp_path_factory.mktemp("claims"), fill_claims) as (url, ids),
        TestClient(create_app(url, None)) as client,
    ):
        yield client, ids


@pytest.fixture
def client(served: tuple[TestClient, dict[str, str]]) -> TestClient:
    return served[0]


@pytest.fixture
def ids(served: tuple[TestClient, dict[str, str]]) -> dict[str, str]:
    return served[1]


def get_json(client: TestClient, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_issue_question_is_one_url(client: TestClient, ids: dict[str, str]) -> None:
    body = get_json(client, "/api" + ISSUE_URL)
    assert body["total"] == 1 and body["sort"] == "certainty"
    (row,) = body["items"]
    assert row["certainty"] == "possible" and row["chain"][0]["kind"] == "anonymous"
    assert row["links"]["article"] == f"/articles/{ids['putin']}#{row['anchor']}"
    assert row["links"]["article_api"] == f"/api/articles/{ids['putin']}"
    assert body["resolved"]["entity"]  # Putin named a canonical entity
    page = client.get(ISSUE_URL)
    assert page.status_code == 200
    assert f'href="/articles/{ids["putin"]}#{row["anchor"]}"' in page.text
    assert CERTAINTY_SYMBOLS["possible"] in page.text and "محتمل" in page.text  # word and symbol


def test_latin_and_arabic_names_give_the_same_claims(client: TestClient) -> None:
    latin = get_json(client, "/api/claims?entity=Putin")
    arabic = get_json(client, "/api/claims?entity=%D8%A8%D9%88%D8%AA%D9%8A%D9%86")  # بوتين
    assert [r["id"] for r in latin["items"]] == [r["id"] for r in arabic["items"]] and latin["items"]
    assert latin["resolved"]["entity"] == arabic["resolved"]["entity"]


def test_a_name_that_resolves_to_nothing_is_said_so(client: TestClient) -> None:
    body = get_json(client, "/api/claims?entity=Nobody%20Atall")
    assert body["resolved"]["entity"] == [] and body["total"] == 0
    page = client.get("/claims?entity=Nobody%20Atall")
    assert page.status_code == 200 and 'class="notice"' in page.text and "Nobody Atall" in page.text


def test_rows_link_their_story(client: TestClient, ids: dict[str, str]) -> None:
    body = get_json(client, f"/api/claims?story={ids['fire_story']}&limit=100")
    assert body["items"] and all(
        r["links"]["story"] == f"/stories/{ids['fire_story']}" for r in body["items"]
    )
    page = client.get(f"/claims?story={ids['fire_story']}")
    assert f'href="/stories/{ids["fire_story"]}"' in page.text


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/api/claims?certainty=sure", CERTAINTY_LEVELS),
        ("/api/claims?certainty=possible,sure", CERTAINTY_LEVELS),
        ("/api/claims?source_kind=spy", SOURCE_KINDS),
        ("/api/claims?voice=loud", ("reported", "asserted")),
        ("/api/claims?sort=random", ("-date", "certainty")),
        ("/api/events?type=FIGHT", tuple(PLOVER_TYPES)),
        ("/api/events?sort=random", ("-date", "certainty")),
    ],
)
def test_a_value_outside_the_vocabulary_is_a_422_listing_the_allowed(
    client: TestClient, url: str, allowed: tuple[str, ...]
) -> None:
    response = client.get(url)
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert all(a in message for a in allowed), message


def test_bad_values_on_the_pages_are_422_pages(client: TestClient) -> None:
    for url in (
        "/claims?certainty=sure",
        "/events?type=FIGHT",
        "/claims?limit=100000",
        "/events?since=2024-13",
    ):
        response = client.get(url)
        assert response.status_code == 422 and response.headers["content-type"].startswith("text/html"), url


def test_paging_is_bounded_and_complete(client: TestClient) -> None:
    assert client.get("/api/claims?limit=0").status_code == 422
    assert client.get("/api/claims?limit=100000").status_code == 422
    assert client.get("/api/claims?offset=-1").status_code == 422
    whole = get_json(client, "/api/claims?limit=100")["items"]
    paged = [
        r
        for o in range(0, len(whole), 10)
        for r in get_json(client, f"/api/claims?limit=10&offset={o}")["items"]
    ]
    assert [r["id"] for r in paged] == [r["id"] for r in whole]
    page = client.get("/claims?limit=5")
    assert 'rel="next"' in page.text and "offset=5" in page.text


def test_events_api_and_page(client: TestClient, ids: dict[str, str]) -> None:
    body = get_json(client, "/api/events?actor=Putin&type=CONSULT&sort=date")
    assert [r["mode"] for r in body["items"]] == ["meet", "visit"]
    assert all(r["type_name"] == {"ar": "تشاور", "en": "Consult"} for r in body["items"])
    assert body["items"][0]["links"]["article"].startswith(f"/articles/{ids['putin']}#claim-")
    page = client.get("/events?actor=Putin&type=CONSULT")
    assert page.status_code == 200 and "تشاور" in page.text and "لقاء" in page.text  # type and mode names
    assert get_json(client, "/api/events?target=Kyiv")["items"][0]["type"] == "ASSAULT"
    nobody = get_json(client, "/api/events?actor=Nobody%20Atall")
    assert nobody["resolved"]["actor"] == [] and nobody["total"] == 0


def test_claims_and_events_pages_show_their_labels_in_one_language(client: TestClient) -> None:
    assert_one_language(
        client, "/claims", ("نوع المصدر", "منسوب إلى مصدر"), ("Source kind", "attributed to a source")
    )
    assert_one_language(
        client, "/events", ("الفاعل", "المستهدف", "تشاور"), ("Actor", "Target", "Consult"), actor="Putin"
    )


def test_pages_escape_the_text_and_keep_the_csp(client: TestClient) -> None:
    for url in ("/claims?limit=100", "/events?limit=100", ISSUE_URL):
        response = client.get(url)
        assert response.status_code == 200
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert HOSTILE_SCRIPT not in response.text
        assert " style=" not in response.text and "onclick" not in response.text
        assert '<html dir="rtl" lang="ar">' in response.text
    hostile = client.get("/claims?certainty=claimed").text
    assert "&lt;script&gt;" in hostile
