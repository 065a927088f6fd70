"""Snippet evaluation on pages with gold "must / must not contain" snippets (trafilatura's scheme).

Shared by the training script, the benchmark and the tests, so all three score the same way:
a `with` snippet found in the extracted text is a true positive (else a false negative), a
`without` snippet found is a false positive (else a true negative). Matching ignores whitespace
and case, because a dump glues inline elements where the gold text has spaces.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

__all__ = [
    "SPLITS",
    "GoldPage",
    "Score",
    "html_split_of",
    "load_gold",
    "read_html",
    "site_of",
    "snippet_score",
    "split_of",
    "squash",
]

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text without whitespace, case-folded: the form snippets are matched on."""
    return _WS.sub("", text).casefold()


@dataclass(slots=True)
class GoldPage:
    url: str
    file: str
    path: Path
    with_: list[str]
    without: list[str]
    title: str | None
    author: str | None
    date: str | None


@dataclass(slots=True)
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        n = self.tp + self.fn + self.fp + self.tn
        return (self.tp + self.tn) / n if n else 0.0


def snippet_score(
    extracted: str, with_: list[str], without: list[str], *, fold: Callable[[str], str] = squash
) -> Score:
    """Score one page's extracted text against its snippets, both compared in `fold`ed form.

    The default `squash` ignores case and whitespace (dumps glue inline elements without spaces);
    the HTML bench passes trafilatura's own whitespace folding to score exactly as its eval does.
    """
    got = fold(extracted)
    s = Score()
    for snip in with_:
        if fold(snip) in got:
            s.tp += 1
        else:
            s.fn += 1
    for snip in without:
        if fold(snip) in got:
            s.fp += 1
        else:
            s.tn += 1
    return s


def site_of(url: str) -> str:
    """The site a page belongs to (host without www.), for splitting train and dev by site."""
    host = urlsplit(url).hostname or url
    host = host.removeprefix("www.")
    parts = host.split(".")
    # example.co.uk → example.co.uk; news.example.com → example.com
    keep = 3 if len(parts) >= 3 and len(parts[-2]) <= 3 and len(parts[-1]) == 2 else 2
    return ".".join(parts[-keep:])


def split_of(url: str, *, dev_share: float = 0.2, seed: str = "marsad-dump-v1") -> str:
    """'train' or 'dev', fixed by a hash of the page's site (all pages of a site go together)."""
    h = hashlib.sha256((seed + site_of(url)).encode()).digest()
    return "dev" if h[0] / 256 < dev_share else "train"


SPLITS = ("train", "dev", "sealed")


def html_split_of(url: str, *, sealed_share: float = 0.25, seed: str = "marsad-html-sealed-v1") -> str:
    """'train', 'dev' or 'sealed' for the HTML benchmark, by site.

    `dev` is `split_of`'s dev (the same held-out sites as the dump benchmark, so "dev" means one
    set of sites everywhere); a second seeded hash moves a share of the remaining sites to
    `sealed`, scored once at the end of a round. On the 643 pages: 393 train / 112 dev / 138
    sealed. The dump labeller's CRF was trained on `split_of`'s train, which holds the sealed
    sites: a figure of an HTML path that used that CRF would not be sealed.
    """
    if split_of(url) == "dev":
        return "dev"
    h = hashlib.sha256((seed + site_of(url)).encode()).digest()
    return "sealed" if h[0] / 256 < sealed_share else "train"


def read_html(path: Path) -> str:
    """Decoded HTML of a gzipped page (charset from the bytes, by marsad.read's rule)."""
    from marsad.read.decode import decode

    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return decode(data)[0]


def load_gold(pages: Path, gold: Path) -> Iterator[GoldPage]:
    """The gold entries whose page file exists, in the gold file's order."""
    entries = json.loads(gold.read_text(encoding="utf-8"))
    for url, e in entries.items():
        path = pages / (e["file"] + ".gz")
        if not path.is_file():
            path = pages / e["file"]
            if not path.is_file():
                continue
        yield GoldPage(
            url=url,
            file=e["file"],
            path=path,
            with_=list(e.get("with") or []),
            without=list(e.get("without") or []),
            title=_first(e.get("title")),
            author=_first(e.get("author")),
            date=_first(e.get("date")),
        )


def _first(value: object) -> str | None:
    """A gold metadata field as one string (some entries hold a list)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return value if isinstance(value, str) and value.strip() else None
