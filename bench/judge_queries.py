"""Build bench/queries.json: judged queries over the ANT topics articles (../shared/data/topics).

Relevance means "the article mentions the concept, in any spelling". Candidates come from a
regular expression per concept written by hand — independent of Marsad's analyser, so spellings
or suffixes it does not handle (غ/ج in names, possessive suffixes) still count against it. Every
candidate context was printed (`--show`) and read; the `exclude` lists hold the ids judged not
relevant on reading. Queries are typed deliberately in another spelling than most texts use.

    python bench/judge_queries.py ../shared/data/topics --show 5   # print contexts to read
    python bench/judge_queries.py ../shared/data/topics --write bench/queries.json
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

# Diacritics and tatweel are removed before matching, so patterns list letters only.
_STRIP = re.compile("[\u064b-\u0652\u0640\u0670]")
_P = r"(?<![\w])(?:[وف]?[بلك]?(?:ال)?|[وف]?لل)"  # optional proclitics and article
# Optional short suffixes. Not ي: a nisba adjective is another word (استعجالي ≠ استعجال).
_S = r"(?:[ةه]|ها|هم|ات|ين|ان)?(?![\w])"

# (query as typed, concept pattern, what the query exercises, excluded ids after reading)
SPEC: list[tuple[str, str, str, list[str]]] = [
    ("لبوتين", "بوتين", "clitic on the query", []),
    ("بُوتِين", "بوتين", "diacritics on the query", []),
    ("اوباما", "[اأإ]وباما", "hamza on alef", []),
    ("أردوغان", "[اأ]ردوغان", "hamza on alef", []),
    ("مـاكـرون", "ماكرون", "tatweel on the query", []),
    ("وميركل", "ميركل", "conjunction on the query", []),
    ("صبراطه", "صبراط[ةه]", "ta marbuta / ha", []),
    ("المنوبيه", "منوبي[ةه]", "ta marbuta + article", []),
    ("انخيل", "[اأإآ]نخيل", "alef variants in a foreign name", []),
    ("السيانيد", "سيانيد", "article on the query", []),
    ("الروهينجا", "روهين[جغ]ا", "ج/غ transliteration variant", []),
    ("كاتالونيا", "كا?تالونيا", "long/short vowel transliteration variant", []),
    ("لفنزويلا", "فنزويلا", "preposition on the query", []),
    ("زيكا", "زيكا", "plain rare word", []),
    ("كوليرا", "كوليرا", "query without the article", []),
    ("بوتفليقه", "بوتفليق[ةه]", "ta marbuta in a name", []),
    ("المدرعات", "مدرعات", "article; texts mostly with و/ل", []),
    ("إستعجال", "[اإ]ستعجال", "hamza under alef", []),
    ("انسجام", "[اإ]نسجام", "texts with article and hamza", []),
    ("الغطرسه", "غطرس[ةه]", "ta marbuta", []),
    ("إفتراء", "[اإ]فتراء", "hamza + conjunctions", []),
    ("الرئاسات", "رئاسات", "hamza on ya seat", []),
    ("إقناعه", "[اإ]قناع[هة]", "hamza, clitics", []),
    ("ادراجه", "[اإ]دراج[هة]", "hamza, clitics", []),
    ("التلميذتين", "تلميذتي?ن", "article; sukun in texts", []),
    ("المراهنه", "مراهن[ةه]", "ta marbuta + article", []),
    ("قرائن", "قرائن", "texts with و/ب/ال", []),
    ("برسومات", "رسومات", "preposition on the query", []),
    ("التحريضيه", "تحريضي[ةه]", "shadda in texts, ta marbuta", []),
    ("مهنيي", "مهنيي", "shadda in texts, clitics", []),
    ("ايبولا", "[اإ]يبولا", "hamza under alef", []),
    ("كوريا الشماليه", r"كوريا\s+(?:ال)?شمالي[ةه]", "two words, ta marbuta", []),
    ("الإتحاد الأوروبى", r"[اإ]تحاد\s+(?:ال)?[اأ]وروبي", "hamza on the query, alef maqsura", []),
    ("iphone", "iphone", "Latin word, case-folded (no difference expected)", []),
    ("Facebook", "facebook|فا?يسبوك", "Latin name, texts mostly Arabic script (needs entity layer)", []),
]


def load(topics: Path) -> list[dict[str, str]]:
    docs = []
    for name in ("ant-v1.1.jsonl", "ant2-dev.jsonl"):
        with (topics / name).open(encoding="utf-8") as fh:
            docs += [json.loads(line) for line in fh]
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("topics", type=Path)
    ap.add_argument("--show", type=int, default=0, help="contexts to print per query")
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    docs = load(args.topics)
    texts = [(d["id"], _STRIP.sub("", f"{d['title']}\n{d['text']}")) for d in docs]
    out = []
    for query, concept, note, exclude in SPEC:
        rx = re.compile(_P + f"(?:{concept})" + _S, re.IGNORECASE)
        rel = []
        for did, text in texts:
            m = rx.search(text)
            if m and did not in exclude:
                rel.append(did)
                if len(rel) <= args.show:
                    ctx = text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
                    print(f"   {did} | {ctx}")
        print(f"{query!r:28} {len(rel):4d} relevant  ({note})")
        out.append({"query": query, "note": note, "concept": concept, "relevant": sorted(set(rel))})
    if args.write:
        args.write.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
