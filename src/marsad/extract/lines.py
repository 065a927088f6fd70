"""What one line of a dump looks like: cheap measurements shared by the model and the rules.

`describe()` measures every line once (length, scripts, final punctuation, glued words, cue
hits, relations to its neighbours); `crf_features()` turns those measurements into the string
features of the sequence model. Only non-blank lines enter the sequence; blank lines are kept as
"blank before/after" facts, because paragraph blocks in a dump are separated by blank lines and
menus are not.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import _lru_cache_wrapper, lru_cache
from typing import Final

from marsad.config import Settings
from marsad.extract.credits import has_credit
from marsad.extract.lexicon import fold, lexicon

__all__ = ["LineInfo", "clear_caches", "crf_features", "describe", "ends_sentence"]

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
# A dump glues inline elements with no space: "Eventsالأحداث" (script switch inside a word) or
# "HomeNewsSport" (lower→upper inside a word) are the marks of a glued menu.
_GLUE = re.compile(r"[a-z\u00e0-\u024f][A-Z]|[A-Za-z][\u0600-\u06ff]|[\u0600-\u06ff][A-Za-z]")
_GLUE_ASCII = re.compile(r"[a-z][A-Z]")
_SENT_END = frozenset(".!?؟…。")
_QUOTES = frozenset("\"'»«”“’)")


def ends_sentence(text: str) -> bool:
    """Whether `text` ends as a sentence does (a closing quote or bracket after the mark is fine)."""
    end = text.rstrip()
    while end and end[-1] in _QUOTES:
        end = end[:-1].rstrip()
    return bool(end) and end[-1] in _SENT_END


_SEPARATORS = re.compile(r"\s[|•·»/>–-]\s")
_INNER_PUNCT = re.compile(r"[,،;؛.!?؟:]")
_BULLET = re.compile(r"^(?:[-–—•*·▪►»]|\d{1,2}[.)]\s)")
_DATEISH = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|(?:19|20)\d\d")


# A line's context-free features and its neighbour views of them ("a"/"b": the line before or
# after sees all of them, "A"/"B": two lines away, the first three).
Views = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_NO_VIEWS: Views = ((), (), (), (), ())


@dataclass(slots=True)
class LineInfo:
    """Measurements of one non-blank line (index `i` into the dump's lines)."""

    i: int
    text: str
    folded: str
    chars: int
    words: int
    arabic: float
    digits: float
    end: str  # "." sentence end, ":" colon, "," comma, "q" quote/bracket, "" none
    glue: int
    inner_punct: int
    separators: int
    bullet: bool
    cue: str | None  # first chrome category whose cue matches
    related_header: bool
    byline_cue: bool
    date_label: bool
    dateish: bool
    credit: bool
    blank_before: bool = False
    blank_after: bool = False
    repeated: bool = False
    contains_prev: bool = False
    contained_next: bool = False
    pos: float = 0.0
    char_pos: float = 0.0
    views: Views = _NO_VIEWS  # shared by every line with the same text: never mutate


_CHAR_EDGES: Final = (
    3,
    8,
    15,
    25,
    40,
    60,
    90,
    140,
    220,
    400,
)  # fact: the buckets models/dump_labeller.crfsuite was trained on
_WORD_EDGES: Final = (
    1,
    2,
    3,
    5,
    8,
    12,
    20,
    35,
    60,
)  # fact: the buckets models/dump_labeller.crfsuite was trained on
_END = {
    **{c: "." for c in _SENT_END},
    **{c: ":" for c in ":："},
    **{c: "," for c in ",،"},
    **{c: "q" for c in _QUOTES},
}
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# Bucket features as ready strings (indexed by bucket): formatting them per line costs more.
_C_FEAT = tuple(f"c{k}" for k in range(len(_CHAR_EDGES) + 1))
_W_FEAT = tuple(f"w{k}" for k in range(len(_WORD_EDGES) + 1))
_E_FEAT = {e: f"e{e}" for e in (".", ":", ",", "q", "")}
_DG_FEAT = tuple(f"dg{k}" for k in range(4))
_P_FEAT = tuple(f"p{k}" for k in range(7))
_G_FEAT = tuple(f"g{k}" for k in range(4))
_SEP_FEAT = tuple(f"sep{k}" for k in range(4))
_D_FEAT = tuple(f"d{k}" for k in range(len(_CHAR_EDGES) + 1))
_DD_FEAT = tuple(f"D{k}" for k in range(len(_CHAR_EDGES) + 1))
# Features that depend on the neighbours (blank lines, repeats, containment), with their views.
_CONTEXT = ("bb", "ba", "rep", "cprev", "cnext")

_Facts = tuple[
    str, int, int, float, float, str, int, int, int, bool, str | None, bool, bool, bool, bool, bool, Views
]


def clear_caches() -> None:
    """Forget the per-text measurements (benchmarks call this to time a cold start)."""
    for memo in _MEMOS.values():
        memo.cache_clear()
    _shape_views.cache_clear()


# `_facts` behind a cache of Settings.extract_line_memo texts, one cache per size asked for.
_MEMOS: dict[int, _lru_cache_wrapper[_Facts]] = {}


def _memo(size: int) -> Callable[[str, int], _Facts]:
    if size not in _MEMOS:
        _MEMOS[size] = lru_cache(maxsize=size)(_facts)
    return _MEMOS[size]


def _measure(i: int, text: str, facts: Callable[[str, int], _Facts], credit_tail: int) -> LineInfo:
    f = facts(text, credit_tail)
    return LineInfo(
        i, text, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14],
        f[15], views=f[16],
    )  # fmt: skip


def _glue(text: str, words: int, ascii_: bool) -> int:
    """Lower-to-upper case joins ("HomeNewsSport"), counted where a menu can have them.

    Cheap tests gate the regexes; each gate only skips lines the regex cannot match: glue needs
    an ASCII letter (and, in ASCII text, both cases)."""
    if words > 30:
        return 0
    if ascii_:
        return 0 if text.islower() or text.isupper() else len(_GLUE_ASCII.findall(text))
    return len(_GLUE.findall(text)) if _ASCII_LETTER.search(text) else 0


def _with_words(views: Views, folded: str, words: int, n: int) -> Views:
    """Words of short lines added to their views: boilerplate vocabulary ("kommentare", "home",
    "teilen") recurs across sites; prose vocabulary does not, so only short lines get these. They
    come last, after the shape features, whose views are shared by every line of the same shape."""
    if words > 10:
        return views
    first = "f=" + folded.split(" ", 1)[0]
    w = ("t=" + folded, first) if words <= 4 and n <= 40 else (first,)
    return (
        views[0] + w,
        views[1] + tuple(["a" + s for s in w]),
        views[2] + tuple(["b" + s for s in w]),
        views[3],
        views[4],
    )


def _facts(text: str, credit_tail: int) -> _Facts:
    """Everything a line's text alone gives: measurements, then its features and their views
    (a credit is looked for in the last `credit_tail` characters)."""
    lex = lexicon()
    folded = fold(text)
    n = len(text)
    words = text.count(" ") + 1
    ndig = len(_DIGIT.findall(text))
    ascii_ = text.isascii()
    short = n <= 200
    glue = _glue(text, words, ascii_)
    end = _END.get(text[-1], "")
    digits = ndig / n
    inner = len(_INNER_PUNCT.findall(text))
    seps = len(_SEPARATORS.findall(text))
    bullet = _BULLET.match(text) is not None
    cue = lex.chrome_cues.category(folded) if short else None
    related = short and words <= 8 and lex.related_header.match(folded)
    byline = words <= 12 and lex.byline_prefix.match(folded) is not None
    date_label = words <= 14 and lex.date_label.match(folded) is not None
    dateish = ndig >= 3 and _DATEISH.search(text) is not None
    credit = n <= 400 and has_credit(text, credit_tail, folded)

    flags = (("relh", related), ("by", byline), ("datel", date_label), ("dt", dateish), ("cred", credit))
    own = [
        _C_FEAT[bisect_left(_CHAR_EDGES, n)],
        _W_FEAT[bisect_left(_WORD_EDGES, words)],
        _E_FEAT[end],
        _DG_FEAT[min(int(digits * 10), 3)],
        _P_FEAT[min(inner, 6)],
    ]
    if glue and words <= 12:
        # Glue marks a menu only in short lines; long prose has "iPhone", "eBay".
        own.append(_G_FEAT[min(glue, 3)])
    if seps:
        own.append(_SEP_FEAT[min(seps, 3)])
    if bullet:
        own.append("bul")
    if cue:
        own.append("cue_" + cue)
    own += [name for name, on in flags if on]
    views = _with_words(_shape_views(tuple(own)), folded, words, n)
    arabic = 0.0 if ascii_ else len(_ARABIC.findall(text)) / n
    return (
        folded, n, words, arabic, digits, end, glue, inner, seps, bullet, cue, related, byline, date_label, dateish,
        credit, views,
    )  # fmt: skip


@lru_cache(maxsize=4096)  # few distinct shapes: a few hundred on the 300-page train split
def _shape_views(own: tuple[str, ...]) -> Views:
    """The views of a line's shape features (buckets, cues, marks): few distinct combinations
    occur, so each is built once and shared."""
    return (
        own,
        tuple(["a" + s for s in own]),
        tuple(["b" + s for s in own]),
        tuple(["A" + s for s in own[:3]]),
        tuple(["B" + s for s in own[:3]]),
    )


def describe(lines: list[str], settings: Settings) -> list[LineInfo]:
    """Measure the non-blank lines of a dump and relate each to its neighbours (the measurement
    memo's size and the credit tail from `settings`)."""
    facts = _memo(settings.extract_line_memo)
    infos: list[LineInfo] = []
    blank = True
    for i, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            blank = True
            if infos:
                infos[-1].blank_after = True
            continue
        info = _measure(i, text, facts, settings.credit_tail_chars)
        info.blank_before = blank
        blank = False
        infos.append(info)
    total = len(infos) or 1
    chars_total = sum(x.chars for x in infos) or 1
    seen: dict[str, int] = {}
    for x in infos:
        seen[x.folded] = seen.get(x.folded, 0) + 1
    acc = 0
    prev: LineInfo | None = None
    for k, x in enumerate(infos):
        x.pos = k / total
        x.char_pos = acc / chars_total
        acc += x.chars
        x.repeated = seen[x.folded] > 1
        if prev is not None and prev.chars >= 10 and x.chars > prev.chars and x.text.startswith(prev.text):
            x.contains_prev = True
            prev.contained_next = True
        prev = x
    return infos


# The context features of a line as one 5-bit mask (bb, ba, rep, cprev, cnext), and each mask's
# features as ready tuples for the line itself and for the lines before ("a") and after ("b") it:
# building them per line costs more than the lookup.
def _ctx_views(prefix: str) -> tuple[tuple[str, ...], ...]:
    return tuple(
        tuple(prefix + f for b, f in enumerate(_CONTEXT) if m >> b & 1) for m in range(1 << len(_CONTEXT))
    )


_CTX_OWN = _ctx_views("")
_CTX_AV = _ctx_views("a")
_CTX_BV = _ctx_views("b")


def _mask(x: LineInfo) -> int:
    return (
        x.blank_before | x.blank_after << 1 | x.repeated << 2 | x.contains_prev << 3 | x.contained_next << 4
    )


def crf_features(infos: Sequence[LineInfo]) -> list[list[str]]:
    """Feature strings for each line: its own, its neighbours' (±1, ±2) and the density around it.

    A line's own features and their neighbour views come ready from `describe` (computed once per
    text); only the context features (blank lines, repeats) and the density are built here.
    """
    n = len(infos)
    views = [x.views for x in infos]
    masks = [_mask(x) for x in infos]
    # Prefix sums of line lengths for the density windows.
    acc = [0]
    for x in infos:
        acc.append(acc[-1] + x.chars)
    out: list[list[str]] = []
    for k, x in enumerate(infos):
        f = [*views[k][0], *_CTX_OWN[masks[k]]]
        # No absolute position: pages differ too much in how much chrome surrounds the text, and
        # a short dump (the common case outside crawls) would look "all footer" to the model.
        # Text density around the line instead: main text sits among long lines.
        lo, hi = max(0, k - 2), min(n, k + 3)
        f.append(_D_FEAT[bisect_left(_CHAR_EDGES, (acc[hi] - acc[lo]) // (hi - lo))])
        lo, hi = max(0, k - 6), min(n, k + 7)
        f.append(_DD_FEAT[bisect_left(_CHAR_EDGES, (acc[hi] - acc[lo]) // (hi - lo))])
        if x.words >= 12 and x.end == ".":
            f.append("sent")
        if k >= 1:
            f += views[k - 1][1]
            f += _CTX_AV[masks[k - 1]]
        else:
            f.append("anone")
        if k + 1 < n:
            f += views[k + 1][2]
            f += _CTX_BV[masks[k + 1]]
        else:
            f.append("bnone")
        f += views[k - 2][3] if k >= 2 else ("Anone",)
        f += views[k + 2][4] if k + 2 < n else ("Bnone",)
        if k == 0:
            f.append("first")
        if k == n - 1:
            f.append("last")
        out.append(f)
    return out
