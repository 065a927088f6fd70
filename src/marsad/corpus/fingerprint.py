"""Per-page fingerprints: what the corpus step compares, computed where the page steps run.

Everything here depends on one article only, so it runs in the workers (or Spark executors)
beside extraction; the corpus step that needs the whole corpus then only looks things up.

- `text_hash`: sha256 of the main text (lede, headings, paragraphs; the title when there is no
  body) in search form with punctuation and spacing folded. The same article under other chrome,
  or the HTML and the text dump of one page, hash the same; the headline is left out because
  reprints rewrite it more often than the body.
- `minhash`: a MinHash signature (`marsad.corpus.minhash`, datasketch's scheme) of the set of word n-grams of clitic-stripped stems.
- `terms`: the article's strongest tf-idf terms (title words count twice), L2-normalised; the
  outlet's own name is left out (BBC articles say "بي بي سي" whatever they are about).
- `entities`: canonical keys of the people, places and organisations the article names (news
  outlets left out for the same reason).
- `day`: the published date, else the first resolved date in the text, else the fetch date.
- `bands`: the LSH band keys of the signature (`corpus.near.band_keys`), so the corpus step beside
  the one writer only looks them up.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from functools import partial

import numpy as np
import regex

from marsad.arabic.normalize import search_form
from marsad.arabic.tokens import stems
from marsad.config import Settings
from marsad.corpus.idf import idf_table
from marsad.corpus.keys import entity_keys
from marsad.corpus.minhash import signature
from marsad.corpus.near import band_keys, lsh_bands
from marsad.model import MAIN_TEXT_LABELS, Article, Fingerprint, Label
from marsad.pipeline import MapStep

__all__ = ["fingerprint", "fingerprint_step", "main_text", "minhash", "shingles", "terms_vector", "text_hash"]

_WORD = regex.compile(r"[\p{L}\p{N}]+")
_DAY = regex.compile(r"^\d{4}-\d{2}-\d{2}")
_BODY_LABELS = MAIN_TEXT_LABELS - {Label.TITLE}
# Entity types that say what a story is about (MISC is mostly nationalities and events' names).
_STORY_ENTITY_TYPES = frozenset({"PERSON", "LOCATION", "ORGANIZATION"})
_OUTLET_KIND = "news outlet"


def main_text(a: Article) -> str:
    """The text duplicates are judged by: body blocks, else the lede, else the title."""
    body = "\n".join(b.text for b in a.blocks if b.label in _BODY_LABELS)
    if not body.strip() and a.lede:
        body = a.lede
    return body if body.strip() else (a.title or "")


def text_hash(text: str) -> str:
    """sha256 of the text in search form, punctuation dropped and spacing folded."""
    folded = " ".join(_WORD.findall(search_form(text)))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def shingles(words: list[str], k: int) -> set[bytes]:
    """Word k-grams (a text shorter than k is one shingle)."""
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def minhash(items: set[bytes], num_perm: int) -> bytes:
    """The MinHash signature of a set, as little-endian uint32 bytes (4 per permutation)."""
    # A fixed seed: every process (and every run) draws the same permutations, so signatures
    # stay comparable across runs.
    return np.asarray(signature(items, num_perm, seed=1), dtype="<u4").tobytes()


def _day(a: Article) -> str | None:
    for value in (a.published, *(d.date for d in a.dates if d.date), a.fetched):
        if value and _DAY.match(value):
            return value[:10]
    return None


def terms_vector(a: Article, body_words: list[str], settings: Settings) -> dict[str, float]:
    """The article's strongest tf-idf terms (title words count `story_title_weight` times), L2-normalised."""
    limit = settings.story_article_terms
    idf = idf_table()
    tf: Counter[str] = Counter(w for w in body_words if len(w) > 1 and not w.isdigit())
    for w in stems(a.title or "", settings):
        if len(w) > 1 and not w.isdigit():
            tf[w] += settings.story_title_weight
    for w in stems(a.outlet or "", settings):
        tf.pop(w, None)
    weighted = {t: (1.0 + math.log(c)) * idf(t) for t, c in tf.items()}
    top = sorted(weighted.items(), key=lambda x: (-x[1], x[0]))[:limit]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {t: round(v / norm, 5) for t, v in top if v > 0}


def _entities(a: Article) -> list[str]:
    keys = {
        entity_keys(e.type, e.name, e.latin)[0]
        for e in a.entities
        if e.type in _STORY_ENTITY_TYPES and e.kind != _OUTLET_KIND and entity_keys(e.type, e.name, e.latin)
    }
    return sorted(keys)


def fingerprint(a: Article, settings: Settings) -> Fingerprint:
    body = main_text(a)
    words = stems(body, settings)
    sh = shingles(words, settings.near_shingle)
    sig = minhash(sh, settings.near_permutations)
    lsh = lsh_bands(settings.near_lsh_threshold, settings.near_permutations)
    return Fingerprint(
        text_hash=text_hash(body),
        minhash=sig,
        shingles=len(sh),
        words=sum(1 for w in words if not w.isdigit()),
        terms=terms_vector(a, words, settings),
        entities=_entities(a),
        day=_day(a),
        bands=band_keys(sig, *lsh),
        lsh=lsh,
    )


def _fingerprint_step(a: Article, *, settings: Settings) -> Article:
    a.fingerprint = fingerprint(a, settings)
    a.text_hash = a.fingerprint.text_hash
    return a


def fingerprint_step(*, entities: bool, settings: Settings) -> MapStep:
    """The page step that fingerprints an article; `entities`: the pipeline tags entities first;
    shingles, permutations and terms from `settings`."""
    needs = {"title", "blocks", "lede", "outlet", "published", "fetched", "dates"}
    return MapStep(
        "fingerprint",
        partial(_fingerprint_step, settings=settings),
        requires=frozenset(needs | ({"entities"} if entities else set())),
        provides=frozenset({"fingerprint", "text_hash"}),
    )
