"""A learnt event trigger tagger (issue 11 item 3): a linear-chain CRF over the tokens of a folded
sentence, BIO labels that carry the PLOVER type (and CONSULT's mode: "CONSULT.meet").

Why: the rules find a trigger only when its written form is listed; the tagger weighs the same
lexicon as evidence, not as the answer, beside the word, its clitic-stripped stem, its affixes,
word clusters of unlabeled news (models/ner_clusters.tsv) and its neighbours, so it can drop a listed
form used in another sense and take an unlisted one. Trained by models/train_event_tagger.py
(`make train-events`) on the train splits of events_gold3 and events_gold5; figures and the chosen
feature groups in models/EVENTS_CARD.md.

The model file (event_tagger.crfsuite) sits beside its metadata (event_tagger.json: the feature
groups it was trained with), found by `marsad.resources.find_model`. The tagger hands back
`Trigger`s in folded offsets, so the rules' participant step reads them as it reads its own.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.arabic.clitics import ARTICLE, CONJUNCTIONS
from marsad.enrich.claims.tokens import Tok, is_word, tokenize
from marsad.enrich.entities.features import Resources, load_clusters, shape, word_info
from marsad.enrich.entities.gazetteer import load_gazetteer
from marsad.enrich.events.lexicon import EventLexicon, Trigger, event_lexicon, lexicon_matches
from marsad.resources import find_model, open_crf

__all__ = [
    "FEATURE_GROUPS",
    "META_FILE",
    "MODEL_FILE",
    "MODES",
    "UNTYPED",
    "Match",
    "Reading",
    "Retrigger",
    "TaggerData",
    "TriggerTagger",
    "bio_labels",
    "combine",
    "first_stem",
    "label_spans",
    "load_trigger_tagger",
    "resolve",
    "tagger_data",
    "token_features",
]

MODEL_FILE = "event_tagger.crfsuite"
META_FILE = "event_tagger.json"
CLUSTERS_FILE = "ner_clusters.tsv"
# How the tagger's triggers meet the rules' (Settings.events_trigger_tagger).
MODES = ("off", "tagger", "union", "gate")
FEATURE_GROUPS = ("word", "lexicon", "clusters", "context")
_NEVER = re.compile(r"(?!)")  # a tagger-found Trigger is never matched again by pattern
Match = tuple[int, int, Trigger]  # a trigger found in a folded sentence, with its folded offsets
# What the events step hands `events_in_sentence`: (folded text, the lexicon's matches) → the
# triggers to keep (`TriggerTagger.using`).
Retrigger = Callable[[str, list[Match]], list[Match]]
UNTYPED = "EVENT"  # the label of every trigger when the tagger only finds them (scheme "untyped")


@dataclass(frozen=True, slots=True)
class TaggerData:
    """What the features read besides the sentence."""

    groups: frozenset[str]
    lex: EventLexicon  # hand + grown lexicon
    hand: EventLexicon  # hand lexicon only
    res: Resources  # clusters (word counts decide clitic stripping) and the gazetteer


def tagger_data(groups: Iterable[str], clusters: Path) -> TaggerData:
    return TaggerData(
        frozenset(groups),
        event_lexicon(True),
        event_lexicon(False),
        Resources(load_gazetteer(), load_clusters(clusters) if clusters.is_file() else {}),
    )


def _lex_tags(text: str, toks: list[Tok], lex: EventLexicon) -> list[tuple[str, ...]]:
    """Per token, the lexicon's typed matches over it, with B/I position and part of speech."""
    out: list[list[str]] = [[] for _ in toks]
    for s, e, trig in lexicon_matches(text, lex):
        first = True
        for n, t in enumerate(toks):
            if t.start < e and s < t.end:
                label = _label(trig.type, trig.mode)
                out[n] += [f"{'B' if first else 'I'}={label}", f"type={trig.type}", f"pos={trig.pos}"]
                first = False
    return [tuple(x) for x in out]


def _word_feats(word: str, res: Resources, clusters: bool) -> list[str]:
    k, pre, stem, _ = word_info(word, res)
    out = [f"w={k}", f"s={stem}", f"pre={pre}", f"p3={stem[:3]}", f"x2={stem[-2:]}", f"x3={stem[-3:]}"]
    out.append(f"shape={shape(word)}")
    if clusters:
        for name, key in (("c", k), ("sc", stem)):
            hit = res.clusters.get(key)
            out += [f"{name}{g}={cid}" for g, cid in enumerate(hit[1])] if hit else [f"{name}=none"]
    return out


def token_features(text: str, toks: list[Tok], data: TaggerData) -> list[list[str]]:
    """One feature list per token of the folded sentence `text`."""
    g = data.groups
    own = [_word_feats(t.text, data.res, "clusters" in g) if "word" in g else [] for t in toks]
    if "lexicon" in g:
        full, hand = _lex_tags(text, toks, data.lex), _lex_tags(text, toks, data.hand)
        for n in range(len(toks)):
            own[n] += [f"lex{x}" for x in full[n]] + [f"hand{x}" for x in hand[n][:1]]
    feats = []
    for n, t in enumerate(toks):
        f = ["bias", *own[n]] if is_word(t) else ["bias", f"punct={t.text}"]
        if "context" in g:
            for d in (-2, -1, 1, 2):
                m = n + d
                if 0 <= m < len(toks):
                    f += [f"{d}:{x}" for x in own[m] if x.startswith(("s=", "lexB", "lexI", "lextype"))]
                    f += [f"{d}:punct={toks[m].text}"] if not is_word(toks[m]) else []
                else:
                    f.append(f"{d}:edge")
        feats.append(f)
    return feats


def _label(type_: str, mode: str | None) -> str:
    return f"{type_}.{mode}" if mode else type_


def bio_labels(
    toks: list[Tok], spans: list[tuple[int, int, str, str | None]], typed: bool = True
) -> list[str]:
    """Training labels: B-/I- + label for the tokens each (start, end, type, mode) span covers;
    untyped (`typed=False`), every trigger is labelled EVENT and typed afterwards (`resolve`)."""
    out = ["O"] * len(toks)
    for s, e, type_, mode in spans:
        first = True
        for n, t in enumerate(toks):
            if t.start < e and s < t.end and out[n] == "O":
                out[n] = f"{'B' if first else 'I'}-{_label(type_, mode) if typed else UNTYPED}"
                first = False
    return out


def label_spans(toks: list[Tok], labels: list[str]) -> list[tuple[int, int, str, str | None]]:
    """(start, end, type, mode) of each labelled run; an I- after O or another label starts one."""
    out: list[tuple[int, int, str, str | None]] = []
    cur: str | None = None
    for t, lab in zip(toks, labels, strict=True):
        if lab == "O":
            cur = None
            continue
        bio, _, name = lab.partition("-")
        if bio == "I" and cur == name and out:
            out[-1] = (out[-1][0], t.end, out[-1][2], out[-1][3])
            continue
        type_, _, mode = name.partition(".")
        out.append((t.start, t.end, type_, mode or None))
        cur = name
    return out


@lru_cache(maxsize=1)
def _roles_by_kind() -> dict[tuple[str, str | None], str]:
    """The participant rule (svo, joint…) the hand lexicon gives most often to each type/mode."""
    votes: dict[tuple[str, str | None], Counter[str]] = {}
    for t in event_lexicon(False).triggers:
        votes.setdefault((t.type, t.mode), Counter())[t.role] += 1
    return {k: c.most_common(1)[0][0] for k, c in votes.items()}


def _pos(word: str) -> str:
    """Verb or noun for a form no lexicon entry covers: a noun carries the article or ends in the
    folded ta marbuta or a feminine plural (the participant rules read a noun's complement)."""
    w = word[1:] if len(word) > 3 and word[0] in CONJUNCTIONS else word
    return "noun" if w.startswith(ARTICLE) or w.endswith(("ه", "ات")) else "verb"


def _trigger(text: str, s: int, e: int, type_: str, mode: str | None, rules: list[Match]) -> Trigger:
    same = next((t for rs, re_, t in rules if rs < e and s < re_ and (t.type, t.mode) == (type_, mode)), None)
    if same is not None:
        return same  # the lexicon's own entry knows its part of speech and participant rule
    role = _roles_by_kind().get((type_, mode), "svo")
    return Trigger(type_, mode, role, _pos(text[s:e].split()[0]), _NEVER)


def first_stem(text: str, s: int, e: int, res: Resources) -> str:
    """The clitic-stripped stem of a span's first word (what a stem → type table is keyed by)."""
    words = text[s:e].split()
    return word_info(words[0], res)[2] if words else ""


def resolve(
    spans: list[tuple[int, int, str, str | None]],
    text: str,
    rules: list[Match],
    stem_types: dict[str, str],
    res: Resources,
) -> list[tuple[int, int, str, str | None]]:
    """Types for untyped spans: the lexicon's where one of its matches overlaps the span, else the
    type the training triggers with the same stem carried most often; a span with neither is dropped
    (the tagger found a trigger no evidence can type)."""
    out = []
    for s, e, type_, mode in spans:
        if type_ != UNTYPED:
            out.append((s, e, type_, mode))
            continue
        hit = next((t for rs, re_, t in rules if rs < e and s < re_), None)
        label = _label(hit.type, hit.mode) if hit is not None else stem_types.get(first_stem(text, s, e, res))
        if label:
            ty, _, mo = label.partition(".")
            out.append((s, e, ty, mo or None))
    return out


@dataclass(frozen=True, slots=True)
class Reading:
    """The tagger's reading of one folded sentence: its tokens, labelled spans (typed where the
    model types them) and, per token, the probability that it is part of some trigger."""

    toks: list[Tok]
    spans: list[tuple[int, int, str, str | None]]
    p_event: list[float]

    def gate(self, start: int, end: int) -> float:
        """How likely the tagger finds the text [start, end) part of a trigger (its best token)."""
        return max(
            (p for t, p in zip(self.toks, self.p_event, strict=True) if t.start < end and start < t.end),
            default=0.0,
        )


class TriggerTagger:
    """Typed trigger spans of folded sentences, from the trained CRF."""

    def __init__(self, model: Path, meta: Path, clusters: Path) -> None:
        info: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))
        self.data = tagger_data(info["features"], clusters)
        self.stem_types: dict[str, str] = info.get("stem_types", {})
        self._crf = open_crf(model, "event trigger tagger")

    def read(self, text: str) -> Reading:
        toks = tokenize(text)
        if not toks:
            return Reading(toks, [], [])
        labels = list(self._crf.tag(token_features(text, toks, self.data)))
        p_event = [1.0 - self._crf.marginal("O", n) for n in range(len(toks))]
        return Reading(toks, label_spans(toks, labels), p_event)

    def using(self, mode: str, threshold: float) -> Retrigger:
        """`matches` with the mode and gate of the settings (Settings.events_trigger_tagger,
        events_tagger_gate) bound; an unknown mode is refused here, before any sentence."""
        if mode not in MODES:
            raise ValueError(f"events_trigger_tagger must be one of {MODES}, not {mode!r}")
        return lambda text, rules: self.matches(text, rules, mode, threshold)

    def matches(self, text: str, rules: list[Match], mode: str, threshold: float) -> list[Match]:
        """The triggers `text` (folded) keeps under `mode` (Settings.events_trigger_tagger), given the
        lexicon's matches `rules`; `threshold` (Settings.events_tagger_gate) is the gate's."""
        if mode == "off":
            return rules
        reading = self.read(text)
        spans = resolve(reading.spans, text, rules, self.stem_types, self.data.res)
        tagged = [(s, e, _trigger(text, s, e, ty, mo, rules)) for s, e, ty, mo in spans]
        keep = [reading.gate(s, e) >= threshold for s, e, _ in rules]
        return combine(rules, tagged, mode, keep)


def combine(
    rules: list[Match],
    tagged: list[Match],
    mode: str,
    keep: list[bool] | None = None,
) -> list[Match]:
    """The triggers one sentence keeps: the rules' ("off"), the tagger's ("tagger"), the rules'
    plus the tagger's that overlap none of them ("union"), or the same with only the rules' matches
    the tagger's gate `keep`s ("gate")."""
    if mode not in MODES:
        raise ValueError(f"events_trigger_tagger must be one of {MODES}, not {mode!r}")
    if mode == "off":
        return rules
    if mode == "tagger":
        return tagged
    base = rules if mode == "union" else [m for m, k in zip(rules, keep or [], strict=True) if k]
    extra = [m for m in tagged if all(m[1] <= s or m[0] >= e for s, e, _ in base)]
    return sorted(base + extra, key=lambda m: m[0])


@lru_cache(maxsize=1)
def load_trigger_tagger() -> TriggerTagger:
    """The shipped tagger (ModelError when its files are missing)."""
    model = find_model(MODEL_FILE)
    return TriggerTagger(model, find_model(META_FILE), find_model(CLUSTERS_FILE))
