"""Arabic normalisation: pure `str -> str` functions over the data-driven maps in data/charmap.json.

One function with a flag per rule (CAMeL Tools keeps five near-identical copies). The enabled rules
are compiled into a single `str.translate` table, cached per flag combination, so a call is one
pass over the text. Every replacement is closed under the enabled rules (a presentation-form
ligature such as U+FEF7 becomes "لأ" and then "لا" when `alef` is on), which makes `normalize`
idempotent. The stored text is never changed: these functions derive search and matching forms.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "CUE_MARKS",
    "LETTER_FOLDS",
    "RULES",
    "fold_char",
    "normalize",
    "search_form",
    "search_form_with_offsets",
]

# Order matters only for documentation; the table is closed under all enabled rules.
RULES = (
    "presentation_forms",
    "controls",
    "alef",
    "hamza",
    "ya",
    "ta_marbuta",
    "tatweel",
    "diacritics",
    "digits",
)


def _load() -> dict[str, dict[str, str]]:
    """Expand charmap.json into one {char: replacement} map per rule."""
    raw: dict[str, Any] = json.loads(
        resources.files("marsad.arabic").joinpath("data/charmap.json").read_text(encoding="utf-8")
    )
    maps: dict[str, dict[str, str]] = {}
    for rule in RULES:
        spec = raw[rule]
        m: dict[str, str] = dict(spec.get("map", {}))
        for lo, hi in spec.get("ranges", []):
            for cp in range(int(lo, 16), int(hi, 16) + 1):
                ch = chr(cp)
                if spec.get("nfkc"):
                    rep = unicodedata.normalize("NFKC", ch)
                    if rep == ch:
                        continue
                    # Isolated harakat (U+FE70..) decompose to "space + mark": drop the space.
                    if len(rep) > 1 and rep[0] == " ":
                        rep = rep[1:]
                    m[ch] = rep
                else:
                    m[ch] = ""
        maps[rule] = m
    return maps


_MAPS = _load()


@lru_cache(maxsize=64)
def _table(enabled: tuple[str, ...]) -> dict[int, str]:
    merged: dict[str, str] = {}
    for rule in enabled:
        merged.update(_MAPS[rule])
    # Close every replacement under the merged map so one translate pass is enough.
    closed: dict[int, str] = {}
    for src, rep in merged.items():
        for _ in range(4):
            nxt = "".join(merged.get(c, c) for c in rep)
            if nxt == rep:
                break
            rep = nxt
        closed[ord(src)] = rep
    return closed


def normalize(
    text: str,
    *,
    alef: bool = True,
    ya: bool = True,
    ta_marbuta: bool = True,
    diacritics: bool = True,
    tatweel: bool = True,
    digits: bool = True,
    presentation_forms: bool = True,
    controls: bool = True,
    hamza: bool = False,
) -> str:
    """Normalise Arabic text; each flag switches one rule of data/charmap.json.

    `hamza` (ؤ ئ → ء) is off by default because it merges real spellings; `search_form` turns it on.
    """
    flags = {
        "presentation_forms": presentation_forms,
        "controls": controls,
        "alef": alef,
        "hamza": hamza,
        "ya": ya,
        "ta_marbuta": ta_marbuta,
        "tatweel": tatweel,
        "diacritics": diacritics,
        "digits": digits,
    }
    enabled = tuple(r for r in RULES if flags[r])
    if not enabled or not text:
        return text
    # `str.translate` with a dict looks every character up from Python (~0.25 µs each); most text
    # has no character the rules touch, which one C regex scan tells for a fraction of that.
    if _touched(enabled).search(text) is None:
        return text
    return text.translate(_table(enabled))


@lru_cache(maxsize=64)
def _touched(enabled: tuple[str, ...]) -> re.Pattern[str]:
    """The characters the enabled rules replace or delete (the keys of their table)."""
    return re.compile(_ranges_class(list(_table(enabled))))


_ALL = tuple(RULES)


def search_form(text: str) -> str:
    """The form the search index and queries use: every rule on (hamza seats too), case folded."""
    if _touched(_ALL).search(text) is None:
        return text.casefold()
    return text.translate(_table(_ALL)).casefold()


@lru_cache(maxsize=4096)
def _char_form(ch: str) -> str:
    return search_form(ch)


def _ranges_class(cps: list[int]) -> str:
    """A regex character class for a set of code points, written as ranges."""
    parts: list[str] = []
    cps = sorted(set(cps))
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        lo, hi = cps[i], cps[j]
        parts.append(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}")
        i = j + 1
    return "[" + "".join(parts) + "]"


@lru_cache(maxsize=1)
def _irregular() -> re.Pattern[str]:
    """Characters whose search form is not exactly one character (deleted or expanded).

    Case folding changes the length of about a hundred BMP characters (ß, ŉ, ligatures) and of
    no astral one (checked for Unicode 15), so the BMP scan is complete.
    """
    cps = [c for c, rep in _table(_ALL).items() if len(rep.casefold()) != 1]
    cps += [c for c in range(0x10000) if len(chr(c).casefold()) != 1]
    return re.compile(_ranges_class(cps))


def search_form_with_offsets(text: str) -> tuple[str, list[int]]:
    """`search_form(text)`, with the index in `text` of every output character.

    Matching on the search form and mapping a match [i, j) back gives text[pos[i] : pos[j - 1] + 1].
    """
    form = search_form(text)
    pos: list[int] = []
    last = 0
    for m in _irregular().finditer(text):
        i = m.start()
        pos.extend(range(last, i))
        pos.extend([i] * len(_char_form(m.group())))
        last = i + 1
    pos.extend(range(last, len(text)))
    return form, pos


# --- folds for matching cue and lexicon words (extract/lexicon, enrich/claims/fold) ---------------
# The letters spelled several ways in news text that cue lists store once: alef with a hamza or
# madda (أ إ آ) as bare alef, alef maqsura (ى) as ya, ta marbuta (ة) as ha.
LETTER_FOLDS: dict[str, str] = {"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"}
# Marks a cue never carries: the harakat (U+064B-U+0652), tatweel (U+0640), superscript alef (U+0670).
CUE_MARKS = (*range(0x064B, 0x0653), 0x0640, 0x0670)
# Claim and event lexicons go further: every Arabic mark, Quranic annotation signs included
# (U+0610-061A, U+064B-065F, U+06D6-06ED), whichever normaliser ran before.
_LEXICON_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """One character as the claim and event lexicons store it: `normalize`d, with no mark or
    tatweel left, case-folded (a character may fold to none or to several)."""
    return _LEXICON_MARKS.sub("", normalize(ch)).casefold()
