"""The default order of steps. Each stage's package exposes its step(s); this module only orders them."""

from __future__ import annotations

import dataclasses

from marsad.config import SETTINGS
from marsad.pipeline import MapStep, Pipeline, Step

__all__ = ["default_pipeline", "default_steps"]


def default_steps(*, enrich: bool = False, fingerprint: bool = False) -> list[Step]:
    """extract ▸ arabic (▸ entities ▸ claims ▸ events) (▸ fingerprint, for the corpus step)."""
    from marsad.arabic.step import NORMALISE_STEP
    from marsad.extract.step import EXTRACT_STEP

    extract: Step = EXTRACT_STEP
    if isinstance(extract, MapStep):
        # No page may hang a run: extraction is the step whose time depends on the input.
        extract = dataclasses.replace(extract, timeout_s=SETTINGS.page_timeout_s)
    steps: list[Step] = [extract, NORMALISE_STEP]
    if enrich:
        from marsad.enrich.step import enrich_steps

        steps += enrich_steps()
    if fingerprint:
        from marsad.corpus.fingerprint import fingerprint_step

        steps.append(fingerprint_step(entities=enrich))
    return steps


def default_pipeline(*, enrich: bool = False, fingerprint: bool = False) -> Pipeline:
    return Pipeline(default_steps(enrich=enrich, fingerprint=fingerprint))
