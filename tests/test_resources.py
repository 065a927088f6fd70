"""Artifacts are found by one rule: MARSAD_MODELS first, then the package's marsad/models/."""

from __future__ import annotations

from pathlib import Path

import pytest

import marsad
from marsad.enrich.entities.tagger import find_model_dir
from marsad.errors import ModelError
from marsad.resources import PACKAGE_MODELS, find_model, model_dirs, open_crf

SHIPPED = (
    "dump_labeller.crfsuite",
    "ner.crfsuite",
    "ner_clusters.tsv",
    "ner_metrics.json",
    "idf.tsv.gz",
    "places.tsv.gz",
    "claims_clf.json",
    "ner_nn.npz",  # the optional neural tagger (--ner-model neural)
)
REPO = Path(__file__).resolve().parents[1]


def test_env_folder_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.bin").write_bytes(b"1")
    monkeypatch.setenv("MARSAD_MODELS", str(tmp_path))
    assert find_model("x.bin") == tmp_path / "x.bin"
    assert model_dirs() == [tmp_path, PACKAGE_MODELS]


def test_env_folder_without_the_file_falls_back_to_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARSAD_MODELS", str(tmp_path))
    assert find_model("ner.crfsuite") == PACKAGE_MODELS / "ner.crfsuite"


def test_missing_model_says_where_it_looked() -> None:
    with pytest.raises(ModelError, match=r"not found .*models/README\.md"):
        find_model("no-such-model.bin")


def test_missing_shipped_model_says_how_to_train_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MARSAD_MODELS", raising=False)
    with pytest.raises(
        ModelError, match=r"'ner\.crfsuite' not found \(looked in .*\); train it with `make train-ner`"
    ):
        find_model("ner.crfsuite", package_dir=tmp_path)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_artifact_is_in_the_package(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MARSAD_MODELS", raising=False)
    path = find_model(name)
    # Found under the importable package (package-data puts it in the wheel: tests/test_wheel.py).
    assert path == PACKAGE_MODELS / name and path.is_file()
    assert path.parent.is_relative_to(Path(marsad.__file__).resolve().parent)


def test_source_checkout_keeps_each_artifact_once_beside_its_card() -> None:
    """In the repository the artifact lives in models/ and the package links it (one copy)."""
    if not (REPO / "models").is_dir():
        pytest.skip("not a source checkout")
    for name in SHIPPED:
        link = REPO / "src" / "marsad" / "models" / name
        assert link.is_symlink() and link.resolve() == (REPO / "models" / name).resolve(), name


def test_missing_places_artifact_says_how_to_build_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MARSAD_MODELS", raising=False)
    with pytest.raises(ModelError, match=r"'places\.tsv\.gz' not found .*`make build-places`"):
        find_model("places.tsv.gz", package_dir=tmp_path)


def test_the_tagger_uses_the_one_rule_and_no_variable_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MARSAD_MODELS", raising=False)
    assert find_model_dir() == find_model("ner.crfsuite").parent
    monkeypatch.setenv("MARSAD_NER_MODEL", str(tmp_path / "elsewhere"))  # a setting, not a lookup path
    assert find_model_dir() == find_model("ner.crfsuite").parent
    (tmp_path / "ner.crfsuite").write_bytes(b"")
    monkeypatch.setenv("MARSAD_MODELS", str(tmp_path))
    assert find_model_dir() == tmp_path


def test_open_crf_names_what_could_not_be_loaded(tmp_path: Path) -> None:
    bad = tmp_path / "model.crfsuite"
    bad.write_bytes(b"not a crfsuite model")
    with pytest.raises(ModelError, match=f"cannot load the dump labeller {bad}"):
        open_crf(bad, "the dump labeller")
    assert open_crf(find_model("dump_labeller.crfsuite")).info() is not None  # a real model opens
