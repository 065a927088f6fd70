"""Make hostile pages safe to parse: size limit, per-page caps and nesting cut.

The caps (`check_markup` for HTML, `check_lines` for a text dump, `check_blocks` for what an
extractor found) turn a page that would stall a later step into an ExtractError naming the cap,
so the page is quarantined with that reason in milliseconds instead of hitting the wall-clock
limit (config.py, "per-page caps", gives each value's measured why). Each check is one pass in C
(`str.split`, a regex) over the page, and looks closer only where that pass found a candidate.

libxml2 (under lxml and trafilatura) refuses trees deeper than 256 levels and trafilatura recurses
once per level, so a 10,000-deep page would come back empty or raise RecursionError. Tags past
`max_depth` are dropped (their text stays, attached to the deepest kept element), which keeps the
words and bounds every later pass. One linear regex scan; no parser involved.
"""

from __future__ import annotations

import re

from marsad.errors import ExtractError

__all__ = [
    "check_blocks",
    "check_lines",
    "check_markup",
    "check_size",
    "check_unicode",
    "limit_depth",
    "max_depth_of",
]

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
# One attribute in a tag: a name, maybe `= value` (quoted or not).
_ATTRIBUTE = re.compile(r"""\s[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?""")
# Elements whose content is not parsed as tags; the scan must not count what is inside them.
_RAW = frozenset({"script", "style", "textarea", "title", "xmp", "template", "noscript"})


def check_size(html: str, max_bytes: int) -> None:
    """ExtractError when the page is larger than `max_bytes` (counted in characters, a lower bound)."""
    if len(html) > max_bytes:
        raise ExtractError(
            f"page too large: {len(html):,} characters > max_page_bytes {max_bytes:,} (raise it in marsad.toml)"
        )


def check_markup(html: str, max_line_chars: int, max_attributes: int) -> None:
    """ExtractError when a text run between tags (outside script/style) is longer than
    `max_line_chars`, or one element carries more than `max_attributes` attributes."""
    if max(map(len, html.split("<")), default=0) > max_line_chars:  # a candidate: look closer
        longest = _longest_text(html)
        if longest > max_line_chars:
            raise ExtractError(
                f"a line of {longest:,} characters > max_line_chars {max_line_chars:,} (raise it in marsad.toml)"
            )
    # An attribute takes at least two characters (" a"): only a tag that long can carry too many.
    for m in re.finditer(rf"<[a-zA-Z][^>]{{{2 * max_attributes},}}", html):
        n = len(_ATTRIBUTE.findall(m.group()))
        if n > max_attributes:
            raise ExtractError(
                f"an element with {n:,} attributes > max_attributes {max_attributes:,} (raise it in marsad.toml)"
            )


def check_lines(lines: list[str], max_line_chars: int, max_blocks: int) -> None:
    """ExtractError when a dump has more than `max_blocks` lines or one longer than `max_line_chars`."""
    check_blocks(len(lines), max_blocks, "lines")
    longest = max(map(len, lines), default=0)
    if longest > max_line_chars:
        raise ExtractError(
            f"a line of {longest:,} characters > max_line_chars {max_line_chars:,} (raise it in marsad.toml)"
        )


def check_unicode(text: str) -> None:
    """ExtractError when the text holds a lone surrogate (a broken decoder's or JSON's \\ud800):
    no UTF-8 store takes it, and crfsuite and fastText fail on it inside C code."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ExtractError(
            f"invalid Unicode: lone surrogate U+{ord(text[exc.start]):04X} at character {exc.start:,}"
        ) from None


def check_blocks(n: int, max_blocks: int, what: str = "blocks") -> None:
    """ExtractError when a page has more than `max_blocks` blocks (lines of a dump)."""
    if n > max_blocks:
        raise ExtractError(f"{n:,} {what} > max_blocks {max_blocks:,} (raise it in marsad.toml)")


def _longest_text(html: str) -> int:
    """Longest run of characters between two tags, skipping raw elements (script, style…)."""
    longest = pos = 0
    tags_end = _tags_end(html)
    while True:
        m = _TAG.search(html, pos, tags_end)
        end = m.start() if m is not None else len(html)
        longest = max(longest, end - pos)
        if m is None:
            return longest
        pos = m.end()
        name = m.group(2).lower()
        if name in _RAW and not m.group(1):
            close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(html, pos)
            if close is None:  # an unclosed script runs to the end: no text after it
                return longest
            pos = close.end()


def _tags_end(html: str) -> int:
    """Where the last tag can end. A tag pattern tried at a `<` with no `>` after it scans to the
    end of the page and fails, at every such `<`: 20,000 of them ("a<b " repeated) took 74 s.
    Searching only up to the last `>` keeps every scan linear."""
    return html.rfind(">") + 1


def max_depth_of(html: str) -> int:
    """Upper estimate of the tag nesting depth (one findall; script text may add a little)."""
    depth = deepest = 0
    for closing, name, selfclosing in _QUICK.findall(html, 0, _tags_end(html)):
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
    tags_end = _tags_end(html)
    while True:
        if raw_end is not None:
            m_end = raw_end.search(html, pos)
            if m_end is None:
                break
            pos = m_end.end()
            raw_end = None
            depth = max(depth - 1, 0)
            continue
        m = _TAG.search(html, pos, tags_end)
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
