"""Safe HTML from untrusted page text and character offsets.

Every string that came from a page is hostile until escaped. Templates escape by themselves
(autoescape); this module is the one place that builds HTML *around* page text (entity links,
claim marks, search highlights), so it escapes each piece of text itself with `markupsafe.escape`
and only then wraps it. Nothing here ever marks page text as safe without escaping it first.

Bidi embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069) are shown as visible
markers instead of being obeyed: an RLO in a page would otherwise reverse the text that follows
it on screen ("Trojan Source" spoofing). The stored text and the JSON API keep them as found.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

__all__ = [
    "CERTAINTY_SYMBOLS",
    "ClaimSpan",
    "EventSpan",
    "LinkSpan",
    "annotate",
    "article_path",
    "entity_path",
    "highlight",
    "neutralise_bidi",
    "outlet_path",
    "safe_href",
    "snippet_html",
    "story_path",
    "text_html",
]

# Embeddings, overrides and isolates. LRM/RLM/ALM are harmless marks and stay.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_CONTROL_TABLE = {ord(c): f"[U+{ord(c):04X}]" for c in BIDI_CONTROLS}


def neutralise_bidi(text: str) -> str:
    """Plain-text form with bidi controls replaced by visible markers (safe inside attributes)."""
    return text.translate(_CONTROL_TABLE)


def text_html(text: str) -> Markup:
    """Escape page text for an element body; bidi controls become visible, inert markers."""
    out = escape(text)
    if not BIDI_CONTROLS.intersection(text):
        return out
    parts: list[str] = []
    for ch in str(out):
        if ch in BIDI_CONTROLS:
            parts.append(f'<span class="ctl" title="U+{ord(ch):04X}">U+{ord(ch):04X}</span>')
        else:
            parts.append(ch)
    return Markup("".join(parts))


def safe_href(url: str | None) -> str | None:
    """The URL when it is absolute http(s); None for javascript:, data:, relative or odd URLs."""
    if not url:
        return None
    url = url.strip()
    # Browsers drop tabs/newlines and leading control characters inside schemes ("java\tscript:").
    if any(ord(c) < 0x20 or c in BIDI_CONTROLS for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def entity_path(entity_id: str) -> str:
    """URL path of an entity page; ids are opaque strings, so every character is quoted."""
    return "/entities/" + quote(entity_id, safe="")


def article_path(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def story_path(story_id: str) -> str:
    return "/stories/" + quote(story_id, safe="")


def outlet_path(name: str) -> str:
    """URL path of an outlet page (issue 13.4): names hold spaces, slashes, any script."""
    return "/outlets/" + quote(name, safe="")


@dataclass(frozen=True, slots=True)
class LinkSpan:
    """A mention rendered as a link to its entity page."""

    start: int
    end: int
    entity_id: str
    entity_type: str
    title: str


@dataclass(frozen=True, slots=True)
class EventSpan:
    """An event's trigger word, marked with its type in `title`."""

    start: int
    end: int
    event_type: str
    title: str


# A symbol per certainty level, shown with its word: the level must not rest on colour alone
# (WCAG 1.4.1). Symbols from DejaVu Sans, which every Debian desktop and our Chromium have.
CERTAINTY_SYMBOLS = {
    "asserted": "✓",
    "reported": "❞",
    "probable": "≈",
    "possible": "?",
    "claimed": "⚠",
    "denied": "✗",
}


@dataclass(frozen=True, slots=True)
class ClaimSpan:
    """A claim rendered as a span marked by certainty, its source chain in `title`; `tag` is the
    certainty's word, shown after the claim with the level's symbol."""

    start: int
    end: int
    certainty: str
    title: str
    anchor: str  # id of the <details> that lists the full source chain
    tag: str = ""


Inner = LinkSpan | EventSpan
_S = TypeVar("_S", LinkSpan, ClaimSpan, EventSpan, Inner)


def _valid(start: int, end: int, length: int) -> bool:
    return 0 <= start < end <= length


def _non_overlapping(spans: Iterable[_S], length: int) -> list[_S]:
    """Drop invalid spans and those overlapping an earlier (then longer) one: tags must nest."""
    kept: list[_S] = []
    last_end = 0
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if _valid(s.start, s.end, length) and s.start >= last_end:
            kept.append(s)
            last_end = s.end
    return kept


def _css_token(value: str) -> str:
    """A class-name-safe token: letters, digits and '-' only (values come from models, not pages)."""
    token = "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in value.lower())
    return token or "unknown"


def _inner_html(text: str, span: Inner, s: int, e: int) -> Markup:
    if isinstance(span, EventSpan):
        return Markup('<span class="ev ev-{}" title="{}">{}</span>').format(
            _css_token(span.event_type), neutralise_bidi(span.title), text_html(text[s:e])
        )
    return Markup('<a class="ent ent-{}" href="{}" title="{}">{}</a>').format(
        _css_token(span.entity_type),
        entity_path(span.entity_id),
        neutralise_bidi(span.title),
        text_html(text[s:e]),
    )


def _links_html(text: str, a: int, b: int, links: Sequence[Inner]) -> Markup:
    out: list[str] = []
    pos = a
    for link in links:
        s, e = max(link.start, a), min(link.end, b)
        if s >= e:
            continue
        out.append(text_html(text[pos:s]))
        out.append(_inner_html(text, link, s, e))
        pos = e
    out.append(text_html(text[pos:b]))
    return Markup("").join(out)


def _claim_tag(c: ClaimSpan) -> Markup:
    if not c.tag:
        return Markup("")
    symbol = CERTAINTY_SYMBOLS.get(c.certainty, "•")
    return Markup('<span class="cert-tag"><span aria-hidden="true">{}</span> {}</span>').format(
        symbol, neutralise_bidi(c.tag)
    )


def annotate(
    text: str,
    links: Iterable[LinkSpan] = (),
    claims: Iterable[ClaimSpan] = (),
    events: Iterable[EventSpan] = (),
) -> Markup:
    """HTML for one block: claims as outer spans, entity links and event triggers inside them.

    Spans whose offsets fall outside the text or cross an earlier span are dropped rather than
    guessed at (a trigger inside a name loses to the name); a mention that straddles a claim edge
    is split into two links to the same page.
    """
    n = len(text)
    inner: list[Inner] = [*links, *events]
    kept_links = _non_overlapping(inner, n)
    kept_claims = _non_overlapping(claims, n)
    out: list[str] = []
    pos = 0
    for c in kept_claims:
        if pos < c.start:
            out.append(_links_html(text, pos, c.start, kept_links))
        out.append(
            Markup(
                '<span class="claim certainty-{}" title="{}" data-claim="{}" tabindex="0">{}{}</span>'
            ).format(
                _css_token(c.certainty),
                neutralise_bidi(c.title),
                c.anchor,
                _links_html(text, c.start, c.end, kept_links),
                _claim_tag(c),
            )
        )
        pos = c.end
    out.append(_links_html(text, pos, n, kept_links))
    return Markup("").join(out)


def highlight(text: str, ranges: Iterable[tuple[int, int]]) -> Markup:
    """Escape `text` and wrap the given character ranges in <mark> (search snippets)."""
    out: list[str] = []
    pos = 0
    for s, e in sorted(ranges):
        s = max(s, pos)
        if not _valid(s, e, len(text)):
            continue
        out.append(text_html(text[pos:s]))
        out.append(Markup("<mark>{}</mark>").format(text_html(text[s:e])))
        pos = e
    out.append(text_html(text[pos:]))
    return Markup("").join(out)


_MARK_TAG = re.compile(r"(</?mark>)")


def snippet_html(snippet: str) -> Markup:
    """Re-build a store snippet ("escaped text, matches in <mark>") from scratch.

    The store promises safe HTML; the UI does not take that on trust: the text between <mark>
    tags is unescaped and escaped again here, so only <mark> can survive, whatever the backend did.
    """
    ranges: list[tuple[int, int]] = []
    text: list[str] = []
    length = 0
    start: int | None = None
    for part in _MARK_TAG.split(snippet):
        if part == "<mark>":
            start = length
        elif part == "</mark>":
            if start is not None and length > start:
                ranges.append((start, length))
            start = None
        elif part:
            plain = html.unescape(part)
            text.append(plain)
            length += len(plain)
    return highlight("".join(text), ranges)
