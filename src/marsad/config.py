"""One typed settings object. Every threshold lives here, with the reason for its value.

Values come from the defaults below, then a TOML file (`marsad.toml` in the working directory or
the path in MARSAD_CONFIG), then environment variables `MARSAD_<FIELD>` (upper case).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path


@dataclass(slots=True)
class Settings:
    # Pages above this are quarantined rather than parsed: a 50 MB page is almost always a
    # data dump or an attack, and lxml/trafilatura time grows superlinearly with nesting.
    max_page_bytes: int = 20_000_000
    # A container (JSONL, WARC, gzip) is read whole; above this it is refused, not half-read.
    max_container_bytes: int = 1_000_000_000
    # Wall-clock bound for one page in extraction; past it the page is quarantined.
    page_timeout_s: float = 20.0
    # HTML nesting beyond this is flattened before parsing: libxml2 refuses > 256 levels by
    # default and trafilatura recurses per level, so deep trees are cut rather than crash.
    max_html_depth: int = 200
    # Default embedded store.
    db_url: str = "marsad.db"
    # Entity tagger model directory; empty = the bundled CRF. A directory with ner.crfsuite is a
    # CRF; one with model.onnx or a transformers checkpoint is a local token-classification model
    # (optional extra `ner-onnx`). Never downloaded. Env: MARSAD_NER_MODEL.
    ner_model: str = ""

    @classmethod
    def load(cls, path: str | Path | None = None) -> Settings:
        s = cls()
        cfg = Path(path or os.environ.get("MARSAD_CONFIG", "marsad.toml"))
        if cfg.is_file():
            data = tomllib.loads(cfg.read_text(encoding="utf-8"))
            for f in fields(cls):
                if f.name in data:
                    setattr(s, f.name, type(getattr(s, f.name))(data[f.name]))
        for f in fields(cls):
            env = os.environ.get(f"MARSAD_{f.name.upper()}")
            if env is not None:
                setattr(s, f.name, type(getattr(s, f.name))(env))
        return s


SETTINGS = Settings.load()
