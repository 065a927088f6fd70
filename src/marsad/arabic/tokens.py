"""Tokens with offsets into the original string, proclitic splitting and search terms.

`tokenize` never changes the text: a token's `text` is always `original[start:end]`, diacritics
and tatweel stay inside their word. `split_clitics` peels the proclitics و ف (conjunctions),
ب ك ل (prepositions), س (future) and the article ال off a word, so that وماكرون، لماكرون and
ماكرون share the stem the search index and the entity tagger look up.

Splitting is decided by data, never by the spelling alone (كتاب is not ك + تاب):
- data/clitics.json lists function words and common words that merely start with a proclitic
  letter (لبنان، بلد، كان، فرنسا), and the attached pronouns a preposition may carry (بها);
- data/lexicon.tsv holds word frequencies from Arabic news text (see data/README.md). A
  proclitic is stripped when the stem's family (the stem alone, with the article, or behind
  another proclitic) is seen at least `clitic_ratio` times as often as the whole word, unless the whole
  word itself takes the article (الوزير: وزير is a stem); it is also stripped before the
  article (وال, بال, فال) unless the lexicon knows the whole word and nothing of what would
  remain (كاليفورنيا is not ك + ال + يفورنيا); س only before an imperfect verb (سيقول، سأعود);
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
from typing import NamedTuple

import regex

from marsad.arabic.clitics import ARTICLE, CONJUNCTIONS, FUTURE, PREPOSITIONS
from marsad.arabic.normalize import search_form, search_form_with_offsets
from marsad.config import Settings

__all__ = [
    "CliticRule",
    "Token",
    "clitic_rule",
    "index_terms",
    "index_terms_for",
    "split_clitics",
    "stems",
    "tokenize",
]

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


@dataclass(slots=True)
class Token:
    """One token; `text == source[start:end]`.

    kind: word (Arabic-script letters and marks) | latin (letters of any other script) | number
    (decimal digits of any script, with inner . , : / separators) | punct (anything else visible).
    """

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


# Proclitic slots in order: conjunction, then preposition or future marker, then the article.
# "لل" is ل + ال with the article's alef dropped (للرئيس).
_CONJ = CONJUNCTIONS
_PREP = PREPOSITIONS
_FUT = FUTURE
_ART = ARTICLE
_IMPERFECT = frozenset("يتن")


class CliticRule(NamedTuple):
    """The split rule's thresholds (Settings.clitic_*): a small hashable key for the caches."""

    ratio: float
    article_share: float
    unknown_min_stem: int


def clitic_rule(settings: Settings) -> CliticRule:
    return CliticRule(settings.clitic_ratio, settings.clitic_article_share, settings.clitic_unknown_min_stem)


def _known(word: str) -> int:
    return _lexicon().get(word, 0)


def _family(stem: str, exclude: str) -> int:
    """How often `stem` occurs on its own, with the article or behind any proclitic, except as `exclude`."""
    forms = {stem, _ART + stem, *(p + stem for p in _CONJ + _PREP), *(p + _ART + stem for p in _CONJ + _PREP)}
    forms.discard(exclude)
    return sum(_known(f) for f in forms)


def _accept(word: str, stem: str, rule: CliticRule, *, guess: bool) -> bool:
    """Whether `word` = single-letter proclitic + `stem` (both in search form)."""
    keep, pronouns = _clitic_data()
    if len(stem) < 2:
        return False
    if stem in keep or stem in pronouns:
        return True
    fw = _known(word)
    # وال، بال: the article right after a proclitic letter, unless the lexicon knows the whole
    # word and nothing of the would-be stem (كاليفورنيا is not ك + اليفورنيا).
    if stem.startswith(_ART) and len(stem) >= 4 and (fw == 0 or _family(stem[2:], word) > 0):
        return True
    # A word seen with the article is a noun stem itself (الوزير, الكتاب): no preposition can
    # stand between the article and a noun.
    if _known(_ART + word) * rule.article_share >= fw and _known(_ART + word) > 0:
        return False
    fam = _family(stem, word)
    if fw == 0 and fam == 0:
        return guess and len(stem) >= rule.unknown_min_stem
    return fam >= rule.ratio * fw and fam > 0


def _prefix_len(key: str, raw: str, rule: CliticRule, guess: bool) -> int:
    """Number of leading characters of `key` (search form of one word) that are proclitics."""
    keep, _ = _clitic_data()
    if key in keep or len(key) < 3:
        return 0
    pos = 0
    # Conjunction.
    if key[0] in _CONJ:
        rest = key[1:]
        if _accept(key, rest, rule, guess=guess):
            pos = 1
    cur = key[pos:]
    if cur in keep:
        return pos
    # Preposition (with the article's alef dropped after ل), or future marker.
    if cur[:1] in _PREP:
        rest = cur[1:]
        if cur.startswith("لل") and len(cur) >= 4 and not _lexicon_prefers_plain(cur):
            return pos + 2  # ل + (ا)ل: the article is folded into the proclitic
        if _accept(cur, rest, rule, guess=guess and pos == 0):
            pos += 1
    elif (
        cur[:1] == _FUT
        and len(cur) >= 4
        and (cur[1] in _IMPERFECT or _raw_char(raw, pos + 1) == "أ")
        and _accept(cur, cur[1:], rule, guess=False)
    ):
        return pos + 1  # سيقول، سأعود: the future marker only before an imperfect verb
    cur = key[pos:]
    if cur in keep:
        return pos
    # Article: only when the word had a bare alef there (ألمانيا is not ال + مانيا).
    if cur.startswith(_ART) and len(cur) >= 4 and _raw_char(raw, pos) in ("ا", "ٱ"):
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


def _raw_char(raw: str, pos: int) -> str:
    """The original character behind position `pos` of the word's search form ('' past the end)."""
    idx = _key_positions(raw)
    return raw[idx[pos]] if pos < len(idx) else ""


def _key_positions(word: str) -> list[int]:
    """For each character of search_form(word), the index of the original character it came from."""
    return search_form_with_offsets(word)[1]


def split_clitics(word: str, settings: Settings, *, guess_unknown: bool = False) -> tuple[str, str]:
    """Split a word into (proclitics, stem) with `proclitics + stem == word`.

    Proclitics are any of و ف, then ب ك ل or س, then ال (وبالعاصمة → وبال + عاصمة,
    للرئيس → لل + رئيس). Nothing is stripped when the stem would be shorter than 2 letters or the
    word is a known function or ordinary word (لبنان، كان، في). `guess_unknown`: see the module
    docstring. The lexicon ratios are `settings.clitic_*`.
    """
    return _split(word, guess_unknown, clitic_rule(settings))


@lru_cache(maxsize=100_000)
def _split(word: str, guess_unknown: bool, rule: CliticRule) -> tuple[str, str]:
    # Cached: news vocabulary repeats heavily, and indexing calls this once per word.
    key = search_form(word)
    if len(key) < 3 or not key.isalpha():
        return "", word
    n = _prefix_len(key, word, rule, guess_unknown)
    if n == 0:
        return "", word
    idx = _key_positions(word)
    if n >= len(idx):
        return "", word
    cut = idx[n]
    return word[:cut], word[cut:]


@lru_cache(maxsize=100_000)
def _word_terms(word: str, rule: CliticRule) -> tuple[str, ...]:
    form = search_form(word)
    if not form:
        return ()
    _, stem = _split(word, True, rule)
    if stem != word:
        s = search_form(stem)
        if s and s != form:
            return form, s
    return (form,)


def index_terms(text: str, settings: Settings) -> list[str]:
    """Search terms: for each word its search form, then its clitic-stripped search form if different.

    Used for indexing and for queries alike, so وماكرون، لماكرون and ماكرون all meet on one stem.
    """
    return index_terms_for(text, clitic_rule(settings))


def index_terms_for(text: str, rule: CliticRule) -> list[str]:
    """`index_terms` with the split rule's thresholds already taken from the settings."""
    terms: list[str] = []
    for m in _TOKEN.finditer(text):  # no Token objects: this runs over whole corpora
        kind = m.lastgroup
        if kind == "word":
            terms.extend(_word_terms(m.group(), rule))
        elif kind != "punct":
            form = search_form(m.group())
            if form:
                terms.append(form)
    return terms


@lru_cache(maxsize=200_000)
def _stem(word: str, rule: CliticRule) -> str:
    return search_form(_split(word, False, rule)[1])


def stems(text: str, settings: Settings) -> list[str]:
    """One comparison form per word, in order: the search form of the word without its proclitics.

    What the corpus step compares texts by (shingles, story terms): reprints that write وقال for
    قال or الرئيس for رئيس stay the same text. Numbers and Latin words are kept in search form;
    punctuation is dropped. Unknown words keep their proclitics (no guessing: a false split
    would join two different names).
    """
    out: list[str] = []
    rule = clitic_rule(settings)
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "word":
            s = _stem(m.group(), rule)
        elif kind != "punct":
            s = search_form(m.group())
        else:
            continue
        if s:
            out.append(s)
    return out
