"""Draw the sentences of the events gold set with trigger spans (events_gold3, issue 11 item 3).

Usage (from the project root):
    .venv/bin/python bench/sample_events_gold3.py ../shared/data/topics [--per-outlet 25] \
        [--seed 31] [--out /tmp/events_gold3_sample.jsonl]

Draws `--per-outlet` articles from each outlet of `../shared/data/topics` with a fixed seed, from
the news sections, leaving out every ANT id named anywhere in tests/, bench/, docs/ or src/ (the
claims, gold2, canonical, stories and query sets; this set's own files and those of the sets drawn
after it, `LATER`, excepted, so the draw is reproducible) and every article sharing a URL with one
of them. Per article it keeps up to four sentences of 6–50 words (split with `marsad.arabic.sentences`): up to two that hold a word of the
sampler's own event word list (`cued`) and, to make about half the set event-free, up to two that
hold none (`plain`). The word list below is written for sampling only — it is not Marsad's trigger
lexicon, so the draw does not favour what the rules already find.

Writes one JSONL record per sentence (ant_id, source, category, url, start, end, text, stratum,
split) for the annotator; the file holds article text and is never committed. Splits by outlet, as
gold2: `train` = BBC, `dev` = SkyNews, `sealed` = CNN + JawharaFM.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path
from typing import Any

from marsad.arabic.sentences import split_sentences
from marsad.config import SETTINGS
from sample_canonical import load  # the same two topics files, read the same way
from sample_claims_gold2 import (
    SPLITS,
    article_keys,
    fresh,
    one_per_url,
    sentence_text,
    used_ids,
    write_sample,
)

__all__ = ["CUE", "draw", "used_ids"]

ROOT = Path(__file__).resolve().parent.parent
MIN_WORDS, MAX_WORDS, CUED, PLAIN = 6, 50, 2, 2
# This set and the sets drawn after it (their articles were in the pool when this one was drawn;
# banning them now would reshuffle the pool and the draw would no longer be this set's).
LATER = ("events_gold3", "claims_gold4", "events_gold5", "canonical_gold2", "claims_gold6")
# Sampler's own stems of things that happen between actors (attacks, arrests, talks, deals,
# statements against or for someone, demands, threats, protests, aid, sanctions, withdrawals).
CUE = re.compile(
    r"هجوم|هاجم|قصف|غار[ةات]|اشتباك|قتل|مقتل|اغتيال|اعتقل|اعتقال|احتجز|اختطف|خطف|تفجير|"
    r"ضرب|استهدف|اقتحم|داهم|حاصر|حصار|احتج|تظاهر|مظاهر|اعتصام|إضراب|التقى|لقاء|اجتماع|اجتمع|"
    r"زار|زيارة|محادثات|مفاوضات|اتفاق|اتفق|وقع|توقيع|عقوبات|حظر|طرد|أدان|إدانة|ندد|انتقد|اتهم|"
    r"طالب|دعا|دعت|ناشد|هدد|تهديد|حذر|رفض|مساعدات|دعم|أيد|انسحب|انسحاب|أفرج|الإفراج|سلم|"
    r"تحقيق|حقق|استدعى|جمد|فرض|منع|أغلق|نشر قوات|تحالف|تعاون|وساطة|هدنة|وقف إطلاق"
)


def pick_sentences(art: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """Up to CUED sentences with a cue word and PLAIN without one, at random within the article."""
    cued: list[dict[str, Any]] = []
    plain: list[dict[str, Any]] = []
    for s, e in split_sentences(art["text"], SETTINGS):
        text = sentence_text(art["text"], s, e)
        if MIN_WORDS <= len(text.split()) <= MAX_WORDS:
            (cued if CUE.search(text) else plain).append({"start": s, "end": e, "text": text})
    rng.shuffle(cued)
    rng.shuffle(plain)
    chosen = [{**x, "stratum": "cued"} for x in cued[:CUED]]
    chosen += [{**x, "stratum": "plain"} for x in plain[:PLAIN]]
    return sorted(chosen, key=lambda x: int(x["start"]))


def draw(
    topics: Path,
    per_outlet: int | dict[str, int],
    seed: int,
    splits: dict[str, str] = SPLITS,
    later: tuple[str, ...] = LATER,
) -> list[dict[str, Any]]:
    """`per_outlet` fresh articles from each outlet (or per split: split -> articles per outlet),
    outlets in `splits` order; `later` names the files of this set and of sets drawn after it."""
    rows, rng = load(topics), random.Random(seed)
    banned = used_ids(ROOT, own=later)
    quota = per_outlet if isinstance(per_outlet, dict) else dict.fromkeys(splits.values(), per_outlet)
    out: list[dict[str, Any]] = []
    for outlet, split in splits.items():
        pool = fresh(rows, outlet, banned)
        rng.shuffle(pool)
        pool = one_per_url(pool)
        for art in pool[: quota[split]]:
            keep = article_keys(art, outlet)
            out.extend({**keep, "split": split, **sent} for sent in pick_sentences(art, rng))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("topics", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/events_gold3_sample.jsonl"))
    ap.add_argument("--per-outlet", type=int, default=25)
    ap.add_argument("--seed", type=int, default=31)
    args = ap.parse_args()
    rows = draw(args.topics, args.per_outlet, args.seed)
    strata = {k: sum(r["stratum"] == k for r in rows) for k in ("cued", "plain")}
    print(f"{write_sample(args.out, rows)} {strata} -> {args.out}")


if __name__ == "__main__":
    main()
