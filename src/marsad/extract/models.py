"""The extractor's name for `marsad.resources.find_model`, where the one lookup rule lives.

Kept because `marsad.extract.labeller` and tests import `model_path`. `_PACKAGE_MODELS` stands in
for the package folder when a test points it elsewhere; `_REPO_MODELS` is no longer looked in
(the artifacts moved into the package) and stays only so code that patches it keeps working.
"""

from __future__ import annotations

from pathlib import Path

from marsad.resources import PACKAGE_MODELS, find_model

__all__ = ["model_path"]

_PACKAGE_MODELS: Path = PACKAGE_MODELS
_REPO_MODELS: Path | None = None


def model_path(name: str) -> Path:
    """Path of the artifact `name`; ModelError naming the places looked in when it is missing."""
    return find_model(name, package_dir=_PACKAGE_MODELS)
