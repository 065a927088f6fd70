"""Photo credits: find where a credit starts in a line, and read photographer, agency, copyright.

Dumps glue a figure's caption and its credit into one line ("caption Copyright Name/Copyright
2019 The AP. All rights reserved", "caption (أ ف ب)", "caption Photo: Name/AFP"), and often
repeat the caption and the credit on lines of their own. `split_caption()` cuts such a line;
`parse_credit()` reads the credit. Agency names are data (data/agencies.json).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from marsad.extract.lexicon import lexicon

__all__ = ["Credit", "has_credit", "parse_credit", "split_caption"]

# Words that open a credit, in the languages we cover; the colon is what makes them a credit.
_PREFIX_WORDS = (
    r"photo(?:graph)?s?|photo credit|image(?: credit)?|picture|credit|crédits?(?: photo)?|foto(?:s)?|"
    r"bild(?:quelle|rechte)?|quelle|source|illustration|"
    r"صورة|الصورة|صور|تصوير|المصدر|حقوق الصورة|مصدر الصورة"
)
_LABELLED = re.compile(rf"(?:^|(?<=\s)|(?<=[(\[]))(?:{_PREFIX_WORDS})\s*[:：]", re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\(c\)(?=\s)|(?<!\w)copyright(?!\w)", re.IGNORECASE)
_RESERVED = re.compile(
    r"all rights reserved|tous droits réservés|alle rechte vorbehalten|جميع الحقوق محفوظة|الحقوق محفوظة",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_SPLIT = re.compile(r"\s*/\s*|\s*\|\s*|\s+via\s+|\s*;\s*")
_STRIP_MARKERS = re.compile(
    rf"^(?:(?:{_PREFIX_WORDS})\s*[:：]\s*|©\s*|\(c\)\s*|copyright\s*)+", re.IGNORECASE
)


@dataclass(slots=True)
class Credit:
    """A parsed photo credit."""

    raw: str
    photographer: str | None = None
    agency: str | None = None
    copyright: str | None = None


_WORD = re.compile(r"\w+")


@cache
def _agency_words() -> frozenset[str]:
    """Every word of every agency name: a line without one cannot end in an agency credit."""
    return frozenset(w for a in lexicon().agencies for w in _WORD.findall(a))


@cache
def _agency_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(a) for a in lexicon().agencies)
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


@cache
def _trailing_agency() -> re.Pattern[str]:
    alts = "|".join(re.escape(a) for a in lexicon().agencies)
    # "(AFP)", "(أ ف ب)", "/ Reuters", "Name/AFP", "AFP via Getty Images" at the end of a line.
    return re.compile(
        rf"(?:\(\s*(?:{alts})(?![\w])[^()]{{0,40}}\)|[\w.\-]+(?:\s[\w.\-]+){{0,3}}\s*/\s*(?:{alts})|"
        rf"(?:{alts})\s+via\s+(?:{alts}))\s*\.?$"
    )


def credit_start(text: str, tail_chars: int) -> int | None:
    """Offset where a credit begins in `text`, or None when the line carries no credit (an agency
    credit is looked for in the last `tail_chars` characters: Settings.credit_tail_chars)."""
    starts: list[int] = []
    # Substring tests gate the regexes: every credit form has one of these marks.
    low = text.lower()
    if "©" in text or "(c)" in low or "copyright" in low:
        m = _COPYRIGHT.search(text)
        if m:
            starts.append(m.start())
    if ":" in text or "：" in text:
        m = _LABELLED.search(text)
        if m:
            starts.append(m.start())
            if m.start() > 0 and text[m.start() - 1] in "([":
                starts.append(m.start() - 1)
    # An agency credit sits at the end of the line: search only the tail, and only when it has
    # the marks such a credit needs (a slash, a closing bracket or "via") — this regex is costly.
    tail_at = max(0, len(text) - tail_chars)
    tail = text[tail_at:]
    if ("/" in tail or ")" in tail or " via " in tail) and not _agency_words().isdisjoint(
        _WORD.findall(tail)
    ):
        m = _trailing_agency().search(tail)
        if m:
            starts.append(tail_at + m.start())
    return min(starts) if starts else None


def has_credit(text: str, tail_chars: int, folded: str | None = None) -> bool:
    """Whether the line carries a photo credit or copyright notice.

    `folded` (the line case-folded, as `lexicon.fold` gives it) lets most lines be ruled out
    without lower-casing them again: every credit form needs one of these marks.
    """
    low = folded if folded is not None else text.casefold()
    tail = text[-tail_chars:]
    if not (
        ":" in text
        or "：" in text
        or "©" in text
        or "/" in tail
        or ")" in tail
        or " via " in tail
        or "copyright" in low
        or "(c)" in text
        or "(C)" in text
    ):
        return False
    return credit_start(text, tail_chars) is not None


def split_caption(text: str, tail_chars: int) -> tuple[str | None, str | None]:
    """Cut a line into (caption, credit); either may be None (`tail_chars`: see `credit_start`)."""
    k = credit_start(text, tail_chars)
    if k is None:
        return text.strip() or None, None
    cap = text[:k].strip(" -–—|,")
    cred = text[k:].strip()
    return cap or None, cred or None


def parse_credit(raw: str) -> Credit:
    """Read photographer, agency and copyright notice from a credit string."""
    credit = Credit(raw=raw.strip())
    text = raw.strip().strip("()[]").strip()
    parts = [p.strip() for p in _SPLIT.split(text) if p.strip()]
    agency_re = _agency_re()
    people: list[str] = []
    for part in parts:
        notice = bool(_YEAR.search(part) or _RESERVED.search(part))
        m = agency_re.search(part)
        if notice:
            credit.copyright = credit.copyright or part
            if m and credit.agency is None:
                credit.agency = m.group(0)
            continue
        bare = _STRIP_MARKERS.sub("", part).strip(" .,:-")
        if not bare:
            continue
        if m and (m.group(0) == bare or len(bare) - len(m.group(0)) <= 4):
            credit.agency = credit.agency or m.group(0)
            continue
        people.append(bare)
    if people:
        name = people[0]
        # A name is a few words; longer text is not a photographer.
        if 0 < len(name.split()) <= 5:
            credit.photographer = name
    if credit.copyright is None and _COPYRIGHT.search(text):
        credit.copyright = text
    return credit
