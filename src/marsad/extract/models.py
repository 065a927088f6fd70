"""Where trained artifacts live: the package's `marsad/models/`, then the repository's `models/`.

An installed wheel carries its models inside the package; a source checkout keeps them in
`<repo>/models/` next to the scripts that trained them. `MARSAD_MODELS` overrides both.
"""

from __future__ import annotations

import os
from pathlib import Path

from marsad.errors import ModelError

__all__ = ["model_path"]

_PACKAGE_MODELS = Path(__file__).resolve().parents[1] / "models"
_REPO_MODELS = Path(__file__).resolve().parents[3] / "models"


def model_path(name: str) -> Path:
    """Path of the artifact `name`; ModelError naming the places looked in when it is missing."""
    places: list[Path] = []
    env = os.environ.get("MARSAD_MODELS")
    if env:
        places.append(Path(env))
    places += [_PACKAGE_MODELS, _REPO_MODELS]
    for d in places:
        p = d / name
        if p.is_file():
            return p
    looked = ", ".join(str(d) for d in places)
    raise ModelError(
        f"model {name!r} not found (looked in {looked}); train it with models/train_dump_labeller.py "
        "or set MARSAD_MODELS to the folder that holds it"
    )
