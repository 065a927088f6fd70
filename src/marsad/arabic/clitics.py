"""The proclitics of written Arabic: the one inventory every module that strips them imports.

Arabic writes the conjunctions و/ف, the prepositions ب/ك/ل, the future marker س and the article
ال joined to the next word (وبالمدينة = و + ب + ال + مدينة). Which of them a module strips, and
how it decides, is its own business (`tokens.split_clitics` asks a frequency lexicon, the tagger's
`clitic_variants` offers every reading); what the clitics ARE lives here, once.
"""

from __future__ import annotations

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


def optional(forms: Iterable[str]) -> str:
    """A regex group matching one of `forms` (in the order given) or nothing: `(?:و|ف)?`."""
    return "(?:" + "|".join(forms) + ")?"


# A conjunction glued before a lexicon word (وقال، فأكد), for the claim and event lexicons.
CONJUNCTION_PATTERN = optional(CONJUNCTIONS)
