"""The event trigger lexicon (data/triggers.json), folded and compiled once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.arabic.clitics import CONJUNCTION_PATTERN, FUTURE, optional
from marsad.enrich.claims.fold import fold_text, word_pattern

__all__ = ["EventLexicon", "Trigger", "event_lexicon"]

_VERB_PREFIX = CONJUNCTION_PATTERN + optional(
    FUTURE
)  # وقال، فقد، سيلتقي (the future س is listed in forms too)
_NOUN_PREFIX = CONJUNCTION_PATTERN + optional(("بال", "لل", "وال", "ال", "ب", "ل", "ك"))
_NOUN_SUFFIX = "(?:ه|ها|هم|هما|هن)?"  # possessive pronouns: هجماتهم، استقالته


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


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    raw: dict[str, Any] = json.loads(
        resources.files("marsad.enrich.events").joinpath("data/triggers.json").read_text(encoding="utf-8")
    )
    triggers = []
    for t in raw["triggers"]:
        if t["verb"]:
            triggers.append(
                Trigger(
                    t["type"],
                    t["mode"],
                    t["role"],
                    "verb",
                    re.compile(word_pattern(t["verb"], prefixes=_VERB_PREFIX)),
                )
            )
        if t["noun"]:
            triggers.append(
                Trigger(
                    t["type"],
                    t["mode"],
                    t.get("role_noun", t["role"]),
                    "noun",
                    re.compile(word_pattern(t["noun"], prefixes=_NOUN_PREFIX, suffixes=_NOUN_SUFFIX)),
                )
            )
    return EventLexicon(
        tuple(triggers),
        frozenset(fold_text(x) for x in raw["target_preps"]),
        frozenset(fold_text(x) for x in raw["location_preps"]),
        frozenset(fold_text(x) for x in raw["actor_heads"]),
        frozenset(fold_text(x) for x in raw["topic_preps"]),
    )
