"""Word keys for the tagger and the gazetteers: one folded form (the clitic-stripped readings are
`marsad.arabic.clitics.proclitic_readings`, the nisba rules `marsad.arabic.morphology`).

The tagger's features are computed from these functions only, so a trained model stays valid
while the shared Arabic layer (marsad.arabic) evolves: changing a rule here means retraining.
"""

from __future__ import annotations

import re

from marsad.arabic.normalize import normalize

__all__ = ["has_digit", "is_arabic", "is_latin", "key"]

_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_DIGIT = re.compile(r"\d")


def key(word: str) -> str:
    """Folded form: the Arabic layer's normaliser (no diacritics, tatweel or bidi marks, one alef,
    ى→ي, ة→ه) with digits and presentation forms kept as written, Latin case folded.

    It replaced a table of its own here; on the 87,718 distinct words of the NER training files
    and 3,000 ANT articles the two forms are identical, so the trained tagger stays valid.
    """
    return normalize(word, digits=False, presentation_forms=False).casefold()


def is_arabic(word: str) -> bool:
    return bool(_ARABIC.search(word))


def is_latin(word: str) -> bool:
    return bool(_LATIN.search(word))


def has_digit(word: str) -> bool:
    return bool(_DIGIT.search(word))
