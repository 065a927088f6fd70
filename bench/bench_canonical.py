"""Canonical names and roles on unseen articles (issue 11 item 5): Marsad's entities against a gold
set annotated by hand from articles no earlier set used.

Usage (from the project root):
    nice -n 10 .venv/bin/python bench/bench_canonical.py ../shared/data/topics \
        [--gold tests/data/canonical_gold.jsonl] [--split all|dev|sealed] [--errors]

Gold (tests/data/canonical_gold.jsonl, drawn by bench/sample_canonical.py): per article, the
persons, organisations and places it names, each with an Arabic surface (plus other forms the
article uses), the standard English name (alternatives major English-language media use in
`latin_alt`; `obscure` when there is no established spelling and the gold is a careful
romanisation) and, for persons, the role phrases the article links to them, as written.
Split by outlet: BBC and SkyNews are dev, CNN and JawharaFM sealed (scored once, never tuned on).

Each article goes through Marsad as a user's JSONL record would (`marsad.extract_many` with
`enrich=True`: read → extract → normalise → entities), title and body as in the corpus.

Figures, per split:
  * entity recall: a gold entity is found when one of its Arabic forms equals the name or a
    mention of a Marsad entity after marsad.arabic.normalize, whitespace folding and a leading
    ال dropped (مانشستر سيتي = مانشستر سيتي; البحيرة = بحيرة). Also: the type agreeing, and
    recall over gold entities whose surface is in the text Marsad kept (its extraction step may
    drop a line as chrome: that loss is counted, not hidden);
  * Latin exact match over found entities: Marsad's `latin` equals the gold name or an
    alternative, case-, diacritic- and punctuation-insensitive (el-Sisi = El Sisi, Beşiktaş =
    Besiktas); `null` is a miss. Separately for famous and obscure entities, and for persons;
  * role linking, on found persons and the entities they matched: a role Marsad attaches is
    correct when, normalised, it equals a gold role phrase of that entity or contains it as whole
    words (الرئيس الأمريكي contains الرئيس); precision over the roles Marsad attaches to found
    entities, recall over every gold role (an unfound person's roles are missed). Roles on
    Marsad entities matching no gold entity are counted apart (not judged). A lenient figure
    also counts a role contained in a gold phrase (المدير الفني within المدير الفني لنادي …).

Peer, same run: arabic-name-romanizer alone (through marsad.enrich.entities.latin, the way
Marsad calls it, with no gazetteer) on the gold Arabic surface of the same found entities; it is
skipped with a note when the library is not installed. Ratios are Marsad / peer.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.api import extract_many
from marsad.arabic.normalize import normalize
from marsad.enrich.entities.latin import romanize_name
from marsad.enrich.entities.mentions import TAGGED_LABELS
from marsad.model import Article, Entity

ROOT = Path(__file__).resolve().parent.parent
TOPIC_FILES = ("ant-v1.1.jsonl", "ant2-dev.jsonl")
# Letters NFKD does not decompose into a base letter and a mark.
_LATIN_LETTERS = str.maketrans({"ı": "i", "ø": "o", "ß": "ss", "æ": "ae", "ł": "l", "đ": "d", "œ": "oe"})
_NOT_WORD = re.compile(r"[^\w]+")
_APOSTROPHES = re.compile(r"['’ʼʿʾ`]")


def fold_ar(text: str) -> str:
    """Arabic match key: Marsad's normaliser, whitespace folded (no-break spaces too), a leading
    article dropped (the gold writes البحيرة where a mention may be cut after a clitic)."""
    words = normalize(text).split()
    if words and words[0].startswith("ال") and len(words[0]) >= 4:
        words[0] = words[0][2:]
    return " ".join(words)


def fold_latin(text: str) -> str:
    """Case, diacritics, apostrophes, hyphens and dots do not count: el-Sisi = El Sisi."""
    s = unicodedata.normalize("NFKD", text.casefold().translate(_LATIN_LETTERS))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _APOSTROPHES.sub("", s)
    return " ".join(_NOT_WORD.sub(" ", s).split())


def contains_words(outer: str, inner: str) -> bool:
    return bool(inner) and f" {inner} " in f" {outer} "


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    typed: int = 0
    readable: int = 0
    found_readable: int = 0
    latin: Counter[str] = field(default_factory=Counter)  # "<group>:<n|marsad|peer|null>"
    roles_attached: int = 0
    roles_ok: int = 0
    roles_ok_lenient: int = 0
    roles_unjudged: int = 0
    gold_roles: int = 0
    gold_roles_found: int = 0
    errors: list[str] = field(default_factory=list)


def load_articles(topics: Path, ids: set[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in TOPIC_FILES:
        with (topics / name).open(encoding="utf-8") as fh:
            for line in fh:
                a = json.loads(line)
                if a["id"] in ids:
                    out[a["id"]] = a
    missing = ids - out.keys()
    if missing:
        raise SystemExit(f"articles not found in {topics}: {sorted(missing)[:5]}")
    return out


def run_marsad(articles: dict[str, dict[str, Any]], title_field: bool) -> tuple[dict[str, Article], float]:
    """Every article through the user's road, as JSONL records: {id, url, text} with the title as
    the text's first line (the text road finds it, a title block is tagged), or with
    `title_field` {id, url, title, text} (the title is then metadata only: no block reads it)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "canonical.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for a in articles.values():
                if title_field:
                    rec = {k: a[k] for k in ("id", "url", "title", "text")}
                else:
                    rec = {"id": a["id"], "url": a["url"], "text": a["title"].strip() + "\n" + a["text"]}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        t0 = time.perf_counter()
        out = {str(art.source.id): art for art in extract_many([path], enrich=True, workers=0)}
        return out, time.perf_counter() - t0


def kept_text(art: Article) -> str:
    """The normalised text of the blocks the entity step reads."""
    return " \n ".join(" ".join(normalize(b.text).split()) for b in art.blocks if b.label in TAGGED_LABELS)


def in_text(text: str, form: str) -> bool:
    """A form is in the text, a clitic before it allowed (للجوهرة holds الجوهرة)."""
    f = " ".join(normalize(form).split())
    return f in text or (f.startswith("ال") and f[2:] in text)


def match(gold: dict[str, Any], entities: list[Entity]) -> Entity | None:
    """The Marsad entity a gold entity is: a name or mention equal to one of its forms. When Marsad
    split one person in two (السيسي and عبدالفتاح السيسي), the one named by the gold's main
    surface is taken, then the one with more matching mentions."""
    forms = {fold_ar(f) for f in [gold["ar"], *gold.get("forms", [])]}
    main = fold_ar(gold["ar"])
    best: tuple[int, int, int] | None = None
    pick = None
    for e in entities:
        names = [m.text for m in e.mentions if not m.role]
        hits = sum(fold_ar(t) in forms for t in names)
        by_name = fold_ar(e.name) in forms
        if not (hits or by_name):
            continue
        score = (int(fold_ar(e.name) == main), int(by_name), hits)
        if best is None or score > best:
            best, pick = score, e
    return pick


def latin_ok(value: str | None, gold: dict[str, Any]) -> bool:
    if not value:
        return False
    return fold_latin(value) in {fold_latin(x) for x in [gold["latin"], *gold.get("latin_alt", [])]}


def score_article(row: dict[str, Any], art: Article, t: Tally, peer: bool, errors: bool) -> None:
    kept = kept_text(art)
    judged: set[str] = set()
    for g in row["entities"]:
        t.gold += 1
        groles = [fold_ar(r) for r in g.get("roles", [])]
        t.gold_roles += len(groles)
        readable = any(in_text(kept, f) for f in [g["ar"], *g.get("forms", [])])
        t.readable += readable
        e = match(g, art.entities)
        if e is None:
            if errors:
                why = "in kept text" if readable else "not in kept text"
                t.errors.append(f"{row['id']}\tMISS {g['type']}\t{g['ar']}\t({why})")
            continue
        judged.add(e.id)
        t.found += 1
        t.found_readable += readable
        t.typed += e.type == g["type"]
        groups = ["all", "obscure" if g["obscure"] else "famous"]
        if g["type"] == "PERSON":
            groups.append("person")
        good = latin_ok(e.latin, g)
        pgood = latin_ok(romanize_name(g["ar"]), g) if peer else False
        for grp in groups:
            t.latin[f"{grp}:n"] += 1
            t.latin[f"{grp}:marsad"] += good
            t.latin[f"{grp}:peer"] += pgood
            t.latin[f"{grp}:null"] += e.latin is None
        if errors and not good:
            t.errors.append(f"{row['id']}\tLATIN {g['type']}\t{g['ar']}\tgold={g['latin']}\tmarsad={e.latin}")
        mroles = [fold_ar(r) for r in e.roles]
        for r, raw in zip(mroles, e.roles, strict=True):
            t.roles_attached += 1
            ok = any(r == x or contains_words(r, x) for x in groles)
            t.roles_ok += ok
            t.roles_ok_lenient += ok or any(contains_words(x, r) for x in groles)
            if errors and not ok:
                t.errors.append(f"{row['id']}\tROLE+ {g['ar']}\tmarsad={raw}\tgold={g.get('roles', [])}")
        for x, raw in zip(groles, g.get("roles", []), strict=True):
            hit = any(r == x or contains_words(r, x) for r in mroles)
            t.gold_roles_found += hit
            if errors and not hit:
                t.errors.append(f"{row['id']}\tROLE- {g['ar']}\tgold={raw}\tmarsad={e.roles}")
    for e in art.entities:
        if e.id not in judged:
            t.roles_unjudged += len(e.roles)
            if errors and e.roles:
                t.errors.append(f"{row['id']}\tROLE? {e.name}\t{e.roles}")


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "—"


def frac(n: int, d: int) -> str:
    return f"{n / d:.3f} ({n}/{d})" if d else "— (0/0)"


def report(name: str, t: Tally, peer: bool) -> list[str]:
    lines = [f"## {name}", ""]
    lines.append(
        f"- entity recall: {frac(t.found, t.gold)}; type agrees on {frac(t.typed, t.found)} of found"
    )
    lines.append(
        f"- gold entities in the text Marsad kept: {frac(t.readable, t.gold)}; recall over those "
        f"{frac(t.found_readable, t.readable)}"
    )
    lines += [
        "",
        "| Latin exact match (found entities) | n | Marsad | arabic-name-romanizer alone | Marsad / peer | Marsad null |",
    ]
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for grp in ("all", "famous", "obscure", "person"):
        n = t.latin[f"{grp}:n"]
        m, p = t.latin[f"{grp}:marsad"], t.latin[f"{grp}:peer"]
        pr = f"{p / n:.3f}" if peer and n else "skipped"
        lines.append(
            f"| {grp} | {n} | {m / n if n else 0:.3f} | {pr} | {ratio(m, p) if peer else '—'} | "
            f"{t.latin[f'{grp}:null']} |"
        )
    lines += [
        "",
        f"- role linking precision: {frac(t.roles_ok, t.roles_attached)} (lenient, a role inside a gold "
        f"phrase also counts: {frac(t.roles_ok_lenient, t.roles_attached)}); recall "
        f"{frac(t.gold_roles_found, t.gold_roles)}; roles on entities matching no gold entity "
        f"(not judged): {t.roles_unjudged}",
        "",
    ]
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("topics", type=Path, help="../shared/data/topics")
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "canonical_gold.jsonl")
    ap.add_argument("--split", choices=("all", "dev", "sealed"), default="all")
    ap.add_argument("--errors", action="store_true", help="list misses and wrong names/roles")
    ap.add_argument(
        "--title-field",
        action="store_true",
        help="give the title as the record's title field, not as its first line",
    )
    args = ap.parse_args()
    rows = [json.loads(x) for x in args.gold.read_text(encoding="utf-8").splitlines() if x.strip()]
    rows = [r for r in rows if args.split == "all" or r["split"] == args.split]
    articles = load_articles(args.topics, {r["id"] for r in rows})
    marsad, secs = run_marsad(articles, args.title_field)
    peer = romanize_name("محمد") is not None
    tallies: dict[str, Tally] = {}
    for r in rows:
        art = marsad.get(r["id"])
        if art is None or art.rejected is not None:
            raise SystemExit(f"Marsad refused {r['id']}: {art.rejected if art else 'no article'}")
        score_article(r, art, tallies.setdefault(r["split"], Tally()), peer, args.errors)
    print(
        f"{len(rows)} articles, Marsad extract+enrich {secs:.1f} s ({len(rows) / secs:.1f} articles/s, one core)"
    )
    if not peer:
        print("peer arabic-name-romanizer: not installed (extra `names`), skipped")
    for split in ("dev", "sealed"):
        if split in tallies:
            print(
                "\n".join(
                    report(
                        f"{split} ({sum(r['split'] == split for r in rows)} articles)", tallies[split], peer
                    )
                )
            )
    if args.errors:
        for split, t in tallies.items():
            for line in t.errors:
                print(f"{split}\t{line}")


if __name__ == "__main__":
    main()
