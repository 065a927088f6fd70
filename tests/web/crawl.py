"""Find every page of a running reading room by following its links from `/` (the nav included).

One URL per route pattern: path segments after the first are ids and collapse ("/articles/{}"),
and a page with a query string is its own pattern ("/?…": search results, filtered listings), so
pages other parts of Marsad add later are found without naming them here. Links that answer 404
(a nav link to a section not built yet) or 401/403 (a page behind the token) are kept apart for
the caller to report. Used by
tests/web/test_every_page.py and scripts/screenshots.py.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

__all__ = ["Crawl", "crawl", "pattern", "slug"]

# Not reading-room pages: the JSON API, the vendored Swagger UI (its own test: test_docs.py),
# static files and SVG charts (no page of their own).
SKIP_PREFIXES = ("/api", "/docs", "/openapi.json", "/static", "/charts")
# The language switch (?ui=) shows the same page; the test visits each page in both languages.
SKIP_PARAMS = frozenset({"ui"})
# Answers listed rather than failed: not built yet (404), behind the write token (401, 403).
REPORTED = frozenset({401, 403, 404})


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def pattern(url: str) -> str:
    """ "/articles/ab12?x=1" → "/articles/{}?…"; "/" → "/"."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    path = "/" + "/".join(segments[:1] + ["{}"] * (len(segments) - 1))
    return path + ("?…" if parts.query else "")


def slug(key: str) -> str:
    """A file name for a pattern: "/" → "home", "/articles/{}" → "articles-id", "/?…" → "home-query"."""
    path, query = key.removesuffix("?…"), key.endswith("?…")
    name = "-".join("id" if s == "{}" else s for s in path.strip("/").split("/") if s) or "home"
    return name + ("-query" if query else "")


@dataclass
class Crawl:
    pages: dict[str, str] = field(default_factory=dict)  # pattern → the first URL found for it
    missing: list[tuple[int, str, str]] = field(default_factory=list)  # (status, URL, linked from)


def _same_origin_links(base: str, page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        url = urldefrag(urljoin(page_url, href)).url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != base or parts.path.startswith(SKIP_PREFIXES):
            continue
        if any(k in SKIP_PARAMS for k, _ in parse_qsl(parts.query)):
            continue
        out.append(url)
    return out


def _get(url: str) -> tuple[int, str, str]:
    """(status, content type, body) of a GET, redirects followed."""
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers.get("content-type", ""), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("content-type", ""), e.read().decode("utf-8", "replace")


def crawl(base: str, limit: int = 60) -> Crawl:
    """Breadth first from `base`/: each new pattern's first URL is fetched and its links followed.

    Raises AssertionError on any other answer than 200 or REPORTED (a 500 is a bug, not a gap)."""
    found = Crawl()
    queue: deque[tuple[str, str]] = deque([(base + "/", "")])
    seen: set[str] = set()
    while queue and len(found.pages) < limit:
        url, source = queue.popleft()
        key = pattern(url)
        if key in found.pages or url in seen:
            continue
        seen.add(url)
        status, ctype, body = _get(url)
        if status in REPORTED:
            found.missing.append((status, url, source))
            continue
        assert status == 200, f"{url} (linked from {source}) answered {status}"
        if not ctype.startswith("text/html"):
            continue
        found.pages[key] = url
        queue.extend((link, url) for link in _same_origin_links(base, url, body))
    return found
