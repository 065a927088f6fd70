"""Build the grown event trigger lexicon (src/marsad/enrich/events/data/grown_triggers.json).

Usage (from the project root; `make train-events`):
    .venv/bin/python models/build_event_lexicon.py --cameo ../shared/data/events/reference \
        --topics ../shared/data/topics [--out src/marsad/enrich/events/data/grown_triggers.json]

Growth from the guideline and corpus counts, not from one set's errors (card: models/EVENTS_CARD.md):
1. Lemmas: `models/event_lemmas.json` — the trigger words docs/event-guideline.md names (its type
   table, casualty rule, participles) that the hand lexicon triggers.json lacks — and, from
   UniversalPetrarch's Arabic CAMEO dictionary (CAMEO.ar.0.5.txt), every single word whose English
   gloss names a PLOVER verb (`GLOSS_TYPES`) **and** whose own CAMEO code, converted through the
   PICO ontology (PETR.Internal.Coding.Ontology.txt, `pico_to_plover`), gives the same type. Both
   signals must agree because each alone is noise: typing whole synonym blocks by their codes'
   majority made "بعد" REJECT and "أعلن" DISAPPROVE; glosses alone made "وضع" ASSAULT and "نشر"
   MOBILIZE (measured 2026-12-06, see the card).
2. Each verb lemma is inflected by rule (past 3rd person masculine and feminine, present ي/ت with
   the stem of its derived form); the matcher adds conjunctions, the future س, person endings and
   object pronouns. Nouns, phrases and participles are kept as written.
3. Corpus counts: every form is counted in the ANT corpus (`topics/`, clitics stripped as the
   matcher allows them); forms seen fewer than `MIN_COUNT` times are dropped (unattested
   inflections), and forms the hand lexicon already holds are left to it.
The same inputs give the same bytes (sorted keys and lists). `Settings.events_grown_lexicon` turns
the grown lexicon on or off at run time.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from marsad.enrich.claims.fold import fold_text  # noqa: E402
from sample_canonical import load  # noqa: E402

_HEADER = re.compile(r"^--- (\S+) \[([^\]]*)\] ---")
_SYNONYM = re.compile(r"^(\S+)\s+(?:\[(\w+)\])?")
_PATTERN_CODE = re.compile(r"\[(\d{3,4})\]")
_HEX = re.compile(r"^0x([0-9A-Fa-f]{4})$")
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")


def pico_table(path: Path) -> dict[str, str]:
    """CAMEO code → its PICO entry (the text after the colon)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and ":" in line:
            code, _, pico = line.partition(":")
            out[code.strip()] = pico.strip()
    return out


def pico_to_plover(pico: str) -> str | None:
    """PLOVER type of one PICO entry (PICO: 4 hex digits = primary, reduce/yield, material, topic).

    Negation (-0xFFFF) is REJECT; primaries: 2/4 appeal/demand → REQUEST, 5 PROTEST, 6 THREATEN,
    7 DISAPPROVE (7xA0 accuse → ACCUSE), 8 posture → MOBILIZE, 9 COERCE, A INVESTIGATE, B CONSULT;
    1 say and 3 intend are no events. Material codes (primary 0): yield → CONCEDE, reduce → SANCTION,
    meet → CONSULT, settle → AGREE, aid → AID, material/diplomatic cooperation → COOPERATE (0081
    praise → SUPPORT, 0087 formal agreement → AGREE), assault / fight / mass violence → ASSAULT."""
    if "-0xFFFF" in pico:
        return "REJECT"
    hexes = [m.group(1).upper() for a in re.split(r"[#+]", pico) if (m := _HEX.match(a.strip()))]
    if not hexes:
        return None
    h = hexes[-1]
    primary = {"2": "REQUEST", "4": "REQUEST", "5": "PROTEST", "6": "THREATEN", "8": "MOBILIZE"}
    primary |= {"9": "COERCE", "A": "INVESTIGATE", "B": "CONSULT"}
    if h[0] == "7":
        return "ACCUSE" if h[2] == "A" else "DISAPPROVE"
    if h[0] in primary:
        return primary[h[0]]
    if h[0] != "0":
        return None
    if h in ("0081", "0087"):
        return "SUPPORT" if h == "0081" else "AGREE"
    if h[1] == "2":
        return "CONCEDE"
    if h[1] == "1":
        return "SANCTION"
    return {"1": "CONSULT", "2": "AGREE", "4": "AID", "7": "COOPERATE", "8": "COOPERATE"}.get(
        h[2], "ASSAULT" if h[2] in "9AB" else None
    )


def code_type(code: str, pico: dict[str, str]) -> str | None:
    """PLOVER type of a CAMEO code (its own PICO entry, else its parent's)."""
    for c in (code, code[:3], code[:2] + "0"):
        if c in pico:
            return pico_to_plover(pico[c])
    return None


# PLOVER types by the English glosses the dictionary gives each Arabic word ("قتل  # kill"): the
# verbs of the PLOVER codebook's definitions, leaving out glosses with a second, non-event sense
# (call, strike, charge, fire, back, help, take, hit, target, impose, question).
GLOSS_TYPES: dict[str, tuple[str, ...]] = {
    "ASSAULT": ("attack", "kill", "shoot", "clash", "bomb", "blitz", "ambush", "kidnap", "abduct",
                "fight", "battle", "pelt", "recapture", "overrun", "occupy", "blockade", "surround"),
    "COERCE": ("arrest", "detain", "convict", "seize", "raid", "ransack", "expel", "clamp", "quell",
               "disperse", "capture", "swoop"),
    "CONCEDE": ("release", "free", "resign", "yield", "surrender", "lift", "rescind", "repeal"),
    "RETREAT": ("withdraw", "retreat"),
    "REQUEST": ("demand", "request", "appeal", "lobby"),
    "ACCUSE": ("accuse", "blame", "indict", "sue"),
    "REJECT": ("reject", "refuse", "rebuff", "veto", "refute", "defy"),
    "THREATEN": ("threaten", "warn", "vow", "caution"),
    "PROTEST": ("protest", "march", "rally", "chant"),
    "SANCTION": ("boycott", "sever"),
    "MOBILIZE": ("deploy", "mobilise", "patrol", "comb"),
    "AID": ("donate", "airlift", "supply"),
    "COOPERATE": ("cooperate",),
    "SUPPORT": ("endorse", "hail", "applaud", "support", "praise"),
    "DISAPPROVE": ("condemn", "denounce", "censure", "complain", "slam", "mock"),
    "CONSULT": ("host", "convene", "negotiate", "meet", "visit", "discuss"),
    "AGREE": ("agree", "sign", "clinch", "broker"),
    "INVESTIGATE": ("investigate", "probe", "inquire"),
}  # fmt: skip
_BY_GLOSS = {g: t for t, gs in GLOSS_TYPES.items() for g in gs}


def present_stem(v: str) -> str:
    if v.startswith("است") and len(v) >= 6:
        return v[1:]  # استنكر → يستنكر
    if v.startswith("ا") and len(v) >= 4:
        return v[1:]  # اعتقل → يعتقل (VII/VIII), افرج → يفرج (IV)
    return v  # قتل → يقتل, طالب → يطالب, تعاون → يتعاون


def verb_forms(lemma: str) -> list[str]:
    v = fold_text(lemma)
    stem = present_stem(v)
    return [v, v + "ت", "ي" + stem, "ت" + stem]


_PROCLITICS = ("", "و", "ف", "س", "وس", "فس", "ال", "وال", "بال", "لل", "ول", "ب", "ل", "وب", "ولل")
_SUFFIXES = ("", "ت", "وا", "ون", "ان", "ا", "ن", "ات", "ين", "ها", "هم", "هما", "هن", "نا")


def corpus_counts(topics: Path, wanted: set[str]) -> Counter[str]:
    """How often each wanted form occurs in the ANT corpus (one-word forms with clitics stripped;
    phrases as folded substrings)."""
    texts = [fold_text(art["text"]) for art in load(topics)]
    vocab: Counter[str] = Counter()
    for text in texts:
        vocab.update(re.findall(r"\w+", text))
    counts: Counter[str] = Counter()
    for phrase in (w for w in wanted if " " in w):
        counts[phrase] = sum(len(re.findall(rf"(?<!\w)\w{{0,3}}{re.escape(phrase)}", t)) for t in texts)
    for tok, n in vocab.items():
        seen = set()
        for p in _PROCLITICS:
            if not tok.startswith(p):
                continue
            rest = tok[len(p) :]
            for s in _SUFFIXES:
                core = rest[: len(rest) - len(s)] if s and rest.endswith(s) else (rest if not s else None)
                if core and core in wanted and core not in seen:
                    seen.add(core)
                    counts[core] += n
    return counts


def cameo_words(cameo: Path) -> dict[str, str]:
    """CAMEO words whose gloss type and own code's PICO type agree, by type."""
    pico = pico_table(cameo / "PETR.Internal.Coding.Ontology.txt")
    out: dict[str, set[str]] = defaultdict(set)
    for raw in (cameo / "CAMEO.ar.0.5.txt").read_text(encoding="utf-8").splitlines():
        if raw.startswith("-") or _HEADER.match(raw) or "#" not in raw:
            continue
        body, _, gloss = raw.partition("#")
        m = _SYNONYM.match(body)
        if not m or not m.group(2) or not _ARABIC_WORD.match(m.group(1)) or len(m.group(1)) < 3:
            continue
        own = code_type(m.group(2), pico)
        found = {_BY_GLOSS[g.strip()] for g in gloss.split(",") if g.strip() in _BY_GLOSS}
        if own and own in found:
            out[fold_text(m.group(1))].add(own)
    return {w: next(iter(t)) for w, t in out.items() if len(t) == 1}


def hand_forms(triggers: Path) -> set[str]:
    raw = json.loads(triggers.read_text(encoding="utf-8"))
    return {fold_text(f).rstrip("*") for t in raw["triggers"] for f in t["verb"] + t["noun"]}


MIN_COUNT = 3


def build(
    cameo: Path, topics: Path, triggers: Path, lemmas: Path, use_cameo: bool = False
) -> dict[str, object]:
    spec = json.loads(lemmas.read_text(encoding="utf-8"))["types"]
    verbs: dict[str, tuple[str, str]] = {}  # form -> (type, origin)
    nouns: dict[str, tuple[str, str]] = {}
    for t, d in spec.items():
        for lemma in d["verbs"]:
            for f in verb_forms(lemma):
                verbs.setdefault(f, (t, "guideline"))
        for f in d["participles"]:
            verbs.setdefault(fold_text(f), (t, "guideline"))
        for f in d["nouns"] + d["phrases"]:
            nouns.setdefault(fold_text(f), (t, "guideline"))
    for w, t in sorted(cameo_words(cameo).items()) if use_cameo else ():
        for f in verb_forms(w):
            verbs.setdefault(f, (t, "cameo"))
    taken = hand_forms(triggers)
    counts = corpus_counts(topics, set(verbs) | set(nouns))
    by_type: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: {"verb": {}, "noun": {}})
    origin: dict[str, str] = {}
    for kind, forms in (("verb", verbs), ("noun", nouns)):
        for f, (t, src) in forms.items():
            if f not in taken and counts[f] >= MIN_COUNT:
                by_type[t][kind][f] = counts[f]
                origin[f] = src
    triggers_out = [
        {
            "type": t.partition(":")[0],
            "mode": t.partition(":")[2] or None,
            "role": "svo",
            "verb": sorted(d["verb"]),
            "noun": sorted(d["noun"]),
            "counts": dict(sorted({**d["verb"], **d["noun"]}.items())),
            "from_cameo": sorted(f for f in {**d["verb"], **d["noun"]} if origin[f] == "cameo"),
        }
        for t, d in sorted(by_type.items())
    ]
    return {
        "about": "Generated by models/build_event_lexicon.py (do not edit; `make train-events`): trigger "
        "forms grown from docs/event-guideline.md's lemmas (models/event_lemmas.json) and from "
        "UniversalPetrarch's Arabic CAMEO dictionary (MIT, Open Event Data Alliance) where gloss and "
        "PICO type agree, inflected by rule and kept when the ANT corpus holds them at least "
        f"{MIN_COUNT} times ('counts'). Card: models/EVENTS_CARD.md.",
        "triggers": triggers_out,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cameo", type=Path, default=Path("../shared/data/events/reference"))
    ap.add_argument("--topics", type=Path, default=Path("../shared/data/topics"))
    ap.add_argument("--triggers", type=Path, default=ROOT / "src/marsad/enrich/events/data/triggers.json")
    ap.add_argument("--lemmas", type=Path, default=ROOT / "models/event_lemmas.json")
    ap.add_argument("--out", type=Path, default=ROOT / "src/marsad/enrich/events/data/grown_triggers.json")
    ap.add_argument("--cameo-words", action="store_true", help="add the CAMEO words (measured, not shipped)")
    args = ap.parse_args()
    data = build(args.cameo, args.topics, args.triggers, args.lemmas, use_cameo=args.cameo_words)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    trig = data["triggers"]
    assert isinstance(trig, list)
    n = {f"{t['type']}:{t['mode']}": len(t["verb"]) + len(t["noun"]) for t in trig}
    print(f"{sum(n.values())} forms -> {args.out}: {n}")


if __name__ == "__main__":
    main()
