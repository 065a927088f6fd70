"""The UD evaluation helpers, on a two-sentence CoNLL-U fixture written here."""

from __future__ import annotations

from pathlib import Path

from marsad.arabic.evaluate import clitic_score, main, read_conllu, sentence_score
from marsad.config import SETTINGS

CONLLU = """# sent_id = 1
# text = قال للحشد والرئيس.
1\tقال\t_\tVERB\t_\t_\t0\troot\t_\t_
2\tل\t_\tADP\t_\t_\t3\tcase\t_\tSpaceAfter=No
3\tلحشد\t_\tNOUN\t_\t_\t1\tobl\t_\t_
4\tو\t_\tCCONJ\t_\t_\t5\tcc\t_\tSpaceAfter=No
5\tالرئيس\t_\tNOUN\t_\t_\t1\tconj\t_\tSpaceAfter=No
6\t.\t_\tPUNCT\t_\t_\t1\tpunct\t_\t_

# sent_id = 2
# text = زار لبنان.
1\tزار\t_\tVERB\t_\t_\t0\troot\t_\t_
2\tلبنان\t_\tPROPN\t_\t_\t1\tobj\t_\tSpaceAfter=No
3\t.\t_\tPUNCT\t_\t_\t1\tpunct\t_\t_

"""


def write(tmp_path: Path) -> Path:
    path = tmp_path / "mini.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    return path


def test_read_rebuilds_written_words_and_gold_proclitics(tmp_path: Path) -> None:
    sents = read_conllu(write(tmp_path))
    assert [s.text for s in sents] == ["قال للحشد والرئيس.", "زار لبنان."]
    assert sents[0].words == [("قال", ""), ("للحشد", "ل"), ("والرئيس", "و")]
    assert sents[1].words == [("زار", ""), ("لبنان", "")]


def test_scores(tmp_path: Path) -> None:
    sents = read_conllu(write(tmp_path))
    c = clitic_score(sents, SETTINGS)
    assert (c.words, c.gold_split) == (5, 2)
    assert c.correct == 5 and c.precision == 1.0 and c.recall == 1.0
    s = sentence_score(sents, SETTINGS)
    assert (s.gold, s.predicted, s.matched) == (1, 1, 1)
    main([str(write(tmp_path))])
