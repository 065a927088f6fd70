"""Remove page furniture (navigation, footers, share widgets, ads, comments) before extraction.

selectolax (lexbor) parses a page in about a millisecond, so pruning here is cheap and makes
every later lxml pass smaller. Each removed container is kept as `(reason, text)` so the article
can list its lines as chrome. Rules are about what an element *is* (its tag, role, or a class /
id token such as `share`, `newsletter`, `related`), never about any one site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from marsad.config import Settings

__all__ = ["RELATED_CUES", "Pruned", "prune"]

# Elements that never carry article text.
_DROP_TAGS = ("script", "style", "template", "svg", "canvas", "iframe", "object", "embed")

# Structural containers of page furniture, with the reason each gets.
_CHROME_TAGS = {"nav": "navigation", "footer": "footer", "aside": "sidebar"}
_CHROME_ROLES = {
    "navigation": "navigation",
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "sidebar",
    "search": "search",
    "dialog": "dialog",
    "menu": "navigation",
    "menubar": "navigation",
}

# Class/id tokens (split on space, '-' and '_') that name furniture. Tokens are whole words so
# `share` does not hit `shared-content`, and the lists hold generic web vocabulary only.
_TOKEN_REASONS: dict[str, str] = {}
for _reason, _tokens in {
    "navigation": "nav navbar navigation menu breadcrumb breadcrumbs pagination pager skiplink topbar megamenu",
    "share widget": "share sharing social socials sharebar shariff addthis sociallinks shareaholic",
    "comments": "comment comments respond disqus commentlist",
    "related": "related relatedposts recommended recommendations readmore morestories outbrain taboola",
    "subscribe": "newsletter subscribe subscription signup paywall",
    "consent": "cookie cookies consent gdpr",
    "advertisement": "ad ads advert advertisement adsense adslot sponsored banner promo dfp",
    "sidebar": "sidebar",
    "footer": "footer copyright",
    "header": "masthead",
    "author box": "authorbox abouttheauthor authorbio bio saboxplugin",
    "tags": "tags tagcloud",
    "popup": "modal popup overlay",
}.items():
    for _tok in _tokens.split():
        _TOKEN_REASONS[_tok] = _reason

_SPLIT = re.compile(r"[\s_\-]+")
# Reasons precise enough to override the generic one a tag gives.
_SPECIFIC = frozenset({"related", "comments", "share widget", "subscribe", "advertisement"})
_PROSE_REASONS = frozenset({"comments", "author box"})


# "Read also" cues that open a related-article line inside the body, lower-cased, per language.
# A paragraph that starts with one and carries a link is a related item, not article text.
RELATED_CUES = (
    "read more", "read also", "see also", "related:", "more on this", "also read", "recommended:",
    "lesen sie auch", "lesen sie mehr", "auch interessant", "mehr zum thema", "weiterlesen", "siehe auch",
    "das könnte sie auch interessieren", "zum weiterlesen",
    "lire aussi", "à lire aussi", "a lire aussi", "voir aussi", "à voir aussi",
    "lee también", "vea también", "ver también", "puedes ver", "mira:", "te puede interesar",
    "leggi anche", "leia também", "veja também", "czytaj też", "czytaj także", "zobacz też", "zobacz także",
    "اقرأ أيضا", "اقرأ أيضًا", "اقرأ أيضاً", "إقرأ أيضا", "إقرأ أيضاً", "اقرأ ايضا", "اقرأ المزيد", "طالع أيضا",
    "شاهد أيضا", "شاهد أيضاً", "مواضيع ذات صلة", "أخبار ذات صلة",
    "related articles", "related stories", "more stories", "you may also like",
    "weitere themen", "mehr themen", "weitere artikel", "empfohlene beiträge", "ähnliche beiträge",
    "ähnliche artikel", "articles similaires", "contenido relacionado", "noticias relacionadas",
    "artículos relacionados", "articoli correlati", "powiązane artykuły",
)  # fmt: skip
# Class/id tokens of photo credits and captions; their text is kept as image metadata.
_CREDIT_TOKENS = frozenset(
    ["credit", "credits", "copyright", "photographer", "imagecredit", "photocredit", "bildnachweis"]
)


@dataclass(slots=True)
class Pruned:
    """What pruning removed: (reason, text) per container, in page order, plus what it recognised."""

    removed: list[tuple[str, str]] = field(default_factory=list)
    related: list[tuple[str, str | None]] = field(default_factory=list)  # (text, href)
    related_headers: list[str] = field(default_factory=list)
    captions: list[tuple[str, str | None]] = field(default_factory=list)  # (caption, image src)
    credits: list[str] = field(default_factory=list)
    words_before: int = 0  # words in <body> before and after pruning
    words_after: int = 0

    @property
    def kept(self) -> float:
        """Share of the body's words that survived; near 0 means the rules hit the article itself."""
        return self.words_after / self.words_before if self.words_before else 1.0


def _reason_for(node: LexborNode) -> tuple[str, bool] | None:
    """(reason, by_name) when `node` is furniture; by_name means only a class/id token says so."""
    tag = node.tag or ""
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    named = _value_reason(names) if names.strip() else None
    structural = _CHROME_TAGS.get(tag) or _CHROME_ROLES.get((attrs.get("role") or "").strip().lower())
    if structural is not None:
        # The tag says "furniture"; a class may say which kind (`<aside class="related">`).
        return (named if named in _SPECIFIC else structural), False
    if tag in ("html", "body", "main", "article", "h1", "h2", "h3", "h4", "h5", "h6") or named is None:
        return None
    return named, True


_STRUCTURAL = ", ".join([*_CHROME_TAGS, *(f'[role="{r}"]' for r in _CHROME_ROLES)])
# Values that can go into a CSS string as they are (no quotes, backslashes or control characters).
_SAFE_VALUE = re.compile(r"[^\"\\\x00-\x1f\x7f]{1,300}")
_ATTR_PATTERNS = {
    attr: [re.compile(f"{name}={q}([^{q}]*){q}") for name in (attr, attr.upper()) for q in "\"'"]
    for attr in ("class", "id")
}


_FURNITURE_TOKENS = frozenset(_TOKEN_REASONS)


@lru_cache(maxsize=8192)
def _value_reason(value: str) -> str | None:
    for tok in _SPLIT.split(value.lower()):
        reason = _TOKEN_REASONS.get(tok)
        if reason is not None:
            return reason
    return None


def _attr_values(html: str) -> dict[str, set[str]]:
    """Distinct class and id values in the source (regexes with a literal prefix run in C).

    No `opening in html` test first: the regex's own literal scan is as fast, and the test made
    a second pass over the page for every opening that occurs.
    """
    out: dict[str, set[str]] = {}
    for attr, patterns in _ATTR_PATTERNS.items():
        values: set[str] = set()
        for pattern in patterns:
            values.update(pattern.findall(html))
        out[attr] = values
    return out


def _named_selectors(html: str) -> tuple[str, str]:
    """CSS selectors for (furniture, photo-credit) elements named by class/id in this page.

    Reading attributes node by node from Python costs microseconds each; instead the distinct
    class/id values are read from the source, split into tokens once (a set test per value: a
    token is a whole word between separators, and no token holds one), and only the values that
    name furniture or credits become exact-match selectors that lexbor evaluates in C.
    """
    furniture: set[str] = set()
    credit: set[str] = set()
    for attr, values in _attr_values(html).items():
        for value in values:
            if not value or "\n" in value:
                continue
            tokens = _SPLIT.split(value.lower())
            named = not _FURNITURE_TOKENS.isdisjoint(tokens)
            credited = not _CREDIT_TOKENS.isdisjoint(tokens)
            if (named or credited) and _SAFE_VALUE.fullmatch(value):
                if named:
                    furniture.add(f'[{attr}="{value}"]')
                if credited:
                    credit.add(f'[{attr}="{value}"]')
    return ", ".join([_STRUCTURAL, *sorted(furniture)]), ", ".join(sorted(credit))


def _has_prose(node: LexborNode, s: Settings) -> bool:
    """True when the container holds a real paragraph: many words, few of them in links."""
    for p in node.css("p"):
        words = len((p.text(deep=True, separator=" ") or "").split())
        if words < s.prune_prose_words:
            continue
        linked = sum(len((a.text(deep=True, separator=" ") or "").split()) for a in p.css("a"))
        if linked < 0.2 * words:
            return True
    return False


def _text_len(node: LexborNode) -> int:
    return len((node.text(deep=True, separator=" ") or "").split())


def _outermost(nodes: list[LexborNode], s: Settings) -> list[LexborNode]:
    """Drop nodes that sit inside another node of the list (decomposing the outer frees them)."""
    ids = {n.mem_id for n in nodes}
    out: list[LexborNode] = []
    for n in nodes:
        anc = n.parent
        steps = 0
        while anc is not None and anc.mem_id not in ids and steps < s.prune_max_walk:
            anc = anc.parent
            steps += 1
        if anc is None or steps >= s.prune_max_walk:
            out.append(n)
    return out


def _inside(node: LexborNode, chosen: set[int], s: Settings) -> bool:
    anc = node.parent
    steps = 0
    while anc is not None and steps < s.prune_max_walk:
        if anc.mem_id in chosen:
            return True
        anc = anc.parent
        steps += 1
    return False


def _take_related_links(node: LexborNode, out: Pruned) -> None:
    """A related-articles box: its heading and its links (titles of a few words) with their URLs."""
    head = node.css_first("h2, h3, h4, h5, h6")
    if head is not None:
        text = _clean(head.text(deep=True, separator=" "))
        if text and len(text.split()) <= 8:
            out.related_headers.append(text)
    for a in node.css("a"):
        text = _clean(a.text(deep=True, separator=" "))
        if len(text.split()) >= 3:
            out.related.append((text, a.attributes.get("href")))


def _drop_unseen(tree: LexborHTMLParser, s: Settings) -> None:
    """Remove what a reader never sees: scripts and the like, <noscript>, hidden elements."""
    for node in _outermost(tree.css(", ".join(_DROP_TAGS)), s):
        node.decompose()
    # lexbor parses <noscript> as markup (scripting off); a browser shows it as nothing. But an
    # unclosed tag inside one can swallow the rest of the page, so a <noscript> holding much of
    # the page's text is unwrapped, not dropped.
    noscripts = _outermost(tree.css("noscript"), s)
    total_chars = len(tree.body.text(deep=True) or "") if noscripts and tree.body is not None else 0
    for node in noscripts:
        if len(node.text(deep=True) or "") > s.prune_max_share * total_chars:
            node.unwrap()
        else:
            node.decompose()
    hidden = [n for n in tree.css("[hidden], [aria-hidden=true]") if n.tag not in ("html", "body")]
    for node in _outermost(hidden, s):
        node.decompose()


def prune(
    tree: LexborHTMLParser, html: str | None = None, *, settings: Settings, by_name: bool = True
) -> Pruned:
    """Remove furniture from `tree` in place; returns what went and why.

    `html` is the source the tree was parsed from (it is re-serialised when not given). With
    `by_name=False` only tags and ARIA roles count, not class/id names. Thresholds: `settings.prune_*`.
    """
    s = settings
    source = html if html is not None else (tree.html or "")
    out = Pruned()
    _drop_unseen(tree, s)
    body = tree.body
    if body is None:
        return out
    total = max(_text_len(body), 1)
    out.words_before = total
    has_article = tree.css_first("article, main, [role=main], h1") is not None
    candidates: list[tuple[LexborNode, str]] = []
    seen: set[int] = set()
    # lexbor narrows the page to elements that might be furniture (in C); Python then checks the
    # whole-token rule on those few. Document order puts containers before what they contain.
    furniture_sel, credit_sel = _named_selectors(source)
    try:
        nodes = body.css(furniture_sel if by_name else _STRUCTURAL)
    except SelectolaxError:  # a value lexbor's CSS parser rejects: structural furniture only
        nodes = body.css(_STRUCTURAL)
    for node in nodes:
        # Skip nodes inside an already chosen container: decomposing the outer one frees them.
        # (Checked first: the ancestor walk is cheaper than reading the node's attributes.)
        if seen and _inside(node, seen, s):
            continue
        found = _reason_for(node)
        if found is None:
            continue
        reason, by_name = found
        if reason in ("header",) and not has_article:
            continue
        n = _text_len(node)
        if n > s.prune_max_share * total or (n > 40 and node.css_first("article, main, h1") is not None):
            continue
        if by_name and reason not in _PROSE_REASONS and _has_prose(node, s):
            continue
        seen.add(node.mem_id)
        candidates.append((node, reason))
    for node, reason in candidates:
        text = node.text(deep=True, separator="\n") or ""
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        for ln in lines:
            out.removed.append((reason, ln))
        if reason == "related":
            _take_related_links(node, out)
        node.decompose()
    _take_related(body, out, s)
    _take_figures(body, out, credit_sel, s)
    out.words_after = _text_len(body)
    return out


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _take_related(body: LexborNode, out: Pruned, s: Settings) -> None:
    """Paragraphs that are only a link, or a "read also" cue and a link, are related items."""
    taken: list[LexborNode] = []
    for p in body.css("p:has(a), li:has(a)"):
        links = p.css("a")
        text = _clean(p.text(deep=True, separator=" "))
        if not text:
            continue
        linked = _clean(" ".join(a.text(deep=True, separator=" ") or "" for a in links))
        low = text.lower()
        cue = low.startswith(RELATED_CUES)
        only_link = p.tag == "p" and len(links) == 1 and linked == text and len(text.split()) >= 3
        if cue or only_link:
            out.related.append((text, links[0].attributes.get("href")))
            out.removed.append(("related", text))
            taken.append(p)
    for p in _outermost(taken, s):
        p.decompose()


def _take_figures(body: LexborNode, out: Pruned, credit_sel: str, s: Settings) -> None:
    """Figure captions and photo credits become image metadata instead of body text."""
    for cap in body.css("figcaption"):
        text = _clean(cap.text(deep=True, separator=" "))
        if len(text.split()) > s.prune_caption_max_words:
            continue  # a slideshow's text, not a caption
        fig = cap.parent
        img = fig.css_first("img") if fig is not None else None
        src = img.attributes.get("src") if img is not None else None
        if text:
            out.captions.append((text, src))
            out.removed.append(("caption", text))
        cap.decompose()
    if not credit_sel:
        return
    taken: list[LexborNode] = []
    try:
        nodes = body.css(credit_sel)
    except SelectolaxError:
        return
    for node in nodes:
        if node.tag in ("body", "article", "main", "div", "section", "figure"):
            continue
        text = _clean(node.text(deep=True, separator=" "))
        if text and len(text.split()) <= 12:
            out.credits.append(text)
            out.removed.append(("credit", text))
            taken.append(node)
    for node in _outermost(taken, s):
        node.decompose()
