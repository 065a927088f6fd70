"""Train the document-frequency table the corpus step weighs story terms with (`idf.tsv.gz`).

Counts, for every comparison form (`marsad.arabic.tokens.stems`), how many articles of an
unlabeled Arabic news corpus contain it. Story similarity multiplies term frequency by
log(N / df): words every article uses (قال، ان، يوم) weigh nothing, names and places weigh most.
Trained on SaudiNewsNet (../shared/data/unlabeled, research-use licence: see models/IDF_CARD.md), never
on the topics data the story benchmark is cut from.

    .venv/bin/python models/train_idf.py --corpus ../shared/data/unlabeled/saudinewsnet.txt.gz
"""

from __future__ import annotations

import argparse
import gzip
from collections import Counter
from pathlib import Path

from marsad.arabic.tokens import stems
from marsad.config import SETTINGS

OUT = Path(__file__).resolve().parents[1] / "models" / "idf.tsv.gz"
# Terms seen in fewer articles than this are left out: an unknown term gets the table's highest
# weight at run time anyway, and the long tail would triple the file.
MIN_DF = 3


def count(corpus: Path) -> tuple[int, Counter[str]]:
    df: Counter[str] = Counter()
    n = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            words = {w for w in stems(line, SETTINGS) if not w.isdigit()}
            if words:
                df.update(words)
                n += 1
    return n, df


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("../shared/data/unlabeled/saudinewsnet.txt.gz"))
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    n, df = count(args.corpus)
    kept = sorted(((t, c) for t, c in df.items() if c >= MIN_DF), key=lambda x: (-x[1], x[0]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same corpus gives the same bytes.
    with gzip.GzipFile(args.out, "wb", mtime=0) as raw:
        raw.write(f"#documents\t{n}\n".encode())
        for t, c in kept:
            raw.write(f"{t}\t{c}\n".encode())
    print(f"{n} documents, {len(df)} terms, {len(kept)} kept (df >= {MIN_DF}) -> {args.out}")


if __name__ == "__main__":
    main()
