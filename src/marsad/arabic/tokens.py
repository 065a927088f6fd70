"""Tokens with offsets into the original string, proclitic splitting and search terms.

`tokenize` never changes the text: a token's `text` is always `original[start:end]`, diacritics
and tatweel stay inside their word. `split_clitics` peels the proclitics و ف (conjunctions),
ب ك ل (prepositions), س (future) and the article ال off a word, so that وبوتين، لبوتين and
بوتين share the stem the search index and the entity tagger look up.

Splitting is decided by data, never by the spelling alone (كتاب is not ك + تاب):
- data/clitics.json lists function words and common words that merely start with a proclitic
  letter (لبنان، بلد، كان، فرنسا), and the attached pronouns a preposition may carry (بها);
- data/lexicon.tsv holds word frequencies from Arabic news text (see data/README.md). A
  proclitic is stripped when the stem's family (the stem alone, with the article, or behind
  another proclitic) is seen at least _RATIO times as often as the whole word, unless the whole
  word itself takes the article (الوزير: وزير is a stem), or when the stem begins with the
  article (وال, بال, فال);
- when the lexicon knows neither the word nor the stem (a new name), nothing is stripped, except
  with `guess_unknown=True` (what `index_terms` uses: search recall matters more there, and the
  unsplit form is indexed too), where one conjunction or preposition comes off a 3+ letter stem.
- the article comes off a 2+ letter stem unless the lexicon knows the whole word and not the
  stem (المانيا written without its hamza).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

from marsad.arabic.normalize import search_form

__all__ = ["Token", "index_terms", "split_clitics", "tokenize"]

# Arabic-script letters and marks (harakat are Script=Inherited, tatweel Common: scx covers
# both), plus ZWNJ/ZWJ which sit inside words. Other letters (Latin, Cyrillic, ...) make "latin"
# tokens, with inner apostrophes (l'Aube, don't). Numbers keep inner separators (3.5, 10/09/2023,
# 10:30, ٣٫٥). Format characters (bidi marks) are skipped; any other non-space is punctuation.
_TOKEN = regex.compile(
    r"(?P<number>\p{Nd}+(?:[.,:/٫٬]\p{Nd}+)*)"
    r"|(?P<word>(?:[\p{scx=Arabic}&&[\p{L}\p{M}]]|[\u200c\u200d])+)"
    r"|(?P<latin>[[\p{L}\p{M}]--\p{scx=Arabic}]+(?:['’][[\p{L}\p{M}]--\p{scx=Arabic}]+)*)"
    r"|(?P<punct>[^\s\p{Cf}])",
    flags=regex.V1,
)


@dataclass(frozen=True, slots=True)
class Token:
    """One token; `text == source[start:end]`. kind: word (Arabic script) | number | punct | latin."""

    text: str
    start: int
    end: int
    kind: str


def tokenize(text: str) -> list[Token]:
    """Split text into word, number, latin and punctuation tokens with offsets into `text`."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        out.append(Token(m.group(), m.start(), m.end(), kind))
    return out


# --- proclitics -------------------------------------------------------------------------------


def _data_text(name: str) -> str:
    return resources.files("marsad.arabic").joinpath(f"data/{name}").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _clitic_data() -> tuple[frozenset[str], frozenset[str]]:
    raw = json.loads(_data_text("clitics.json"))
    return frozenset(raw["keep"]), frozenset(raw["pronouns"])


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, int]:
    """Word -> frequency from data/lexicon.tsv; empty when the file is absent."""
    try:
        text = _data_text("lexicon.tsv")
    except FileNotFoundError:
        return {}
    lex: dict[str, int] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, _, count = line.partition("\t")
        if count.isdigit():
            lex[word] = int(count)
    return lex


# (proclitic in search form, class). Longest first within each class. "لل" is ل + ال with the
# alef of the article dropped (للرئيس).
_CONJ = ("و", "ف")
_PREP = ("ب", "ك", "ل")
_FUT = "س"
_ART = "ال"
_IMPERFECT = frozenset("يتنا")
# A proclitic is stripped when freq(family of stem) >= _RATIO * freq(word): وقال (قال far more
# frequent) and بشكل (شكل, الشكل) split, وزير (زير rare) does not. Chosen on the UD PUD dev half
# (grid 0.1..1; data/README.md).
_RATIO = 0.1
# ... unless the word itself is seen with the article at least 1/_ART_SHARE as often as bare.
_ART_SHARE = 20
# With `guess_unknown`, a word and stem the lexicon has never seen split before a stem this long.
_UNKNOWN_MIN_STEM = 3


def _known(word: str) -> int:
    return _lexicon().get(word, 0)


def _family(stem: str, exclude: str) -> int:
    """How often `stem` occurs on its own, with the article or behind any proclitic, except as `exclude`."""
    forms = {stem, _ART + stem, *(p + stem for p in _CONJ + _PREP), *(p + _ART + stem for p in _CONJ + _PREP)}
    forms.discard(exclude)
    return sum(_known(f) for f in forms)


def _accept(word: str, stem: str, article_stem: bool, *, guess: bool) -> bool:
    """Whether `word` = single-letter proclitic + `stem` (both in search form)."""
    keep, pronouns = _clitic_data()
    if len(stem) < 2:
        return False
    if stem in keep or stem in pronouns or article_stem:
        return True
    fw = _known(word)
    # A word seen with the article is a noun stem itself (الوزير, الكتاب): no preposition can
    # stand between the article and a noun.
    if _known(_ART + word) * _ART_SHARE >= fw and _known(_ART + word) > 0:
        return False
    fam = _family(stem, word)
    if fw == 0 and fam == 0:
        return guess and len(stem) >= _UNKNOWN_MIN_STEM
    return fam >= _RATIO * fw and fam > 0


def _prefix_len(key: str, raw: str, guess: bool) -> int:
    """Number of leading characters of `key` (search form of one word) that are proclitics."""
    keep, _ = _clitic_data()
    if key in keep or len(key) < 3:
        return 0
    pos = 0
    # Conjunction.
    if key[0] in _CONJ:
        rest = key[1:]
        if _accept(key, rest, rest.startswith(_ART) and len(rest) >= 4, guess=guess):
            pos = 1
    cur = key[pos:]
    if cur in keep:
        return pos
    # Preposition (with the article's alef dropped after ل), or future marker.
    if cur[:1] in _PREP:
        rest = cur[1:]
        if cur.startswith("لل") and len(cur) >= 4 and not _lexicon_prefers_plain(cur):
            return pos + 2  # ل + (ا)ل: the article is folded into the proclitic
        if _accept(cur, rest, rest.startswith(_ART) and len(rest) >= 4, guess=guess and pos == 0):
            pos += 1
    elif cur[:1] == _FUT and cur[1:2] in _IMPERFECT and len(cur) >= 4 and _accept(cur, cur[1:], False, guess=False):
        return pos + 1
    cur = key[pos:]
    if cur in keep:
        return pos
    # Article: only when the word had a bare alef there (ألمانيا is not ال + مانيا).
    if cur.startswith(_ART) and len(cur) >= 4 and raw_alef_is_bare(raw, key, pos):
        stem = cur[2:]
        fw, fs = _known(cur), _known(stem)
        if fs > 0 or fw == 0 or pos > 0:
            pos += 2
    return pos


def _lexicon_prefers_plain(cur: str) -> bool:
    """للبنان: ل + لبنان rather than ل + ال + بنان when the lexicon knows لبنان better."""
    keep, _ = _clitic_data()
    plain, art = cur[1:], "ال" + cur[2:]
    if plain in keep:
        return True
    return _known(plain) > _known(art)


def raw_alef_is_bare(raw: str, key: str, pos: int) -> bool:
    """Whether the alef at key[pos] came from a bare ا or ٱ in the original word."""
    idx = _key_positions(raw)
    if pos >= len(idx):
        return False
    return raw[idx[pos]] in "اٱ"


def _key_positions(word: str) -> list[int]:
    """For each character of search_form(word), the index of the original character it came from."""
    positions: list[int] = []
    for i, ch in enumerate(word):
        positions.extend([i] * len(search_form(ch)))
    return positions


def split_clitics(word: str, *, guess_unknown: bool = False) -> tuple[str, str]:
    """Split a word into (proclitics, stem) with `proclitics + stem == word`.

    Proclitics are any of و ف, then ب ك ل or س, then ال (وبالعاصمة → وبال + عاصمة,
    للرئيس → لل + رئيس). Nothing is stripped when the stem would be shorter than 2 letters or the
    word is a known function or ordinary word (لبنان، كان، في).
    """
    key = search_form(word)
    if len(key) < 3 or not key.isalpha():
        return "", word
    n = _prefix_len(key, word, guess_unknown)
    if n == 0:
        return "", word
    idx = _key_positions(word)
    if n >= len(idx):
        return "", word
    cut = idx[n]
    return word[:cut], word[cut:]


def index_terms(text: str) -> list[str]:
    """Search terms: for each word its search form, then its clitic-stripped search form if different.

    Used for indexing and for queries alike, so وبوتين، لبوتين and بوتين all meet on one stem.
    """
    terms: list[str] = []
    for tok in tokenize(text):
        if tok.kind == "punct":
            continue
        form = search_form(tok.text)
        if not form:
            continue
        terms.append(form)
        if tok.kind == "word":
            _, stem = split_clitics(tok.text, guess_unknown=True)
            if stem != tok.text:
                s = search_form(stem)
                if s and s != form:
                    terms.append(s)
    return terms
