"""One typed settings object. Every threshold lives here, with the reason for its value.

Values come from the defaults below, then a TOML file (`marsad.toml` in the working directory or
the path in MARSAD_CONFIG), then environment variables `MARSAD_<FIELD>` (upper case), then the
CLI's flags: all four map onto fields in one place, `Settings.with_flags`, which returns a new
value. The value is passed down: library code reads `settings.x` from the value its caller gave
(a constructor or a function argument); only the entry points (the Python API, the CLI,
`default_steps`, `open_store`, the ingest road, the web app factory) fall back to `SETTINGS`, the
loaded value, when none is given (tests/test_layering.py lists them). The class is frozen: a
changed value is a new one (`with_flags`), never an assignment to a field.
Module constants left elsewhere in src/ are facts, not tuning (`Final` and a `# fact:` comment:
a format's field size, a database integer bound, a trained model's feature buckets); see
docs/shape.md.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from marsad.errors import InputError

__all__ = ["SETTINGS", "Settings"]


@dataclass(slots=True, frozen=True)
class Settings:
    # Pages above this are quarantined rather than parsed: a 50 MB page is almost always a
    # data dump or an attack, and lxml/trafilatura time grows superlinearly with nesting.
    max_page_bytes: int = 20_000_000
    # HTML nesting beyond this is flattened before parsing: libxml2 refuses > 256 levels by
    # default and trafilatura recurses per level, so deep trees are cut rather than crash.
    max_html_depth: int = 200
    # Pages with more tags than this have their depth measured in Python BEFORE lexbor parses them:
    # lexbor's tree builder is quadratic in nesting depth (measured: 10,000 nested <div> 0.09 CPU-s,
    # 30,000 0.88 s, 100,000 ~10 s on the 2-core VM), while the scan costs ~0.3 µs a tag (6.5 ms on
    # a 230 KB page of 20,000 tags, more than its parse). Below this count the worst parse stays
    # under ~0.1 s, so small pages are parsed first and checked by one C-side selector instead.
    html_depth_prescan_tags: int = 10_000

    # --- input caps (readers): what one input may cost before it is quarantined, the reason
    # naming the cap. Archives, JSONL and gzip are streamed, so memory is bounded by one page,
    # never by the file. Figures: bench/bench_read_hostile.py on the 2-core dev machine at load
    # ~20 (2026-12-04): peak RSS of the reader alone / of `marsad ingest FILE --no-enrich`.
    # Single pages (.html/.txt, gzip'd or not) are read up to max_page_bytes: the issue-12 bomb
    # (2.4 MB, a second member of 2.5 GB) cost the old reader 5.0 GB RSS and 57 s (one member:
    # 1.9 GB); the page cap alone stops it after 20 MB: 0.8 s, 56 MB / 138 MB (max_gzip_ratio,
    # below, stops it first: 0.5 s, 33 MB / 115 MB).
    # A JSON document that is not one object per line (an array, a pretty-printed object) is
    # parsed whole; above this it is refused, not half-read. json.loads holds the text and every
    # parsed page at once: a 97 MB array of 177k Arabic pages peaked at 403 MB, 194 MB at 789 MB
    # (too near the 1 GB an ingest may take, with extraction and the store beside it).
    max_container_bytes: int = 100_000_000
    # One JSONL line, the rest of the file read on past it. JSON may escape each Arabic letter as
    # \uXXXX (6 bytes for 2 in UTF-8), so a page at max_page_bytes can take 3x that as a line. A
    # 63 MB line: 222 MB / 305 MB (then refused by max_page_bytes: 22.9 MB of text).
    max_jsonl_line_bytes: int = 64_000_000
    # What one gzip member may expand to. A record of a per-record WARC.gz is one member (Common
    # Crawl's stay under a few MB); a whole-file gzip is one member, so this is also the largest
    # whole-file-gzip archive read past (records before the cap are kept; recompressed per
    # record it has no such limit). A 2.4 MB WARC.gz whose middle record holds a 2.5 GB member,
    # with max_gzip_ratio off: quarantined at this cap after 4.5 s (zlib alone to 1 GB: 4.3 s),
    # 22 MB / 175 MB, and the records after it are read; JSONL.gz the same: 3.5 s, 79 MB / 240 MB.
    max_gzip_member_bytes: int = 1_000_000_000
    # What all the members of one gzip file may expand to. A Common Crawl WARC.gz of ~1 GB
    # expands to ~5 GB; this is 4x that. Memory stays flat (streamed); it bounds the time a file
    # of many small bombs takes: inflating runs at ~4 s per GB here, so at most ~80 s per file.
    max_gzip_file_bytes: int = 20_000_000_000
    # A gzip member that expands more than this many times its compressed size (judged after its
    # first 16 MB) is a bomb: deflate tops out near 1032:1 (runs of one byte), while the 347
    # real pages of ../shared/data reach at most 16.4:1 (gzip -9), Arabic news text 3.7:1 and
    # its JSONL with \uXXXX escapes 8.6:1. 100:1 sits 6x above the real, 10x below the bombs.
    # The bombs above stop after 16 MB of output: WARC.gz 0.6 s, 22 MB / 178 MB; JSONL.gz 0.4 s,
    # 33 MB / 196 MB; single pages 0.4-0.5 s, 33 MB / 115 MB.
    max_gzip_ratio: int = 100
    # One WARC record's header block (WARC + HTTP headers): FastWARC's own default. A header
    # that never ends (2.4 MB of header lines) or a 50 MB header line is quarantined at once,
    # 21 MB peak, and the read goes on at the next record.
    max_warc_header_bytes: int = 32_768
    # Default embedded store.
    db_url: str = "marsad.db"
    # SQLite page cache per connection, MB. The corpus index's B-trees take random keys: at the
    # 2 MB default, 2,000 articles written on top of 8,000 spend 1.2 s in COMMIT alone.
    sqlite_cache_mb: int = 256
    # Entity tagger: "neural" = the bundled BiLSTM-CRF reading the feature CRF's marginals
    # (ner_nn.npz beside ner.crfsuite); "crf" or empty = the bundled feature CRF alone (the
    # fallback: 2.6x faster). A directory with ner.crfsuite is a CRF; one with ner_nn.npz a neural
    # tagger; one with model.onnx or a transformers checkpoint a local token-classification model
    # (optional extra `ner-onnx`). Why neural: dev F1 ANERcorp / AQMAR 0.716 / 0.656 against the
    # CRF's 0.685 / 0.645 (models/NER_CARD.md, 2026-12-06), at ~10,000 tokens/s per core (goal
    # 5,000), and its word vectors are trained on the Apache-2.0 topics text only.
    # Never downloaded. Env: MARSAD_NER_MODEL.
    ner_model: str = "neural"
    # Sentences longer than this many tokens are tagged in windows: CRF cost is linear, but a
    # 10,000-token "sentence" is almost always a list or a page without punctuation, and windows keep
    # memory flat. Chosen, not measured (news sentences rarely pass 100 tokens).
    ner_max_sentence: int = 400
    # A name after صحيفة/قناة is taken only from tokens at most this frequent in news text (cluster
    # counts): a common word after "newspaper" is a description, not a title. Chosen, not measured.
    ner_rare_outlet_name: int = 40

    # --- per-page caps (bounded work): past one, the page is quarantined with the cap's name.
    # bench/bench_bounded.py times a page just under and just over each cap (docs/benchmarks.md;
    # the seconds below were measured on 2 cores under a load of 20-30, several times slower
    # than an idle machine). Over a cap, the page is refused in under 0.01 s.
    # Wall-clock bound for one page over all page steps (extract ▸ arabic ▸ enrich ▸ fingerprint),
    # in every ingest path: the worker running the page is killed and replaced, and the page is
    # quarantined (step "timeout") in its place. Workers load the models before their first page,
    # outside the bound; a real page takes 0.05-0.5 s enriched.
    page_timeout_s: float = 20.0
    # Address space a worker may add to what it mapped when it started, MB (RLIMIT_AS; 0: none):
    # a runaway page fails with MemoryError (quarantined) instead of taking the machine. Loading
    # the enrich models adds ~450 MB of mappings (thread stacks and malloc arenas, mostly
    # reserved, not used); an ingest of pathological pages peaked at ~800 MB summed RSS.
    page_memory_mb: int = 1536
    # Longest line of a text dump / text run between two HTML tags (outside script and style).
    # Real pages: ≤ 9.7k characters in 14.7k ANT articles, 33.7k in SaudiNewsNet (articles written
    # as one line), 15.3k in the 643 extraction pages. Later steps grow faster than linearly in one
    # unbroken sentence: 50k characters took 5.2 s (dump) / 9.8 s (HTML) without enrich, 200k ran
    # past the 20 s bound; 100k took 23 s enriched on an idle machine.
    max_line_chars: int = 50_000
    # Lines of a text dump (blank ones too), or content blocks extracted from an HTML page. Real
    # pages: ≤ 236 lines in 14.7k ANT dumps, ≤ 958 blocks in the 643 extraction pages. Later steps
    # are linear in the text (~10 ms a 100-character line without enrich, loaded): 2,000 lines
    # took 33 s loaded, so the time bound, not this cap, is what stops a long page on a busy machine.
    max_blocks: int = 2_000
    # Attributes on one HTML element: the parsers compare them pairwise, in C where no alarm could
    # stop them (10k took 2.7 s, 50k 47 s; 2,000 6.8 s loaded, 8,000 past 20 s). Real pages: ≤ 602.
    max_attributes: int = 2_000

    # --- HTML extraction (extract/html.py; bench/bench_html.py scores it, docs/benchmarks.md)
    # Pruning by class/id names that keeps less than this share of a page's words (on pages of at
    # least html_prune_check_words) hit a wrapper of the article (a blog whose whole layout sits
    # in `<div class="sidebar-layout">`): it is undone, and only tags and ARIA roles count.
    html_prune_min_kept: float = 0.25
    html_prune_check_words: int = 100
    # Main text shorter than this (characters) gets trafilatura's slower full pass on the page as
    # it came: a short result is where the fast path loses most (pruning may have cut into the
    # article). The full pass replaces the first only when html_retry_gain times longer.
    html_retry_below_chars: int = 1000
    html_retry_gain: float = 1.5
    # After the article's last prose paragraph (a paragraph of at least html_prose_words words),
    # the run of short blocks (at most html_tail_max_words words, no sentence end) that reaches the
    # end of the text is chrome: list headers with no list left ("Mehr Themen:", "Temas"), "Last
    # modified", signatures of a site's template (jusText's rule that short blocks far from good
    # ones are boilerplate). Chosen on the HTML bench's train split, checked on dev (2026-12-06,
    # docs/benchmarks.md): a max of 4 / 6 / 8 / 12 words gave train F1 +0.003 / +0.003 / +0.004 /
    # +0.006 and dev +0.006 / +0.004 / +0.002 / +0.005 (simulated on trafilatura's blocks); 6 is
    # html_cue_max_words, the length of an interface line everywhere else. A leading run (before
    # the first prose paragraph) lost F1 on both splits, so only the tail is cut.
    html_prose_words: int = 15
    html_tail_max_words: int = 6
    # A paragraph of at most this many words that carries a consent / share / advertisement cue
    # (newsletter, cookies, "follow us") is chrome when it ends the text. Measured before choosing:
    # among the last blocks of the train and dev texts, such blocks up to 40 words held 2 `without`
    # snippets and no `with` one (14 blocks; up to 20 words: 4 blocks, 1 and 0).
    html_tail_cue_max_words: int = 40
    # The lede trafilatura drops (extract/html_lede.py): up to html_lede_lookback text elements
    # right above the first one it kept come back when they are prose (html_prose_words words, a
    # sentence end, at most this share of words in links). Train split (2026-12-06): F1
    # 0.9427 -> 0.9506 (+18 snippets, no false positive); dev 0.9286 -> 0.9349 (+4, none). Looking
    # back 1 element instead of 3 gave train 0.9484 (a date or byline element between lede and
    # body); 8, 10 or 15 words and a link share of 0.2 or 0.3 gave the same figures.
    html_lede_lookback: int = 3
    html_lede_max_link_share: float = 0.2
    # An element counts as "kept by trafilatura" (where the article body starts) only with this
    # many characters: a shorter text (a date, "Share") occurs anywhere on a page. Chosen.
    html_lede_kept_min_chars: int = 20

    # Records per ingest transaction: large enough to amortise the commit, small enough that a
    # killed run redoes little work. The corpus index's random-key B-trees dirty pages all over the
    # file, so the commit grows with the batch's spread, not its size: 2,000 articles on 8,000
    # stored took 1.5 s of COMMIT at 64 per batch and 0.35 s at 256 (bench_corpus_scale.py
    # profile, 2026-12-04). `ingest(batch_size=)` overrides it for one call (tests).
    ingest_batch_size: int = 256

    # --- corpus step: duplicates and stories (bench/bench_corpus.py measures each; docs/benchmarks.md)
    # Word n-grams of the clitic-stripped stems that near duplicates share. k=3: reprint dev recall
    # 0.923 vs 0.930 (k=2), 0.917 (k=4), 0.924 (k=5), P ≥ 0.999 all; k=2 marks 104 vs 61 pairs in
    # 9.9k real ANT articles, 28 vs 1 of them sharing under half their shingles (bench_corpus.py).
    near_shingle: int = 3
    # MinHash permutations: the Jaccard estimate's standard error is ~sqrt(J(1-J)/P) (0.035 at
    # J=0.8, P=128); more permutations cost signature time and store bytes linearly.
    near_permutations: int = 128
    # LSH finds candidate pairs whose Jaccard similarity is above about this value; it is set
    # low because a truncated reprint (half the article) has Jaccard ≈ 0.5 with its original.
    # 0.3 (37 bands × 3 rows): dev recall 0.923 vs 0.886 at 0.4; 0.2 (28 × 2) reaches 0.95 but
    # gives 0.6 candidates/article at 10k articles (0.0 at 0.3) and 29 more real-corpus marks.
    near_lsh_threshold: float = 0.3
    # A candidate is a near duplicate when this share of the NEW text's shingles is in it
    # (containment, estimated from MinHash Jaccard and the two set sizes). Measured first with
    # containment of the shorter text (dev recall 0.923 at 0.7 vs 0.896 at 0.8, P 1.000), then
    # made directional because half of the real-corpus marks it added were longer follow-ups and
    # roundups quoting a report; directional costs recall on the reprint set (dev 0.858 at 0.7,
    # 0.880 at 0.6, P 1.000 both): a copy ingested before its longer original is missed.
    near_containment: float = 0.7
    # A text that matches a reprint (not its original) is a reprint of the original only if at
    # least this share of it is still in the original: edits pile up along a chain of copies
    # (helper audit of 9.9k real ANT articles: daily roundups chained to another day's roundup at
    # 14 % true overlap). Reprint dev recall 0.858 at 0.4, 0.5 and 0.6 alike (P 1.000), 0.855
    # with reprints not indexed at all: 0.5 costs nothing measured and stops such chains.
    near_chain_containment: float = 0.5
    # Texts with fewer shingles than this are only matched exactly: a few shared phrases between
    # two short texts are common without one copying the other. 10 vs 20 vs 30: dev recall
    # 0.924 / 0.923 / 0.911 — 20 keeps the guard at no measurable cost.
    near_min_shingles: int = 20
    # An article with fewer content words than this gets no story (a caption, a stub, an index page).
    # 10: story dev pairwise F1 equal for 5-15, 0.06 lower at 25 (video captions belong to stories).
    story_min_words: int = 10
    # Stories an article may join: last seen at most this many days before it (or first seen at
    # most this many after: archives are not ingested in date order). The story dev windows are 3
    # days each, so 1, 3 and 7 score alike there: 3 is kept, not measured.
    story_window_days: int = 3
    # Story settings are chosen by leave-one-window-out CV over the 3 story dev windows
    # (`bench_corpus.py --cv --enrich`: pick on two windows by mean pairwise F1, score the third;
    # held-out pairwise / B³ F1 as mean ± sd). Sealed was not read to choose them.
    # The bar for terms only (no entities on one side: extract-only runs, unenriched pages).
    # 0.125: the folds pick 0.1-0.15; held-out pairwise 0.590 ± 0.177, B³ 0.861 ± 0.057.
    story_threshold: float = 0.125
    # Weight of entity overlap against term cosine when both sides have entities. 0.6: every fold
    # picks it with 0.2-0.8 on offer (0.4 was the best with the old share overlap).
    story_entity_weight: float = 0.6
    # The bar when entities took part (ingest enriches by default). 0.175 (folds: 0.15, 0.175,
    # 0.175). One bar for both roads: held-out pairwise 0.628 ± 0.170; two bars alone 0.629.
    story_threshold_entities: float = 0.175
    # "jaccard" (shared / union of the article's and the story's counted entities) or "share"
    # (shared / the article's). Jaccard: held-out pairwise 0.681 ± 0.106, B³ 0.882 ± 0.027 vs
    # 0.629 ± 0.170 / 0.868 ± 0.053 — a big story names everything, so "share" lets anything in.
    story_entity_overlap: str = "jaccard"
    # A story entity counts only when at least this share of the story's articles name it (and
    # at least one): its top entities, not every dateline. 0.34 (folds all pick it over 0, 0.5):
    # held-out pairwise 0.724 ± 0.144 (0.528-0.871), B³ 0.904 ± 0.014.
    story_entity_min_share: float = 0.34
    # Entity types (key prefixes) that count, comma-separated. PERSON+ORG only: held-out pairwise
    # 0.537 ± 0.154 vs 0.629 ± 0.170 with places (share overlap): places matter.
    story_entity_types: str = "PERSON,LOCATION,ORGANIZATION"
    # Extra term counts per title word in the article vector. 2: 1-4 under CV, terms only, hold out
    # 0.515 ± 0.155 (vs 0.590 with 2 fixed); the entity road's gain (0.709 vs 0.629) flips its pick
    # per fold (3, 1, 3): noise, not kept.
    story_title_weight: int = 2
    # Similarity lost per day between the article and the story's nearest day (multiplicative).
    # 0: decays of 0.1-0.3 held out 0.572 ± 0.194 (terms), 0.614 ± 0.180 (entities) — the 3-day
    # window already bounds a story's reach.
    story_day_decay: float = 0.0
    # Two stories the article bridges merge when their centroids' term cosine clears this. 0.225,
    # above the join bars (the CV above measured it there); a grid of its own (join bar, 0.3, 0.4,
    # 0.5, never) held out worse (0.510 terms, 0.559 entities): fold picks disagree.
    story_merge_threshold: float = 0.225
    # Terms kept per article vector and per story centroid; the centroid's strongest terms are
    # what the candidate index looks up. They set the index's size (bench_corpus_scale.py: bytes
    # per 100k articles) and lookup time as much as its quality.
    story_article_terms: int = 40
    story_centroid_terms: int = 50
    story_index_terms: int = 10
    # Article terms looked up in the story index (its strongest: the vector is sorted by weight).
    story_lookup_terms: int = 10
    # Story candidates scored per article: the ones sharing most index terms with it. Each costs a
    # JSON decode and a cosine (~50 µs); a story sharing fewer of the article's top terms than the
    # tenth candidate does is not the one it belongs to.
    story_max_candidates: int = 10

    # --- serve limits (REST API and reading room; docs/serve.md, bench/bench_load.py)
    # The one page-size cap of every listing and search (`limit`): bounded work per request.
    # A 100-hit search page builds 100 snippets; the reading room shows 20 and clients page.
    serve_max_limit: int = 100
    # Deepest `offset` of a listing: OFFSET costs a scan of the rows skipped. On bench_load's 100k
    # SQLite store (load average ~22) a 20-article listing took 0.72 s at offset 0, 1.05 s at 1k,
    # 1.55 s at 10k, 4.0 s at 50k, 4.8 s at 99k: at 10k the deepest page costs ~2x the first
    # (500 pages of 20; search totals are only counted up to 1,000 anyway).
    serve_max_offset: int = 10_000
    # Characters of a search query (`q`). 500 is ~80 Arabic words, more than any typed query; each
    # word is one more FTS term to intersect.
    serve_max_query_chars: int = 500
    # Characters of a name filter (entity, outlet): the longest entity name stored is far shorter.
    serve_max_name_chars: int = 200
    # Bytes of an HTTP request head uvicorn reads before giving up (h11's default is 16 KiB).
    # A 100k-character Arabic query is ~600 KB percent-encoded: it must reach the app to get a
    # clear 422, not a reset connection. Past this the server answers 400 and closes.
    serve_max_request_head_bytes: int = 1_048_576
    # Bytes of a request body (POST /api/ingest); more is refused with 413 before it is read.
    # One page may be max_page_bytes (20 MB) of text, and JSON escaping (\uXXXX for Arabic when a
    # client escapes non-ASCII) can triple it: 64 MiB takes one maximal page, not a flood.
    serve_max_body_bytes: int = 67_108_864
    # Pages per ingest request: extraction is CPU-bound and runs in the request, so keep it short.
    serve_max_ingest_pages: int = 100

    def with_flags(self, **changes: Any) -> Settings:
        """A new Settings with `changes` applied, each value converted to its field's type (a
        TOML number, an environment string or a CLI flag alike). InputError names an unknown
        field or a value of the wrong kind; this value is left as it was."""
        names = {f.name for f in fields(self)}
        converted: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in names:
                raise InputError(f"unknown setting {name!r}")
            kind = type(getattr(self, name))
            try:
                if kind is bool and isinstance(value, str):  # bool("false") is True: read the word
                    value = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}[
                        value.strip().lower()
                    ]
                converted[name] = kind(value)
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError(f"setting {name!r}: {value!r} must be {kind.__name__}") from exc
        return replace(self, **converted)

    # --- query language (issue 13.3) ---
    # Operators and words in one query (terms, phrase words, prefixes, fields): each becomes one
    # more full-text clause (and up to ~6 index terms); 64 is far past any typed query and keeps
    # the SQL and FTS5 expression small.
    query_max_terms: int = 64
    # Nesting of parentheses and exclusions: the parser recurses once per level, so a hostile
    # "((((…" must stop with a message long before Python's recursion limit.
    query_max_depth: int = 16
    # Letters of a prefix (`رئي*`) after normalisation: one letter would expand to a large part
    # of the vocabulary (FTS5 and tsquery both walk every term that starts with it).
    query_min_prefix: int = 2
    # SQLite checks phrases row by row in Python (~0.5 ms a candidate warm, ~8 ms with cold word
    # caches; bench_search.py): ranking a common phrase checked every candidate (3.6-4.9 s for
    # "الاتحاد الأوروبي" on 14.6k articles under load). Above this many candidates a phrase query
    # is shown newest first (it stops after the page), and its total is counted up to the cap
    # below (shown as "at least", like any capped total).
    query_phrase_rank_max: int = 300
    query_phrase_count_cap: int = 200
    # --- claims and events (issue 13.2; serve/claims.py, docs/serve.md "Claims and events")
    # Rows per page of /claims and /events (and the API's default `limit`): each claim row is a
    # sentence plus its source chain, so 25 rows is about two screens at 1280 px; clients page.
    claims_page_size: int = 25
    # --- reading room: home, charts, outlets, trending (issue 13.1/13.4; docs/serve.md) ---
    # (What "recent" means for the home page's stories is room_recent_days: one rule.)
    # Stories on the home page: one screen of rows, each with its own small query (outlets,
    # entities, a sparkline): 15 keeps the page well inside the 100 ms budget (bench/bench_room.py).
    room_home_stories: int = 15
    # Days a chart draws at most (the last ones): 90 bars are ~6 px each on a 640-unit chart, still
    # readable; a longer history is a table's job (the entity page keeps its months table).
    room_chart_days: int = 90
    # Trending: articles naming an entity in the last N days vs the N before. A week against a
    # week evens out weekday rhythms (fewer Friday papers) that shorter windows would call trends.
    room_trending_days: int = 7
    # Trending entities listed on the home page and /entities.
    room_trending_limit: int = 10
    # Top entities and top stories on an outlet page and each side of /compare.
    room_outlet_top: int = 10
    # --- feeds, saved searches, export, curation (issue 13.5, 13.8) ---
    # Rows of one CSV/JSONL export of a search: an export re-runs the search page by page, so its
    # cost grows with the rows; 5,000 is a month of a busy outlet, and a bigger copy of the store
    # is `marsad export`'s job, not a web request's.
    export_max_rows: int = 5_000
    # Entries of an Atom feed: feed readers show the newest few; 50 covers a day of a busy search.
    feed_max_entries: int = 50
    # "New since last visit" is counted up to this, then shown as "1000+" (counting every new
    # match of a common word costs more than the page: the same cap as search totals).
    saved_new_cap: int = 1_000
    # Saved searches per store: the /saved page counts new matches for each, one query apiece.
    saved_max_searches: int = 200
    # Characters of a saved search's name.
    saved_max_name_chars: int = 200
    # --- claims: the learnt classifier (issue 11; models/claims_clf.json, models/CLAIMS_CARD.md) ---
    # Which claim decisions the learnt model takes instead of the rules: "none", "both", or a comma
    # list of "attributed" and "certainty". A decision goes to the model only when it wins in 5-fold
    # CV on train and on dev on every measure (models/train_claims.py, fixed before sealed). Retrained
    # on the attribution-frame rules (2026-12-06, 566 train sentences): reported-vs-asserted wins
    # (CV 0.945 -> 0.949; dev 398: 0.957 -> 0.960, one sentence) and is wired; certainty does not
    # (dev accuracy 0.899 -> 0.902 but macro-F1 0.835 -> 0.820). The fresh sealed claims_gold6 (151,
    # scored once after): reported 0.927 -> 0.934, certainty and source head unchanged. Costs about
    # a quarter of claims+events speed (1,038 -> 753 sentences/s per core on claims_dev, shared VM);
    # "none" runs the rules alone. CLAIMS_CARD.md has the figures.
    claims_learnt: str = "attributed"
    # --- reading room: article page and interface language (issue 13.6/13.7) ---
    # A claims or events list on the article page starts open up to this many items and folded
    # (a <details> showing its count) above: a page of 40 attributed sentences is a wall of text.
    page_list_open_max: int = 5
    # Days a reader's interface language (?ui=ar|en) is remembered in its cookie: a year, like
    # most language choices; it holds "ar" or "en" only.
    ui_cookie_days: int = 365

    # --- store: page sizes, caps and weights (issue 14: moved from store/*.py module constants).
    # Each says where its value came from; "chosen, not measured" where nothing was measured.
    # Rows a store query returns at most, whatever `limit` asks (serve's own cap, serve_max_limit,
    # is lower): a safety bound for Python callers. Chosen, not measured.
    store_max_limit: int = 1000
    # Search totals are counted up to this many matches, then reported as "at least"
    # (total_capped): counting every match of a common word costs more than the page. With the
    # rank caps below this kept p95 under 50 ms at 1M articles (docs/benchmarks.md, scale).
    search_total_cap: int = 1_000
    # Listing totals (stories, claims, events) are counted up to this many rows past the page,
    # then reported as "at least": an exact count of 10M stories costs more than the page itself
    # (bench/bench_pg_scale.py).
    list_total_cap: int = 1_000
    # Facets count the newest this-many matches: exact below, a sample above. Chosen, not measured
    # on its own (the search+facets row of bench_load is 14.8 ms p50 on 100k, docs/benchmarks.md).
    facet_sample: int = 5_000
    # SQLite: above this many possible matches a query is ordered newest first instead of by bm25:
    # scoring costs ~10 µs per matching row on the 2-core VM, so 3,000 rows stay within ~30 ms
    # (with totals capped: p95 239 → 24.4 ms at 1M articles, docs/benchmarks.md).
    sqlite_rank_max: int = 3_000
    # PostgreSQL: the same rule on ANALYZE's estimated matches (p95 406 ms before, same benchmark).
    postgres_rank_max: int = 3_000
    # How long ANALYZE's term statistics are trusted before being read again (PostgreSQL), s.
    # Chosen, not measured: stores change by ingest batches, minutes apart.
    postgres_stats_ttl_s: float = 300.0
    # PostgreSQL, a walk newest first: its first window of rowids should hold this many times the
    # page's matches (by the words' estimated share of the articles), so that filters and an
    # uneven spread still fill the page; each miss widens it 16×. Chosen, not tuned; the windows'
    # effect at 10M articles is in docs/benchmarks.md ("PostgreSQL at 10M, search fixed?").
    postgres_walk_window: float = 4.0
    # PostgreSQL, a window of at most this many rowids is read row by row (the words checked on
    # each) instead of through the full-text index: the index's bitmap of common words costs more
    # (two common words at 10M articles: 200-250 ms, all in memory) than reading this many rows
    # (~26 ms for 3,200). Chosen from those two EXPLAIN ANALYZE runs, not tuned.
    postgres_window_scan_rows: int = 20_000
    # bm25 column weights (SQLite FTS5): a query word in the headline is a strong signal. Chosen,
    # not measured on its own; bench_search.py scores the result (recall@10 0.963, MRR 1.000).
    sqlite_title_weight: float = 4.0
    sqlite_body_weight: float = 1.0
    # An outlet filter naming more outlets than this is left to the SQL predicate alone (each is
    # one more FTS term to OR). Came with the filter facet terms (filtered p95 374 → 41.5 ms at 1M);
    # the bound itself is chosen, not measured.
    sqlite_max_outlet_terms: int = 50
    # A date range costs one OR term per whole year and per month at its edges; past this it is
    # cheaper (and simpler) to let the SQL predicate filter alone. Chosen, not measured.
    search_max_date_terms: int = 40
    # An entity filter adds one facet term per canonical id it resolves to (merges included: see
    # CurationTables._merge_family); a name matching more ids than this (a bare given name) is left
    # to the SQL condition alone. Chosen, not measured.
    search_max_entity_terms: int = 64
    # --- dump headlines (extract.headline, extract.labeller) ---
    # An Arabic token this long is two words or more glued (a dump's menu, "وقضاياحواراتملفات"):
    # ANT v2.1's texts hold 7 tokens of 15+ letters in 1.17M (الاستخباراتية, the longest common
    # word, has 13).
    glued_token_letters: int = 15
    # Headline evidence: content words have at least this many letters (function words are short:
    # في، من، على، أن، the, of); a word's match key is its stem (at least dump_title_stem_letters
    # letters, an Arabic root's three) cut to dump_title_key_letters, so suffixes do not hide a
    # shared word (المغرب / المغربية). Chosen on the train split's headlines, not tuned.
    dump_title_content_letters: int = 4
    dump_title_stem_letters: int = 3
    dump_title_key_letters: int = 4
    # A copy of the headline (a caption) has at most this many other words; a paragraph that
    # quotes it is no echo. The first paragraphs' first dump_title_body_words words are compared
    # with a headline (a cost bound); a main line of dump_paragraph_words words or more is a
    # paragraph. Chosen on train, dev unchanged by ±2.
    dump_title_echo_extra: int = 6
    dump_title_body_words: int = 40
    dump_paragraph_words: int = 12
    # A line of at most this many words holding a relative date word (منذ، اليوم) is a dateline
    # ("منذ 8 ساعات"); a longer one is a headline that holds it ("… منذ 2008").
    dump_dateline_relative_words: int = 5
    # Role phrases (enrich.entities.roles): the farthest a phrase reaches from its head, in tokens
    # (the longest in the guideline's examples, مساعد وزير الداخلية لشرطة النقل والمواصلات, is 6),
    # and the honorifics stepped over between a role and the name (الرئيس الأمريكي السيد …).
    # Chosen from the guideline, not measured.
    role_phrase_max_tokens: int = 8
    role_max_honorifics: int = 2
    # Stems keep at least this many letters after clitics are stripped: fewer is almost always a
    # different word (بين → ين). Chosen on Arabic examples, not measured; changing it changes the
    # stored search terms (re-index).
    search_min_stem: int = 3
    # Snippet length in characters: about two lines of a result list. Chosen, not measured.
    snippet_max_chars: int = 240
    # Claims and articles shown on a story page, and members of a brief record (an article page's
    # "in this story" box, no claims): bounded work for a huge story. Chosen, not measured.
    story_page_max_claims: int = 300
    story_page_max_articles: int = 500
    story_brief_articles: int = 25
    # A story filter by entity or outlet that keeps at most this many stories lists them by id
    # (8 s → 0.1 s at 1M articles when none match, commit 00f3ccf).
    story_ids_max: int = 2_000
    # Least articles a story needs to be listed (/stories by default, the home page, outlet pages'
    # top stories): single-article stories are most of any corpus and say nothing an article list
    # does not. One rule for the store's top-stories box and serve's listings. Chosen, not measured.
    stories_min_articles: int = 2
    # Outlets are few (tens to hundreds); the outlet list shows them all up to this bound. Chosen.
    room_max_outlets: int = 1_000
    # Rows read per query when streaming the ledger: bounded memory, few round trips. Chosen.
    ledger_page_rows: int = 1_000
    # Longest curation merge chain followed (B → A → …); merges refuse cycles, the bound is a
    # safety net. Chosen, not measured.
    curation_max_chain: int = 32
    # Export (store/export.py): articles per record batch (and at most one Parquet row group per
    # partition per batch), fewer once their JSON passes export_batch_bytes; Arrow data per
    # write_dataset call. Bounded memory for any store size; chosen, not measured.
    export_batch_rows: int = 500
    export_batch_bytes: int = 32 << 20
    export_round_bytes: int = 128 << 20
    # Near-duplicate candidates read per article at most: a text that shares a band with more
    # stored articles is boilerplate-like, and the first (oldest) are the canonical ones. Chosen.
    near_max_candidates: int = 100
    # Story candidates are ranked by shared index terms; an index reads this many more than asked
    # for, then drops those that start after the window (merged stories have no index rows).
    # Came with the corpus-index speed-up (79d0ad5, bench_corpus_scale.py); chosen, not measured.
    story_candidate_slack: int = 5

    # --- serve: page sizes and pools (issue 14: moved from serve/*.py module constants) ---
    # Rows per page of /stories and /entities: one screen of rows on a laptop, clients page.
    # Chosen, not measured (the listings stay inside bench_room.py's budget at these sizes).
    stories_per_page: int = 20
    entities_per_page: int = 50
    # Stories shown under the empty search page (the landing), beside the search box: a glance,
    # not the home page (room_home_stories). Chosen, not measured.
    search_landing_stories: int = 5
    # "Recent" for the home page's and the landing's stories: within this many days of the newest
    # dated article the store holds (relative to the store, not to today: an archive ingested today
    # is not stale). A month: chosen, not measured.
    room_recent_days: int = 30
    # Other members of its story listed on an article page. Chosen, not measured.
    story_siblings: int = 5
    # Characters of an id in a path (article hashes are 16, entity ids `TYPE:key` strings): a
    # bound keeps a path from being a payload. Chosen, far above any real id.
    serve_max_id_chars: int = 300
    # Largest `min_articles` a story listing accepts: any number is meaningful; the bound keeps
    # it well inside a database int4. Chosen, not measured.
    serve_max_min_articles: int = 1_000_000
    # Idle stores the server keeps open; more concurrent requests than this open extra ones and
    # close them after. 4: two uvicorn workers' worth of overlap on the 2-core machine; chosen.
    serve_idle_stores: int = 4
    # Hits read per store query while exporting a search (CSV/JSONL): few round trips, bounded
    # memory (export_max_rows is the total). Chosen, not measured.
    export_page_rows: int = 500
    # Largest `limit` of the curation log listing: the log is small; chosen, not measured.
    curation_max_log: int = 1_000

    # --- readers and executors: buffer sizes and windows (issue 14: moved from read/ and run/) ---
    # Bytes read from the start of an input to tell its format (an archive, JSONL, a JSON
    # document, a page): 64 KiB holds any real page's head and a WARC record's headers. Chosen.
    read_head_bytes: int = 1 << 16
    # Bytes read per call from a stream (and the gzip reader's step, x4): 64 KiB, the usual pipe
    # and socket buffer size; memory stays one chunk. Chosen, not measured on its own
    # (bench/bench_read_hostile.py measures the readers' peak RSS with it).
    read_chunk_bytes: int = 1 << 16
    # Window scanned for the next WARC record start after a damaged record. Chosen, not measured.
    read_scan_bytes: int = 1 << 20
    # A gzip member's expansion ratio (max_gzip_ratio) is judged once it has given this much: a
    # short member of blank padding may expand far more than 100:1 and harm nobody. The bombs of
    # bench_read_hostile.py stop after 16 MB of output (see max_gzip_ratio for their figures).
    max_gzip_ratio_after_bytes: int = 16_000_000
    # Local executor: tasks in flight per worker, enough that the workers keep busy while the
    # caller's single writer flushes a 256-article batch (~0.5 s), small enough to bound memory
    # (~100 KB a page). Chosen with the killable pool (b175ae7), not measured on its own.
    local_window_per_worker: int = 64
    # Pickled bytes in flight, whatever the count: 64 pages of 20 MB (max_page_bytes) would hold
    # 1.3 GB in the parent. 64 MB is ~600 typical pages (~100 KB each), so the cap binds only on
    # large pages; at least one task per worker is always in flight.
    local_window_bytes: int = 64 * 1024 * 1024
    # Spark executor: tasks per Spark job (bounds the driver's memory and the latency to the first
    # result), chunks submitted ahead of the one being consumed, and partitions per core in a
    # chunk (evens out slow pages without tiny tasks). Chosen with the executor (16c5c6e), not
    # measured one by one; the parity test runs it on real pages.
    spark_chunk_tasks: int = 512
    spark_prefetch: int = 1
    spark_slices_per_core: int = 2
    # Rows `marsad ledger` prints as a table unless --limit says otherwise: a terminal's worth,
    # not an export (--format jsonl streams them all). Chosen.
    cli_ledger_rows: int = 50

    # --- text rules: Arabic layer, claims and events (issue 14: moved from arabic/ and enrich/).
    # Rule parameters read by pure `str -> ...` functions; "chosen, not measured" unless a
    # measurement is named.
    # Lines with at least this many letters go to the language-ID model; below it, script and
    # context decide (per-line ID on short lines is unreliable for every detector: NOTES.md).
    # Chosen, not measured.
    langid_long_line_letters: int = 40
    # Below this model score, a short Latin line inside a non-Latin page is "unknown". Chosen.
    langid_short_line_min_score: float = 0.8
    # Sentence splitting (arabic/sentences.py): terminators inside a quotation or parenthesis
    # shorter than this many characters are ignored (a short quoted sentence stays in the sentence
    # reporting it); `؛` ends a sentence only when both sides have at least this many words
    # (Arabic news uses it between long clauses, and inside lists). Chosen on Arabic examples
    # (tests/arabic/test_arabic_sentences.py), not measured.
    sentence_max_protected: int = 200
    sentence_semicolon_min_words: int = 8
    # Clitic splitting (arabic/tokens.py): a proclitic is stripped when freq(family of stem) >=
    # clitic_ratio * freq(word): وقال (قال far more frequent) and بشكل (شكل, الشكل) split, وزير
    # (زير rare) does not. Chosen on the UD PUD dev half (grid 0.1..1; arabic/data/README.md).
    clitic_ratio: float = 0.1
    # ... unless the word itself is seen with the article at least 1/clitic_article_share as
    # often as bare. Chosen with clitic_ratio on the same dev half.
    clitic_article_share: int = 20
    # With `guess_unknown`, a word and stem the lexicon has never seen split before a stem this
    # long (the search stemmer's search_min_stem). Chosen, not measured.
    clitic_unknown_min_stem: int = 3
    # Claims: a negation counts when it opens the reported clause, within this many words of
    # أن/إن/that. Chosen, not measured.
    claims_negation_window: int = 3
    # Claims: a hedge right after an indefinite noun phrase of at most this many words that a
    # preposition governs or that is an accusative object describes the noun ("أمام هجمات قد
    # يشنها"). 2 = a noun and its adjective; at 4 the walk reached into the subject's own
    # prepositional phrases ("إخفاق في تحقيق نمو شامل قد يزيد"): 3 of 40 sampled changed ANT2
    # sentences were such misreadings at 4, none at 2 (docs/benchmarks.md "Certainty rules from gold4").
    claims_descriptive_np_words: int = 2
    # Depth of a source chain: outlet → source → its source; deeper nesting is rare and mostly a
    # parsing error. Chosen, not measured.
    claims_max_chain: int = 3
    # A source phrase longer than this many words is almost always a clause, not a name. Chosen.
    claims_max_source_words: int = 8
    # A quoted outlet or body name ("غرفة العمليات المركزية في الجنوب") closes within this many
    # words; a longer quotation after a head is what was said, not a name. Chosen, not measured.
    claims_quoted_name_words: int = 5
    # Events: a subject follows its verb within this many words (a particle such as "قد" or
    # "أمس" between them). Chosen, not measured.
    events_vso_gap: int = 2
    # Events: also use the trigger forms grown from the event guideline, the CAMEO dictionary and
    # ANT corpus counts (data/grown_triggers.json, `make train-events`, models/EVENTS_CARD.md).
    # Measured on the tune splits of events_gold3, claims_gold2 and claims_dev (docs/benchmarks.md
    # "Events on gold3").
    events_grown_lexicon: bool = True
    # Events: the learnt trigger tagger (issue 11 item 3; models/event_tagger.crfsuite, trained by
    # `make train-events`, figures in models/EVENTS_CARD.md): "off" = the lexicon's triggers only;
    # "tagger" = the tagger's; "union" = the lexicon's plus the tagger's that overlap none;
    # "gate" = the union with only the lexicon matches the tagger gives at least events_tagger_gate.
    # Measured (models/EVENTS_CARD.md "Trigger tagger"): 5-fold CV on 371 training sentences,
    # trigger span + type F1 rules 0.518, tagger 0.414, union 0.523, gate 0.534; gold3 dev event
    # type F1 rules 0.451, tagger 0.250, union 0.451, gate 0.458 — one event of 49 apart, and the
    # gate lowers recall (0.469 → 0.449), which issue 11's goal is about. The tagger does not add
    # recall, so the rules stay the default; "gate" is there for precision-minded runs.
    events_trigger_tagger: str = "off"
    # Events, mode "gate": the tagger's probability (1 − P(O) of the match's best token) a lexicon
    # match needs to be kept. Chosen with the model by the CV above (tried 0.01–0.3; higher
    # thresholds drop more true triggers than false ones).
    events_tagger_gate: float = 0.01

    # --- HTML and dump extraction rules (issue 14: moved from extract/*.py) ---
    # The most chrome lines kept per page: enough to audit what was dropped, bounded for huge
    # pages. Chosen, not measured.
    html_max_chrome: int = 400
    # A byline has at most this many words (a block near the top or bottom that parses as one is
    # the byline, not body text). Chosen, not measured; one rule for extract/byline and html.
    byline_max_words: int = 12
    # Short blocks are where interface strings hide (cue words); longer ones are left to the
    # extractor. A related-article title is a line, not a paragraph. Chosen, not measured
    # (bench/bench_html.py scores the whole extraction).
    html_cue_max_words: int = 6
    html_item_max_words: int = 20
    # Dates before this year are template noise (before the web had news sites). Chosen.
    meta_earliest_year: int = 1995
    # An author name in page metadata has at most this many words. Chosen, not measured.
    meta_author_max_words: int = 5
    # Pruning (extract/html_prune.py): a container holding this share of the page's text is the
    # page itself, whatever its class says; a class-named container with a paragraph this long
    # (mostly unlinked) is kept; a "caption" longer than this is a gallery's text; ancestor walks
    # stop after this many steps (the guard has already cut deeper nesting). Chosen with the
    # pruner, not measured one by one (bench/bench_html.py scores the whole extraction).
    prune_max_share: float = 0.4
    prune_prose_words: int = 30
    prune_caption_max_words: int = 40
    prune_max_walk: int = 400
    # An agency credit is searched for only in a caption's last this-many characters (the regex
    # is costly). Chosen, not measured.
    credit_tail_chars: int = 120
    # Text dumps (extract/labeller.py): decision thresholds on the CRF's marginal P(main). Figures
    # are snippet F1 (models/README.md): argmax alone (0.5) gave dev 0.804 with recall 0.72 — the
    # model is cautious — and 0.35 gave 0.853; prose-looking lines need only 0.15 (+0.016). Main
    # lines more than dump_cluster_gap boilerplate lines away from the main block, in a cluster
    # with under dump_cluster_keep of its text, are dropped unless P(main) >= dump_cluster_sure
    # (+0.008 on train). Env: MARSAD_DUMP_MAIN_MARGINAL etc., as before.
    dump_main_marginal: float = 0.35
    dump_prose_marginal: float = 0.15
    dump_cluster_gap: int = 8
    dump_cluster_keep: float = 0.5
    dump_cluster_sure: float = 0.8
    # A dump line of more words is not a heading; a related-articles list holds at most this many
    # lines after its header; a dump of at most this many lines is "plain" (no page chrome to
    # find); an outlet line may hold this many words beside the outlet's name ("Algiers -
    # <outlet>"). Chosen, not measured (bench/bench_dump.py scores the labeller as a whole).
    dump_heading_max_words: int = 15
    dump_max_related: int = 30
    dump_plain_max_lines: int = 12
    dump_outlet_rest_words: int = 3
    # A line of at most this many words that is only a date (no final full stop) is a dateline or
    # a related item's date, never body; a sentence of this many words (full stop) ends a related
    # list (the body goes on after a mid-article "read also" box). Chosen from the train outlets of
    # bench/bench_dump_arabic.py (docs/benchmarks.md, "Arabic dumps"), not tuned on dev.
    dump_date_max_words: int = 8
    dump_related_prose_words: int = 10
    # Without a line the model tags "title", the headline candidates are ranked by the model's
    # P(title): one beats the order rule's pick (last before the byline, else first) when its
    # P(title) is higher by at least this. 0 measured on the train splits: dump titles of the
    # 643-page train split 168 → 261 of 460 (containment), Arabic train dumps 0.51 → 0.75 exact;
    # snippet F1 0.8779 → 0.8796 (train). 1.0 restores the order rule.
    dump_title_margin: float = 0.0
    # Headline evidence from the page's other lines (extract/headline.py): a candidate whose first
    # words (at least dump_title_echo_words) another line repeats as a cut or credited copy (a
    # caption) is the headline; else a candidate sharing >= dump_title_overlap_high of its
    # content words (and >= dump_title_overlap_hits of them: a two-word slogan shares both by
    # chance) with the first paragraphs replaces a pick sharing < dump_title_overlap_low.
    # Candidates lie within dump_title_window lines before the body (30, against the whole header:
    # 643-page bench dev F1 0.8863 → 0.8879, titles dev 61 → 61, train 282 → 284, and less work on
    # long menus). A pick of more than dump_title_max_words words with a shorter, well-repeated
    # candidate above it is a standfirst. Chosen on the train/dev splits of
    # bench/bench_dump_arabic.py (titles train 0.835 → 0.975, dev 0.781 → 0.988) and
    # bench/bench_dump.py (titles train 263 → 287 of 460); sealed scored once (docs/benchmarks.md).
    # False turns the evidence off (the P(title) ranking alone).
    dump_title_evidence: bool = True
    dump_title_echo_words: int = 3
    dump_title_overlap_high: float = 0.5
    dump_title_overlap_low: float = 0.25
    dump_title_overlap_hits: int = 3
    dump_title_window: int = 30
    dump_title_max_words: int = 18
    # Line features computed once per distinct text (menus, footers and share bars repeat: a fifth
    # of a page's lines repeat another of the same page); bounded so a crawl cannot grow it without
    # end. Chosen, not measured.
    extract_line_memo: int = 1 << 15

    @classmethod
    def load(cls, path: str | Path | None = None) -> Settings:
        """Defaults, then the TOML file's keys that name fields, then MARSAD_<FIELD> variables."""
        cfg = Path(path or os.environ.get("MARSAD_CONFIG", "marsad.toml"))
        data = tomllib.loads(cfg.read_text(encoding="utf-8")) if cfg.is_file() else {}
        names = [f.name for f in fields(cls)]
        env = {n: os.environ[f"MARSAD_{n.upper()}"] for n in names if f"MARSAD_{n.upper()}" in os.environ}
        return cls().with_flags(**{n: data[n] for n in names if n in data}).with_flags(**env)


SETTINGS = Settings.load()
