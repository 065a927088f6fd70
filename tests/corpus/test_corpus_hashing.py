"""Content hashes identify a page by what it is, not where it came from."""

from __future__ import annotations

import unicodedata

from marsad.corpus.hashing import article_id, content_hash, page_hash
from marsad.model import Article, Block, Label, Page, Source


def test_same_page_same_hash_wherever_it_came_from() -> None:
    a = Article(Source(path="/a"), page=Page(Source(path="/a"), text="نص الصفحة"))
    b = Article(Source(path="/b", url="https://x"), page=Page(Source(path="/b"), text="نص الصفحة"))
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash(Article(Source(), page=Page(Source(), text="نص آخر")))


def test_hash_is_nfc_insensitive_and_prefers_existing() -> None:
    nfd = unicodedata.normalize("NFD", "أخبار")
    assert page_hash(Page(Source(), text=nfd)) == page_hash(Page(Source(), text="أخبار"))
    a = Article(Source(), content_hash="ab" * 32)
    assert content_hash(a) == "ab" * 32
    assert article_id(content_hash(a)) == "ab" * 8


def test_articles_without_a_page_hash_their_blocks() -> None:
    a = Article(Source(), blocks=[Block(0, "عنوان", Label.TITLE), Block(1, "نص", Label.PARAGRAPH)])
    b = Article(Source(), blocks=[Block(0, "عنوان", Label.TITLE), Block(1, "نص آخر", Label.PARAGRAPH)])
    assert len(content_hash(a)) == 64 and content_hash(a) != content_hash(b)
    html = Article(Source(), page=Page(Source(), html="<p>x</p>"))
    assert content_hash(html) == page_hash(Page(Source(), html="<p>x</p>"))
