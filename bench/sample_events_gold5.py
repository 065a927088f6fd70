"""Draw the sentences of events_gold5: more trigger spans to train on, and a fresh sealed set.

Usage (from the project root):
    .venv/bin/python bench/sample_events_gold5.py ../shared/data/topics [--train-per-outlet 37] \
        [--sealed-per-outlet 22] [--seed 53] [--out /tmp/events_gold5_sample.jsonl]

Why a second set: the learnt trigger tagger (issue 11 item 3) is limited by labelled spans, and
events_gold3's sealed split has already been scored. The draw is gold3's
(`sample_events_gold3.pick_sentences`: up to two sentences with a word of the sampler's own cue
list and two without, 6–50 words) on articles never named anywhere in tests/, bench/, docs/ or
src/ (gold3 included; the files of this set and of later ones, `LATER`, excepted, so the draw is
reproducible), with other splits: `train` = BBC + SkyNews (new articles), `sealed` = CNN +
JawharaFM (new articles, scored once, at the end). gold3's dev split (SkyNews) stays the dev set.

Writes one JSONL record per sentence (ant_id, source, category, url, start, end, text, stratum,
split) for the annotator; the file holds article text and is never committed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import sample_events_gold3
from sample_claims_gold2 import write_sample

__all__ = ["SPLITS", "draw"]

# This set and any set drawn after it (add its name here: banning its articles would reshuffle the
# pool, and the draw would no longer be this set's).
LATER = ("events_gold5", "canonical_gold2", "claims_gold6")
SPLITS = {"BBC": "train", "SkyNews": "train", "CNN": "sealed", "JawharaFM": "sealed"}


def draw(topics: Path, per_split: dict[str, int], seed: int) -> list[dict[str, Any]]:
    """`per_split[split]` fresh articles from each outlet of that split, four sentences at most each."""
    return sample_events_gold3.draw(topics, per_split, seed, SPLITS, LATER)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("topics", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/events_gold5_sample.jsonl"))
    ap.add_argument("--train-per-outlet", type=int, default=37)
    ap.add_argument("--sealed-per-outlet", type=int, default=22)
    ap.add_argument("--seed", type=int, default=53)
    args = ap.parse_args()
    per_split = {"train": args.train_per_outlet, "sealed": args.sealed_per_outlet}
    rows = draw(args.topics, per_split, args.seed)
    strata = {k: sum(r["stratum"] == k for r in rows) for k in ("cued", "plain")}
    splits = {k: sum(r["split"] == k for r in rows) for k in ("train", "sealed")}
    print(f"{write_sample(args.out, rows)} {strata} {splits} -> {args.out}")


if __name__ == "__main__":
    main()
