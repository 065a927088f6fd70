"""Count the words that stand next to a tagged person name in news text: the corpus evidence
behind `src/marsad/enrich/data/role_heads.tsv` (docs/annotation-guideline.md, "Role phrases").

Usage (from the project root):
    PYTHONPATH=src nice -n 10 .venv/bin/python models/count_role_heads.py ../shared/data/topics \
        [--out /tmp/role_head_candidates.tsv] [--min-count 5] [--check src/marsad/enrich/data/role_heads.tsv]

Corpus: the BBC and SkyNews articles of the topics corpus (ANT) only. CNN and JawharaFM, the
outlets every sealed canonical-names set is drawn from, are never read, nor are the articles a
gold set in tests/data names. Each article runs through Marsad's own entity tagger and mention
collector; around every person mention three positions are counted, each word folded
(`marsad.enrich.entities.text.key`) with a joined و/ف and the article dropped:
  * `before`: the word right before the name (الرئيس in «الرئيس ترامب»);
  * `chain`: the word opening the run of definite words before the name (وزير in «وزير الخارجية
    الأمريكي ريكس تيلرسون»), the head of a construct chain;
  * `comma`: the first word after «name ،» and the word opening «… ، name» (appositions).
The output lists every word seen at least --min-count times, most frequent first. Which of them
are role heads is a human call by the guideline's categories (office, title, rank, occupation,
and honorifics that are NOT roles); that call, with these counts, is role_heads.tsv. `--check`
re-counts and fails when a count in the committed file differs (the file is reproducible).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from marsad.arabic.clitics import CONJUNCTIONS, strip_article
from marsad.arabic.morphology import definite
from marsad.config import Settings
from marsad.enrich.entities import load_tagger
from marsad.enrich.entities.mentions import collect, tag_article
from marsad.enrich.entities.text import key
from marsad.model import Article, Block, Label, Source

ROOT = Path(__file__).resolve().parent.parent
FILES = ("ant-v1.1.jsonl", "ant2-dev.jsonl")
OUTLETS = frozenset({"BBC", "SkyNews"})
_ANT_ID = re.compile(r"\b(?:BB|CN|SN|SK|JA)-[A-Za-z]+-\d+-\d{8}\b")
_WORD = re.compile(r"^[\u0621-\u064a]+$")


def gold_ids() -> set[str]:
    """Ids of every article a gold set in tests/data holds (never counted)."""
    ids: set[str] = set()
    for path in (ROOT / "tests" / "data").rglob("*.jsonl"):
        ids.update(_ANT_ID.findall(path.read_text(encoding="utf-8", errors="replace")))
    return ids


def base(k: str) -> str:
    """Folded word without a joined و/ف and the article: والرئيس → رئيس."""
    if k[:1] in CONJUNCTIONS and len(k) >= 4 and (definite(k[1:]) or len(k) >= 5):
        k = k[1:]
    return strip_article(k)


def count(topics: Path) -> dict[str, Counter[str]]:
    tagger = load_tagger()
    settings = Settings()
    banned = gold_ids()
    out: dict[str, Counter[str]] = {"before": Counter(), "chain": Counter(), "comma": Counter()}
    seen: set[str] = set()
    for name in FILES:
        with (topics / name).open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r["source"] not in OUTLETS or r["id"] in banned or r["url"] in seen:
                    continue
                seen.add(r["url"])
                paras = [p for p in str(r["text"]).split("\n") if p.strip()]
                art = Article(Source(), blocks=[Block(i, p, Label.PARAGRAPH) for i, p in enumerate(paras)])
                texts = {b.index: b.text for b in art.blocks}
                sents = tag_article(art, tagger, settings)
                for m in collect(sents, tagger, texts, settings):
                    if m.type == "PERS":
                        _count_around(sents[m.sent].keys, m.tok_start, m.tok_end, out)
    return out


def _count_around(keys: list[str], i: int, j: int, out: dict[str, Counter[str]]) -> None:
    if i >= 1 and _WORD.match(keys[i - 1]):
        out["before"][base(keys[i - 1])] += 1
        x = i - 1
        while x >= 0 and definite(keys[x]):
            x -= 1
        if x >= 0 and x < i - 1 and _WORD.match(keys[x]):
            out["chain"][base(keys[x])] += 1
    if i >= 2 and keys[i - 1] in ("،", ","):
        x = i - 2
        while x >= 0 and definite(keys[x]):
            x -= 1
        if x >= 0 and _WORD.match(keys[x]):
            out["comma"][base(keys[x])] += 1
    if j + 1 < len(keys) and keys[j] in ("،", ",") and _WORD.match(keys[j + 1]):
        out["comma"][base(keys[j + 1])] += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("topics", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/role_head_candidates.tsv"))
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--check", type=Path, help="a committed role_heads.tsv to verify")
    args = ap.parse_args()
    c = count(args.topics)
    total = c["before"] + c["chain"] + c["comma"]
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write("# word\ttotal\tbefore\tchain\tcomma\n")
        for w, n in total.most_common():
            if n >= args.min_count:
                fh.write(f"{w}\t{n}\t{c['before'][w]}\t{c['chain'][w]}\t{c['comma'][w]}\n")
    print(f"{sum(1 for n in total.values() if n >= args.min_count)} words → {args.out}")
    if args.check:
        bad = 0
        for row in args.check.read_text(encoding="utf-8").splitlines():
            if row.startswith("#") or not row.strip():
                continue
            w, _cat, n = row.split("\t")[:3]
            w = base(key(w))  # a rank modifier is listed as written (الركن), counted without the article
            if total[w] != int(n):
                print(f"count differs: {w} file {n} corpus {total[w]}", file=sys.stderr)
                bad += 1
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
