"""Highlighted snippets computed from the text as found (not from the index terms).

Full-text engines highlight their indexed form, which here is normalised and clitic-split; a
reader must see the original words. So the snippet is rebuilt from the original text: the
sentence with the most distinct query words wins, every word whose analyses meet a query group
is wrapped in <mark>, and everything else is HTML-escaped. Bidi control characters are dropped
from snippets (they are derived text, and an override would reorder the page around it).
"""

from __future__ import annotations

import html
from collections.abc import Iterator

import regex

from marsad.arabic.normalize import search_form
from marsad.store.terms import TermRule, analyses, word_spans

__all__ = ["make_snippet"]

_SENTENCE = regex.compile(r"[^.!?؟\n]+[.!?؟]*")
_BIDI = regex.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def _clean(s: str) -> str:
    return str(_BIDI.sub("", s))


def _render(text: str, groups: list[frozenset[str]], rule: TermRule) -> tuple[str, int]:
    """Escaped text with matched words marked, and the number of distinct groups matched."""
    out: list[str] = []
    hit_groups: set[int] = set()
    pos = 0
    terms = frozenset().union(*groups)
    for start, end, word in word_spans(text):
        # Cheap test first: a word can only match if its search form contains a query term.
        form = search_form(word)
        if not any(t in form for t in terms):
            continue
        a = analyses(word, rule)
        matched = [i for i, g in enumerate(groups) if g & a]
        if not matched:
            continue
        hit_groups.update(matched)
        out.append(html.escape(_clean(text[pos:start])))
        out.append(f"<mark>{html.escape(_clean(word))}</mark>")
        pos = end
    out.append(html.escape(_clean(text[pos:])))
    return "".join(out), len(hit_groups)


def _trim(text: str, groups: list[frozenset[str]], rule: TermRule, max_chars: int) -> str:
    """Cut a long sentence to a window of `max_chars` around its first matched word."""
    if len(text) <= max_chars:
        return text
    first = next(
        (s for s, _, w in word_spans(text) if any(g & analyses(w, rule) for g in groups)),
        0,
    )
    lo = max(0, first - max_chars // 3)
    hi = min(len(text), lo + max_chars)
    # Snap to word boundaries so no word is cut in half.
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return ("… " if lo > 0 else "") + text[lo:hi].strip() + (" …" if hi < len(text) else "")


def _pieces(text: str, max_chars: int) -> Iterator[str]:
    """Sentences, with run-on ones (no punctuation for pages) cut at spaces into `max_chars` pieces."""
    for m in _SENTENCE.finditer(text):
        sentence = m.group().strip()
        while len(sentence) > max_chars:
            cut = sentence.rfind(" ", max_chars // 2, max_chars)
            cut = cut if cut > 0 else max_chars
            yield sentence[:cut].strip()
            sentence = sentence[cut:].strip()
        if sentence:
            yield sentence


def make_snippet(text: str, groups: list[frozenset[str]], rule: TermRule, max_chars: int) -> str:
    """Safe HTML snippet of `text` for a query split into `groups` (see `terms.query_groups`, made
    with the same `rule`), at most `max_chars` (Settings.snippet_max_chars) long."""
    best = ""
    best_hits = -1
    terms = frozenset().union(*groups)
    for sentence in _pieces(text, max_chars):
        if not sentence:
            continue
        if not groups:
            best = sentence
            break
        if best and not any(t in search_form(sentence) for t in terms):
            continue  # no query term in this sentence: not worth analysing word by word
        _, hits = _render(sentence, groups, rule)
        if hits > best_hits:
            best, best_hits = sentence, hits
            if hits == len(groups):
                break
    rendered, _ = _render(_trim(best, groups, rule, max_chars), groups, rule)
    return rendered
