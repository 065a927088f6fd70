"""The query language's help page (serve/query_help.py): Arabic by default, English with ?ui=en,
every example runs."""

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
    assert "<h1>لغة البحث</h1>" in r.text and "أخطاء شائعة" in r.text
    assert "Query language" not in r.text and "Common mistakes" not in r.text  # one language per label


def test_help_page_in_english(client: TestClient) -> None:
    r = client.get("/help", params={"ui": "en"})
    assert r.status_code == 200
    assert Tags(r.text).find("html", dir="ltr", lang="en")
    assert "<h1>Query language</h1>" in r.text and "Common mistakes" in r.text
    assert "Either word (OR in capitals)" in r.text  # an example's explanation, from its key
    for arabic in ("لغة البحث", "أخطاء شائعة", "إحدى الكلمتين على الأقل"):
        assert arabic not in r.text, arabic
    # the examples themselves are queries: the same in both languages
    examples = [a["href"] for a in Tags(r.text).find("a") if (a.get("href") or "").startswith("/search?q=")]
    assert examples == [ex.url for ex in EXAMPLES]


def test_help_page_refuses_an_unknown_interface_language(client: TestClient) -> None:
    r = client.get("/help", params={"ui": "fr"})
    assert r.status_code == 400 and "not one of ar, en" in r.text
