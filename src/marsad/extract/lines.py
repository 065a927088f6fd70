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
from dataclasses import dataclass, field

from marsad.extract.credits import has_credit
from marsad.extract.lexicon import fold, lexicon

__all__ = ["LineInfo", "crf_features", "describe"]

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
# A dump glues inline elements with no space: "Eventsالأحداث" (script switch inside a word) or
# "HomeNewsSport" (lower→upper inside a word) are the marks of a glued menu.
_GLUE = re.compile(r"[a-z\u00e0-\u024f][A-Z]|[A-Za-z][\u0600-\u06ff]|[\u0600-\u06ff][A-Za-z]")
_GLUE_ASCII = re.compile(r"[a-z][A-Z]")
_SENT_END = frozenset(".!?؟…。")
_QUOTES = frozenset("\"'»«”“’)")
_SEPARATORS = re.compile(r"\s[|•·»/>–-]\s")
_INNER_PUNCT = re.compile(r"[,،;؛.!?؟:]")
_BULLET = re.compile(r"^(?:[-–—•*·▪►»]|\d{1,2}[.)]\s)")
_DATEISH = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|(?:19|20)\d\d")


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
    feats: list[str] = field(default_factory=list)


def _bucket(n: int, edges: tuple[int, ...]) -> int:
    """Index of the first edge >= n (len(edges) when n is above them all)."""
    return bisect_left(edges, n)


_CHAR_EDGES = (3, 8, 15, 25, 40, 60, 90, 140, 220, 400)
_WORD_EDGES = (1, 2, 3, 5, 8, 12, 20, 35, 60)


def _measure(i: int, text: str) -> LineInfo:
    lex = lexicon()
    folded = fold(text)
    n = len(text)
    words = text.count(" ") + 1
    ndig = len(_DIGIT.findall(text))
    last = text[-1]
    if last in _SENT_END:
        end = "."
    elif last in ":：":
        end = ":"
    elif last in ",،":
        end = ","
    elif last in _QUOTES:
        end = "q"
    else:
        end = ""
    short = n <= 200
    # Cheap tests first: most lines are long prose or short menu items, and the costly regexes
    # only matter for some (glue in short lines, dates where there are digits).
    return LineInfo(
        i=i,
        text=text,
        folded=folded,
        chars=n,
        words=words,
        arabic=len(_ARABIC.findall(text)) / n if not text.isascii() else 0.0,
        digits=ndig / n,
        end=end,
        glue=0 if words > 30 else len((_GLUE_ASCII if text.isascii() else _GLUE).findall(text)),
        inner_punct=len(_INNER_PUNCT.findall(text)),
        separators=len(_SEPARATORS.findall(text)),
        bullet=bool(_BULLET.match(text)),
        cue=lex.chrome_cues.category(folded) if short else None,
        related_header=short and words <= 8 and lex.related_header.match(folded),
        byline_cue=words <= 12 and lex.byline_prefix.match(folded) is not None,
        date_label=words <= 14 and lex.date_label.match(folded) is not None,
        dateish=ndig > 0 and _DATEISH.search(text) is not None,
        credit=n <= 400 and has_credit(text),
    )


def describe(lines: list[str]) -> list[LineInfo]:
    """Measure the non-blank lines of a dump and relate each to its neighbours."""
    infos: list[LineInfo] = []
    blank = True
    for i, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            blank = True
            if infos:
                infos[-1].blank_after = True
            continue
        info = _measure(i, text)
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


def _base(x: LineInfo) -> list[str]:
    f = [
        f"c{_bucket(x.chars, _CHAR_EDGES)}",
        f"w{_bucket(x.words, _WORD_EDGES)}",
        f"e{x.end}",
        f"dg{min(int(x.digits * 10), 3)}",
        f"p{min(x.inner_punct, 6)}",
    ]
    if x.glue and x.words <= 12:
        # Glue marks a menu only in short lines; long prose has "iPhone", "eBay".
        f.append(f"g{min(x.glue, 3)}")
    if x.separators:
        f.append(f"sep{min(x.separators, 3)}")
    if x.bullet:
        f.append("bul")
    if x.cue:
        f.append("cue_" + x.cue)
    if x.related_header:
        f.append("relh")
    if x.byline_cue:
        f.append("by")
    if x.date_label:
        f.append("datel")
    if x.dateish:
        f.append("dt")
    if x.credit:
        f.append("cred")
    if x.blank_before:
        f.append("bb")
    if x.blank_after:
        f.append("ba")
    if x.repeated:
        f.append("rep")
    if x.contains_prev:
        f.append("cprev")
    if x.contained_next:
        f.append("cnext")
    # Words of short lines: boilerplate vocabulary ("kommentare", "home", "teilen") recurs across
    # sites; prose vocabulary does not, so only short lines get these.
    if x.words <= 4 and x.chars <= 40:
        f.append("t=" + x.folded)
    if x.words <= 10:
        f.append("f=" + x.folded.split(" ", 1)[0])
    return f


def crf_features(infos: list[LineInfo]) -> list[list[str]]:
    """Feature strings for each line: its own, its neighbours' (±1, ±2) and the density around it."""
    base = [_base(x) for x in infos]
    n = len(infos)
    # Neighbour views, built once per line: ±1 neighbours give all their features, ±2 the first three.
    before = [["a" + s for s in b] for b in base]
    after = [["b" + s for s in b] for b in base]
    before2 = [["A" + s for s in b[:3]] for b in base]
    after2 = [["B" + s for s in b[:3]] for b in base]
    # Prefix sums of line lengths for the density windows.
    acc = [0]
    for x in infos:
        acc.append(acc[-1] + x.chars)
    out: list[list[str]] = []
    for k, x in enumerate(infos):
        f = base[k][:]
        # No absolute position: pages differ too much in how much chrome surrounds the text, and
        # a short dump (the common case outside crawls) would look "all footer" to the model.
        # Text density around the line instead: main text sits among long lines.
        lo, hi = max(0, k - 2), min(n, k + 3)
        f.append(f"d{bisect_left(_CHAR_EDGES, (acc[hi] - acc[lo]) // (hi - lo))}")
        lo, hi = max(0, k - 6), min(n, k + 7)
        f.append(f"D{bisect_left(_CHAR_EDGES, (acc[hi] - acc[lo]) // (hi - lo))}")
        if x.words >= 12 and x.end == ".":
            f.append("sent")
        f += before[k - 1] if k >= 1 else ["anone"]
        f += after[k + 1] if k + 1 < n else ["bnone"]
        f += before2[k - 2] if k >= 2 else ["Anone"]
        f += after2[k + 2] if k + 2 < n else ["Bnone"]
        if k == 0:
            f.append("first")
        if k == n - 1:
            f.append("last")
        out.append(f)
    return out
