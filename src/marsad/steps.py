"""The default order of steps. Each stage's package exposes its step(s); this module only orders them."""

from __future__ import annotations

from marsad.pipeline import Pipeline, Step


def default_steps(*, enrich: bool = False) -> list[Step]:
    from marsad.arabic.step import NORMALISE_STEP
    from marsad.extract.step import EXTRACT_STEP

    steps: list[Step] = [EXTRACT_STEP, NORMALISE_STEP]
    if enrich:
        from marsad.enrich.step import enrich_steps

        steps += enrich_steps()
    return steps


def default_pipeline(*, enrich: bool = False) -> Pipeline:
    return Pipeline(default_steps(enrich=enrich))
