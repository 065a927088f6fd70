"""Word-shape rules of Arabic morphology that rules outside the Arabic layer test on folded words.

Written for folded text (`arabic.normalize`: no hamza on alef, ى → ي, ة → ه): the nisba adjective
(روسي، الكورية، الأمريكيون) and the imperfect verb after قد (قد يحصل "may happen" against قد حصل
"has happened").
"""

from __future__ import annotations

import re
from collections.abc import Collection

from marsad.arabic.clitics import ARTICLE, ARTICLE_FORMS, strip_article

__all__ = ["adjective_base", "definite", "form_viii_lam_shape", "imperfect_after_qad", "nisba_bases"]

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


def definite(word: str) -> bool:
    """Does the (folded) word carry the article, alone or after و/ف/ب/ك/ل (الحكومه، وال، بال، لل)?"""
    return word.startswith(ARTICLE_FORMS) or word.startswith(("فال", "كال"))


def imperfect_after_qad(word: str, past_t: Collection[str]) -> bool:
    """Is the (folded) word after قد an imperfect verb, قد then meaning "may", not "has"?

    ي- opens only imperfects. ت- opens imperfects (تتحرك) and also the perfects of forms V/VI:
    تفاعل (alef after the second letter) and the feminine تسربت/تحولت (ت at both ends) read as
    past, as does each word of `past_t` (the common ones, from the claims lexicon). A ت- word ending
    in وا is a plural perfect (توقعوا، تحدثوا: the imperfect after قد ends in ون), and one of the
    shape تفعيل (تنظيم، تصعيد) is a form II verbal noun, no verb at all ("فقد تنظيم داعش": "lost").
    """
    if word.startswith("ي"):
        return True
    if word.startswith("ت"):
        if word.startswith("تت"):
            return True
        form_vi = len(word) >= 5 and word[2] == "ا"
        fem_past = len(word) >= 4 and word.endswith("ت")
        plural_past = len(word) >= 5 and word.endswith("وا")
        verbal_noun = len(word) == 5 and word[3] == "ي"
        return not (form_vi or fem_past or plural_past or verbal_noun or word in past_t)
    return False


# The verbal noun of a form VIII verb whose root starts with ل (افتعال on ل-م-س, ل-ز-م, ل-ف-ت, ل-ق-ي)
# is written ال + ت + C + ا + C: التماس، التزام، التفات، التقاء. Its ال is no article (the definite
# form is الالتماس), so stripping it leaves another word: تماس is "contact", as in تماس كهربائي.
_FORM_VIII_LAM = re.compile(r"الت[^ا]ا[^ا](?:ا|ات|ه|ها|هم)?")


def form_viii_lam_shape(word: str) -> bool:
    """Whether a folded word has the shape of such a verbal noun (التماس، التزاما), so its ال may be
    no article. Shape only: ال + تجار (merchants) has it too, so a caller may only use it to keep a
    word whole, never to split one."""
    return _FORM_VIII_LAM.fullmatch(word) is not None
