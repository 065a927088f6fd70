"""One typed settings object. Every threshold lives here, with the reason for its value.

Values come from the defaults below, then a TOML file (`marsad.toml` in the working directory or
the path in MARSAD_CONFIG), then environment variables `MARSAD_<FIELD>` (upper case).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path


@dataclass(slots=True)
class Settings:
    # Pages above this are quarantined rather than parsed: a 50 MB page is almost always a
    # data dump or an attack, and lxml/trafilatura time grows superlinearly with nesting.
    max_page_bytes: int = 20_000_000
    # A container (JSONL, WARC, gzip) is read whole; above this it is refused, not half-read.
    max_container_bytes: int = 1_000_000_000
    # Wall-clock bound for one page in extraction; past it the page is quarantined.
    page_timeout_s: float = 20.0
    # HTML nesting beyond this is flattened before parsing: libxml2 refuses > 256 levels by
    # default and trafilatura recurses per level, so deep trees are cut rather than crash.
    max_html_depth: int = 200
    # Default embedded store.
    db_url: str = "marsad.db"
    # Entity tagger model directory; empty = the bundled CRF. A directory with ner.crfsuite is a
    # CRF; one with model.onnx or a transformers checkpoint is a local token-classification model
    # (optional extra `ner-onnx`). Never downloaded. Env: MARSAD_NER_MODEL.
    ner_model: str = ""

    # --- corpus step: duplicates and stories (bench/bench_corpus.py measures each; docs/benchmarks.md)
    # Word n-grams of the clitic-stripped stems that near duplicates share. PROVISIONAL until the
    # reprint bench has been run; see docs/benchmarks.md for the measured choice.
    near_shingle: int = 3
    # MinHash permutations: the Jaccard estimate's standard error is ~sqrt(J(1-J)/P) (0.035 at
    # J=0.8, P=128); more permutations cost signature time and store bytes linearly.
    near_permutations: int = 128
    # LSH finds candidate pairs whose Jaccard similarity is above about this value; it is set
    # low because a truncated reprint (half the article) has Jaccard ≈ 0.5 with its original.
    near_lsh_threshold: float = 0.4
    # A candidate is a near duplicate when this share of the shorter text's shingles is in the
    # longer (containment, estimated from MinHash Jaccard and the two set sizes).
    near_containment: float = 0.8
    # Texts with fewer shingles than this are only matched exactly: a few shared phrases between
    # two short texts are common without one copying the other.
    near_min_shingles: int = 20
    # An article with fewer content words than this gets no story (a caption, a stub, an index page).
    story_min_words: int = 25
    # Stories an article may join: last seen at most this many days before it (or first seen at
    # most this many after: archives are not ingested in date order).
    story_window_days: int = 3
    # Cosine similarity (tf-idf terms, plus entity overlap) above which an article joins a story.
    story_threshold: float = 0.3
    # Weight of shared canonical entities against terms when both sides have entities.
    story_entity_weight: float = 0.3
    # Terms kept per article vector and per story centroid; the centroid's strongest terms are
    # what the candidate index looks up.
    story_article_terms: int = 40
    story_centroid_terms: int = 100
    story_index_terms: int = 20

    @classmethod
    def load(cls, path: str | Path | None = None) -> Settings:
        s = cls()
        cfg = Path(path or os.environ.get("MARSAD_CONFIG", "marsad.toml"))
        if cfg.is_file():
            data = tomllib.loads(cfg.read_text(encoding="utf-8"))
            for f in fields(cls):
                if f.name in data:
                    setattr(s, f.name, type(getattr(s, f.name))(data[f.name]))
        for f in fields(cls):
            env = os.environ.get(f"MARSAD_{f.name.upper()}")
            if env is not None:
                setattr(s, f.name, type(getattr(s, f.name))(env))
        return s


SETTINGS = Settings.load()
