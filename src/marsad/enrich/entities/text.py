"""Word keys for the tagger and the gazetteers: one folded form, and the clitic-stripped variants.

The tagger's features are computed from these functions only, so a trained model stays valid
while the shared Arabic layer (marsad.arabic) evolves: changing a rule here means retraining.
"""

from __future__ import annotations

import re

from marsad.arabic.clitics import ARTICLE, CONJUNCTIONS, PREPOSITIONS
from marsad.arabic.normalize import normalize

__all__ = ["adjective_base", "clitic_variants", "has_digit", "is_arabic", "is_latin", "key", "strip_article"]

_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_DIGIT = re.compile(r"\d")

# Proclitics, outermost first: conjunction, then preposition, then the article.
_CONJ = CONJUNCTIONS
_PREP = PREPOSITIONS


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


def clitic_variants(k: str) -> list[tuple[str, str]]:
    """(proclitics, stem) readings of a folded word, the unsplit reading first.

    Every plausible split is offered (وروسيا → و+روسيا, لماكرون → ل+ماكرون, للرئيس → لل+رئيس and
    ل+الرئيس); callers keep the first one a gazetteer or lexicon knows. Stems stay ≥ 2 letters.
    """
    out: list[tuple[str, str]] = [("", k)]
    if len(k) < 3 or not is_arabic(k):
        return out
    starts = [("", k)]
    if k[0] in _CONJ and len(k) >= 4:
        starts.append((k[0], k[1:]))
    for pre, rest in list(starts):
        if rest[:1] in _PREP and len(rest) >= 3:
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
    return k[2:] if k.startswith(ARTICLE) and len(k) >= 4 else k


def adjective_base(stem: str) -> str:
    """الكورية → كوري, الشماليون → شمالي: the masculine singular a nisba table is keyed on (folded)."""
    s = strip_article(stem)
    for suffix, repl in (("يون", "ي"), ("يين", "ي"), ("يه", "ي")):
        if s.endswith(suffix) and len(s) > len(suffix) + 1:
            return s[: -len(suffix)] + repl
    return s
