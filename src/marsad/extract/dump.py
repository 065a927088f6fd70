"""Text dump → Article: label the lines, then read the article's fields off the labels.

Every line stays in `article.blocks` (chrome with its reason, blank lines as BLANK), so a reader
can see why each line was kept or dropped. Dates come only from a dateline that holds a value;
"Published / Last updated" with the values missing gives no date at all.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import cache

from marsad.config import Settings
from marsad.extract.byline import is_outlet, parse_byline
from marsad.extract.credits import parse_credit, split_caption
from marsad.extract.html_guard import check_lines, check_unicode
from marsad.extract.labeller import label_lines
from marsad.extract.lexicon import _ALEF, lexicon
from marsad.model import Article, Block, Byline, Image, Label, Page, Related

__all__ = [
    "article_from_blocks",
    "detect_language",
    "extract_dump",
    "extract_lines",
    "parse_dateline",
    "strip_site_suffix",
]

log = logging.getLogger(__name__)

_UPDATED = re.compile(
    r"updated|modified|تحديث|محدث|mis à jour|modifié|actualisé|aktualisiert|geändert|stand", re.IGNORECASE
)
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
# dateparser without its relative-time and timestamp parsers, and with a full date required:
# "2 hours ago" or "4 June" would need a reference date, and a dump gives none.
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DATES_FROM": "past",
    "PARSERS": ["custom-formats", "absolute-time"],
}


def extract_dump(page: Page, *, site_name: str | None = None, settings: Settings) -> Article:
    """Extract the article of a text-dump page (`page.text`), caps and thresholds from `settings`."""
    text = page.text or ""
    check_unicode(text)
    lines = text.split("\n")
    check_lines(lines, settings.max_line_chars, settings.max_blocks)
    return extract_lines(lines, page, site_name=site_name, settings=settings)


def extract_lines(
    lines: list[str], page: Page, *, site_name: str | None = None, settings: Settings
) -> Article:
    """Extract an article from the lines of a dump (or of HTML rendered as one)."""
    # Long lines carry the language; ~1,000 characters decide it (the model's cost grows with input).
    sample = "\n".join(s for s in lines if len(s) > 40)[:1000] or "\n".join(lines)[:1000]
    language = detect_language(sample)
    blocks = label_lines(lines, language, settings=settings)
    article = Article(source=page.source, page=page, language=language, site_name=site_name)
    return article_from_blocks(article, blocks, settings)


def article_from_blocks(article: Article, blocks: list[Block], settings: Settings) -> Article:
    """Fill title, lede, byline, dates, images, related and blocks from labelled blocks."""
    for k, b in enumerate(blocks):
        b.index = k
    article.blocks = blocks
    titles = [b for b in blocks if b.label is Label.TITLE]
    article.title = strip_site_suffix(titles[0].text, article.site_name) if titles else None
    ledes = [b for b in blocks if b.label is Label.LEDE]
    article.lede = ledes[0].text if ledes else None
    article.byline = _byline(blocks, article.site_name, settings)
    article.published, article.updated = _dates(blocks, article.language)
    article.images = _images(blocks, settings)
    article.related = [Related(text=b.text, line=b.line) for b in blocks if b.label is Label.RELATED_ITEM]
    return article


# "<headline> - <site>", "<headline> | <site>": a <title>-like line's separator before the site.
_SITE_SEP = re.compile(r"\s[-–—|]\s")


def strip_site_suffix(title: str, site_name: str | None = None) -> str:
    """The headline without a trailing site name ("… - سكاي نيوز عربية"): the part after the
    last separator must name an outlet (byline.is_outlet: the outlet table, the site's own name, a
    domain) and at least two words must stay before it."""
    parts = _SITE_SEP.split(title)
    if len(parts) < 2:
        return title
    head = title[: title.rfind(parts[-1])].rstrip(" -–—|")
    if len(head.split()) >= 2 and is_outlet(parts[-1].strip(), site_name):
        return head
    return title


def _byline(blocks: list[Block], site_name: str | None, settings: Settings) -> Byline | None:
    for b in blocks:
        if b.label is not Label.BYLINE:
            continue
        by = parse_byline(b.text, site_name, max_words=settings.byline_max_words)
        if by is None:
            # The model's byline without a cue word: a bare name ("John Smith").
            words = b.text.split()
            if not 1 <= len(words) <= 5:
                continue
            by = Byline(raw=b.text, person=b.text)
        by.line = b.line
        return by
    return None


def _dates(blocks: list[Block], language: str | None) -> tuple[str | None, str | None]:
    published: str | None = None
    updated: str | None = None
    for b in blocks:
        if b.label is not Label.DATELINE:
            continue
        for kind, value in parse_dateline(b.text, language):
            if kind == "updated":
                updated = updated or value
            else:
                published = published or value
        if published and updated:
            break
    return published, updated


def parse_dateline(text: str, language: str | None = None) -> list[tuple[str, str]]:
    """(published|updated, ISO date) pairs a dateline really holds; labels without values give none."""
    label_re = lexicon().date_label
    # Cut the line at each date label; the text after a label is its value.
    # lower() and the alef map keep offsets, so the cuts apply to the original text.
    cuts = list(re.finditer(label_re.pattern, text.lower().translate(_ALEF)))
    segments: list[tuple[str, str]] = []
    if not cuts:
        segments.append(("published", text))
    else:
        if cuts[0].start() > 0:
            segments.append(("published", text[: cuts[0].start()]))
        for a, m in enumerate(cuts):
            end = cuts[a + 1].start() if a + 1 < len(cuts) else len(text)
            kind = "updated" if _UPDATED.search(m.group(0)) else "published"
            segments.append((kind, text[m.end() : end]))
    out: list[tuple[str, str]] = []
    parse = _date_parser()
    for kind, seg in segments:
        seg = seg.strip(" :|-–—,")
        if not seg:
            continue  # a label with no value: never invent a date
        iso = parse(seg, language)
        if iso:
            out.append((kind, iso))
    return out


@cache
def _date_parser() -> Callable[[str, str | None], str | None]:
    """marsad.arabic.dates.parse_date first, then dateparser with full dates required."""
    from marsad.arabic.dates import parse_date as arabic_parse

    def parse(text: str, language: str | None) -> str | None:
        try:
            iso = arabic_parse(text)
        except (TypeError, ValueError):
            iso = None
        if iso:
            return iso
        import dateparser

        langs = [language] if language else None
        try:
            d = dateparser.parse(text, languages=langs, settings=_DATEPARSER_SETTINGS)
        except (ValueError, TypeError, OverflowError):
            return None
        if d is None:
            return None
        return d.isoformat(timespec="minutes") if _TIME.search(text) else d.date().isoformat()

    return parse


def _images(blocks: list[Block], settings: Settings) -> list[Image]:
    """Consecutive caption/credit lines (blank lines aside) make one figure."""
    images: list[Image] = []
    group: list[Block] = []

    def flush() -> None:
        if group:
            images.append(_image(group, settings))
            group.clear()

    for b in blocks:
        if b.label in (Label.CAPTION, Label.CREDIT):
            group.append(b)
        elif b.label is not Label.BLANK:
            flush()
    flush()
    return images


def _image(group: list[Block], settings: Settings) -> Image:
    img = Image(lines=[b.line for b in group if b.line is not None])
    for b in group:
        cap, cred = split_caption(b.text, settings.credit_tail_chars)
        if b.label is Label.CREDIT and cred is None:
            cred, cap = b.text, None
        if cap and img.caption is None and b.label is Label.CAPTION:
            img.caption = cap
        if cred:
            c = parse_credit(cred)
            img.photographer = img.photographer or c.photographer
            img.agency = img.agency or c.agency
            img.copyright = img.copyright or c.copyright
    return img


def detect_language(text: str) -> str | None:
    """The page's language (ISO 639-1), or None for text with no letters."""
    from marsad.arabic.langid import detect_language as arabic_detect

    try:
        return arabic_detect(text)
    except (ValueError, RuntimeError, OSError) as exc:
        log.warning("language detection failed: %s", exc)
        return None
