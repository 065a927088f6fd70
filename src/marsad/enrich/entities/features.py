"""Per-token CRF features: word forms, clitic-stripped stems, affixes, shape, script, word
clusters, gazetteer spans, name tables, cue words, and the same for neighbours.

Features are plain strings (crfsuite weighs each present string as 1), which keeps extraction
fast: building them is most of the tagging time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from marsad.arabic.clitics import proclitic_readings
from marsad.arabic.morphology import nisba_bases
from marsad.enrich.entities.gazetteer import Gazetteer, load_gazetteer
from marsad.enrich.entities.subwords import Subwords
from marsad.enrich.entities.text import has_digit, is_arabic, is_latin, key

__all__ = [
    "Analysis",
    "Resources",
    "analyse",
    "default_resources",
    "is_nisba",
    "load_clusters",
    "load_embed_clusters",
    "sentence_features",
    "shape",
    "word_info",
]


@dataclass(slots=True)
class Resources:
    """What features need besides the words: gazetteer and clusters (word → count, cluster ids)."""

    gazetteer: Gazetteer
    clusters: dict[str, tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    use_gazetteer: bool = True
    use_clusters: bool = True
    plain: bool = False  # baseline: word identity and neighbours only
    # fastText clusters (coarse to fine) of unlabeled-news words, and the n-gram fallback for the
    # rest; both empty for a model trained without them, which then sees no embedding feature.
    embed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    subwords: Subwords | None = None


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Sentence-topic words (folded). A club named after its city (برشلونة) is an ORG in a match
# report and a LOC elsewhere; a sentence-level topic flag, joined with the word's gazetteer tag and
# cluster, lets the CRF learn that. General sports vocabulary, not drawn from any one text.
_TOPIC_WORDS: dict[str, frozenset[str]] = {
    "sport": _words(
        "فريق الفريق فريقه نادي النادي مباراه المباراه مباراتها لاعب اللاعب لاعبا لاعبي مدرب "
        "المدرب الدوري بطوله البطوله كاس منتخب المنتخب هدف هدفا اهداف الاهداف الملعب ملعب الموسم "
        "مهاجم المهاجم حارس فوز الفوز تعادل هزيمه دوري مونديال المونديال الاولمبيه"
    ),
}


def load_clusters(path: Path) -> dict[str, tuple[int, tuple[str, ...]]]:
    """word → (corpus count, cluster id per granularity, coarse to fine)."""
    out: dict[str, tuple[int, tuple[str, ...]]] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[1].isdigit():
                out[parts[0]] = (int(parts[1]), tuple(parts[2:]))
    return out


def load_embed_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """word → fastText cluster id per granularity (models/ner_embeddings.py's gzip'd TSV)."""
    import gzip

    out: dict[str, tuple[str, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                parts = line.rstrip("\n").split("\t")
                out[parts[0]] = tuple(parts[1:])
    return out


def default_resources(clusters: Path | None = None) -> Resources:
    return Resources(load_gazetteer(), load_clusters(clusters) if clusters else {})


def shape(word: str) -> str:
    if not word:
        return "empty"
    if word.isdigit() or (has_digit(word) and not any(c.isalpha() for c in word)):
        return "num"
    if is_arabic(word):
        return "ar+lat" if is_latin(word) else "ar"
    if is_latin(word):
        if word.isupper():
            return "LAT"
        return "Lat" if word[:1].isupper() else "lat"
    if any(c.isalpha() for c in word):
        return "alpha"
    return "punct"


def word_info(word: str, res: Resources) -> tuple[str, str, str, list[tuple[str, str]]]:
    """(folded word, chosen proclitics, chosen stem, all clitic readings) for one token.

    A reading is chosen when its stem is a gazetteer name or a clearly more frequent word than
    the whole form in the cluster corpus (وروسيا → روسيا, but وزير stays وزير).
    """
    k = key(word)
    variants = proclitic_readings(k)
    if len(variants) == 1:
        return k, "", k, variants
    g = res.gazetteer.index
    if (k,) in g:
        return k, "", k, variants
    whole = _count(res, k)
    for pre, stem in variants[1:]:
        # A known name after a clitic (وروسيا), unless the whole form is itself a common word
        # that the stem is rarer than (وكالة is not و + ك + اله).
        if len(stem) >= 3 and (stem,) in g and (whole < 5 or _count(res, stem) >= whole):
            return k, pre, stem, variants
    best = ("", k, whole)
    for pre, stem in variants[1:]:
        c = _count(res, stem)
        if c > 2 * best[2] and c >= 5:
            best = (pre, stem, c)
    return k, best[0], best[1], variants


def _count(res: Resources, word: str) -> int:
    hit = res.clusters.get(word)
    return hit[0] if hit else 0


def _freq_bucket(n: int) -> str:
    return str(min(int(math.log2(n + 1)), 16))


def sentence_features(words: list[str], res: Resources) -> list[list[str]]:
    """One feature list per token of a sentence (tokens as written)."""
    return _string_features(words, res)[0]


@dataclass(slots=True)
class Analysis:
    """What every token's features read: per-token folded words, stems, shapes, gazetteer and cue
    tags, and cluster entries of the word and of its stem; the sentence's topics."""

    keys: list[str]
    pres: list[str]
    stems: list[str]
    shapes: list[str]
    gaz: list[str]
    cue: list[str]
    cl: list[tuple[int, tuple[str, ...]] | None]
    scl: list[tuple[int, tuple[str, ...]] | None]
    topics: list[str]
    ec: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)


def _string_features(words: list[str], res: Resources) -> tuple[list[list[str]], list[str], list[str]]:
    """String features per token, with the folded words and stems they were built from."""
    if not words:
        return [], [], []
    if res.plain:
        keys = [key(w) for w in words]
        return _plain(keys, [shape(w) for w in words]), keys, [word_info(w, res)[2] for w in words]
    sent = analyse(words, res)
    keys, stems, shapes = sent.keys, sent.stems, sent.shapes
    n = len(words)
    feats = [
        _own(i, sent, res)
        + _window(i, sent)
        + _context(i, n, keys, stems, shapes, sent.gaz, sent.cue, res)
        + _conjunctions(i, sent)
        for i in range(n)
    ]
    return feats, keys, stems


def analyse(words: list[str], res: Resources) -> Analysis:
    """Per-token evidence of a sentence (folded words, clitics, stems, shapes, gazetteer and cue
    tags, clusters, topics): what the CRF's string features and the neural tagger's inputs read."""
    infos = [word_info(w, res) for w in words]
    keys = [i[0] for i in infos]
    stems = [i[2] for i in infos]
    return Analysis(
        keys=keys,
        pres=[i[1] for i in infos],
        stems=stems,
        shapes=[shape(w) for w in words],
        gaz=_gazetteer_tags(keys, [i[3] for i in infos], res),
        cue=_cue_tags(keys, stems, res.gazetteer.cues),
        cl=[res.clusters.get(k) if res.use_clusters else None for k in keys],
        scl=[res.clusters.get(s) if res.use_clusters else None for s in stems],
        topics=[t for t, words_ in _TOPIC_WORDS.items() if any(x in words_ for x in stems)],
        ec=[_embed_clusters(k, s, res) for k, s in zip(keys, stems, strict=True)],
    )


def _embed_clusters(k: str, s: str, res: Resources) -> tuple[str, tuple[str, ...]]:
    """(source, fastText cluster ids) of a word: the table entry of the word, else of its
    clitic-stripped stem, else the character n-gram estimate; ("", ()) without embeddings."""
    if not res.embed and res.subwords is None:
        return "", ()
    hit = res.embed.get(k) or res.embed.get(s)
    if hit:
        return "t", hit
    if res.subwords is not None and s:
        return "n", res.subwords.clusters(s)
    return "", ()


def _gazetteer_tags(keys: list[str], readings: list[list[tuple[str, str]]], res: Resources) -> list[str]:
    """BIO tag with the entry's kind for every token inside a gazetteer name, else ""."""
    gaz = [""] * len(keys)
    if res.use_gazetteer:
        for m in res.gazetteer.matches(keys, readings):
            e = m.entries[0]
            for j in range(m.start, m.end):
                gaz[j] = ("B-" if j == m.start else "I-") + e.kind
    return gaz


def _cue_tags(keys: list[str], stems: list[str], cues: dict[str, frozenset[str]]) -> list[str]:
    """The first cue list (title, verb of saying, …) holding the word or its stem, else ""."""
    out = []
    for k, s in zip(keys, stems, strict=True):
        out.append(next((name for name, words_ in cues.items() if k in words_ or s in words_), ""))
    return out


def _own(i: int, t: Analysis, res: Resources) -> list[str]:
    """The token itself: forms, affixes, shape, clusters, gazetteer, name tables, cue."""
    k, pre, s = t.keys[i], t.pres[i], t.stems[i]
    f = [
        "b",
        "w=" + k,
        "s=" + s,
        "pre=" + pre,
        "sh=" + t.shapes[i],
        "len=" + str(min(len(s), 10)),
        "p2=" + s[:2],
        "p3=" + s[:3],
        "x1=" + s[-1:],
        "x2=" + s[-2:],
        "x3=" + s[-3:],
        "wx2=" + k[-2:],
        "al=" + str(s.startswith("ال") or pre.endswith("ال")),
    ]
    ci = t.cl[i]
    if ci is not None:
        f += [f"c{g}={cid}" for g, cid in enumerate(ci[1])]
        f.append("fq=" + _freq_bucket(ci[0]))
    else:
        f.append("oov")
    sc = t.scl[i]
    if sc is not None and s != k:
        f += [f"sc{g}={cid}" for g, cid in enumerate(sc[1])]
    if t.gaz[i]:
        f.append("g=" + t.gaz[i])
    if s in res.gazetteer.given:
        f.append("given")
    if s in res.gazetteer.surname:
        f.append("surname")
    if t.cue[i]:
        f.append("cue=" + t.cue[i])
    if is_nisba(s, res.gazetteer):
        f.append("nisba")
    src, ec = t.ec[i] if t.ec else ("", ())
    if ec:
        f.append("es=" + src)
        f += [f"e{g}={cid}" for g, cid in enumerate(ec)]
    return f


def _window(i: int, t: Analysis) -> list[str]:
    """Neighbours two either side: words, stems, and (one away) shapes, gazetteer and cue tags."""
    f: list[str] = []
    n = len(t.keys)
    for off in (-2, -1, 1, 2):
        j = i + off
        if not 0 <= j < n:
            f.append(f"w{off}=<S>")
            continue
        f.append(f"w{off}={t.keys[j]}")
        f.append(f"s{off}={t.stems[j]}")
        if abs(off) == 1:
            f.append(f"sh{off}={t.shapes[j]}")
            if t.gaz[j]:
                f.append(f"g{off}={t.gaz[j]}")
            if t.cue[j]:
                f.append(f"cue{off}={t.cue[j]}")
        cj = t.scl[j] or t.cl[j]
        if cj is not None:
            f += [f"c{g}{off}={cid}" for g, cid in enumerate(cj[1][: 3 if abs(off) == 1 else 1])]
        ej = t.ec[j][1] if t.ec else ()
        f += [f"e{g}{off}={cid}" for g, cid in enumerate(ej[: 2 if abs(off) == 1 else 1])]
    return f


def _conjunctions(i: int, t: Analysis) -> list[str]:
    """Joined features: cue before an unknown word, long affixes, topic × tag, stem bigrams."""
    f: list[str] = []
    k, s, ci = t.keys[i], t.stems[i], t.cl[i]
    if i > 0 and t.cue[i - 1]:
        # A cue word right before an unknown word (قال X, وزير X) is strong evidence of a name.
        f.append(f"cue-1|sh={t.cue[i - 1]}|{t.shapes[i]}")
        if ci is None:
            f.append(f"cue-1|oov={t.cue[i - 1]}")
    if s != k:
        f.append("sp4=" + s[:4])
        f.append("sx4=" + s[-4:])
    for topic in t.topics:
        f.append(topic)
        if t.gaz[i]:
            f.append(f"{topic}|g={t.gaz[i]}")
        f.append(f"{topic}|c1={ci[1][1]}" if ci is not None else f"{topic}|oov")
    if i > 0:
        f.append(f"s-1|s={t.stems[i - 1]}|{s}")
    if i + 1 < len(t.keys):
        f.append(f"s|s+1={s}|{t.stems[i + 1]}")
    return f


def _context(
    i: int,
    n: int,
    keys: list[str],
    stems: list[str],
    shapes: list[str],
    gaz: list[str],
    cue: list[str],
    res: Resources,
) -> list[str]:
    """Wider-window evidence: sentence position, cue words up to 3 away (قال وزير الخارجية X),
    gazetteer tags 2 away, and name-table / relative-adjective hits of the next and previous word."""
    f: list[str] = []
    if i == 0:
        f.append("bos")
    if i == n - 1 or shapes[i + 1] == "punct":
        f.append("eos_or_punct+1")
    for off in (-3, -2, 2, 3):
        j = i + off
        if 0 <= j < n:
            if cue[j]:
                f.append(f"cue{off}={cue[j]}")
            if gaz[j] and abs(off) == 2:
                f.append(f"g{off}={gaz[j]}")
    g = res.gazetteer
    for off in (-1, 1):
        j = i + off
        if 0 <= j < n:
            if stems[j] in g.given:
                f.append(f"given{off}")
            if stems[j] in g.surname:
                f.append(f"surname{off}")
            if is_nisba(stems[j], g):
                f.append(f"nisba{off}")
    return f


def is_nisba(stem: str, g: Gazetteer) -> bool:
    return any(base in g.nisba for base in nisba_bases(stem))


def _plain(keys: list[str], shapes: list[str]) -> list[list[str]]:
    """Baseline features: the word, its neighbours, a shape. No gazetteers, clusters or affixes."""
    n = len(keys)
    out = []
    for i in range(n):
        f = ["b", "w=" + keys[i], "sh=" + shapes[i]]
        for off in (-1, 1):
            j = i + off
            f.append(f"w{off}=" + (keys[j] if 0 <= j < n else "<S>"))
        out.append(f)
    return out
