"""The claim lexicons (data/*.json), folded and compiled once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.arabic.clitics import CONJUNCTION_PATTERN
from marsad.enrich.claims.fold import fold_text, word_pattern

__all__ = ["ClaimLexicon", "countries", "country_names", "lexicon", "nationalities"]

_CONJ = CONJUNCTION_PATTERN  # a reporting verb may carry the conjunction و or ف


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("marsad.enrich.claims").joinpath(f"data/{name}").read_text(encoding="utf-8")
    )
    return data


def _set(forms: list[str]) -> frozenset[str]:
    return frozenset(fold_text(f) for f in forms)


@dataclass(frozen=True, slots=True)
class ClaimLexicon:
    verb_class: dict[str, str]  # folded verb form -> report | deny | claim | hint
    continuation: frozenset[str]
    impersonal: frozenset[str]  # "يذكر أن": the outlet's own aside, not a speaker
    needs_content: frozenset[str]  # verbs that report only before أن/إن/":" ("أضاف" also means "added to")
    pronoun_sources: frozenset[str]  # "على حد تعبيره": the speaker is the one already named
    frame_blockers: frozenset[str]  # "التي أشارت", "لم تذكر": no reporting frame of the sentence
    publish_verbs: frozenset[str]
    publish_links: frozenset[str]
    relay_verbs: frozenset[str]
    relay: re.Pattern[str]
    according: re.Pattern[str]
    complementizers: frozenset[str]
    np_stops: frozenset[str]
    heads: dict[str, frozenset[str]]  # kind -> folded head words
    anonymous_markers: re.Pattern[str]
    cues: dict[str, re.Pattern[str]]  # certainty level -> pattern
    negation: frozenset[str]
    negated_states: frozenset[str]  # "لم يكن": a negated state, not a denied event
    relative_pronouns: frozenset[str]
    modal_negators: frozenset[str]  # "لا يمكن" is impossibility, not a hedge
    qad: frozenset[str]
    qad_past_t: frozenset[str]
    clause_hedges: re.Pattern[str]
    free_relatives: frozenset[str]  # ما/من "what, who": after a comma "، ما يرجح" is "which" (the clause)
    copulas: frozenset[str]  # "لم يكن من الممكن", "الذي كان من الممكن": the modal keeps its governor
    np_prepositions: frozenset[str]  # a preposition before an indefinite noun + hedge (descriptive clause)
    descriptive_stops: frozenset[str]  # words that end that noun phrase going back
    comparatives: frozenset[str]  # "أكثر من عشر ساعات": a quantity, not a prepositional phrase
    according_needs_verb: frozenset[str]  # "على ما" frames only before a reporting verb
    place_verbs: frozenset[str]  # "جاء/ورد في X": where something was said
    speech_nouns: frozenset[str]  # "في تصريح لـ X": a statement whose author follows
    fear_nouns: frozenset[str]  # "مخاوف من أن … قد": the hedge is inside the feared content


def _according_alt(form: str) -> str:
    # "وفقا ل" glues the preposition to the source noun ("وفقا لمسؤولين"): end inside the word.
    if form.endswith(" ل"):
        return re.escape(form[:-2]) + r"\s+ل\s*"
    return re.escape(form).replace(r"\ ", r"\s+") + r"(?!\w)"


@lru_cache(maxsize=1)
def lexicon() -> ClaimLexicon:
    frames = _load("frames.json")
    src = _load("sources.json")
    cues = _load("cues.json")
    verb_class: dict[str, str] = {}
    # Later classes win: a denial or claim verb is never demoted to plain "report".
    for cls in ("report", "belief", "hint", "claim", "deny"):
        for form in frames["report_verbs"][cls]:
            verb_class[fold_text(form)] = cls
    levels = ("probable", "possible", "claimed", "denied", "reported")
    return ClaimLexicon(
        verb_class=verb_class,
        continuation=_set(frames["continuation_verbs"]),
        impersonal=_set(frames["impersonal"]),
        needs_content=_set(frames["needs_content"]),
        pronoun_sources=_set(frames["pronoun_sources"]),
        frame_blockers=_set(frames["frame_blockers"]),
        publish_verbs=_set(frames["publish_verbs"]),
        publish_links=_set(frames["publish_links"]),
        relay_verbs=_set(frames["relay_verbs"]),
        relay=re.compile(word_pattern(frames["relay"], prefixes=_CONJ)),
        # "وفقا ل" glues the preposition to the source noun: allow the match to end inside a word.
        according=re.compile(
            r"(?<!\w)"
            + _CONJ
            + "(?:"
            + "|".join(
                _according_alt(fold_text(f)) for f in sorted(frames["according"], key=len, reverse=True)
            )
            + ")"
        ),
        according_needs_verb=_set(frames["according_needs_verb"]),
        place_verbs=_set(frames["place_verbs"]),
        speech_nouns=_set(frames["speech_nouns"]),
        complementizers=_set(frames["complementizers"]),
        np_stops=_set(frames["np_stops"]),
        heads={k: _set(v) for k, v in src["heads"].items()},
        anonymous_markers=re.compile(word_pattern(src["anonymous_markers"])),
        cues={lvl: re.compile(word_pattern(cues[lvl], prefixes=_CONJ)) for lvl in levels},
        negation=_set(cues["negation"]),
        negated_states=_set(cues["negated_states"]),
        relative_pronouns=_set(cues["relative_pronouns"]),
        modal_negators=_set(cues["negators_of_modals"]),
        qad=_set(cues["qad"]),
        qad_past_t=_set(cues["qad_past_t_verbs"]),
        clause_hedges=re.compile(word_pattern(cues["clause_initial_hedges"], prefixes=_CONJ)),
        free_relatives=_set(cues["free_relatives"]),
        copulas=_set(cues["copulas"]),
        np_prepositions=_set(cues["descriptive_clause"]["prepositions"]),
        descriptive_stops=_set(cues["descriptive_clause"]["stops"]),
        comparatives=_set(cues["descriptive_clause"]["comparatives"]),
        fear_nouns=_set(cues["fear_nouns"]),
    )


@lru_cache(maxsize=1)
def nationalities() -> tuple[dict[tuple[str, ...], str], frozenset[str]]:
    """Folded nationality stems (one or two words) -> English adjective, and the nisba endings."""
    raw = _load("nationalities.json")
    stems: dict[tuple[str, ...], str] = {tuple(fold_text(k).split()): v for k, v in raw["stems"].items()}
    stems.update({(fold_text(k) + "=",): v for k, v in raw["irregular"].items()})  # "=": whole word
    return stems, frozenset(fold_text(x) for x in raw["suffixes"])


@lru_cache(maxsize=1)
def _territories() -> dict[str, tuple[str, str]]:
    from babel import Locale

    ar = Locale("ar").territories
    en = Locale("en").territories
    return {fold_text(name): (name, en[code]) for code, name in ar.items() if code.isalpha() and code in en}


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Folded Arabic country name -> English name, from babel's locale data (a general gazetteer)."""
    return {k: v[1] for k, v in _territories().items()}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Folded Arabic country name -> its Arabic name as babel writes it."""
    return {k: v[0] for k, v in _territories().items()}
