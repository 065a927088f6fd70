#!/usr/bin/env python3
"""Arabic dumps with real outlets' chrome: body, title and related links against line peers.

Pages come from bench/arabic_dumps.py (ANT articles in 13 Arabic outlets' chrome, gold known by
construction; outlets and articles split train / dev / sealed). Measures, per split:

  body     LINE level over the page's distinct line texts (whitespace-free, case-folded): a gold
           body line (lede or paragraph) the system keeps is a TP, one it drops a FN, a chrome or
           related line it keeps a FP; the title line is neither (Marsad's body text starts with
           it, the peers may keep it or not). A line counts as kept when an output line equals it,
           or (lines of >= 25 letters) contains it, so a peer that merges lines is not penalised.
  title    exact match after Arabic normalisation (marsad.arabic.normalize.normalize, its default
           rules: alef, ya, ta marbuta, diacritics, tatweel, digits, presentation forms, controls),
           whitespace and case folding; the gold is the title line the page shows (the ANT title,
           rendered as is), so no site suffix or kicker is in it; the peers have no title from a dump except trafilatura's
           metadata guess on the <p>-wrapped dump (`bare_extraction`), shown for reference.
  related  recall and precision of the related-link items (items of related and most-read lists,
           and "read also" lines) in Article.related, compared in the same whitespace-free form;
           no peer reads related lists from a dump.
  speed    pages per CPU second of one process (rendering is not timed).

Peers are bench_dump.py's (trafilatura and jusText on the <p>-per-line wrap, the C4 and FineWeb
line rules), imported from it.

Usage:
  nice -n 10 .venv/bin/python bench/bench_dump_arabic.py --topics ../shared/data/topics --split dev
      [--per-outlet 40] [--systems marsad,trafilatura,justext,c4,fineweb] [--outlets] [--errors N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from arabic_dumps import DumpPage, build_pages
from bench_dump import SYSTEMS, cold_start, wrap
from marsad.arabic.normalize import normalize
from marsad.config import SETTINGS
from marsad.extract.evaluate import Score, squash
from marsad.model import MAIN_TEXT_LABELS, Article, Label, Page, Source

_CONTAIN_MIN = 25


def norm_title(text: str | None) -> str:
    """The form titles are compared in: Arabic normalisation, whitespace folded, case folded."""
    return " ".join(normalize(text or "").split()).casefold()


def body_score(page: DumpPage, kept_lines: Sequence[str]) -> Score:
    """Line-level body score of one page (see the module doc)."""
    body = {squash(t) for t in page.of_kind("body")}
    title = squash(page.title)
    other = {squash(x.text) for x in page.lines if x.kind in ("chrome", "related")} - body - {title}
    kept = {squash(t) for t in kept_lines if t.strip()}
    long_kept = [k for k in kept if len(k) >= _CONTAIN_MIN]

    def is_kept(s: str) -> bool:
        return s in kept or (len(s) >= _CONTAIN_MIN and any(s in k for k in long_kept))

    sc = Score()
    for s in body:
        if is_kept(s):
            sc.tp += 1
        else:
            sc.fn += 1
    for s in other:
        if is_kept(s):
            sc.fp += 1
        else:
            sc.tn += 1
    return sc


def title_ok(page: DumpPage, title: str | None) -> bool:
    return bool(title) and norm_title(title) == norm_title(page.title)


def related_counts(page: DumpPage, related: Sequence[str]) -> tuple[int, int, int]:
    """(tp, fn, fp) of the related items found."""
    gold = {squash(t) for t in page.of_kind("related")}
    pred = {squash(t) for t in related if t.strip()}
    return len(gold & pred), len(gold - pred), len(pred - gold)


@dataclass(slots=True)
class Tally:
    body: Score = field(default_factory=Score)
    titles: int = 0
    titles_ok: int = 0
    rel_tp: int = 0
    rel_fn: int = 0
    rel_fp: int = 0
    has_title: bool = False
    has_related: bool = False

    def add(self, page: DumpPage, out: Output) -> None:
        self.body.add(body_score(page, out.body))
        if out.title is not None:
            self.has_title = True
        self.titles += 1
        self.titles_ok += title_ok(page, out.title)
        if out.related is not None:
            self.has_related = True
            tp, fn, fp = related_counts(page, out.related)
            self.rel_tp += tp
            self.rel_fn += fn
            self.rel_fp += fp

    @property
    def title_exact(self) -> float:
        return self.titles_ok / self.titles if self.titles else 0.0

    @property
    def rel_recall(self) -> float:
        n = self.rel_tp + self.rel_fn
        return self.rel_tp / n if n else 0.0

    @property
    def rel_precision(self) -> float:
        n = self.rel_tp + self.rel_fp
        return self.rel_tp / n if n else 0.0


@dataclass(slots=True)
class Output:
    body: list[str]
    title: str | None = None
    related: list[str] | None = None  # None: the system has no related list


Runner = Callable[[list[str]], Output]


def marsad_runner() -> Runner:
    from marsad.extract.dump import extract_lines

    def run(lines: list[str]) -> Output:
        page = Page(source=Source(format="text"), text="")
        art: Article = extract_lines(lines, page, settings=SETTINGS)
        body = [b.text for b in art.blocks if b.label in MAIN_TEXT_LABELS and b.label is not Label.TITLE]
        return Output(body=body, title=art.title, related=[r.text for r in art.related])

    return run


def peer_runner(name: str) -> Runner:
    extract = SYSTEMS[name]()

    def run(lines: list[str]) -> Output:
        return Output(body=extract(lines).split("\n"))

    return run


def trafilatura_titles(dumps: Sequence[list[str]]) -> list[str | None]:
    """trafilatura's metadata title of each <p>-wrapped dump (not timed; for reference)."""
    import trafilatura

    out: list[str | None] = []
    for d in dumps:
        doc = trafilatura.bare_extraction(wrap(d), with_metadata=True)
        title = getattr(doc, "title", None) if doc is not None else None
        out.append(title if isinstance(title, str) else None)
    return out


def run_system(name: str, pages: Sequence[DumpPage], repeat: int = 1) -> tuple[list[Output], float]:
    """Outputs of `name` on every page and its best CPU time over `repeat` passes."""
    run = marsad_runner() if name == "marsad" else peer_runner(name)
    dumps = [p.text_lines for p in pages]
    run(dumps[0])  # warm up: models and lexicons load once
    best = float("inf")
    outs: list[Output] = []
    for _ in range(max(1, repeat)):
        cold_start(name)
        t0 = time.process_time()
        outs = [run(d) for d in dumps]
        best = min(best, time.process_time() - t0)
    return outs, best


def score(pages: Sequence[DumpPage], outs: Sequence[Output]) -> Tally:
    t = Tally()
    for p, o in zip(pages, outs, strict=True):
        t.add(p, o)
    return t


def print_errors(pages: Sequence[DumpPage], outs: Sequence[Output], limit: int) -> None:
    """Marsad's wrong lines (gold kind/role → kept or dropped) and wrong titles, for train pages."""
    shown = 0
    for p, o in zip(pages, outs, strict=True):
        kept = {squash(t) for t in o.body}
        rel = {squash(t) for t in o.related or []}
        wrong = []
        for x in p.lines:
            if not x.kind or x.kind == "title":
                continue
            s = squash(x.text)
            if (x.kind == "body") != (s in kept) or (x.kind == "related") != (s in rel):
                wrong.append(f"   {x.kind:7} {x.role:14} body={s in kept} rel={s in rel} | {x.text[:90]}")
        bad_title = not title_ok(p, o.title)
        if not wrong and not bad_title:
            continue
        print(f"--- {p.outlet} {p.article_id}")
        if bad_title:
            print(f"   TITLE gold={p.title[:80]!r} got={(o.title or '')[:80]!r}")
        print("\n".join(wrong))
        shown += 1
        if shown >= limit:
            return


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topics", type=Path, default=Path("../shared/data/topics"))
    ap.add_argument("--split", choices=("train", "dev", "sealed"), default="dev")
    ap.add_argument("--per-outlet", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--systems", default=",".join(["marsad", *[s for s in SYSTEMS if s != "marsad"]]))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--outlets", action="store_true", help="Marsad's figures per outlet too")
    ap.add_argument("--errors", type=int, default=0, help="print Marsad's errors on N pages")
    args = ap.parse_args(argv)

    pages = build_pages(args.topics, args.split, per_outlet=args.per_outlet, seed=args.seed)
    n_lines = sum(len(p.lines) for p in pages)
    outlets = sorted({p.outlet for p in pages})
    print(f"{len(pages)} pages ({args.split}: {', '.join(outlets)}), {n_lines} lines", file=sys.stderr)

    rows: list[tuple[str, Tally, float]] = []
    for name in args.systems.split(","):
        try:
            outs, secs = run_system(name, pages, args.repeat)
        except ImportError as exc:  # a peer that is not installed is skipped, never scored 0
            print(f"note: {name} skipped: {exc} (pip install '.[bench]')")
            continue
        if name == "trafilatura":
            for o, guess in zip(outs, trafilatura_titles([p.text_lines for p in pages]), strict=True):
                o.title = guess
        tally = score(pages, outs)
        rows.append((name, tally, len(pages) / secs if secs > 0 else float("inf")))
        print(f"  {name}: body F1 {tally.body.f1:.3f}", file=sys.stderr)
        if name == "marsad":
            if args.outlets:
                print(
                    "\n| outlet | pages | body P | body R | body F1 | title exact | related R | related P |"
                )
                print("|---|---|---|---|---|---|---|---|")
                for key in outlets:
                    sel = [k for k, p in enumerate(pages) if p.outlet == key]
                    t = score([pages[k] for k in sel], [outs[k] for k in sel])
                    print(
                        f"| {key} | {len(sel)} | {t.body.precision:.3f} | {t.body.recall:.3f} | "
                        f"{t.body.f1:.3f} | {t.title_exact:.3f} | {t.rel_recall:.3f} | {t.rel_precision:.3f} |"
                    )
            if args.errors:
                print_errors(pages, outs, args.errors)

    ref = next((r for r in rows if r[0] == "trafilatura"), None)
    print(
        "\n| system | body P | body R | body F1 | title exact | related R | related P "
        "| pages/s/core | speed × trafilatura |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, t, speed in rows:
        title = f"{t.title_exact:.3f}" if t.has_title else "–"
        rr = f"{t.rel_recall:.3f}" if t.has_related else "–"
        rp = f"{t.rel_precision:.3f}" if t.has_related else "–"
        sp = f"{speed / ref[2]:.1f}×" if ref else "–"
        print(
            f"| {name} | {t.body.precision:.3f} | {t.body.recall:.3f} | {t.body.f1:.3f} | {title} "
            f"| {rr} | {rp} | {speed:,.0f} | {sp} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
