#!/usr/bin/env python3
"""Train the text-dump line labeller (a linear-chain CRF over the non-blank lines of a dump).

Data: HTML pages with gold snippets (trafilatura's evaldata schema). Every page is rendered to a
dump with `marsad.extract.render.render_lines` — the same rendering the extractor meets — and each
line gets a label:
  * gold first: a line holding a `with` snippet (or held by one) is `main`, a line holding a
    `without` snippet is `boiler`; the line that is the gold `title` is `title`; a short line
    holding the gold `author` near the text is `byline`;
  * silver for the rest (the gold names only ~6 snippets a page): a line whose text trafilatura
    keeps from the HTML is `main`, any other line `boiler`. Trafilatura's output is cached.
Pages are split by site (all pages of a site on one side, fixed hash): the model is trained on
`train` only and the figures printed are on `dev`, so they are held-out figures.

Usage:
  .venv/bin/python models/train_dump_labeller.py --pages ../shared/data/extraction/pages \
      --gold ../shared/data/extraction/gold.json --out models/dump_labeller.crfsuite
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

import pycrfsuite

from marsad.config import SETTINGS
from marsad.extract.evaluate import GoldPage, Score, load_gold, read_html, snippet_score, split_of, squash
from marsad.extract.lines import LineInfo, crf_features, describe
from marsad.extract.render import render_lines

SEED = 13
# Inside the package, where marsad.resources finds it and the wheel carries it.
OUT = Path(__file__).resolve().parents[1] / "models" / "dump_labeller.crfsuite"
# A line counts as kept by the silver extractor when it is one of its lines, or (long enough not to
# match by chance) a substring of its text — the dump glues inline elements differently.
SILVER_MIN_SUBSTRING = 20  # 40 gave train F1 0.870, 20 gives 0.876, 10 gives 0.874


def trafilatura_text(html: str, mode: str = "default") -> str:
    import trafilatura

    out = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        favor_precision=mode == "precision",
        favor_recall=mode == "recall",
    )
    return out or ""


def silver_cache(pages: list[GoldPage], path: Path, mode: str = "default") -> dict[str, str]:
    cache: dict[str, str] = json.loads(path.read_text()) if path.is_file() else {}
    missing = [p for p in pages if p.url not in cache]
    for k, p in enumerate(missing):
        cache[p.url] = trafilatura_text(read_html(p.path), mode)
        if k % 100 == 99:
            print(f"  trafilatura silver: {k + 1}/{len(missing)}", file=sys.stderr)
    if missing:
        path.write_text(json.dumps(cache, ensure_ascii=False))
    return cache


def label_page(page: GoldPage, infos: list[LineInfo], silver: str) -> list[str]:
    """One label per non-blank line (see the module docstring)."""
    sq = [squash(x.text) for x in infos]
    with_ = [squash(s) for s in page.with_ if s.strip()]
    without = [squash(s) for s in page.without if s.strip()]
    silver_lines = {squash(s) for s in silver.split("\n") if s.strip()}
    silver_all = squash(silver)
    labels: list[str] = []
    for s in sq:
        if any(w in s for w in without):
            labels.append("boiler")
        elif (
            any(w in s or (len(s) >= 15 and s in w) for w in with_)
            or s in silver_lines
            or (len(s) >= SILVER_MIN_SUBSTRING and s in silver_all)
        ):
            labels.append("main")
        else:
            labels.append("boiler")
    mains = [k for k, lab in enumerate(labels) if lab == "main"]
    first_main = mains[0] if mains else len(labels)
    if page.title:
        t = squash(page.title)
        cands = [k for k, s in enumerate(sq) if s and (s == t or (t in s and len(s) <= 1.3 * len(t) + 10))]
        before = [k for k in cands if k <= first_main]
        pick = before[-1] if before else (cands[0] if cands else None)
        if pick is not None:
            labels[pick] = "title"
    if page.author:
        a = squash(page.author)
        last = mains[-1] if mains else len(labels)
        for k, s in enumerate(sq):
            if labels[k] == "boiler" and a and a in s and len(s) <= len(a) + 40 and k <= last:
                labels[k] = "byline"
                break
    return labels


def train_crf(seqs: list[tuple[list[list[str]], list[str]]], params: dict[str, object], out: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for xs, ys in seqs:
        trainer.append(xs, ys)
    trainer.set_params(params)
    trainer.train(str(out))


def main_text(lines: list[str]) -> str:
    from marsad.extract.dump import extract_lines
    from marsad.model import Page, Source

    art = extract_lines(lines, Page(source=Source(format="text"), text="\n".join(lines)), settings=SETTINGS)
    return art.body_text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, required=True)
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument(
        "--silver-cache", type=Path, default=None, help="default: /tmp/marsad_trafilatura_<mode>.json"
    )
    ap.add_argument(
        "--silver",
        choices=("default", "precision", "recall"),
        default="default",
        help="trafilatura setting that makes the silver labels",
    )
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--c1", type=float, default=2.0)
    ap.add_argument("--c2", type=float, default=0.01)
    args = ap.parse_args(argv)
    random.seed(SEED)

    t0 = time.time()
    pages = list(load_gold(args.pages, args.gold))
    cache_path = args.silver_cache or Path(f"/tmp/marsad_trafilatura_{args.silver}.json")
    silver = silver_cache(pages, cache_path, args.silver)
    data: dict[str, list[tuple[GoldPage, list[str], list[LineInfo], list[str]]]] = {"train": [], "dev": []}
    for p in pages:
        lines = render_lines(read_html(p.path))
        infos = describe(lines, SETTINGS)
        if not infos:
            continue
        data[split_of(p.url)].append((p, lines, infos, label_page(p, infos, silver[p.url])))
    print(
        f"pages: train {len(data['train'])}, dev {len(data['dev'])} (split by site); "
        f"rendered in {time.time() - t0:.0f}s",
        file=sys.stderr,
    )

    params = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.iterations,
        "feature.possible_transitions": True,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    t1 = time.time()
    train_crf([(crf_features(i), lab) for _, _, i, lab in data["train"]], params, args.out)
    print(
        f"trained in {time.time() - t1:.0f}s → {args.out} ({args.out.stat().st_size // 1024} KiB)",
        file=sys.stderr,
    )

    # Dev figures: line accuracy of the coarse labels (model + thresholds) against the (gold + silver) labels, and the snippet
    # score of the whole dump extractor (model + rules) on held-out sites.
    from marsad.extract import labeller

    labeller.load_tagger.cache_clear()
    os.environ["MARSAD_MODELS"] = str(args.out.parent.resolve())
    for split in ("train", "dev"):
        right = total = 0
        score = Score()
        for p, lines, infos, labels in data[split]:
            pred = labeller.coarse_labels(infos, SETTINGS)
            right += sum(a == b for a, b in zip(pred, labels, strict=True))
            total += len(labels)
            score.add(snippet_score(main_text(lines), p.with_, p.without))
        print(
            f"{split}: line accuracy {right / total:.3f} ({total} lines); snippets P {score.precision:.3f} "
            f"R {score.recall:.3f} F1 {score.f1:.3f} (tp {score.tp} fn {score.fn} fp {score.fp} tn {score.tn})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
