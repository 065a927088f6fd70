"""Numbered schema migrations, one list per backend. A store applies those above its version.

Never edit a released migration: append a new one. `schema_version` holds the highest applied.
The tables are meant to be read with plain SQL (see docs): one row per article, block, canonical
entity, mention, claim, claim source, event, outlet, quarantined input and ingest input, and
one ledger row per input record.
"""

from __future__ import annotations

__all__ = ["POSTGRES", "SQLITE", "SQLITE_REFILL_FTS"]

SQLITE: list[tuple[int, str]] = [
    (
        1,
        """
CREATE TABLE outlets (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,          -- Latin name casefolded, else Arabic search form
  name TEXT NOT NULL,
  latin TEXT,
  name_form TEXT NOT NULL,           -- search form of name (filters match either script)
  latin_form TEXT
);
CREATE TABLE articles (
  rowid INTEGER PRIMARY KEY,         -- also the rowid of article_fts
  id TEXT NOT NULL UNIQUE,           -- first 16 hex digits of content_hash
  content_hash TEXT NOT NULL UNIQUE,
  title TEXT,
  published TEXT,
  pub_day TEXT,                      -- first 10 characters of published (filters, facets)
  language TEXT,
  outlet INTEGER REFERENCES outlets(id),
  url TEXT,
  path TEXT,
  record INTEGER,
  format TEXT,
  story TEXT,
  duplicate_of TEXT,
  json TEXT NOT NULL,                -- Article.to_dict(), as found
  added TEXT NOT NULL
);
CREATE INDEX articles_pub ON articles(pub_day);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_lang ON articles(language);
CREATE TABLE blocks (
  article INTEGER NOT NULL REFERENCES articles(rowid),
  idx INTEGER NOT NULL,
  label TEXT NOT NULL,               -- model.Label; 'chrome' rows are the page's boilerplate
  line INTEGER,
  text TEXT NOT NULL,
  reason TEXT,
  language TEXT,
  PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE TABLE entities (
  id TEXT PRIMARY KEY,               -- canonical id across articles
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  latin TEXT,
  kind TEXT
);
CREATE TABLE entity_keys (key TEXT PRIMARY KEY, entity TEXT NOT NULL REFERENCES entities(id)) WITHOUT ROWID;
CREATE TABLE entity_names (
  form TEXT NOT NULL,                -- search form of a name, Latin name or mention
  entity TEXT NOT NULL REFERENCES entities(id),
  PRIMARY KEY (form, entity)
) WITHOUT ROWID;
CREATE TABLE article_entities (
  article INTEGER NOT NULL REFERENCES articles(rowid),
  entity TEXT NOT NULL REFERENCES entities(id),
  local_id TEXT NOT NULL,            -- Entity.id inside the article JSON
  mentions INTEGER NOT NULL,
  roles TEXT NOT NULL,               -- JSON list
  PRIMARY KEY (article, entity)
) WITHOUT ROWID;
CREATE INDEX article_entities_entity ON article_entities(entity, article);
CREATE TABLE mentions (
  article INTEGER NOT NULL REFERENCES articles(rowid),
  entity TEXT NOT NULL REFERENCES entities(id),
  block INTEGER NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  role INTEGER NOT NULL
);
CREATE INDEX mentions_article ON mentions(article);
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  latin TEXT,
  entity TEXT REFERENCES entities(id)
);
CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  article INTEGER NOT NULL REFERENCES articles(rowid),
  block INTEGER NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  certainty TEXT NOT NULL,
  cues TEXT NOT NULL                 -- JSON list
);
CREATE INDEX claims_article ON claims(article);
CREATE TABLE claim_sources (
  claim INTEGER NOT NULL REFERENCES claims(id),
  position INTEGER NOT NULL,         -- 0 = outermost link of the chain
  source INTEGER NOT NULL REFERENCES sources(id),
  PRIMARY KEY (claim, position)
) WITHOUT ROWID;
CREATE TABLE claim_entities (
  claim INTEGER NOT NULL REFERENCES claims(id),
  entity TEXT NOT NULL REFERENCES entities(id),
  PRIMARY KEY (entity, claim)
) WITHOUT ROWID;
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  article INTEGER NOT NULL REFERENCES articles(rowid),
  type TEXT NOT NULL,
  mode TEXT,
  text TEXT NOT NULL,
  trigger TEXT NOT NULL,
  block INTEGER NOT NULL,
  location TEXT,
  when_text TEXT,
  when_date TEXT,
  certainty TEXT NOT NULL,
  actors TEXT NOT NULL,              -- JSON list
  targets TEXT NOT NULL              -- JSON list
);
CREATE INDEX events_article ON events(article);
CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: retry tells old entries from new ones
  path TEXT,
  url TEXT,
  record INTEGER,
  step TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (path, record)
);
CREATE TABLE ingest_progress (
  key TEXT PRIMARY KEY,              -- resolved path | size | mtime
  records INTEGER NOT NULL,
  done INTEGER NOT NULL,
  updated TEXT NOT NULL
);
-- Index terms only (contentless): the text as found lives in articles/blocks.
CREATE VIRTUAL TABLE article_fts USING fts5(
  title, body, content='',
  tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"
);
""",
    ),
    (
        2,
        """
-- Document counts per index term: lets a query estimate its matches before ranking them.
CREATE VIRTUAL TABLE article_vocab USING fts5vocab(article_fts, row);
""",
    ),
    (
        3,
        # A third column holds filter facets (outlet, year, month, language: store.terms), so
        # filtered searches intersect posting lists. A contentless table cannot be altered: it is
        # created anew and the store refills it from `articles` (SQLITE_REFILL_FTS).
        """
DROP TABLE article_vocab;
DROP TABLE article_fts;
CREATE VIRTUAL TABLE article_fts USING fts5(
  title, body, facets, content='',
  tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"
);
CREATE VIRTUAL TABLE article_vocab USING fts5vocab(article_fts, row);
""",
    ),
]
# 4: the corpus step — text hashes, near-duplicate index, stories. The same tables on both
# backends, written from one template: only the types differ.
_CORPUS = """
ALTER TABLE articles ADD COLUMN source_id TEXT;     -- the input's own id (JSONL "id")
ALTER TABLE articles ADD COLUMN fetched TEXT;       -- WARC-Date
ALTER TABLE articles ADD COLUMN text_hash TEXT;     -- sha256 of the normalised main text
ALTER TABLE articles ADD COLUMN dup_kind TEXT;      -- exact | near, when duplicate_of is set
ALTER TABLE articles ADD COLUMN story_note TEXT;    -- why the article has no story
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
CREATE INDEX articles_story ON articles(story);
ALTER TABLE ingest_progress ADD COLUMN resume_offset {bigint};  -- last committed record of an archive
ALTER TABLE ingest_progress ADD COLUMN resume_record INTEGER;     -- … and its number (Source.record)
CREATE TABLE corpus_prints (                       -- what near-duplicate lookups compare
  article {int} PRIMARY KEY REFERENCES articles(rowid),
  minhash {blob} NOT NULL,                          -- uint32 little-endian per permutation
  shingles INTEGER NOT NULL                         -- shingle-set size (containment estimate)
);
CREATE TABLE lsh_bands (                           -- MinHash LSH: one row per band of each article
  key {bigint} NOT NULL,
  article {int} NOT NULL REFERENCES articles(rowid),
  PRIMARY KEY (key, article)
){without};
CREATE TABLE stories (
  seq {serial},                                     -- creation order: ties go to the older story
  id TEXT NOT NULL UNIQUE,                          -- 's' + the founding article's id
  title TEXT,
  title_score REAL NOT NULL,
  first_seen TEXT,
  last_seen TEXT,
  article_count INTEGER NOT NULL,
  terms TEXT NOT NULL,                              -- JSON centroid: term -> weight
  entities TEXT NOT NULL,                           -- JSON: entity key -> articles
  merged_into TEXT,                                 -- survivor's id once merged
  index_terms TEXT NOT NULL                         -- JSON list: this story's rows in story_terms
);
-- Candidate lookup: a live story's strongest terms, with its last day so that a lookup only walks
-- stories active in the article's window ('' when the story has no date).
CREATE TABLE story_terms (
  term TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  story {bigint} NOT NULL,                          -- stories.seq
  PRIMARY KEY (term, last_seen, story)
){without};
CREATE TABLE story_merges (
  story TEXT PRIMARY KEY,                           -- the merged (younger) story
  into_story TEXT NOT NULL,
  article TEXT NOT NULL,                            -- the article that bridged them
  at TEXT NOT NULL
);
"""
SQLITE.append(
    (
        4,
        _CORPUS.format(
            int="INTEGER",
            blob="BLOB",
            bigint="INTEGER",
            without=" WITHOUT ROWID",
            serial="INTEGER PRIMARY KEY",
        ),
    )
)

# 5: the ingest ledger — where every input record ended. One row per (input, record), kept small
# for stores of millions of records: the input's name is written once (ledger_inputs) and rows
# name it by number; quarantined rows (few) get a partial index of their own for the reason counts.
_LEDGER = """
CREATE TABLE ledger_inputs (
  id {serial},
  key {blob} NOT NULL UNIQUE,       -- first 16 bytes of sha256(name): a fixed-size unique key
  name TEXT NOT NULL                -- a file's resolved path, '-' (stdin), a page's URL or a stated name
);
CREATE TABLE ingest_ledger (
  input INTEGER NOT NULL REFERENCES ledger_inputs(id),
  record INTEGER NOT NULL,          -- index inside the input (JSONL line, WARC record); 0 for a page
  outcome TEXT NOT NULL CHECK (outcome IN ('stored', 'duplicate', 'quarantined')),
  article TEXT,                     -- the article id (stored, duplicate)
  reason TEXT,                      -- 'step: reason' (quarantined)
  PRIMARY KEY (input, record)
){without};
CREATE INDEX ingest_ledger_quarantined ON ingest_ledger (reason) WHERE outcome = 'quarantined';
"""
SQLITE.append((5, _LEDGER.format(serial="INTEGER PRIMARY KEY", blob="BLOB", without=" WITHOUT ROWID")))

# Migrations after whose SQL the store recomputes every article's full-text row.
SQLITE_REFILL_FTS = frozenset({3, 8})

POSTGRES: list[tuple[int, str]] = [
    (
        1,
        """
CREATE TABLE outlets (
  id SERIAL PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  latin TEXT,
  name_form TEXT NOT NULL,
  latin_form TEXT
);
CREATE TABLE articles (
  rowid BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  content_hash TEXT NOT NULL UNIQUE,
  title TEXT,
  published TEXT,
  pub_day TEXT COLLATE "C",
  language TEXT,
  outlet INTEGER REFERENCES outlets(id),
  url TEXT,
  path TEXT,
  record INTEGER,
  format TEXT,
  story TEXT,
  duplicate_of TEXT,
  json TEXT NOT NULL,
  added TEXT NOT NULL,
  -- Our own normalised, clitic-split terms under the 'simple' configuration (the built-in
  -- 'arabic' stemmer keeps و+ال); title terms weigh A, body terms D.
  tsv TSVECTOR NOT NULL
);
CREATE INDEX articles_tsv ON articles USING GIN (tsv);
CREATE INDEX articles_pub ON articles(pub_day);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_lang ON articles(language);
CREATE TABLE blocks (
  article BIGINT NOT NULL REFERENCES articles(rowid),
  idx INTEGER NOT NULL,
  label TEXT NOT NULL,
  line INTEGER,
  text TEXT NOT NULL,
  reason TEXT,
  language TEXT,
  PRIMARY KEY (article, idx)
);
CREATE TABLE entities (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  latin TEXT,
  kind TEXT
);
CREATE TABLE entity_keys (key TEXT PRIMARY KEY, entity TEXT NOT NULL REFERENCES entities(id));
CREATE TABLE entity_names (
  form TEXT NOT NULL,
  entity TEXT NOT NULL REFERENCES entities(id),
  PRIMARY KEY (form, entity)
);
CREATE TABLE article_entities (
  article BIGINT NOT NULL REFERENCES articles(rowid),
  entity TEXT NOT NULL REFERENCES entities(id),
  local_id TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  roles TEXT NOT NULL,
  PRIMARY KEY (article, entity)
);
CREATE INDEX article_entities_entity ON article_entities(entity, article);
CREATE TABLE mentions (
  article BIGINT NOT NULL REFERENCES articles(rowid),
  entity TEXT NOT NULL REFERENCES entities(id),
  block INTEGER NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  role INTEGER NOT NULL
);
CREATE INDEX mentions_article ON mentions(article);
CREATE TABLE sources (
  id SERIAL PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  latin TEXT,
  entity TEXT REFERENCES entities(id)
);
CREATE TABLE claims (
  id BIGSERIAL PRIMARY KEY,
  article BIGINT NOT NULL REFERENCES articles(rowid),
  block INTEGER NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  certainty TEXT NOT NULL,
  cues TEXT NOT NULL
);
CREATE INDEX claims_article ON claims(article);
CREATE TABLE claim_sources (
  claim BIGINT NOT NULL REFERENCES claims(id),
  position INTEGER NOT NULL,
  source INTEGER NOT NULL REFERENCES sources(id),
  PRIMARY KEY (claim, position)
);
CREATE TABLE claim_entities (
  claim BIGINT NOT NULL REFERENCES claims(id),
  entity TEXT NOT NULL REFERENCES entities(id),
  PRIMARY KEY (entity, claim)
);
CREATE TABLE events (
  id BIGSERIAL PRIMARY KEY,
  article BIGINT NOT NULL REFERENCES articles(rowid),
  type TEXT NOT NULL,
  mode TEXT,
  text TEXT NOT NULL,
  trigger TEXT NOT NULL,
  block INTEGER NOT NULL,
  location TEXT,
  when_text TEXT,
  when_date TEXT,
  certainty TEXT NOT NULL,
  actors TEXT NOT NULL,
  targets TEXT NOT NULL
);
CREATE INDEX events_article ON events(article);
CREATE TABLE quarantine (
  id SERIAL PRIMARY KEY,
  path TEXT,
  url TEXT,
  record INTEGER,
  step TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  UNIQUE NULLS NOT DISTINCT (path, record)
);
CREATE TABLE ingest_progress (
  key TEXT PRIMARY KEY,
  records INTEGER NOT NULL,
  done BOOLEAN NOT NULL,
  updated TEXT NOT NULL
);
""",
    ),
]
POSTGRES.append(
    (
        4,
        _CORPUS.format(
            int="BIGINT", blob="BYTEA", bigint="BIGINT", without="", serial="BIGSERIAL PRIMARY KEY"
        ),
    )
)
POSTGRES.append((5, _LEDGER.format(serial="SERIAL PRIMARY KEY", blob="BYTEA", without="")))

# 6 (follows 5, the ledger): indexes for reading at scale, measured by bench/bench_pg_scale.py.
# The story listing walks live stories in its display order and stops after a page, instead of
# sorting every story (a partial index: merged stories are never listed).
# A story list filtered by outlet reads the outlet's story ids from the index alone (at 1M: 5–14
# → <1 ms for an outlet with few stories, 430–600 → 190–220 ms for one with thousands).
_READ_INDEXES = """
CREATE INDEX stories_list ON stories (article_count DESC, last_seen DESC{nulls_last}, seq)
  WHERE merged_into IS NULL;
CREATE INDEX articles_outlet_story ON articles (outlet, story);
"""
SQLITE.append((6, _READ_INDEXES.format(nulls_last="")))  # SQLite sorts NULL first, so last in DESC
# PostgreSQL decides rank-or-newest-first from ANALYZE's most common lexemes (postgres.py). With
# the default statistics target it keeps ~1,000 of them: at 1M articles a word in 15,000 articles
# was unknown, so ranked (131 ms); 1,000 keeps ~10,000 lexemes (bench/bench_pg_scale.py).
_TSV_STATS = "ALTER TABLE articles ALTER COLUMN tsv SET STATISTICS 1000;\n"
POSTGRES.append((6, _READ_INDEXES.format(nulls_last=" NULLS LAST") + _TSV_STATS))

# 7: saved searches and curation (issue 13.5, 13.8). Saved searches keep their parameters as a
# JSON object and a watermark (`seen_rowid`: the newest article when last visited) so "new since
# the last visit" is a count of matching articles above it. Curation keeps one override per
# (entity, action), applied by the store writer (store/curation.py), a log of every action (who,
# when, the override before and after: what undo restores), and the articles whose mentions a
# hidden entity held back (so undoing the hide gives them back).
_CURATION = """
CREATE TABLE saved_searches (
  id {serial},
  name TEXT NOT NULL,
  params TEXT NOT NULL,              -- JSON: q, entity, outlet, since, until, lang
  created TEXT NOT NULL,
  seen_at TEXT,                      -- last visit (UTC ISO), NULL before the first
  seen_rowid {bigint} NOT NULL       -- articles.rowid watermark of the last visit
);
CREATE TABLE entity_overrides (
  entity TEXT NOT NULL,              -- the canonical entity id corrected
  action TEXT NOT NULL CHECK (action IN ('merge', 'hide', 'rename')),
  target TEXT,                       -- merge: the surviving entity
  name TEXT,                         -- rename: the corrected Arabic name …
  latin TEXT,                        -- … and Latin name
  PRIMARY KEY (entity, action)
){without};
CREATE INDEX entity_overrides_target ON entity_overrides (target) WHERE target IS NOT NULL;
CREATE TABLE curation_log (
  id {serial},
  at TEXT NOT NULL,
  who TEXT NOT NULL,
  action TEXT NOT NULL,              -- merge | hide | rename
  entity TEXT NOT NULL,
  target TEXT,
  before TEXT NOT NULL,              -- JSON: the override (and names) before this action
  after TEXT NOT NULL,               -- JSON: … and after it
  undone_at TEXT,
  undone_by TEXT
);
CREATE INDEX curation_log_entity ON curation_log (entity, action);
CREATE TABLE curation_held (
  entity TEXT NOT NULL,              -- a hidden entity …
  article {bigint} NOT NULL,         -- … left out of this article (articles.rowid)
  PRIMARY KEY (entity, article)
){without};
CREATE INDEX curation_held_article ON curation_held (article);
"""
SQLITE.append((7, _CURATION.format(serial="INTEGER PRIMARY KEY", bigint="INTEGER", without=" WITHOUT ROWID")))
POSTGRES.append((7, _CURATION.format(serial="SERIAL PRIMARY KEY", bigint="BIGINT", without="")))

# 8 (PostgreSQL): an outlet's articles newest first. A search filtered by outlet whose words are
# common walks newest first (postgres.py): with (outlet, rowid) the walk reads the outlet's newest
# articles only, instead of every article's until ten of the outlet match (at 10M articles, 1/160
# of them per outlet: docs/benchmarks.md, "PostgreSQL at 10M, search fixed?"). It serves every
# lookup the (outlet) index served, which goes. SQLite filters through its facet terms instead.
POSTGRES.append(
    (
        8,
        """
CREATE INDEX IF NOT EXISTS articles_outlet_rowid ON articles (outlet, rowid);
DROP INDEX IF EXISTS articles_outlet;
""",
    )
)

# 8 (SQLite) / 9 (PostgreSQL): entity facet terms (store.terms.entity_facet), and on PostgreSQL the
# date facet terms SQLite has had since 3 (store.terms.day_facets). A search filtered by entity
# walked the query words' matches and kept those in the entity's article list: at 1M on SQLite p95
# 0.6-1.2 s, at 10M on PostgreSQL ~1.5 s; by a date range on PostgreSQL, the pub_day range and the
# words were two index scans ANDed (docs/benchmarks.md). As terms of the full-text row, the index
# intersects the words' postings with the entity's or the months'. SQLite empties its contentless
# full-text table and refills it (SQLITE_REFILL_FTS); PostgreSQL appends the terms to each stored
# article's tsvector (a rewrite of every row: at 10M, of the order of the GIN build). Both take the
# ids an article is linked to now; CurationTables._merge_family covers merges made before. The
# SQL below is day_facets and entity_facet written again in SQL: tests/store/test_store_backends.py
# checks that a migrated store answers as a store written with them.
SQLITE.append((8, "INSERT INTO article_fts (article_fts) VALUES ('delete-all');\n"))
POSTGRES.append(
    (
        9,
        """
UPDATE articles a SET tsv = a.tsv
  || CASE
       WHEN a.pub_day IS NULL THEN ''::tsvector
       WHEN a.pub_day ~ '^[0-9]{4}-(0[1-9]|1[0-2])' THEN array_to_tsvector(ARRAY[
         chr(57344) || 'y' || substr(a.pub_day, 1, 4),
         chr(57344) || 'm' || substr(a.pub_day, 1, 4) || substr(a.pub_day, 6, 2)])
       ELSE array_to_tsvector(ARRAY[chr(57344) || 'dx'])
     END
  || coalesce((
       SELECT array_to_tsvector(array_agg(DISTINCT chr(57344) || 'e' ||
         CASE WHEN e.entity ~ '^[A-Za-z0-9]+$' THEN e.entity
              ELSE encode(convert_to(e.entity, 'UTF8'), 'hex') END))
       FROM article_entities e WHERE e.article = a.rowid), ''::tsvector)
WHERE a.duplicate_of IS NULL;
""",
    )
)
