"""The normalise step: sentences, date mentions and per-block language for an extracted article.

Stored text is left exactly as extracted; offsets of sentences and dates refer to `Block.text`.
The step is total: any Unicode input yields an article (a failure in one block leaves that
block without sentences or dates rather than rejecting the page).
"""

from __future__ import annotations

from marsad.arabic.dates import find_dates
from marsad.arabic.langid import detect_language, line_language
from marsad.arabic.sentences import split_sentences
from marsad.config import Settings
from marsad.model import MAIN_TEXT_LABELS, Article, DateMention, Label, Sentence
from marsad.pipeline import MapStep, settings_step

__all__ = ["normalise", "normalise_step"]

# Dates are also looked for in datelines and bylines ("الأحد 10 سبتمبر 2023"), sentences only in
# the main text.
_DATE_LABELS = MAIN_TEXT_LABELS | {Label.DATELINE, Label.BYLINE, Label.CAPTION}


def normalise(article: Article, settings: Settings) -> Article:
    """Fill `sentences`, `dates` and every block's `language` (sentence and line-language rules
    from `settings`)."""
    if article.language is None:
        main = "\n".join(b.text for b in article.blocks if b.label in MAIN_TEXT_LABELS)
        article.language = detect_language(main[:2000]) if main.strip() else None
    sentences: list[Sentence] = []
    dates: list[DateMention] = []
    reference = article.published
    for block in article.blocks:
        text = block.text or ""
        if block.language is None:
            block.language = line_language(text, article.language, settings)
        if block.label in MAIN_TEXT_LABELS:
            for start, end in split_sentences(text, settings):
                sentences.append(Sentence(text[start:end], block.index, start, end))
        if block.label in _DATE_LABELS:
            for mention in find_dates(text, reference):
                mention.block = block.index
                dates.append(mention)
    article.sentences = sentences
    article.dates = dates
    return article


def normalise_step(settings: Settings) -> MapStep:
    """The normalise step, its rules' thresholds from `settings`."""
    # Dates are read in the page's language, relative to it.
    req = {"blocks", "language", "published"}
    return settings_step("normalise", normalise, settings, requires=req, provides={"sentences", "dates"})
