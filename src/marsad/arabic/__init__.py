"""Stage 3, the Arabic text layer: derived forms of the text, never a rewrite of it.

normalize.py   data-driven character maps (data/charmap.json): normalize(), search_form()
tokens.py      tokens with offsets, proclitic splitting, index_terms() for search
clitics.py     the proclitic inventory; every reading of a word (tagger), its search stems
morphology.py  nisba adjectives, the imperfect verb after قد
words.py       closed word classes other stages' rules look for (stops, openers, numbers)
sentences.py   sentence spans
dates.py       Gregorian, Hijri, weekday and relative date mentions
langid.py      page and line language
step.py        normalise_step(settings): fills Article.sentences, Article.dates, Block.language
"""
