"""Cue lexicons (data files under extract/data/) and the light folding they are matched on.

Cues of every language are merged: dumps mix languages (an Arabic page keeps "Close Button" from
an English widget library), and a cue that is chrome in one language is rarely body text in
another. Matching is on a folded form — case-folded, no Arabic diacritics or tatweel, one alef,
ى→ي, ة→ه, punctuation at the ends stripped — so spelling variants of a cue need no extra entries.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from marsad.arabic.normalize import CUE_MARKS, LETTER_FOLDS

__all__ = ["CHROME_CATEGORIES", "Lexicon", "fold", "lexicon"]

LANGUAGES = ("ar", "en", "fr", "de")
# Categories whose cues mark a chrome line, in the order they are tried (the first wins).
CHROME_CATEGORIES = ("advertisement", "share", "consent", "footer", "widget", "navigation")

# Bidi and zero-width controls (Unicode) vanish with the Arabic marks (arabic.normalize.CUE_MARKS).
_CONTROLS = (*range(0x200C, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_DIACRITICS = re.compile("[" + "".join(chr(c) for c in (*CUE_MARKS, *_CONTROLS)) + "]")
_ALEF = str.maketrans(LETTER_FOLDS)
_NEEDS_FOLD = re.compile("[\u0600-\u06ff\u200c-\u200f\u202a-\u202e\u2066-\u2069]")
_FOLD_TABLE: dict[int, int | None] = {
    **dict.fromkeys((*CUE_MARKS, *_CONTROLS)),
    **{ord(k): ord(v) for k, v in LETTER_FOLDS.items()},
}
_EDGE_PUNCT = " \t:：|·•-–—_*#>»«\"'()[]{}.,;!?؟،؛…/\\"
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Folded form for cue matching (not for display)."""
    t = text.casefold()
    # The Arabic steps only matter for Arabic text or bidi controls (and cost most).
    if not t.isascii() and _NEEDS_FOLD.search(t):
        t = t.translate(_FOLD_TABLE)
    return " ".join(t.split()).strip(_EDGE_PUNCT)


@dataclass(frozen=True, slots=True)
class Matcher:
    """Cues of one category: whole-line, line-prefix and substring matches on folded text."""

    exact: frozenset[str]
    prefix: re.Pattern[str] | None
    contains: re.Pattern[str] | None

    def match(self, folded: str) -> bool:
        if folded in self.exact:
            return True
        if self.prefix is not None and self.prefix.match(folded):
            return True
        return self.contains is not None and self.contains.search(folded) is not None


@dataclass(frozen=True, slots=True)
class ChromeCues:
    """All chrome categories in one lookup: whole line, then prefix, then substring."""

    exact: dict[str, str]
    prefix: re.Pattern[str]
    contains: re.Pattern[str]
    prefix_cat: dict[str, str]
    contains_cat: dict[str, str]

    def category(self, folded: str) -> str | None:
        """The chrome category a folded line's cue names, or None."""
        cat = self.exact.get(folded)
        if cat is not None:
            return cat
        m = self.prefix.match(folded)
        if m is not None:
            return self.prefix_cat[m.group(0)]
        m = self.contains.search(folded)
        return self.contains_cat[m.group(0)] if m is not None else None


@dataclass(frozen=True, slots=True)
class Lexicon:
    chrome: dict[str, Matcher]
    chrome_cues: ChromeCues
    related_header: Matcher
    byline_prefix: re.Pattern[str]
    date_label: re.Pattern[str]
    credit_prefix: re.Pattern[str]
    outlet_cue: re.Pattern[str]
    agencies: tuple[str, ...]
    outlets: frozenset[str]
    outlet_latin: dict[str, str]  # folded Arabic-script outlet name → its usual Latin name


def _alt(words: set[str]) -> str:
    # Longest first so "share this" wins over "share".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w)


def _word_end(words: set[str]) -> str:
    """Alternation that must end at a word boundary (letters of any script)."""
    return f"(?:{_alt(words)})(?![\\w])"


def _load_json(name: str) -> dict[str, object]:
    data = resources.files("marsad.extract").joinpath("data", name).read_text(encoding="utf-8")
    out: dict[str, object] = json.loads(data)
    return out


@cache
def lexicon() -> Lexicon:
    """All languages' cues merged and compiled once per process."""
    cats, lists = _merged_cues()

    def matcher(key: str) -> Matcher:
        c = cats[key]
        pre = _word_end(c["prefix"]) if c["prefix"] else None
        con = _word_end(c["contains"]) if c["contains"] else None
        return Matcher(
            frozenset(c["exact"]),
            re.compile(pre) if pre else None,
            re.compile(r"(?<!\w)" + con) if con else None,
        )

    agencies = _load_json("agencies.json")["agencies"]
    outlet_data = _load_json("outlets.json")
    outlets = outlet_data["outlets"]
    latin = outlet_data.get("latin") or {}
    assert isinstance(latin, dict)
    assert isinstance(agencies, list) and isinstance(outlets, list)
    return Lexicon(
        chrome={k: matcher(k) for k in CHROME_CATEGORIES},
        chrome_cues=_chrome_cues(cats),
        related_header=matcher("related_header"),
        byline_prefix=re.compile(_word_end(lists["byline_prefix"])),
        date_label=re.compile(r"(?<!\w)" + _word_end(lists["date_label"])),
        credit_prefix=re.compile(_word_end(lists["credit_prefix"])),
        outlet_cue=re.compile(r"(?<!\w)" + _word_end(lists["outlet_cue"]) + "|نيوز(?!\\w)"),
        agencies=tuple(sorted((str(a) for a in agencies), key=len, reverse=True)),
        outlets=frozenset(fold(str(o)) for o in outlets) | frozenset(fold(str(k)) for k in latin),
        outlet_latin={fold(str(k)): str(v) for k, v in latin.items()},
    )


def _merged_cues() -> tuple[dict[str, dict[str, set[str]]], dict[str, set[str]]]:
    """Every language's cue file merged: categories (exact, prefix and contains cues, folded) and
    the plain cue lists."""
    cats: dict[str, dict[str, set[str]]] = {}
    lists: dict[str, set[str]] = {
        "byline_prefix": set(),
        "date_label": set(),
        "credit_prefix": set(),
        "outlet_cue": set(),
    }
    for lang in LANGUAGES:
        d = _load_json(f"cues.{lang}.json")
        for key, val in d.items():
            if isinstance(val, dict):
                slot = cats.setdefault(key, {"exact": set(), "prefix": set(), "contains": set()})
                for kind in ("exact", "prefix", "contains"):
                    slot[kind] |= {fold(w) if kind == "exact" else _fold_keep(w) for w in val.get(kind, [])}
            elif isinstance(val, list) and key in lists:
                lists[key] |= {_fold_keep(w) for w in val}
    return cats, lists


def _chrome_cues(cats: dict[str, dict[str, set[str]]]) -> ChromeCues:
    """One matcher over every chrome category; the first category listing a cue keeps it."""
    exact: dict[str, str] = {}
    prefix_cat: dict[str, str] = {}
    contains_cat: dict[str, str] = {}
    for k in CHROME_CATEGORIES:
        for w in cats[k]["exact"]:
            exact.setdefault(w, k)
        for w in cats[k]["prefix"]:
            prefix_cat.setdefault(w, k)
        for w in cats[k]["contains"]:
            contains_cat.setdefault(w, k)
    return ChromeCues(
        exact=exact,
        prefix=re.compile(_word_end(set(prefix_cat))),
        contains=re.compile(r"(?<!\w)" + _word_end(set(contains_cat))),
        prefix_cat=prefix_cat,
        contains_cat=contains_cat,
    )


def _fold_keep(text: str) -> str:
    """Fold a prefix/contains cue but keep its trailing punctuation ("home >", "©")."""
    t = _DIACRITICS.sub("", text).translate(_ALEF).casefold()
    return _SPACE.sub(" ", t).strip()
