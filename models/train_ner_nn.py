"""Train the neural NER tagger (char-CNN + fastText vectors + token evidence → BiLSTM → CRF) with torch.

Data: the document split of models/ner_split.json (models/ner_split.py). Trained on `train`;
the epoch kept is the one with the best mean dev F1 (ANERcorp and AQMAR dev, scored after every
epoch); `sealed` is scored only with --sealed, once, at the end. Inputs are built by
`marsad.enrich.entities.neural.encode`, the featuriser the numpy tagger runs, and the exported
`ner_nn.npz` is scored with that numpy tagger, so the figures are the shipped artifact's.

Needs the `train` extra (torch==2.13.0, CPU) and models/ner_vectors.npz (models/ner_vectors.py).
Seeds are fixed and torch runs deterministic algorithms on 2 threads: a rerun on the same machine
and torch build gives the same weights (see models/NER_CARD.md for what was checked).

Usage: python models/train_ner_nn.py [--data DIR] [--vectors models/ner_vectors.npz]
       [--out models/ner_nn.npz] [--epochs 10] [--hidden 128] [--sealed]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "models"))
ARTIFACTS = ROOT / "models"

from ner_fold_crfs import FOLDS, fold_model, train_folds  # noqa: E402
from ner_split import Docs, Sent, folds, load_split, sentences  # noqa: E402

from marsad.config import SETTINGS  # noqa: E402
from marsad.enrich.entities.conll import score  # noqa: E402
from marsad.enrich.entities.features import Resources, analyse, load_clusters  # noqa: E402
from marsad.enrich.entities.gazetteer import load_gazetteer  # noqa: E402
from marsad.enrich.entities.neural import (  # noqa: E402
    CATEGORIES,
    FLAGS,
    NEURAL_FILE,
    Encoded,
    NeuralTagger,
    Vocabularies,
    bio_penalties,
    crf_marginals,
    encode,
    lstm_directions,
    viterbi,
)
from marsad.enrich.entities.tagger import MODEL_FILE  # noqa: E402

__all__ = ["build_vocabularies", "crf_nll", "export", "load_into", "main", "make_net"]

SEED = 13
TAGS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")


def build_vocabularies(train: list[Sent], res: Resources, vectors: Path) -> Vocabularies:
    """Pretrained words from the vectors file; characters and categorical values seen in train."""
    with np.load(vectors) as z:
        words = str(z["words"]).split("\n")
    chars: Counter[str] = Counter()
    cats: list[Counter[str]] = [Counter() for _ in CATEGORIES]
    for ws, _ in train:
        a = analyse(ws, res)
        for i, k in enumerate(a.keys):
            chars.update(k)
            for j, v in enumerate((a.gaz[i], a.cue[i], a.shapes[i], a.pres[i])):
                cats[j][v] += 1
    return Vocabularies(
        words={w: i for i, w in enumerate(words)},
        chars={c: i + 2 for i, c in enumerate(sorted(c for c, n in chars.items() if n >= 2))},
        cats=tuple({v: i + 1 for i, v in enumerate(sorted(v for v in c if v))} for c in cats),
        tags=TAGS,
    )


def _torch(threads: int = 2) -> Any:
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)
    return torch


def make_net(torch: Any, voc: Vocabularies, vectors: np.ndarray, args: argparse.Namespace) -> Any:
    nn = torch.nn

    class Net(nn.Module):  # type: ignore[misc]
        """The torch twin of neural.forward: same inputs, same layer order, exportable weights."""

        def __init__(self) -> None:
            super().__init__()
            self.vectors = nn.Embedding.from_pretrained(torch.from_numpy(vectors), freeze=True)
            self.char_emb = nn.Embedding(len(voc.chars) + 2, args.char_dim, padding_idx=0)
            self.conv = nn.Conv1d(args.char_dim, args.char_filters, 3, padding=1)
            self.cat_emb = nn.ModuleList(
                nn.Embedding(len(c) + 1, args.cat_dim, padding_idx=0) for c in voc.cats
            )
            d_in = vectors.shape[1] + args.char_filters + args.cat_dim * len(CATEGORIES) + len(FLAGS)
            d_in += len(voc.tags) if args.crf_input else 0  # the CRF's marginals (stacking)
            # A second layer gets dropout on its input (torch applies it between layers).
            self.lstm = nn.LSTM(
                d_in,
                args.hidden,
                num_layers=args.layers,
                dropout=args.dropout if args.layers > 1 else 0.0,
                batch_first=True,
                bidirectional=True,
            )
            self.drop = nn.Dropout(args.dropout)
            self.out = nn.Linear(2 * args.hidden, len(voc.tags))
            self.crf_start = nn.Parameter(torch.zeros(len(voc.tags)))
            self.crf_end = nn.Parameter(torch.zeros(len(voc.tags)))
            self.crf_trans = nn.Parameter(torch.zeros(len(voc.tags), len(voc.tags)))

        def forward(
            self, words: Any, chars: Any, cats: Any, flags: Any, lengths: Any, crf: Any = None
        ) -> Any:
            b, t = words.shape
            ce = self.char_emb(chars.view(b * t, -1)).transpose(1, 2)
            char_vec = torch.relu(self.conv(ce)).max(dim=2).values.view(b, t, -1)
            parts = [self.vectors(words), char_vec]
            parts += [emb(cats[:, :, j]) for j, emb in enumerate(self.cat_emb)]
            parts.append(flags)
            if crf is not None:
                parts.append(crf)
            x = self.drop(torch.cat(parts, dim=2))
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
            return self.out(self.drop(h))

    net = Net()
    net.crf_input = bool(args.crf_input)
    return net


def crf_nll(torch: Any, net: Any, em: Any, tags: Any, mask: Any) -> Any:
    """Mean negative log-likelihood of the gold tag sequences under the linear-chain CRF."""
    b, t, _ = em.shape
    ar = torch.arange(b)
    gold = net.crf_start[tags[:, 0]] + em[ar, 0, tags[:, 0]]
    alpha = net.crf_start + em[:, 0]
    for i in range(1, t):
        m = mask[:, i]
        gold = gold + (net.crf_trans[tags[:, i - 1], tags[:, i]] + em[ar, i, tags[:, i]]) * m
        nxt = torch.logsumexp(alpha[:, :, None] + net.crf_trans[None] + em[:, i, None, :], dim=1)
        alpha = torch.where(m[:, None] > 0, nxt, alpha)
    last = tags[ar, mask.sum(1).long() - 1]
    gold = gold + net.crf_end[last]
    log_z = torch.logsumexp(alpha + net.crf_end, dim=1)
    return (log_z - gold).mean()


def _batch(torch: Any, items: list[tuple[Encoded, list[int]]], unk: int, word_drop: float) -> tuple[Any, ...]:
    """Padded tensors for a batch (the last: CRF marginals, or None when the sentences carry
    none); with word_drop > 0 some words read as unknown (and their vector flags are cleared), so
    the network learns to lean on characters and context."""
    n = max(len(e.word_ids) for e, _ in items)
    b = len(items)
    words = np.full((b, n), unk, dtype=np.int64)
    chars = np.zeros((b, n, items[0][0].char_ids.shape[1]), dtype=np.int64)
    cats = np.zeros((b, n, len(CATEGORIES)), dtype=np.int64)
    flags = np.zeros((b, n, len(FLAGS)), dtype=np.float32)
    tags = np.zeros((b, n), dtype=np.int64)
    mask = np.zeros((b, n), dtype=np.float32)
    first = items[0][0].crf
    crf = None if first is None else np.zeros((b, n, first.shape[1]), dtype=np.float32)
    for i, (e, t) in enumerate(items):
        k = len(t)
        if crf is not None and e.crf is not None:
            crf[i, :k] = e.crf
        words[i, :k], chars[i, :k], cats[i, :k], flags[i, :k] = e.word_ids, e.char_ids, e.cat_ids, e.flags
        if word_drop > 0:
            drop = np.random.random(k) < word_drop
            words[i, :k][drop] = unk
            flags[i, :k][drop, FLAGS.index("vec_word")] = 0
            flags[i, :k][drop, FLAGS.index("vec_stem")] = 0
        tags[i, :k], mask[i, :k] = t, 1
    lengths = torch.tensor([len(t) for _, t in items])
    crf_t = None if crf is None else torch.from_numpy(crf)
    return (*(torch.from_numpy(a) for a in (words, chars, cats, flags, tags, mask)), lengths, crf_t)


def attach_crf_marginals(
    enc: list[tuple[Encoded, list[int]]],
    sents: list[Sent],
    crf_model: Path,
    res: Resources,
    tags: tuple[str, ...],
) -> None:
    """Each encoded sentence gets the marginals of the CRF in `crf_model` (Encoded.crf)."""
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    crf.open(str(crf_model))
    for (e, _), (words, _) in zip(enc, sents, strict=True):
        e.crf = crf_marginals(crf, words, res, tags)


def out_of_fold(
    train_docs: Docs, fold_dir: Path, res: Resources, tags: tuple[str, ...], encode_one: Any
) -> list[tuple[Encoded, list[int]]]:
    """The train sentences encoded (encode_one(words, tags)) in `sentences()` order, each with the
    marginals of the fold CRF that did not see its document (models/ner_fold_crfs.py)."""
    by_doc: dict[tuple[str, int], list[tuple[Encoded, list[int]]]] = {}
    for i, (_, held) in enumerate(folds(train_docs, FOLDS)):
        docs = sorted(held)
        ss = [s for d in docs for s in held[d]]
        enc = [encode_one(w, t) for w, t in ss]
        attach_crf_marginals(enc, ss, fold_model(fold_dir, i), res, tags)
        at = 0
        for d in docs:
            by_doc[d] = enc[at : at + len(held[d])]
            at += len(held[d])
    return [x for d in sorted(train_docs) for x in by_doc[d]]


def _dequantised(vectors: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """int8 rows + an all-zero unknown row, their float16 scales, and the float32 table both
    numpy and torch read (the same products, so the two agree exactly on inputs)."""
    with np.load(vectors) as z:
        q = np.concatenate([z["vectors"], np.zeros((1, z["vectors"].shape[1]), dtype=np.int8)])
        s = np.concatenate([z["scale"], np.zeros(1, dtype=np.float16)])
    return q, s, q.astype(np.float32) * s.astype(np.float32)[:, None]


def export(net: Any, voc: Vocabularies, q: np.ndarray, s: np.ndarray, out: Path) -> None:
    """Weights as numpy arrays (float32), the int8 vectors and the vocabularies, in one npz."""
    p = {k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()}
    w: dict[str, np.ndarray] = {"vectors": q, "vector_scale": s}
    w["char_emb"] = p["char_emb.weight"]
    cw = p["conv.weight"]  # [F, E, 3] → [3E, F], rows ordered (offset, channel) as numpy's windows
    w["conv_w"], w["conv_b"] = cw.transpose(2, 1, 0).reshape(-1, cw.shape[0]), p["conv.bias"]
    for j in range(len(CATEGORIES)):
        w[f"cat_emb{j}"] = p[f"cat_emb.{j}.weight"]
    for layer, names in enumerate(lstm_directions(net.lstm.num_layers)):
        for d, sfx in zip(names, ("", "_reverse"), strict=True):
            t = f"l{layer}{sfx}"
            w[f"w_ih_{d}"], w[f"w_hh_{d}"] = p[f"lstm.weight_ih_{t}"], p[f"lstm.weight_hh_{t}"]
            w[f"b_{d}"] = p[f"lstm.bias_ih_{t}"] + p[f"lstm.bias_hh_{t}"]
    w["out_w"], w["out_b"] = p["out.weight"], p["out.bias"]
    w["crf_start"], w["crf_end"], w["crf_trans"] = p["crf_start"], p["crf_end"], p["crf_trans"]
    if net.crf_input:
        w["crf_input"] = np.array(1.0, dtype=np.float32)  # NeuralTagger feeds it the CRF's marginals

    def ordered(table: dict[str, int]) -> str:
        return "\n".join(k for k, _ in sorted(table.items(), key=lambda kv: kv[1]))

    vocab = {f"voc_{c}": np.array(ordered(voc.cats[j])) for j, c in enumerate(CATEGORIES)}
    vocab |= {"voc_words": np.array(ordered(voc.words)), "voc_tags": np.array("\n".join(voc.tags))}
    vocab["voc_chars"] = np.array("".join(ordered(voc.chars).split("\n")))
    np.savez_compressed(out, **w, **vocab)


def load_into(torch: Any, net: Any, path: Path) -> None:
    """Weights of an exported ner_nn.npz back into the torch network (export's inverse; the
    LSTM's two biases come back as one, which is the same function): training can resume."""
    with np.load(path) as z:
        w = {k: z[k] for k in z.files}
    state = {"char_emb.weight": w["char_emb"], "conv.bias": w["conv_b"]}
    f, e = net.conv.weight.shape[0], net.conv.weight.shape[1]
    state["conv.weight"] = w["conv_w"].reshape(3, e, f).transpose(2, 1, 0)
    for j in range(len(CATEGORIES)):
        state[f"cat_emb.{j}.weight"] = w[f"cat_emb{j}"]
    for layer, names in enumerate(lstm_directions(net.lstm.num_layers)):
        for d, sfx in zip(names, ("", "_reverse"), strict=True):
            t = f"l{layer}{sfx}"
            state[f"lstm.weight_ih_{t}"], state[f"lstm.weight_hh_{t}"] = w[f"w_ih_{d}"], w[f"w_hh_{d}"]
            state[f"lstm.bias_ih_{t}"] = w[f"b_{d}"]
            state[f"lstm.bias_hh_{t}"] = np.zeros_like(w[f"b_{d}"])
    state |= {"out.weight": w["out_w"], "out.bias": w["out_b"]}
    state |= {k: w[k] for k in ("crf_start", "crf_end", "crf_trans")}
    tensors = {k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32)) for k, v in state.items()}
    missing = net.load_state_dict(tensors, strict=False).missing_keys
    if missing != ["vectors.weight"]:  # the frozen vectors come from --vectors
        raise SystemExit(f"{path} does not fit this network: {missing}")


def _decode(
    net: Any, torch: Any, data: list[tuple[Encoded, list[int]]], voc: Vocabularies
) -> list[list[str]]:
    """Tags from the torch network (eval mode) with the numpy Viterbi and BIO constraints."""
    ps, pt = bio_penalties(voc.tags)
    start = net.crf_start.detach().numpy() + ps
    trans = net.crf_trans.detach().numpy() + pt
    end = net.crf_end.detach().numpy()
    out: dict[int, list[str]] = {}
    order = sorted(range(len(data)), key=lambda i: len(data[i][1]))  # little padding per batch
    net.eval()
    with torch.no_grad():
        for at in range(0, len(order), 64):
            idx = order[at : at + 64]
            words, chars, cats, flags, _, _, lengths, crf = _batch(
                torch, [data[i] for i in idx], len(voc.words), 0.0
            )
            em = net(words, chars, cats, flags, lengths, crf).numpy()
            for b, i in enumerate(idx):
                out[i] = [voc.tags[j] for j in viterbi(em[b, : len(data[i][1])], start, trans, end)]
    return [out[i] for i in range(len(data))]


def _f1(gold: list[Sent], pred: list[list[str]]) -> float:
    return float(score([t for _, t in gold], pred).micro()[2])


def lr_at(step: int, total: int, args: argparse.Namespace) -> float:
    """The learning rate of optimiser step `step` of `total`: constant, or cosine decay from --lr
    to --min-lr over the whole run (large steps early, small ones as the dev F1 settles: the
    10-epoch constant-rate run was still rising and noisy epoch to epoch, NER_CARD.md)."""
    if args.schedule == "constant" or total <= 1:
        return float(args.lr)
    return float(args.min_lr + 0.5 * (args.lr - args.min_lr) * (1 + math.cos(math.pi * step / (total - 1))))


def _epoch(
    torch: Any,
    net: Any,
    opt: Any,
    train: list[tuple[Encoded, list[int]]],
    args: argparse.Namespace,
    ep: int,
) -> float:
    """One pass over length-sorted, shuffled batches (epoch `ep`, from 0); returns the mean loss."""
    net.train()
    order = sorted(range(len(train)), key=lambda i: len(train[i][1]))
    batches = [order[i : i + args.batch] for i in range(0, len(order), args.batch)]
    random.shuffle(batches)
    total = 0.0
    for b, idx in enumerate(batches):
        for group in opt.param_groups:
            group["lr"] = lr_at(ep * len(batches) + b, args.epochs * len(batches), args)
        words, chars, cats, flags, tags, mask, lengths, crf = _batch(
            torch, [train[i] for i in idx], int(net.vectors.weight.shape[0]) - 1, args.word_drop
        )
        loss = crf_nll(torch, net, net(words, chars, cats, flags, lengths, crf), tags, mask)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        opt.step()
        total += float(loss.detach())
    return total / len(batches)


def fit(
    parts: dict[str, Any], res: Resources, args: argparse.Namespace
) -> tuple[Any, Vocabularies, dict[str, Any]]:
    """Train; keep the weights of the epoch with the best mean dev F1 (ANERcorp, AQMAR)."""
    torch = _torch(args.threads)
    random.seed(SEED)
    np.random.seed(SEED)
    train = sentences(parts["train"])
    voc = build_vocabularies(train, res, args.vectors)
    q, s, table = _dequantised(args.vectors)
    tag_id = {t: i for i, t in enumerate(voc.tags)}

    def encode_one(w: list[str], t: list[str]) -> tuple[Encoded, list[int]]:
        return encode(w, res, voc), [tag_id[x] for x in t]

    if args.crf_input:
        # Stacking: out-of-fold CRF marginals on train; dev reads the CRF shipped beside the model.
        # Folds missing from the cache, in process: torch has started threads, and a fork could hang.
        train_folds(parts["train"], args.clusters, args.crf_folds, 1)
        enc = out_of_fold(parts["train"], args.crf_folds, res, voc.tags, encode_one)
    else:
        enc = [encode_one(w, t) for w, t in train]
    dev = {c: sentences(parts["dev"], c) for c in ("anercorp", "aqmar")}
    dev_enc = {c: [(encode(w, res, voc), [0] * len(w)) for w, _ in ss] for c, ss in dev.items()}
    if args.crf_input:
        for c, ss in dev.items():
            attach_crf_marginals(dev_enc[c], ss, args.out.parent / MODEL_FILE, res, voc.tags)
    net = make_net(torch, voc, table, args)
    if args.init is not None:
        load_into(torch, net, args.init)  # resume (a fresh optimiser) from an exported model
    opt = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=args.lr)
    best: tuple[float, int, dict[str, Any]] = (-1.0, -1, {})
    history = []
    started = time.monotonic()
    for ep in range(args.epochs):
        if (time.monotonic() - started) / 60 > args.max_minutes:
            break  # wall-clock budget of a shared machine; the best epoch so far is already exported
        t0 = time.process_time()
        loss = _epoch(torch, net, opt, enc, args, ep)
        f1 = {c: _f1(dev[c], _decode(net, torch, dev_enc[c], voc)) for c in dev}
        mean = (f1["anercorp"] + f1["aqmar"]) / 2
        history.append({"epoch": ep + 1, "loss": round(loss, 4), **{c: round(v, 4) for c, v in f1.items()}})
        print(json.dumps(history[-1] | {"cpu_s": round(time.process_time() - t0)}), flush=True)
        if mean > best[0]:
            best = (mean, ep + 1, {k: v.clone() for k, v in net.state_dict().items()})
            export(net, voc, q, s, args.out)  # on disk at once: an interrupted run keeps its best epoch
        elif ep + 1 - best[1] >= args.patience:
            break  # no dev gain for `patience` epochs
    net.load_state_dict(best[2])
    return net, voc, {"best_epoch": best[1], "history": history}


def evaluate(model_dir: Path, sents: list[Sent]) -> tuple[dict[str, object], float]:
    """conlleval scores of the numpy tagger on the sentences, and tokens/s on one core (CPU time)."""
    tagger = NeuralTagger(model_dir)
    t0 = time.process_time()
    pred = tagger.tag_many([w for w, _ in sents], SETTINGS.ner_max_sentence)
    secs = time.process_time() - t0
    return dict(score([t for _, t in sents], pred).as_dict()), sum(len(w) for w, _ in sents) / secs


# CRF weights tried for the ensemble (neural.NeuralTagger): 0 = the network alone.
CRF_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0)


def choose_crf_weight(model: Path, dev: dict[str, list[Sent]]) -> dict[str, object]:
    """Dev F1 of each CRF weight; the best (mean of ANERcorp and AQMAR dev) is written into the
    npz as `crf_weight`, so the tagger runs the chosen ensemble (or the network alone, at 0)."""
    tried: dict[str, object] = {}
    best = (-1.0, 0.0)
    for cw in CRF_WEIGHTS:
        tagger = NeuralTagger(model.parent, crf_weight=cw)
        f1 = {
            c: _f1(ss, tagger.tag_many([w for w, _ in ss], SETTINGS.ner_max_sentence))
            for c, ss in dev.items()
        }
        tried[str(cw)] = {c: round(v, 4) for c, v in f1.items()}
        print(json.dumps({"crf_weight": cw, **tried[str(cw)]}), flush=True)
        if (f1["anercorp"] + f1["aqmar"]) / 2 > best[0]:
            best = ((f1["anercorp"] + f1["aqmar"]) / 2, cw)
    with np.load(model) as z:
        arrays = {k: z[k] for k in z.files}
    np.savez_compressed(model, **(arrays | {"crf_weight": np.array(best[1], dtype=np.float32)}))
    return {"crf_weight": best[1], "crf_weights_dev": tried}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    ap.add_argument("--clusters", type=Path, default=ARTIFACTS / "ner_clusters.tsv")
    ap.add_argument("--vectors", type=Path, default=ARTIFACTS / "ner_vectors.npz")
    ap.add_argument("--out", type=Path, default=ARTIFACTS / NEURAL_FILE)
    ap.add_argument("--metrics", type=Path, default=ARTIFACTS / "ner_nn_metrics.json")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--patience", type=int, default=3, help="epochs without a dev gain before stopping")
    ap.add_argument("--max-minutes", type=float, default=60.0, help="no new epoch after this much wall time")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--schedule", choices=("constant", "cosine"), default="constant")
    ap.add_argument("--min-lr", type=float, default=1e-4, help="the cosine schedule's last rate")
    ap.add_argument("--threads", type=int, default=2, help="torch threads (1 when the machine is busy)")
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=1, help="stacked BiLSTM layers")
    ap.add_argument(
        "--crf-input", action="store_true", help="the CRF's marginals as network input (out-of-fold on train)"
    )
    ap.add_argument(
        "--crf-folds", type=Path, default=Path("/work/cache/ner_nn/folds"), help="fold CRFs' cache"
    )
    ap.add_argument("--char-dim", type=int, default=32)
    ap.add_argument("--char-filters", type=int, default=64)
    ap.add_argument("--cat-dim", type=int, default=8)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--word-drop", type=float, default=0.05)
    ap.add_argument("--sealed", action="store_true", help="also score the sealed part (once, at the end)")
    ap.add_argument("--init", type=Path, help="start from this exported ner_nn.npz (same data and sizes)")
    ap.add_argument(
        "--tune-only", action="store_true", help="keep --out's network; only choose the CRF weight"
    )
    args = ap.parse_args()
    if args.out.name != NEURAL_FILE:
        raise SystemExit(f"--out must be named {NEURAL_FILE} (the tagger looks for that name)")
    res = Resources(load_gazetteer(), load_clusters(args.clusters))
    parts = load_split(args.data)
    t0 = time.perf_counter()
    if args.tune_only:
        # The training run's record (its settings, epochs, dev history) stays in the metrics file.
        old = json.loads(args.metrics.read_text(encoding="utf-8")) if args.metrics.is_file() else {}
        info: dict[str, Any] = {
            k: old[k] for k in ("settings", "train_seconds", "best_epoch", "history") if k in old
        }
    else:
        _, _, info = fit(parts, res, args)
    info |= choose_crf_weight(args.out, {c: sentences(parts["dev"], c) for c in ("anercorp", "aqmar")})
    metrics: dict[str, object] = {
        "settings": {
            k: (str(v.relative_to(ROOT)) if isinstance(v, Path) and v.is_relative_to(ROOT) else str(v))
            for k, v in vars(args).items()
        },
        "train_seconds": round(time.perf_counter() - t0, 1),
    } | info
    # The clusters file sits beside the model at run time; here it is read from --clusters.
    model_dir = args.out.parent
    speeds = []
    for part in ("dev", "sealed") if args.sealed else ("dev",):
        for corpus in ("anercorp", "aqmar"):
            m, speed = evaluate(model_dir, sentences(parts[part], corpus))
            metrics[f"{part}_{corpus}"] = m
            speeds.append(speed)
    metrics["tokens_per_second_one_core"] = round(min(speeds))
    metrics["model_bytes"] = args.out.stat().st_size
    args.metrics.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in metrics.items() if k != "history"}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
