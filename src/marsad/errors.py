"""Errors a user can act on. The CLI prints `str(error)` on one line and exits non-zero."""

from __future__ import annotations

__all__ = ["ExtractError", "InputError", "MarsadError", "ModelError", "PipelineError", "StoreError"]


class MarsadError(Exception):
    """Base of every error Marsad raises on purpose. `code` is stable across versions."""

    code = "MARSAD"


class InputError(MarsadError):
    """The input cannot be read as a page (missing, empty, binary, undecodable, too large)."""

    code = "INPUT"


class ExtractError(MarsadError):
    """A page was read but no article could be extracted from it."""

    code = "EXTRACT"


class PipelineError(MarsadError):
    """Steps are ordered so that one needs a field no earlier step provides."""

    code = "PIPELINE"


class StoreError(MarsadError):
    """The store cannot be opened, migrated or written."""

    code = "STORE"


class ModelError(MarsadError):
    """A trained artifact is missing or cannot be loaded."""

    code = "MODEL"
