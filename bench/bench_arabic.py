"""Throughput of the Arabic text layer against named peers, on the same texts in the same run.

    python bench/bench_arabic.py ../shared/data/topics/ant2-dev.jsonl [--docs 1000] [--dateparser-docs 30]

Peers: PyArabic 0.6 (`araby` normalisers, tokenize, sentence_tokenize) and naive baselines
(a plain `str.translate` table, `str.split`, a one-line regex sentence split). dateparser's
`search_dates` is timed on a smaller sample (it is slow). Prints chars/s and the ratio ours/peer
(> 1 means ours is faster).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from marsad.arabic.dates import find_dates
from marsad.arabic.normalize import normalize, search_form
from marsad.arabic.sentences import split_sentences as _split_sentences
from marsad.arabic.tokens import index_terms as _index_terms
from marsad.arabic.tokens import tokenize
from marsad.config import SETTINGS

# The functions as a page's steps call them: with the loaded settings.
split_sentences = partial(_split_sentences, settings=SETTINGS)
index_terms = partial(_index_terms, settings=SETTINGS)


def load(path: Path, n: int) -> list[str]:
    texts: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            texts.append("\n".join(str(doc.get(k) or "") for k in ("title", "abstract", "text")))
            if len(texts) >= n:
                break
    return texts


def timed(fn: Callable[[str], object], texts: list[str], repeat: int = 3) -> float:
    """Best-of-`repeat` seconds for running fn over all texts."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return best


_NAIVE = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ـ": ""} | {chr(c): "" for c in range(0x064B, 0x0653)}
)
_NAIVE_SENT = re.compile(r"(?<=[.!?؟])\s+")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--dateparser-docs", type=int, default=30)
    args = ap.parse_args()
    texts = load(args.corpus, args.docs)
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} docs, {chars / 1e6:.2f} M chars from {args.corpus}")

    import pyarabic.araby as araby

    def pyarabic_norm(t: str) -> str:
        t = araby.strip_tashkeel(t)
        t = araby.strip_tatweel(t)
        t = araby.normalize_ligature(t)
        t = araby.normalize_alef(t)
        return str(araby.normalize_teh(t))

    rows: list[tuple[str, str, float, str, float]] = []

    def compare(
        task: str, ours: Callable[[str], object], peer_name: str, peer: Callable[[str], object]
    ) -> None:
        a, b = timed(ours, texts), timed(peer, texts)
        rows.append((task, "marsad", a, peer_name, b))

    # Warm caches (compiled tables, lexicon, patterns) outside the timings.
    for fn in (normalize, search_form, tokenize, split_sentences, index_terms, find_dates):
        fn(texts[0])
    compare("normalize", normalize, "pyarabic chain", pyarabic_norm)
    compare("normalize", normalize, "str.translate (6 rules)", lambda t: t.translate(_NAIVE))
    compare("tokenize", tokenize, "pyarabic.tokenize", araby.tokenize)
    compare("tokenize", tokenize, "str.split", str.split)
    compare("sentences", split_sentences, "pyarabic.sentence_tokenize", araby.sentence_tokenize)
    compare("sentences", split_sentences, "regex split on .!?؟", _NAIVE_SENT.split)

    print(
        "\n| task | ours (M chars/s) | peer | peer (M chars/s) | ours/peer |\n| --- | ---: | --- | ---: | ---: |"
    )
    for task, _, a, peer_name, b in rows:
        print(f"| {task} | {chars / a / 1e6:.2f} | {peer_name} | {chars / b / 1e6:.2f} | {b / a:.2f} |")

    # index_terms caches per word: the first pass fills the cache, later passes are steady state.
    cold = timed(index_terms, texts, repeat=1)
    warm = timed(index_terms, texts)
    print(f"| index_terms, first pass | {chars / cold / 1e6:.2f} | — | — | — |")
    print(f"| index_terms, warm cache | {chars / warm / 1e6:.2f} | — | — | — |")
    s = timed(find_dates, texts)
    print(f"| find_dates | {chars / s / 1e6:.2f} | — | — | — |")

    if args.dateparser_docs:
        from dateparser.search import search_dates

        sample = texts[: args.dateparser_docs]
        sc = sum(len(t) for t in sample)
        ours = timed(find_dates, sample, repeat=1)
        peer = timed(lambda t: search_dates(t, languages=["ar"]), sample, repeat=1)
        print(
            f"| find_dates ({len(sample)} docs) | {sc / ours / 1e6:.3f} | dateparser.search_dates(ar) | "
            f"{sc / peer / 1e6:.4f} | {peer / ours:.0f} |"
        )


if __name__ == "__main__":
    main()
