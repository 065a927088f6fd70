#!/usr/bin/env python3
"""Arabic text dumps with real outlets' chrome, gold known by construction (issue 11 item 4).

A page is an ANT article (../shared/data/topics/ant2-dev.jsonl: title, abstract, one paragraph a
line) dressed in one outlet's chrome (bench/data/arabic_chrome/*.json: that outlet's navigation,
breadcrumbs, share labels, byline and dateline forms, related/most-read headings, newsletter and
cookie boxes, footer links, written from the public sites' menus, not copied HTML) and laid out
as crawls leave dumps (marsad.extract.render: inline items glued into one line, one line per
block, a blank line between paragraph blocks). Layouts vary per page (seeded): breadcrumbs before
or after the title, byline/dateline order and position, with or without lede, figure captions,
ads between paragraphs, related links in the middle or at the end, a second "most read" list,
comments, newsletter and cookie boxes. Related links are titles of OTHER ANT articles.

Every line carries its gold kind: `title`, `body` (lede and paragraphs), `related` (an item of a
related-links or most-read list) or `chrome` (everything else, headers of those lists included).

Splits: outlets by a seeded hash (5 train / 4 dev / 4 sealed of 13), articles by a hash of their
ANT id (60 / 20 / 20); a page of split S takes an outlet and its articles from S, so dev and
sealed pages share neither chrome nor text with train. Article text is read at run time and never
written into the repository.

Usage:
  .venv/bin/python bench/arabic_dumps.py --topics ../shared/data/topics --split train --show 2
  .venv/bin/python bench/arabic_dumps.py --topics ../shared/data/topics --split dev --out /tmp/ardumps
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CHROME_DIR",
    "KINDS",
    "AntArticle",
    "DumpPage",
    "Outlet",
    "article_split",
    "build_pages",
    "load_articles",
    "load_outlets",
    "outlet_splits",
    "render_page",
]

CHROME_DIR = Path(__file__).resolve().parent / "data" / "arabic_chrome"
SEED = "marsad-ardump-v1"
SPLITS = ("train", "dev", "sealed")
OUTLET_COUNTS = (5, 4, 4)  # train / dev / sealed outlets (13 in all)
KINDS = ("title", "body", "related", "chrome")

# Invented reporters and common datelines' places: general lists, no page's names.
REPORTERS = (
    "أحمد سالم", "منى عبد الرحمن", "خالد المصري", "سارة يوسف", "محمد بن علي", "ليلى حسن",
    "عمر الفاروق", "نادية كريم", "يوسف العلمي", "هدى إبراهيم", "سامي الخطيب", "رنا منصور",
    "طارق عثمان", "إيمان الشريف", "بلال حمدي", "فاطمة الزهراء بنعلي", "وليد القاضي", "ريم العبدالله",
)  # fmt: skip
PLACES = (
    "القاهرة", "الرباط", "تونس", "بيروت", "دبي", "الرياض", "عمّان", "الدوحة", "لندن", "واشنطن",
    "باريس", "بغداد", "الجزائر", "الخرطوم", "غزة", "دمشق", "أنقرة", "جنيف", "نيويورك", "موسكو",
)  # fmt: skip
MONTHS = {
    "egyptian": ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
    "levantine": ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"),
    "maghreb": ("جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
}  # fmt: skip
HIJRI_MONTHS = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان",
    "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)  # fmt: skip
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_LETTER = re.compile(r"[^\W\d_]")
_RELATED_IN_TEXT = re.compile(r"^\s*(اقرأ|إقرأ|اقرا) (أ|ا)يضا")


@dataclass(frozen=True, slots=True)
class AntArticle:
    id: str
    title: str
    lede: str | None
    paragraphs: tuple[str, ...]
    time: str


@dataclass(frozen=True, slots=True)
class Outlet:
    key: str  # the data file's stem
    outlet: str
    name: str
    data: dict[str, Any]

    def words(self, field_name: str) -> list[str]:
        value = self.data.get(field_name) or []
        return [str(v) for v in value]


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    kind: str  # title | body | related | chrome | "" (blank)
    role: str  # finer, for reading a page: nav, crumb, byline, lede, related_header, …


@dataclass(slots=True)
class DumpPage:
    outlet: str
    split: str
    article_id: str
    lines: list[Line] = field(default_factory=list)

    @property
    def text_lines(self) -> list[str]:
        return [x.text for x in self.lines]

    @property
    def text(self) -> str:
        return "\n".join(self.text_lines)

    def of_kind(self, kind: str) -> list[str]:
        return [x.text for x in self.lines if x.kind == kind]

    @property
    def title(self) -> str:
        return self.of_kind("title")[0]


def _h(text: str) -> int:
    return int.from_bytes(hashlib.sha256((SEED + text).encode()).digest()[:8], "big")


def article_split(article_id: str) -> str:
    """train / dev / sealed (60/20/20), fixed by a hash of the ANT id."""
    r = _h("article:" + article_id) % 100
    return "train" if r < 60 else "dev" if r < 80 else "sealed"


def load_outlets(chrome_dir: Path = CHROME_DIR) -> list[Outlet]:
    out = []
    for path in sorted(chrome_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append(Outlet(key=path.stem, outlet=str(data["outlet"]), name=str(data["name"]), data=data))
    return out


def outlet_splits(outlets: Sequence[Outlet]) -> dict[str, str]:
    """Outlet key → split: outlets ordered by a seeded hash, then 5 / 4 / rest."""
    order = sorted(outlets, key=lambda o: _h("outlet:" + o.key))
    out: dict[str, str] = {}
    a, b = OUTLET_COUNTS[0], OUTLET_COUNTS[0] + OUTLET_COUNTS[1]
    for k, o in enumerate(order):
        out[o.key] = "train" if k < a else "dev" if k < b else "sealed"
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def load_articles(topics: Path) -> list[AntArticle]:
    """ANT v2.1 articles usable as pages: a title of >= 3 words, >= 3 paragraphs with letters,
    no related-links line inside the text (the corpus kept a few); the abstract becomes the lede
    when it does not repeat the first paragraph. Duplicate titles are dropped."""
    out: list[AntArticle] = []
    seen: set[str] = set()
    with (topics / "ant2-dev.jsonl").open(encoding="utf-8") as fh:
        for raw in fh:
            r = json.loads(raw)
            title = " ".join(str(r["title"]).split())
            paras = [" ".join(p.split()) for p in str(r["text"]).split("\n")]
            paras = _drop_link_runs([p for p in paras if p and _LETTER.search(p)])
            if len(title.split()) < 3 or len(paras) < 3 or title in seen:
                continue
            if any(_RELATED_IN_TEXT.match(p) for p in paras) or len(set(paras)) != len(paras):
                continue
            abstract = " ".join(str(r.get("abstract") or "").split())
            lede = abstract if abstract and _squash(abstract)[:40] != _squash(paras[0])[:40] else None
            if lede is not None and (lede in paras or lede == title):
                lede = None
            seen.add(title)
            out.append(AntArticle(str(r["id"]), title, lede, tuple(paras), str(r.get("time") or "")))
    return out


_END = (".", "!", "؟", "?", ":", "»", '"', "”", "…", ")")


def _drop_link_runs(paras: list[str]) -> list[str]:
    """The text without runs of two or more short unpunctuated lines: the corpus kept the
    source pages' inline link lists (titles of other stories) inside some texts, and their gold
    kind cannot be known; a lone such line (a subheading) stays body."""
    short = [len(p.split()) <= 14 and not p.rstrip().endswith(_END) for p in paras]
    keep = []
    for k, p in enumerate(paras):
        run = short[k] and ((k > 0 and short[k - 1]) or (k + 1 < len(paras) and short[k + 1]))
        if not run:
            keep.append(p)
    return keep


def _hijri(d: dt.date) -> tuple[int, int, int]:
    """(day, month, year) of the tabular Islamic calendar (a dateline's approximate Hijri date)."""
    jd = d.toordinal() + 1721425
    ell = jd - 1948440 + 10632
    n = (ell - 1) // 10631
    ell = ell - 10631 * n + 354
    j = ((10985 - ell) // 5316) * ((50 * ell) // 17719) + (ell // 5670) * ((43 * ell) // 15238)
    ell = ell - ((30 - j) // 15) * ((17719 * j) // 50) - (j // 16) * ((15238 * j) // 43) + 29
    m = (24 * ell) // 709
    day = ell - (709 * m) // 24
    return day, m, 30 * n + j - 30


class _Filler:
    """Fills an outlet's templates ({name}, {place}, {day} {month} {year}, …) for one page."""

    def __init__(self, outlet: Outlet, article: AntArticle, rng: random.Random) -> None:
        try:
            when = dt.datetime.fromisoformat(article.time[:19])
        except ValueError:
            when = dt.datetime(2018, 1, 1, 12, 0)
        months = str(outlet.data.get("months", "egyptian"))
        egy, lev = MONTHS["egyptian"][when.month - 1], MONTHS["levantine"][when.month - 1]
        if months == "maghreb":
            month = MONTHS["maghreb"][when.month - 1]
        elif months == "levantine_egyptian" and rng.random() < 0.5:
            month = f"{lev}/{egy}"
        else:
            month = egy
        hd, hm, hy = _hijri(when.date())
        name, name2 = rng.sample(REPORTERS, 2)
        self.values = {
            "name": name,
            "name2": name2,
            "place": rng.choice(PLACES),
            "day": str(when.day),
            "mon": str(when.month),
            "month": month,
            "month_lev": lev,
            "year": str(when.year),
            "weekday": WEEKDAYS[when.weekday()],
            "time": f"{when.hour:02d}:{when.minute:02d}",
            "hours": str(rng.randint(2, 9)),
            "hday": str(hd),
            "hmonth": HIJRI_MONTHS[hm - 1],
            "hyear": str(hy),
        }

    def __call__(self, template: str) -> str:
        return template.format(**self.values)


class _Page:
    """Blocks of lines; a blank line between blocks, as paragraph-level elements leave them."""

    def __init__(self) -> None:
        self.blocks: list[list[Line]] = []

    def block(self, *lines: tuple[str, str, str]) -> None:
        block = [Line(t, k, r) for t, k, r in lines if t.strip()]
        if block:
            self.blocks.append(block)

    def lines(self) -> list[Line]:
        out: list[Line] = []
        for b in self.blocks:
            if out:
                out.append(Line("", "", "blank"))
            out.extend(b)
        return out


def _menu(items: Sequence[str], rng: random.Random, role: str) -> list[tuple[str, str, str]]:
    """A menu as a dump leaves it: links glued into one line, one per line (list items), or spaced."""
    r = rng.random()
    if r < 0.55:
        return [("".join(items), "chrome", role)]
    if r < 0.8:
        return [(s, "chrome", role) for s in items]
    return [(" ".join(items), "chrome", role)]


def _pick(rng: random.Random, items: Sequence[str], lo: int, hi: int) -> list[str]:
    k = min(len(items), rng.randint(lo, hi))
    return rng.sample(list(items), k) if k else []


def render_page(
    outlet: Outlet, article: AntArticle, others: Sequence[AntArticle], rng: random.Random, split: str = ""
) -> DumpPage:
    """One dump of `article` in `outlet`'s chrome; related items are titles of `others`."""
    o = outlet
    fill = _Filler(o, article, rng)
    pool = [a.title for a in others if a.id != article.id and a.title != article.title]
    rel_titles = iter(rng.sample(pool, min(len(pool), 16)))
    page = _Page()
    C = "chrome"

    # --- header: skip links, masthead, menus, cookie banner, ticker
    top = _pick(rng, o.words("top"), 1, 3)
    page.block(*[(s, C, "top") for s in top])
    page.block(*_menu(o.words("nav"), rng, "nav"))
    if rng.random() < 0.5:
        page.block(*_menu(o.words("nav2"), rng, "nav"))
    cookie = o.words("cookie")
    cookie_top = bool(cookie) and rng.random() < 0.3
    if cookie_top:
        page.block(*[(s, C, "cookie") for s in cookie])
    if rng.random() < 0.15:
        page.block(("عاجل", C, "ticker"), (next(rel_titles, ""), C, "ticker"))
    if rng.random() < 0.3:
        page.block((rng.choice(o.words("ad") or ["إعلان"]), C, "ad"))

    # --- article head
    section = rng.choice(o.words("sections") or ["أخبار"])
    sep = rng.choice([" / ", " > ", " » ", "", "\n"])
    crumbs = [str(o.data.get("crumb_root", "الرئيسية")), section]
    crumb_lines = [(s, C, "crumb") for s in crumbs] if sep == "\n" else [(sep.join(crumbs), C, "crumb")]
    crumb_at = rng.choices(["before", "after", "none"], weights=[0.55, 0.2, 0.25])[0]
    if crumb_at == "before":
        page.block(*crumb_lines)
    elif rng.random() < 0.3:
        page.block((section, C, "section"))
    page.block((article.title, "title", "title"))
    if crumb_at == "after":
        page.block(*crumb_lines)
    lede_first = article.lede is not None and rng.random() < 0.7
    if lede_first and article.lede:
        page.block((article.lede, "body", "lede"))

    head: list[tuple[str, str, str]] = []
    bylines = [(s, C, "byline") for s in fill(rng.choice(o.words("byline"))).split("\n")]
    dateline = [(fill(rng.choice(o.words("dateline"))), C, "dateline")]
    order = rng.choice(["bd", "db", "d", "b"])
    for ch in order:
        head += bylines if ch == "b" else dateline
    head_at_end = rng.random() < 0.2
    if not head_at_end:
        page.block(*head)
    share = _share(o, rng)
    share_at = rng.choices(["head", "end", "both", "none"], weights=[0.4, 0.25, 0.2, 0.15])[0]
    if share_at in ("head", "both"):
        page.block(*share)
    if rng.random() < 0.7:
        page.block(*_figure(o, article, rng))

    # --- body, with ads, a mid-article related box, an inline "read also" line, a newsletter box
    paras = list(article.paragraphs)
    mid_related = len(paras) >= 4 and rng.random() < 0.4
    mid_at = rng.randint(2, len(paras) - 2) if mid_related else -1
    inline_at = rng.randint(1, len(paras) - 1) if rng.random() < 0.2 else -1
    ads = {rng.randint(1, len(paras) - 1) for _ in range(rng.choice([0, 0, 1, 2]))}
    news_at = rng.randint(1, len(paras) - 1) if rng.random() < 0.1 else -1
    for k, p in enumerate(paras):
        if k in ads:
            page.block((rng.choice(o.words("ad") or ["إعلان"]), C, "ad"))
        if k == mid_at:
            header = rng.choice(o.words("inline_related") or o.words("related"))
            items = [next(rel_titles, "") for _ in range(rng.randint(1, 3))]
            page.block((header, C, "related_header"), *[(t, "related", "related") for t in items])
        if k == inline_at:
            header = rng.choice(o.words("inline_related") or ["اقرأ أيضا"])
            page.block((f"{header} {next(rel_titles, '')}", "related", "related_inline"))
        if k == news_at:
            page.block(*[(s, C, "newsletter") for s in o.words("newsletter")])
        page.block((p, "body", "paragraph"))
    if head_at_end:
        page.block(*head)

    # --- after the body: tags, share, related list, comments, most read, newsletter, footer
    if rng.random() < 0.6:
        label = rng.choice(o.words("tags_label") or ["الوسوم"])
        tags = _pick(rng, [*o.words("sections"), *PLACES], 3, 5)
        page.block((label, C, "tags"), *_menu(tags, rng, "tags"))
    if share_at in ("end", "both"):
        page.block(*share)
    if not mid_related or rng.random() < 0.6:
        header = rng.choice(o.words("related"))
        lines: list[tuple[str, str, str]] = [(header, C, "related_header")]
        dated = rng.random() < 0.25
        for _ in range(rng.randint(3, 6)):
            lines.append((next(rel_titles, ""), "related", "related"))
            if dated:
                lines.append((fill("{day} {month} {year}"), C, "related_date"))
        page.block(*lines)
    comments = o.words("comments")
    if comments and rng.random() < 0.4:
        page.block(*[(s, C, "comments") for s in comments])
    if rng.random() < 0.5:
        header = rng.choice(o.words("most_read"))
        numbered = rng.random() < 0.3
        items = [next(rel_titles, "") for _ in range(5)]
        page.block(
            (header, C, "related_header"),
            *[(f"{i + 1}{t}" if numbered and t else t, "related", "most_read") for i, t in enumerate(items)],
        )
    if rng.random() < 0.35:
        page.block(*[(s, C, "newsletter") for s in o.words("newsletter")])
    footer: list[tuple[str, str, str]] = []
    footer += _menu(o.words("footer_links"), rng, "footer")
    for s in _pick(rng, o.words("footer"), 1, 2):
        footer.append((s, C, "footer"))
        if s.startswith("تابع") and rng.random() < 0.7:
            footer += _menu(o.words("social"), rng, "social")
    footer.append((fill(rng.choice(o.words("copyright"))), C, "copyright"))
    page.block(*footer)
    if cookie and not cookie_top and rng.random() < 0.3:
        page.block(*[(s, C, "cookie") for s in cookie])
    return DumpPage(outlet=o.key, split=split, article_id=article.id, lines=page.lines())


def _share(o: Outlet, rng: random.Random) -> list[tuple[str, str, str]]:
    items = _pick(rng, o.words("share"), 3, 6)
    label = rng.choice(o.words("share_label") or ["شارك"])
    if rng.random() < 0.5:
        return [(label, "chrome", "share"), *_menu(items, rng, "share")]
    return [(label + "".join(items), "chrome", "share")]  # the label glued to the icons' labels


def _figure(o: Outlet, article: AntArticle, rng: random.Random) -> list[tuple[str, str, str]]:
    """A photo caption: words of the title (pages often reuse them), a credit glued or on its own line."""
    words = article.title.rstrip("؟?.!:").split()
    k = rng.randint(min(3, len(words)), min(8, len(words)))
    prefix = rng.choice(o.words("caption_prefix") or [""])
    caption = prefix + " ".join(words[:k])
    credit = rng.choice(o.words("caption_credit")).replace("{credit}", rng.choice(o.words("credits")))
    if rng.random() < 0.5:
        return [(f"{caption} {credit}", "chrome", "caption")]
    return [(caption, "chrome", "caption"), (credit, "chrome", "credit")]


def build_pages(
    topics: Path, split: str, *, per_outlet: int = 40, seed: int = 0, chrome_dir: Path = CHROME_DIR
) -> list[DumpPage]:
    """`per_outlet` pages for each outlet of `split`, articles of `split` (each used once)."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    outlets = load_outlets(chrome_dir)
    splits = outlet_splits(outlets)
    mine = [o for o in outlets if splits[o.key] == split]
    articles = [a for a in load_articles(topics) if article_split(a.id) == split]
    rng = random.Random(f"{SEED}:{split}:{seed}")
    picked = rng.sample(articles, min(len(articles), per_outlet * len(mine)))
    pages: list[DumpPage] = []
    for k, art in enumerate(picked):
        o = mine[k % len(mine)]
        page_rng = random.Random(f"{SEED}:{seed}:{o.key}:{art.id}")
        pages.append(render_page(o, art, articles, page_rng, split))
    return pages


def iter_gold(pages: Sequence[DumpPage]) -> Iterator[dict[str, Any]]:
    """Gold rows (the page's lines with their kinds), as written by --out."""
    for p in pages:
        yield {
            "outlet": p.outlet,
            "split": p.split,
            "article_id": p.article_id,
            "lines": [[x.text, x.kind, x.role] for x in p.lines],
        }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topics", type=Path, default=Path("../shared/data/topics"))
    ap.add_argument("--split", choices=SPLITS, default="train")
    ap.add_argument("--per-outlet", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=0, help="print N pages with each line's kind and role")
    ap.add_argument("--out", type=Path, help="write each dump as .txt and the gold as gold.jsonl here")
    args = ap.parse_args(argv)
    outlets = load_outlets()
    splits = outlet_splits(outlets)
    print("outlets:", {s: [o.key for o in outlets if splits[o.key] == s] for s in SPLITS}, file=sys.stderr)
    pages = build_pages(args.topics, args.split, per_outlet=args.per_outlet, seed=args.seed)
    n = sum(len(p.lines) for p in pages)
    print(f"{len(pages)} pages ({args.split}), {n} lines", file=sys.stderr)
    for p in pages[: args.show]:
        print(f"=== {p.outlet} {p.article_id}")
        for x in p.lines:
            print(f"{x.kind:8} {x.role:15} {x.text}")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        with (args.out / "gold.jsonl").open("w", encoding="utf-8") as fh:
            for k, (p, row) in enumerate(zip(pages, iter_gold(pages), strict=True)):
                (args.out / f"{k:04d}-{p.outlet}.txt").write_text(p.text + "\n", encoding="utf-8")
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
