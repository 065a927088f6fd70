"""The proclitics of written Arabic: the one inventory every module that strips them imports.

Arabic writes the conjunctions و/ف, the prepositions ب/ك/ل, the future marker س and the article
ال joined to the next word (وبالمدينة = و + ب + ال + مدينة). Which of them a module strips, and
how it decides, is its own business (`tokens.split_clitics` asks a frequency lexicon); what the
clitics ARE lives here, once, with the two rules that offer every reading without a lexicon:
`proclitic_readings` (the entity tagger keeps the first reading a gazetteer knows) and
`search_stems` (the search index keeps them all).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "ARTICLE",
    "ARTICLE_FORMS",
    "CONJUNCTIONS",
    "CONJUNCTION_PATTERN",
    "FUTURE",
    "NOUN_PROCLITICS",
    "PREPOSITIONS",
    "PROCLITIC_LETTERS",
    "optional",
    "proclitic_readings",
    "search_stems",
    "strip_article",
]

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ك", "ل")
FUTURE = "س"
ARTICLE = "ال"
# The article as written after a proclitic: ل + ال loses its alef (للرئيس), ب and و keep it.
ARTICLE_FORMS = (ARTICLE, "لل", "بال", "وال")
# What may stand before a noun, longest first so the first match is the fullest reading.
NOUN_PROCLITICS = ("وال", "بال", "لل", ARTICLE, "و", "ب", "ل", "ف")
# Every letter that may be a proclitic (the UD treebank's gold splits are scored on these).
PROCLITIC_LETTERS = frozenset((*CONJUNCTIONS, *PREPOSITIONS, FUTURE))
# An Arabic-block letter: only Arabic words have proclitics to split.
_ARABIC = re.compile("[\u0600-\u06ff]")


def optional(forms: Iterable[str]) -> str:
    """A regex group matching one of `forms` (in the order given) or nothing: `(?:و|ف)?`."""
    return "(?:" + "|".join(forms) + ")?"


# A conjunction glued before a lexicon word (وقال، فأكد), for the claim and event lexicons.
CONJUNCTION_PATTERN = optional(CONJUNCTIONS)


def proclitic_readings(k: str) -> list[tuple[str, str]]:
    """(proclitics, stem) readings of a folded word, the unsplit reading first.

    Every plausible split is offered (وروسيا → و+روسيا, لماكرون → ل+ماكرون, للرئيس → لل+رئيس and
    ل+الرئيس); callers keep the first one a gazetteer or lexicon knows. Stems stay ≥ 2 letters.
    Non-Arabic words and words under three letters have only the unsplit reading. The entity
    tagger's features are computed from these readings: changing the rule means retraining it.
    """
    out: list[tuple[str, str]] = [("", k)]
    if len(k) < 3 or not _ARABIC.search(k):
        return out
    starts = [("", k)]
    if k[0] in CONJUNCTIONS and len(k) >= 4:
        starts.append((k[0], k[1:]))
    for pre, rest in list(starts):
        if rest[:1] in PREPOSITIONS and len(rest) >= 3:
            starts.append((pre + rest[0], rest[1:]))
            if rest.startswith("لل") and len(rest) >= 4:  # ل + ال with the alef dropped
                starts.append((pre + "لل", ARTICLE + rest[2:]))
    for pre, rest in starts:
        if pre:
            out.append((pre, rest))
    for pre, rest in list(out):
        if rest.startswith(ARTICLE) and len(rest) >= 4:
            out.append((pre + ARTICLE, rest[2:]))
    seen: set[tuple[str, str]] = set()
    uniq = []
    for v in out:
        if v not in seen and len(v[1]) >= 2:
            seen.add(v)
            uniq.append(v)
    return uniq


def strip_article(k: str) -> str:
    """The word without its article when at least two letters are left (الروسي → روسي, الي stays)."""
    return k[2:] if k.startswith(ARTICLE) and len(k) >= 4 else k


def search_stems(form: str, min_stem: int) -> set[str]:
    """Every stem of one search-form word left by removing proclitic combinations, the word kept.

    و/ف, then ب/ك/ل, then the article (لل = ل + ال: للرئيس → الرئيس → رئيس); a clitic is removed
    only when at least `min_stem` letters stay (the article: `min_stem - 1`, so الدم → دم at 3).
    """
    out: set[str] = set()
    heads = [form]
    if form[:1] in CONJUNCTIONS and len(form) - 1 >= min_stem:
        heads.append(form[1:])
    for h in list(heads):
        if h[:1] in PREPOSITIONS and len(h) - 1 >= min_stem:
            heads.append(h[1:])
        if h.startswith("لل") and len(h) - 2 >= min_stem - 1:
            heads.append(ARTICLE + h[2:])
    for h in heads:
        out.add(h)
        if h.startswith(ARTICLE) and len(h) - 2 >= min_stem - 1:
            out.add(h[2:])
    return out
