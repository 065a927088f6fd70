"""The trained CRF tagger: finding and loading the artifact, and tagging token lists.

The bundled model and its word clusters are found by the one artifact rule of `marsad.resources`
(MARSAD_MODELS, then the package's marsad/models/). Another model is a setting (`ner_model`,
MARSAD_NER_MODEL or `--ner-model`), loaded by `transformer.load_ner_tagger`. Nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.enrich.entities.conll import read_conll
from marsad.enrich.entities.features import Resources, load_clusters, load_embed_clusters, sentence_features
from marsad.enrich.entities.gazetteer import load_gazetteer
from marsad.enrich.entities.subwords import Subwords
from marsad.errors import ModelError
from marsad.resources import find_model
from marsad.resources import open_crf as resources_open_crf

__all__ = [
    "CLUSTERS_FILE",
    "EMBED_FILE",
    "MODEL_FILE",
    "SUBWORDS_FILE",
    "Tagger",
    "clean_words",
    "find_model_dir",
    "load_tagger",
    "model_resources",
    "open_crf",
    "tag_conll",
    "tag_text",
]

MODEL_FILE = "ner.crfsuite"
CLUSTERS_FILE = "ner_clusters.tsv"
# fastText clusters and the n-gram table (models/ner_embeddings.py). A model trained with them
# needs them: they sit beside it, and a folder without them loads a model trained without them.
EMBED_FILE = "ner_embed_clusters.tsv.gz"
SUBWORDS_FILE = "ner_subwords.npz"
_CONTROL = str.maketrans({c: None for c in range(32)} | {0x7F: None})


def clean_words(words: list[str]) -> list[str]:
    """Words as every tagger reads them: control characters carry no meaning for a name, and a
    token made only of them reads as "·"."""
    return [w.translate(_CONTROL) or "·" for w in words]


def open_crf(path: Path) -> Any:
    """The NER model's crfsuite tagger (ModelError when unreadable)."""
    return resources_open_crf(path, "NER model")


def model_resources(d: Path) -> Resources:
    """The gazetteer and the word clusters beside a model (their counts decide clitic splits)."""
    clusters = d / CLUSTERS_FILE
    return Resources(load_gazetteer(), load_clusters(clusters) if clusters.is_file() else {})


def find_model_dir() -> Path:
    """The folder holding the bundled CRF (and its clusters): wherever `marsad.resources.find_model`
    finds ner.crfsuite (ModelError if nowhere)."""
    return find_model(MODEL_FILE).parent


class Tagger:
    """BIO tags (PERS, LOC, ORG, MISC) for tokenised sentences."""

    def __init__(self, model_dir: Path | None = None) -> None:
        d = model_dir or find_model_dir()
        path = d / MODEL_FILE
        if not path.is_file():
            raise ModelError(f"NER model not found: {path}")
        self.resources = model_resources(d)
        if (d / EMBED_FILE).is_file() and (d / SUBWORDS_FILE).is_file():
            self.resources.embed = load_embed_clusters(d / EMBED_FILE)
            self.resources.subwords = Subwords(d / SUBWORDS_FILE)
        self._crf = open_crf(path)

    def tag(self, words: list[str], window: int) -> list[str]:
        """One tag per word; an empty sentence gives no tags. A sentence is tagged in pieces of
        `window` words (Settings.ner_max_sentence), as the CRF was trained."""
        if not words:
            return []
        clean = clean_words(words)
        out: list[str] = []
        for i in range(0, len(clean), window):
            out += self._crf.tag(sentence_features(clean[i : i + window], self.resources))
        return out

    def tag_many(self, sentences: list[list[str]], window: int) -> list[list[str]]:
        return [self.tag(s, window) for s in sentences]


@lru_cache(maxsize=4)
def load_tagger(model_dir: Path | None = None) -> Tagger:
    return Tagger(model_dir)


def tag_conll(lines: Iterable[str], tagger: Tagger, window: int) -> Iterator[str]:
    """`token TAG` lines for CoNLL input (first column = token), a blank line after each sentence."""
    for sent in read_conll(lines):
        words = [row[0] for row in sent]
        for w, t in zip(words, tagger.tag(words, window), strict=True):
            yield f"{w} {t}"
        yield ""


def tag_text(lines: Iterable[str], tagger: Tagger, window: int) -> Iterator[str]:
    """Plain text, one sentence per line: tokenised, then tagged like CoNLL input."""
    from marsad.arabic.tokens import tokenize

    for line in lines:
        words = [t.text for t in tokenize(line)]
        if not words:
            continue
        for w, t in zip(words, tagger.tag(words, window), strict=True):
            yield f"{w} {t}"
        yield ""
