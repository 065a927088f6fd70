"""Date expressions: Gregorian (three Arabic month families and Latin-script names), numeric,
ISO, Hijri, weekdays and relative expressions, with offsets into the original text.

A date is never invented. Weekdays and relative expressions ("مساء الأحد", "أمس", "الشهر
الماضي") keep `date=None` unless a reference date (the article's publication date) is given; a
day and month without a year likewise need the reference. `date` is ISO 8601 at the precision
the expression carries: a day (2023-09-10), a month (2023-09), an ISO week (2023-W36) or a year.

Matching runs with regular expressions over the search form of the text (alef, ya, ta marbuta,
hamza seats, diacritics, digits and Latin case folded; see normalize.search_form_with_offsets),
so "أيلول", "ايلول" and "١٠" match the same patterns; offsets are mapped back to the original.
Names come from data/dates.json. Our own patterns cover the common news forms quickly;
dateparser is not used (it is ~1000x slower here and does not know Hijri or Levantine months).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from marsad.arabic.normalize import search_form, search_form_with_offsets
from marsad.model import DateMention

__all__ = ["DATELINE_WORDS", "find_dates", "parse_date"]

# Arabic words that mark a dateline (the dump labeller's cue for a date line), in search form as
# its folding writes them (no hamza on alef, ة as ه): the month names of data/dates.json in Arabic script (Egyptian-
# Gulf, Levantine and Maghreb; a two-word name by its first word, كانون / تشرين), and relative days.
_RELATIVE_DATELINE_WORDS = ("منذ", "اليوم", "امس")


def _dateline_words() -> tuple[str, ...]:
    d = json.loads(resources.files("marsad.arabic").joinpath("data/dates.json").read_text(encoding="utf-8"))
    names = {
        search_form(n.split()[0])
        for group in d["months"].values()
        for n in group
        if regex.match(r"[\u0621-\u064a]", n)
    }
    return (*sorted(names), *_RELATIVE_DATELINE_WORDS)


DATELINE_WORDS = _dateline_words()
_L = r"\p{L}\p{M}"
_B = rf"(?<![{_L}\d])"  # left word boundary
_E = rf"(?![{_L}\d])"  # right word boundary
_PRO = r"(?:[وفب](?=[" + _L + r"]{3}))?"  # a conjunction or preposition glued to the next word


def _alt(names: list[str]) -> str:
    # Longest first (the regex takes the first alternative that matches), then alphabetical:
    # sorting a set by length alone left ties in hash order, a different pattern every run.
    forms = sorted({search_form(n) for n in names}, key=lambda f: (-len(f), f))
    return "|".join(regex.escape(f).replace(r"\ ", r"\s+") for f in forms)


@dataclass(frozen=True, slots=True)
class _Patterns:
    combined: regex.Pattern[str]
    anchors: regex.Pattern[str]
    month: dict[str, int]
    hijri_month: dict[str, int]
    weekday: dict[str, int]
    ambiguous: frozenset[str]
    rel_day: dict[str, int]
    period: dict[str, str]
    period_dir: dict[str, str]
    unit: dict[str, str]
    dual: dict[str, str]
    number_word: dict[str, int]


def _keyed(groups: dict[str, list[str]]) -> dict[str, int]:
    return {search_form(n): int(k) for k, names in groups.items() for n in names}


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    d: dict[str, Any] = json.loads(
        resources.files("marsad.arabic").joinpath("data/dates.json").read_text(encoding="utf-8")
    )
    period: dict[str, str] = {}
    period_dir: dict[str, str] = {}
    for kind, spec in d["relative_periods"].items():
        for n in spec["names"]:
            period[search_form(n)] = kind
        for direction in ("past", "next", "this"):
            for w in spec[direction]:
                period_dir[search_form(w)] = direction
    t = _Patterns(
        combined=_NEVER,  # compiled below, from the tables
        anchors=_NEVER,
        month=_keyed(d["months"]),
        hijri_month=_keyed(d["hijri_months"]),
        weekday=_keyed(d["weekdays"]),
        ambiguous=frozenset(search_form(w) for w in d["ambiguous_weekdays"]),
        rel_day=_keyed(d["relative_days"]),
        period=period,
        period_dir=period_dir,
        unit={search_form(n): u for u, names in d["units"].items() for n in names},
        dual={search_form(n): u for u, names in d["dual_units"].items() for n in names},
        number_word=_keyed(d["number_words"]),
    )
    # Every expression starts at a word start: say so first, so other positions fail fast.
    combined = regex.compile(rf"(?<![{_L}\d])(?:{_expression(d, t)})", flags=regex.V1)
    return dataclasses.replace(t, combined=combined, anchors=_anchors(d, t))


_NEVER = regex.compile(r"(?!)")


def _expression(d: dict[str, Any], t: _Patterns) -> str:
    """The one alternation of every date form, each a named group `_RESOLVERS` dispatches on."""
    M = _alt(list(t.month))
    H = _alt(list(t.hijri_month))
    W = _alt(list(t.weekday))
    past_next = _alt(d["weekday_after"]["past"] + d["weekday_after"]["next"])
    parts = _alt(d["day_parts"])
    hmark = _alt(d["hijri_markers"])
    gmark = _alt(d["gregorian_markers"])
    rel = _alt(list(t.rel_day))
    per = _alt(list(t.period))
    perdir = _alt(list(t.period_dir))
    units = _alt(list(t.unit))
    duals = _alt(list(t.dual))
    numw = _alt(list(t.number_word))
    ago = _alt(d["ago"])
    month_expr = rf"(?P<m>{M})(?:\s*[/(]\s*(?:{M})\s*\)?)?"
    year = rf"(?P<y>\d{{4}})(?:\s*(?:{gmark}){_E})?"
    wd_prefix = rf"(?:(?P<rel0>{rel})\s*[,،]?\s*)?(?:{_PRO}(?:{parts})\s+)?"
    weekday_head = rf"(?:{wd_prefix}{_PRO}(?P<wd>{W}){_E}\s*[,،]?\s*)?"
    return "|".join(
        [
            # ISO date (and date-time), then numeric day-first dates.
            r"(?P<iso>(?<![\d/.\-])(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?![\d/\-]))",
            rf"(?P<num>{weekday_head}(?<![\d/.\-])(?P<nd>\d{{1,2}})(?P<sep>[/.\-])(?P<nm>\d{{1,2}})(?P=sep)(?P<ny>\d{{4}})(?![\d/.\-]))",
            # Hijri: day month year [marker] or month year marker.
            rf"(?P<hijri>{weekday_head}{_B}(?:(?P<hd>\d{{1,2}})\s+)?(?:{_PRO})(?P<hm>{H}){_E}\s*(?P<hy>\d{{3,4}})\s*(?P<hmark>(?:{hmark}){_E})?)",
            # Day month [year]; month day, year (English); month year.
            rf"(?P<dmy>{weekday_head}(?:(?<![{_L}\d])[وفب]|{_B})(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s*(?:من\s+)?(?:{_PRO}شهر\s+)?{_PRO}{month_expr}{_E}(?:\s*[,،]?\s*{year})?)",
            rf"(?P<mdy>{weekday_head}{_B}(?P<m2>{M})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}}){_E})",
            rf"(?P<my>{_B}(?:{_PRO}شهر\s+)?{_PRO}(?P<m3>{M}){_E}\s*[,،]?\s*(?P<y3>\d{{4}}){_E})",
            # An explicit year: "عام 2019".
            rf"(?P<yr>{_B}{_PRO}(?:{_alt(d['year_words'])})\s+(?P<yy>\d{{4}}){_E})",
            # Weekday alone, with its context.
            rf"(?P<weekday>{_B}{wd_prefix}{_PRO}(?P<w>{W}){_E}(?:\s+(?P<wdir>{past_next}){_E})?)",
            # Relative expressions.
            rf"(?P<period>{_B}{_PRO}(?:(?P<pthis>{perdir})\s+)?(?P<per>{per}){_E}(?:\s+(?P<pdir>{perdir}){_E})?)",
            # "منذ 3 أيام"; a bare unit not before a weekday ("قبل يوم الأحد" is "before Sunday").
            rf"(?P<ago>{_B}{_PRO}(?:{ago})\s+(?:(?P<an>\d{{1,3}}|{numw})\s+(?P<au>{units})|(?P<adual>{duals})"
            rf"|(?P<au1>{units})(?!\s+(?:{_PRO}(?:{W}|{rel})){_E})){_E})",
            rf"(?P<rel>{_B}(?:{_PRO}(?:{parts})\s+)?{_PRO}(?P<rd>{rel}){_E})",
        ]
    )


def _anchors(d: dict[str, Any], t: _Patterns) -> regex.Pattern[str]:
    """Every expression contains a digit or one of these words; the full pattern only runs in
    windows around them (a 30x speed-up on news text: most of a page holds no date)."""
    words = [*t.month, *t.hijri_month, *t.weekday, *t.rel_day, *t.period, *(search_form(w) for w in d["ago"])]
    # Anchor on the distinctive word of a multi-word name: كانون (الثاني), (أول) أمس, (بعد) غد.
    rel_last = {w.split()[-1] for w in t.rel_day}
    first = sorted({w.split()[0] for w in words if w not in t.rel_day} | rel_last, key=lambda w: (-len(w), w))
    return regex.compile(
        rf"\d|(?<![{_L}])[وفبل]?(?:{'|'.join(regex.escape(w) for w in first)})(?![{_L}])", flags=regex.V1
    )


def _day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _weekday_on_or_before(ref: dt.date, wd: int, *, strict: bool = False) -> dt.date:
    delta = (ref.weekday() - wd) % 7
    if strict and delta == 0:
        delta = 7
    return ref - dt.timedelta(days=delta)


def _nearest_year(ref: dt.date, m: int, d: int) -> dt.date | None:
    """Day and month without a year: the candidate year that puts the date closest to `ref`."""
    cands = [x for x in (_day(ref.year + k, m, d) for k in (-1, 0, 1)) if x]
    return min(cands, key=lambda x: abs((x - ref).days)) if cands else None


def _shift_month(ref: dt.date, k: int) -> str:
    idx = ref.year * 12 + ref.month - 1 + k
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def _hijri(y: int, m: int, d: int | None) -> str | None:
    from hijridate import Hijri

    if d is None:
        return None  # a Hijri month straddles two Gregorian months: no single ISO value
    try:
        g = Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return dt.date(g.year, g.month, g.day).isoformat()


# What a match resolves to: (kind, ISO date or None), or None to drop a false hit.
_Resolved = tuple[str, str | None] | None
_Groups = dict[str, str | None]


def _resolve(m: regex.Match[str], p: _Patterns, ref: dt.date | None) -> _Resolved:
    """(kind, ISO date or None) for one match, or None to drop a false hit.

    The pattern's named alternatives are tried in order; each has its own resolver below.
    """
    g = m.groupdict()
    for group, resolver in _RESOLVERS:
        if g[group]:
            return resolver(m, g, p, ref)
    return None


def _check_weekday(date: dt.date | None, g: _Groups, p: _Patterns) -> dt.date | None:
    """ "الأحد 10 سبتمبر": a stated weekday that contradicts the date leaves it unresolved."""
    wd_name = g.get("wd")
    if date and wd_name and p.weekday[wd_name] != date.weekday():
        return None
    return date


def _iso(m: regex.Match[str], g: _Groups, p: _Patterns, ref: dt.date | None) -> _Resolved:
    date = _day(int(g["iy"] or 0), int(g["im"] or 0), int(g["id"] or 0))
    return ("absolute", date.isoformat()) if date else None


def _numeric(m: regex.Match[str], g: _Groups, p: _Patterns, ref: dt.date | None) -> _Resolved:
    date = _day(int(g["ny"] or 0), int(g["nm"] or 0), int(g["nd"] or 0))
    if date is None:
        return None
    date = _check_weekday(date, g, p)
    return "absolute", date.isoformat() if date else None


def _hijri_date(m: regex.Match[str], g: _Groups, p: _Patterns, ref: dt.date | None) -> _Resolved:
    if g["hd"] is None and g["hmark"] is None:
        return None  # "رمضان 2019" is a name and a number more often than a Hijri month
    iso = _hijri(int(g["hy"] or 0), p.hijri_month[g["hm"] or ""], int(g["hd"]) if g["hd"] else None)
    wd_name = g.get("wd")
    if iso and wd_name and p.weekday[wd_name] != dt.date.fromisoformat(iso).weekday():
        # Hijri conversions may differ by a day from local sighting; trust the weekday.
        iso2 = _weekday_near(dt.date.fromisoformat(iso), p.weekday[wd_name])
        iso = iso2.isoformat() if iso2 else None
    return "hijri", iso


def _day_month(m: regex.Match[str], g: _Groups, p: _Patterns, ref: dt.date | None) -> _Resolved:
    mon = p.month[g["m"] or g["m2"] or ""]
    day = int(g["d"] or g["d2"] or 0)
    ys = g["y"] or g["y2"]
    if not 1 <= day <= 31:
        return None
    if ys:
        date = _day(int(ys), mon, day)
        if date is None:
            return None
    else:
        if ref is None:
            return "absolute", None
        date = _nearest_year(ref, mon, day)
    date = _check_weekday(date, g, p)
    return "absolute", date.isoformat() if date else None


def _month_year(m: regex.Match[str], g: _Groups, p: _Patterns, ref: dt.date | None) -> _Resolved:
    return "absolute", f"{int(g['y3'] or 0):04d}-{p.month[g['m3'] or '']:02d}"


def _year(m: regex.Match[str], g: _Groups, p: _Patterns, ref: dt.date | None) -> _Resolved:
    return "absolute", f"{int(g['yy'] or 0):04d}"


def _weekday(m: regex.Match[str], g: _Groups, p: _Patterns, ref: dt.date | None) -> _Resolved:
    w = g["w"] or ""
    rel0 = g.get("rel0")
    # "الأحد" is also "the one", "الاثنين" "the two": take them as weekdays only with a day
    # word, a direction, or set off by commas as news datelines do ("قالت الوزارة، الأحد، إن").
    before = m.string[max(0, m.start() - 4) : m.start()].rstrip()[-1:]
    after = m.string[m.end() : m.end() + 4].lstrip()[:1]
    has_context = bool(
        rel0
        or g["wdir"]
        or regex.search(r"\s", m.group().strip())
        or before in ("،", ",")
        or after in ("،", ",", ".")
    )
    if w in p.ambiguous and not has_context:
        return None
    if ref is None:
        return "weekday", None
    wd = p.weekday[w]
    if rel0:
        target = ref + dt.timedelta(days=p.rel_day[rel0])
        return "weekday", target.isoformat() if target.weekday() == wd else None
    direction = p.period_dir.get(g["wdir"] or "", None)
    if g["wdir"] and direction == "next":
        date = ref + dt.timedelta(days=(wd - ref.weekday()) % 7 or 7)
    else:
        date = _weekday_on_or_before(ref, wd, strict=direction == "past")
    return "weekday", date.isoformat()


def _period(m: regex.Match[str], g: _Groups, p: _Patterns, ref: dt.date | None) -> _Resolved:
    kind = p.period[g["per"] or ""]
    direction = p.period_dir.get(g["pdir"] or g["pthis"] or "", None)
    if direction is None:
        return None  # "العام" alone is not a date
    if ref is None:
        return "relative", None
    step = {"past": -1, "next": 1, "this": 0}[direction]
    if kind == "year":
        return "relative", f"{ref.year + step:04d}"
    if kind == "month":
        return "relative", _shift_month(ref, step)
    iso_year, iso_week, _ = (ref + dt.timedelta(weeks=step)).isocalendar()
    return "relative", f"{iso_year:04d}-W{iso_week:02d}"


def _ago(m: regex.Match[str], g: _Groups, p: _Patterns, ref: dt.date | None) -> _Resolved:
    # "قبل أسبوع من الانتخابات" counts from an event, not from the publication date.
    if regex.match(r"\s+من(?![\p{L}\p{M}])", m.string[m.end() : m.end() + 6]):
        return None
    if g["au1"]:
        n, unit = 1, p.unit[g["au1"]]
        if g["au1"] in _PLURALS:
            return "relative", None  # "منذ سنوات": vague
    elif g["adual"]:
        n, unit = 2, p.dual[g["adual"]]
    else:
        an = g["an"] or ""
        n = int(an) if an.isdigit() else p.number_word[an]
        unit = p.unit[g["au"] or ""]
    if ref is None:
        return "relative", None
    return "relative", _back(ref, n, unit)


def _back(ref: dt.date, n: int, unit: str) -> str | None:
    """The date `n` units before `ref`, as precise as the unit allows."""
    if unit in ("minute", "hour"):
        # Hours ago is the reference day itself only while it stays under a day.
        return ref.isoformat() if unit == "minute" or n < 24 else None
    if unit == "day":
        return (ref - dt.timedelta(days=n)).isoformat()
    if unit == "week":
        return (ref - dt.timedelta(weeks=n)).isoformat()
    if unit == "month":
        return _shift_month(ref, -n)
    return f"{ref.year - n:04d}"


def _relative_day(m: regex.Match[str], g: _Groups, p: _Patterns, ref: dt.date | None) -> _Resolved:
    if ref is None:
        return "relative", None
    return "relative", (ref + dt.timedelta(days=p.rel_day[g["rd"] or ""])).isoformat()


_Resolver = Callable[[regex.Match[str], _Groups, _Patterns, dt.date | None], _Resolved]
# In the order the old single function tested them: the first named alternative that matched wins.
_RESOLVERS: tuple[tuple[str, _Resolver], ...] = (
    ("iso", _iso),
    ("num", _numeric),
    ("hijri", _hijri_date),
    ("dmy", _day_month),
    ("mdy", _day_month),
    ("my", _month_year),
    ("yr", _year),
    ("weekday", _weekday),
    ("period", _period),
    ("ago", _ago),
    ("rel", _relative_day),
)


_PLURALS = frozenset(search_form(w) for w in ("أيام", "أسابيع", "أشهر", "شهور", "سنوات", "سنين", "أعوام"))


def _weekday_near(date: dt.date, wd: int) -> dt.date | None:
    for k in (0, -1, 1):
        cand = date + dt.timedelta(days=k)
        if cand.weekday() == wd:
            return cand
    return None


def _reference(reference: dt.date | str | None) -> dt.date | None:
    if reference is None or isinstance(reference, dt.date):
        return reference
    try:
        return dt.date.fromisoformat(reference[:10])
    except ValueError:
        return None


# Window around an anchor: far enough back for "صباح يوم الأحد" before a weekday or month, far
# enough ahead for "10 أيلول (سبتمبر) 2023 م" after a day number.
_BACK, _AHEAD = 30, 45


def _matches(p: _Patterns, form: str) -> list[regex.Match[str]]:
    """Matches of the full pattern, searched only in merged windows around anchors."""
    windows: list[list[int]] = []
    for a in p.anchors.finditer(form):
        start = form.rfind(" ", 0, max(0, a.start() - _BACK)) + 1
        end = form.find(" ", a.end() + _AHEAD)
        end = len(form) if end < 0 else end
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    out: list[regex.Match[str]] = []
    for start, end in windows:
        out.extend(p.combined.finditer(form, start, end))
    return out


def find_dates(text: str, reference: dt.date | str | None = None) -> list[DateMention]:
    """All date expressions in `text`, in order, with offsets into `text`.

    `reference` (a date, or an ISO string such as Article.published) resolves weekdays and
    relative expressions; without it they stay unresolved (`date=None`).
    """
    if not text:
        return []
    ref = _reference(reference)
    p = _patterns()
    form, pos = search_form_with_offsets(text)
    out: list[DateMention] = []
    for m in _matches(p, form):
        got = _resolve(m, p, ref)
        if got is None or m.end() <= m.start():
            continue
        kind, iso = got
        start, end = pos[m.start()], pos[m.end() - 1] + 1
        # Latin relative words count only in lower case: "Demain" in a French film title and
        # German "Morgen" (morning) are names, "demain" and "morgen" are dates.
        if m.group("rel") and text[start].isascii() and text[start].isupper():
            continue
        # A conjunction glued to a number ("و18 جانفي") is not part of the date.
        if text[start] in "وفب" and end - start > 1 and form[m.start() + 1 : m.start() + 2].isdigit():
            start = pos[m.start() + 1]
        # Keep trailing marks and tatweel that the search form dropped ("هـ").
        while end < len(text) and not text[end].isspace() and not search_form(text[end]):
            end += 1
        out.append(DateMention(text=text[start:end], kind=kind, date=iso, start=start, end=end))
    return out


def parse_date(text: str, reference: dt.date | str | None = None) -> str | None:
    """The ISO day (YYYY-MM-DD) of a string holding one date expression (a dateline), or None.

    Only day-precision results count: a month or year alone ("سبتمبر 2023") is not a publication
    date; use `find_dates` for those.
    """
    for d in find_dates(text, reference):
        if d.date and len(d.date) == 10:
            return d.date
    return None
