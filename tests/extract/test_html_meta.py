"""Declared metadata: JSON-LD, OpenGraph / meta tags, <time>, canonical URL, language; ISO dates."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from marsad.config import SETTINGS
from marsad.extract.html_meta import find_date_fallback, iso_date, read_meta


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2020-05-16", "2020-05-16"),
        ("2020-05-16T08:30:00+02:00", "2020-05-16T08:30:00+02:00"),
        ("2020-05-16T08:30:00Z", "2020-05-16T08:30:00+00:00"),
        ("2020-05-16 08:30", "2020-05-16T08:30:00"),
        ("2020-05-16T08:30:00.123+0200", "2020-05-16T08:30:00+02:00"),
        ("2020-02-30", None),  # no such day: dropped, not repaired
        ("1970-01-01", None),  # epoch zero is template noise
        ("16.05.2020", None),  # not ISO: the declared fields are ISO or nothing
        ("", None),
    ],
)
def test_iso_date(raw: str, iso: str | None) -> None:
    assert iso_date(raw, SETTINGS) == iso


def test_jsonld_graph_and_lists() -> None:
    html = """<html lang="fr-FR"><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "WebPage", "name": "Page", "datePublished": "2001-01-01"},
      {"@type": ["NewsArticle"], "headline": "Le titre de l'article",
       "author": [{"@type": "Person", "name": "Ana Pérez"}, {"@type": "Person", "name": "Luc Martin"}],
       "datePublished": "2022-03-04T10:00:00+01:00", "publisher": {"name": "Le Quotidien"},
       "image": {"@type": "ImageObject", "url": "https://x/y.jpg", "caption": "La place",
                 "creditText": "AFP"}}]}
    </script></head><body><h1>Le titre</h1></body></html>"""
    meta = read_meta(LexborHTMLParser(html), "https://example.fr/a", settings=SETTINGS)
    assert meta.title == "Le titre de l'article"
    assert meta.author == "Ana Pérez; Luc Martin"
    assert meta.published == "2022-03-04T10:00:00+01:00"
    assert meta.site_name == "Le Quotidien"
    assert meta.language == "fr"
    assert meta.canonical_url == "https://example.fr/a"
    assert [(i.caption, i.credit) for i in meta.images] == [("La place", "AFP")]


def test_broken_jsonld_is_ignored() -> None:
    html = (
        '<html><head><script type="application/ld+json">{"headline": </script><title>T</title></head></html>'
    )
    assert read_meta(LexborHTMLParser(html), settings=SETTINGS).title == "T"


def test_opengraph_and_meta_tags() -> None:
    html = """<html><head><title>Wahl: Ergebnis steht fest | Tagesblatt</title>
    <meta property="og:site_name" content="Tagesblatt">
    <meta name="author" content="Max Muster">
    <meta name="date" content="2021-09-27">
    <meta property="article:modified_time" content="2021-09-28T07:00:00+02:00">
    <meta name="description" content="Die Auszählung ist beendet.">
    <link rel="canonical" href="https://tagesblatt.example/wahl">
    </head><body></body></html>"""
    meta = read_meta(LexborHTMLParser(html), "https://tagesblatt.example/wahl?utm=1", settings=SETTINGS)
    assert meta.title == "Wahl: Ergebnis steht fest"  # the site name part is cut
    assert meta.author == "Max Muster"
    assert meta.published == "2021-09-27"
    assert meta.updated == "2021-09-28T07:00:00+02:00"
    assert meta.description == "Die Auszählung ist beendet."
    assert meta.canonical_url == "https://tagesblatt.example/wahl"


def test_h1_preferred_when_title_carries_it() -> None:
    html = "<html><head><title>Breaking - Storm hits coast - Example News</title></head><body><h1>Storm hits coast</h1></body></html>"
    assert read_meta(LexborHTMLParser(html), settings=SETTINGS).title == "Storm hits coast"


def test_author_url_is_not_a_name() -> None:
    html = '<html><head><meta property="article:author" content="https://facebook.com/someone"></head></html>'
    assert read_meta(LexborHTMLParser(html), settings=SETTINGS).author is None


def test_time_element_with_pubdate() -> None:
    html = '<html><body><time datetime="2019-12-01T09:00:00Z" itemprop="datePublished">1 Dec</time></body></html>'
    assert read_meta(LexborHTMLParser(html), settings=SETTINGS).published == "2019-12-01T09:00:00+00:00"


def test_arabic_page_metadata() -> None:
    html = """<html lang="ar" dir="rtl"><head><title>صحيفة الوطن - انطلاق القمة العربية في الرياض</title>
    <meta property="og:site_name" content="صحيفة الوطن"></head><body></body></html>"""
    meta = read_meta(LexborHTMLParser(html), settings=SETTINGS)
    assert meta.title == "انطلاق القمة العربية في الرياض"
    assert meta.language == "ar" and meta.site_name == "صحيفة الوطن"


def test_htmldate_fallback_never_guesses_a_day() -> None:
    # Only a year and a month in the URL: htmldate would answer the 1st; that is a guess.
    html = "<html><body><p>Some text without a date.</p></body></html>"
    assert find_date_fallback(html, "https://example.com/2021/06/story.html", settings=SETTINGS) is None
    dated = '<html><body><p class="date">Published 2021-06-14</p><p>Text.</p></body></html>'
    assert find_date_fallback(dated, settings=SETTINGS) == "2021-06-14"
