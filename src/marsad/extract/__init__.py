"""Stage 2, Page → Article: label every line (text dumps) or block (HTML) of a page.

render.py   HTML → dump lines (blocks → lines, inline elements glued), as crawl dumps are made
lines.py    per-line measurements and CRF features          labeller.py  CRF + rules → labelled blocks
credits.py  captions and photo credits                      byline.py    bylines → outlet / person
dump.py     labelled lines → Article fields                  step.py      extract_step(settings) (dump or HTML)
lexicon.py  cue lexicons (data/cues.*.json, agencies, outlets); evaluate.py snippet scoring (train/bench/tests)
"""
