"""HTML page → Article: main text, metadata and the same block labels as the text-dump path.

The order of work, and why:
1. guard: size limit, empty page, nesting cut (html_guard) — nothing later can hang or recurse.
2. parse once with selectolax/lexbor (fast), read declared metadata (html_meta) while <script>
   JSON-LD is still there.
3. prune furniture (html_prune): navigation, footers, share widgets, ads, comments; recognise
   related-article links, figure captions and photo credits. Every removed line is kept as chrome
   with its reason. The pruned page is smaller, so the next step is faster and keeps less noise.
4. trafilatura (fast mode, no comments) finds the main text in what is left; its XML keeps the
   structure (<head>, <p>, <list>, <quote>, <table>), which becomes HEADING / PARAGRAPH blocks.
   When that text is short, trafilatura's full mode on the unpruned page gets a second chance
   (pruning can cut into an article; short results are where the fast mode loses recall). When
   nothing is found, paragraphs of the pruned page are a partial result. A lede that sits above
   the article body, which trafilatura leaves out, is put back (html_lede).
5. short interface lines left in the text (a date alone, "Photo: …", "Share", "Related") are
   labelled with the dump path's cue lexicon, and short lines that end the text after its last
   paragraph are chrome; title, lede, byline, dates, images and related items are filled from 2–4.

Time per page is bounded by the guard (size, depth) rather than by a timer: every later pass is
linear in the (cut) page, and trafilatura sees at most max_html_depth levels.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from marsad.config import Settings
from marsad.errors import ExtractError
from marsad.extract.byline import is_outlet, parse_byline
from marsad.extract.credits import has_credit, parse_credit, split_caption
from marsad.extract.dump import detect_language
from marsad.extract.html_guard import check_blocks, check_markup, check_size, check_unicode, limit_depth
from marsad.extract.html_lede import recover_lede
from marsad.extract.html_meta import PageMeta, find_date_fallback, read_meta
from marsad.extract.html_prune import RELATED_CUES, Pruned, prune
from marsad.extract.labeller import REASONS, RELATED_HEADER_REASON
from marsad.extract.lexicon import fold, lexicon
from marsad.extract.lines import ends_sentence
from marsad.model import Article, Block, Byline, Image, Label, Page, Related

__all__ = ["TRAILING_REASON", "extract_html"]

# Why a short block that ends the text after the last prose paragraph is chrome (_trim_tail).
TRAILING_REASON = "trailing short line"


def _norm(text: str | None) -> str:
    # split/join is `\s+` → " " plus strip (both use Unicode whitespace), at a third of the cost.
    return " ".join((text or "").split())


def _parse(html: str, settings: Settings) -> tuple[LexborHTMLParser, str]:
    """The parsed page and the source it came from (cut to max_html_depth when deeper)."""
    if html.count("<") > settings.html_depth_prescan_tags:
        # Enough tags for lexbor's quadratic-in-depth parse to cost seconds: cut before parsing
        # (limit_depth returns a shallow page unchanged after one scan).
        html = limit_depth(html, settings.max_html_depth)
        return LexborHTMLParser(html), html
    tree = LexborHTMLParser(html)
    # `* > * > …` matches only below max_html_depth levels; lexbor checks it in C in under a
    # millisecond, far cheaper than scanning a small page's tags in Python.
    deep = " > ".join(["*"] * settings.max_html_depth)
    if tree.css_first(deep) is not None:
        html = limit_depth(html, settings.max_html_depth)
        tree = LexborHTMLParser(html)
    return tree, html


def _element_text(el: Any) -> str:
    """Text of a trafilatura XML element in document order, line breaks and cells kept apart."""
    for node in el.iter("lb", "cell", "item"):
        if node is not el:
            node.tail = " " + (node.tail or "")
    return _norm("".join(el.itertext()))


def _item_text(item: Any) -> str:
    """A list item's own text: everything but its nested lists (those become blocks of their own)."""
    parts = [item.text or ""]
    for child in item:
        if child.tag != "list":
            parts.append(_element_text(child))
        parts.append(" " + (child.tail or ""))
    return _norm("".join(parts))


def _body_blocks(body: Any) -> list[Block]:
    blocks: list[Block] = []
    # Blocks that are a whole <p> or <head> of trafilatura's output: only those can end the text
    # as a stray line (list items and table rows are structure, however short each one is).
    single: list[bool] = []

    def add(text: str, label: Label, whole: bool = False) -> None:
        if text:
            blocks.append(Block(index=0, text=text, label=label))
            single.append(whole)

    for el in body:
        tag = el.tag
        if tag == "head":
            add(_element_text(el), Label.HEADING, True)
        elif tag == "list":
            for item in el.iter("item"):
                # Nested lists: an item's own text once, its sub-items as their own blocks.
                add(_item_text(item), Label.PARAGRAPH)
        elif tag == "table":
            for row in el.iter("row"):
                add(_element_text(row), Label.PARAGRAPH)
        elif tag == "graphic":
            continue
        else:
            add(_element_text(el), Label.PARAGRAPH, tag == "p")
    # The trailing run of whole short blocks is marked here, where the structure is known, and
    # becomes chrome in _trim_tail once bylines (short lines too) have been taken.
    for b, whole in zip(reversed(blocks), reversed(single), strict=True):
        if not whole:
            break
        b.reason = TRAILING_REASON
    return blocks


def _trafilatura_blocks(html: str, url: str | None, *, fast: bool) -> list[Block] | None:
    import trafilatura  # a core dependency, imported on first use (~0.5 s)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = trafilatura.bare_extraction(
                html, url=url, fast=fast, include_comments=False, include_tables=True, with_metadata=False
            )
        except (ValueError, RecursionError, TypeError, AttributeError):
            return None
    body = getattr(doc, "body", None) if doc is not None else None
    if body is None or len(body) == 0:
        return None
    return _body_blocks(body)


def _size(blocks: list[Block] | None) -> int:
    return sum(len(b.text) for b in blocks) if blocks else 0


def _fallback_blocks(tree: LexborHTMLParser) -> list[Block]:
    """Paragraphs and headings of the pruned page, for pages trafilatura returns nothing for."""
    blocks: list[Block] = []
    root = tree.body
    if root is None:
        return blocks
    for node in root.css("h2, h3, h4, p, li, blockquote, pre"):
        text = _norm(node.text(deep=True, separator=" "))
        if not text:
            continue
        label = Label.HEADING if (node.tag or "").startswith("h") else Label.PARAGRAPH
        if label is Label.PARAGRAPH and len(text.split()) < 4:
            continue
        blocks.append(Block(index=0, text=text, label=label))
    return blocks


# A block made only of a date and/or a time ("23.10.2018", "19:49", "3:59 PM", "2019/02/08").
_DATE_ONLY = re.compile(r"[\d\s.:/,\-–]*\d[\d\s.:/,\-–]*(?:\s*(?:am|pm|uhr|h))?", re.IGNORECASE)


def _relabel(blocks: list[Block], s: Settings) -> None:
    """Label short interface lines left inside the main text with the dump path's cue lexicon.

    A date on its own is a dateline, "Photo: …" a credit, "Share this" chrome, "Related" a
    related-list header: the same cue data the text-dump labeller uses, applied only to short
    blocks so that sentences which merely contain a cue word stay text.
    """
    lex = lexicon()
    for b in blocks:
        if b.label is not Label.PARAGRAPH:
            continue
        words = len(b.text.split())
        if words > 12:
            continue
        if _DATE_ONLY.fullmatch(b.text.strip()):
            b.label = Label.DATELINE
            continue
        folded = fold(b.text)
        if words <= s.html_cue_max_words:
            cat = lex.chrome_cues.category(folded)
            if cat is not None:
                # Same reason words as the dump path, so both paths produce one Article.
                b.label, b.reason = Label.CHROME, REASONS.get(cat, cat)
                continue
            if lex.related_header.match(folded) or b.text.lower().startswith(RELATED_CUES):
                b.label, b.reason = Label.RELATED_HEADER, RELATED_HEADER_REASON
                continue
            if lex.date_label.match(folded) and any(c.isdigit() for c in b.text):
                b.label = Label.DATELINE
                continue
        if has_credit(b.text, s.credit_tail_chars) and words <= 8:
            b.label = Label.CREDIT
    # Under a related-list header, the short lines that follow are the list's items.
    in_list = False
    for b in blocks:
        if b.label is Label.RELATED_HEADER:
            in_list = True
        elif in_list and b.label is Label.PARAGRAPH and len(b.text.split()) <= s.html_item_max_words:
            b.label = Label.RELATED_ITEM
        elif b.label in (Label.PARAGRAPH, Label.HEADING, Label.LEDE):
            in_list = False


# Cue categories that mark a whole trailing paragraph as the site's, not the article's: a
# newsletter or cookie notice, "follow us", an advertiser's note (not "navigation" or "widget",
# whose cue words also open ordinary sentences).
_TAIL_CUE_CATEGORIES = frozenset({"consent", "share", "advertisement"})


def _tail_cue(b: Block, s: Settings) -> str | None:
    """The chrome category of a paragraph the site appends (subscribe, follow us), or None."""
    if len(b.text.split()) > s.html_tail_cue_max_words:
        return None
    cat = lexicon().chrome_cues.category(fold(b.text))
    return cat if cat in _TAIL_CUE_CATEGORIES else None


def _trim_tail(blocks: list[Block], s: Settings) -> None:
    """Label as chrome the blocks that end the text after the article's last paragraph.

    Extractors keep what sits next to the article in its container: the header of a related list
    whose links were dropped, "Last modified", a template's line (short, not a sentence), or the
    site's own appeal (subscribe to the newsletter, follow us: a chrome cue of the dump lexicon).
    Only whole paragraphs and headings at the end of trafilatura's output can be cut (_body_blocks
    marks them); blocks already labelled (bylines, datelines, credits) are passed over; the walk
    stops at the first block that reads as the article's text.
    """
    cues = {k: _tail_cue(b, s) for k, b in enumerate(blocks) if b.reason == TRAILING_REASON}
    prose = [
        k
        for k, b in enumerate(blocks)
        if b.label in (Label.PARAGRAPH, Label.LEDE)
        and len(b.text.split()) >= s.html_prose_words
        and cues.get(k) is None
    ]
    last = prose[-1] if prose else len(blocks)
    cutting = True
    for k in range(len(blocks) - 1, -1, -1):
        b = blocks[k]
        if b.reason != TRAILING_REASON:
            continue
        if b.label not in (Label.PARAGRAPH, Label.HEADING):
            b.reason = None  # labelled since (lede, byline, dateline): passed over, mark dropped
            continue
        short = len(b.text.split()) <= s.html_tail_max_words and not ends_sentence(b.text)
        cat = cues[k]
        cutting = cutting and (cat is not None or (k > last and short))
        if cutting:
            b.label = Label.CHROME
            if cat is not None:
                b.reason = REASONS.get(cat, cat)
        else:
            b.reason = None  # only a mark: the block stays text


def _label_title_lede(blocks: list[Block], meta: PageMeta) -> list[Block]:
    """Put the title first (once) and mark the standfirst when the description is in the text."""
    title = meta.title
    out = list(blocks)
    if title:
        nt = _norm(title).casefold()
        # trafilatura often keeps the <h1> as the first heading: that is the title, not a heading.
        for k, b in enumerate(out[:3]):
            if _norm(b.text).casefold() == nt:
                del out[k]
                break
        out.insert(0, Block(index=0, text=title, label=Label.TITLE))
    if meta.description:
        nd = _norm(meta.description).casefold().rstrip(".…")
        for b in out[1:5]:
            if b.label is not Label.PARAGRAPH:
                continue
            nb = _norm(b.text).casefold().rstrip(".…")
            if nd and (nb == nd or (len(nd) > 40 and nb.startswith(nd))):
                b.label = Label.LEDE
                break
    return out


def _byline(blocks: list[Block], meta: PageMeta, s: Settings) -> Byline | None:
    found: Byline | None = None
    for b in blocks[:6] + blocks[-3:]:
        if b.label is Label.PARAGRAPH and len(b.text.split()) <= s.byline_max_words:
            got = parse_byline(b.text, meta.site_name, max_words=s.byline_max_words)
            if got is not None:
                b.label = Label.BYLINE
                found = found or got
    if found is not None:
        if found.person is None and meta.author and not is_outlet(meta.author, meta.site_name):
            found.person = meta.author
        return found
    if meta.author:
        if is_outlet(meta.author, meta.site_name):
            return Byline(raw=meta.author, outlet=meta.author)
        return Byline(raw=meta.author, person=meta.author)
    return None


def _images(pruned: Pruned, meta: PageMeta, s: Settings) -> tuple[list[Image], list[Block]]:
    images: list[Image] = []
    blocks: list[Block] = []

    def fill(img: Image, credit: str | None) -> None:
        if not credit:
            return
        c = parse_credit(credit)
        img.photographer = img.photographer or c.photographer
        img.agency = img.agency or c.agency
        img.copyright = img.copyright or c.copyright

    credits = list(pruned.credits)
    for text, src in pruned.captions:
        cap, cred = split_caption(text, s.credit_tail_chars)
        img = Image(caption=cap, url=src)
        blocks.append(Block(index=0, text=cap or text, label=Label.CAPTION))
        if cred:
            blocks.append(Block(index=0, text=cred, label=Label.CREDIT))
        fill(img, cred)
        images.append(img)
    for m in meta.images:
        if any(i.caption and m.caption and _norm(i.caption) == _norm(m.caption) for i in images):
            continue
        img = Image(caption=m.caption, url=m.url)
        fill(img, m.credit)
        images.append(img)
    # A credit found on its own (a `.credit` span) belongs to the figure before it, if any.
    for cred in credits:
        blocks.append(Block(index=0, text=cred, label=Label.CREDIT))
        target = next((i for i in images if not (i.photographer or i.agency or i.copyright)), None)
        if target is None:
            target = Image()
            images.append(target)
        fill(target, cred)
    return images, blocks


def _language(blocks: list[Block], meta: PageMeta) -> str | None:
    # fastText's cost grows with the input; 800 characters of body text decide a page's language.
    sample = " ".join(b.text for b in blocks if b.label in (Label.PARAGRAPH, Label.LEDE))[:800]
    if len(sample) >= 40:
        got = detect_language(sample)
        if got:
            return got
    return meta.language


def _checked_tree(page: Page, s: Settings) -> tuple[LexborHTMLParser, str]:
    """The parsed page after every cap and sanity check (ExtractError when one fails)."""
    html = page.html or ""
    if not html.strip():
        raise ExtractError("the HTML page is empty")
    check_size(html, s.max_page_bytes)
    check_unicode(html)
    check_markup(html, s.max_line_chars, s.max_attributes)
    tree, html = _parse(html, s)
    if tree.body is None and tree.head is None:
        raise ExtractError("the page has no HTML body")
    return tree, html


def _main_blocks(
    tree: LexborHTMLParser, html: str, cleaned: str, pruned: Pruned, url: str | None, s: Settings
) -> list[Block]:
    """The article's own blocks: trafilatura on the pruned page, its full mode on short results."""
    main = _trafilatura_blocks(cleaned, url, fast=True)
    if _size(main) < s.html_retry_below_chars:
        # A short result is where the fast path loses most: pruning may have cut into the article,
        # and trafilatura's full mode compares with two other algorithms. Run it on the page as it
        # came, on these pages only, and keep it when it finds clearly more; lines that pruning
        # had recognised as furniture stay out.
        alt = _trafilatura_blocks(html, url, fast=False)
        if _size(alt) > s.html_retry_gain * _size(main):
            removed = {text for _, text in pruned.removed}
            main = [b for b in alt or [] if b.text not in removed]
    if not main:
        return _fallback_blocks(tree)
    return recover_lede(tree, main, s)


def _related_and_chrome(
    pruned: Pruned,
    blocks: list[Block],
    s: Settings,
) -> tuple[list[Related], list[Block], list[Block]]:
    """Related links (from pruning and the labelled blocks), their blocks, and the chrome blocks."""
    related_blocks: list[Block] = []
    related: list[Related] = []
    for header in pruned.related_headers:
        related_blocks.append(
            Block(index=0, text=header, label=Label.RELATED_HEADER, reason=RELATED_HEADER_REASON)
        )
    for text, href in pruned.related:
        related.append(Related(text=text, url=href))
        related_blocks.append(Block(index=0, text=text, label=Label.RELATED_ITEM))
    related += [Related(text=b.text) for b in blocks if b.label is Label.RELATED_ITEM]
    # Lines already kept as related items, captions or credits are not repeated as chrome.
    taken = {t for t, _ in pruned.related} | set(pruned.related_headers)
    chrome = [
        Block(index=0, text=text, label=Label.CHROME, reason=reason)
        for reason, text in pruned.removed[: s.html_max_chrome]
        if reason not in ("caption", "credit") and text not in taken
    ]
    return related, related_blocks, chrome


def extract_html(page: Page, settings: Settings) -> Article:
    """Extract an article from `page.html` (caps and thresholds from `settings`). Raises
    ExtractError when the page holds no article."""
    s = settings
    url = page.source.url
    tree, html = _checked_tree(page, s)
    meta = read_meta(tree, url, settings=s)
    pruned = prune(tree, html, settings=s)
    if pruned.kept < s.html_prune_min_kept and pruned.words_before >= s.html_prune_check_words:
        # The class/id rules took most of the page: they hit a wrapper of the article (a blog
        # whose whole layout sits in `<div class="sidebar-layout">`). Trust only tags and roles.
        tree, html = _parse(html, s)
        pruned = prune(tree, html, settings=s, by_name=False)
    cleaned = tree.html or ""
    main = _main_blocks(tree, html, cleaned, pruned, url, s)
    check_blocks(len(main), s.max_blocks)
    _relabel(main, s)
    blocks = _label_title_lede(main, meta)
    byline = _byline(blocks, meta, s)
    _trim_tail(blocks, s)
    images, figure_blocks = _images(pruned, meta, s)
    related, related_blocks, chrome = _related_and_chrome(pruned, blocks, s)
    blocks = blocks + figure_blocks + related_blocks + chrome
    for k, b in enumerate(blocks):
        b.index = k
    if not any(b.label in (Label.PARAGRAPH, Label.LEDE, Label.HEADING) for b in blocks) and not meta.title:
        raise ExtractError("no article text found in the HTML page")
    language = _language(blocks, meta)
    published = meta.published or find_date_fallback(
        cleaned if len(cleaned) < len(html) else html, url, settings=s
    )
    ledes = [b.text for b in blocks if b.label is Label.LEDE]
    return Article(
        source=page.source,
        page=page,
        language=language,
        title=meta.title,
        byline=byline,
        published=published,
        updated=meta.updated,
        lede=ledes[0] if ledes else None,
        site_name=meta.site_name,
        canonical_url=meta.canonical_url,
        description=meta.description,
        blocks=blocks,
        images=images,
        related=related,
    )
