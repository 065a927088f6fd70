"""Index and query terms: the one place where search text is analysed, for every backend.

A word is indexed under every *analysis* of it: its search form (all normalisation rules on, see
`marsad.arabic.normalize.search_form`) and the stems left after stripping Arabic proclitics
(و/ف, then ب/ل/ك, then the article ال; لل = ل + ال). A query word becomes "any of its analyses",
so وماكرون, لماكرون and ماكرون find each other, and أوكرانيا / اوكرانيا or الشمالية / الشماليه meet in
the search form. Stems keep at least `Settings.search_min_stem` letters so short words (بين، لم) are not mangled.

When the Arabic stage provides `marsad.arabic.tokens.index_terms`, its analyses are added to ours
(the union keeps query and index symmetric: both go through `analyses`).

An article's own terms are made by the index step (`index_step`), a page step: where the page
steps run (worker processes, Spark executors), not in the one writer, which only copies them in.
They carry the id of the rule that made them (`rule_id`); a store whose rule differs makes them
again (`article_terms`), so a store is always indexed and queried under one rule.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Final, NamedTuple

import regex

from marsad.arabic.clitics import search_stems
from marsad.arabic.normalize import search_form
from marsad.arabic.tokens import CliticRule, clitic_rule, index_terms_for
from marsad.config import Settings
from marsad.model import MAIN_TEXT_LABELS, Article, IndexTerms, Label
from marsad.pipeline import MapStep, settings_step

__all__ = [
    "FACET_MARK",
    "SEARCHED_LABELS",
    "TermRule",
    "analyses",
    "article_terms",
    "date_facets",
    "day_facets",
    "doc_terms",
    "entity_facet",
    "facet_terms",
    "index_step",
    "join_terms",
    "query_groups",
    "rule_id",
    "searched_body",
    "term_lines",
    "term_rule",
    "tsvector_facets",
    "tsvector_literal",
    "word_spans",
    "word_terms",
]


_WORD = regex.compile(r"[\p{L}\p{M}\p{N}\u0640]+")


class TermRule(NamedTuple):
    """What decides a word's index terms (the settings' stem length and clitic thresholds): a
    store builds it once from its settings, and the same rule must index and query a store."""

    min_stem: int
    clitics: CliticRule


def term_rule(settings: Settings) -> TermRule:
    return TermRule(settings.search_min_stem, clitic_rule(settings))


@lru_cache(maxsize=16)
def rule_id(rule: TermRule) -> str:
    """A short name of a term rule: equal rules (equal settings that shape terms) get equal names."""
    return hashlib.blake2b(repr(rule).encode("utf-8"), digest_size=6).hexdigest()


# Large: at ingest most words repeat, and a miss costs ~0.1 ms (lexicon-based clitic split).
@lru_cache(maxsize=500_000)
def analyses(word: str, rule: TermRule) -> frozenset[str]:
    """Every index term of one word (as found in the text or typed in a query)."""
    form = search_form(word).replace("\u0640", "")
    if not form:
        return frozenset()
    out = search_stems(form, rule.min_stem)
    out.update(search_form(t) for t in index_terms_for(word, rule.clitics) if t.strip())
    out.discard("")
    return frozenset(t for t in out if _WORD.fullmatch(t))


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) for each word of `text`, offsets into the text as found."""
    for m in _WORD.finditer(text):
        yield m.start(), m.end(), m.group()


def word_terms(text: str, rule: TermRule) -> list[frozenset[str]]:
    """The analyses of each word of a text, in order (positions for PostgreSQL's tsvector)."""
    return [a for w in _WORD.findall(text) if (a := analyses(w, rule))]


def join_terms(words: list[frozenset[str]]) -> str:
    """Index terms space-separated (what SQLite's full-text columns hold)."""
    return " ".join(t for a in words for t in sorted(a))


def doc_terms(text: str, rule: TermRule) -> str:
    """The index terms of a text, space-separated."""
    return join_terms(word_terms(text, rule))


def term_lines(text: str, rule: TermRule) -> str:
    """The index terms of a text as `IndexTerms` holds them: one line per word, its terms sorted
    and space-separated (so replacing the line breaks by spaces gives `doc_terms`)."""
    return "\n".join(line for w in _WORD.findall(text) if (line := _term_line(w, rule)))


@lru_cache(maxsize=500_000)  # as `analyses`: one lookup per word seen again, no sort or join
def _term_line(word: str, rule: TermRule) -> str:
    return " ".join(sorted(analyses(word, rule)))


# --- an article's terms: the index step ----------------------------------------------------------
# What search reads besides the title: the main text and the captions.
SEARCHED_LABELS = (MAIN_TEXT_LABELS - {Label.TITLE}) | {Label.CAPTION}


def searched_body(a: Article) -> str:
    """The body text an article is found by: searched blocks, the lede first when no block holds it."""
    body = [b.text for b in a.blocks if b.label in SEARCHED_LABELS]
    if a.lede and not any(b.label is Label.LEDE for b in a.blocks):
        body.insert(0, a.lede)
    return "\n".join(body)


def article_terms(a: Article, rule: TermRule) -> IndexTerms:
    """The article's index terms under `rule`: the ones it carries when they were made under it
    (by the index step), else made now from its text."""
    rid = rule_id(rule)
    have = a.index_terms
    if have is not None and have.rule == rid:
        return have
    return IndexTerms(rid, term_lines(a.title or "", rule), term_lines(searched_body(a), rule))


def _index(a: Article, *, settings: Settings) -> Article:
    a.index_terms = article_terms(a, term_rule(settings))
    return a


def index_step(settings: Settings) -> MapStep:
    """The page step that makes an article's index terms under `settings`' term rule (run with
    the other page steps, in parallel, so the store's one writer does not)."""
    return settings_step(
        "index", _index, settings, requires={"title", "blocks", "lede"}, provides={"index_terms"}
    )


def query_groups(
    text: str, rule: TermRule, expand: Callable[[str], set[str]] | None = None
) -> list[frozenset[str]]:
    """One group of alternative terms per query word; a document must match every group.

    `expand(word)` may add words in other spellings or scripts (Macron → ماكرون, from the store's
    canonical entities); their analyses join the word's group.
    """
    groups: list[frozenset[str]] = []
    for _, _, w in word_spans(text):
        a = analyses(w, rule)
        if expand is not None and a:
            a = a.union(*(analyses(x, rule) for x in expand(w)))
        if a and a not in groups:
            groups.append(a)
    # A group that contains another is implied by it (وماكرون ⊃ ماكرون): drop it, the match is the same.
    return [g for g in groups if not any(o < g for o in groups)]


# tsvector positions stop at 16383; later words share the last position (still matched).
MAX_POSITION: Final = 16383  # fact: PostgreSQL's largest tsvector position


def tsvector_literal(title: str, body: str) -> str:
    """A tsvector in its input syntax, 'term':pos[A] …, from `IndexTerms` lines (one per word;
    terms are word characters only)."""
    parts: list[str] = []
    pos = 0
    for lines, weight in ((title, "A"), (body, "")):
        for line in lines.split("\n") if lines else ():
            pos = min(pos + 1, MAX_POSITION)
            parts.extend(f"'{t}':{pos}{weight}" for t in line.split(" "))
    return " ".join(parts)


# --- filter facets ----------------------------------------------------------------------------
# An article's outlet, publication year and month, language and entities are indexed as extra terms, so a
# filtered search is one full-text AND that the index answers by intersecting posting lists
# instead of walking a common word's matches until enough pass the filter. Facet terms start with
# a private-use character: the full-text tokenizer keeps it (category Co) but `_WORD` never does,
# so no word of any text or query can produce a facet term.
FACET_MARK = "\ue000"
_YM = regex.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_YEAR = regex.compile(r"\d{4}")


def outlet_facet(outlet: int) -> str:
    return f"{FACET_MARK}o{outlet}"


def entity_facet(entity: str) -> str:
    """The facet term of a canonical entity id (store.records.new_entity_id: a letter and hex
    digits; any other id is hex-encoded, so the term stays one token of the full-text index)."""
    ident = entity if entity.isascii() and entity.isalnum() else entity.encode("utf-8").hex()
    return f"{FACET_MARK}e{ident}"


def lang_facet(lang: str) -> str:
    # Hex keeps any language tag (en-US, zh-Hant) to letters and digits, one term per exact value.
    return f"{FACET_MARK}l{lang.encode('utf-8').hex()}"


def _odd_date() -> str:
    """The term of a day that is not YYYY-MM…: every date-filtered query also accepts it."""
    return f"{FACET_MARK}dx"


def day_facets(pub_day: str | None) -> list[str]:
    """The date facet terms of an article's day: its year and month, the odd-date term for a day
    that is not YYYY-MM…, none without a day."""
    if pub_day is None:
        return []
    m = _YM.match(pub_day)
    return [f"{FACET_MARK}y{m[1]}", f"{FACET_MARK}m{m[1]}{m[2]}"] if m else [_odd_date()]


def facet_terms(
    outlet: int | None, pub_day: str | None, language: str | None, entities: Iterable[str] = ()
) -> str:
    """The facet terms of one article, space-separated (SQLite's `facets` column)."""
    out: list[str] = []
    if outlet is not None:
        out.append(outlet_facet(outlet))
    out += day_facets(pub_day)
    if language is not None:
        out.append(lang_facet(language))
    out += sorted({entity_facet(e) for e in entities})
    return " ".join(out)


def tsvector_facets(pub_day: str | None, entities: Iterable[str]) -> str:
    """Date and entity facet lexemes for a PostgreSQL tsvector literal (appended to
    `tsvector_literal`'s; outlets and languages are served by B-tree indexes there). No positions:
    the search's ranking query never holds them, and a positionless lexeme adds nothing to
    ts_rank_cd's covers."""
    terms = day_facets(pub_day) + sorted({entity_facet(e) for e in entities})
    return " ".join(f"'{t}'" for t in terms)


def _bound(day: str, upper: bool) -> tuple[int, int] | None:
    """(year, month) of a filter bound as the store compares it (prefix of YYYY-MM-DD)."""
    m = _YM.match(day)
    if m:
        return int(m[1]), int(m[2])
    if _YEAR.fullmatch(day):
        return int(day), 12 if upper else 1
    return None


def date_facets(since: str, until: str, max_terms: int) -> frozenset[str] | None:
    """Facet terms of which a day between `since` and `until` (inclusive, as the SQL filter reads
    them: string order on the first 10 characters) has at least one; None when there would be more
    than `max_terms` (Settings.search_max_date_terms) or a bound is not a date. A superset: the SQL predicate still decides the exact bounds.
    """
    lo, hi = _bound(since.strip()[:10], False), _bound(until.strip()[:10], True)
    if lo is None or hi is None:
        return None
    terms = {_odd_date()}
    if lo > hi:
        return frozenset(terms)
    for year in range(lo[0], hi[0] + 1):
        first = lo[1] if year == lo[0] else 1
        last = hi[1] if year == hi[0] else 12
        if first == 1 and last == 12:
            terms.add(f"{FACET_MARK}y{year:04d}")
        else:
            terms.update(f"{FACET_MARK}m{year:04d}{mm:02d}" for mm in range(first, last + 1))
        if len(terms) > max_terms:
            return None
    return frozenset(terms)
