"""Page metadata from what publishers declare: JSON-LD, OpenGraph and other <meta> tags, <time>.

Declared metadata is preferred to guessed metadata: a `datePublished` in JSON-LD is what the
publisher says, a date found in the text may belong to a photo caption or a copyright line. When
nothing is declared, `htmldate` looks for the original publication date (never the crawl date,
never "today"); a value that does not parse as a date is dropped, never repaired by guessing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from marsad.config import Settings

__all__ = ["ImageMeta", "PageMeta", "find_date_fallback", "iso_date", "read_meta"]

_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting", "report",
     "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle", "techarticle",
     "liveblogposting", "webpage", "posting", "socialmediaposting", "creativework", "recipe"}
)  # fmt: skip
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?"
)
_TITLE_SEPS = re.compile(r"\s+[|–—·•»:]\s+|\s+-\s+")


@dataclass(slots=True)
class ImageMeta:
    url: str | None = None
    caption: str | None = None
    credit: str | None = None


@dataclass(slots=True)
class PageMeta:
    """Metadata a page declares; every field None when the page does not say."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    updated: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    description: str | None = None
    images: list[ImageMeta] = field(default_factory=list)


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(str(text).split())
    return text or None


def iso_date(value: str | None, settings: Settings) -> str | None:
    """An ISO date or datetime from a declared value, or None when it does not parse.

    Keeps the precision the publisher gave: `2020-05-16` stays a date, `2020-05-16T08:30:00+02:00`
    stays a datetime (normalised to `YYYY-MM-DDTHH:MM:SS±HH:MM`). Years before
    `settings.meta_earliest_year` or after next year are not dates a page was published on.
    """
    if not value:
        return None
    m = _ISO.match(value.strip())
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        day = dt.date(y, mo, d)
    except ValueError:
        return None
    if not settings.meta_earliest_year <= y <= dt.date.today().year + 1:
        return None
    if m.group(4) is None:
        return day.isoformat()
    hh, mm, ss = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
    if hh > 23 or mm > 59 or ss > 59:
        return day.isoformat()
    tz = m.group(7)
    if tz and tz != "Z" and ":" not in tz:
        tz = tz[:3] + ":" + tz[3:]
    return f"{day.isoformat()}T{hh:02d}:{mm:02d}:{ss:02d}{'+00:00' if tz == 'Z' else (tz or '')}"


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD author/publisher value (string, object, or list of either)."""
    if isinstance(value, str):
        v = _clean(value)
        return [v] if v and not v.startswith(("http://", "https://")) else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            out += _names(v)
        return out
    return []


def _walk_jsonld(data: Any, found: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(data, list):
        for d in data:
            _walk_jsonld(d, found, depth + 1)
    elif isinstance(data, dict):
        types = data.get("@type")
        tlist = types if isinstance(types, list) else [types]
        if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in tlist):
            found.append(data)
        if "@graph" in data:
            _walk_jsonld(data["@graph"], found, depth + 1)
        if isinstance(data.get("mainEntity"), dict):
            _walk_jsonld(data["mainEntity"], found, depth + 1)


def _jsonld(tree: LexborHTMLParser, meta: PageMeta, s: Settings) -> None:
    found: list[dict[str, Any]] = []
    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text(deep=True) or ""
        if len(raw) > 1_000_000:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        _walk_jsonld(data, found)
    # A page's own article outranks a generic WebPage wrapper.
    found.sort(key=lambda d: str(d.get("@type")).lower() in ("webpage", "['webpage']"))
    for d in found:
        meta.title = meta.title or _clean(d.get("headline") if isinstance(d.get("headline"), str) else None)
        authors = _names(d.get("author"))
        if authors and meta.author is None:
            meta.author = "; ".join(dict.fromkeys(authors))
        meta.published = meta.published or iso_date(str(d.get("datePublished") or "") or None, s)
        meta.updated = meta.updated or iso_date(str(d.get("dateModified") or "") or None, s)
        pubs = _names(d.get("publisher"))
        meta.site_name = meta.site_name or (pubs[0] if pubs else None)
        meta.description = meta.description or _clean(
            d.get("description") if isinstance(d.get("description"), str) else None
        )
        if not meta.language and isinstance(d.get("inLanguage"), str):
            meta.language = d["inLanguage"]
        images = d.get("image")
        for img in images if isinstance(images, list) else [images]:
            if isinstance(img, dict) and (img.get("caption") or img.get("creditText")):
                cap = img.get("caption")
                cred = img.get("creditText") or img.get("copyrightHolder")
                cred_names = [cred] if isinstance(cred, str) else _names(cred)
                meta.images.append(
                    ImageMeta(
                        url=img.get("url") if isinstance(img.get("url"), str) else None,
                        caption=_clean(cap if isinstance(cap, str) else None),
                        credit=_clean(cred_names[0]) if cred_names else None,
                    )
                )


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    """First value of each <meta name|property|itemprop>, keys lower-cased."""
    out: dict[str, str] = {}
    for node in tree.css("meta"):
        a = node.attributes
        key = a.get("property") or a.get("name") or a.get("itemprop") or a.get("http-equiv")
        val = a.get("content")
        if key and val and val.strip():
            out.setdefault(key.strip().lower(), val.strip())
    return out


# Where pages mark their author in the body, most specific first (schema.org, rel, then classes).
_AUTHOR_SELECTORS = (
    '[itemprop="author"] [itemprop="name"]',
    '[itemprop="author"]',
    'a[rel="author"]',
    '[class~="author-name"], [class~="author__name"], [class~="byline__name"], [class~="fn"]',
    '[class~="author"] a, [class~="byline"] a, [class~="post-author"] a, [class~="entry-author"] a',
    '[class~="author"], [class~="byline"], [class~="post-author"], [class~="entry-author"]',
)
# "By", "Von", "Par", "بقلم" and the like before a name in a byline element.
_BY_PREFIX = re.compile(
    r"^(?:by|von|par|por|di|door|autor(?:in)?|author|written by|posted by|geschrieben von|بقلم|كتب|إعداد)\s*:?\s+",
    re.IGNORECASE,
)


def _dom_author(tree: LexborHTMLParser, s: Settings) -> str | None:
    """An author name marked up in the page body, when it looks like a name (a few words)."""
    for sel in _AUTHOR_SELECTORS:
        for node in tree.css(sel)[:3]:
            text = _clean(node.text(deep=True, separator=" "))
            if not text:
                continue
            text = _BY_PREFIX.sub("", text).strip(" ,:|-–—")
            if (
                text
                and 1 <= len(text.split()) <= s.meta_author_max_words
                and not any(c.isdigit() for c in text)
            ):
                return text
    return None


def _split_title(title: str, site_name: str | None) -> str:
    """Drop a site-name part from "Headline | Site": keep the longest part unless one is the site."""
    parts = [p for p in _TITLE_SEPS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    if site_name:
        rest = [p for p in parts if p.strip().casefold() != site_name.strip().casefold()]
        if len(rest) == len(parts) - 1:
            return " - ".join(rest) if len(rest) > 1 else rest[0]
    return max(parts, key=len)


_PUBLISHED_TAGS = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate", "date",
    "dc.date", "dc.date.issued", "dcterms.date", "sailthru.date", "parsely-pub-date", "publish-date",
    "release_date", "dcterms.created",
)  # fmt: skip


def _declared_published(tree: LexborHTMLParser, tags: dict[str, str], s: Settings) -> str | None:
    """The publication date a meta tag or a `<time pubdate>` element declares, or None."""
    for k in _PUBLISHED_TAGS:
        published = iso_date(tags.get(k), s)
        if published:
            return published
    for node in tree.css("time[datetime]"):
        a = node.attributes
        if "pubdate" in a or (a.get("itemprop") or "").lower() == "datepublished":
            return iso_date(a.get("datetime"), s)
    return None


def read_meta(tree: LexborHTMLParser, url: str | None = None, *, settings: Settings) -> PageMeta:
    """Everything the page declares about itself. Runs before pruning (JSON-LD lives in <script>)."""
    s = settings
    meta = PageMeta()
    _jsonld(tree, meta, s)
    tags = _meta_tags(tree)

    def tag(*keys: str) -> str | None:
        for k in keys:
            if k in tags:
                return _clean(tags[k])
        return None

    meta.site_name = meta.site_name or tag("og:site_name", "application-name", "twitter:site")
    if meta.site_name and meta.site_name.startswith("@"):
        meta.site_name = meta.site_name[1:] or None
    h1 = tree.css_first("h1")
    h1_text = _clean(h1.text(deep=True, separator=" ")) if h1 is not None else None
    if meta.title is None:
        og = tag("og:title", "twitter:title", "dc.title", "headline")
        head_title = tree.css_first("title")
        raw = og or (_clean(head_title.text()) if head_title is not None else None)
        if raw:
            meta.title = _split_title(raw, meta.site_name)
        if h1_text and (not meta.title or (h1_text in raw if raw else False)):
            meta.title = h1_text
        meta.title = meta.title or h1_text
    if meta.author is None:
        author = tag("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl")
        if author and not author.startswith(("http://", "https://")):
            meta.author = author
    if meta.author is None:
        meta.author = _dom_author(tree, s)
    if meta.published is None:
        meta.published = _declared_published(tree, tags, s)
    if meta.updated is None:
        meta.updated = iso_date(
            tags.get("article:modified_time") or tags.get("og:updated_time") or tags.get("datemodified"), s
        )
    meta.description = meta.description or tag(
        "og:description", "description", "twitter:description", "dc.description"
    )
    link = tree.css_first('link[rel="canonical"]')
    canonical = link.attributes.get("href") if link is not None else None
    meta.canonical_url = _clean(canonical) or tag("og:url") or url
    html = tree.css_first("html")
    lang = html.attributes.get("lang") or html.attributes.get("xml:lang") if html is not None else None
    lang = lang or tag("content-language", "og:locale", "language", "dc.language")
    if lang or meta.language:
        code = (meta.language or lang or "").strip().replace("_", "-").split("-")[0].lower()
        meta.language = code if re.fullmatch(r"[a-z]{2,3}", code) else None
    return meta


def find_date_fallback(html: str, url: str | None = None, *, settings: Settings) -> str | None:
    """The original publication date by htmldate's markup and URL rules, or None.

    htmldate's extensive search (dates anywhere in the text) would find about 4 % more gold dates
    on the development pages but costs ~5 ms per page, a quarter of the whole extraction; and
    dates in running text are the ones most often a caption's or a copyright line's.
    """
    from htmldate import find_date  # a core dependency, imported on first use (~0.3 s)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            got = find_date(html, url=url, original_date=True, extensive_search=False)
        except (ValueError, TypeError, RecursionError):
            return None
    day = iso_date(got, settings) if got else None
    if day and day.endswith("-01") and not _first_of_month_written(html, day):
        # htmldate fills a missing day with 01 ("2023-02", "/2023/02/" in a URL, an invalid
        # "2023-02-30"): that day is a guess, and a date is never guessed.
        return None
    return day


def _first_of_month_written(html: str, day: str) -> bool:
    """Whether the page writes this first-of-month date out in a numeric form."""
    y, m, _ = day.split("-")
    forms = (day, f"{y}/{m}/01", f"01.{m}.{y}", f"1.{int(m)}.{y}", f"01/{m}/{y}", f"{y}{m}01")
    return any(f in html for f in forms)
