"""Label every line of a text dump: a learned main/boilerplate decision, then general rules.

Two layers, because the data can teach one thing and not the others:
1. A linear-chain CRF over the non-blank lines (models/dump_labeller.crfsuite, trained by
   models/train_dump_labeller.py on dumps rendered from real pages) says, for each line,
   `title`, `main`, `byline` or `boiler`. Gold snippets only say main vs boilerplate, so that is
   what is learned; the chain lets the decision follow the page's layout (main text comes in runs).
   Without the model a rule fallback decides, and a warning says so once.
2. Rules over cue lexicons (data/cues.*.json) and line relations give the finer labels the gold
   cannot: caption and credit (a line that glues a credit onto the caption line above it), byline,
   dateline (or "date labels without values"), related-articles header and items, heading vs
   paragraph, lede, and a reason for every chrome line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from functools import cache
from itertools import pairwise
from typing import Any

from marsad.arabic.dates import DATELINE_WORDS
from marsad.arabic.words import glued_joins
from marsad.config import Settings
from marsad.errors import ModelError
from marsad.extract import headline
from marsad.extract.byline import is_outlet, parse_byline
from marsad.extract.credits import parse_credit, split_caption
from marsad.extract.lexicon import fold, lexicon
from marsad.extract.lines import LineInfo, crf_features, describe
from marsad.model import Block, Label
from marsad.resources import find_model, open_crf

__all__ = ["MODEL_NAME", "REASONS", "coarse_labels", "label_lines", "load_tagger"]

log = logging.getLogger(__name__)

MODEL_NAME = "dump_labeller.crfsuite"

# Chrome reasons by cue category.
REASONS = {
    "advertisement": "advertisement",
    "share": "share widget",
    "consent": "consent/subscribe",
    "footer": "footer",
    "widget": "widget",
    "navigation": "navigation",
}
RELATED_HEADER_REASON = "related-articles header"
EMPTY_DATE_REASON = "date labels without values"


@cache
def load_tagger() -> Any | None:
    """The CRF tagger, loaded once per process; None (with one warning) when the model is missing.

    A crfsuite tagger holds the sequence it is working on: share it across processes (each loads
    its own), not across threads.
    """
    try:
        path = find_model(MODEL_NAME)
    except ModelError as exc:
        log.warning("dump labeller: %s — using the rule-only fallback", exc)
        return None
    return open_crf(path, "the dump labeller")


def _rule_coarse(infos: Sequence[LineInfo]) -> list[str]:
    """Fallback without the model: long, punctuated, un-cued lines are main text."""
    out = []
    for x in infos:
        if x.cue is None and x.words >= 10 and (x.end in (".", "q") or x.inner_punct >= 2) and x.glue == 0:
            out.append("main")
        else:
            out.append("boiler")
    return out


def _plain_document(infos: Sequence[LineInfo], s: Settings) -> list[str] | None:
    """Tags for a short text with no chrome at all (a note, a pasted story), else None.

    Every line is a sentence, except perhaps a first line without final punctuation (the title).
    The model learnt from crawled pages, where a handful of lines with no chrome around them never
    occurs, and it drops such paragraphs as teasers.
    """
    if len(infos) > s.dump_plain_max_lines:
        return None
    tags: list[str] = []
    for k, x in enumerate(infos):
        if (
            x.cue is not None
            or x.related_header
            or x.glue
            or x.separators
            or x.credit
            or x.date_label
            or x.byline_cue
            or x.bullet
        ):
            return None
        if x.end in (".", "q") and x.words >= 3:
            tags.append("main")
        elif k == 0 and x.end == "" and x.words <= 30:
            tags.append("title")
        else:
            return None
    return tags if "main" in tags else None


def coarse_labels(infos: Sequence[LineInfo], settings: Settings, *, use_model: bool = True) -> list[str]:
    """title / main / byline / boiler for each non-blank line (thresholds: `settings.dump_*`)."""
    return _coarse(infos, settings, use_model=use_model)[0]


def _coarse(
    infos: Sequence[LineInfo], settings: Settings, *, use_model: bool = True
) -> tuple[list[str], list[float] | None]:
    """The coarse tags and the model's P(title) of each line (None without the model)."""
    s = settings
    if not infos:
        return [], None
    plain = _plain_document(infos, s)
    if plain is not None:
        return plain, None
    tagger = load_tagger() if use_model else None
    if tagger is None:
        return _rule_coarse(infos), None
    tagger.set(crf_features(infos))
    tags: list[str] = tagger.tag()
    # P(main) of every line, read once: the thresholds and the cluster rule both use it.
    marg = [tagger.marginal("main", k) for k in range(len(tags))]
    p_title = [tagger.marginal("title", k) for k in range(len(tags))]
    rule = _rule_coarse(infos)
    for k, tag in enumerate(tags):
        if tag != "boiler":
            continue
        # Viterbi favours the majority label; a line the model thinks fairly likely main is kept,
        # because a lost paragraph costs more than a kept teaser (see the dev figures in models/).
        # A line that reads as prose by the rules needs less: short dumps (a handful of
        # paragraphs) give the model little density to go on.
        p = marg[k]
        if p >= s.dump_main_marginal or (rule[k] == "main" and p >= s.dump_prose_marginal):
            tags[k] = "main"
    if "main" not in tags:
        # Nothing the model trusts (a very short dump): the prose rule decides the body.
        tags = [r if r == "main" else t for r, t in zip(rule, tags, strict=True)]
    if s.dump_cluster_gap > 0:
        _keep_main_block(infos, tags, marg, s)
    return tags, p_title


def _keep_main_block(infos: Sequence[LineInfo], tags: list[str], marg: list[float], s: Settings) -> None:
    """Demote main lines far from the article's main block (author bios, teasers, comments).

    Main lines closer than s.dump_cluster_gap boilerplate lines form a cluster; the cluster with the most
    text is the article. Lines of other clusters stay main only when the model is sure of them.
    """
    clusters: list[list[int]] = []
    gap = 0
    for k, tag in enumerate(tags):
        if tag == "main":
            if clusters and gap <= s.dump_cluster_gap:
                clusters[-1].append(k)
            else:
                clusters.append([k])
            gap = 0
        elif tag == "boiler":
            gap += 1
    if len(clusters) < 2:
        return
    mass = [sum(infos[k].chars for k in c) for c in clusters]
    best = max(range(len(clusters)), key=mass.__getitem__)
    for c, ks in enumerate(clusters):
        if c == best or mass[c] >= s.dump_cluster_keep * mass[best]:
            continue
        for k in ks:
            if marg[k] < s.dump_cluster_sure:
                tags[k] = "boiler"


def label_lines(
    lines: list[str], language: str | None = None, *, settings: Settings, use_model: bool = True
) -> list[Block]:
    """One Block per input line (blank lines included), `line` 1-based, chrome with a reason
    (the labeller's thresholds from `settings`)."""
    s = settings
    infos = describe(lines, s)
    coarse, p_title = _coarse(infos, s, use_model=use_model)
    labels, reasons = _refine(infos, coarse, s, p_title)
    blocks: list[Block] = []
    by_line = {x.i: k for k, x in enumerate(infos)}
    for i, raw in enumerate(lines):
        k = by_line.get(i)
        if k is None:
            blocks.append(Block(index=i, text=raw.strip(), label=Label.BLANK, line=i + 1, language=language))
        else:
            blocks.append(
                Block(
                    index=i,
                    text=infos[k].text,
                    label=labels[k],
                    line=i + 1,
                    reason=reasons[k],
                    language=language,
                )
            )
    return blocks


def _is_main(tag: str) -> bool:
    return tag == "main"


_Labels = list[Label | None]
_Reasons = list[str | None]


def _chrome(labels: _Labels, reasons: _Reasons, k: int, why: str) -> None:
    labels[k] = Label.CHROME
    reasons[k] = why


def _refine(
    infos: Sequence[LineInfo], coarse: list[str], s: Settings, p_title: list[float] | None = None
) -> tuple[list[Label], list[str | None]]:
    """The fine labels, pass after pass over the model's coarse ones (each pass a function)."""
    n = len(infos)
    labels: _Labels = [None] * n
    reasons: _Reasons = [None] * n
    mains = [k for k in range(n) if _is_main(coarse[k])]
    last_main = mains[-1] if mains else -1
    first_main = mains[0] if mains else n
    _captions_pass(infos, labels, last_main, s)
    _cues_pass(infos, coarse, labels, reasons, first_main, s)
    _related_pass(infos, labels, reasons, s)
    title = _title_pass(infos, coarse, labels, reasons, first_main, s, p_title)
    _main_text_pass(infos, coarse, labels, s)
    # 6. Lede: the first paragraph after the title when it stands apart from the body.
    if title is not None:
        _mark_lede(infos, labels, title)
    # 7. Every other line is chrome, with the best reason its position gives.
    for k in range(n):
        if labels[k] is None:
            if title is not None and k < title:
                _chrome(labels, reasons, k, "navigation")
            elif k > last_main:
                _chrome(labels, reasons, k, "footer")
            else:
                _chrome(labels, reasons, k, "boilerplate")
    return [lab if lab is not None else Label.CHROME for lab in labels], reasons


def _captions_pass(infos: Sequence[LineInfo], labels: _Labels, last_main: int, s: Settings) -> None:
    """1. Captions and credits: a credit glued to the caption line above, or a credit line that
    sits before the end of the main text (a copyright notice after it is the footer)."""
    for k, x in enumerate(infos):
        if not x.credit or k > last_main or x.words > 60:
            continue
        cap, cred = split_caption(x.text, s.credit_tail_chars)
        if cred is None:
            continue
        parsed = parse_credit(cred)
        if parsed.photographer is None and parsed.agency is None and parsed.copyright is None:
            continue
        if x.contains_prev or (cap and len(cap.split()) >= 2):
            labels[k] = Label.CAPTION
            if x.contains_prev and k > 0:
                labels[k - 1] = Label.CAPTION
        else:
            labels[k] = Label.CREDIT
    # A line repeating a caption right before or after it belongs to the same figure (further
    # away, the caption repeats the headline).
    caps = [k for k in range(len(infos)) if labels[k] is Label.CAPTION]
    for c in caps:
        cap = split_caption(infos[c].text, s.credit_tail_chars)[0]
        for k in (c - 1, c + 1):
            if 0 <= k < len(infos) and labels[k] is None and infos[k].text == cap:
                labels[k] = Label.CAPTION


def _cues_pass(
    infos: Sequence[LineInfo],
    coarse: list[str],
    labels: _Labels,
    reasons: _Reasons,
    first_main: int,
    s: Settings,
) -> None:
    """2. Cue lexicons: related header, bylines, date labels, chrome categories."""
    n = len(infos)
    for k, x in enumerate(infos):
        if labels[k] is not None:
            continue
        long_text = x.words >= 25
        if x.related_header and not _read_also(x) and not _menu_item(infos, k):
            labels[k] = Label.RELATED_HEADER
            reasons[k] = RELATED_HEADER_REASON
        elif (
            x.byline_cue
            and parse_byline(x.text, max_words=s.byline_max_words) is not None
            and k < max(first_main + 12, n // 2)
        ):
            labels[k] = Label.BYLINE
        elif x.date_label and not long_text:
            if x.dateish or _has_month(x):
                labels[k] = Label.DATELINE
            else:
                _chrome(labels, reasons, k, EMPTY_DATE_REASON)
        elif _read_also(x):
            # Before the chrome cues: "اقرأ المزيد <headline>" is an item, "اقرأ المزيد" alone a link.
            labels[k] = Label.RELATED_ITEM
        elif x.cue is not None and not (long_text and _is_main(coarse[k])):
            _chrome(labels, reasons, k, REASONS[x.cue])
        elif _glued_menu(x, s) or _spaced_menu(x):
            _chrome(labels, reasons, k, REASONS["navigation"])
        elif x.words <= s.dump_date_max_words and x.end != "." and _bare_date(x):
            # A line that is only a date (a dateline, or a related item's date) is never body.
            labels[k] = Label.DATELINE if k <= first_main else None
            if labels[k] is None:
                _chrome(labels, reasons, k, "date")
        elif coarse[k] == "byline":
            labels[k] = Label.BYLINE
        elif k <= first_main and coarse[k] != "main" and _bare_date(x):
            # A date with no label in the header zone ("Tuesday 12 March 2024") is the dateline.
            labels[k] = Label.DATELINE


def _related_pass(infos: Sequence[LineInfo], labels: _Labels, reasons: _Reasons, s: Settings) -> None:
    """3. Related items: the lines after a related-articles header, until main text or chrome."""
    n = len(infos)
    for k in range(n):
        if reasons[k] != RELATED_HEADER_REASON:
            continue
        for j in range(k + 1, min(n, k + 1 + s.dump_max_related)):
            y = infos[j]
            if reasons[j] == "date":
                continue  # an item's date sits between the items
            if labels[j] is not None or y.chars < 12 or y.chars > 300 or (y.end == "." and y.words > 30):
                break
            if y.text.endswith(".") and y.words >= s.dump_related_prose_words:
                break  # a sentence (headlines may ask, rarely stop): the body goes on after the box
            labels[j] = Label.RELATED_ITEM


def _title_pass(
    infos: Sequence[LineInfo],
    coarse: list[str],
    labels: _Labels,
    reasons: _Reasons,
    first_main: int,
    s: Settings,
    p_title: list[float] | None = None,
) -> int | None:
    """4. Title: the model's first title line; else the headline right before the byline/dateline
    or the body. Mastheads and outlet names are never titles; a standfirst under it is the lede."""
    title, standfirst = _pick_title(infos, coarse, labels, first_main, s, p_title)
    if title is not None:
        labels[title] = Label.TITLE
        if standfirst is not None:
            labels[standfirst] = Label.LEDE
        for k in range(len(infos)):
            same = infos[k].folded == infos[title].folded
            if k != title and labels[k] is None and coarse[k] == "title" and same:
                _chrome(labels, reasons, k, "repeated title")
    return title


def _main_text_pass(infos: Sequence[LineInfo], coarse: list[str], labels: _Labels, s: Settings) -> None:
    """5. Main text: headings and paragraphs; short un-cued boilerplate between paragraphs is a
    subheading the model missed."""
    for k, x in enumerate(infos):
        if labels[k] is not None:
            continue
        if _is_main(coarse[k]) or coarse[k] == "title":
            labels[k] = Label.HEADING if _heading_like(infos, coarse, k, s) else Label.PARAGRAPH
        elif (
            x.words <= 8 and x.end in ("",) and x.glue == 0 and _between_paragraphs(infos, coarse, labels, k)
        ):
            labels[k] = Label.HEADING


# Date words of a dateline line: the Arabic ones are the Arabic layer's (arabic.dates.DATELINE_WORDS).
_MONTHS = (
    *DATELINE_WORDS, "jan", "feb", "mar", "apr",
    "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "janv", "févr", "mars", "avr", "mai", "juin", "juil",
    "août", "sept", "déc", "januar", "februar", "märz", "juni", "juli", "oktober", "dezember", "today", "yesterday",
    "hours ago", "heute", "gestern", "aujourd'hui", "hier", "january", "february", "march",
    "april", "june", "july", "august", "september", "october", "november", "december", "janvier", "février",
    "avril", "juillet", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


_MONTH_SET = frozenset(_MONTHS)


# Relative date words: a short line of them is a dateline ("منذ 8 ساعات"), a headline may hold
# them ("… منذ 2008").
_RELATIVE = frozenset(
    {"منذ", "اليوم", "امس", "today", "yesterday", "heute", "gestern", "aujourd'hui", "hier"}
)
_MONTH_NAMES = _MONTH_SET - _RELATIVE


def _has_month(x: LineInfo, *, relative: bool = True) -> bool:
    # "أيار/مايو", "15 - أيار - 2018": a slash or dash may join a date's parts.
    words = x.folded.replace(",", " ").replace(".", " ").replace("/", " ").replace("-", " ").split()
    names = _MONTH_SET if relative else _MONTH_NAMES
    return any(w in names for w in words) or (relative and "hours ago" in x.folded)


def _pick_title(
    infos: Sequence[LineInfo],
    coarse: list[str],
    labels: list[Label | None],
    first_main: int,
    s: Settings,
    p_title: list[float] | None = None,
) -> tuple[int | None, int | None]:
    """(title, standfirst) line indices; either may be None."""
    n = len(infos)
    # Only lines that may become the title need checking: those before the body, and the model's.
    last_title = max((k for k in range(n) if coarse[k] == "title"), default=-1)
    outlets = _outlet_lines(infos, labels, min(n, max(first_main, last_title) + 1), s)

    def usable(k: int) -> bool:
        return (
            labels[k] is None
            and k not in outlets
            and not _masthead(infos, k)
            and not glued_joins(infos[k].text, s.glued_token_letters)
        )

    tagged = [k for k in range(n) if coarse[k] == "title" and usable(k)]
    # A headline comes before the body: a line tagged title after it is a teaser's.
    tagged = [k for k in tagged if k < first_main] or tagged
    if p_title is not None and tagged:
        title: int | None = max(tagged, key=lambda k: p_title[k])
    else:
        title = tagged[0] if tagged else None
    if title is None:
        # The headline stands right before the byline/dateline (menus, teasers and mastheads come
        # earlier). Without one, the first title-like line before the body: the lines between a
        # headline and the body are its standfirst or a table of contents.
        head = next((k for k in range(n) if labels[k] in (Label.BYLINE, Label.DATELINE)), n)
        # With the model, its P(title) ranks them (ties keep the order rule): a menu item or a
        # cookie button that reads like a headline gets far less than the headline.
        cands = [k for k in range(min(first_main, n)) if usable(k) and _title_like(infos[k], s)]
        before = [k for k in cands if k < head]
        if before and head < n:
            title = _rank_title(before, before[-1], p_title, s)
        elif cands:
            title = _rank_title(cands, cands[0], p_title, s)
    sure = False
    if s.dump_title_evidence:
        title, sure = _headline_evidence(infos, coarse, first_main, usable, title, p_title, s)
    if title is None and first_main < n and usable(first_main):
        # The model took the headline for body: a title-like first main line with no final
        # punctuation, a longer main line after it.
        x = infos[first_main]
        nxt = next((k for k in range(first_main + 1, n) if coarse[k] == "main"), None)
        if _title_like(x, s) and x.end == "" and nxt is not None and infos[nxt].chars > x.chars:
            title = first_main
    if title is None:
        return None, None
    return _standfirst(infos, title, usable, s, below_only=sure)


# Two sentences in one line ("… weg sind. Nun ist …"): a comment or a paragraph, not a headline
# (Arabic headlines join their parts with "..", which this leaves alone).
_SENTENCE_BREAK = re.compile(r"[^\W\d]\.\s+\w")


def _headline_evidence(
    infos: Sequence[LineInfo],
    coarse: list[str],
    first_main: int,
    usable: Callable[[int], bool],
    title: int | None,
    p_title: list[float] | None,
    s: Settings,
) -> tuple[int | None, bool]:
    """(headline, vouched for) by the page's other lines (marsad.extract.headline): a candidate another
    line echoes (a caption cut from it) wins; else one whose words the first paragraphs repeat
    beats a pick they do not. Candidates: title-like lines up to the first main line."""
    n = len(infos)
    # A headline stands near the body: the lines just before the first main line are searched.
    lo = max(0, first_main - s.dump_title_window)
    cands = [k for k in range(lo, min(n, first_main + 1)) if usable(k) and _title_like(infos[k], s)]
    if title is not None and title not in cands:
        cands.append(title)
    if not cands:
        return title, False
    pt = p_title or [0.0] * n
    hits, ov = _body_overlap(infos, coarse, first_main, cands, s)
    # An echoed line the paragraphs speak of: a menu link echoed by its menu's label shares
    # nothing with them.
    echoed = [k for k in _echoed(infos, coarse, cands, s) if hits[k] >= 1]
    if echoed:
        return max(echoed, key=lambda k: pt[k]), True
    # A full stop ends a sentence (a question may head); a replacement needs a few shared words:
    # a two-word slogan or site name may share both.
    strong = [
        k
        for k in cands
        if hits[k] >= s.dump_title_overlap_hits
        and not infos[k].text.endswith(".")
        and not _SENTENCE_BREAK.search(infos[k].text)
    ]
    if not strong:
        return title, False
    best = max(strong, key=lambda k: (ov[k], pt[k]))
    cur = ov.get(title, 0.0) if title is not None else 0.0
    # With no pick at all, any candidate the paragraphs repeat beats none (menus share nothing).
    need = s.dump_title_overlap_low if title is None else s.dump_title_overlap_high
    if ov[best] >= need and cur < s.dump_title_overlap_low:
        return best, True
    if title is not None and infos[title].words > s.dump_title_max_words:
        # A long pick that the paragraphs repeat is the standfirst: the headline above it is shorter.
        above = [
            k
            for k in strong
            if k < title and ov[k] >= s.dump_title_overlap_high and infos[k].words <= s.dump_title_max_words
        ]
        if above:
            return max(above, key=lambda k: (ov[k], pt[k])), True
    return title, False


def _body_overlap(
    infos: Sequence[LineInfo], coarse: list[str], first_main: int, cands: list[int], s: Settings
) -> tuple[dict[int, int], dict[int, float]]:
    """For each candidate: how many of its content words the first paragraphs repeat, and what
    share of its content words that is. The paragraphs are main lines from the first one on; a
    candidate is scored without itself."""
    body = [
        j
        for j in range(first_main, len(infos))
        if coarse[j] == "main" and infos[j].words >= s.dump_paragraph_words
    ][:3]
    body_text = {j: headline.first_words(infos[j].folded, s.dump_title_body_words) for j in body}
    all_body = " ".join(body_text.values())
    hits: dict[int, int] = {}
    ov: dict[int, float] = {}
    for k in cands:
        others = all_body if k not in body_text else " ".join(t for j, t in body_text.items() if j != k)
        hits[k], total = headline.overlap(infos[k].folded, others, s)
        ov[k] = hits[k] / total if total else 0.0
    return hits, ov


def _echoed(infos: Sequence[LineInfo], coarse: list[str], cands: list[int], s: Settings) -> list[int]:
    """The candidates another line repeats as a cut or credited copy (headline.echo_of): a
    caption, not a paragraph of the body nor a footer line."""
    n = len(infos)
    last_main = max((j for j in range(n) if coarse[j] == "main"), default=-1)
    memo: dict[int, headline.LineWords] = {}

    def lw(j: int) -> headline.LineWords:
        if j not in memo:
            x = infos[j]
            memo[j] = headline.line_words(x.text, x.folded, s.credit_tail_chars, has_credit=x.credit)
        return memo[j]

    # A copy holds at most the headline's words, a few more before them and a credit after them.
    most = s.dump_title_max_words + 2 * s.dump_title_echo_extra
    # The possible copies by the word pairs they hold: a copy holds the headline's first two words.
    by_pair: dict[tuple[str, str], list[int]] = {}
    for j in range(min(n, last_main + 1)):
        if infos[j].words <= most and not (coarse[j] == "main" and infos[j].words >= s.dump_paragraph_words):
            ws = headline.folded_words(infos[j].folded)
            for pair in set(pairwise(ws)):
                by_pair.setdefault(pair, []).append(j)
    out = []
    for k in cands:
        x = infos[k]
        if x.words < s.dump_title_echo_words or x.words > most:
            continue
        key = tuple(headline.folded_words(x.folded)[:2])
        copies = by_pair.get(key, ()) if len(key) == 2 else ()
        if any(
            j != k and headline.echo_of(lw(k), lw(j), s.dump_title_echo_words, s.dump_title_echo_extra)
            for j in copies
        ):
            out.append(k)
    return out


def _standfirst(
    infos: Sequence[LineInfo],
    title: int,
    usable: Callable[[int], bool],
    s: Settings,
    *,
    below_only: bool = False,
) -> tuple[int, int | None]:
    """(headline, standfirst) around the chosen title line; standfirst None when there is none."""
    n = len(infos)
    # Two lines together: a shorter one without final punctuation, then a longer one. The first is
    # the headline, the second its standfirst (the model often takes the longer line for the title).
    # The model's P(title) may have picked the headline itself: then the standfirst is below it.
    # A headline the page's other lines vouch for (below_only) keeps its place: the line above is
    # a teaser or a ticker item, not its headline.
    pairs = ((title, title + 1),) if below_only else ((title - 1, title), (title, title + 1))
    for head_k, first_k in pairs:
        if head_k < 0 or first_k >= n:
            continue
        other = first_k if head_k == title else head_k
        if not (usable(other) and _title_like(infos[other], s)):
            continue
        y, x = infos[head_k], infos[first_k]
        sentence_below = head_k == title and x.end == "."  # the body's first paragraph, not a standfirst
        if (
            y.end == ""
            and y.words >= 4
            and x.words >= 8
            and y.chars < x.chars
            and x.cue is None
            and not sentence_below
        ):
            return head_k, first_k
    return title, None


def _rank_title(cands: list[int], default: int, p_title: list[float] | None, s: Settings) -> int:
    """The order rule's headline, unless the model gives another candidate a P(title) higher by
    at least s.dump_title_margin."""
    if p_title is None:
        return default
    best = max(cands, key=lambda k: p_title[k])
    return best if p_title[best] >= p_title[default] + s.dump_title_margin else default


def _glued_menu(x: LineInfo, s: Settings) -> bool:
    """A short unpunctuated line that glues Arabic words without a space: a menu's links."""
    return x.words <= 12 and x.end == "" and glued_joins(x.text, s.glued_token_letters) > 0


_CRUMB_SEP = re.compile(r"\s[|•·»/>–-]\s")


def _breadcrumb(x: LineInfo) -> bool:
    """A trail from the home link ("الرئيسية > سياسة"): separated parts, the first a menu cue."""
    first = _CRUMB_SEP.split(x.text, 1)[0]
    return lexicon().chrome_cues.category(fold(first)) == "navigation"


def _spaced_menu(x: LineInfo) -> bool:
    """A menu row whose links a space separates: unpunctuated, and at least three of its words,
    and a quarter of them, are whole navigation cues ("الرئيسية سياسة اقتصاد رياضة …")."""
    if x.end != "" or x.inner_punct or x.words < 4 or x.words > 40:
        return False
    cues = lexicon().chrome_cues.exact
    hits = sum(1 for w in x.folded.split() if cues.get(w) == "navigation")
    return hits >= 3 and 4 * hits >= x.words


def _menu_item(infos: Sequence[LineInfo], k: int) -> bool:
    """A related-list cue ("الأكثر قراءة") as a link of a menu laid one per line: two short
    unpunctuated lines right above it in its block, and the block ends with it."""
    x = infos[k]
    if x.blank_before or not x.blank_after or k < 2 or infos[k - 1].blank_before:
        return False
    return all(infos[j].words <= 3 and infos[j].end == "" for j in (k - 1, k - 2))


def _read_also(x: LineInfo) -> bool:
    """A "read also: <headline>" line: a related-articles cue, then a headline of >= 3 words."""
    if x.words < 4 or x.words > 30 or x.text.endswith("."):
        return False
    m = lexicon().related_header.prefix
    hit = m.match(x.folded) if m is not None else None
    return hit is not None and len(x.folded[hit.end() :].split()) >= 3


def _title_like(x: LineInfo, s: Settings) -> bool:
    # A script join inside a long line is a name ("لـCNN"), not a glued menu.
    glued = x.glue >= 2 or (x.glue > 0 and x.words <= 6)
    if not (3 <= x.words <= 30 and x.chars <= 250) or glued or x.bullet or x.cue is not None:
        return False
    if x.separators and _breadcrumb(x):
        return False
    if x.end in (":", ",") or x.separators >= 2 or x.related_header or x.date_label:
        return False
    # A date line ("Tuesday 12 March 2024 - 1 Ramadan 1445") is not a headline with a year in it.
    month = _has_month(x, relative=x.words <= s.dump_dateline_relative_words)
    return not (x.dateish and (x.digits >= 0.15 or month))


def _bare_date(x: LineInfo) -> bool:
    return x.dateish and x.words <= 12 and x.digits >= 0.1 and x.end != "." and _has_month(x)


def _masthead(infos: Sequence[LineInfo], k: int) -> bool:
    """The site's name at the very top: a short line with no final punctuation, then navigation."""
    if k != 0 or len(infos) < 2 or infos[0].words > 5 or infos[0].end != "":
        return False
    nxt = infos[1]
    return nxt.separators >= 1 or nxt.glue > 0 or nxt.cue in ("navigation", "widget")


_DASH = re.compile(r"\s[-–—]\s")


def _place_dash_outlet(text: str) -> bool:
    """A wire dateline "Place - Outlet" (or "Outlet - Place")."""
    parts = _DASH.split(text)
    if len(parts) != 2:
        return False
    a, b = (p.strip() for p in parts)
    for place, outlet in ((a, b), (b, a)):
        if (
            1 <= len(place.split()) <= 3
            and len(outlet.split()) <= 5
            and is_outlet(outlet)
            and not is_outlet(place)
        ):
            return True
    return False


def _outlet_lines(infos: Sequence[LineInfo], labels: list[Label | None], upto: int, s: Settings) -> set[int]:
    """Lines before `upto` that only name the outlet: a short line repeated in a byline, dateline,
    credit or copyright line, or such a name with a place or a dash around it."""
    out: set[int] = set()
    short: list[int] = []
    for k in range(upto):
        x = infos[k]
        if x.words <= 6:
            short.append(k)
        if x.separators == 1 and x.words <= 8 and _place_dash_outlet(x.text):
            out.add(k)
    if not short:
        return out
    heads = (Label.BYLINE, Label.DATELINE, Label.CREDIT)
    refs = [
        _credit_part(x, s) if x.credit and labels[k] not in heads else x.folded
        for k, x in enumerate(infos)
        if x.credit or labels[k] in heads or "©" in x.text
    ]
    for f in {infos[k].folded for k in short}:
        if not any(f in r for r in refs):
            continue
        # Whole words only: a name "de" must not match "estilo de vida".
        word = re.compile(rf"(?<!\w){re.escape(f)}(?!\w)")
        if any(r != f and word.search(r) for r in refs):
            for k in range(upto):
                x = infos[k]
                if x.words - (f.count(" ") + 1) <= s.dump_outlet_rest_words and word.search(x.folded):
                    out.add(k)
    return out


def _credit_part(x: LineInfo, s: Settings) -> str:
    """The folded credit of a caption line: a headline its caption repeats is no outlet name."""
    cred = split_caption(x.text, s.credit_tail_chars)[1]
    return fold(cred) if cred is not None else x.folded


def _heading_like(infos: Sequence[LineInfo], coarse: list[str], k: int, s: Settings) -> bool:
    x = infos[k]
    if x.words > s.dump_heading_max_words or x.end in (".", ",", "q") or x.bullet:
        return False
    # A heading introduces text: the next main line must be a longer paragraph.
    for j in range(k + 1, min(k + 4, len(infos))):
        if _is_main(coarse[j]):
            return infos[j].words > x.words * 2 and infos[j].words >= 12
    return False


def _between_paragraphs(
    infos: Sequence[LineInfo], coarse: list[str], labels: list[Label | None], k: int
) -> bool:
    prev_ok = k > 0 and _is_main(coarse[k - 1]) and infos[k - 1].words >= 12
    next_ok = k + 1 < len(infos) and _is_main(coarse[k + 1]) and infos[k + 1].words >= 12
    return prev_ok and next_ok and infos[k].blank_before and infos[k].blank_after


def _mark_lede(infos: Sequence[LineInfo], labels: list[Label | None], title: int) -> None:
    n = len(infos)
    first = next((k for k in range(title + 1, n) if labels[k] in (Label.PARAGRAPH, Label.HEADING)), None)
    if first is None:
        return
    # A standfirst the model left out: a full, un-cued sentence between the title and the body.
    # Pages set it apart (bold, own block) and the chrome around it makes it look like a teaser.
    for k in range(title + 1, first):
        x = infos[k]
        if labels[k] is None and x.words >= 8 and x.end in (".", "q", "!") and x.cue is None and x.glue == 0:
            labels[k] = Label.LEDE
            return
    if labels[first] is not Label.PARAGRAPH:
        return
    nxt = next((k for k in range(first + 1, n) if labels[k] in (Label.PARAGRAPH, Label.HEADING)), None)
    if nxt is None:
        return
    # Stands apart: chrome (an ad, a share bar) between it and the body …
    apart = any(labels[j] is None or labels[j] is Label.CHROME for j in range(first + 1, nxt))
    # … or a standfirst right under the title, before the byline/date/figure.
    head = (Label.BYLINE, Label.DATELINE, Label.CAPTION, Label.CREDIT)
    # A paragraph that comes after the byline and dateline already opens the body.
    opened = any(labels[j] in (Label.BYLINE, Label.DATELINE) for j in range(title + 1, first))
    standfirst = (
        not opened and infos[first].words <= 60 and any(labels[j] in head for j in range(first + 1, nxt))
    )
    if apart or standfirst:
        labels[first] = Label.LEDE
