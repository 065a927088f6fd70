"""The default order of steps. Each stage's package exposes its step(s); this module only orders them."""

from __future__ import annotations

import dataclasses

from marsad.config import SETTINGS, Settings
from marsad.pipeline import Pipeline, Step

__all__ = ["default_pipeline", "default_steps"]


def default_steps(
    *, enrich: bool = False, fingerprint: bool = False, index: bool = False, settings: Settings | None = None
) -> list[Step]:
    """extract ▸ arabic (▸ entities ▸ claims ▸ events) (▸ fingerprint, for the corpus step)
    (▸ index, the search terms the store writes), built from `settings` (default: the loaded
    `SETTINGS`)."""
    s = settings or SETTINGS
    from marsad.arabic.step import normalise_step
    from marsad.extract.step import extract_step

    # No page may hang a run: extraction is the step whose time depends on the input.
    extract = dataclasses.replace(extract_step(s), timeout_s=s.page_timeout_s)
    steps: list[Step] = [extract, normalise_step(s)]
    if enrich:
        from marsad.enrich.step import enrich_steps

        steps += enrich_steps(s)
    if fingerprint:
        from marsad.corpus.fingerprint import fingerprint_step

        steps.append(fingerprint_step(entities=enrich, settings=s))
    if index:
        from marsad.store.terms import index_step

        steps.append(index_step(s))
    return steps


def default_pipeline(
    *, enrich: bool = False, fingerprint: bool = False, index: bool = False, settings: Settings | None = None
) -> Pipeline:
    return Pipeline(default_steps(enrich=enrich, fingerprint=fingerprint, index=index, settings=settings))
