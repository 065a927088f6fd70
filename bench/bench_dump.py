#!/usr/bin/env python3
"""Text-dump extraction benchmark: Marsad's dump extractor against peers that can read lines.

Every page is rendered to a dump with `marsad.extract.render.render_lines` (block elements →
lines, inline elements glued, as crawl dumps are made); rendering is not timed. Each system then
gets the dump and returns main text, scored with gold snippets as trafilatura scores (a `with`
snippet found = TP, missed = FN; a `without` snippet found = FP). Systems:

  marsad      marsad.extract.dump.extract_lines (CRF + rules), text = title, lede, headings, paragraphs
  trafilatura trafilatura.extract on the dump wrapped one <p> per line
  justext     jusText on the same <p>-per-line wrap, with the union of its stoplists (language-free)
  c4          the C4 line heuristics (Raffel et al. 2020), implemented here: keep lines ending in
              terminal punctuation with >= 3 words, drop lines naming javascript / cookie / privacy
              / terms policies (the page-level filters are dropped: this is extraction, not filtering)
  fineweb     FineWeb-style line heuristics (Penedo et al. 2024), implemented here as a line filter:
              drop lines <= 30 chars, lines without terminal punctuation, and lines repeated on the
              page (datatrove itself is not installed; its filters are document-level)

The CRF was trained on the `train` split (by site, marsad.extract.evaluate.split_of); report the
`dev` split as the held-out figure. Speed is pages per second on one core (one process).

Usage:
  nice .venv/bin/python bench/bench_dump.py --pages ../shared/data/extraction/pages \
      --gold ../shared/data/extraction/gold.json [--split dev|train|all] [--repeat 3]
"""

from __future__ import annotations

import argparse
import html as htmllib
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from marsad.config import SETTINGS
from marsad.extract.evaluate import GoldPage, Score, load_gold, read_html, snippet_score, split_of

Extractor = Callable[[list[str]], str]


def marsad_extract() -> Extractor:
    from marsad.extract.dump import extract_lines
    from marsad.model import Page, Source

    page = Page(source=Source(format="text"), text="")

    def run(lines: list[str]) -> str:
        return extract_lines(lines, page, settings=SETTINGS).body_text

    return run


def title_matches(gold: Sequence[GoldPage], dumps: Sequence[list[str]]) -> tuple[int, int]:
    """(pages whose Marsad dump title contains or is contained in the gold title, pages with a
    gold title); both compared case- and whitespace-folded. Not timed."""
    from marsad.extract.dump import extract_lines
    from marsad.model import Page, Source

    page = Page(source=Source(format="text"), text="")
    hit = total = 0
    for g, d in zip(gold, dumps, strict=True):
        if not g.title:
            continue
        total += 1
        got = " ".join((extract_lines(d, page, settings=SETTINGS).title or "").split()).casefold()
        want = " ".join(g.title.split()).casefold()
        hit += bool(got) and (got in want or want in got)
    return hit, total


def wrap(lines: list[str]) -> str:
    body = "".join(f"<p>{htmllib.escape(s)}</p>" for s in lines if s.strip())
    return f"<html><body>{body}</body></html>"


def trafilatura_extract() -> Extractor:
    import trafilatura

    def run(lines: list[str]) -> str:
        return trafilatura.extract(wrap(lines), include_comments=False, include_tables=True) or ""

    return run


def justext_extract() -> Extractor:
    import justext

    stop: set[str] = set()
    for lang in justext.get_stoplists():
        stop |= set(justext.get_stoplist(lang))
    frozen = frozenset(stop)

    def run(lines: list[str]) -> str:
        paras = justext.justext(wrap(lines), frozen)
        return "\n".join(p.text for p in paras if not p.is_boilerplate)

    return run


_TERMINAL = (".", "!", "?", '"', "'", "؟", "…", "»", "”")
_C4_BAD = re.compile(
    r"javascript|cookie policy|uses cookies|use of cookies|use cookies|privacy policy|terms of use", re.I
)


def c4_extract() -> Extractor:
    def run(lines: list[str]) -> str:
        keep = [
            s
            for s in lines
            if s.rstrip().endswith(_TERMINAL) and len(s.split()) >= 3 and not _C4_BAD.search(s)
        ]
        return "\n".join(keep)

    return run


def fineweb_extract() -> Extractor:
    def run(lines: list[str]) -> str:
        seen: dict[str, int] = {}
        for s in lines:
            seen[s] = seen.get(s, 0) + 1
        keep = [s for s in lines if len(s) > 30 and s.rstrip().endswith(_TERMINAL) and seen[s] == 1]
        return "\n".join(keep)

    return run


def cold_start(name: str) -> None:
    """Empty Marsad's per-text line memo before a timed pass, so a repeat does not find the lines
    of the pass before (the lines a pass repeats itself, as a crawl does, still hit it)."""
    if name == "marsad":
        from marsad.extract import headline, lines

        lines.clear_caches()
        headline.clear_caches()


SYSTEMS: dict[str, Callable[[], Extractor]] = {
    "marsad": marsad_extract,
    "trafilatura": trafilatura_extract,
    "justext": justext_extract,
    "c4": c4_extract,
    "fineweb": fineweb_extract,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, required=True)
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--split", choices=("dev", "train", "all"), default="dev")
    ap.add_argument("--systems", default=",".join(SYSTEMS))
    ap.add_argument("--repeat", type=int, default=1, help="timing runs per system (best is kept)")
    ap.add_argument(
        "--warm",
        action="store_true",
        help="keep Marsad's per-text line memo between timing runs: with --repeat >= 2 every line was "
        "seen before, the bound for a crawl whose pages share their chrome",
    )
    ap.add_argument(
        "--titles", action="store_true", help="also count Marsad's dump titles against gold titles"
    )
    args = ap.parse_args(argv)

    from marsad.extract.render import render_lines

    gold = [
        p for p in load_gold(args.pages, args.gold) if args.split == "all" or split_of(p.url) == args.split
    ]
    dumps = [render_lines(read_html(p.path)) for p in gold]
    n_lines = sum(len(d) for d in dumps)
    print(f"{len(gold)} pages ({args.split} split), {n_lines} dump lines", file=sys.stderr)

    rows: list[tuple[str, Score, float]] = []
    for name in args.systems.split(","):
        try:
            run = SYSTEMS[name]()
        except ImportError as exc:  # a peer that is not installed is skipped, never scored 0
            print(f"note: {name} skipped: {exc} (pip install '.[bench]')")
            continue
        run(dumps[0])  # warm up: model and lexicon loading are not per page
        best = float("inf")
        outs: list[str] = []
        for _ in range(max(1, args.repeat)):
            if not args.warm:
                cold_start(name)
            t0 = time.process_time()
            outs = [run(d) for d in dumps]
            best = min(best, time.process_time() - t0)
        score = Score()
        for p, text in zip(gold, outs, strict=True):
            score.add(snippet_score(text, p.with_, p.without))
        rows.append((name, score, len(gold) / best if best > 0 else float("inf")))
        if name == "marsad" and args.titles:
            hit, total = title_matches(gold, dumps)
            print(f"  marsad dump titles containing or contained in the gold title: {hit} of {total}")
        print(f"  {name}: F1 {score.f1:.3f}, {rows[-1][2]:.0f} pages/s", file=sys.stderr)

    ref = next((r for r in rows if r[0] == "trafilatura"), None)
    print("\n| system | precision | recall | F1 | pages/s/core | F1 − trafilatura | speed × trafilatura |")
    print("|---|---|---|---|---|---|---|")
    for name, s, speed in rows:
        df = f"{s.f1 - ref[1].f1:+.3f}" if ref else "–"
        sp = f"{speed / ref[2]:.1f}×" if ref else "–"
        print(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {speed:,.0f} | {df} | {sp} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
