"""The optional transformer backend, with a tiny ONNX token-classification model built here.

The model is context-free on purpose: each vocabulary piece's embedding row is one-hot on the
label chosen for it, so the expected tags are known exactly. A position table of MAX_LEN rows makes
the graph fail on any sequence longer than MAX_LEN, so the long-input test proves windowing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

onnx = pytest.importorskip("onnx", reason="onnx is needed to build the test model (dev extra)")
tokenizers = pytest.importorskip("tokenizers", reason="tokenizers is needed (extra ner-onnx)")
pytest.importorskip("onnxruntime", reason="onnxruntime is needed (extra ner-onnx)")

import numpy as np  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from marsad.config import SETTINGS  # noqa: E402
from marsad.enrich.entities.transformer import TransformerTagger, load_ner_tagger, map_label  # noqa: E402
from marsad.errors import ModelError  # noqa: E402

MAX_LEN = 8  # 6 word pieces per window once [CLS] and [SEP] are added
# Label spellings of other label sets on purpose: the tagger maps them to PERS/LOC/ORG/MISC.
LABELS = ["O", "B-PER", "I-PERSON", "B-GPE", "B-ORG", "I-ORG", "B-DATE", "S-NORP"]
# piece → label index (unlisted pieces → O). "##ون" carries B-GPE so a word's second piece
# would show if it were used: the first piece must decide the word's tag.
PIECES = {
    "سامر": 1, "ناصيف": 2, "قرطبة": 3, "شركة": 4, "النخيل": 5, "الخميس": 6, "مصري": 7,
    "##ون": 3, "قال": 0, "إن": 0, "ستفتح": 0, "فرعا": 0, "في": 0, "يوم": 0, ".": 0,
}  # fmt: skip
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]


def build_model(d: Path, labels: list[str] = LABELS) -> Path:
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    d.mkdir(parents=True, exist_ok=True)
    vocab = {t: i for i, t in enumerate([*SPECIAL, *PIECES])}
    tok = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])]
    )
    tok.save(str(d / "tokenizer.json"))

    n = len(LABELS)
    emb = np.zeros((len(vocab), n), dtype=np.float32)
    emb[:, 0] = 1.0  # specials and [UNK] → O
    for piece, lab in PIECES.items():
        emb[vocab[piece]] = 0.0
        emb[vocab[piece], lab] = 1.0
    nodes = [
        helper.make_node("Gather", ["emb", "input_ids"], ["h"]),  # [B, S, n]
        helper.make_node("MatMul", ["h", "proj"], ["tok_logits"]),
        # positions 0..S-1 looked up in a MAX_LEN-row table: out of range → the run fails
        helper.make_node("Shape", ["input_ids"], ["shape"]),
        helper.make_node("Gather", ["shape", "one"], ["seq"], axis=0),
        helper.make_node("Range", ["zero", "seq", "one"], ["positions"]),
        helper.make_node("Gather", ["pos", "positions"], ["pos_logits"]),  # [S, n], zeros
        helper.make_node("Add", ["tok_logits", "pos_logits"], ["summed"]),
        helper.make_node("Cast", ["attention_mask"], ["maskf"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["maskf", "last"], ["mask3"]),
        helper.make_node("Mul", ["summed", "mask3"], ["logits"]),
    ]
    inits = [
        numpy_helper.from_array(emb, "emb"),
        numpy_helper.from_array(np.eye(n, dtype=np.float32), "proj"),
        numpy_helper.from_array(np.zeros((MAX_LEN, n), dtype=np.float32), "pos"),
        numpy_helper.from_array(np.array(0, dtype=np.int64), "zero"),
        numpy_helper.from_array(np.array(1, dtype=np.int64), "one"),
        numpy_helper.from_array(np.array([-1], dtype=np.int64), "last"),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny-ner",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "seq", n])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(d / "model.onnx"))
    config = {"id2label": {str(i): lab for i, lab in enumerate(labels)}, "max_position_embeddings": MAX_LEN}
    (d / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_model(tmp_path_factory.mktemp("tiny-ner"))


def marsad(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "marsad", *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_label_spellings_map_to_the_project_tags() -> None:
    assert [map_label(x) for x in LABELS] == [
        "O",
        "B-PERS",
        "I-PERS",
        "B-LOC",
        "B-ORG",
        "I-ORG",
        "O",
        "B-MISC",
    ]
    assert map_label("B_LOCATION") == "B-LOC" and map_label("E-ORGANIZATION") == "I-ORG"
    assert map_label("PERS") == "I-PERS" and map_label("X-PER") == "O"


def test_tagger_gives_the_designed_tags(model_dir: Path) -> None:
    t = TransformerTagger(model_dir)
    words = ["قال", "سامر", "ناصيف", "إن", "شركة", "النخيل", "ستفتح"]
    assert t.tag(words, SETTINGS.ner_max_sentence) == ["O", "B-PERS", "I-PERS", "O", "B-ORG", "I-ORG", "O"]
    # the first piece decides (سامرون = سامر + ##ون); unknown words are O; DATE has no counterpart
    assert t.tag(["سامرون", "قرطبة", "مجهول", "الخميس", "مصري"], SETTINGS.ner_max_sentence) == [
        "B-PERS",
        "B-LOC",
        "O",
        "O",
        "B-MISC",
    ]
    # an I- that continues nothing opens a span
    assert t.tag(["في", "ناصيف"], SETTINGS.ner_max_sentence) == ["O", "B-PERS"]
    assert t.tag([], SETTINGS.ner_max_sentence) == [] and t.tag_many(
        [["قرطبة"], []], SETTINGS.ner_max_sentence
    ) == [["B-LOC"], []]
    assert t.resources.gazetteer is not None


def test_long_input_is_tagged_in_windows(model_dir: Path) -> None:
    t = TransformerTagger(model_dir)
    unit = ["في", "قرطبة", "سامرون", "ناصيف", "يوم"]
    words = unit * 9  # 45 words, 54 pieces: far more than one 8-position window
    tags = t.tag(words, SETTINGS.ner_max_sentence)
    assert len(tags) == len(words)
    for i in range(0, len(words), len(unit)):
        assert tags[i : i + 5] == ["O", "B-LOC", "B-PERS", "I-PERS", "O"]


def test_bad_directories_raise_model_error(tmp_path: Path, model_dir: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        load_ner_tagger(str(tmp_path / "missing"))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "model.onnx").write_bytes(b"not a model")
    (bad / "tokenizer.json").write_bytes((model_dir / "tokenizer.json").read_bytes())
    (bad / "config.json").write_text('{"label2id": {}}', encoding="utf-8")
    with pytest.raises(ModelError, match="id2label"):
        TransformerTagger(bad)
    (bad / "config.json").write_bytes((model_dir / "config.json").read_bytes())
    with pytest.raises(ModelError, match="cannot load"):
        TransformerTagger(bad)


def test_cli_tag_with_ner_model(tmp_path: Path, model_dir: Path) -> None:
    f = tmp_path / "in.conll"
    f.write_text("سامر\tX\nناصيف\tX\n\nفي\nقرطبة\n", encoding="utf-8")
    r = marsad("tag", str(f), "--input-format", "conll", "--ner-model", str(model_dir))
    assert r.returncode == 0, r.stderr
    assert r.stdout == "سامر B-PERS\nناصيف I-PERS\n\nفي O\nقرطبة B-LOC\n\n"


def test_cli_missing_model_is_a_one_line_error(tmp_path: Path) -> None:
    f = tmp_path / "in.conll"
    f.write_text("سامر\n", encoding="utf-8")
    for args in (["tag", str(f)], ["extract", str(f), "--enrich"]):
        r = marsad(*args, "--ner-model", str(tmp_path / "nope"))
        assert r.returncode != 0
        err = r.stderr.strip()
        assert err.startswith("marsad: error:") and "not found" in err, err
        assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_extract_enrich_uses_the_transformer_tags(tmp_path: Path, model_dir: Path) -> None:
    page = tmp_path / "page.txt"
    body = "قال سامر ناصيف إن شركة النخيل ستفتح فرعا في قرطبة يوم الخميس ."
    page.write_text(f"سامر ناصيف يتحدث عن الفرع الجديد\n\n{body}\n\n{body}\n", encoding="utf-8")

    def entities(model: Path) -> set[tuple[str, str]]:
        r = marsad("extract", str(page), "--enrich", "--ner-model", str(model))
        assert r.returncode == 0, r.stderr
        return {(e["type"], e["name"]) for e in json.loads(r.stdout)["entities"]}

    got = entities(model_dir)
    assert ("PERSON", "سامر ناصيف") in got
    assert ("ORGANIZATION", "شركة النخيل") in got
    # Control: the same model told every class is O finds no such person or company.
    blind = build_model(tmp_path / "blind", ["O"] * len(LABELS))
    none = entities(blind)
    assert ("PERSON", "سامر ناصيف") not in none and ("ORGANIZATION", "شركة النخيل") not in none
