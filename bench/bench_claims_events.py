"""Claims, certainty and events: figures on the dev set and the seed page, and speed.

Usage (from the project root):
    .venv/bin/python bench/bench_claims_events.py --dev tests/data/claims_dev.jsonl \
        --seed ../shared/data/seed [--split all|tune|held_out] [--entities] [--errors]
    .venv/bin/python bench/bench_claims_events.py --gold2 tests/data/claims_gold2.jsonl \
        [--topics ../shared/data/topics] --split train|dev|sealed|all [--entities] [--errors]
    .venv/bin/python bench/bench_claims_events.py --gold2 tests/data/claims_gold4.jsonl --split train|dev
        (claims_gold4 has the same records without events: its event rows print "not annotated")
    .venv/bin/python bench/bench_claims_events.py --gold3 tests/data/events_gold3.jsonl \
        [--topics ../shared/data/topics] --split train|dev|sealed|all [--entities] [--errors] \
        [--tagger off,tagger,union,gate]
    (--gold3 also reads tests/data/events_gold5.jsonl, splits train|sealed; --tagger prints one table
    per events_trigger_tagger mode, the rules ("off") and the learnt tagger in the same run)

Dev set (tests/data/claims_dev.jsonl, see docs/annotation-guideline.md): each sentence is run alone
(no earlier sentence to continue a chain from). Figures:
  * claim detection: precision/recall/F1 of "attributed" (reported speech) against the gold flag;
  * source-chain exact match: over gold sentences whose chain is named in the sentence, the
    system chain has the same length and each link matches (names: one contains the other after
    folding; kinds equal); also the rate with names only;
  * certainty accuracy and confusion matrix;
  * event-type F1 (multiset of types per sentence) and actor/target F1 on type-matched events
    (names match when one contains the other after folding).
Peers, printed beside Marsad with ratios (no published Arabic claim/certainty system exists to run
side by side): "majority" (every sentence asserted, no chain, no events) and "flat lexicon" (the
same word lists looked up with no frames and no scope rules: attributed when any reporting word
occurs, certainty = the most doubtful cue word present) — what the frames and scope rules add.
Also printed: reported-vs-asserted accuracy (the attributed flag), the source head match (the
outermost source's name, and name and kind, over gold-named chains) and certainty macro-F1 (mean F1
over the levels the gold holds).
Gold2 (tests/data/claims_gold2.jsonl, see its README): annotated before any Marsad output, split by
outlet (train BBC, dev SkyNews, sealed CNN + JawharaFM); the file holds ids and offsets only and the
text is read from --topics (the run stops with a reason when the articles are absent). Score dev
while working; sealed once, at the end, and never tune on it.
Gold3 (tests/data/events_gold3.jsonl, see its README and docs/event-guideline.md): events only, with
trigger spans; about half the sentences hold no event, so precision is measured where the rules
could fire wrongly. Figures: event type P/R/F1 (as above), actor/target F1 on type-matched events,
trigger match (a system event whose trigger overlaps the gold trigger of an event of the same
type; exact: the same span), untyped trigger detection, sentence-level "holds an event" P/R, per
type recall, and sentences/s. Peer: "no events" (majority) for the sentence-level accuracy.
Seed: the six claims of expected.json (source and certainty) and its seven events (type, actors).
Speed: sentences/s on one core for claims + events, and for entity tagging when --entities.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.config import SETTINGS
from marsad.enrich.claims import analyse_sentence
from marsad.enrich.claims.fold import fold_text
from marsad.enrich.claims.lexicon import countries
from marsad.enrich.claims.sources import EntitySpan
from marsad.enrich.events import events_in_sentence
from marsad.enrich.events.lexicon import event_lexicon
from marsad.enrich.events.tagger import load_trigger_tagger
from marsad.model import Article, Block, Entity, Event, Label, Sentence, Source

LEVELS = ("asserted", "reported", "probable", "possible", "claimed", "denied")


def loose(s: str) -> str:
    s = fold_text(s)
    s = re.sub(r"[^\w ]", " ", s)
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in s.split())


def same_name(a: str, b: str) -> bool:
    x, y = loose(a), loose(b)
    return bool(x and y) and (x in y or y in x)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def entity_tagger() -> Any | None:
    try:
        from marsad.enrich.entities import entity_step
    except ImportError:
        return None
    return entity_step(SETTINGS)


def one_sentence_article(text: str) -> Article:
    return Article(
        Source(format="text"),
        blocks=[Block(0, text, Label.PARAGRAPH)],
        sentences=[Sentence(text, 0, 0, len(text))],
    )


def spans_of(entities: list[Entity], text_len: int) -> list[EntitySpan]:
    return sorted(
        (
            EntitySpan(m.start, m.end, e)
            for e in entities
            for m in e.mentions
            if m.block == 0 and m.end <= text_len
        ),
        key=lambda x: x.start,
    )


def sentence_entities(tagger: Any | None, text: str) -> list[EntitySpan]:
    """The entity spans of one sentence run alone (none without a tagger)."""
    ents: list[Entity] = []
    if tagger is not None:
        ents = next(iter(tagger([one_sentence_article(text)]))).entities
    return spans_of(ents, len(text))


def sentence_events(text: str, espans: list[EntitySpan], an: Any, tagger_mode: str = "") -> list[Event]:
    """Marsad's events of one sentence run alone, as the events step runs them (`tagger_mode`:
    Settings.events_trigger_tagger for this run; empty = the settings')."""
    mode = tagger_mode or SETTINGS.events_trigger_tagger
    return events_in_sentence(
        text,
        0,
        espans,
        vso_gap=SETTINGS.events_vso_gap,
        certainty=an.certainty,
        skip=an.source_spans,
        lex=event_lexicon(SETTINGS.events_grown_lexicon),
        tagger=load_trigger_tagger().using(mode, SETTINGS.events_tagger_gate) if mode != "off" else None,
    )


def match_events(gold: list[dict[str, Any]], got: list[Event]) -> tuple[int, int, int, list[int]]:
    """Type TP/FP/FN and, per role, TP/FP/FN of names on type-matched pairs."""
    free = list(got)
    tp = 0
    roles = [0, 0, 0, 0, 0, 0]  # actor tp fp fn, target tp fp fn
    for g in gold:
        cand = next((e for e in free if e.type == g["type"]), None)
        if cand is None:
            continue
        free.remove(cand)
        tp += 1
        for n, (gl, sl) in enumerate(((g["actors"], cand.actors), (g["targets"], cand.targets))):
            hit = sum(any(same_name(x, y) for y in sl) for x in gl)
            roles[3 * n] += hit
            roles[3 * n + 1] += sum(not any(same_name(x, y) for x in gl) for y in sl)
            roles[3 * n + 2] += len(gl) - hit
    return tp, len(got) - tp, len(gold) - tp, roles


def flat_lexicon(text: str) -> tuple[bool, str]:
    """The peer: reporting words and cue words looked up anywhere, no frames, no scope rules."""
    from marsad.enrich.claims.fold import fold
    from marsad.enrich.claims.lexicon import lexicon
    from marsad.enrich.claims.tokens import forms, tokenize

    lex = lexicon()
    folded = fold(text)
    toks = tokenize(folded.text)
    attributed = bool(lex.according.search(folded.text)) or any(
        f in lex.verb_class for t in toks for f in forms(t.text)
    )
    level = "reported" if attributed else "asserted"
    for lvl in ("denied", "claimed", "possible", "probable"):
        hit = (
            lex.cues[lvl].search(folded.text)
            or (lvl == "possible" and any(t.text in lex.qad for t in toks))
            or (lvl == "denied" and any(t.text in lex.negation for t in toks) and attributed)
        )
        if hit:
            level = lvl
            break
    return attributed, level


@dataclass
class Tally:
    """Counts of one scored run: Marsad, the flat-lexicon peer and the gold."""

    n: int = 0
    att: Counter[str] = field(default_factory=Counter)
    flat_att: Counter[str] = field(default_factory=Counter)
    flat_right: int = 0
    chain_total: int = 0
    chain_exact: int = 0
    chain_names: int = 0
    head_names: int = 0
    head_kinds: int = 0
    conf: Counter[tuple[str, str]] = field(default_factory=Counter)
    ev: list[int] = field(default_factory=lambda: [0, 0, 0])
    roles: list[int] = field(default_factory=lambda: [0] * 6)
    events_annotated: bool = True  # False when the gold's events are null (claims_gold4)


def confusion_key(sys_flag: bool, gold_flag: bool) -> str:
    return "tp" if sys_flag and gold_flag else "fp" if sys_flag else "fn" if gold_flag else "tn"


def tally_chain(t: Tally, r: dict[str, Any], chain: list[Any], show_errors: bool) -> None:
    """Exact chain, names-only chain and head (outermost source) match, on gold-named chains."""
    gold = r["source_chain"]
    t.chain_total += 1
    names_ok = len(gold) == len(chain) and all(
        same_name(g["name"], s.name) for g, s in zip(gold, chain, strict=True)
    )
    exact = names_ok and all(g["kind"] == s.kind for g, s in zip(gold, chain, strict=True))
    t.chain_names += names_ok
    t.chain_exact += exact
    head = bool(chain) and same_name(gold[0]["name"], chain[0].name)
    t.head_names += head
    t.head_kinds += head and gold[0]["kind"] == chain[0].kind
    if show_errors and not exact:
        print("CHAIN", r["id"], [(g["name"], g["kind"]) for g in gold], [(s.name, s.kind) for s in chain])


def tally(rows: list[dict[str, Any]], use_entities: bool, show_errors: bool) -> Tally:
    tagger = entity_tagger() if use_entities else None
    t = Tally(n=len(rows))
    for r in rows:
        text = r["text"]
        espans = sentence_entities(tagger, text)
        an = analyse_sentence(text, espans, None, SETTINGS)
        t.att[confusion_key(an.attributed, r["attributed"])] += 1
        f_att, f_level = flat_lexicon(text)
        t.flat_att[confusion_key(f_att, r["attributed"])] += 1
        t.flat_right += f_level == r["certainty"]
        if r["attributed"] and r["source_chain"]:
            tally_chain(t, r, an.chain, show_errors)
        t.conf[(r["certainty"], an.certainty)] += 1
        if show_errors and r["certainty"] != an.certainty:
            print("CERT ", r["id"], r["certainty"], "->", an.certainty, an.cues, "|", text[:90])
        if r["events"] is None:
            t.events_annotated = False
            continue
        got = sentence_events(text, espans, an)
        tp, fp, fn, rl = match_events(r["events"], got)
        t.ev = [t.ev[0] + tp, t.ev[1] + fp, t.ev[2] + fn]
        t.roles = [a + b for a, b in zip(t.roles, rl, strict=True)]
        if show_errors and (fp or fn):
            got_desc = [(e.type, e.trigger, e.actors, e.targets) for e in got]
            print("EVENT", r["id"], [e["type"] for e in r["events"]], got_desc)
    return t


def macro_f1(conf: Counter[tuple[str, str]]) -> tuple[float, dict[str, float]]:
    """Mean F1 over the certainty levels the gold holds (a level absent from the gold has no F1)."""
    per: dict[str, float] = {}
    for lvl in LEVELS:
        gold_n = sum(v for (g, _), v in conf.items() if g == lvl)
        if not gold_n:
            continue
        tp = conf.get((lvl, lvl), 0)
        sys_n = sum(v for (_, s), v in conf.items() if s == lvl)
        per[lvl] = prf(tp, sys_n - tp, gold_n - tp)[2]
    return (sum(per.values()) / len(per) if per else 0.0), per


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


def report(t: Tally, label: str, entities: bool) -> None:
    n = t.n
    acc = sum(v for (g, s), v in t.conf.items() if g == s) / n
    base_acc = sum(v for (g, _), v in t.conf.items() if g == "asserted") / n
    p, rc, f = prf(t.att["tp"], t.att["fp"], t.att["fn"])
    fp_, fr_, ff_ = prf(t.flat_att["tp"], t.flat_att["fp"], t.flat_att["fn"])
    flat_acc = t.flat_right / n
    print(f"\n## {label}, {n} sentences, entities={'yes' if entities else 'no'}")
    print("| measure | Marsad | flat lexicon | majority | Marsad / flat |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| claim detection (attributed) P / R / F1 | {p:.3f} / {rc:.3f} / {f:.3f} "
        f"| {fp_:.3f} / {fr_:.3f} / {ff_:.3f} | 0 / 0 / 0 | {ratio(f, ff_)} |"
    )
    rva = (t.att["tp"] + t.att["tn"]) / n
    print(
        f"| reported vs asserted accuracy | {rva:.3f} | {(t.flat_att['tp'] + t.flat_att['tn']) / n:.3f} | – | – |"
    )
    ct = t.chain_total
    print(
        f"| source chain exact match (n={ct}) | {t.chain_exact / ct if ct else 0:.3f} | 0.000 | 0.000 | – |"
    )
    print(f"| source chain, names only | {t.chain_names / ct if ct else 0:.3f} | 0.000 | 0.000 | – |")
    print(
        f"| source head (outermost) name match | {t.head_names / ct if ct else 0:.3f} | 0.000 | 0.000 | – |"
    )
    print(f"| source head name and kind match | {t.head_kinds / ct if ct else 0:.3f} | 0.000 | 0.000 | – |")
    print(f"| certainty accuracy | {acc:.3f} | {flat_acc:.3f} | {base_acc:.3f} | {ratio(acc, flat_acc)} |")
    mf, per = macro_f1(t.conf)
    print(f"| certainty macro-F1 (levels in gold) | {mf:.3f} | – | – | – |")
    print("| … per level F1 | " + ", ".join(f"{k} {v:.3f}" for k, v in per.items()) + " | – | – | – |")
    if t.events_annotated:
        ep, er, ef = prf(*t.ev)
        print(f"| event type P / R / F1 | {ep:.3f} / {er:.3f} / {ef:.3f} | – | 0 / 0 / 0 | – |")
        ap, ar, af = prf(*t.roles[:3])
        tp_, tr, tf = prf(*t.roles[3:])
        print(f"| actor P / R / F1 (type-matched events) | {ap:.3f} / {ar:.3f} / {af:.3f} | – | – | – |")
        print(f"| target P / R / F1 (type-matched events) | {tp_:.3f} / {tr:.3f} / {tf:.3f} | – | – | – |")
    else:
        print("| events | not annotated in this set | – | – | – |")
    print("\nCertainty confusion (rows gold, columns system):")
    print("| gold \\ sys | " + " | ".join(LEVELS) + " |")
    print("|---|" + "---:|" * len(LEVELS))
    for g in LEVELS:
        print(f"| {g} | " + " | ".join(str(t.conf.get((g, s), 0)) for s in LEVELS) + " |")


def read_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def only_split(rows: list[dict[str, Any]], split: str, path: Path) -> list[dict[str, Any]]:
    """The rows of one split; a split the file does not have is an error, not an empty result."""
    if split == "all":
        return rows
    kept = [r for r in rows if r["split"] == split]
    if not kept:
        raise SystemExit(
            f"error: {path} has no split {split!r} (it has {sorted({r['split'] for r in rows})})"
        )
    return kept


# --- gold2 (issue 11 items 2/3): the file holds ids and offsets only; the text is read here ---
def gold2_rows(path: Path, topics: Path) -> list[dict[str, Any]]:
    """tests/data/claims_gold2.jsonl with each sentence's text cut from ../shared/data/topics.

    The ANT articles may not be redistributed, so the gold stores (ant_id, start, end, sha1 of the
    sentence); a text that no longer hashes the same is an error, never a silent mismatch."""
    from sample_canonical import load  # bench/ is on sys.path when this script runs
    from sample_claims_gold2 import sentence_text

    if not (topics / "ant2-dev.jsonl").is_file():
        raise SystemExit(f"skipped: {path.name} needs the ANT articles, not found at {topics}")
    texts = {a["id"]: a["text"] for a in load(topics)}
    rows = read_rows(path)
    for r in rows:
        text = sentence_text(texts[r["ant_id"]], r["start"], r["end"])
        if hashlib.sha1(text.encode()).hexdigest()[:12] != r["sha1"]:
            raise SystemExit(f"error: {r['id']}: the text at its offsets does not hash to {r['sha1']}")
        r["text"] = text
    return rows


# --- gold3 (issue 11 item 3): events with trigger spans, ids and offsets only ---
def trigger_spans(text: str, trigger: str) -> list[tuple[int, int]]:
    """Every place the system's trigger text occurs in the sentence (Event keeps no offsets)."""
    out, pos = [], text.find(trigger)
    while trigger and pos >= 0:
        out.append((pos, pos + len(trigger)))
        pos = text.find(trigger, pos + 1)
    return out


@dataclass
class Gold3Tally:
    """Counts of one gold3 run."""

    n: int = 0
    ev: list[int] = field(default_factory=lambda: [0, 0, 0])
    roles: list[int] = field(default_factory=lambda: [0] * 6)
    events_annotated: bool = True  # False when the gold's events are null (claims_gold4)
    trig: list[int] = field(default_factory=lambda: [0, 0, 0])  # typed, overlapping span
    exact: int = 0
    untyped: list[int] = field(default_factory=lambda: [0, 0, 0])
    sent: Counter[str] = field(default_factory=Counter)
    per_type: Counter[tuple[str, str]] = field(default_factory=Counter)  # (type, tp|fp|fn)
    cpu: float = 0.0


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_triggers(
    text: str, gold: list[dict[str, Any]], got: list[Event], typed: bool
) -> tuple[int, int, int, int]:
    """TP/FP/FN of trigger spans (one system event answers one gold event) and exact-span TPs."""
    free = [(e, trigger_spans(text, e.trigger)) for e in got]
    tp = exact = 0
    for g in gold:
        span = (g["trigger"][0], g["trigger"][1])
        hit = next(
            (
                (e, sp)
                for e, sp in free
                if (not typed or e.type == g["type"]) and any(_overlap(x, span) for x in sp)
            ),
            None,
        )
        if hit is None:
            continue
        free.remove(hit)
        tp += 1
        exact += span in hit[1]
    return tp, len(got) - tp, len(gold) - tp, exact


def tally_gold3(
    rows: list[dict[str, Any]], use_entities: bool, show_errors: bool, tagger_mode: str = ""
) -> Gold3Tally:
    tagger = entity_tagger() if use_entities else None
    t = Gold3Tally(n=len(rows))
    for r in rows:
        text = r["text"]
        espans = sentence_entities(tagger, text)
        t0 = time.process_time()
        an = analyse_sentence(text, espans, None, SETTINGS)
        got = sentence_events(text, espans, an, tagger_mode)
        t.cpu += time.process_time() - t0
        tp, fp, fn, rl = match_events(r["events"], got)
        t.ev = [t.ev[0] + tp, t.ev[1] + fp, t.ev[2] + fn]
        t.roles = [a + b for a, b in zip(t.roles, rl, strict=True)]
        gold_types, sys_types = Counter(e["type"] for e in r["events"]), Counter(e.type for e in got)
        for ty in gold_types | sys_types:
            both = min(gold_types[ty], sys_types[ty])
            t.per_type[(ty, "tp")] += both
            t.per_type[(ty, "fp")] += sys_types[ty] - both
            t.per_type[(ty, "fn")] += gold_types[ty] - both
        a, b, c, ex = match_triggers(text, r["events"], got, typed=True)
        t.trig = [t.trig[0] + a, t.trig[1] + b, t.trig[2] + c]
        t.exact += ex
        a, b, c, _ = match_triggers(text, r["events"], got, typed=False)
        t.untyped = [t.untyped[0] + a, t.untyped[1] + b, t.untyped[2] + c]
        t.sent[confusion_key(bool(got), bool(r["events"]))] += 1
        if show_errors and (fp or fn):
            gold_desc = [(e["type"], text[e["trigger"][0] : e["trigger"][1]]) for e in r["events"]]
            print("EVENT", r["id"], gold_desc, [(e.type, e.trigger, e.actors, e.targets) for e in got])
    return t


def report_gold3(t: Gold3Tally, label: str, entities: bool) -> None:
    n = t.n
    ep, er, ef = prf(*t.ev)
    ap, ar, af = prf(*t.roles[:3])
    tp_, tr, tf = prf(*t.roles[3:])
    gp, gr, gf = prf(*t.trig)
    up, ur, uf = prf(*t.untyped)
    sp, sr, sf = prf(t.sent["tp"], t.sent["fp"], t.sent["fn"])
    acc = (t.sent["tp"] + t.sent["tn"]) / n
    majority = (t.sent["tn"] + t.sent["fp"]) / n
    print(f"\n## {label}, {n} sentences, entities={'yes' if entities else 'no'}")
    print("| measure | Marsad | no-events peer |")
    print("|---|---:|---:|")
    print(f"| event type P / R / F1 | {ep:.3f} / {er:.3f} / {ef:.3f} | 0 / 0 / 0 |")
    print(f"| actor P / R / F1 (type-matched events) | {ap:.3f} / {ar:.3f} / {af:.3f} | – |")
    print(f"| target P / R / F1 (type-matched events) | {tp_:.3f} / {tr:.3f} / {tf:.3f} | – |")
    print(f"| trigger span + type P / R / F1 (overlap) | {gp:.3f} / {gr:.3f} / {gf:.3f} | 0 / 0 / 0 |")
    print(f"| … exact span among those matches | {t.exact / t.trig[0] if t.trig[0] else 0:.3f} | – |")
    print(f"| trigger span, any type, P / R / F1 | {up:.3f} / {ur:.3f} / {uf:.3f} | 0 / 0 / 0 |")
    print(f"| sentence holds an event P / R / F1 | {sp:.3f} / {sr:.3f} / {sf:.3f} | 0 / 0 / 0 |")
    print(f"| sentence event / no event accuracy | {acc:.3f} | {majority:.3f} |")
    print(f"| speed (claims analysis + events, CPU) | {n / t.cpu if t.cpu else 0:,.0f} sentences/s | – |")
    types = sorted({ty for ty, _ in t.per_type})
    print("\n| type | gold | system | tp | P | R |")
    print("|---|---:|---:|---:|---:|---:|")
    for ty in types:
        a, b, c = (t.per_type[(ty, k)] for k in ("tp", "fp", "fn"))
        p, rc, _ = prf(a, b, c)
        print(f"| {ty} | {a + c} | {a + b} | {a} | {p:.2f} | {rc:.2f} |")


def cohen_kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two labellings of the same items."""
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    pe = sum(first[k] * second[k] for k in first) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def head_kind(r: dict[str, Any]) -> str:
    chain = r["source_chain"]
    return "pronoun" if chain is None else chain[0]["kind"] if chain else "outlet's own"


def event_types(r: dict[str, Any]) -> Counter[str]:
    return Counter(e["type"] + (f"/{e['mode']}" if e["mode"] else "") for e in r["events"])


def disagreements(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Where two labellings of one sentence differ, field by field (labels only, no text)."""
    out = [
        f"{name}: {key(a)} | {key(b)}"
        for name, key in (("attributed", lambda r: r["attributed"]), ("head kind", head_kind))
        if key(a) != key(b)
    ]
    if a["certainty"] != b["certainty"]:
        out.append(f"certainty: {a['certainty']} {a['cues']} | {b['certainty']} {b['cues']}")
    if a["source_chain"] and b["source_chain"] and a["source_chain"] != b["source_chain"]:
        out.append(f"chain: {a['source_chain']} | {b['source_chain']}")
    if event_types(a) != event_types(b):
        out.append(
            f"events: {dict(event_types(a) - event_types(b))} | {dict(event_types(b) - event_types(a))}"
        )
    return out


def agreement(
    gold: list[dict[str, Any]], pass2_path: Path, first_path: Path | None = None, show_errors: bool = False
) -> None:
    """Agreement of two labellings of the same sentences: the gold (pass 1), or the labels of
    `first_path`, against another pass on a sample of the rows (only the rows both label)."""
    first = {r["id"]: r for r in (read_rows(first_path) if first_path else gold)}
    second = read_rows(pass2_path)
    pairs = [(first[r["id"]], r) for r in second if r["id"] in first]
    if len(pairs) < len(second):
        raise SystemExit(
            f"error: {len(second) - len(pairs)} rows of {pass2_path} are not in the first labels"
        )
    text = {r["id"]: r["text"] for r in gold}
    types = sorted({e["type"] for a, b in pairs for e in a["events"] + b["events"]})

    def kappa(key: Any) -> float:
        return cohen_kappa([(str(key(a)), str(key(b))) for a, b in pairs])

    presence = [
        (str(any(e["type"] == t for e in a["events"])), str(any(e["type"] == t for e in b["events"])))
        for a, b in pairs
        for t in types
    ]
    heads = [(a, b) for a, b in pairs if a["source_chain"] and b["source_chain"]]
    same_head = sum(same_name(a["source_chain"][0]["name"], b["source_chain"][0]["name"]) for a, b in heads)
    same_string = sum(a["source_chain"][0]["name"] == b["source_chain"][0]["name"] for a, b in heads)
    ev_tp = sum(
        sum((Counter(e["type"] for e in a["events"]) & Counter(e["type"] for e in b["events"])).values())
        for a, b in pairs
    )
    ev_a, ev_b = sum(len(a["events"]) for a, _ in pairs), sum(len(b["events"]) for _, b in pairs)
    if show_errors:
        for a, b in pairs:
            if diff := disagreements(a, b):
                print(f"- {a['id']}: {text[a['id']]}\n    " + "\n    ".join(diff))
    name1 = first_path.name if first_path else "the gold (pass 1)"
    print(f"\n## Agreement ({name1} against {pass2_path.name}: {len(pairs)} sentences)")
    print("| field | agreement | Cohen's kappa |")
    print("|---|---:|---:|")
    for name, key in (
        ("attributed (reported vs asserted)", lambda r: r["attributed"]),
        ("certainty (six levels)", lambda r: r["certainty"]),
        ("source head kind (incl. outlet's own, pronoun)", head_kind),
    ):
        print(f"| {name} | {sum(key(a) == key(b) for a, b in pairs) / len(pairs):.3f} | {kappa(key):.3f} |")
    po = sum(a == b for a, b in presence) / len(presence)
    print(
        f"| event type present, per sentence × type ({len(types)} types) | {po:.3f} | {cohen_kappa(presence):.3f} |"
    )
    print(
        f"| source head name, both named (n={len(heads)}) | {same_head / len(heads) if heads else 0:.3f} | – |"
    )
    print(
        f"| … the same string (where the name ends: appositions, titles) | {same_string / len(heads) if heads else 0:.3f} | – |"
    )
    print(
        f"| event types, F1 of the second labels against the first | {prf(ev_tp, ev_b - ev_tp, ev_a - ev_tp)[2]:.3f} | – |"
    )


# expected.json names its event types in words; each maps to the (type, mode) pairs that answer it
# (mode None: any mode).
SEED_EVENT_TYPES: dict[str, set[tuple[str, str | None]]] = {
    "MOVE/TRAVEL": {("CONSULT", "travel")},
    "CONSULT (meeting)": {("CONSULT", "meet")},
    "CONSULT (arranging a summit)": {("CONSULT", "meet")},
    "AID/COOPERATE (arms supply sought)": {("AID", None), ("COOPERATE", None)},
    "ACCUSE": {("ACCUSE", None)},
    "COOPERATE (recognition)": {("COOPERATE", "recognize")},
    "COOPERATE/AID (intent)": {("AID", None), ("COOPERATE", None)},
}


def seed(seed_dir: Path) -> None:
    from marsad.api import extract

    exp = json.loads((seed_dir / "expected.json").read_text(encoding="utf-8"))
    page = seed_dir / "euronews-kim-putin.txt"
    try:
        art = extract(page, enrich=True)
        how = "extract --enrich"
    except ImportError:
        from marsad.enrich.claims import add_claims
        from marsad.enrich.events import add_events

        art = add_events(add_claims(extract(page), SETTINGS), SETTINGS)
        how = "extract + claims + events (no entity step yet)"
    lines = page.read_text(encoding="utf-8").split("\n")
    latin = {e.name: (e.latin or e.name) for e in art.entities}
    latin.update({k: v for k, v in ((n, countries().get(fold_text(n))) for n in list(latin)) if v})

    def to_latin(name: str) -> str:
        return (latin.get(name) or countries().get(fold_text(name)) or name).casefold()

    print(f"\n## Seed ({how})")
    ok_claims = 0
    for c in exp["claims"]:
        para = loose(lines[c["paragraph_line"] - 1])
        want = {x.strip() for x in c["certainty"].replace("claimed by source", "claimed").split("/")}
        hit = None
        for got in art.claims:
            if not loose(got.text) or loose(got.text) not in para:
                continue
            chain = " ".join(f"{s.name} {s.latin or ''}" for s in got.source_chain).casefold()
            src_ok = all(
                any(w.casefold() in chain for w in re.findall(r"\w+", s) if len(w) > 3 and w[0].isupper())
                or s.casefold() in chain
                for s in c["source_chain"][:1]
            )
            first = c["source_chain"][0].casefold()
            src_ok = src_ok or any(to_latin(s.name) == first for s in got.source_chain)
            if got.certainty in want:
                hit = (got, src_ok)
                if src_ok:
                    break
        ok = bool(hit and hit[1])
        ok_claims += ok
        sysdesc = f"{hit[0].certainty} {[s.name for s in hit[0].source_chain]}" if hit else "none"
        print(
            f"- line {c['paragraph_line']}: want {c['source_chain']} {c['certainty']} → {sysdesc} {'ok' if ok else 'WRONG'}"
        )
    print(
        f"claims right (certainty; first source checked by Latin/English words): {ok_claims}/{len(exp['claims'])}"
    )
    ok_events = 0
    used: set[int] = set()  # each system event answers one expected event
    for e in exp["events"]:
        key = e["type"]
        types = SEED_EVENT_TYPES.get(key, {(key.split(" (")[0], None)})
        actors = e.get("actors") or [e["actor"]]
        found = None
        for gi, g in enumerate(art.events):
            if gi in used or not any(g.type == t and (m is None or g.mode == m) for t, m in types):
                continue
            names = {to_latin(a) for a in g.actors}
            if all(a.casefold() in names for a in actors):
                found = g
                used.add(gi)
                break
        ok_events += found is not None
        where = (
            f"ok: {found.type}/{found.mode} «{found.trigger}» in «{found.text[:50]}…»" if found else "missing"
        )
        print(f"- {e['type']} {actors}: {where}")
    print(f"events right (type and actors): {ok_events}/{len(exp['events'])}")


def speed(path: Path, use_entities: bool, repeat: int) -> None:
    rows = [json.loads(x)["text"] for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    arts = [one_sentence_article(t) for t in rows * repeat]
    tagger = entity_tagger() if use_entities else None
    t_ent = 0.0
    if tagger is not None:
        t0 = time.process_time()
        arts = list(tagger(arts))
        t_ent = time.process_time() - t0
    from marsad.enrich.claims import add_claims
    from marsad.enrich.events import add_events

    t0 = time.process_time()
    for a in arts:
        add_events(add_claims(a, SETTINGS), SETTINGS)
    t_ce = time.process_time() - t0
    n = len(arts)
    print(f"\n## Speed ({n} sentences, CPU time of one process)")
    print(f"- claims + events: {n / t_ce:,.0f} sentences/s per core")
    if tagger is not None:
        print(
            f"- entity tagging: {n / t_ent:,.0f} sentences/s; all three: {n / (t_ent + t_ce):,.0f} sentences/s"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=Path("tests/data/claims_dev.jsonl"))
    ap.add_argument("--seed", type=Path, default=None, help="the seed folder (../shared/data/seed)")
    ap.add_argument("--split", choices=("all", "tune", "held_out", "train", "dev", "sealed"), default="all")
    ap.add_argument("--gold2", type=Path, default=None, help="score tests/data/claims_gold2.jsonl instead")
    ap.add_argument("--gold3", type=Path, default=None, help="score tests/data/events_gold3.jsonl (events)")
    ap.add_argument("--topics", type=Path, default=Path("../shared/data/topics"), help="ANT files (gold2/3)")
    ap.add_argument(
        "--pass2", type=Path, default=None, help="with --gold2: another pass on some rows, for kappa"
    )
    ap.add_argument(
        "--first", type=Path, default=None, help="with --pass2: compare with these labels, not the gold's"
    )
    ap.add_argument("--entities", action="store_true", help="tag entities first (entity_step)")
    ap.add_argument(
        "--tagger",
        default="",
        help="with --gold3: also score these events_trigger_tagger modes in the same run (e.g. off,tagger,union,gate)",
    )
    ap.add_argument("--errors", action="store_true", help="print each disagreement")
    ap.add_argument("--repeat", type=int, default=5, help="copies of the dev set for the speed run")
    args = ap.parse_args()
    if args.gold3:
        rows = only_split(gold2_rows(args.gold3, args.topics), args.split, args.gold3)
        use_entities = args.entities and entity_tagger() is not None
        for mode in args.tagger.split(",") if args.tagger else [""]:
            t3 = tally_gold3(rows, use_entities, args.errors, mode)
            label = f"{args.gold3.name}, split={args.split}" + (
                f", events_trigger_tagger={mode}" if mode else ""
            )
            report_gold3(t3, label, use_entities)
        return None
    path = args.gold2 or args.dev
    rows = gold2_rows(path, args.topics) if args.gold2 else read_rows(path)
    if args.pass2:  # agreement only: it reads labels, never Marsad's output
        return agreement(rows, args.pass2, args.first, args.errors)
    rows = only_split(rows, args.split, path)
    use_entities = args.entities and entity_tagger() is not None
    report(tally(rows, args.entities, args.errors), f"{path.name}, split={args.split}", use_entities)
    if args.seed:
        seed(args.seed)
    if not args.gold2:
        speed(args.dev, args.entities, args.repeat)


if __name__ == "__main__":
    main()
