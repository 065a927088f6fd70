"""End to end on the seed page: the six claims of expected.json and its events (type and actors)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from marsad.model import Article

pytestmark = pytest.mark.shared


def _fold(s: str) -> str:
    s = re.sub("[\u064b-\u0652\u0640]", "", s)
    return " ".join(re.sub("[أإآ]", "ا", s).replace("ى", "ي").replace("ة", "ه").split())


@pytest.fixture(scope="module")
def seed(shared_data: Path) -> tuple[Article, dict, list[str]]:  # type: ignore[type-arg]
    from marsad.api import extract

    folder = shared_data / "seed"
    page = folder / "euronews-kim-putin.txt"
    exp = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return extract(page, enrich=True), exp, page.read_text(encoding="utf-8").split("\n")


def test_the_six_seed_claims(seed: tuple[Article, dict, list[str]]) -> None:  # type: ignore[type-arg]
    art, exp, lines = seed
    ok = 0
    for want in exp["claims"]:
        para = _fold(lines[want["paragraph_line"] - 1])
        levels = {x.strip() for x in want["certainty"].replace("claimed by source", "claimed").split("/")}
        first = want["source_chain"][0].casefold()
        for c in art.claims:
            latins = [(s.latin or "").casefold() for s in c.source_chain]
            if (
                _fold(c.text) in para
                and c.certainty in levels
                and any(first in x or x in first for x in latins if x)
            ):
                ok += 1
                break
    assert ok == len(exp["claims"])


def test_seed_chain_of_the_chosun_claim_has_two_links(seed: tuple[Article, dict, list[str]]) -> None:  # type: ignore[type-arg]
    art, _, lines = seed
    para = _fold(lines[21])
    (claim,) = [c for c in art.claims if _fold(c.text) in para and len(c.text) > 40]
    assert [s.kind for s in claim.source_chain] == ["outlet", "anonymous"]


def test_at_least_five_seed_events(seed: tuple[Article, dict, list[str]]) -> None:  # type: ignore[type-arg]
    art, exp, _ = seed
    latin = {e.name: (e.latin or "").casefold() for e in art.entities}
    from marsad.enrich.claims.fold import fold_text
    from marsad.enrich.claims.lexicon import countries

    def names(actors: list[str]) -> set[str]:
        return {latin.get(a) or countries().get(fold_text(a), a).casefold() for a in actors}

    wanted = {
        "MOVE/TRAVEL": "CONSULT",
        "CONSULT": "CONSULT",
        "ACCUSE": "ACCUSE",
        "AID/COOPERATE": "AID COOPERATE",
        "COOPERATE": "COOPERATE",
        "COOPERATE/AID": "AID COOPERATE",
    }
    used: set[int] = set()
    ok = 0
    for e in exp["events"]:
        types = wanted[e["type"].split(" (")[0]].split()
        actors = {a.casefold() for a in (e.get("actors") or [e["actor"]])}
        for n, got in enumerate(art.events):
            if n not in used and got.type in types and actors <= names(got.actors):
                used.add(n)
                ok += 1
                break
    assert ok >= 5
