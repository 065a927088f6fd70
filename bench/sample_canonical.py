"""Draw the articles of the canonical-names-and-roles set (issue 11 item 5), reproducibly.

Usage (from the project root):
    .venv/bin/python bench/sample_canonical.py ../shared/data/topics [--per-outlet 10] \
        [--seed 11] [--out /tmp/canonical_sample.jsonl] [--outlets CNN,JawharaFM] \
        [--gold-name canonical_gold.jsonl]

The first set (tests/data/canonical_gold.jsonl) is `--seed 11` over the four outlets. The second,
sealed-only set (tests/data/canonical_gold2.jsonl, issue 11 item 5 roles) is `--seed 29
--per-outlet 8 --outlets CNN,JawharaFM --gold-name canonical_gold2.jsonl`: drawn after the first
set existed, so none of its articles is in the first set (or anywhere else in tests/, bench/, docs/).

Draws `--per-outlet` articles from each of the four outlets of `../shared/data/topics` (JawharaFM,
BBC, CNN, SkyNews) with a fixed seed, from the news sections (politics, local, international,
Middle East, economy, sport: where people, places and offices are named), 400–1,400 characters
of body (short enough to annotate every name by hand). Left out: every ANT id named anywhere in
tests/, bench/ or docs/ (the claims, stories and query sets; the files of this set and of the sets
drawn after it, `LATER`, excepted, so the draw is reproducible) and every article sharing a URL with
one of them, so no article here was seen by an earlier set. The seed page is a Euronews page, not
in topics.

SaudiNewsNet (`../shared/data/unlabeled`) is not drawn from: its README says it "must not be used
as evaluation data", and its lines carry no outlet to split by.

Writes the drawn articles (id, source, category, url, title, text, split) as JSONL for the
annotator; that file is read from the shared data and is never committed. The split is by
outlet: SEALED outlets are scored once, never tuned on.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FILES = ("ant-v1.1.jsonl", "ant2-dev.jsonl")
OUTLETS = ("JawharaFM", "BBC", "CNN", "SkyNews")
# Sealed by outlet (issue 11: split by site where there is one): one pan-Arab international outlet
# and the one Tunisian local outlet, so both kinds of naming are in each half.
SEALED = frozenset({"CNN", "JawharaFM"})
SECTIONS = frozenset({"politic", "localNews", "internationalNews", "middleEast", "economy", "sport"})
MIN_CHARS, MAX_CHARS = 400, 1400
# Per set drawn here, the name prefixes of its own files and of the sets drawn after it: their
# articles were still in the pool when it was drawn, so banning them now would reshuffle the pool
# and the draw would no longer be the set's (add a later set's name to each; tests/test_canonical_gold.py
# re-draws both). canonical_gold2 was drawn alongside events_gold5, which it did not see.
LATER = {
    "canonical_gold": (
        "canonical_gold", "claims_gold2", "events_gold3", "claims_gold4", "events_gold5", "claims_gold6",
    ),
    "canonical_gold2": ("canonical_gold2", "events_gold5", "claims_gold6"),
}  # fmt: skip
_ANT_ID = re.compile(r"\b(?:BB|CN|SN|SK|JA)-[A-Za-z]+-\d+-\d{8}\b")


def split_of(source: str) -> str:
    return "sealed" if source in SEALED else "dev"


def used_ids(root: Path = ROOT, gold_name: str = "canonical_gold.jsonl") -> set[str]:
    """ANT ids named in the project's tests, benches and docs (other sets' articles); the files of
    the set being drawn (`gold_name`) and of the sets drawn after it (`LATER`) do not count, so a
    re-draw gives the same articles."""
    stem = Path(gold_name).stem
    own = LATER.get(stem, (stem,))
    ids: set[str] = set()
    for folder in ("tests", "bench", "docs"):
        for path in (root / folder).rglob("*"):
            if not path.is_file() or path.suffix not in (".jsonl", ".json", ".md", ".py", ".txt"):
                continue
            if path.name.startswith(own):  # this set itself, or a later one
                continue
            ids.update(_ANT_ID.findall(path.read_text(encoding="utf-8", errors="replace")))
    return ids


def load(topics: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in FILES:
        with (topics / name).open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    return rows


def draw(
    topics: Path,
    per_outlet: int,
    seed: int,
    outlets: tuple[str, ...] = OUTLETS,
    gold_name: str = "canonical_gold.jsonl",
) -> list[dict[str, Any]]:
    rows = load(topics)
    banned = used_ids(ROOT, gold_name)
    banned_urls = {r["url"] for r in rows if r["id"] in banned}
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for outlet in outlets:
        pool = sorted(
            (
                r
                for r in rows
                if r["source"] == outlet
                and r["category"] in SECTIONS
                and MIN_CHARS <= len(r["text"]) <= MAX_CHARS
                and r["title"].strip()
                and r["id"] not in banned
                and r["url"] not in banned_urls
            ),
            key=lambda r: str(r["id"]),
        )
        seen_urls: set[str] = set()
        for r in rng.sample(pool, len(pool)):
            if len([x for x in out if x["source"] == outlet]) == per_outlet:
                break
            if r["url"] in seen_urls:  # one article filed under two sections
                continue
            seen_urls.add(r["url"])
            keep = ("id", "source", "category", "url", "title", "text")
            out.append({**{k: r[k] for k in keep}, "split": split_of(outlet)})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("topics", type=Path, help="../shared/data/topics")
    ap.add_argument("--per-outlet", type=int, default=10)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, default=Path("/tmp/canonical_sample.jsonl"))
    ap.add_argument("--outlets", default=",".join(OUTLETS), help="comma-separated, in drawing order")
    ap.add_argument("--gold-name", default="canonical_gold.jsonl", help="the gold file this draw is for")
    args = ap.parse_args()
    outlets = tuple(o for o in args.outlets.split(",") if o)
    arts = draw(args.topics, args.per_outlet, args.seed, outlets, args.gold_name)
    with args.out.open("w", encoding="utf-8") as fh:
        for a in arts:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    for a in arts:
        print(a["split"], a["id"], len(a["text"]))
    print(f"{len(arts)} articles → {args.out}")


if __name__ == "__main__":
    main()
