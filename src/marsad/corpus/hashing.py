"""Content hashes: the identity of a page for idempotent ingest and exact-duplicate detection.

The hash is taken over what the page *is* (its decoded text or HTML, NFC), not over where it came
from, so the same page read from two paths, or ingested twice, has one hash. Articles built
without a page (tests, JSONL of extracted articles) hash their readable text instead.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Final

from marsad.model import Article, Page

__all__ = ["article_id", "content_hash", "page_hash"]

# Article ids are a prefix of the hash: 64 bits keep collisions negligible far beyond 1M articles
# (birthday bound ~4e9) while staying short enough for URLs.
ID_HEX_DIGITS: Final = 16  # fact: the id format (stored ids and URLs depend on it)


def _digest(text: str) -> str:
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def page_hash(page: Page) -> str:
    """sha256 of the page's text (or HTML when it has no text)."""
    return _digest(page.text if page.text is not None else page.html or "")


def content_hash(article: Article) -> str:
    """The article's hash: the one already set, else its page's, else its readable text's."""
    if article.content_hash:
        return article.content_hash
    if article.page is not None:
        return page_hash(article.page)
    return _digest("\n".join(b.text for b in article.blocks) or article.body_text)


def article_id(hash_hex: str) -> str:
    """The store id of an article with this content hash."""
    return hash_hex[:ID_HEX_DIGITS]
