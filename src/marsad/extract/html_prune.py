"""Remove page furniture (navigation, footers, share widgets, ads, comments) before extraction.

selectolax (lexbor) parses a page in about a millisecond, so pruning here is cheap and makes
every later lxml pass smaller. Each removed container is kept as `(reason, text)` so the article
can list its lines as chrome. Rules are about what an element *is* (its tag, role, or a class /
id token such as `share`, `newsletter`, `related`), never about any one site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Elements that never carry article text.
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed")

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
    "sidebar": "sidebar widget widgets",
    "footer": "footer copyright",
    "header": "masthead",
    "author box": "authorbox abouttheauthor",
    "tags": "tags tagcloud",
    "popup": "modal popup overlay",
}.items():
    for _tok in _tokens.split():
        _TOKEN_REASONS[_tok] = _reason

_SPLIT = re.compile(r"[\s_\-]+")
# A container holding this share of the page's text is the page itself, whatever its class says
# (`<body class="has-sidebar">`, `<div id="comments-enabled-article">`).
_MAX_SHARE = 0.4
# Class names lie more often than tags: a `<div class="post-sidebar-layout">` may hold the article.
# A class-named container with a paragraph this long (mostly unlinked) is kept; comments are the
# exception, since long unlinked paragraphs are exactly what they are made of.
_PROSE_WORDS = 30


@dataclass(slots=True)
class Pruned:
    """What pruning removed: (reason, text) per container, in page order."""

    removed: list[tuple[str, str]] = field(default_factory=list)


def _reason_for(node: LexborNode) -> tuple[str, bool] | None:
    """(reason, by_name) when `node` is furniture; by_name means only a class/id token says so."""
    tag = node.tag or ""
    if tag in _CHROME_TAGS:
        return _CHROME_TAGS[tag], False
    attrs = node.attributes
    role = (attrs.get("role") or "").strip().lower()
    if role in _CHROME_ROLES:
        return _CHROME_ROLES[role], False
    if tag in ("html", "body", "main", "article", "h1", "p"):
        return None
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    if not names.strip():
        return None
    for tok in _SPLIT.split(names):
        reason = _TOKEN_REASONS.get(tok)
        if reason is not None:
            return reason, True
    return None


def _has_prose(node: LexborNode) -> bool:
    """True when the container holds a real paragraph: many words, few of them in links."""
    for p in node.css("p"):
        words = len((p.text(deep=True, separator=" ") or "").split())
        if words < _PROSE_WORDS:
            continue
        linked = sum(len((a.text(deep=True, separator=" ") or "").split()) for a in p.css("a"))
        if linked < 0.2 * words:
            return True
    return False


def _text_len(node: LexborNode) -> int:
    return len((node.text(deep=True, separator=" ") or "").split())


def prune(tree: LexborHTMLParser) -> Pruned:
    """Remove furniture from `tree` in place; returns what went and why."""
    out = Pruned()
    for tag in _DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css("[hidden], [aria-hidden=true]"):
        if node.tag not in ("html", "body"):
            node.decompose()
    body = tree.body
    if body is None:
        return out
    total = max(_text_len(body), 1)
    has_article = tree.css_first("article, main, [role=main], h1") is not None
    candidates: list[tuple[LexborNode, str]] = []
    seen: set[int] = set()
    for node in body.traverse(include_text=False):
        found = _reason_for(node)
        if found is None:
            continue
        reason, by_name = found
        # Skip nodes inside an already chosen container: decomposing the outer one frees them.
        anc = node.parent
        inside = False
        while anc is not None:
            if anc.mem_id in seen:
                inside = True
                break
            anc = anc.parent
        if inside:
            continue
        if reason in ("header",) and not has_article:
            continue
        n = _text_len(node)
        if n > _MAX_SHARE * total or (n > 40 and node.css_first("article, main, h1") is not None):
            continue
        if by_name and reason != "comments" and _has_prose(node):
            continue
        seen.add(node.mem_id)
        candidates.append((node, reason))
    for node, reason in candidates:
        text = node.text(deep=True, separator="\n") or ""
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        for ln in lines:
            out.removed.append((reason, ln))
        node.decompose()
    return out
