"""Word-shape rules of Arabic morphology that rules outside the Arabic layer test on folded words.

Written for folded text (`arabic.normalize`: no hamza on alef, ى → ي, ة → ه): the nisba adjective
(روسي، الكورية، الأمريكيون) and the imperfect verb after قد (قد يحصل "may happen" against قد حصل
"has happened").
"""

from __future__ import annotations

from collections.abc import Collection

from marsad.arabic.clitics import ARTICLE, strip_article

__all__ = ["adjective_base", "imperfect_after_qad", "nisba_bases"]

# Endings of a nisba adjective and what each leaves of the masculine singular (ي): plural -ون/-ين
# on the base, feminine -ه (ة folded) after it, -يه the folded feminine ية.
_NISBA_ENDINGS = (("ه", ""), ("ون", ""), ("ين", ""), ("يه", "ي"))


def adjective_base(stem: str) -> str:
    """الكورية → كوري, الشماليون → شمالي: the masculine singular a nisba table is keyed on (folded)."""
    s = strip_article(stem)
    for suffix, repl in (("يون", "ي"), ("يين", "ي"), ("يه", "ي")):
        if s.endswith(suffix) and len(s) > len(suffix) + 1:
            return s[: -len(suffix)] + repl
    return s


def nisba_bases(stem: str) -> list[str]:
    """Every form a nisba table may list the folded word under: with each ending taken off (روسيه
    → روسي, روسيون → روسي), then the word itself; the article is dropped first."""
    s = stem[len(ARTICLE) :] if stem.startswith(ARTICLE) else stem
    return [s[: -len(suffix)] + repl for suffix, repl in _NISBA_ENDINGS if s.endswith(suffix)] + [s]


def imperfect_after_qad(word: str, past_t: Collection[str]) -> bool:
    """Is the (folded) word after قد an imperfect verb, قد then meaning "may", not "has"?

    ي- opens only imperfects. ت- opens imperfects (تتحرك) and also the perfects of forms V/VI:
    تفاعل (alef after the second letter) and the feminine تسربت/تحولت (ت at both ends) read as
    past, as does each word of `past_t` (the common ones, from the claims lexicon).
    """
    if word.startswith("ي"):
        return True
    if word.startswith("ت"):
        if word.startswith("تت"):
            return True
        form_vi = len(word) >= 5 and word[2] == "ا"
        fem_past = len(word) >= 4 and word.endswith("ت")
        return not (form_vi or fem_past or word in past_t)
    return False
