"""From an article's text blocks to raw entity mentions: tagging, gazetteer and outlet patterns.

Only the article's own text is read: title, lede, headings, paragraphs and captions (with the
photo credit cut off: a photographer is a credit, not an actor). Related-link items, bylines,
chrome and credits are skipped, so a place named only in a related headline is not an entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from marsad.arabic.clitics import proclitic_readings
from marsad.arabic.morphology import adjective_base
from marsad.arabic.tokens import tokenize
from marsad.arabic.words import AGENCY_HEAD, AGENCY_NEWS
from marsad.config import Settings
from marsad.enrich.entities.conll import spans
from marsad.enrich.entities.features import word_info
from marsad.enrich.entities.gazetteer import Entry
from marsad.enrich.entities.tagger import Tagger
from marsad.enrich.entities.text import is_arabic, is_latin, key
from marsad.model import Article, Label

__all__ = ["RawMention", "TaggedSentence", "collect", "tag_article"]

TAGGED_LABELS = frozenset({Label.TITLE, Label.LEDE, Label.HEADING, Label.PARAGRAPH, Label.CAPTION})
# Where a caption's credit starts: the rest names the photographer or agency, not the story's actors.
_CREDIT = re.compile(r"(?i)\b(copyright|photo|credit|getty|reuters/|ap photo)\b|©|حقوق|تصوير|الصورة:")
# Gazetteer kinds precise enough to add a mention the tagger missed.
STRONG_KINDS = frozenset({"country", "news outlet", "organization", "public figure"})


@dataclass(slots=True)
class TaggedSentence:
    block: int
    tokens: list[tuple[str, int, int]]  # text, start, end (offsets in the block's text)
    tags: list[str]
    keys: list[str] = field(default_factory=list)
    stems: list[str] = field(default_factory=list)
    pre: list[str] = field(default_factory=list)  # folded proclitics of each token


@dataclass(slots=True)
class RawMention:
    type: str  # PERS | LOC | ORG | MISC
    sent: int  # index into the article's tagged sentences
    tok_start: int
    tok_end: int
    block: int
    start: int
    end: int
    text: str
    key: str  # folded, clitic-stripped tokens joined by spaces
    entries: tuple[Entry, ...] = ()
    kind: str | None = None


def _segments(article: Article) -> list[tuple[int, int, int]]:
    """(block, start, end) text ranges to tag: the article's sentences in tagged blocks."""
    by_block: dict[int, list[tuple[int, int]]] = {}
    for sent in article.sentences:
        by_block.setdefault(sent.block, []).append((sent.start, sent.end))
    out = []
    for b in article.blocks:
        if b.label not in TAGGED_LABELS or not b.text.strip():
            continue
        limit = len(b.text)
        if b.label is Label.CAPTION:
            m = _CREDIT.search(b.text)
            if m:
                limit = m.start()
        ranges = [(s, e) for s, e in by_block.get(b.index, []) if 0 <= s < e <= len(b.text)]
        if not ranges:
            ranges = [(0, len(b.text))]
        for s, e in sorted(ranges):
            e = min(e, limit)
            if s < e:
                out.append((b.index, s, e))
    return out


def tag_article(article: Article, tagger: Tagger, settings: Settings) -> list[TaggedSentence]:
    """The article's sentences, tokenised and tagged (`settings.ner_max_sentence` words at a time)."""
    texts = {b.index: b.text for b in article.blocks}
    sentences: list[tuple[int, list[tuple[str, int, int]]]] = []
    for block, s, e in _segments(article):
        toks = [(t.text, s + t.start, s + t.end) for t in tokenize(texts[block][s:e])]
        if toks:
            sentences.append((block, toks))
    # One call for the whole article: the neural tagger runs its sentences through the BiLSTM in
    # batches (entity step on the seed article 5,100-5,300 -> 7,250-7,360 tokens/s); the CRF loops.
    arabic = [[t[0] for t in toks] for _, toks in sentences if _mostly_arabic([t[0] for t in toks])]
    tagged = iter(tagger.tag_many(arabic, settings.ner_max_sentence))
    out = []
    for block, toks in sentences:
        words = [t[0] for t in toks]
        ts = TaggedSentence(block, toks, next(tagged) if _mostly_arabic(words) else ["O"] * len(words))
        for w in words:
            k, pre, stem, _ = word_info(w, tagger.resources)
            ts.keys.append(k)
            ts.stems.append(stem)
            ts.pre.append(pre)
        out.append(ts)
    return out


def _mostly_arabic(words: list[str]) -> bool:
    """The tagger learnt Arabic news: an English or French sentence would come out as one long MISC."""
    arabic = sum(1 for w in words if is_arabic(w))
    latin = sum(1 for w in words if is_latin(w))
    return arabic >= latin and arabic > 0


def _raw_cut(raw: str, folded_len: int) -> int:
    """Characters of `raw` that make up its first `folded_len` folded letters (diacritics ride along)."""
    n = 0
    for i, ch in enumerate(raw):
        if key(ch):
            if n == folded_len:
                return i
            n += 1
    return len(raw)


def _mention(
    ts: TaggedSentence, sent: int, i: int, j: int, typ: str, strip: bool, kind: str | None = None
) -> RawMention:
    first, start, _ = ts.tokens[i]
    cut = _raw_cut(first, len(ts.pre[i])) if strip and ts.pre[i] else 0
    start += cut
    end = ts.tokens[j - 1][2]
    keys = [ts.stems[i] if cut else ts.keys[i], *ts.keys[i + 1 : j]]
    return RawMention(typ, sent, i, j, ts.block, start, end, "", " ".join(keys), kind=kind)


def _outlet_spans(
    ts: TaggedSentence,
    counts: dict[str, tuple[int, tuple[str, ...]]],
    heads: frozenset[str],
    nisba: dict[str, Entry],
    rare: int,
) -> list[tuple[int, int, int]]:
    """(name start, name end, head index) of outlets: وكالة X للأنباء (whole), صحيفة X (X only)."""
    out = []
    n = len(ts.keys)
    for i in range(n):
        stem = ts.keys[i] if ts.keys[i] in heads else ts.stems[i]
        if stem not in heads:
            continue
        if stem.endswith(AGENCY_HEAD):
            for j in range(i + 1, min(i + 6, n)):
                if ts.keys[j] in AGENCY_NEWS and j > i + (
                    ts.keys[j] == AGENCY_NEWS[1]
                ):  # الأنباء after a name
                    out.append((i, j + 1, i))
                    break
            continue
        j = i + 1
        while j < n and j < i + 4:
            k = ts.keys[j]
            hit = counts.get(k)
            c = hit[0] if hit else 0
            # A country adjective (صحيفة أمريكية) describes the outlet; it is not its name.
            if not k or not k[0].isalpha() or c >= rare or adjective_base(k) in nisba:
                break
            j += 1
        if j > i + 1:
            out.append((i + 1, j, i))
    return out


Cand = tuple[int, int, str, int, str | None]  # token start, end, type, priority, kind


def _candidates(ts: TaggedSentence, tagger: Tagger, heads: frozenset[str], rare: int) -> list[Cand]:
    """Spans from the tagger (priority 1), strong gazetteer names (2) and outlet patterns (3)."""
    g = tagger.resources.gazetteer
    cands: list[Cand] = [(i, j, typ, 1, None) for i, j, typ in spans(ts.tags)]
    for i, j, _h in _outlet_spans(ts, tagger.resources.clusters, heads, g.nisba, rare):
        cands.append((i, j, "ORG", 3, "news outlet"))
    variants = [
        [("", k)] + ([(p, s)] if p else []) for k, p, s in zip(ts.keys, ts.pre, ts.stems, strict=True)
    ]
    for m in g.matches(ts.keys, variants):
        e = m.entries[0]
        # Untagged names are added only when unambiguous: several words, or a country.
        # One word like الجزيرة or فتح is also an ordinary word; the tagger must vouch for it.
        agree = all(x.type == e.type for x in m.entries)
        if agree and e.kind in STRONG_KINDS and (m.end - m.start > 1 or e.kind == "country"):
            cands.append((m.start, m.end, e.type, 2, e.kind))
    return cands


def _name_key(ts: TaggedSentence, i: int, j: int) -> tuple[str, ...]:
    return (ts.stems[i] if ts.pre[i] else ts.keys[i], *ts.keys[i + 1 : j])


def _known_names(
    sents: list[TaggedSentence],
    cands: list[list[Cand]],
    counts: dict[str, tuple[int, tuple[str, ...]]],
    rare: int,
) -> dict[tuple[str, ...], tuple[str, str | None]]:
    """Names the tagger or a pattern found somewhere in the article, to find again elsewhere in it.

    One article names its actors several times and the tagger may miss a repeat (a name after a
    clitic, at a sentence start). Single words qualify only when rare in news text (a name, not
    a common word mis-tagged once); MISC and names given two types are left out.
    """
    known: dict[tuple[str, ...], tuple[str, str | None]] = {}
    clash: set[tuple[str, ...]] = set()
    for ts, cs in zip(sents, cands, strict=True):
        for i, j, typ, prio, kind in cs:
            if prio == 2 or typ == "MISC":
                continue
            k = _name_key(ts, i, j)
            if len(k) == 1:
                hit = counts.get(k[0])
                if len(k[0]) < 3 or (hit is not None and hit[0] >= rare):
                    continue
            if k in known and known[k][0] != typ:
                clash.add(k)
            known.setdefault(k, (typ, kind))
    return {k: v for k, v in known.items() if k not in clash}


def _repeats(ts: TaggedSentence, known: dict[tuple[str, ...], tuple[str, str | None]]) -> list[Cand]:
    longest = max((len(k) for k in known), default=0)
    out: list[Cand] = []
    for i in range(len(ts.keys)):
        found = False
        for n in range(min(longest, len(ts.keys) - i), 0, -1):
            rest = tuple(ts.keys[i + 1 : i + n])
            for pre, stem in proclitic_readings(ts.keys[i]):
                hit = known.get((stem, *rest))
                if hit:
                    if pre and not ts.pre[i]:
                        # The article itself names the stem (لسامي after سامي): read it so here too.
                        ts.pre[i], ts.stems[i] = pre, stem
                    out.append((i, i + n, hit[0], 0, hit[1]))
                    found = True
                    break
            if found:
                break
    return out


def collect(
    sents: list[TaggedSentence], tagger: Tagger, texts: dict[int, str], settings: Settings
) -> list[RawMention]:
    """Mentions from tagger spans, outlet patterns, strong gazetteer names and repeats of names
    found elsewhere in the article, without overlaps."""
    heads = tagger.resources.gazetteer.cues.get("outlet", frozenset())
    rare = settings.ner_rare_outlet_name
    per_sent = [_candidates(ts, tagger, heads, rare) for ts in sents]
    known = _known_names(sents, per_sent, tagger.resources.clusters, rare)
    out: list[RawMention] = []
    for si, ts in enumerate(sents):
        cands = per_sent[si] + _repeats(ts, known)
        taken = [False] * len(ts.keys)
        # Outlet patterns first (they know where the name ends), then longer spans, then by
        # priority; a span is kept when none of its tokens is taken.
        for i, j, typ, _p, kind in sorted(cands, key=lambda c: (c[3] != 3, -(c[1] - c[0]), -c[3], c[0])):
            if any(taken[i:j]):
                # A tagger span inside a longer pattern/gazetteer span is the same name: drop it.
                continue
            for x in range(i, j):
                taken[x] = True
            # وكالة starts with و but is not و + كالة: a head word matched whole keeps its letters.
            rm = _mention(ts, si, i, j, typ, strip=ts.keys[i] not in heads, kind=kind)
            rm.text = texts[rm.block][rm.start : rm.end]
            out.append(rm)
    return out
