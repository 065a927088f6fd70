"""Sentence spans for Arabic (and Latin-script) news text.

Decisions, each with its reason:
- `.` `!` `?` `؟` end a sentence; runs of them (`?!`, `!!`) and the closing quotes or brackets
  right after them belong to the sentence they end.
- A line break always ends a sentence: a block's lines are separate units in the dumps we read.
- The Arabic comma `،` never ends a sentence (it separates clauses).
- `؛` (Arabic semicolon) ends a sentence only when both sides are long (>= settings.sentence_semicolon_min_words
  words): Arabic news uses it between long independent clauses that translations end with a
  period, but also inside lists, where splitting would leave fragments.
- An ellipsis (`…` or `...`) ends a sentence only before a line break or an opening quote or a
  capital Latin letter: in Arabic prose it mostly marks a pause inside the sentence.
- A period does not end a sentence between digits (3.5), after an abbreviation (data list in
  data/abbreviations.json, e.g. Dr. U.S. د. ق.م.), after any single letter (initials, م.),
  before a lower-case Latin letter, or when no space follows (example.com) except between a
  4+ letter Arabic word and an Arabic letter ("الاجتماع.وقال", a common web typo).
- Terminators inside a quotation or parenthesis shorter than settings.sentence_max_protected characters are
  ignored, so a short quoted sentence stays inside the sentence that reports it.
"""

from __future__ import annotations

import bisect
import json
from functools import lru_cache
from importlib import resources

import regex

from marsad.config import Settings

__all__ = ["split_sentences"]


_PAIRS = {"«": "»", "“": "”", "(": ")", "[": "]", "﴾": "﴿", "‹": "›"}
_CLOSERS = "»”’\"')]﴿›"
_TERM = regex.compile(r"(?:\.{3,}|…+|[.!?؟]+|؛)[" + regex.escape(_CLOSERS) + r"]*")
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_ARABIC_LETTER = regex.compile(r"[\u0621-\u064a]")
_LINE_BREAK = regex.compile(r"[\n\r\u2028\u2029]")
_PREV_TOKEN = regex.compile(r"([\p{L}\p{M}ـ]+(?:\.[\p{L}\p{M}ـ]+)*)$")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    raw = json.loads(
        resources.files("marsad.arabic").joinpath("data/abbreviations.json").read_text(encoding="utf-8")
    )
    return frozenset(a.casefold() for a in raw["latin"] + raw["arabic"])


_QUOTE_CHARS = regex.compile("[" + regex.escape("".join(_PAIRS) + "".join(_PAIRS.values())) + '"\n]')


def _protected(text: str, max_protected: int) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) interiors of short quotations and parentheses."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight: int | None = None
    for m in _QUOTE_CHARS.finditer(text):
        ch, i = m.group(), m.start()
        if ch == "\n":
            stack.clear()
            straight = None
        elif ch in _PAIRS:
            stack.append((_PAIRS[ch], i))
        elif stack and ch == stack[-1][0]:
            _, start = stack.pop()
            if i - start <= max_protected:
                spans.append((start + 1, i))
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                if i - straight <= max_protected:
                    spans.append((straight + 1, i))
                straight = None
    # Merge nested or overlapping spans so a bisect lookup is enough.
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _inside(spans: list[tuple[int, int]], starts: list[int], i: int) -> bool:
    k = bisect.bisect_right(starts, i) - 1
    return k >= 0 and spans[k][0] <= i < spans[k][1]


def _period_ends(text: str, dot: int, after: int) -> bool:
    """Whether the single period at `dot` (terminator run ends at `after`) ends a sentence."""
    before = text[dot - 1] if dot > 0 else ""
    nxt = text[after] if after < len(text) else ""
    if before.isdigit() and nxt.isdigit():
        return False
    m = _PREV_TOKEN.search(text, max(0, dot - 30), dot)
    if nxt and not nxt.isspace():
        # Web Arabic often drops the space after a full stop ("الاجتماع.وقال"); dotted
        # acronyms (بي.بي.سي) have short parts, so a 4+ letter word must precede.
        return bool(_ARABIC_LETTER.match(nxt) and m and "." not in m.group(1) and len(m.group(1)) >= 4)
    if m:
        prev = m.group(1)
        letters = prev.replace(".", "").replace("ـ", "")
        if len(letters) == 1 or prev.casefold() in _abbreviations():
            return False
    # Lower-case Latin next word: an abbreviation we do not know, not a new sentence.
    rest = text[after : after + 8].lstrip(" \t")
    return not (rest[:1].isalpha() and rest[:1].islower() and rest[:1].isascii())


def _ellipsis_ends(text: str, after: int) -> bool:
    rest = text[after : after + 8].lstrip(" \t")
    if not rest or rest[0] == "\n":
        return True
    c = rest[0]
    return c in _PAIRS or c == '"' or (c.isascii() and c.isupper())


def _word_count(s: str) -> int:
    return len(_WORD.findall(s))


def split_sentences(text: str, settings: Settings) -> list[tuple[int, int]]:
    """Sentence (start, end) spans into `text`, stripped of surrounding white space (the protected
    quotation length and the semicolon rule's sides from `settings`)."""
    if not text:
        return []
    protected = _protected(text, settings.sentence_max_protected)
    starts = [a for a, _ in protected]
    cuts: list[int] = []
    for m in _TERM.finditer(text):
        if protected and _inside(protected, starts, m.start()):
            continue
        tok = m.group().rstrip(_CLOSERS)
        end = m.end()
        if tok == "؛":
            prev_cut = cuts[-1] if cuts else 0
            nl = text.find("\n", end)
            nxt = _TERM.search(text, end, nl if nl >= 0 else len(text))
            nxt_end = nxt.start() if nxt else (nl if nl >= 0 else len(text))
            if (
                _word_count(text[prev_cut : m.start()]) < settings.sentence_semicolon_min_words
                or _word_count(text[end:nxt_end]) < settings.sentence_semicolon_min_words
            ):
                continue
        elif tok.startswith("…") or tok.startswith("..."):
            if not _ellipsis_ends(text, end):
                continue
        elif tok == "." and not _period_ends(text, m.start(), end):
            continue
        cuts.append(end)
    # Line breaks are hard boundaries.
    cuts.extend(m.start() for m in _LINE_BREAK.finditer(text))
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*sorted(set(cuts)), len(text)]:
        if cut < start:
            continue
        s, e = start, cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        start = cut
    return spans
