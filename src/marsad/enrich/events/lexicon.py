"""The event trigger lexicon (data/triggers.json), folded and compiled once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.arabic.clitics import CONJUNCTION_PATTERN, FUTURE, optional
from marsad.arabic.morphology import form_viii_lam_shape
from marsad.enrich.claims.fold import fold_text, word_pattern

__all__ = ["EventLexicon", "Trigger", "event_lexicon", "lexicon_matches"]

_VERB_PREFIX = CONJUNCTION_PATTERN + optional(
    FUTURE
)  # وقال، فقد، سيلتقي (the future س is listed in forms too)
_NOUN_PREFIX = CONJUNCTION_PATTERN + optional(("بال", "لل", "وال", "ال", "ب", "ل", "ك"))
# Plural/dual endings or the accusative alef, then possessive pronouns: الاعتقالات، هجوما، هجماتهم،
# استقالته، تحقيقاتها.
_NOUN_SUFFIX = "(?:ات|ان|ين|ا)?(?:ه|ها|هم|هما|هن)?"
# Person/number endings of a listed 3rd-person form, then object pronouns: طالبن، طالبوا، وطالبهم،
# يتهمها، يطالبون، طالبوهم (the alef of وا drops before a pronoun). Not the object pronoun ه:
# folded, it is also the ta marbuta (و+زار+ه = وزارة); nor كم (هاتفكم: "your phone").
_VERB_SUFFIX = "(?:ون|ان|وا|و|ن|ا)?(?:ها|هم|هما|هن|ني|نا)?"


def _noun_forms(forms: list[str]) -> list[str]:
    """A listed noun with the article stripped ("التحقيق" → "تحقيق"): the proclitic group puts it
    back in every written form (التحقيق، للتحقيق، بالتحقيق، تحقيق). A form VIII verbal noun such as
    التماس keeps its ال, which is no article (stripped, تماس would match تماس كهربائي)."""
    out = []
    for f in forms:
        g = fold_text(f)
        definite = g.startswith("ال") and len(g) > 4 and " " not in g and not form_viii_lam_shape(g)
        out.append(g[2:] if definite else g)
    return out


@dataclass(frozen=True, slots=True)
class Trigger:
    type: str
    mode: str | None
    role: str  # svo | joint | nominal_target
    pos: str  # verb | noun
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class EventLexicon:
    triggers: tuple[Trigger, ...]
    target_preps: frozenset[str]
    location_preps: frozenset[str]
    actor_heads: frozenset[str]
    topic_preps: frozenset[str]  # "مشاورات حول اليمن": what a meeting is about is no participant


def _triggers(raw: dict[str, Any]) -> list[Trigger]:
    triggers = []
    for t in raw["triggers"]:
        if t["verb"]:
            triggers.append(
                Trigger(
                    t["type"],
                    t["mode"],
                    t["role"],
                    "verb",
                    re.compile(word_pattern(t["verb"], prefixes=_VERB_PREFIX, suffixes=_VERB_SUFFIX)),
                )
            )
        if t["noun"]:
            triggers.append(
                Trigger(
                    t["type"],
                    t["mode"],
                    t.get("role_noun", t["role"]),
                    "noun",
                    re.compile(
                        word_pattern(_noun_forms(t["noun"]), prefixes=_NOUN_PREFIX, suffixes=_NOUN_SUFFIX)
                    ),
                )
            )
    return triggers


def _data(name: str) -> dict[str, Any]:
    text = resources.files("marsad.enrich.events").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return dict(json.loads(text))


@lru_cache(maxsize=2)
def event_lexicon(grown: bool = True) -> EventLexicon:
    """The hand lexicon (triggers.json) and, when `grown` (Settings.events_grown_lexicon), the forms
    models/build_event_lexicon.py grew from the guideline, the CAMEO dictionary and corpus counts
    (grown_triggers.json)."""
    raw = _data("triggers.json")
    triggers = _triggers(raw) + (_triggers(_data("grown_triggers.json")) if grown else [])
    return EventLexicon(
        tuple(triggers),
        frozenset(fold_text(x) for x in raw["target_preps"]),
        frozenset(fold_text(x) for x in raw["location_preps"]),
        frozenset(fold_text(x) for x in raw["actor_heads"]),
        frozenset(fold_text(x) for x in raw["topic_preps"]),
    )


def lexicon_matches(text: str, lex: EventLexicon) -> list[tuple[int, int, Trigger]]:
    """Trigger matches in the folded `text`, in order; the longest wins where two overlap
    ("فرض عقوبات" over "عقوبات")."""
    found = [(m.start(), m.end(), t) for t in lex.triggers for m in t.pattern.finditer(text)]
    found.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    kept: list[tuple[int, int, Trigger]] = []
    for s, e, t in found:
        if all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, t))
    return sorted(kept, key=lambda x: x[0])
