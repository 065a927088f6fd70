"""Draw the sentences of the sixth claims gold set: a fresh sealed set (issue 11 item 2).

Usage (from the project root):
    .venv/bin/python bench/sample_claims_gold6.py ../shared/data/topics [--per-outlet 29] \
        [--per-article 3] [--cued 0.5] [--seed 67] [--out /tmp/claims_gold6_sample.jsonl]
(claims_gold6.jsonl was drawn with these defaults.)

Why: gold2's sealed split (CNN + JawharaFM) has been scored several times while the claim rules
were tuned, so it is no longer an unseen estimate. This set is drawn from the same sealed outlets,
from articles no file of tests/, bench/, docs/ or src/ names (gold2's sealed articles included), with
`sample_claims_gold4.draw` (its word lists, strata and sentence order; no rare top-up). Half of each
outlet's articles are drawn among cued ones (as gold2 did, not gold4's 90 %), so the level mix stays
close to the outlets' own and the figures compare with gold2's sealed split.

Writes one JSONL record per sentence for the annotator; the file holds article text and is never
committed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sample_claims_gold2 import write_sample
from sample_claims_gold4 import draw

SPLITS = {"CNN": "sealed", "JawharaFM": "sealed"}
# The files of this set and of the sets drawn after it (their articles were in the pool).
LATER = ("claims_gold6",)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("topics", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/claims_gold6_sample.jsonl"))
    ap.add_argument("--per-outlet", type=int, default=29)
    ap.add_argument("--per-article", type=int, default=3)
    ap.add_argument("--seed", type=int, default=67)
    ap.add_argument("--cued", type=float, default=0.5, help="share of articles drawn among cued ones")
    args = ap.parse_args()
    rows = draw(args.topics, args.per_outlet, args.seed, args.cued, args.per_article, 0, SPLITS, LATER)
    print(f"{write_sample(args.out, rows)} -> {args.out}")


if __name__ == "__main__":
    main()
