"""Building the word-frequency lexicon from JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

from marsad.arabic.build_lexicon import count_words, main


def test_counts_search_forms(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    docs = [{"title": "الرئيسُ", "abstract": "", "text": "الرئيس قال. الرئيس Macron ٢٠٢٣"}, {"text": "قال"}]
    corpus.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n", encoding="utf-8")
    counts = count_words([corpus])
    assert counts["الرءيس"] == 3  # diacritics and hamza seat folded
    assert counts["قال"] == 2
    assert "macron" not in counts  # Arabic words only
    out = tmp_path / "lex.tsv"
    main([str(out), str(corpus), "--min-count", "2"])
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    assert lines[1:] == ["الرءيس\t3", "قال\t2"]
