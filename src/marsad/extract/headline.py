"""Evidence that a dump line is the page's headline, from the page's other lines.

The labeller's model scores each line alone and in its chain of neighbours; a menu row or a
related headline that reads like a title can outscore the real one. Two relations with the rest
of the page tell the headline apart, in any language:

- echo: pages repeat the headline's opening words elsewhere — a photo's caption or alt text
  (often cut short, often with a credit after it), a share text, a `<title>` line. A line whose
  first words another line repeats, when that other line is a cut or a credited copy of it,
  is the headline; the cut copy is not.
- overlap: a headline names what the first paragraphs tell — most of its content words come
  back in them; a menu row, a teaser or a related headline shares few.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from marsad.arabic.clitics import search_stems
from marsad.config import Settings
from marsad.extract.credits import split_caption
from marsad.extract.lexicon import fold

__all__ = [
    "LineWords",
    "clear_caches",
    "echo_of",
    "first_words",
    "folded_words",
    "line_words",
    "overlap",
    "words",
]

_WORD = re.compile(r"[^\W_]+")
_LIST_SEP = re.compile(r"[,،;|]")
# A note closing a caption that the credit parser does not know ("ـ (أرشيفية)", "- file photo"):
# a bracketed or dash-led tail of at most three words.
_NOTE = re.compile(r"(?:\s[-–—ـ]\s*)?(?:\([^()]{1,40}\)|\[[^\[\]]{1,40}\])\s*$|\s[-–—ـ]\s*(?:\S+\s*){1,3}$")


def words(text: str) -> list[str]:
    """The folded words of a line (letters and digits; punctuation and quotes dropped)."""
    return folded_words(fold(text))


def folded_words(folded: str) -> list[str]:
    """The words of an already folded line (`LineInfo.folded`)."""
    return _WORD.findall(folded)


def _opening_run(needle: Sequence[str], hay: Sequence[str]) -> tuple[int, int]:
    """(position in `hay`, length) of the longest opening run of `needle` found there in a row."""
    best = (0, 0)
    for i in range(len(hay)):
        m = 0
        while m < len(needle) and i + m < len(hay) and hay[i + m] == needle[m]:
            m += 1
        if m > best[1]:
            best = (i, m)
            if m == len(needle):
                break
    return best


class LineWords:
    """A line's folded words, read when first asked for: all of them, those before a trailing
    credit or note (`core`), and those of its first list item (before a comma)."""

    def __init__(self, text: str, folded: str, credit_tail: int, *, has_credit: bool = True) -> None:
        self.text = text
        self.all = tuple(_WORD.findall(folded))
        self._credit_tail = credit_tail if has_credit else 0
        self._core: tuple[str, ...] | None = None

    @property
    def core(self) -> tuple[str, ...]:
        if self._core is None:
            text = self.text
            cap = (split_caption(text, self._credit_tail)[0] or "") if self._credit_tail else text
            core_text = _NOTE.sub("", cap)
            self._core = self.all if core_text == text else (tuple(words(core_text)) or self.all)
        return self._core

    @property
    def first_item(self) -> tuple[str, ...]:
        first = _LIST_SEP.split(self.text, 1)[0]
        return self.all if first == self.text else tuple(words(first))


def line_words(text: str, folded: str, credit_tail: int, *, has_credit: bool = True) -> LineWords:
    """The LineWords of a line (`folded`: its lexicon.fold form; `has_credit` False skips the
    credit search for a line known to hold none)."""
    return LineWords(text, folded, credit_tail, has_credit=has_credit)


def echo_of(line: LineWords, other: LineWords, min_words: int, extra: int) -> bool:
    """True when `other` repeats `line` as a cut or credited copy of it.

    `other`, its trailing credit or note set aside, ends with `line`'s opening run of at least
    `min_words` words (the whole headline, or a caption cut short); a few words (at most `extra`
    more than the run) may come before
    it when a credit or note follows ("Archive photo: <headline> - AFP"). A name inside a longer
    line ("© <site>, all rights reserved") or after a link's label ("Next: <headline>") is no
    copy. A line with a credit or a closing note of its own is a caption, and a line that opens a
    longer one is that line's cut copy: neither is a headline.
    """
    # Cheap first: the run on all of `other`'s words bounds the run on its core.
    if len(line.all) < min_words or _opening_run(line.all, other.all)[1] < min_words:
        return False
    a = line.core
    if a != line.all:
        return False
    b_all, b = other.all, other.core
    if b_all == a or len(b) > len(a) + extra:
        return False  # the same line again (a repeat), or a longer text
    i, m = _opening_run(a, b)
    if m < min_words or len(b) - m > extra:
        return False
    if i == 0 and m == len(a) < len(b):
        return False  # `line` opens the longer `other`: the cut copy is `line`
    if i == 0 and m == len(b) < len(a) and b == line.first_item:
        return False  # the first item of a list line ("Politics, Economy, …") is a link, not a cut
    if i > 0 and b == b_all:
        return False  # words before it and no credit: a link ("Next: <headline>"), not a caption
    return i + m == len(b)


@lru_cache(maxsize=1 << 16)
def _keys(token: str, min_stem: int, key_letters: int) -> frozenset[str]:
    """A word's match keys: its stems with proclitics off, each cut to `key_letters` letters, so
    that suffixes do not hide a shared word (المغرب / المغربية, مهاجرا / مهاجرين). Cached: news
    words repeat across pages."""
    return frozenset(t[:key_letters] for t in search_stems(token, min_stem))


def first_words(folded: str, limit: int) -> str:
    """The first `limit` words of a folded text, as one string to search in."""
    return " ".join(_WORD.findall(folded)[:limit])


def clear_caches() -> None:
    """Forget the words' match keys (benchmarks call this to time a cold start)."""
    _keys.cache_clear()


def overlap(folded: str, body: str, s: Settings) -> tuple[int, int]:
    """(content words of a folded line whose match key occurs in the folded `body` text, its
    content words). A key is searched as a substring, so a word's clitics and suffixes in the body
    do not hide it (وللمغربية holds مغرب)."""
    ws = [w for w in _WORD.findall(folded) if len(w) >= s.dump_title_content_letters]
    keys = [_keys(w, s.dump_title_stem_letters, s.dump_title_key_letters) for w in ws]
    return sum(1 for k in keys if any(x in body for x in k)), len(ws)
