"""Recover the standfirst that trafilatura drops from just above the article's first paragraph.

Many sites put the lede (teaser, intro, abstract) in its own element before the article body
(`<p class="intro">`, `<div class="article-preface">`, a field outside the body `<div>`), and
trafilatura, which looks for the body container, leaves it out. On the HTML bench's train and
dev splits, 26 of the `with` snippets Marsad missed sat in the three text elements right above the
first one trafilatura kept (20 in the element right above it). So: find, in the pruned page, the first text element whose text trafilatura
kept, and take back the few elements right above it that read as prose (long enough, a sentence,
few words in links). Furniture is already pruned, so what is left above the body is mostly the
headline, the byline, the date and the lede; the prose test keeps the lede only.
"""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from marsad.config import Settings
from marsad.extract.lines import ends_sentence
from marsad.model import Block, Label

__all__ = ["recover_lede"]

# Elements that hold a paragraph's text; a "leaf" is one that holds no other block element.
_TEXT_TAGS = ("blockquote", "dd", "div", "li", "p", "td")
_BLOCKS = (
    "p, div, li, td, blockquote, dd, ul, ol, table, h1, h2, h3, h4, h5, h6, section, article, main, "
    "header, footer, form, dl, pre, figure"
)
# lexbor finds the leaves in C, in document order (a Python walk over ancestors cost twice as much).
_LEAVES = ", ".join(f"{tag}:not(:has({_BLOCKS}))" for tag in _TEXT_TAGS)


def _squash(text: str) -> str:
    # Inline elements are joined with or without a space depending on the extractor: compare
    # without whitespace.
    return "".join(text.split()).casefold()


def _leaves(body: LexborNode) -> Iterator[tuple[LexborNode, str]]:
    """Text elements that hold no other block element, in document order, with their text."""
    for node in body.css(_LEAVES):
        text = " ".join((node.text(deep=True, separator=" ") or "").split())
        if text:
            yield node, text


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
    # Only the start of the body matters: stop reading the page at the second kept element.
    leaves: list[tuple[LexborNode, str]] = []
    kept: list[int] = []
    for node, text in _leaves(tree.body):
        leaves.append((node, text))
        if len(text) >= s.html_lede_kept_min_chars and _squash(text) in got:
            kept.append(len(leaves) - 1)
            if len(kept) == 2:
                break
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
