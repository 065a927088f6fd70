"""NER benchmark: Marsad's CRF against a plain word-feature CRF trained in the same run.

Both are scored conlleval-style (exact spans, micro and per type) on the ANERcorp tail held back
from training and on AQMAR dev; speed is tagging alone (features + Viterbi) in one process, so
tokens/s is per core; peak memory is the process's max RSS. Prints a markdown table and ratios.

Usage: python bench/bench_ner.py [--data ../shared/data/ner] [--model-dir models] [--seed-dir ../shared/data/seed]
       [--pages examples ../shared/data/seed/euronews-kim-putin.txt]   (pages for `extract` end to end)
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "models"))

import pycrfsuite  # noqa: E402
from train_ner import Sent, splits  # noqa: E402

from marsad.enrich.entities.conll import Score, score  # noqa: E402
from marsad.enrich.entities.features import (  # noqa: E402
    Resources,
    load_clusters,
    sentence_features,
)
from marsad.enrich.entities.gazetteer import load_gazetteer  # noqa: E402


def run(model: Path, res: Resources, sents: list[Sent]) -> tuple[Score, float]:
    tg = pycrfsuite.Tagger()
    tg.open(str(model))
    # CPU time, not wall time: per-core throughput that other jobs on a shared machine do not skew.
    t0 = time.process_time()
    pred = [tg.tag(sentence_features(w, res)) for w, _ in sents]
    secs = time.process_time() - t0
    return score([t for _, t in sents], pred), sum(len(w) for w, _ in sents) / secs


def train_plain(train: list[Sent], res: Resources, out: Path) -> None:
    tr = pycrfsuite.Trainer(verbose=False)
    for w, t in train:
        tr.append(sentence_features(w, res), t)
    tr.set_params({"c1": 0.1, "c2": 0.01, "max_iterations": 150})
    tr.train(str(out))


def end_to_end(seed_dir: Path | None, repeat: int = 20) -> tuple[int, float] | None:
    """Tokens/s of the whole entity step (tagging, gazetteers, grouping, roles) on the seed's text."""
    if seed_dir is None or not (seed_dir / "expected.json").is_file():
        return None
    import json

    from marsad.arabic.tokens import tokenize
    from marsad.enrich.entities import add_entities, load_tagger
    from marsad.model import Article, Block, Label, Source

    d = json.loads((seed_dir / "expected.json").read_text(encoding="utf-8"))
    texts = [d["title"], d["lede"]] + [p["text"] for p in d["paragraphs"]]
    tagger = load_tagger()
    ntok = sum(len(tokenize(t)) for t in texts)
    t0 = time.process_time()
    for _ in range(repeat):
        a = Article(Source(), blocks=[Block(i, t, Label.PARAGRAPH) for i, t in enumerate(texts)])
        add_entities(a, tagger)
    return ntok, ntok * repeat / (time.process_time() - t0)


def extract_end_to_end(paths: list[str], repeat: int = 3) -> tuple[int, float, float] | None:
    """(tokens, tokens/s of `extract`, tokens/s of `extract --enrich`) over the given pages."""
    from marsad.api import extract_many
    from marsad.arabic.tokens import tokenize
    from marsad.enrich.entities import load_tagger
    from marsad.model import MAIN_TEXT_LABELS
    from marsad.read import expand_inputs

    inputs = expand_inputs(paths)
    if not inputs:
        return None
    load_tagger()  # loading the model and gazetteers is a one-off, not per page
    list(extract_many(inputs, enrich=True))  # warm every step's lazy resources
    speeds = []
    ntok = 0
    for enrich in (False, True):
        t0 = time.process_time()
        for _ in range(repeat):
            arts = list(extract_many(inputs, enrich=enrich))
        secs = time.process_time() - t0
        ntok = sum(len(tokenize(b.text)) for a in arts for b in a.blocks if b.label in MAIN_TEXT_LABELS)
        speeds.append(ntok * repeat / secs)
    return ntok, speeds[0], speeds[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    ap.add_argument("--model-dir", type=Path, default=ROOT / "models")
    ap.add_argument("--seed-dir", type=Path, default=ROOT.parent / "shared" / "data" / "seed")
    ap.add_argument(
        "--pages",
        nargs="*",
        default=[
            str(ROOT / "examples"),
            str(ROOT.parent / "shared" / "data" / "seed" / "euronews-kim-putin.txt"),
        ],
    )
    args = ap.parse_args()

    train, dev_aner, dev_aqmar = splits(args.data, 0.1)
    full = Resources(load_gazetteer(), load_clusters(args.model_dir / "ner_clusters.tsv"))
    plain = Resources(full.gazetteer, {}, plain=True)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "plain.crfsuite"
        t0 = time.process_time()
        train_plain(train, plain, base)
        base_train_s = time.process_time() - t0
        rows = []
        for name, model, res in (
            ("Marsad CRF", args.model_dir / "ner.crfsuite", full),
            ("plain word CRF", base, plain),
        ):
            s_aner, speed = run(model, res, dev_aner)
            s_aqmar, _ = run(model, res, dev_aqmar)
            rows.append((name, s_aner, s_aqmar, speed, model.stat().st_size))
    print(
        "| model | ANERcorp tail F1 | PERS | LOC | ORG | MISC | AQMAR dev F1 | PERS | LOC | ORG | MISC | tokens/s/core | size |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, a, q, speed, size in rows:
        pa, pq = a.per_type(), q.per_type()
        cells = [f"{a.micro()[2]:.3f}"] + [
            f"{pa.get(t, (0, 0, 0))[2]:.3f}" for t in ("PERS", "LOC", "ORG", "MISC")
        ]
        cells += [f"{q.micro()[2]:.3f}"] + [
            f"{pq.get(t, (0, 0, 0))[2]:.3f}" for t in ("PERS", "LOC", "ORG", "MISC")
        ]
        print(f"| {name} | " + " | ".join(cells) + f" | {speed:,.0f} | {size / 1e6:.1f} MB |")
    (_, a1, q1, s1, _), (_, a0, q0, s0, _) = rows
    print(
        f"\nratios Marsad/plain: ANERcorp F1 x{a1.micro()[2] / a0.micro()[2]:.2f}, "
        f"AQMAR F1 x{q1.micro()[2] / q0.micro()[2]:.2f}, speed x{s1 / s0:.2f}"
    )
    print(f"plain baseline trained in {base_train_s:.0f} s on {len(train)} sentences")
    e2e = end_to_end(args.seed_dir)
    if e2e:
        print(f"entity step end to end (seed text, {e2e[0]} tokens x20): {e2e[1]:,.0f} tokens/s")
    e2e_x = extract_end_to_end(args.pages)
    if e2e_x:
        print(
            f"marsad extract end to end ({e2e_x[0]} main-text tokens x3): {e2e_x[1]:,.0f} tokens/s without"
            f" --enrich, {e2e_x[2]:,.0f} with --enrich (entities, claims, events)"
        )
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
