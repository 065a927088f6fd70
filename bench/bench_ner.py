"""NER benchmark: the shipped tagger against today's CRF and a plain word-feature CRF, both
trained in the same run on the same train part, and the neural tagger (models/ner_nn.npz, trained
by models/train_ner_nn.py) when it is there.

Peers: "shipped" = models/ner.crfsuite with whatever sits beside it (fastText clusters and the
subword table when present); "CRF, no fastText" = the same features without the fastText clusters
(the tagger as it was before them), trained here with the shipped settings; "plain word CRF" =
word identity, neighbours and shape only. All are scored conlleval-style (exact spans, micro and
per type) on the `dev` part of models/ner_split.json (ANERcorp-style news and AQMAR apart), and
on the `sealed` part with --sealed (once, at the end of a round of work). Speed is tagging alone
(features + Viterbi) in one process, CPU time, so tokens/s is per core; size counts every file
the model loads besides the shared gazetteer. Prints a markdown table and ratios.

Usage: python bench/bench_ner.py [--data ../shared/data/ner] [--model-dir models] [--sealed]
       [--seed-dir ../shared/data/seed]
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
from ner_split import load_split, sentences  # noqa: E402
from train_ner import Sent, resources, train  # noqa: E402

from marsad.config import SETTINGS  # noqa: E402
from marsad.enrich.entities.conll import Score, score  # noqa: E402
from marsad.enrich.entities.features import Resources, sentence_features  # noqa: E402
from marsad.enrich.entities.neural import NEURAL_FILE, NeuralTagger  # noqa: E402
from marsad.enrich.entities.tagger import CLUSTERS_FILE, EMBED_FILE, MODEL_FILE, SUBWORDS_FILE  # noqa: E402


def run(model: Path, res: Resources, sents: list[Sent]) -> tuple[Score, float]:
    tg = pycrfsuite.Tagger()
    tg.open(str(model))
    # CPU time, not wall time: per-core throughput that other jobs on a shared machine do not skew.
    t0 = time.process_time()
    pred = [tg.tag(sentence_features(w, res)) for w, _ in sents]
    secs = time.process_time() - t0
    return score([t for _, t in sents], pred), sum(len(w) for w, _ in sents) / secs


def run_neural(model_dir: Path, sents: list[Sent]) -> tuple[Score, float]:
    """The numpy BiLSTM-CRF (marsad.enrich.entities.neural) on the same sentences, same timing."""
    tagger = NeuralTagger(model_dir)
    t0 = time.process_time()
    pred = tagger.tag_many([w for w, _ in sents], SETTINGS.ner_max_sentence)
    secs = time.process_time() - t0
    return score([t for _, t in sents], pred), sum(len(w) for w, _ in sents) / secs


def train_plain(train: list[Sent], res: Resources, out: Path) -> None:
    tr = pycrfsuite.Trainer(verbose=False)
    for w, t in train:
        tr.append(sentence_features(w, res), t)
    tr.set_params({"c1": 0.1, "c2": 0.01, "max_iterations": 150})
    tr.train(str(out))


def end_to_end(seed_dir: Path | None, repeat: int = 20) -> tuple[int, float] | None:
    """Tokens/s of the whole entity step (tagging, gazetteers, grouping, roles) on the seed's text,
    with the default tagger (Settings.ner_model: the neural one since 2026-12-06)."""
    if seed_dir is None or not (seed_dir / "expected.json").is_file():
        return None
    import json

    from marsad.arabic.tokens import tokenize
    from marsad.enrich.entities import add_entities
    from marsad.enrich.entities.transformer import load_ner_tagger
    from marsad.model import Article, Block, Label, Source

    d = json.loads((seed_dir / "expected.json").read_text(encoding="utf-8"))
    texts = [d["title"], d["lede"]] + [p["text"] for p in d["paragraphs"]]
    tagger = load_ner_tagger(SETTINGS.ner_model)
    ntok = sum(len(tokenize(t)) for t in texts)
    t0 = time.process_time()
    for _ in range(repeat):
        a = Article(Source(), blocks=[Block(i, t, Label.PARAGRAPH) for i, t in enumerate(texts)])
        add_entities(a, SETTINGS, tagger)
    return ntok, ntok * repeat / (time.process_time() - t0)


def extract_end_to_end(paths: list[str], repeat: int = 3) -> tuple[int, float, float] | None:
    """(tokens, tokens/s of `extract`, tokens/s of `extract --enrich`) over the given pages."""
    from marsad.api import extract_many
    from marsad.arabic.tokens import tokenize
    from marsad.enrich.entities.transformer import load_ner_tagger
    from marsad.model import MAIN_TEXT_LABELS
    from marsad.read import expand_inputs

    inputs = expand_inputs(paths)
    if not inputs:
        return None
    load_ner_tagger(SETTINGS.ner_model)  # loading the model and gazetteers is a one-off, not per page
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
    ap.add_argument("--sealed", action="store_true", help="also score the sealed part (end of a round only)")
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

    parts = load_split(args.data)
    train_sents = sentences(parts["train"])
    evals = [
        (p, c, sentences(parts[p], c))
        for p in ("dev", "sealed")
        if p == "dev" or args.sealed
        for c in ("anercorp", "aqmar")
    ]
    d = args.model_dir
    today = resources(d / CLUSTERS_FILE, None)
    plain = Resources(today.gazetteer, {}, plain=True)
    with tempfile.TemporaryDirectory() as tmp:
        base, crf = Path(tmp) / "plain.crfsuite", Path(tmp) / "today.crfsuite"
        t0 = time.process_time()
        train_plain(train_sents, plain, base)
        base_train_s = time.process_time() - t0
        train(train_sents, today, crf, 0.1, 0.01, 300)
        # The shipped model is read only now, after the baselines are trained.
        has_embed = (d / EMBED_FILE).is_file() and (d / SUBWORDS_FILE).is_file()
        shipped = resources(d / CLUSTERS_FILE, d if has_embed else None)
        files = [MODEL_FILE, CLUSTERS_FILE] + ([EMBED_FILE, SUBWORDS_FILE] if has_embed else [])
        rows = []
        for name, model, res, size in (
            (
                "shipped" + (" (CRF + fastText clusters)" if has_embed else " (CRF)"),
                d / MODEL_FILE,
                shipped,
                sum((d / f).stat().st_size for f in files),
            ),
            (
                "CRF, no fastText (today's features, retrained)",
                crf,
                today,
                crf.stat().st_size + (d / CLUSTERS_FILE).stat().st_size,
            ),
            ("plain word CRF", base, plain, base.stat().st_size),
        ):
            scores, speeds = [], []
            for _, _, sents in evals:
                sc, sp = run(model, res, sents)
                scores.append(sc)
                speeds.append(sp)
            rows.append((name, scores, min(speeds), size))
    if (d / NEURAL_FILE).is_file():
        # The neural tagger reads its own npz (vectors inside) and the clusters beside it.
        runs = [run_neural(d, sents) for _, _, sents in evals]
        size = (d / NEURAL_FILE).stat().st_size + (d / CLUSTERS_FILE).stat().st_size
        if NeuralTagger(d).crf_weight > 0:  # the ensemble reads the CRF beside it too
            size += (d / MODEL_FILE).stat().st_size
        rows.append(("neural BiLSTM-CRF (numpy)", [r[0] for r in runs], min(r[1] for r in runs), size))
    head = " | ".join(f"{p} {c} F1 | PERS | LOC | ORG | MISC" for p, c, _ in evals)
    print(f"| model | {head} | tokens/s/core | size |")
    print("|---" * (2 + 5 * len(evals)) + "|---|")
    types = ("PERS", "LOC", "ORG", "MISC")
    for name, scores, speed, size in rows:
        cells = []
        for sc in scores:
            pt = sc.per_type()
            cells += [f"{sc.micro()[2]:.3f}"] + [f"{pt.get(t, (0, 0, 0))[2]:.3f}" for t in types]
        print(f"| {name} | " + " | ".join(cells) + f" | {speed:,.0f} | {size / 1e6:.1f} MB |")
    (_, s1, v1, _), (_, s2, v2, _), (_, s0, v0, _) = rows[:3]
    if len(rows) > 3:
        _, sn, vn, _ = rows[3]
        for (p, c, _), a, b in zip(evals, sn, s2, strict=True):
            print(
                f"{p} {c}: neural/CRF F1 x{a.micro()[2] / b.micro()[2]:.3f} ({a.micro()[2]:.3f} vs {b.micro()[2]:.3f})"
            )
        print(f"speed: neural/CRF x{vn / v2:.2f}")
    for (p, c, _), a, b, z in zip(evals, s1, s2, s0, strict=True):
        print(
            f"{p} {c}: shipped/no-fastText F1 x{a.micro()[2] / b.micro()[2]:.3f}, "
            f"shipped/plain x{a.micro()[2] / z.micro()[2]:.2f}"
        )
    print(f"speed: shipped/no-fastText x{v1 / v2:.2f}, shipped/plain x{v1 / v0:.2f}")
    print(f"plain baseline trained in {base_train_s:.0f} s CPU on {len(train_sents)} sentences")
    e2e = end_to_end(args.seed_dir)
    if e2e:
        print(
            f"entity step end to end ({SETTINGS.ner_model or 'crf'} tagger, seed text, {e2e[0]} tokens x20): {e2e[1]:,.0f} tokens/s"
        )
    e2e_x = extract_end_to_end(args.pages)
    if e2e_x:
        print(
            f"marsad extract end to end ({e2e_x[0]} main-text tokens x3): {e2e_x[1]:,.0f} tokens/s without"
            f" --enrich, {e2e_x[2]:,.0f} with --enrich (entities, claims, events)"
        )
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
