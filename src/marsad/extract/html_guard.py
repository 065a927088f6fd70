"""Make hostile HTML safe to parse: size limit and nesting cut.

libxml2 (under lxml and trafilatura) refuses trees deeper than 256 levels and trafilatura recurses
once per level, so a 10,000-deep page would come back empty or raise RecursionError. Tags past
`max_depth` are dropped (their text stays, attached to the deepest kept element), which keeps the
words and bounds every later pass. One linear regex scan; no parser involved.
"""

from __future__ import annotations

import re

from marsad.errors import ExtractError

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "basefont",
        "frame",
        "keygen",
    ]
)
# End tags the HTML parser implies (a new <p> closes the open one): they add no nesting.
_OPTIONAL_END = frozenset(
    [
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "rb",
        "rt",
        "rp",
    ]
)
_QUICK = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
# Elements whose content is not parsed as tags; the scan must not count what is inside them.
_RAW = frozenset({"script", "style", "textarea", "title", "xmp", "template", "noscript"})


def check_size(html: str, max_bytes: int) -> None:
    """ExtractError when the page is larger than `max_bytes` (counted in characters, a lower bound)."""
    if len(html) > max_bytes:
        raise ExtractError(
            f"page too large: {len(html):,} characters > max_page_bytes {max_bytes:,} (raise it in marsad.toml)"
        )


def max_depth_of(html: str) -> int:
    """Upper estimate of the tag nesting depth (one findall; script text may add a little)."""
    depth = deepest = 0
    for closing, name, selfclosing in _QUICK.findall(html):
        name = name.lower()
        if selfclosing or name in _VOID or name in _OPTIONAL_END:
            continue
        if closing:
            depth -= 1 if depth else 0
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
    return deepest


def limit_depth(html: str, max_depth: int) -> str:
    """Drop tags nested deeper than `max_depth`; the page is returned unchanged when it is shallow."""
    if html.count("<") <= max_depth or max_depth_of(html) <= max_depth:
        return html
    depth = 0
    cuts: list[tuple[int, int]] = []
    excess = 0  # opening tags dropped and not yet closed
    raw_end: re.Pattern[str] | None = None
    pos = 0
    while True:
        if raw_end is not None:
            m_end = raw_end.search(html, pos)
            if m_end is None:
                break
            pos = m_end.end()
            raw_end = None
            depth = max(depth - 1, 0)
            continue
        m = _TAG.search(html, pos)
        if m is None:
            break
        pos = m.end()
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or selfclosing or name in _OPTIONAL_END:
            continue
        if closing:
            if excess:
                excess -= 1
                cuts.append(m.span())
            else:
                depth = max(depth - 1, 0)
            continue
        if name in _RAW:
            raw_end = re.compile(rf"</{name}\s*>", re.IGNORECASE)
            depth += 1
            continue
        if depth >= max_depth:
            excess += 1
            cuts.append(m.span())
            continue
        depth += 1
    if not cuts:
        return html
    parts: list[str] = []
    last = 0
    for start, end in cuts:
        parts.append(html[last:start])
        last = end
    parts.append(html[last:])
    return "".join(parts)
