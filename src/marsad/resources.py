"""Where trained artifacts are found at run time. Nothing is ever downloaded.

Artifacts live in the repository's `models/` (with the scripts that trained them and their cards).
An installed wheel may carry copies in the package folder `marsad/models/`; that is looked at
first. `MARSAD_MODELS` overrides both (a folder).
"""

from __future__ import annotations

import os
from pathlib import Path

from marsad.errors import ModelError

_PACKAGE_MODELS = Path(__file__).resolve().parent / "models"
_REPO_MODELS = Path(__file__).resolve().parents[2] / "models"


def model_dirs() -> list[Path]:
    dirs = [Path(os.environ["MARSAD_MODELS"])] if os.environ.get("MARSAD_MODELS") else []
    return [*dirs, _PACKAGE_MODELS, _REPO_MODELS]


def find_model(name: str) -> Path:
    """Path of the artifact `name`, or ModelError saying where it was looked for and how to make it."""
    for d in model_dirs():
        p = d / name
        if p.exists():
            return p
    looked = ", ".join(str(d) for d in model_dirs())
    raise ModelError(f"model file {name!r} not found (looked in {looked}); see models/README.md to train it")
