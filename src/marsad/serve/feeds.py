"""Feeds and export of a search: Atom 1.0 for any search or story, CSV and JSONL downloads.

`/search.atom`, `/search.csv` and `/search.jsonl` take exactly the search page's parameters (the
same `search_query` dependency, so the same validation and 422s); `/stories/{id}.atom` follows a
story. Atom is built with lxml (every text escaped by the serializer; characters XML cannot hold
are dropped first). Exports stream page by page from a store borrowed for the whole download,
stop at `Settings.export_max_rows` (said in the `X-Marsad-Row-Cap` header), and neutralise
spreadsheet formulas: a CSV cell starting with = + - @ (or a tab / carriage return, which some
spreadsheets skip before one) gets a leading quote, so opening the file runs nothing.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response, StreamingResponse
from lxml import etree

from marsad.serve.api import StoreDep, search_query
from marsad.serve.markup import article_path, story_path
from marsad.serve.params import StoryId
from marsad.serve.stores import StorePool
from marsad.store.base import Hit, SearchQuery, StoryRecord
from marsad.store.saved import query_params

__all__ = ["EXPORT_COLUMNS", "atom_date", "csv_safe", "router", "xml_text"]

router = APIRouter(include_in_schema=False)

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
# Columns of a CSV export (and keys of a JSONL line, which adds the score).
EXPORT_COLUMNS = ("id", "published", "outlet", "title", "story", "reprints", "link", "snippet")
# Characters XML 1.0 cannot carry at all (C0 controls but tab/newline/CR, lone surrogates, FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MARK_TAG = re.compile(r"</?mark>")
# First characters a spreadsheet reads as the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xml_text(value: str | None) -> str:
    return _NOT_XML.sub("", value or "")


def csv_safe(value: object) -> str:
    """A cell's text, quoted with ' when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def atom_date(value: str | None) -> str | None:
    """An RFC 3339 timestamp (Atom's date form) of a stored date; a date without zone is UTC."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")


def _plain(snippet: str) -> str:
    """A store snippet (escaped text, matches in <mark>) as plain text."""
    return html.unescape(_MARK_TAG.sub("", snippet))


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


# --- Atom ---------------------------------------------------------------------------------------
class _Atom:
    """An Atom feed being built: `entry` per item, then `response`."""

    def __init__(self, request: Request, feed_id: str, title: str, alternate: str) -> None:
        self.feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})  # type: ignore[dict-item]
        self.feed.set("{http://www.w3.org/XML/1998/namespace}lang", "ar")
        self._add(self.feed, "id", feed_id)
        self._add(self.feed, "title", title)
        self.updated = self._add(self.feed, "updated", "")
        self._link(self.feed, str(request.url), "self", "application/atom+xml")
        self._link(self.feed, alternate, "alternate", "text/html")
        author = self._add(self.feed, "author", None)
        self._add(author, "name", "Marsad")
        self._add(self.feed, "generator", "Marsad")
        self.latest: str | None = None

    @staticmethod
    def _add(parent: Any, name: str, text: str | None) -> Any:
        el = etree.SubElement(parent, f"{{{ATOM_NS}}}{name}")
        if text is not None:
            el.text = xml_text(text)
        return el

    @staticmethod
    def _link(parent: Any, href: str, rel: str, type_: str | None = None) -> None:
        link = etree.SubElement(parent, f"{{{ATOM_NS}}}link", href=xml_text(href), rel=rel)
        if type_:
            link.set("type", type_)

    def entry(
        self, entry_id: str, title: str, href: str, when: str | None, summary: str, author: str | None
    ) -> None:
        updated = atom_date(when)
        if updated and (self.latest is None or updated > self.latest):
            self.latest = updated
        e = self._add(self.feed, "entry", None)
        self._add(e, "id", f"urn:marsad:article:{entry_id}")
        self._add(e, "title", title or entry_id)
        self._link(e, href, "alternate", "text/html")
        # An undated article takes the feed's date (set in `response`): Atom wants one per entry.
        self._add(e, "updated", updated or "")
        if author:
            self._add(self._add(e, "author", None), "name", author)
        self._add(e, "summary", summary).set("type", "text")

    def response(self) -> Response:
        now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        self.updated.text = self.latest or now
        for el in self.feed.iterfind(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}updated"):
            if not el.text:
                el.text = self.updated.text
        body = etree.tostring(self.feed, xml_declaration=True, encoding="utf-8")
        return Response(body, media_type=ATOM_TYPE)


def _search_title(query: SearchQuery) -> str:
    parts = [f"{k}={v}" for k, v in query_params(query).items()]
    return "مرصد · Marsad: " + (" · ".join(parts) if parts else "كل الأخبار · all news")


@router.get("/search.atom")
def search_feed(
    request: Request, store: StoreDep, query: Annotated[SearchQuery, Depends(search_query)]
) -> Response:
    """The search's first `feed_max_entries` hits (its own order: ranked, or newest first)."""
    query.offset, query.limit = 0, store.settings.feed_max_entries
    params = query_params(query)
    page = f"{_base(request)}/search?{urlencode(params)}" if params else f"{_base(request)}/search"
    atom = _Atom(request, f"urn:marsad:search:{urlencode(params)}", _search_title(query), page)
    for h in store.search(query).hits:
        link = _base(request) + article_path(h.id)
        atom.entry(h.id, h.title or "", link, h.published, _plain(h.snippet), h.outlet)
    return atom.response()


@router.get("/stories/{story_id}.atom")
def story_feed(request: Request, story_id: StoryId, store: StoreDep) -> Response:
    """A story's member articles (the first ones a story page lists)."""
    record: StoryRecord | None = store.story(story_id, detail=False)
    if record is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    page = _base(request) + story_path(record.id)
    title = f"مرصد · Marsad: {record.title or record.id}"
    atom = _Atom(request, f"urn:marsad:story:{record.id}", title, page)
    for a in record.articles[: store.settings.feed_max_entries]:
        summary = " · ".join(x for x in (a.outlet, (a.published or "")[:10]) if x)
        atom.entry(a.id, a.title or "", _base(request) + article_path(a.id), a.published, summary, a.outlet)
    return atom.response()


# --- CSV and JSONL ------------------------------------------------------------------------------
def _rows(pool: StorePool, query: SearchQuery, base: str) -> Iterator[dict[str, Any]]:
    """Hits of the whole search from its first (the page's offset and limit do not apply) up to
    the cap, as export rows, from a store held meanwhile (the request's own is given back before
    a streamed body is sent)."""
    with pool.use() as store:
        cap = store.settings.export_max_rows
        offset = 0
        while offset < cap:
            page = replace(query, offset=offset, limit=min(store.settings.export_page_rows, cap - offset))
            hits = store.search(page).hits
            for h in hits:
                yield _row(h, base)
            if len(hits) < page.limit:
                return
            offset += len(hits)


def _row(h: Hit, base: str) -> dict[str, Any]:
    return {
        "id": h.id,
        "published": h.published,
        "outlet": h.outlet,
        "title": h.title,
        "story": h.story,
        "reprints": h.reprints,
        "link": base + article_path(h.id),
        "snippet": _plain(h.snippet),
        "score": h.score,
    }


def _download(body: Iterator[str], media_type: str, name: str, cap: int) -> StreamingResponse:
    return StreamingResponse(
        (chunk.encode("utf-8") for chunk in body),
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Marsad-Row-Cap": str(cap),
        },
    )


def _csv_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    # A byte-order mark: spreadsheets then read the file as UTF-8, not as the system's code page.
    writer.writerow(EXPORT_COLUMNS)
    yield "\ufeff" + buf.getvalue()
    for row in rows:
        buf.seek(0)
        buf.truncate()
        writer.writerow([csv_safe(row[c]) for c in EXPORT_COLUMNS])
        yield buf.getvalue()


@router.get("/search.csv")
def search_csv(request: Request, query: Annotated[SearchQuery, Depends(search_query)]) -> StreamingResponse:
    rows = _rows(request.app.state.stores, query, _base(request))
    return _download(
        _csv_lines(rows),
        "text/csv; charset=utf-8",
        "marsad-search.csv",
        request.app.state.stores.settings.export_max_rows,
    )


@router.get("/search.jsonl")
def search_jsonl(request: Request, query: Annotated[SearchQuery, Depends(search_query)]) -> StreamingResponse:
    rows = _rows(request.app.state.stores, query, _base(request))
    lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return _download(
        lines,
        "application/x-ndjson; charset=utf-8",
        "marsad-search.jsonl",
        request.app.state.stores.settings.export_max_rows,
    )
