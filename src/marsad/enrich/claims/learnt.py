"""The learnt claim classifier (issue 11): reported-vs-asserted and certainty from the rules' cues.

A logistic regression over sparse binary features, trained by `models/train_claims.py` and shipped
as JSON (`models/claims_clf.json`, card `models/CLAIMS_CARD.md`); prediction is a dot product in
pure Python, so nothing beyond the standard library runs here. The features are the rule system's
own reading of the sentence (its attributed flag, certainty and cues, the lexicon's hits, where the
first reporting verb stands) and the words of the folded sentence, so the model learns where the
rules go wrong rather than starting from nothing.

Which decisions the model takes is `Settings.claims_learnt` ("certainty", "attributed", both or
none): only those where it beat the rules on dev (the card has the figures).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from marsad.enrich.claims.analysis import UNKNOWN_SPEAKER, Analysis
from marsad.enrich.claims.fold import Folded
from marsad.enrich.claims.lexicon import ClaimLexicon
from marsad.enrich.claims.tokens import QUOTES, Tok, forms, is_word
from marsad.errors import InputError, ModelError
from marsad.model import SourceRef
from marsad.resources import find_model

__all__ = [
    "ARTIFACT",
    "DECISIONS",
    "FEATURE_SETS",
    "LinearModel",
    "claim_features",
    "decisions",
    "load_models",
    "refine",
]

ARTIFACT = "claims_clf.json"
DECISIONS = ("attributed", "certainty")
# Feature groups, chosen among by cross-validation in models/train_claims.py.
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "cues": ("rule", "lex"),
    "cues+words": ("rule", "lex", "word"),
    "cues+words+chars": ("rule", "lex", "word", "char"),
    "words+chars": ("word", "char"),
}
# Character n-grams inside words: stems and clitics without a segmenter.
_CHAR_N: Final = (3, 4)  # fact: the features models/claims_clf.json was trained on


def _position(k: int, n: int) -> str:
    """Where a token stands: first, early (first third), middle or late in the sentence."""
    if k == 0:
        return "first"
    return ("early", "middle", "late")[min(2, 3 * k // max(n, 1))]


def _lex_features(folded: Folded, toks: list[Tok], lex: ClaimLexicon) -> set[str]:
    """Lexicon hits: reporting verb classes and where the first one stands, cue levels, markers."""
    out: set[str] = set()
    words = [t for t in toks if is_word(t)]
    first_verb = None
    for k, t in enumerate(words):
        for f in forms(t.text):
            cls = lex.verb_class.get(f)
            if cls is not None:
                out.add(f"verb:{cls}")
                first_verb = first_verb if first_verb is not None else (k, cls)
            if f in lex.negation:
                out.add("negation")
            if f in lex.complementizers:
                out.add("complementizer")
            if f in lex.continuation:
                out.add("continuation_verb")
        if t.text in lex.qad:
            out.add("qad")
    if first_verb is not None:
        out.add(f"verb_at:{_position(first_verb[0], len(words))}")
        out.add(f"verb_at:{_position(first_verb[0], len(words))}:{first_verb[1]}")
    if lex.according.search(folded.text):
        out.add("according")
    out.update(f"cue:{lvl}" for lvl, pat in lex.cues.items() if pat.search(folded.text))
    if lex.clause_hedges.search(folded.text):
        out.add("clause_hedge")
    if any(t.text in QUOTES for t in toks):
        out.add("quote")
    if any(t.text == ":" for t in toks):
        out.add("colon")
    return out


def _rule_features(an: Analysis) -> set[str]:
    """The rules' own decision: attributed, certainty, chain length and kind, continuation."""
    out = {f"rule_att:{an.attributed}", f"rule_cert:{an.certainty}", f"rule_chain:{min(len(an.chain), 2)}"}
    if an.chain:
        out.add(f"rule_head:{an.chain[0].kind}")
    if an.continued:
        out.add("rule_continued")
    out.add(f"rule_cues:{min(len(an.cues), 2)}")
    return out


def _word_features(toks: list[Tok]) -> set[str]:
    words = [t.text for t in toks if is_word(t)]
    out = {f"w:{w}" for w in words}
    out.update(f"b:{a}_{b}" for a, b in zip(["<s>", *words], [*words, "</s>"], strict=True))
    return out


def _char_features(toks: list[Tok]) -> set[str]:
    out: set[str] = set()
    for t in toks:
        if not is_word(t):
            continue
        w = f"<{t.text}>"
        for n in _CHAR_N:
            out.update(f"c:{w[i : i + n]}" for i in range(len(w) - n + 1))
    return out


def claim_features(
    folded: Folded, toks: list[Tok], lex: ClaimLexicon, an: Analysis, groups: tuple[str, ...]
) -> set[str]:
    """The active (binary) features of one sentence for the feature `groups` named."""
    out: set[str] = set()
    if "rule" in groups:
        out |= _rule_features(an)
    if "lex" in groups:
        out |= _lex_features(folded, toks, lex)
    if "word" in groups:
        out |= _word_features(toks)
    if "char" in groups:
        out |= _char_features(toks)
    return out


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A multinomial (or binary: one weight per feature) logistic regression over binary features."""

    classes: tuple[str, ...]
    groups: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def scores(self, active: set[str]) -> list[float]:
        # Transpose the hit rows once (a few hundred features a sentence): per-feature list
        # additions halved the claim layer's speed.
        hits = [w for w in map(self.weights.get, active) if w is not None]
        if not hits:
            return list(self.intercept)
        return [b + sum(col) for b, col in zip(self.intercept, zip(*hits, strict=True), strict=True)]

    def predict(self, active: set[str]) -> str:
        s = self.scores(active)
        if len(self.classes) == 2 and len(s) == 1:  # binary: the sign of one score
            return self.classes[1] if s[0] > 0 else self.classes[0]
        return self.classes[max(range(len(s)), key=s.__getitem__)]

    def probability(self, active: set[str]) -> float:
        """Binary models: P(second class); multinomial: the top class's softmax probability."""
        s = self.scores(active)
        if len(s) == 1:
            return 1 / (1 + math.exp(-s[0]))
        top = max(s)
        return 1 / sum(math.exp(x - top) for x in s)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LinearModel:
        return cls(
            classes=tuple(d["classes"]),
            groups=tuple(d["groups"]),
            intercept=tuple(d["intercept"]),
            weights={k: tuple(v) for k, v in d["weights"].items()},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "groups": list(self.groups),
            "intercept": list(self.intercept),
            "weights": {k: list(v) for k, v in sorted(self.weights.items())},
        }


@lru_cache(maxsize=1)
def load_models() -> dict[str, LinearModel]:
    """The shipped models by decision ("attributed", "certainty"), read once."""
    path = find_model(ARTIFACT)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {name: LinearModel.from_dict(data["models"][name]) for name in DECISIONS}
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(
            f"{path} is not a claims classifier artifact ({exc}); retrain it with `make train-claims`"
        ) from exc


@lru_cache(maxsize=8)
def decisions(setting: str) -> frozenset[str]:
    """The decisions `Settings.claims_learnt` hands to the model: a comma list, "none" or "both"."""
    names = {"both": set(DECISIONS), "none": set()}.get(setting.strip())
    if names is None:
        names = {x.strip() for x in setting.split(",") if x.strip()}
    unknown = names - set(DECISIONS)
    if unknown:
        raise InputError(
            f"claims_learnt: unknown decision(s) {sorted(unknown)}; use none, both or a comma list of {DECISIONS}"
        )
    return frozenset(names)


def refine(
    folded: Folded, toks: list[Tok], lex: ClaimLexicon, an: Analysis, which: frozenset[str]
) -> Analysis:
    """The rules' analysis with the `which` decisions taken by the learnt model.

    Attribution overrules the chain only in its presence: a sentence the model reads as reported
    with no chain gets the unknown speaker; one it reads as the outlet's own loses its chain."""
    if not which:
        return an
    models = load_models()
    cache: dict[tuple[str, ...], set[str]] = {}

    def predict(name: str) -> str:
        m = models[name]
        if m.groups not in cache:
            cache[m.groups] = claim_features(folded, toks, lex, an, m.groups)
        return m.predict(cache[m.groups])

    certainty, chain, spans = an.certainty, an.chain, an.source_spans
    if "certainty" in which:
        certainty = predict("certainty")
    if "attributed" in which:
        att = predict("attributed") == "True"
        if att and not chain:
            chain = [SourceRef(UNKNOWN_SPEAKER.name, UNKNOWN_SPEAKER.kind)]  # a fresh, mutable ref
        elif not att and chain:
            chain, spans = [], []
    return Analysis(certainty, chain, an.cues, spans, an.continued)
