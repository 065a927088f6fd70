"""HTML extraction benchmark: Marsad against trafilatura, jusText, readability-lxml and resiliparse.

Scoring follows trafilatura's own evaluation (tests/eval_common.py): for each page, every `with`
snippet found in the tool's output (whitespace-normalised substring) is a true positive, else a
false negative; every `without` snippet found is a false positive, else a true negative. A tool that
raises on a page scores that page as empty. Speed is pages per second of one process on one core,
timing only the extraction call (all tools get the same decoded `str`).

Metadata (title, date, author) is compared with the gold where the gold has a value, for Marsad
and for trafilatura's own metadata (`bare_extraction(with_metadata=True)`).

    nice -n 10 .venv/bin/python bench/bench_html.py \
        --pages ../shared/data/extraction/pages --gold ../shared/data/extraction/gold.json --split dev

Splits are by site (`marsad.extract.evaluate.html_split_of`): `dev` holds the same sites as the
dump benchmark's dev, `sealed` a seeded share of the rest (score it once, at the end of a round),
`train` the remainder; `all` is every page. Rules are tuned on train and dev only.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import platform
import re
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.config import SETTINGS
from marsad.extract.evaluate import SPLITS, Score, html_split_of, snippet_score

warnings.filterwarnings("ignore")

_WS = re.compile(r"\s+")
_LANG = re.compile(rb"<html[^>]*\blang\s*=\s*[\"']?([a-zA-Z]{2})", re.IGNORECASE)
# jusText needs a stop list; a user picks the page's language, so we map <html lang> to one.
_JUSTEXT_LANGS = {
    "de": "German", "en": "English", "es": "Spanish", "fr": "French", "pl": "Polish", "pt": "Portuguese",
    "it": "Italian", "fi": "Finnish", "ar": "Arabic", "hu": "Hungarian", "no": "Norwegian_Bokmal",
    "nl": "Dutch", "ru": "Russian", "sv": "Swedish", "da": "Danish", "cs": "Czech",
}  # fmt: skip


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


@dataclass
class Counts:
    """Snippet counts of one tool (scored by `marsad.extract.evaluate`) and its time."""

    score: Score = field(default_factory=Score)
    seconds: float = 0.0
    pages: int = 0
    errors: int = 0

    def add(self, item: dict[str, Any], result: str | None) -> None:
        text = result if isinstance(result, str) else ""
        self.score.add(snippet_score(text, item["with"], item["without"], fold=norm))

    @property
    def precision(self) -> float:
        return self.score.precision

    @property
    def recall(self) -> float:
        return self.score.recall

    @property
    def f1(self) -> float:
        return self.score.f1

    @property
    def speed(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def decode_page(data: bytes) -> str:
    """Marsad's reader decodes for every tool, so encoding is not what the tools are judged on."""
    try:
        from marsad.read.decode import decode

        return decode(data)[0]
    except ImportError:  # pragma: no cover - the reader ships with the package
        return data.decode("utf-8", errors="replace")


# --- the tools, each `html str -> text` (plus Marsad's metadata) -------------------------------


MAIN_BODY = frozenset({"lede", "heading", "paragraph"})


def run_marsad(html: str, url: str) -> tuple[str, dict[str, str | None]]:
    from marsad.extract.html import extract_html
    from marsad.model import Page, Source

    art = extract_html(Page(source=Source(url=url, format="html"), html=html), SETTINGS)
    author = art.byline.person or art.byline.raw if art.byline else None
    # The main text as trafilatura's text output has it: the title is a separate field in both.
    text = "\n".join(b.text for b in art.blocks if b.label in MAIN_BODY)
    return text, {"title": art.title, "date": art.published, "author": author}


def run_trafilatura(html: str, url: str) -> tuple[str, dict[str, str | None]]:
    import trafilatura

    return trafilatura.extract(html) or "", {}


def trafilatura_meta(html: str) -> dict[str, str | None]:
    import trafilatura

    doc: Any = trafilatura.bare_extraction(html, with_metadata=True)
    if doc is None:
        return {}
    return {"title": doc.title, "date": doc.date, "author": doc.author}


def run_justext(html: str, url: str) -> tuple[str, dict[str, str | None]]:
    import justext

    m = _LANG.search(html[:5000].encode("utf-8", "ignore"))
    lang = _JUSTEXT_LANGS.get(m.group(1).decode().lower(), "English") if m else "English"
    paras = justext.justext(html.encode("utf-8"), justext.get_stoplist(lang), encoding="utf-8")
    return "\n".join(p.text for p in paras if not p.is_boilerplate), {}


def run_readability(html: str, url: str) -> tuple[str, dict[str, str | None]]:
    import lxml.html
    from readability import Document

    summary = Document(html).summary()
    root: Any = lxml.html.fromstring(summary) if summary.strip() else None
    return (str(root.text_content()) if root is not None else ""), {}


def run_resiliparse(html: str, url: str) -> tuple[str, dict[str, str | None]]:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=True), {}


TOOLS: dict[str, Callable[[str, str], tuple[str, dict[str, str | None]]]] = {
    "marsad": run_marsad,
    "trafilatura": run_trafilatura,
    "jusText": run_justext,
    "readability-lxml": run_readability,
    "resiliparse": run_resiliparse,
}


# The module each peer needs: a peer that is not installed is skipped with a note, never scored.
PEER_MODULES = {
    "trafilatura": "trafilatura",
    "jusText": "justext",
    "readability-lxml": "readability",
    "resiliparse": "resiliparse",
}


def installed(tool: str) -> bool:
    import importlib.util

    module = PEER_MODULES.get(tool)
    return module is None or importlib.util.find_spec(module) is not None


# --- metadata scoring ---------------------------------------------------------------------------


def _mnorm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    return norm(re.sub(r"[\"'„“”‘’«»]", "", s))


def meta_match(field: str, gold: str | list[str], got: str | None) -> bool:
    if not got:
        return False
    if isinstance(gold, list):
        return any(meta_match(field, g, got) for g in gold) or meta_match(field, "; ".join(gold), got)
    if field == "date":
        return got[:10] == gold[:10]
    return _mnorm(gold) == _mnorm(got)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", required=True, type=Path, help="folder of <file>.gz pages")
    ap.add_argument("--gold", required=True, type=Path, help="gold.json (trafilatura evaldata schema)")
    ap.add_argument("--split", choices=(*SPLITS, "all"), default="dev", help="pages of these sites only")
    ap.add_argument("--limit", type=int, default=0, help="only the first N gold entries")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of " + ",".join(TOOLS))
    ap.add_argument("--no-meta", action="store_true", help="skip the metadata comparison")
    ap.add_argument("--append", type=Path, help="append the table to this markdown file")
    ap.add_argument("--dump", type=Path, help="write per-page Marsad misses as JSON here")
    args = ap.parse_args(argv)

    gold: dict[str, dict[str, Any]] = json.loads(args.gold.read_text(encoding="utf-8"))
    items = [(u, e) for u, e in gold.items() if args.split == "all" or html_split_of(u) == args.split]
    if args.limit:
        items = items[: args.limit]
    tools = [t for t in args.tools.split(",") if t]
    for t in [t for t in tools if not installed(t)]:
        print(f"note: {t} skipped: module {PEER_MODULES[t]!r} is not installed (pip install '.[bench]')")
        tools.remove(t)
    pages: list[tuple[str, dict[str, Any], str]] = []
    for url, item in items:
        path = args.pages / (item["file"] + ".gz")
        if not path.is_file():
            path = args.pages / item["file"]
        if not path.is_file():
            print(f"missing page {item['file']}", file=sys.stderr)
            continue
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as fh:
                raw = fh.read()
        else:
            raw = path.read_bytes()
        pages.append((url, item, decode_page(raw)))

    counts = {t: Counts() for t in tools}
    meta_fields = ("title", "date", "author")
    meta_ok: dict[str, dict[str, int]] = {t: dict.fromkeys(meta_fields, 0) for t in ("marsad", "trafilatura")}
    meta_n = dict.fromkeys(meta_fields, 0)
    misses: list[dict[str, Any]] = []
    for tool in tools:
        fn = TOOLS[tool]
        c = counts[tool]
        if pages:
            # Warm up on one page, untimed: imports and model loading (trafilatura ~0.5 s, which
            # Marsad imports lazily, fastText) are not per page, and on a 112-page split they
            # would be charged to whichever tool runs first.
            with contextlib.suppress(Exception):  # a failure is scored in the timed pass below
                fn(pages[0][2], pages[0][0])
        for url, item, html in pages:
            t0 = time.process_time()
            try:
                text, meta = fn(html, url)
            except Exception as exc:  # a crash is a miss, as in trafilatura's evaluation
                text, meta = "", {}
                c.errors += 1
                print(f"{tool} failed on {item['file']}: {type(exc).__name__}: {exc}"[:300], file=sys.stderr)
            c.seconds += time.process_time() - t0
            c.pages += 1
            c.add(item, text)
            if tool == "marsad":
                res = norm(text)
                miss = [w for w in item["with"] if norm(w) not in res]
                extra = [w for w in item["without"] if norm(w) in res]
                if miss or extra:
                    misses.append({"file": item["file"], "missed": miss, "kept": extra})
                if not args.no_meta:
                    for f in meta_fields:
                        if item.get(f):
                            meta_ok["marsad"][f] += meta_match(f, item[f], meta.get(f))
    if not args.no_meta and "trafilatura" in tools:
        for _url, item, html in pages:
            try:
                tm = trafilatura_meta(html)
            except Exception:
                tm = {}
            for f in meta_fields:
                if item.get(f):
                    meta_n[f] += 1
                    meta_ok["trafilatura"][f] += meta_match(f, item[f], tm.get(f))

    base = counts.get("trafilatura")
    lines = [
        "| tool | precision | recall | F1 | F1 − trafilatura | pages/s/core | speed × trafilatura | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for tool in tools:
        c = counts[tool]
        ratio = f"{c.speed / base.speed:.2f}" if base and base.speed else "n/a"
        delta = f"{c.f1 - base.f1:+.3f}" if base else "n/a"
        lines.append(
            f"| {tool} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {delta} | {c.speed:.1f} | {ratio} "
            f"| {c.errors} |"
        )
    if not args.no_meta and "trafilatura" in tools and "marsad" in tools:
        lines += ["", "| metadata (pages with gold) | Marsad | trafilatura |", "| --- | ---: | ---: |"]
        for f in meta_fields:
            n = meta_n[f] or 1
            lines.append(
                f"| {f} (n={meta_n[f]}) | {meta_ok['marsad'][f] / n:.3f} | {meta_ok['trafilatura'][f] / n:.3f} |"
            )
    table = "\n".join(lines)
    cmd = "python bench/bench_html.py " + " ".join(argv if argv is not None else sys.argv[1:])
    header = (
        f"Command: `{cmd}`  \n"
        f"Split: {args.split}; pages: {len(pages)}; machine: {platform.machine()} {platform.node() or ''} (2-core VM), "
        f"Python {platform.python_version()}; date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n"
    )
    print(header)
    print(table)
    if args.append:
        with args.append.open("a", encoding="utf-8") as fh:
            fh.write("\n" + header + "\n" + table + "\n")
    if args.dump:
        args.dump.write_text(json.dumps(misses, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
