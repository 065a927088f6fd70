"""Evaluate clitic splitting and sentence splitting against a CoNLL-U treebank (UD Arabic PUD).

    python -m marsad.arabic.evaluate ../shared/data/ud/pud-dev.conllu

UD Arabic writes clitics as separate syntactic words and marks where they were attached with
`SpaceAfter=No`; the article ال stays on its noun. The gold proclitics of a written word are its
leading one-letter syntactic words (و ف ب ك ل س). Our proclitics are compared after removing the
article (وال → و, لل → ل), since UD does not split it.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from marsad.arabic.clitics import PROCLITIC_LETTERS
from marsad.arabic.normalize import search_form
from marsad.arabic.sentences import split_sentences
from marsad.arabic.tokens import split_clitics
from marsad.config import Settings

__all__ = ["CliticScore", "SentenceScore", "clitic_score", "read_conllu", "sentence_score"]

_PROCLITICS = PROCLITIC_LETTERS


@dataclass(slots=True)
class UdSentence:
    text: str
    words: list[tuple[str, str]] = field(default_factory=list)  # (written word, gold proclitics)


def read_conllu(path: Path) -> list[UdSentence]:
    """Sentences with their written words rebuilt from syntactic words joined by SpaceAfter=No."""
    out: list[UdSentence] = []
    cur: UdSentence | None = None
    group: list[tuple[str, str]] = []  # (form, upos) of the word being built

    def flush() -> None:
        if cur is None or not group:
            return
        parts = [(f, u) for f, u in group if u != "PUNCT"]
        if parts:
            written = "".join(f for f, _ in parts)
            pre = ""
            for f, _ in parts[:-1]:
                if search_form(f) in _PROCLITICS:
                    pre += search_form(f)
                else:
                    break
            cur.words.append((written, pre))
        group.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            cur = UdSentence(line[len("# text = ") :])
            out.append(cur)
        elif not line.strip():
            flush()
        elif not line.startswith("#"):
            cols = line.split("\t")
            if len(cols) < 10 or not cols[0].isdigit():
                continue
            group.append((cols[1], cols[3]))
            if "SpaceAfter=No" not in cols[9]:
                flush()
    flush()
    return out


def _predicted(word: str, settings: Settings) -> str:
    """Our proclitics for `word`, in search form, without the article."""
    pre = search_form(split_clitics(word, settings)[0])
    if pre.endswith("ال"):
        pre = pre[:-2]
    elif pre.endswith("لل"):
        pre = pre[:-1]
    return pre


@dataclass(slots=True)
class CliticScore:
    words: int = 0
    correct: int = 0
    gold_split: int = 0  # words with at least one gold proclitic
    pred_split: int = 0
    both_split_same: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.words if self.words else 0.0

    @property
    def precision(self) -> float:
        return self.both_split_same / self.pred_split if self.pred_split else 0.0

    @property
    def recall(self) -> float:
        return self.both_split_same / self.gold_split if self.gold_split else 0.0


def clitic_score(sentences: list[UdSentence], settings: Settings) -> CliticScore:
    sc = CliticScore()
    for s in sentences:
        for word, gold in s.words:
            if not any("\u0621" <= c <= "\u064a" for c in word):
                continue
            pred = _predicted(word, settings)
            sc.words += 1
            sc.correct += pred == gold
            sc.gold_split += bool(gold)
            sc.pred_split += bool(pred)
            sc.both_split_same += bool(gold) and pred == gold
    return sc


@dataclass(slots=True)
class SentenceScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0


def sentence_score(sentences: list[UdSentence], settings: Settings, group: int = 10) -> SentenceScore:
    """Join `group` consecutive gold sentences with spaces and count recovered boundaries.

    A boundary is an end offset between sentences inside a group (the text end is not counted).
    """
    sc = SentenceScore()
    for i in range(0, len(sentences), group):
        chunk = [s.text.strip() for s in sentences[i : i + group]]
        text = " ".join(chunk)
        gold: set[int] = set()
        pos = 0
        for t in chunk[:-1]:
            pos += len(t)
            gold.add(pos)
            pos += 1
        pred = {end for _, end in split_sentences(text, settings)[:-1]}
        sc.gold += len(gold)
        sc.predicted += len(pred)
        sc.matched += len(gold & pred)
    return sc


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Evaluate clitics and sentences on a CoNLL-U file.")
    ap.add_argument("conllu", type=Path)
    args = ap.parse_args(argv)
    from marsad.config import SETTINGS  # an entry point: the loaded settings

    sents = read_conllu(args.conllu)
    c = clitic_score(sents, SETTINGS)
    print(
        f"clitics: {c.words} words, accuracy {c.accuracy:.4f}; split decisions "
        f"precision {c.precision:.4f} recall {c.recall:.4f} (gold {c.gold_split}, predicted {c.pred_split})"
    )
    s = sentence_score(sents, SETTINGS)
    print(
        f"sentences: {s.gold} boundaries, precision {s.precision:.4f} recall {s.recall:.4f} "
        f"(predicted {s.predicted}, matched {s.matched})"
    )


if __name__ == "__main__":
    main()
