"""The reprint set: near-duplicate positives and hard negatives built from the ANT topic corpus.

Regenerated at bench time from the shared data (never committed; see tests/data/reprints_dev.md).
Deterministic: one seed, and every random choice is drawn from an RNG seeded by (seed, article id,
kind), so adding a kind or changing a count never reshuffles the others.

Split by SOURCE article: `split_of(id)` = sha256(id) mod 3 → train / dev / sealed, except that the
articles of the story gold's sealed windows always go to sealed (so tuning never sees them). A
variant or negative belongs to its source article's split.

Positives (a variant whose `duplicate_of` should be its original):
  chrome      the same body under another outlet's chrome (menu, byline, dateline, "read also"
              links, share line, footer), rendered as a text dump so the real extractor runs
  edit        light edits: 2-5 % of words substituted / deleted / inserted, punctuation changes,
              alef / ya / ta-marbuta spelling variants
  trunc       the first 40-70 % of the paragraphs
  lead        the first paragraph replaced: by another article's opening sentence, or by its own
              sentences reordered under a dateline
  chrome+edit, trunc+edit, lead+trunc   combinations
  real        real duplicates of the corpus: one URL under two ids (the later one is the variant)
Negatives (must NOT be marked duplicate):
  neg_outlet_day  a different article from the same outlet on the same day (same category when
                  possible)
  neg_story       another article of the same gold story (same event, other article), from
                  tests/data/stories_dev.jsonl
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

SPLITS = ("train", "dev", "sealed")
POSITIVE_KINDS = ("chrome", "edit", "trunc", "lead", "chrome+edit", "trunc+edit", "lead+trunc", "real")
NEGATIVE_KINDS = ("neg_outlet_day", "neg_story")
TOPIC_FILES = ("ant2-dev.jsonl", "ant-v1.1.jsonl")
# Originals need room for truncation and edits: at least 3 paragraphs and this many words.
MIN_WORDS = 60

_OUTLETS = ("الوطن نيوز", "بوابة الخبر", "صدى البلد اليوم", "الشرق الإخباري", "موقع النهار", "عرب ديلي")
_CITIES = ("القاهرة", "بيروت", "تونس", "عمّان", "الرباط", "دبي", "الدوحة", "لندن")
_NAMES = ("محمد الأمين", "سارة خليل", "أحمد بن علي", "ليلى منصور", "يوسف حداد", "هدى السيد")
_MENU = ("الرئيسية | أخبار | سياسة | اقتصاد | رياضة | فن | فيديو", "الرئيسية > أخبار عربية ودولية")
_SHARE = ("شارك هذا المقال: فيسبوك تويتر واتساب", "تابعونا على فيسبوك وتويتر", "طباعة | إرسال لصديق")
_SENT = re.compile(r"(?<=[.!؟?])\s+")


@dataclass(slots=True)
class Item:
    """One page of the set: an original, a variant (`of` = its original's id) or a negative."""

    id: str
    kind: str  # "original", a positive kind or a negative kind
    split: str
    record: dict[str, str]  # the JSONL page: id, url, title, published, outlet, text
    of: str | None = None  # the original (positives) or the article it must not duplicate


@dataclass
class ReprintSet:
    items: list[Item] = field(default_factory=list)

    def split(self, name: str) -> list[Item]:
        return [i for i in self.items if i.split == name]

    def counts(self) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = defaultdict(int)
        for i in self.items:
            out[(i.kind, i.split)] += 1
        return dict(out)

    def write(self, directory: Path) -> list[Path]:
        """One JSONL file per split (originals first, then variants and negatives)."""
        directory.mkdir(parents=True, exist_ok=True)
        paths = []
        for s in SPLITS:
            p = directory / f"reprints-{s}.jsonl"
            with p.open("w", encoding="utf-8") as fh:
                for it in self.split(s):
                    fh.write(json.dumps(it.record, ensure_ascii=False) + "\n")
            paths.append(p)
        return paths


def _hash_int(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:12], 16)


def _rng(seed: int, *parts: str) -> random.Random:
    return random.Random(_hash_int(f"{seed}|" + "|".join(parts)))


def load_topics(topics: Path) -> list[dict[str, str]]:
    rows = []
    for name in TOPIC_FILES:
        with (topics / name).open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def record(row: dict[str, str], **over: str) -> dict[str, str]:
    """A topic row as the JSONL page the reader takes."""
    rec = {
        "id": row["id"],
        "url": row["url"],
        "title": row["title"],
        "published": row["time"],
        "outlet": row["source"],
        "text": row["text"],
    }
    rec.update(over)
    return rec


def _paras(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _words(text: str) -> int:
    return len(text.split())


# --- perturbations (each takes paragraphs, returns paragraphs) ---------------------------------


def light_edit(paras: list[str], rng: random.Random, vocab: list[str]) -> list[str]:
    words = [p.split() for p in paras]
    n = sum(len(w) for w in words)
    for _ in range(max(2, round(n * rng.uniform(0.02, 0.05)))):
        pi = rng.randrange(len(words))
        if not words[pi]:
            continue
        wi = rng.randrange(len(words[pi]))
        op = rng.choice(("sub", "del", "ins"))
        if op == "sub":
            words[pi][wi] = rng.choice(vocab)
        elif op == "del" and len(words[pi]) > 1:
            del words[pi][wi]
        else:
            words[pi].insert(wi, rng.choice(vocab))
    out = []
    for ws in words:
        p = " ".join(ws)
        # Spelling variants a copy-desk introduces: hamza seats dropped, final ya / ta marbuta.
        if rng.random() < 0.5:
            p = re.sub("[أإآ]", lambda m: "ا" if rng.random() < 0.4 else m.group(), p)
        if rng.random() < 0.3:
            p = re.sub(r"ى\b", lambda m: "ي" if rng.random() < 0.5 else m.group(), p)
        if rng.random() < 0.2:
            p = re.sub(r"ة\b", lambda m: "ه" if rng.random() < 0.3 else m.group(), p)
        # Punctuation: Latin commas, quotes changed, a full stop dropped.
        if rng.random() < 0.4:
            p = p.replace("،", ",")
        if rng.random() < 0.3:
            p = p.replace('"', "«", 1).replace('"', "»", 1)
        if rng.random() < 0.2 and p.endswith("."):
            p = p[:-1]
        out.append(p)
    return [p for p in out if p]


def truncate(paras: list[str], rng: random.Random) -> list[str]:
    n = len(paras)
    keep = max(1, min(n - 1, round(n * rng.uniform(0.4, 0.7))))
    return paras[:keep]


def rewrite_lead(paras: list[str], rng: random.Random, other_leads: list[str]) -> list[str]:
    if rng.random() < 0.5 and other_leads:
        lead = rng.choice(other_leads)
    else:
        sents = _SENT.split(paras[0])
        if len(sents) > 1:
            lead = " ".join(reversed(sents))
        else:
            ws = paras[0].split()
            cut = len(ws) // 2
            lead = " ".join(ws[cut:] + ws[:cut])
        lead = f"{rng.choice(_CITIES)} - {rng.choice(_OUTLETS)}: {lead}"
    return [lead, *paras[1:]]


def chrome_page(
    paras: list[str], title: str, outlet: str, day: str, rng: random.Random, related: list[str]
) -> str:
    """The body as a text dump of another outlet's page: header lines, body, related links, footer."""
    top = [rng.choice(_MENU), title]
    if rng.random() < 0.7:
        top.append(f"بقلم: {rng.choice(_NAMES)}")
    top.append(
        f"{rng.choice(_CITIES)} - {outlet} | نشر في {day} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    )
    tail = ["اقرأ أيضا:", *rng.sample(related, min(len(related), rng.randint(2, 4)))]
    tail += [rng.choice(_SHARE), f"جميع الحقوق محفوظة © {day[:4]} {outlet}"]
    return "\n".join(top + paras + tail)


# --- building the set ---------------------------------------------------------------------------


def build(topics: Path, stories: Path | None = None, *, per_split: int = 200, seed: int = 13) -> ReprintSet:
    rows = load_topics(topics)
    by_id = {r["id"]: r for r in rows}
    gold = []
    if stories is not None and stories.is_file():
        with stories.open(encoding="utf-8") as fh:
            gold = [json.loads(line) for line in fh if line.strip()]
    sealed_gold = {g["id"] for g in gold if g.get("split") == "sealed"}

    def split_of(aid: str) -> str:
        return "sealed" if aid in sealed_gold else SPLITS[_hash_int(aid) % 3]

    # Real duplicates: one URL under several ids (the earliest, then smallest id, is the original).
    by_url: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_url[r["url"]].append(r)
    real_pairs = []
    dup_ids: set[str] = set()
    for group in by_url.values():
        if len(group) > 1:
            group = sorted(group, key=lambda r: (r["time"], r["id"]))
            dup_ids.update(r["id"] for r in group)
            real_pairs += [(group[0], other) for other in group[1:]]
    text_count: dict[str, int] = defaultdict(int)
    for r in rows:
        text_count[r["text"].strip()] += 1

    # Candidate originals: long enough, unique text and URL, not in the story gold.
    gold_ids = {g["id"] for g in gold}
    eligible = [
        r for r in rows
        if r["id"] not in dup_ids and r["id"] not in gold_ids and text_count[r["text"].strip()] == 1
        and len(_paras(r["text"])) >= 3 and _words(r["text"]) >= MIN_WORDS
    ]  # fmt: skip
    by_split: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in eligible:
        by_split[split_of(r["id"])].append(r)

    # Outlet-day index for hard negatives (any unique-text article, long or not, outside the gold).
    by_outlet_day: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        if (
            r["id"] not in dup_ids
            and r["id"] not in gold_ids
            and text_count[r["text"].strip()] == 1
            and _words(r["text"]) >= 20
        ):
            by_outlet_day[(r["source"], r["time"][:10])].append(r)

    vocab = sorted({w for r in rows[:: max(1, len(rows) // 400)] for w in r["text"].split() if len(w) > 2})
    all_titles = [r["title"] for r in rows[:: max(1, len(rows) // 500)] if r.get("title")]

    chosen: dict[str, list[dict[str, str]]] = {}
    for s in SPLITS:
        pool = sorted(by_split[s], key=lambda r: _hash_int(f"{seed}|pick|{r['id']}"))
        # A negative partner must exist: another article of the outlet and day.
        chosen[s] = [
            r for r in pool if any(x["id"] != r["id"] for x in by_outlet_day[(r["source"], r["time"][:10])])
        ][:per_split]
    used = {r["id"] for rs in chosen.values() for r in rs}
    negatives: dict[str, dict[str, str]] = {}
    for s in SPLITS:
        for r in chosen[s]:
            rng = _rng(seed, r["id"], "neg")
            partners = [x for x in by_outlet_day[(r["source"], r["time"][:10])] if x["id"] not in used]
            same_cat = [x for x in partners if x["category"] == r["category"]]
            pick = sorted(same_cat or partners, key=lambda x: x["id"])
            if pick:
                negatives[r["id"]] = x = rng.choice(pick)
                used.add(x["id"])
    # Foreign leads come from articles that are in no pair (a lead taken from another original
    # would make its variant a partial copy of that original).
    free = [r for r in eligible if r["id"] not in used]
    all_leads = [_paras(r["text"])[0] for r in free]

    out = ReprintSet()
    for s in SPLITS:
        for r in chosen[s]:
            out.items.append(Item(r["id"], "original", s, record(r)))
        for r in chosen[s]:
            out.items += _variants(r, s, seed, vocab, all_leads, all_titles)
        for r in chosen[s]:
            if (x := negatives.get(r["id"])) is not None:
                out.items.append(Item(x["id"], "neg_outlet_day", s, record(x), of=r["id"]))

    # Real duplicates: the original, then its copy, in the original's split.
    for a, b in real_pairs:
        s = split_of(a["id"])
        out.items.append(Item(a["id"], "original", s, record(a)))
        out.items.append(Item(b["id"], "real", s, record(b), of=a["id"]))

    # Same-event negatives: each gold story with several articles, in time order; the first is
    # "the original", the others must not be marked duplicates (real duplicates inside a story —
    # the same URL under two ids — are left out: they are positives above).
    story_members: dict[str, list[dict[str, str]]] = defaultdict(list)
    for g in gold:
        if g["id"] in by_id and g["id"] not in dup_ids:
            story_members[g["story"]].append(by_id[g["id"]])
    for _sid, members in sorted(story_members.items()):
        if len(members) < 2:
            continue
        members.sort(key=lambda r: (r["time"], r["id"]))
        s = split_of(members[0]["id"])
        if any(m["id"] in sealed_gold for m in members):
            s = "sealed"
        first = members[0]
        out.items.append(Item(first["id"], "original", s, record(first)))
        for m in members[1:]:
            out.items.append(Item(m["id"], "neg_story", s, record(m), of=first["id"]))
    _order(out)
    return out


def _order(rs: ReprintSet) -> None:
    """Originals first (each split), then the rest; an id appears once per split."""
    seen: set[tuple[str, str]] = set()
    items = []
    for it in sorted(rs.items, key=lambda i: i.kind != "original"):
        if (it.split, it.id) in seen:
            continue
        seen.add((it.split, it.id))
        items.append(it)
    rs.items = items


def _variants(
    r: dict[str, str], split: str, seed: int, vocab: list[str], leads: list[str], titles: list[str]
) -> list[Item]:
    paras = _paras(r["text"])
    out = []
    other_leads = [x for x in leads if x not in paras]
    for kind in POSITIVE_KINDS:
        if kind == "real":
            continue
        rng = _rng(seed, r["id"], kind)
        ps = list(paras)
        parts = kind.split("+")
        if "lead" in parts:
            ps = rewrite_lead(ps, rng, other_leads)
        if "trunc" in parts:
            ps = truncate(ps, rng)
        if "edit" in parts:
            ps = light_edit(ps, rng, vocab)
        outlet = rng.choice(_OUTLETS)
        day = r["time"][:10]
        title = r["title"] if rng.random() < 0.5 else f"{r['title']} | {outlet}"
        if "chrome" in parts:
            text = chrome_page(ps, title, outlet, day, rng, [t for t in titles if t != r["title"]])
        else:
            text = "\n".join(ps)
        vid = f"{r['id']}~{kind}"
        rec = record(
            r,
            id=vid,
            url=f"https://reprint.example/{_hash_int(vid):x}",
            title=title,
            outlet=outlet,
            text=text,
        )
        out.append(Item(vid, kind, split, rec, of=r["id"]))
    return out


if __name__ == "__main__":
    import argparse
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topics", type=Path, default=Path("../shared/data/topics"))
    ap.add_argument("--stories", type=Path, default=Path("tests/data/stories_dev.jsonl"))
    ap.add_argument("--per-split", type=int, default=200)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument(
        "--out", type=Path, default=None, help="directory for the JSONL pages (a temp dir by default)"
    )
    args = ap.parse_args()
    rs = build(args.topics, args.stories, per_split=args.per_split, seed=args.seed)
    paths = rs.write(args.out or Path(tempfile.mkdtemp(prefix="reprints-")))
    counts = rs.counts()
    print("| kind | " + " | ".join(SPLITS) + " |\n| --- |" + " ---: |" * len(SPLITS))
    for kind in ("original", *POSITIVE_KINDS, *NEGATIVE_KINDS):
        print(f"| {kind} | " + " | ".join(str(counts.get((kind, s), 0)) for s in SPLITS) + " |")
    print("written:", *paths)
