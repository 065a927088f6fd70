"""Render HTML the way a text dump is made: block elements become lines, inline elements glue.

Crawl dumps (and the seed page) are made by walking the DOM, breaking a line at every block
element and concatenating inline elements *without* adding a space, so a menu of `<a>` items
comes out as one glued line ("Eventsالأحداثالبودكاست"). We reproduce exactly that, because the
dump labeller is trained on dumps rendered here from real HTML pages: the training data must look
like the dumps it will meet. The HTML extractor reuses it to get lines with the same labels.

Paragraph-level blocks (p, headings, lists, tables, figures, blockquotes, sections) are separated
by a blank line, lighter blocks (div, li, br, tr, figcaption…) by a line break, as dumps do.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["render_lines", "render_text"]

# Elements whose content never reaches a reader.
_DROP = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "math",
        "iframe", "object", "embed", "canvas", "audio", "video", "source", "track", "map", "input",
        "select", "textarea", "datalist", "dialog",
    }
)  # fmt: skip
# Blocks that end a paragraph: a blank line before and after, as dumps do.
_PARA = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre",
        "figure", "section", "article", "aside", "header", "footer", "nav", "main", "form",
        "fieldset", "address", "hr", "details", "hgroup",
    }
)  # fmt: skip
# Blocks that end a line only.
_LINE = frozenset(
    {
        "div", "li", "dt", "dd", "tr", "td", "th", "caption", "figcaption", "br", "summary", "legend",
        "option", "body", "center", "menu", "dir", "tbody", "thead", "tfoot", "label", "picture",
        "output", "frameset", "frame", "noframes",
    }
)  # fmt: skip
_WS = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NL = "\n"
_PARA_BREAK = "\n\n"


def _hidden(node: LexborNode) -> bool:
    """An element a browser would not show (hidden attribute, inline display:none)."""
    attrs = node.attributes
    if not attrs:
        return False
    if "hidden" in attrs:
        return True
    style = attrs.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def render_text(html: str) -> str:
    """The dump of `html` as one string, lines separated by newlines (blank lines kept, folded)."""
    return "\n".join(render_lines(html))


def render_lines(html: str) -> list[str]:
    """Render `html` as a text dump: a list of lines, blank strings between paragraph blocks.

    Whitespace inside a line is folded to one space; runs of blank lines become one; the list
    neither starts nor ends with a blank line. Iterative (no recursion), so 10,000-deep nesting
    is fine.
    """
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return []
    out: list[str] = []
    # Depth-first walk with explicit exits: a stack of (node, closing) pairs.
    stack: list[tuple[LexborNode, bool]] = []
    child = root.child
    kids: list[LexborNode] = []
    while child is not None:
        kids.append(child)
        child = child.next
    stack.extend((k, False) for k in reversed(kids))
    while stack:
        node, closing = stack.pop()
        tag = node.tag
        if closing:
            _break(out, tag in _PARA)
            continue
        if tag == "-text":
            t = node.text_content
            if t:
                # Source line breaks inside text are layout, not structure.
                t = _WS.sub(" ", t)
                if t != " " or (out and out[-1] not in (_NL, _PARA_BREAK)):
                    out.append(t)
            continue
        if tag is None or tag.startswith("-") or tag.startswith("!") or tag in _DROP:
            continue  # comments, doctype, dropped elements
        if _hidden(node):
            continue
        is_block = tag in _PARA or tag in _LINE
        if is_block:
            _break(out, tag in _PARA)
            stack.append((node, True))
        kids = []
        child = node.child
        while child is not None:
            kids.append(child)
            child = child.next
        stack.extend((k, False) for k in reversed(kids))
    return _fold("".join(out))


def _break(out: list[str], para: bool) -> None:
    """Add a line or paragraph break; adjacent breaks merge (the stronger wins)."""
    if out and out[-1] in (_NL, _PARA_BREAK):
        if para:
            out[-1] = _PARA_BREAK
        return
    out.append(_PARA_BREAK if para else _NL)


def _fold(raw: str) -> list[str]:
    """Split on line breaks, fold whitespace inside lines, keep one blank line between paragraphs."""
    lines: list[str] = []
    blank = False
    for seg in raw.split("\n"):
        s = _WS.sub(" ", seg).strip()
        if s:
            if blank and lines:
                lines.append("")
            lines.append(s)
            blank = False
        elif seg == "":
            blank = True  # only a paragraph break ("\n\n") leaves an empty segment
    return lines
