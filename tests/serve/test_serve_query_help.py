"""The query language's help page (serve/query_help.py): Arabic first, every example runs."""

from __future__ import annotations

from fastapi.testclient import TestClient
from page_tags import Tags

from marsad.serve.query_help import EXAMPLES


def test_help_page(client: TestClient) -> None:
    r = client.get("/help")
    assert r.status_code == 200
    tags = Tags(r.text)
    assert tags.find("html", dir="rtl", lang="ar")
    examples = [a["href"] or "" for a in tags.find("a") if (a.get("href") or "").startswith("/search?q=")]
    assert len(examples) == len(EXAMPLES)
    for href in examples:  # every example is a well-formed query that runs
        assert client.get(href).status_code == 200, href
    for word in ("OR", "outlet:", "entity:", "since:", "until:", "مصدر:", "«الرئيس الفرنسي»"):
        assert word in r.text, word
    assert "style=" not in r.text and "<script>" not in r.text
