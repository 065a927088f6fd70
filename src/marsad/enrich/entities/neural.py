"""The neural NER tagger in numpy: char-CNN + pretrained word vectors + token evidence → BiLSTM → CRF.

Trained with torch by models/train_ner_nn.py (torch is a training-only extra); the weights, the
vocabularies and the int8 word vectors travel in one `ner_nn.npz`, and this module runs them with
numpy alone. Per token the network reads: the fastText vector of the folded word (else of its
clitic-stripped stem, else an unknown-word row), a max-pooled CNN over its characters, embeddings
of the CRF's categorical evidence (gazetteer tag, cue word, shape, proclitics) and a few flags
(given name, surname, relative adjective, article, sport sentence, which vector was found).
Tags are decoded by Viterbi over the learnt transitions, with BIO constraints (no I-X after O or
another type) imposed on top.

`encode` is the one featuriser: training and tagging both call it, so they cannot drift apart.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np

from marsad.enrich.entities.features import Resources, analyse, is_nisba, sentence_features
from marsad.enrich.entities.tagger import (
    MODEL_FILE,
    Tagger,
    clean_words,
    find_model_dir,
    model_resources,
    open_crf,
)
from marsad.errors import ModelError

__all__ = [
    "CATEGORIES",
    "CRF_CHOICE",
    "FLAGS",
    "MAX_CHARS",
    "NEURAL_CHOICE",
    "NEURAL_FILE",
    "Encoded",
    "NeuralTagger",
    "Vocabularies",
    "bio_penalties",
    "crf_marginals",
    "encode",
    "forward",
    "lstm_directions",
    "viterbi",
]

NEURAL_FILE = "ner_nn.npz"
# The `ner_model` setting's names for the bundled taggers: the neural one (`--ner-model neural`,
# MARSAD_NER_MODEL=neural) and the feature CRF alone (`crf`, or an empty value); any other value
# is a directory.
NEURAL_CHOICE = "neural"
CRF_CHOICE = "crf"
# Characters read per word: longer words are cut (their first MAX_CHARS letters carry the clitics
# and most of the stem); every word is padded to this width so the CNN is one batched product.
MAX_CHARS: Final = 16  # fact: the character window the shipped network was trained with
# Categorical evidence, each embedded by the network; index 0 = absent or unseen in training.
CATEGORIES = ("gaz", "cue", "shape", "pre")
FLAGS = ("given", "surname", "nisba", "article", "sport", "vec_word", "vec_stem", "first")
# A forbidden transition's score: far below any learnt score, finite so sums stay exact.
_FORBID: Final = -1e4  # fact: a masking score of the decoder, not a tuning knob


@dataclass(slots=True)
class Vocabularies:
    """Index tables: pretrained words (row i of the vectors; len = unknown row), characters and
    categorical values (0 = padding/unknown), and the tag set."""

    words: dict[str, int]
    chars: dict[str, int]
    cats: tuple[dict[str, int], ...]
    tags: tuple[str, ...]


@dataclass(slots=True)
class Encoded:
    """One sentence as the network's input arrays (n tokens)."""

    word_ids: np.ndarray  # [n] int64
    char_ids: np.ndarray  # [n, MAX_CHARS] int64
    cat_ids: np.ndarray  # [n, len(CATEGORIES)] int64
    flags: np.ndarray  # [n, len(FLAGS)] float32
    # [n, tags] float32: the feature CRF's marginals, for a network trained with them as input
    # (stacking, `crf_input` in the artifact); None for one that is not.
    crf: np.ndarray | None = None


def encode(words: list[str], res: Resources, voc: Vocabularies) -> Encoded:
    """The network's inputs for one sentence (tokens as written)."""
    a = analyse(words, res)
    n = len(words)
    unk = len(voc.words)
    word_ids = np.full(n, unk, dtype=np.int64)
    char_ids = np.zeros((n, MAX_CHARS), dtype=np.int64)
    cat_ids = np.zeros((n, len(CATEGORIES)), dtype=np.int64)
    flags = np.zeros((n, len(FLAGS)), dtype=np.float32)
    g = res.gazetteer
    sport = float("sport" in a.topics)
    for i, (k, s) in enumerate(zip(a.keys, a.stems, strict=True)):
        wid = voc.words.get(k)
        sid = voc.words.get(s) if wid is None else None
        word_ids[i] = wid if wid is not None else sid if sid is not None else unk
        for j, c in enumerate(k[:MAX_CHARS]):
            char_ids[i, j] = voc.chars.get(c, 1)
        for j, value in enumerate((a.gaz[i], a.cue[i], a.shapes[i], a.pres[i])):
            cat_ids[i, j] = voc.cats[j].get(value, 0)
        flags[i] = (
            s in g.given,
            s in g.surname,
            is_nisba(s, g),
            s.startswith("ال") or a.pres[i].endswith("ال"),
            sport,
            wid is not None,
            sid is not None,
            i == 0,
        )
    return Encoded(word_ids, char_ids, cat_ids, flags)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # overflow-free


def _lstm(x: np.ndarray, lengths: np.ndarray, w: dict[str, np.ndarray], d: str) -> np.ndarray:
    """One LSTM direction over a padded batch x [B, T, D] (torch gate order i, f, g, o); d names
    the weights: "f"/"r" for the first layer, "f1"/"r1" for a second one (lstm_directions).

    The reverse direction runs forward over each sentence reversed within its own length, so
    padding never reaches a real token."""
    b, t_max, _ = x.shape
    reverse = d.startswith("r")
    if reverse:
        idx = np.array([[(n - 1 - t) if t < n else t for t in range(t_max)] for n in lengths])
        x = x[np.arange(b)[:, None], idx]
    xp = x @ w[f"w_ih_{d}"].T + w[f"b_{d}"]
    h_size = w[f"w_hh_{d}"].shape[1]
    h = np.zeros((b, h_size), dtype=np.float32)
    c = np.zeros((b, h_size), dtype=np.float32)
    out = np.empty((b, t_max, h_size), dtype=np.float32)
    w_hh_t = w[f"w_hh_{d}"].T
    for t in range(t_max):
        gates = xp[:, t] + h @ w_hh_t
        i, f, g, o = np.split(gates, 4, axis=1)
        c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
        h = _sigmoid(o) * np.tanh(c)
        out[:, t] = h
    if reverse:
        out = out[np.arange(b)[:, None], idx]
    return out


def _token_inputs(batch: list[Encoded], w: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Padded [B, T, D] token vectors (word vector, char-CNN, category embeddings, flags), lengths."""
    lengths = np.array([len(e.word_ids) for e in batch])
    word_ids = np.concatenate([e.word_ids for e in batch])
    chars = np.concatenate([e.char_ids for e in batch])
    cats = np.concatenate([e.cat_ids for e in batch])
    flags = np.concatenate([e.flags for e in batch])
    vec = w["vectors"][word_ids].astype(np.float32) * w["vector_scale"][word_ids, None].astype(np.float32)
    ce = w["char_emb"][chars]  # [N, L, E]; row 0 (padding) is zero
    pad = np.zeros((ce.shape[0], 1, ce.shape[2]), dtype=np.float32)
    cp = np.concatenate([pad, ce, pad], axis=1)
    windows = np.concatenate([cp[:, :-2], cp[:, 1:-1], cp[:, 2:]], axis=2)  # [N, L, 3E]
    char_vec = np.maximum(windows @ w["conv_w"] + w["conv_b"], 0.0).max(axis=1)
    parts = [vec, char_vec] + [w[f"cat_emb{j}"][cats[:, j]] for j in range(len(CATEGORIES))] + [flags]
    if "crf_input" in w:
        if any(e.crf is None for e in batch):
            raise ModelError("this neural NER model reads CRF marginals: the batch has none")
        parts.append(np.concatenate([e.crf for e in batch if e.crf is not None]))
    tokens = np.concatenate(parts, axis=1).astype(np.float32)
    out = np.zeros((len(batch), int(lengths.max()), tokens.shape[1]), dtype=np.float32)
    at = 0
    for b, n in enumerate(lengths):
        out[b, :n] = tokens[at : at + n]
        at += n
    return out, lengths


def lstm_directions(layers: int) -> list[tuple[str, str]]:
    """Weight-name suffixes (forward, reverse) of each stacked BiLSTM layer: ("f", "r") for the
    first (the names of the one-layer artifacts), then ("f1", "r1"), ..."""
    return [("f", "r") if i == 0 else (f"f{i}", f"r{i}") for i in range(layers)]


def forward(batch: list[Encoded], w: dict[str, np.ndarray]) -> list[np.ndarray]:
    """Per-sentence emission scores [n, tags] for a batch of encoded sentences."""
    h, lengths = _token_inputs(batch, w)
    layers = 1 + sum(1 for k in w if k.startswith("w_ih_f") and k != "w_ih_f")
    for fw, rv in lstm_directions(layers):
        # Each layer reads the previous layer's two directions (torch's stacked LSTM).
        h = np.concatenate([_lstm(h, lengths, w, fw), _lstm(h, lengths, w, rv)], axis=2)
    em = h @ w["out_w"].T + w["out_b"]
    return [em[b, :n] for b, n in enumerate(lengths)]


def bio_penalties(tags: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(start [T], transition [T, T]) penalties forbidding I-X at the start, after O or after
    another type: a well-formed BIO sequence whatever the learnt scores."""
    n = len(tags)
    start = np.zeros(n, dtype=np.float32)
    trans = np.zeros((n, n), dtype=np.float32)
    for j, t in enumerate(tags):
        if t.startswith("I-"):
            start[j] = _FORBID
            for i, prev in enumerate(tags):
                if prev[2:] != t[2:]:
                    trans[i, j] = _FORBID
    return start, trans


def viterbi(em: np.ndarray, start: np.ndarray, trans: np.ndarray, end: np.ndarray) -> list[int]:
    """Best tag indices for emissions [n, T]; trans[i, j] scores tag i followed by tag j."""
    score = start + em[0]
    back = np.zeros(em.shape, dtype=np.int64)
    for t in range(1, em.shape[0]):
        cand = score[:, None] + trans
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + em[t]
    best = [int((score + end).argmax())]
    for t in range(em.shape[0] - 1, 0, -1):
        best.append(int(back[t, best[-1]]))
    return best[::-1]


def crf_marginals(crf: Any, words: list[str], res: Resources, tags: tuple[str, ...]) -> np.ndarray:
    """[n, tags] P(tag at token) under an open feature CRF (pycrfsuite.Tagger), floored at 1e-6
    (so its log is finite); a tag the CRF does not know gets the floor."""
    crf.set(sentence_features(words, res))
    known = set(crf.labels())
    m = np.full((len(words), len(tags)), 1e-6, dtype=np.float32)
    for j, t in enumerate(tags):
        if t in known:
            m[:, j] = [max(crf.marginal(t, k), 1e-6) for k in range(len(words))]
    return m


def _one_blas_thread() -> AbstractContextManager[object]:
    """BLAS on one thread while tagging, when threadpoolctl is installed (it comes with the
    `train` extra's scikit-learn). The products here are small (batch x 128 by 128 x 512): a
    multi-threaded BLAS spends more CPU synchronising than computing — measured 3,600 tokens/s
    per core with the default threads against 13,500 with one."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return nullcontext()
    limits: AbstractContextManager[object] = threadpool_limits(1, user_api="blas")
    return limits


def load_weights(path: Path) -> tuple[dict[str, np.ndarray], Vocabularies]:
    """Arrays and vocabularies of a ner_nn.npz (ModelError if unreadable)."""
    try:
        with np.load(path) as z:
            w = {k: z[k] for k in z.files if not k.startswith("voc_")}
            voc = Vocabularies(
                words={s: i for i, s in enumerate(str(z["voc_words"]).split("\n"))},
                chars={c: i + 2 for i, c in enumerate(str(z["voc_chars"]))},
                cats=tuple(
                    # An empty table is stored as "", which must not read as a value.
                    {s: i + 1 for i, s in enumerate(str(z[f"voc_{c}"]).split("\n")) if s}
                    for c in CATEGORIES
                ),
                tags=tuple(str(z["voc_tags"]).split("\n")),
            )
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"cannot load neural NER model {path}: {exc}") from exc
    for k, v in w.items():
        if v.dtype == np.float16 and k != "vector_scale":
            w[k] = v.astype(np.float32)
    return w, voc


class NeuralTagger(Tagger):
    """BIO tags from the numpy BiLSTM-CRF; same interface (and gazetteer resources) as the CRF.

    With a CRF weight > 0 (stored in the artifact as `crf_weight`, chosen on dev by the training
    script; or given here) it is an ensemble: the feature CRF beside the model (ner.crfsuite) adds
    weight x log of its per-token marginals to the network's emission scores before Viterbi. A
    network trained with `crf_input` also reads those marginals as token inputs (stacking)."""

    # Sentences run through the BiLSTM together: one matrix product per step for the whole batch.
    BATCH = 32

    def __init__(self, model_dir: Path | None = None, crf_weight: float | None = None) -> None:
        d = model_dir or find_model_dir()
        path = d / NEURAL_FILE
        if not path.is_file():
            raise ModelError(f"neural NER model not found: {path}")
        # The clusters beside the model decide clitic splits (features.word_info), as in training.
        self.resources = model_resources(d)
        self.weights, self.voc = load_weights(path)
        pen_start, pen_trans = bio_penalties(self.voc.tags)
        self._start = self.weights["crf_start"] + pen_start
        self._trans = self.weights["crf_trans"] + pen_trans
        self._end = self.weights["crf_end"]
        stored = float(self.weights["crf_weight"]) if "crf_weight" in self.weights else 0.0
        self.crf_weight = stored if crf_weight is None else crf_weight
        self._crf: Any = None
        self.crf_input = "crf_input" in self.weights
        if self.crf_weight > 0 or self.crf_input:
            if not (d / MODEL_FILE).is_file():
                raise ModelError(f"the neural tagger's CRF weight or CRF input needs {d / MODEL_FILE}")
            self._crf = open_crf(d / MODEL_FILE)

    def tag(self, words: list[str], window: int) -> list[str]:
        return self.tag_many([words], window)[0]

    def tag_many(self, sentences: list[list[str]], window: int) -> list[list[str]]:
        # Windows of `window` tokens (Settings.ner_max_sentence), as the CRF tags them: (sentence, window start, words).
        pieces: list[tuple[int, int, list[str]]] = []
        for s, words in enumerate(sentences):
            clean = clean_words(words)
            pieces += [(s, i, clean[i : i + window]) for i in range(0, len(clean), window)]
        # Batches of similar lengths: the BiLSTM runs to the longest sentence of its batch.
        pieces.sort(key=lambda p: len(p[2]))
        tagged: dict[tuple[int, int], list[str]] = {}
        with _one_blas_thread():
            for at in range(0, len(pieces), self.BATCH):
                chunk = pieces[at : at + self.BATCH]
                batch = [encode(w, self.resources, self.voc) for _, _, w in chunk]
                if self._crf is not None:
                    for e, (_, _, w) in zip(batch, chunk, strict=True):
                        e.crf = crf_marginals(self._crf, w, self.resources, self.voc.tags)
                ems = forward(batch, self.weights)
                for e, (s, i, _w), em in zip(batch, chunk, ems, strict=True):
                    if self.crf_weight > 0 and e.crf is not None:
                        em = em + self.crf_weight * np.log(e.crf)
                    best = viterbi(em, self._start, self._trans, self._end)
                    tagged[s, i] = [self.voc.tags[j] for j in best]
        return [
            [t for i in range(0, len(words), window) for t in tagged[s, i]]
            for s, words in enumerate(sentences)
        ]
