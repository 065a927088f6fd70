"""The numpy BiLSTM-CRF tagger: Viterbi, BIO constraints, batching, windows, loading, the shipped
artifact's quality, and (when torch is installed) numpy = torch on the same weights."""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np
import pytest

from marsad.config import SETTINGS
from marsad.enrich.entities.conll import score
from marsad.enrich.entities.features import Resources
from marsad.enrich.entities.gazetteer import load_gazetteer
from marsad.enrich.entities.neural import (
    CATEGORIES,
    CRF_CHOICE,
    FLAGS,
    MAX_CHARS,
    NEURAL_CHOICE,
    NEURAL_FILE,
    NeuralTagger,
    Vocabularies,
    bio_penalties,
    crf_marginals,
    encode,
    forward,
    load_weights,
    viterbi,
)
from marsad.enrich.entities.tagger import CLUSTERS_FILE, MODEL_FILE, Tagger, open_crf
from marsad.errors import ModelError

ROOT = Path(__file__).resolve().parents[3]
MODELS = ROOT / "models"
DATA = ROOT.parent / "shared" / "data" / "ner"
TAGS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
SENTENCES = [
    ["قال", "الرئيس", "الروسي", "فلاديمير", "بوتين", "في", "موسكو", "إن", "روسيا", "مستعدة"],
    ["وصل", "وزير", "الخارجية", "إلى", "القاهرة"],
    ["أعلنت", "شركة", "أرامكو", "السعودية", "عن", "أرباحها"],
]


def _tiny_model(d: Path, seed: int = 0, hidden: int = 6, crf_input: bool = False) -> None:
    """A random model with the artifact's layout: 5 known words, a few characters and values."""
    rng = np.random.default_rng(seed)
    dims, char_dim, filters, cat_dim = 4, 3, 5, 2
    words = ["قال", "الرئيس", "بوتين", "موسكو", "روسيا"]
    cats = {
        "gaz": ["B-country", "I-country"],
        "cue": ["title"],
        "shape": ["ar", "num", "punct"],
        "pre": ["و"],
    }

    def r(*shape: int) -> np.ndarray:
        return rng.normal(size=shape).astype(np.float32)

    d_in = dims + filters + cat_dim * len(CATEGORIES) + len(FLAGS) + (len(TAGS) if crf_input else 0)
    w = {
        "vectors": rng.integers(-127, 128, size=(len(words) + 1, dims)).astype(np.int8),
        "vector_scale": np.full(len(words) + 1, 0.01, dtype=np.float16),
        "char_emb": np.concatenate([np.zeros((1, char_dim), np.float32), r(7, char_dim)]),
        "conv_w": r(3 * char_dim, filters),
        "conv_b": r(filters),
        "out_w": r(len(TAGS), 2 * hidden),
        "out_b": r(len(TAGS)),
        "crf_start": r(len(TAGS)),
        "crf_end": r(len(TAGS)),
        "crf_trans": r(len(TAGS), len(TAGS)),
    }
    for j, c in enumerate(CATEGORIES):
        w[f"cat_emb{j}"] = np.concatenate([np.zeros((1, cat_dim), np.float32), r(len(cats[c]), cat_dim)])
    for x in "fr":
        w[f"w_ih_{x}"], w[f"w_hh_{x}"], w[f"b_{x}"] = (
            r(4 * hidden, d_in),
            r(4 * hidden, hidden),
            r(4 * hidden),
        )
    if crf_input:
        w["crf_input"] = np.array(1.0, dtype=np.float32)
    voc = {f"voc_{c}": np.array("\n".join(v)) for c, v in cats.items()}
    voc |= {"voc_words": np.array("\n".join(words)), "voc_chars": np.array("الرئيسقو"[:5])}
    np.savez_compressed(d / NEURAL_FILE, **w, **voc, voc_tags=np.array("\n".join(TAGS)))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> NeuralTagger:
    d = tmp_path_factory.mktemp("nn")
    _tiny_model(d)
    return NeuralTagger(d)


def test_viterbi_finds_the_best_sequence_by_brute_force() -> None:
    rng = np.random.default_rng(1)
    em, start, trans, end = (
        rng.normal(size=(4, 3)),
        rng.normal(size=3),
        rng.normal(size=(3, 3)),
        rng.normal(size=3),
    )

    def total(seq: tuple[int, ...]) -> float:
        return float(start[seq[0]] + end[seq[-1]] + sum(em[i, t] for i, t in enumerate(seq))) + float(
            sum(trans[a, b] for a, b in itertools.pairwise(seq))
        )

    best = max(itertools.product(range(3), repeat=4), key=total)
    assert tuple(viterbi(em, start, trans, end)) == best


def test_bio_penalties_forbid_inside_without_its_begin() -> None:
    start, trans = bio_penalties(TAGS)
    i_pers, b_pers, i_loc, o = TAGS.index("I-PERS"), TAGS.index("B-PERS"), TAGS.index("I-LOC"), 0
    assert start[i_pers] < -1000 and start[b_pers] == 0
    assert trans[o, i_pers] < -1000 and trans[b_pers, i_loc] < -1000
    assert trans[b_pers, i_pers] == 0 and trans[i_pers, i_pers] == 0 and trans[i_pers, o] == 0


def test_tags_are_well_formed_bio(tiny: NeuralTagger) -> None:
    # Random weights would produce stray I- tags without the constraints.
    for tags in tiny.tag_many([s * 3 for s in SENTENCES], SETTINGS.ner_max_sentence):
        for prev, t in itertools.pairwise(["O", *tags]):
            if t.startswith("I-"):
                assert prev[2:] == t[2:], (prev, t)


def test_batching_and_padding_do_not_change_results(tiny: NeuralTagger) -> None:
    encs = [encode(s, tiny.resources, tiny.voc) for s in SENTENCES]
    together = forward(encs, tiny.weights)
    for e, em in zip(encs, together, strict=True):
        alone = forward([e], tiny.weights)[0]
        np.testing.assert_allclose(em, alone, rtol=1e-5, atol=1e-5)
    assert tiny.tag_many(SENTENCES, SETTINGS.ner_max_sentence) == [
        tiny.tag(s, SETTINGS.ner_max_sentence) for s in SENTENCES
    ]


def test_long_sentences_are_tagged_in_windows(tiny: NeuralTagger) -> None:
    words = (SENTENCES[0] * 50)[: SETTINGS.ner_max_sentence + 37]
    tags = tiny.tag(words, SETTINGS.ner_max_sentence)
    assert len(tags) == len(words)
    assert tags[SETTINGS.ner_max_sentence :] == tiny.tag(
        words[SETTINGS.ner_max_sentence :], SETTINGS.ner_max_sentence
    )
    assert (
        tiny.tag([], SETTINGS.ner_max_sentence) == []
        and tiny.tag_many([[], ["\x00"]], SETTINGS.ner_max_sentence)[0] == []
    )


def test_encode_reads_vectors_stems_characters_and_evidence(tiny: NeuralTagger) -> None:
    e = encode(["وبوتين", "بوتين", "زيد", "x" * 40], tiny.resources, tiny.voc)
    unk = len(tiny.voc.words)
    assert e.word_ids[1] == tiny.voc.words["بوتين"]
    assert e.word_ids[2] == unk and e.flags[2, FLAGS.index("vec_word")] == 0
    assert e.char_ids.shape == (4, MAX_CHARS) and (e.char_ids[3] > 0).all()  # cut, not dropped
    assert e.flags[0, FLAGS.index("first")] == 1 and e.flags[1, FLAGS.index("first")] == 0


def test_unreadable_model_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / NEURAL_FILE).write_bytes(b"not an npz")
    with pytest.raises(ModelError, match="cannot load neural NER model"):
        NeuralTagger(tmp_path)
    with pytest.raises(ModelError, match="not found"):
        NeuralTagger(tmp_path / "missing")


@pytest.mark.skipif(not (MODELS / NEURAL_FILE).is_file(), reason="models/ner_nn.npz not built")
def test_shipped_model_tags_a_news_sentence() -> None:
    tagger = NeuralTagger(MODELS)
    tags = tagger.tag(SENTENCES[0], SETTINGS.ner_max_sentence)
    assert tags[3:5] == ["B-PERS", "I-PERS"]  # فلاديمير بوتين
    assert tags[6] == "B-LOC"  # موسكو


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data/ner absent")
@pytest.mark.skipif(not (MODELS / NEURAL_FILE).is_file(), reason="models/ner_nn.npz not built")
def test_shipped_model_dev_f1_floor() -> None:
    sys.path.insert(0, str(MODELS))
    from ner_split import load_split, sentences

    dev = load_split(DATA)["dev"]
    tagger = NeuralTagger(MODELS)
    f1 = {}
    for corpus in ("anercorp", "aqmar"):
        ss = sentences(dev, corpus)
        f1[corpus] = score(
            [t for _, t in ss], tagger.tag_many([w for w, _ in ss], SETTINGS.ner_max_sentence)
        ).micro()[2]
    # Floors a few points under the card's dev figures: a broken export or featuriser falls far below.
    assert f1["anercorp"] >= 0.62 and f1["aqmar"] >= 0.55, f1


# One layer without CRF input (the shipped shape); two stacked layers reading CRF marginals.
@pytest.mark.parametrize(("layers", "crf_input"), [(1, False), (2, True)])
def test_numpy_equals_torch_on_the_same_weights(tmp_path: Path, layers: int, crf_input: bool) -> None:
    torch = pytest.importorskip("torch")
    sys.path.insert(0, str(MODELS))
    from train_ner_nn import _batch, _dequantised, build_vocabularies, export, load_into, make_net

    res = Resources(load_gazetteer(), {})
    rng = np.random.default_rng(3)
    words = sorted({w for s in SENTENCES for w in s})[:-3]  # some words stay unknown
    vec = tmp_path / "vec.npz"
    q = rng.integers(-127, 128, size=(len(words), 8)).astype(np.int8)
    np.savez(vec, words=np.array("\n".join(words)), vectors=q, scale=np.full(len(words), 0.02, np.float16))
    voc = build_vocabularies([(s, ["O"] * len(s)) for s in SENTENCES], res, vec)
    q2, s2, table = _dequantised(vec)
    args = argparse.Namespace(
        char_dim=6, char_filters=7, cat_dim=3, hidden=5, dropout=0.5, layers=layers, crf_input=crf_input
    )
    torch.manual_seed(0)
    net = make_net(torch, voc, table, args)
    for p in net.parameters():  # non-zero CRF scores too, so the decode is exercised
        if p.requires_grad:
            torch.nn.init.normal_(p, std=0.5)
    with torch.no_grad():
        net.char_emb.weight[0] = 0
        for emb in net.cat_emb:
            emb.weight[0] = 0
    export(net, voc, q2, s2, tmp_path / NEURAL_FILE)
    weights, _ = load_weights(tmp_path / NEURAL_FILE)
    items = [(encode(s, res, voc), [0] * len(s)) for s in SENTENCES]
    if crf_input:  # any marginals will do: both sides must read the same ones the same way
        for e, _ in items:
            p = rng.random((len(e.word_ids), len(voc.tags))).astype(np.float32)
            e.crf = p / p.sum(axis=1, keepdims=True)
    net.eval()
    with torch.no_grad():
        w_, c_, k_, f_, _, _, lengths, crf = _batch(torch, items, len(voc.words), 0.0)
        assert (crf is not None) == crf_input
        em_torch = net(w_, c_, k_, f_, lengths, crf).numpy()
    em_numpy = forward([e for e, _ in items], weights)
    for i, em in enumerate(em_numpy):
        np.testing.assert_allclose(em, em_torch[i, : len(em)], rtol=1e-4, atol=1e-4)
    _, voc2 = load_weights(tmp_path / NEURAL_FILE)
    assert voc2.words == voc.words and voc2.chars == voc.chars and voc2.cats == voc.cats
    # Resuming: the exported weights loaded into a fresh network give the same function back.
    again = make_net(torch, voc, table, args)
    load_into(torch, again, tmp_path / NEURAL_FILE)
    again.eval()
    with torch.no_grad():
        np.testing.assert_allclose(
            again(w_, c_, k_, f_, lengths, crf).numpy(), em_torch, rtol=1e-4, atol=1e-4
        )


def test_ensemble_with_a_heavy_crf_weight_follows_the_crf(tmp_path: Path) -> None:
    _tiny_model(tmp_path)
    with pytest.raises(ModelError, match="needs"):
        NeuralTagger(tmp_path, crf_weight=1.0)  # no ner.crfsuite beside it
    (tmp_path / MODEL_FILE).symlink_to(MODELS / MODEL_FILE)
    (tmp_path / CLUSTERS_FILE).symlink_to(MODELS / CLUSTERS_FILE)
    crf = Tagger(tmp_path)
    alone = NeuralTagger(tmp_path, crf_weight=0.0)
    heavy = NeuralTagger(tmp_path, crf_weight=1000.0)
    assert heavy.tag_many(SENTENCES, SETTINGS.ner_max_sentence) == crf.tag_many(
        SENTENCES, SETTINGS.ner_max_sentence
    )
    assert alone.tag_many(SENTENCES, SETTINGS.ner_max_sentence) != crf.tag_many(
        SENTENCES, SETTINGS.ner_max_sentence
    )  # the random network alone differs


def test_a_stacked_model_reads_the_crf_marginals(tmp_path: Path) -> None:
    _tiny_model(tmp_path, crf_input=True)
    with pytest.raises(ModelError, match="CRF input needs"):
        NeuralTagger(tmp_path, crf_weight=0.0)  # no ner.crfsuite beside it
    (tmp_path / MODEL_FILE).symlink_to(MODELS / MODEL_FILE)
    (tmp_path / CLUSTERS_FILE).symlink_to(MODELS / CLUSTERS_FILE)
    tagger = NeuralTagger(tmp_path, crf_weight=0.0)
    batch = [encode(s, tagger.resources, tagger.voc) for s in SENTENCES]
    with pytest.raises(ModelError, match="CRF marginals"):
        forward(batch, tagger.weights)  # a stacked network cannot run without them
    crf = Tagger(tmp_path)
    for e, s in zip(batch, SENTENCES, strict=True):
        e.crf = crf_marginals(open_crf(tmp_path / MODEL_FILE), s, tagger.resources, tagger.voc.tags)
        # The CRF's own tags are its most probable ones at most tokens: the marginals are its.
        agree = np.mean(
            [tagger.voc.tags[j] == t for j, t in zip(e.crf.argmax(axis=1), crf.tag(s, 400), strict=True)]
        )
        assert agree >= 0.8 and np.allclose(e.crf.sum(axis=1), 1.0, atol=1e-3)
    em = forward(batch, tagger.weights)
    for e in batch:
        e.crf = np.full_like(e.crf, 1 / len(TAGS))
    assert any(not np.allclose(a, b) for a, b in zip(em, forward(batch, tagger.weights), strict=True))
    assert tagger.tag_many(SENTENCES, SETTINGS.ner_max_sentence) == [
        [tagger.voc.tags[j] for j in viterbi(x, tagger._start, tagger._trans, tagger._end)] for x in em
    ]


def test_ner_model_setting_selects_the_neural_tagger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.enrich.entities.transformer import load_ner_tagger

    _tiny_model(tmp_path)
    assert isinstance(load_ner_tagger(str(tmp_path)), NeuralTagger)  # a folder holding ner_nn.npz
    monkeypatch.setenv("MARSAD_MODELS", str(tmp_path))  # where "neural" finds ner_nn.npz
    load_ner_tagger.cache_clear()
    try:
        tagger = load_ner_tagger(NEURAL_CHOICE)
    finally:
        load_ner_tagger.cache_clear()
    assert isinstance(tagger, NeuralTagger) and tagger.voc.words == NeuralTagger(tmp_path).voc.words


@pytest.mark.skipif(not (MODELS / NEURAL_FILE).is_file(), reason="models/ner_nn.npz not built")
def test_entity_step_runs_on_the_neural_tagger() -> None:
    """Roles, grouping and Latin names work on the neural tagger's tags as on the CRF's."""
    from marsad.enrich.entities import add_entities
    from marsad.model import Article, Block, Label, Sentence, Source

    text = "وصل الرئيس الفرنسي إيمانويل ماكرون إلى القاهرة. والتقى ماكرون نظيره."
    a = Article(Source(), blocks=[Block(0, text, Label.PARAGRAPH)])
    a.sentences = [Sentence(text[:47], 0, 0, 47), Sentence(text[48:], 0, 48, len(text))]
    add_entities(a, SETTINGS, NeuralTagger(MODELS))
    people = [e for e in a.entities if e.type == "PERSON"]
    assert people and people[0].latin == "Emmanuel Macron"
    assert [m.text for m in people[0].mentions if not m.role] == ["إيمانويل ماكرون", "ماكرون"]
    assert people[0].roles == ["الرئيس الفرنسي"]
    assert any(e.type == "LOCATION" and e.latin == "Cairo" for e in a.entities)


def test_stacking_gives_each_train_sentence_the_marginals_of_a_crf_that_never_saw_it(tmp_path: Path) -> None:
    sys.path.insert(0, str(MODELS))
    from ner_fold_crfs import FOLDS, fold_model, train_folds
    from ner_split import folds, sentences
    from train_ner_nn import TAGS as NET_TAGS
    from train_ner_nn import out_of_fold

    tags = [["O", "O", "B-MISC", "B-PERS", "I-PERS", "O", "B-LOC", "O", "B-LOC", "O"], ["O"] * 4 + ["B-LOC"]]
    tags.append(["O", "O", "B-ORG", "I-ORG", "O", "O"])
    # Ten one-file documents of the three labelled sentences: every fold holds some out.
    docs = {("toy.txt", d): [(s, t) for s, t in zip(SENTENCES, tags, strict=True)] for d in range(10)}
    train_folds(docs, MODELS / CLUSTERS_FILE, tmp_path, jobs=1)
    assert all(fold_model(tmp_path, i).is_file() for i in range(FOLDS))
    res = Resources(load_gazetteer(), {})
    got = out_of_fold(docs, tmp_path, res, NET_TAGS, lambda w, t: (encode(w, res, _TOY_VOC), t))
    assert [t for _, t in got] == [t for _, t in sentences(docs)]  # sentences() order
    order = sorted(docs)
    for i, (_, held) in enumerate(folds(docs, FOLDS)):
        for d in held:
            at = order.index(d) * len(SENTENCES)
            e = got[at][0]
            assert e.crf is not None and e.crf.shape == (len(SENTENCES[0]), len(NET_TAGS))
            want = crf_marginals(open_crf(fold_model(tmp_path, i)), SENTENCES[0], res, NET_TAGS)
            np.testing.assert_allclose(e.crf, want)


_TOY_VOC = Vocabularies(words={"بوتين": 0}, chars={}, cats=({}, {}, {}, {}), tags=TAGS)


def test_the_neural_tagger_is_the_default_and_crf_the_fallback() -> None:
    from marsad.config import Settings
    from marsad.enrich.entities.transformer import load_ner_tagger

    assert Settings().ner_model == NEURAL_CHOICE
    assert isinstance(load_ner_tagger(Settings().ner_model), NeuralTagger)
    assert type(load_ner_tagger(CRF_CHOICE)) is Tagger and type(load_ner_tagger("")) is Tagger
