"""Pipelines check step order before running and turn step failures into rejections."""

from __future__ import annotations

import pickle

import pytest

from marsad.config import Settings
from marsad.errors import ExtractError, PipelineError
from marsad.model import Article, Source
from marsad.pipeline import MapStep, Pipeline, settings_step


def titled(a: Article) -> Article:
    a.title = "t"
    return a


def needs_title(a: Article) -> Article:
    if a.source.path == "bad":
        raise ExtractError("nothing here")
    if a.source.path == "boom":
        raise ValueError("broken value")
    a.lede = (a.title or "") + "!"
    return a


STEP_A = MapStep("a", titled, provides=frozenset({"title"}))
STEP_B = MapStep("b", needs_title, requires=frozenset({"title"}), provides=frozenset({"lede"}))


def test_order_is_checked_before_running() -> None:
    with pytest.raises(PipelineError, match="requires \\['title'\\]"):
        Pipeline([STEP_B, STEP_A])


def test_failures_become_rejections_and_later_steps_skip_them() -> None:
    p = Pipeline([STEP_A, STEP_B])
    docs = [Article(Source(path=x)) for x in ("ok", "bad", "boom")]
    out = list(p.run(docs))
    assert [a.lede for a in out] == ["t!", None, None]
    assert (
        out[1].rejected is not None
        and out[1].rejected.step == "b"
        and "nothing here" in out[1].rejected.reason
    )
    assert out[2].rejected is not None and "ValueError" in out[2].rejected.reason
    assert out[0].steps == ["a", "b"]
    assert p.stats["b"].seen == 3 and p.stats["b"].rejected == 2


def test_a_slow_document_is_rejected_not_waited_for() -> None:
    import time

    def slow(a: Article) -> Article:
        if a.source.path == "slow":
            time.sleep(5)
        return a

    step = MapStep("slow", slow, timeout_s=0.2)
    t0 = time.perf_counter()
    out = list(Pipeline([step]).run([Article(Source(path="slow")), Article(Source(path="fast"))]))
    assert time.perf_counter() - t0 < 2
    assert out[0].rejected is not None and "longer than 0.2 s" in out[0].rejected.reason
    assert out[1].rejected is None


def test_step_times_are_exclusive() -> None:
    import time

    def slow(a: Article) -> Article:
        time.sleep(0.05)
        return a

    p = Pipeline([MapStep("slow", slow), MapStep("fast", lambda a: a)])
    list(p.run([Article(Source(path=str(i))) for i in range(4)]))
    assert p.stats["slow"].seconds >= 0.2
    assert p.stats["fast"].seconds < 0.05
    assert p.stats["fast"].inclusive >= 0.2


def _stamp(a: Article, *, settings: Settings) -> Article:
    a.title = str(settings.max_blocks)
    return a


def test_settings_step_binds_its_value_and_travels_to_workers() -> None:
    step = settings_step("stamp", _stamp, Settings(max_blocks=7), requires={"source"}, provides={"title"})
    shipped = pickle.loads(pickle.dumps(step))  # what a worker process receives
    (out,) = list(shipped([Article(source=Source())]))
    assert out.title == "7" and shipped.requires == frozenset({"source"})
