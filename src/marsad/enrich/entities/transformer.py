"""Optional transformer backend: a LOCAL Hugging Face token-classification model as the tagger.

`--ner-model DIR` (or MARSAD_NER_MODEL) selects it. DIR holds either
- `model.onnx` (an exported token-classification model: inputs input_ids, attention_mask
  [, token_type_ids]; output logits [batch, seq, labels]), `tokenizer.json` (HF `tokenizers`
  format) and `config.json` (id2label) — run with onnxruntime on the CPU (extra `ner-onnx`); or
- a transformers checkpoint (config.json, weights, tokenizer files) — used only when
  `transformers` is importable and DIR has no model.onnx.

Nothing is ever downloaded: files are read from DIR and the Hugging Face libraries are put in
offline mode. The tagger keeps the CRF tagger's interface (`tag`, `tag_many`, `resources`), so
gazetteers, mention grouping, roles and Latin names work the same whatever model tags.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from marsad.enrich.entities.features import Resources, load_clusters
from marsad.enrich.entities.gazetteer import load_gazetteer
from marsad.enrich.entities.tagger import CLUSTERS_FILE, MODEL_FILE, Tagger, find_model_dir, load_tagger
from marsad.errors import ModelError
from marsad.resources import find_model

__all__ = ["TransformerTagger", "load_ner_tagger", "map_label"]

ONNX_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "config.json"
# BERT-family checkpoints learn 512 positions; a config may declare fewer (never trust more).
DEFAULT_MAX_LEN: Final = 512  # fact: BERT-family position embeddings
_CONTROL = str.maketrans({c: None for c in range(32)} | {0x7F: None})

# Entity types of common NER label sets → the project's four. Types with no counterpart here
# (dates, numbers, money: OntoNotes-style) become O: other steps handle dates and figures.
_TYPES = {
    "PER": "PERS", "PERS": "PERS", "PERSON": "PERS",
    "LOC": "LOC", "LOCATION": "LOC", "GPE": "LOC", "FAC": "LOC", "GEO": "LOC",
    "ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG", "CORP": "ORG",
    "MISC": "MISC", "MIS": "MISC", "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
}  # fmt: skip
# BIOES / BILOU prefixes fold onto BIO: a single or begin tag opens a span, the rest continue it.
_PREFIXES = {"B": "B", "S": "B", "U": "B", "I": "I", "E": "I", "L": "I", "M": "I"}


def map_label(label: str) -> str:
    """B-PER, I-PERSON, S-GPE, B_ORG, LOC … → the project's BIO tags; unknown types → O."""
    lab = label.strip().upper()
    prefix, sep, typ = lab.partition("-")
    if not sep and lab.partition("_")[0] in _PREFIXES:  # B_PER
        prefix, sep, typ = lab.partition("_")
    if not sep:  # an IO scheme ("PER", "O"): each word is read as continuing its type
        prefix, typ = "I", lab
    mapped = _TYPES.get(typ)
    if mapped is None or prefix not in _PREFIXES:
        return "O"
    return f"{_PREFIXES[prefix]}-{mapped}"


def _repair(tags: list[str]) -> list[str]:
    """Valid BIO: an I- that does not continue its own type opens a span (conlleval's reading)."""
    out: list[str] = []
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def _read_config(d: Path) -> tuple[list[str], int]:
    """Labels by class index (mapped to the project's tags) and the model's max sequence length."""
    path = d / CONFIG_FILE
    if not path.is_file():
        raise ModelError(f"NER model {d}: {CONFIG_FILE} not found (it must give id2label)")
    try:
        cfg = json.loads(path.read_text(encoding="utf-8"))
        id2label = {int(k): str(v) for k, v in cfg["id2label"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"NER model {d}: {CONFIG_FILE} has no usable id2label ({exc})") from exc
    if sorted(id2label) != list(range(len(id2label))) or not id2label:
        raise ModelError(f"NER model {d}: id2label must number classes 0..n-1")
    max_len = int(cfg.get("max_position_embeddings", DEFAULT_MAX_LEN) or DEFAULT_MAX_LEN)
    return [map_label(id2label[i]) for i in range(len(id2label))], max(4, min(max_len, DEFAULT_MAX_LEN))


def _resources() -> Resources:
    """The gazetteer, and the CRF's word clusters when a CRF model is at hand: mention grouping
    uses them to judge how rare a word is, whatever model did the tagging."""
    try:
        clusters_path = find_model_dir() / CLUSTERS_FILE
    except ModelError:
        return Resources(load_gazetteer())
    clusters = load_clusters(clusters_path) if clusters_path.is_file() else {}
    return Resources(load_gazetteer(), clusters)


class TransformerTagger(Tagger):
    """BIO tags (PERS, LOC, ORG, MISC) from a local token-classification model.

    Subclasses Tagger for its interface only: the CRF is never loaded. Each word takes the label
    of its first sub-token; sentences longer than the model's window are tagged window by window.
    """

    def __init__(self, model_dir: Path) -> None:
        d = Path(model_dir)
        if not d.is_dir():
            raise ModelError(f"NER model directory not found: {d}")
        self.model_dir = d
        self.labels, self.max_len = _read_config(d)
        self._run: Callable[[list[list[str]]], list[list[str]]]
        if (d / ONNX_FILE).is_file():
            self._run = self._onnx(d)
        else:
            self._run = self._transformers(d)
        self.resources = _resources()

    # --- ONNX backend -------------------------------------------------------------------
    def _onnx(self, d: Path) -> Callable[[list[list[str]]], list[list[str]]]:
        import numpy as np

        tok, sess = _onnx_session(d)
        pad_id = tok.padding["pad_id"] if tok.padding else (tok.token_to_id("[PAD]") or 0)
        tok.no_truncation()  # windows are cut here, by words, never mid-word by the tokenizer
        tok.no_padding()
        n_special = tok.num_special_tokens_to_add(False)
        inputs = {i.name: i for i in sess.get_inputs()}
        if "input_ids" not in inputs:
            raise ModelError(f"NER model {d}: {ONNX_FILE} has no input_ids input")
        outs = [o.name for o in sess.get_outputs()]
        out_name = "logits" if "logits" in outs else outs[0]
        # Exports use int64 ids almost always; some quantised graphs take int32.
        dtype = {n: (np.int32 if "int32" in i.type else np.int64) for n, i in inputs.items()}
        budget = self.max_len - n_special

        def run(sentences: list[list[str]]) -> list[list[str]]:
            windows, owners = _windows(tok, sentences, budget)
            out = [["O"] * len(w) for w in sentences]
            if not windows:
                return out
            encs = tok.encode_batch(windows, is_pretokenized=True, add_special_tokens=True)
            width = min(max(len(e.ids) for e in encs), self.max_len)
            ids = np.full((len(encs), width), pad_id, dtype=np.int64)
            mask = np.zeros((len(encs), width), dtype=np.int64)
            for r, e in enumerate(encs):
                n = min(len(e.ids), width)
                ids[r, :n] = e.ids[:n]
                mask[r, :n] = e.attention_mask[:n]
            feed = {"input_ids": ids.astype(dtype["input_ids"])}
            if "attention_mask" in inputs:
                feed["attention_mask"] = mask.astype(dtype["attention_mask"])
            if "token_type_ids" in inputs:
                feed["token_type_ids"] = np.zeros_like(ids, dtype=dtype["token_type_ids"])
            try:
                logits = sess.run([out_name], feed)[0]
            except Exception as exc:
                raise ModelError(f"NER model {d}: inference failed: {exc}") from exc
            if logits.ndim != 3 or logits.shape[-1] != len(self.labels):
                raise ModelError(
                    f"NER model {d}: logits shape {logits.shape} does not match "
                    f"{len(self.labels)} labels in {CONFIG_FILE}"
                )
            best = logits.argmax(-1)
            for r, e in enumerate(encs):
                si, first = owners[r]
                seen: set[int] = set()
                for pos, wid in enumerate(e.word_ids[:width]):
                    if wid is None or wid in seen:
                        continue
                    seen.add(wid)  # the first sub-token speaks for the word
                    out[si][first + wid] = self.labels[int(best[r, pos])]
            return out

        return run

    # --- transformers backend -----------------------------------------------------------
    def _transformers(self, d: Path) -> Callable[[list[list[str]]], list[list[str]]]:
        # Offline before the import: transformers reads these when it loads.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            import torch
            from transformers import AutoModelForTokenClassification, AutoTokenizer
        except ImportError:
            raise ModelError(
                f"NER model {d}: no {ONNX_FILE} there, and transformers/torch are not installed; "
                "export the checkpoint to ONNX (see models/NER_CARD.md) or install transformers"
            ) from None
        try:
            tok: Any = AutoTokenizer.from_pretrained(str(d), local_files_only=True)
            model: Any = AutoModelForTokenClassification.from_pretrained(str(d), local_files_only=True)
        except Exception as exc:
            raise ModelError(f"cannot load NER model {d}: {exc}") from exc
        model.eval()
        budget = self.max_len - 2

        def run(sentences: list[list[str]]) -> list[list[str]]:
            out = [["O"] * len(w) for w in sentences]
            for si, words in enumerate(sentences):
                start = 0
                while start < len(words):
                    # Grow the window word by word until its sub-tokens fill the model's budget.
                    end, used = start, 0
                    while end < len(words):
                        c = min(len(tok.tokenize(words[end])) or 1, budget)
                        if used + c > budget and end > start:
                            break
                        used += c
                        end += 1
                    enc = tok(words[start:end], is_split_into_words=True, truncation=True,
                              max_length=self.max_len, return_tensors="pt")  # fmt: skip
                    with torch.no_grad():
                        best = model(**enc).logits[0].argmax(-1).tolist()
                    seen: set[int] = set()
                    for pos, wid in enumerate(enc.word_ids(0)):
                        if wid is None or wid in seen:
                            continue
                        seen.add(wid)
                        out[si][start + wid] = self.labels[best[pos]]
                    start = end
            return out

        return run

    # --- the Tagger interface -----------------------------------------------------------
    def tag(self, words: list[str], window: int) -> list[str]:
        """One tag per word; an empty sentence gives no tags. `window` is the CRF's: the
        transformer cuts sentences at its own position limit (`max_len`) instead."""
        return self.tag_many([words], window)[0]

    def tag_many(self, sentences: list[list[str]], window: int) -> list[list[str]]:
        if not any(sentences):
            return [[] for _ in sentences]
        # Control characters mean nothing to a name; a token made only of them reads as "·".
        clean = [[w.translate(_CONTROL).strip() or "·" for w in s] for s in sentences]
        return [_repair(t) for t in self._run(clean)]


def _onnx_session(d: Path) -> tuple[Any, Any]:
    """The tokenizer and the ONNX session of model folder `d` (ModelError says what is missing)."""
    try:
        import onnxruntime as ort
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelError(
            f"NER model {d}: running {ONNX_FILE} needs onnxruntime and tokenizers "
            f"(pip install 'marsad[ner-onnx]'): {exc}"
        ) from exc
    if not (d / TOKENIZER_FILE).is_file():
        raise ModelError(f"NER model {d}: {TOKENIZER_FILE} not found next to {ONNX_FILE}")
    try:
        tok = Tokenizer.from_file(str(d / TOKENIZER_FILE))
        opts = ort.SessionOptions()
        opts.log_severity_level = 3  # onnxruntime warnings are not the user's business
        sess = ort.InferenceSession(str(d / ONNX_FILE), opts, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime and tokenizers raise their own exception types
        raise ModelError(f"cannot load NER model {d}: {exc}") from exc
    return tok, sess


def _windows(
    tok: Any, sentences: list[list[str]], budget: int
) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """Each sentence cut into word windows whose sub-tokens fit `budget`, and (sentence, first
    word) per window."""
    windows: list[list[str]] = []
    owners: list[tuple[int, int]] = []
    for si, words in enumerate(sentences):
        pieces = tok.encode_batch([[w] for w in words], is_pretokenized=True, add_special_tokens=False)
        start, used = 0, 0
        for wi, c in enumerate(len(e.ids) for e in pieces):
            c = min(c, budget)  # a freak word longer than a window keeps its first pieces
            if used + c > budget and wi > start:
                windows.append(words[start:wi])
                owners.append((si, start))
                start, used = wi, 0
            used += c
        windows.append(words[start:])
        owners.append((si, start))
    return windows, owners


@lru_cache(maxsize=4)
def load_ner_tagger(model_dir: str = "") -> Tagger:
    """The tagger for a model directory (cached per process): no directory or "crf" → the bundled
    CRF; "neural" → the bundled neural tagger (ner_nn.npz); a directory with ner.crfsuite → that
    CRF; one with ner_nn.npz → that neural tagger; otherwise a transformer model."""
    from marsad.enrich.entities.neural import CRF_CHOICE, NEURAL_CHOICE, NEURAL_FILE, NeuralTagger

    if not model_dir or model_dir == CRF_CHOICE:
        return load_tagger()
    if model_dir == NEURAL_CHOICE:
        return NeuralTagger(find_model(NEURAL_FILE).parent)
    d = Path(model_dir).expanduser()
    if not d.is_dir():
        raise ModelError(f"NER model directory not found: {d}")
    if (d / MODEL_FILE).is_file():
        return load_tagger(d)
    if (d / NEURAL_FILE).is_file():
        return NeuralTagger(d)
    return TransformerTagger(d)
