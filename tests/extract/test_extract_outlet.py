"""Outlets and stated metadata: the input's own fields win, the URL's host is the last resort."""

from __future__ import annotations

import json

import pytest

import marsad
from marsad.config import SETTINGS
from marsad.extract.outlet import host_outlet, resolve_outlet
from marsad.model import Article, Byline, Given, Page, Source
from marsad.read import read_bytes

BODY = "قال الوزير إن المحادثات قد تستأنف الأسبوع المقبل.\nوأضاف أن الوفد سيصل غدا إلى العاصمة."


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.alarabiya.net/ar/politics/2024", "alarabiya.net"),
        ("http://News.Example.org:8080/a?b=c", "news.example.org"),
        ("https://localhost/x", None),  # not a site name
        ("not a url", None),
        (None, None),
        ("http://[::1", None),  # malformed: no crash
    ],
)
def test_host_outlet(url: str | None, host: str | None) -> None:
    assert host_outlet(url) == host


def test_stated_outlet_beats_site_name_byline_and_host() -> None:
    src = Source(url="https://www.aawsat.com/a")
    a = Article(src, page=Page(src, text="x", given=Given(outlet="الشرق الأوسط")), site_name="Site")
    a.byline = Byline("بقلم فلان - رويترز", outlet="رويترز")
    assert resolve_outlet(a) == "الشرق الأوسط"
    a.page.given = None  # type: ignore[union-attr]
    assert resolve_outlet(a) == "Site"
    a.site_name = None
    assert resolve_outlet(a) == "رويترز"
    a.byline = None
    assert resolve_outlet(a) == "aawsat.com"
    a.source.url = None
    assert resolve_outlet(a) is None


def test_jsonl_fields_travel_into_the_article() -> None:
    rec = {"id": 42, "url": "https://www.alarabiya.net/a", "title": "عنوان معلن", "published": "2018-04-14T09:30:00Z",
           "outlet": "العربية", "text": BODY}  # fmt: skip
    a = marsad.extract(json.dumps(rec, ensure_ascii=False).encode())
    assert (a.source.id, a.title, a.outlet) == ("42", "عنوان معلن", "العربية")
    assert a.published == "2018-04-14T09:30:00+00:00"  # stated date wins, normalised to ISO
    rec.pop("outlet")
    assert marsad.extract(json.dumps(rec, ensure_ascii=False).encode()).outlet == "alarabiya.net"


def test_a_published_value_that_is_not_a_date_quarantines_the_record_with_its_reason() -> None:
    rec = {"url": "https://x.example/a", "published": "yesterday", "text": BODY}
    (a,) = list(read_bytes(json.dumps(rec).encode(), settings=SETTINGS))
    assert a.rejected is not None and "published" in a.rejected.reason and "yesterday" in a.rejected.reason
