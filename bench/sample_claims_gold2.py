"""Draw the sentences of the second claims/certainty/events gold set (issue 11 items 2/3).

Usage (from the project root):
    .venv/bin/python bench/sample_claims_gold2.py ../shared/data/topics [--per-outlet 20] \
        [--seed 23] [--out /tmp/claims_gold2_sample.jsonl]

Draws `--per-outlet` articles from each outlet of `../shared/data/topics` with a fixed seed, from
the news sections, leaving out every ANT id named anywhere in tests/, bench/, docs/ or src/ (the
claims, canonical, stories and query sets; this set's own files and those of the sets drawn after
it, `LATER`, excepted, so the draw is reproducible) and every article sharing a URL with one of them. Half
of each outlet's articles are drawn among those that hold a denial, hedge or anonymous-source word
(so the rare levels get examples), half at random. Per article it keeps up to seven sentences of
6–60 words (split with `marsad.arabic.sentences`), stratified by these plain word lists — written
for sampling only, not Marsad's lexicon: up to two with a reporting word, one with a denial word,
one with an anonymous source, one with a hedge word, and plain ones to fill.

Writes one JSONL record per sentence (ant_id, source, category, url, start, end, text, stratum,
split) for the annotator; the file holds article text and is never committed. The split is by
outlet and so by document: `sealed` = CNN + JawharaFM (as in the canonical set), `dev` = SkyNews,
`train` = BBC.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path
from typing import Any

from marsad.arabic.sentences import split_sentences
from marsad.config import SETTINGS
from sample_canonical import load  # the same two topics files, read the same way

__all__ = ["LATER", "SPLITS", "draw", "fresh", "pick_sentences", "sentence_text", "used_ids"]

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = frozenset({".jsonl", ".json", ".md", ".py", ".txt"})
# By outlet: no outlet (and so no document) is in two splits. Sealed = the canonical set's sealed
# outlets, so "sealed" means the same outlets across the project's gold sets.
SPLITS = {"BBC": "train", "SkyNews": "dev", "CNN": "sealed", "JawharaFM": "sealed"}
# This set and the sets drawn after it: their articles were still in the pool when this one was
# drawn, so banning them now would reshuffle the pool and the draw would no longer be this set's
# (add a later set's name here; tests/test_claims_gold2.py re-draws the set).
LATER = ("claims_gold2", "events_gold3", "claims_gold4", "events_gold5", "canonical_gold2", "claims_gold6")
SECTIONS = frozenset({"politic", "localNews", "internationalNews", "middleEast", "economy", "society"})
MIN_WORDS, MAX_WORDS, PER_ARTICLE = 6, 60, 7
_ANT_ID = re.compile(r"\b(?:BB|CN|SN|SK|JA)-[A-Za-z]+-\d+-\d{8}\b")
STRATA = {
    "reporting": re.compile(
        r"(?:^|\s)[وف]?(?:قال|قالت|يقول|تقول|أكد|أكدت|أعلن|أعلنت|ذكر|ذكرت|أفاد|أفادت|أوضح|أوضحت|"
        r"أشار|أشارت|أضاف|أضافت|صرح|صرحت|بحسب|حسب|وفقا|وفقاً|نقلا|نقلاً|كشف|كشفت)(?:\s|$)"
    ),
    "denial": re.compile(r"نفى|نفت|ينفي|تنفي|أنكر|أنكرت|لا أساس|عار عن|عارية عن|كذب|دحض"),
    "anonymous": re.compile(r"مصادر|مصدر|شهود|شاهد عيان|رفض الكشف|طلب عدم|لم يكشف|لم تكشف"),
    "hedge": re.compile(
        r"ربما|قد ي|قد ت|يرجح|يُرجح|المرجح|يعتقد|يُعتقد|يبدو|محتمل|المتوقع|زعم|ادعى|ادعاء|يمكن أن|بإمكان"
    ),
}


def sentence_text(article_text: str, start: int, end: int) -> str:
    """The gold sentence: the article's text between offsets, hard wraps made spaces."""
    return re.sub(r"\s*\n\s*", " ", article_text[start:end]).strip()


def used_ids(root: Path = ROOT, own: str | tuple[str, ...] = "claims_gold2") -> set[str]:
    """ANT ids named in the project's tests, benches, docs and sources (other sets' articles).

    Files whose name starts with `own` (the set being drawn, and the sets drawn after it: their
    articles were still in the pool when it was drawn) are not read."""
    paths = (
        p
        for folder in ("tests", "bench", "docs", "src")
        for p in (root / folder).rglob("*")
        if p.is_file() and p.suffix in SUFFIXES and not p.name.startswith(own)
    )
    return {i for p in paths for i in _ANT_ID.findall(p.read_text(encoding="utf-8", errors="replace"))}


def pick_sentences(
    art: dict[str, Any],
    quota: dict[str, int] | None = None,
    strata: dict[str, re.Pattern[str]] | None = None,
    per_article: int = PER_ARTICLE,
    fill: bool = True,
) -> list[dict[str, Any]]:
    """Up to `per_article` sentences of one article, stratified by the sampling word lists.

    `quota` (stratum -> how many, in the order tried) and `strata` default to this set's own;
    `fill=False` keeps the stratified sentences only (no plain ones)."""
    strata = strata or STRATA
    quota = dict(quota or {"denial": 1, "anonymous": 1, "hedge": 1, "reporting": 2})
    cands = []
    for s, e in split_sentences(art["text"], SETTINGS):
        text = sentence_text(art["text"], s, e)
        if MIN_WORDS <= len(text.split()) <= MAX_WORDS:
            cands.append((s, e, text))
    chosen: dict[int, str] = {}
    for stratum in list(quota):
        for i, (_, _, text) in enumerate(cands):
            if quota[stratum] and i not in chosen and strata[stratum].search(text):
                chosen[i] = stratum
                quota[stratum] -= 1
    for i in range(len(cands) if fill else 0):
        if len(chosen) >= per_article:
            break
        if i not in chosen and not any(p.search(cands[i][2]) for p in strata.values()):
            chosen[i] = "plain"
    return [
        {"start": cands[i][0], "end": cands[i][1], "text": cands[i][2], "stratum": chosen[i]}
        for i in sorted(chosen)
    ][:per_article]


def one_per_url(pool: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pool in its order, one record per URL (the first; ANT repeats some articles under new ids)."""
    return list({r["url"]: r for r in reversed(pool)}.values())[::-1]


def article_keys(art: dict[str, Any], outlet: str) -> dict[str, Any]:
    """What a gold record says of its article."""
    return {"ant_id": art["id"], "source": outlet, "category": art["category"], "url": art["url"]}


def write_sample(out: Path, rows: list[dict[str, Any]]) -> str:
    """Write the drawn rows as JSONL; → a one-line account of the draw."""
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return f"{len(rows)} sentences from {len({r['ant_id'] for r in rows})} articles"


def fresh(rows: list[dict[str, Any]], outlet: str, banned: set[str]) -> list[dict[str, Any]]:
    """One outlet's news articles of a workable length that no other set has used (by id or URL)."""
    taken = {r["url"] for r in rows if r["id"] in banned}
    ok = (r for r in rows if r["source"] == outlet and r["category"] in SECTIONS and r["url"] not in taken)
    return sorted((r for r in ok if 500 <= len(r["text"]) <= 6000), key=lambda r: str(r["id"]))


def draw(topics: Path, per_outlet: int, seed: int) -> list[dict[str, Any]]:
    rows, banned, rng = load(topics), used_ids(own=LATER), random.Random(seed)
    rare = re.compile("|".join(STRATA[k].pattern for k in ("denial", "anonymous", "hedge")))
    out: list[dict[str, Any]] = []
    for outlet, split in SPLITS.items():
        pool = fresh(rows, outlet, banned)
        rng.shuffle(pool)
        pool = one_per_url(pool)
        cued = [r for r in pool if rare.search(r["text"])][: per_outlet // 2]
        rest = [r for r in pool if r not in cued]
        for art in cued + rest[: per_outlet - len(cued)]:
            keep = article_keys(art, outlet)
            out.extend({**keep, "split": split, **sent} for sent in pick_sentences(art))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("topics", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/claims_gold2_sample.jsonl"))
    ap.add_argument("--per-outlet", type=int, default=20)
    ap.add_argument("--seed", type=int, default=23)
    args = ap.parse_args()
    rows = draw(args.topics, args.per_outlet, args.seed)
    print(f"{write_sample(args.out, rows)} -> {args.out}")


if __name__ == "__main__":
    main()
