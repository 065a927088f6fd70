"""Recover the standfirst that trafilatura drops from just above the article's first paragraph.

Many sites put the lede (teaser, intro, abstract) in its own element before the article body
(`<p class="intro">`, `<div class="article-preface">`, a field outside the body `<div>`), and
trafilatura, which looks for the body container, leaves it out. On the HTML bench's train split
26 of the `with` snippets Marsad missed sat in the text element right before the first one
trafilatura kept. So: find, in the pruned page, the first text element whose text trafilatura
kept, and take back the few elements right above it that read as prose (long enough, a sentence,
few words in links). Furniture is already pruned, so what is left above the body is mostly the
headline, the byline, the date and the lede; the prose test keeps the lede only.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from marsad.config import Settings
from marsad.extract.lines import ends_sentence
from marsad.model import Block, Label

__all__ = ["recover_lede"]

# Elements that hold a paragraph's text; a "leaf" is one that holds no other block element.
_TEXT_TAGS = frozenset({"p", "div", "li", "td", "blockquote", "dd"})
_BLOCKS = (
    "p, div, li, td, blockquote, dd, ul, ol, table, h1, h2, h3, h4, h5, h6, section, article, main, "
    "header, footer, form, dl, pre, figure"
)


def _squash(text: str) -> str:
    # Inline elements are joined with or without a space depending on the extractor: compare
    # without whitespace.
    return "".join(text.split()).casefold()


def _inside(node: LexborNode, ancestor: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id == ancestor.mem_id:
            return True
        parent = parent.parent
    return False


def _leaves(body: LexborNode) -> list[tuple[LexborNode, str]]:
    """Text elements that hold no other block element, in document order, with their text."""
    nodes = body.css(_BLOCKS)  # document order: a leaf is not followed by its own descendant
    out: list[tuple[LexborNode, str]] = []
    for k, node in enumerate(nodes):
        if node.tag not in _TEXT_TAGS:
            continue
        if k + 1 < len(nodes) and _inside(nodes[k + 1], node):
            continue
        text = " ".join((node.text(deep=True, separator=" ") or "").split())
        if text:
            out.append((node, text))
    return out


def _is_prose(node: LexborNode, text: str, s: Settings) -> bool:
    words = len(text.split())
    if words < s.html_prose_words or not ends_sentence(text):
        return False
    linked = sum(len((a.text(deep=True, separator=" ") or "").split()) for a in node.css("a"))
    return linked <= s.html_lede_max_link_share * words


def recover_lede(tree: LexborHTMLParser, blocks: list[Block], s: Settings) -> list[Block]:
    """`blocks` with the prose elements right above the first kept one put back before it."""
    if not blocks or tree.body is None:
        return blocks
    got = _squash(" ".join(b.text for b in blocks))
    leaves = _leaves(tree.body)
    kept = [
        k
        for k, (_, text) in enumerate(leaves)
        if len(text) >= s.html_lede_kept_min_chars and _squash(text) in got
    ]
    if len(kept) < 2:  # one match may be a stray line: no article body found on the page
        return blocks
    first = kept[0]
    found: list[str] = []
    # Look a few elements up (a date or byline element may sit between the lede and the body).
    for node, text in reversed(leaves[max(0, first - s.html_lede_lookback) : first]):
        if _squash(text) not in got and _is_prose(node, text, s):
            found.append(text)
    if not found:
        return blocks
    anchor = _squash(leaves[first][1])
    pos = next((k for k, b in enumerate(blocks) if _squash(b.text) in anchor or anchor in _squash(b.text)), 0)
    lede = [Block(index=0, text=text, label=Label.PARAGRAPH) for text in reversed(found)]
    return blocks[:pos] + lede + blocks[pos:]
