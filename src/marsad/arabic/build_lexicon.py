"""Build data/lexicon.tsv (word frequencies in search form) from JSON Lines news articles.

    python -m marsad.arabic.build_lexicon OUT.tsv CORPUS.jsonl [CORPUS.jsonl ...] [--min-count N]

Each input line is a JSON object; its "title", "abstract" and "text" fields are counted. The
lexicon only tells `split_clitics` which of two readings is an attested word, so a modest news
corpus is enough; words seen fewer than --min-count times are dropped to keep the file small.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import regex

from marsad.arabic.normalize import search_form

__all__ = ["count_words", "main"]

_WORD = regex.compile(r"(?:[\p{scx=Arabic}&&[\p{L}\p{M}]]|[\u200c\u200d])+", flags=regex.V1)


def count_words(paths: list[Path]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                text = " ".join(str(doc.get(k) or "") for k in ("title", "abstract", "text"))
                counts.update(w for w in _WORD.findall(search_form(text)) if len(w) >= 2)
    return counts


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("corpora", type=Path, nargs="+")
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args(argv)
    counts = count_words(args.corpora)
    kept = [(w, c) for w, c in counts.most_common() if c >= args.min_count]
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write(f"# word\tcount (search form; {len(kept)} words seen >= {args.min_count} times)\n")
        for w, c in kept:
            fh.write(f"{w}\t{c}\n")
    print(f"{len(kept)} words of {len(counts)} written to {args.out}")


if __name__ == "__main__":
    main()
