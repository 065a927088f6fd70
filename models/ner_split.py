"""The train / dev / sealed split of ../shared/data/ner, by document, and its 5 CV folds.

The files have no document marks (ANERcorp's sentences were cut at every `.`; AQMAR is
Wikipedia articles one after another), so a document here is a run of DOC_SENTENCES consecutive
sentences: long enough that most of an article stays on one side. Every file is cut the same
way; the documents are ordered by a hash of `file:index` and the first 10% go to `sealed`, the
next 10% to `dev`, the rest to `train`. The definition (document ids per part, sentence counts,
file hashes) is committed as models/ner_split.json, never the data; `load_split` checks the
hashes, so a changed data file is an error rather than a silent new split.

Tune only on `dev`; score `sealed` once, at the end. Model choice uses `folds` (5-fold
cross-validation over the train documents, also by document).

Usage: python models/ner_split.py [--data DIR]   (rewrites models/ner_split.json)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.enrich.entities.conll import read_conll  # noqa: E402

FILES = ("anercorp-train.txt", "aqmar-train.txt", "aqmar-dev.txt")
DOC_SENTENCES = 50
SPLIT_FILE = ROOT / "models" / "ner_split.json"
PARTS = ("train", "dev", "sealed")

Sent = tuple[list[str], list[str]]
# (corpus name, document id) -> sentences
Docs = dict[tuple[str, int], list[Sent]]


def corpus_of(name: str) -> str:
    return "anercorp" if name.startswith("anercorp") else "aqmar"


def _load(path: Path) -> list[Sent]:
    with path.open(encoding="utf-8") as f:
        return [([r[0] for r in s], [r[-1] for r in s]) for s in read_conll(f)]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _order(name: str, n: int) -> list[int]:
    return sorted(range(n), key=lambda i: hashlib.sha1(f"{name}:{i}".encode()).hexdigest())


def define(data: Path) -> dict[str, object]:
    files: dict[str, object] = {}
    for name in FILES:
        sents = _load(data / name)
        ndocs = -(-len(sents) // DOC_SENTENCES)
        order = _order(name, ndocs)
        tenth = max(1, round(ndocs / 10))
        files[name] = {
            "sha256": _sha(data / name),
            "sentences": len(sents),
            "documents": ndocs,
            "sealed": sorted(order[:tenth]),
            "dev": sorted(order[tenth : 2 * tenth]),
        }
    return {"doc_sentences": DOC_SENTENCES, "files": files}


def load_split(data: Path, split_file: Path = SPLIT_FILE) -> dict[str, Docs]:
    """part -> documents; every sentence of every file is in exactly one part."""
    spec = json.loads(split_file.read_text(encoding="utf-8"))
    size = int(spec["doc_sentences"])
    out: dict[str, Docs] = {p: {} for p in PARTS}
    for name, f in spec["files"].items():
        if _sha(data / name) != f["sha256"]:
            raise SystemExit(f"{data / name} differs from the file the split was defined on")
        sents = _load(data / name)
        sealed, dev = set(f["sealed"]), set(f["dev"])
        for d in range(f["documents"]):
            part = "sealed" if d in sealed else "dev" if d in dev else "train"
            out[part][(name, d)] = sents[d * size : (d + 1) * size]
    return out


def sentences(docs: Docs, corpus: str | None = None) -> list[Sent]:
    return [s for (name, _), ss in sorted(docs.items()) if corpus in (None, corpus_of(name)) for s in ss]


def folds(train: Docs, k: int = 5) -> list[tuple[Docs, Docs]]:
    """(fit, held-out) documents: document d of a file goes to fold hash(file:d) mod k."""
    out = []
    for i in range(k):
        fit = {d: s for d, s in train.items() if _fold(d, k) != i}
        held = {d: s for d, s in train.items() if _fold(d, k) == i}
        out.append((fit, held))
    return out


def _fold(doc: tuple[str, int], k: int) -> int:
    return int(hashlib.sha1(f"fold:{doc[0]}:{doc[1]}".encode()).hexdigest(), 16) % k


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    args = ap.parse_args()
    SPLIT_FILE.write_text(json.dumps(define(args.data), indent=1) + "\n", encoding="utf-8")
    parts = load_split(args.data)
    for p, docs in parts.items():
        for c in ("anercorp", "aqmar"):
            ss = sentences(docs, c)
            print(p, c, len(ss), "sentences", sum(len(w) for w, _ in ss), "tokens")


if __name__ == "__main__":
    main()
