"""Export given-name and surname units from arabic-name-romanizer's Wikidata-derived table.

Writes src/marsad/enrich/data/person_names.tsv (`unit <TAB> given|surname <TAB> count`), a
tagger feature source that then needs no optional package at run time. Units are kept when the
table attests them at least MIN_COUNT times and they are spelt with Arabic letters only.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "marsad" / "enrich" / "data" / "person_names.tsv"
MIN_COUNT = 3
_ARABIC_ONLY = re.compile("^[\u0621-\u064a]{2,}$")


def main() -> None:
    import arabic_name_romanizer

    db = Path(arabic_name_romanizer.__file__).parent / "resources" / "names.sqlite3"
    con = sqlite3.connect(db)
    counts: Counter[tuple[str, str]] = Counter()
    for unit, role, n in con.execute("SELECT arabic_key, role, count FROM units WHERE role != 'unknown'"):
        if _ARABIC_ONLY.match(unit):
            counts[(unit, role)] += int(n)
    rows = sorted((u, r, c) for (u, r), c in counts.items() if c >= MIN_COUNT)
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# given names and surnames, from arabic-name-romanizer 0.2 names.sqlite3 (Wikidata);\n")
        f.write("# regenerate with models/export_person_names.py\n")
        for u, r, c in rows:
            f.write(f"{u}\t{r}\t{c}\n")
    print(f"{len(rows)} units -> {OUT}")


if __name__ == "__main__":
    main()
