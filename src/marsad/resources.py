"""Where trained artifacts are found at run time: the one rule. Nothing is ever downloaded.

1. `MARSAD_MODELS` (a folder), when set, is looked in first;
2. then the package folder `marsad/models/`, which the wheel carries (pyproject package-data). In
   a source checkout its entries are links to the repository's `models/`, where the training
   scripts write each artifact beside its card.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from marsad.errors import ModelError

__all__ = ["PACKAGE_MODELS", "find_model", "model_dirs", "open_crf"]

PACKAGE_MODELS = Path(__file__).resolve().parent / "models"

# How each shipped artifact is remade, for the error message (models/README.md has the details).
_TRAINED_BY = {
    "dump_labeller.crfsuite": "`make train-labeller`",
    "ner.crfsuite": "`make train-ner`",
    "ner_clusters.tsv": "`make train-ner`",
    "event_tagger.crfsuite": "`make train-events`",
    "event_tagger.json": "`make train-events`",
    "idf.tsv.gz": "models/train_idf.py",
    "places.tsv.gz": "`make build-places` (models/build_places.py, the `train` extra)",
}


def model_dirs(package_dir: Path | None = None) -> list[Path]:
    """The folders looked in, in order. `package_dir` stands in for the package folder (tests)."""
    env = os.environ.get("MARSAD_MODELS")
    return [*([Path(env)] if env else []), package_dir or PACKAGE_MODELS]


def find_model(name: str, *, package_dir: Path | None = None) -> Path:
    """Path of the artifact `name`, or ModelError saying where it was looked for and how to make it."""
    dirs = model_dirs(package_dir)
    for d in dirs:
        p = d / name
        if p.is_file():
            return p
    looked = ", ".join(str(d) for d in dirs)
    how = _TRAINED_BY.get(name, "its script in models/")
    raise ModelError(
        f"model file {name!r} not found (looked in {looked}); train it with {how} (see models/README.md) "
        "or set MARSAD_MODELS to a folder that holds it"
    )


def open_crf(path: Path, what: str = "CRF model") -> Any:
    """A crfsuite tagger on the model file at `path` (ModelError naming `what` when unreadable):
    the one way the NER tagger and the dump labeller open their trained CRFs."""
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    try:
        crf.open(str(path))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load {what} {path}: {exc}") from exc
    return crf
