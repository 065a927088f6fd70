"""Atom feeds of searches and stories, CSV and JSONL exports of a search — both backends, over
the sample store (hostile article and story included)."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from serve_samples import HOSTILE_SCRIPT, HOSTILE_STORY_TITLE

from marsad.model import Article, Block, Byline, Label, Source
from marsad.serve.feeds import EXPORT_COLUMNS, atom_date, csv_safe, xml_text
from marsad.store import open_store
from settings_override import override_app_settings

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")


def feed(client: TestClient, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/atom+xml")
    root = etree.fromstring(r.content)
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        el = root.find(f"{A}{name}")
        assert el is not None and el.text, name
    assert RFC3339.match(root.findtext(f"{A}updated") or "")
    assert root.find(f"{A}author/{A}name") is not None  # or every entry has its own
    for entry in root.iterfind(f"{A}entry"):
        for name in ("id", "title", "updated", "summary"):
            assert entry.find(f"{A}{name}") is not None, name
        assert entry.findtext(f"{A}id", "").startswith("urn:marsad:article:")
        assert RFC3339.match(entry.findtext(f"{A}updated") or ""), entry.findtext(f"{A}updated")
        link = entry.find(f"{A}link")
        assert link is not None and link.get("href", "").startswith("http://testserver/articles/")
    return root


def entry_ids(root: Any) -> list[str]:
    return [e.findtext(f"{A}id").removeprefix("urn:marsad:article:") for e in root.iterfind(f"{A}entry")]


def test_search_feed_lists_the_search_hits(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "حريق", "limit": 50}).json()["hits"]
    root = feed(client, "/search.atom?q=حريق")
    assert entry_ids(root) == [h["id"] for h in hits] and len(hits) == 3
    assert "حريق" in (root.findtext(f"{A}title") or "")
    alternate = root.find(f"{A}link[@rel='alternate']")
    assert alternate is not None and alternate.get("href", "").startswith("http://testserver/search?q=")
    first = root.find(f"{A}entry")
    assert first is not None and first.findtext(f"{A}title") == hits[0]["title"]
    assert first.find(f"{A}summary").get("type") == "text"


def test_feed_text_is_escaped_and_read_back_as_found(client: TestClient) -> None:
    r = client.get("/search.atom", params={"q": "الغدير"})
    assert HOSTILE_SCRIPT.encode() not in r.content  # escaped by the serializer
    root = feed(client, "/search.atom?q=الغدير")
    titles = [e.findtext(f"{A}title") for e in root.iterfind(f"{A}entry")]
    assert titles == [HOSTILE_STORY_TITLE]


def test_story_feed_lists_its_articles(client: TestClient, ids: dict[str, str]) -> None:
    story = client.get(f"/api/stories/{ids['fire_story']}").json()
    root = feed(client, f"/stories/{ids['fire_story']}.atom")
    assert entry_ids(root) == [a["id"] for a in story["articles"]]
    assert len(entry_ids(root)) == 4  # three reports and the wire's reprint
    assert root.findtext(f"{A}id") == f"urn:marsad:story:{ids['fire_story']}"


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/stories/nope.atom", 404, "no story"),
        ("/search.atom?since=2024-13-45", 422, "since"),
        ("/search.csv?until=soon", 422, "until"),
        ("/search.jsonl?lang=" + "x" * 40, 422, "lang"),
    ],
)
def test_bad_requests_are_clear_errors(client: TestClient, url: str, status: int, words: str) -> None:
    r = client.get(url)
    assert r.status_code == status and words in r.text


def csv_rows(client: TestClient, url: str) -> list[list[str]]:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert r.text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(r.text.removeprefix("\ufeff"))))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    return rows[1:]


def test_csv_and_jsonl_export_the_whole_search(client: TestClient) -> None:
    everything = client.get("/api/search", params={"limit": 100}).json()
    rows = csv_rows(client, "/search.csv")
    assert [r[0] for r in rows] == [h["id"] for h in everything["hits"]] and len(rows) == everything["total"]
    r = client.get("/search.jsonl", params={"outlet": "الأفق"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in r.text.splitlines()]
    expected = client.get("/api/search", params={"outlet": "الأفق"}).json()["hits"]
    assert [x["id"] for x in lines] == [h["id"] for h in expected] and len(lines) == 2
    assert set(lines[0]) == {*EXPORT_COLUMNS, "score"}
    assert "<mark>" not in r.text


def test_exports_stop_at_the_row_cap(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    override_app_settings(monkeypatch, client.app, export_max_rows=2)
    r = client.get("/search.jsonl")
    assert r.headers["x-marsad-row-cap"] == "2"
    assert len(r.text.splitlines()) == 2
    assert len(csv_rows(client, "/search.csv")) == 2


def test_csv_cells_cannot_run_formulas(client: TestClient, sample_db: tuple[str, dict[str, str]]) -> None:
    title = '=HYPERLINK("http://evil.example","x")'
    store = open_store(sample_db[0])
    try:
        store.put(
            Article(
                source=Source(url="https://x.example/formula", format="html"),
                title=title,
                byline=Byline("@outlet", outlet="@outlet"),
                blocks=[Block(0, title, Label.TITLE), Block(1, "-2+3 نص عن الصيغ الخبيثة", Label.PARAGRAPH)],
                language="ar",
            )
        )
    finally:
        store.close()
    rows = csv_rows(client, "/search.csv?q=الصيغ")
    assert len(rows) == 1
    row = dict(zip(EXPORT_COLUMNS, rows[0], strict=True))
    assert row["title"] == "'" + title and row["outlet"] == "'@outlet"
    assert row["snippet"].startswith("'-2+3")


def test_helpers() -> None:
    assert [csv_safe(v) for v in ("=1", "+1", "-1", "@a", "\tx", "ok", None, 3)] == [
        "'=1", "'+1", "'-1", "'@a", "'\tx", "ok", "", "3",
    ]  # fmt: skip
    assert xml_text("a\x00b\x1fc\ufffe d\t") == "abc d\t"
    assert atom_date("2024-04-12") == "2024-04-12T00:00:00Z"
    assert atom_date("2024-03-05T10:00:00+02:00") == "2024-03-05T10:00:00+02:00"
    assert atom_date("yesterday") is None and atom_date(None) is None
