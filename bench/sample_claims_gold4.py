"""Draw the sentences of the fourth claims gold set (issue 11 item 2: certainty, attribution, source).

Usage (from the project root):
    .venv/bin/python bench/sample_claims_gold4.py ../shared/data/topics [--per-outlet 54] \
        [--per-article 4] [--cued 0.9] [--seed 41] [--rare-extra 40] [--out /tmp/claims_gold4_sample.jsonl]
(claims_gold4.jsonl was drawn with these values, `--rare-extra 40` included.)

The approach and the functions of `sample_claims_gold2.py`, with four changes:
- outlets: the **train and dev outlets only** (BBC → train, SkyNews → dev), so the sealed outlets
  (CNN, JawharaFM) stay unseen by every model trained on this set;
- articles: ids named anywhere in tests/, bench/, docs/ or src/ are left out, claims_gold2's
  included (the files of this set and of later ones, `LATER`, excepted, so the draw is reproducible); `--cued` of each outlet's articles (default 0.9) are drawn among those holding a
  denial, claim, hedge or anonymous-source word, the rest at random;
- sentences: up to `--per-article` (4) per article, stratified by this file's word lists (written
  for sampling only, not Marsad's lexicon, broader than gold2's so the rare certainty levels get
  dozens of examples), tried in this order: one with a denial word, one with a claim word, one with
  an anonymous source, two with a hedge word, one with a reporting word, plain ones to fill. A sentence whose text is also a
  sentence of claims_dev.jsonl, or already drawn (boilerplate), is dropped;
- a rare top-up: `--rare-extra` more cued articles per outlet (the next ones in the same shuffled
  pool) give only sentences with a denial, claim or hedge word (one of each at most, no plain or
  reporting ones), because the first pass gave 3 `claimed` and under 20 of each other rare level.

Writes one JSONL record per sentence (ant_id, source, category, url, start, end, text, stratum,
split) for the annotator; the file holds article text and is never committed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path
from typing import Any

from sample_canonical import load
from sample_claims_gold2 import (
    ROOT,
    STRATA,
    article_keys,
    fresh,
    one_per_url,
    pick_sentences,
    used_ids,
    write_sample,
)

SPLITS = {"BBC": "train", "SkyNews": "dev"}
# This set and the sets drawn after it (their articles were in the pool when it was drawn; banning
# them now would reshuffle the pool; tests/test_claims_gold4.py re-draws the set).
LATER = ("claims_gold4", "events_gold5", "canonical_gold2", "claims_gold6")
PER_ARTICLE = 4
QUOTA = {"denial": 1, "claim": 1, "anonymous": 1, "hedge": 2, "reporting": 1}
RARE_QUOTA = {"claim": 1, "denial": 1, "hedge": 1}
STRATA4 = {
    "denial": re.compile(
        r"نفى|نفت|ينفي|تنفي|نفي|أنكر|أنكرت|ينكر|تنكر|لا أساس|عار عن|عارية عن|كذب|دحض|لا صحة|غير صحيح"
    ),
    "claim": re.compile(r"زعم|يزعم|تزعم|مزاعم|ادعى|ادعت|يدعي|تدعي|ادعاء|اداع|بزعم|مزعوم"),
    "anonymous": STRATA["anonymous"],
    "hedge": re.compile(
        r"ربما|لعل|قد ي|قد ت|يرجح|يُرجح|المرجح|الأرجح|يعتقد|يُعتقد|يبدو|محتمل|المحتمل|احتمال|"
        r"المتوقع|يتوقع|يُتوقع|يمكن أن|من الممكن|بإمكان|يفترض|المفترض|يشتبه|مشتبه"
    ),
    "reporting": STRATA["reporting"],
}


def draw(
    topics: Path,
    per_outlet: int,
    seed: int,
    cued_share: float,
    per_article: int = PER_ARTICLE,
    rare_extra: int = 0,
    splits: dict[str, str] = SPLITS,
    later: tuple[str, ...] = LATER,
) -> list[dict[str, Any]]:
    """The sentences of `splits`' outlets (outlet -> split); `later` names the files of this set and
    of the sets drawn after it, whose articles were still in the pool (claims_gold6 reuses this)."""
    rows, banned, rng = load(topics), used_ids(ROOT, own=later), random.Random(seed)
    rare = re.compile("|".join(STRATA4[k].pattern for k in ("denial", "claim", "anonymous", "hedge")))
    seen = {r["text"] for r in map(json.loads, (ROOT / "tests/data/claims_dev.jsonl").open(encoding="utf-8"))}
    out: list[dict[str, Any]] = []
    for outlet, split in splits.items():
        pool = fresh(rows, outlet, banned)
        rng.shuffle(pool)
        pool = one_per_url(pool)
        n_cued = round(per_outlet * cued_share)
        all_cued = [r for r in pool if rare.search(r["text"])]
        cued = all_cued[:n_cued]
        rest = [r for r in pool if r not in cued]
        first = cued + rest[: per_outlet - len(cued)]
        extra = [r for r in all_cued if r not in first][:rare_extra]
        for art, quota, fill, tag in [(a, QUOTA, True, "") for a in first] + [
            (a, RARE_QUOTA, False, "rare-") for a in extra
        ]:
            keep = article_keys(art, outlet)
            for sent in pick_sentences(art, quota, STRATA4, per_article, fill):
                if sent["text"] not in seen:
                    seen.add(sent["text"])
                    out.append({**keep, "split": split, **sent, "stratum": tag + sent["stratum"]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("topics", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/claims_gold4_sample.jsonl"))
    ap.add_argument("--per-outlet", type=int, default=54)
    ap.add_argument("--seed", type=int, default=41)
    ap.add_argument("--per-article", type=int, default=PER_ARTICLE)
    ap.add_argument("--rare-extra", type=int, default=0, help="top-up articles per outlet (rare strata only)")
    ap.add_argument("--cued", type=float, default=0.9, help="share of articles drawn among cued ones")
    args = ap.parse_args()
    rows = draw(args.topics, args.per_outlet, args.seed, args.cued, args.per_article, args.rare_extra)
    drawn = write_sample(args.out, rows)
    strata: dict[str, int] = {}
    for r in rows:
        strata[r["stratum"]] = strata.get(r["stratum"], 0) + 1
    print(f"{drawn} -> {args.out}; {strata}")


if __name__ == "__main__":
    main()
