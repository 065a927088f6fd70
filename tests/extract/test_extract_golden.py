"""Speed work must not change what is extracted: outputs compared with a golden file from main.

`tests/extract/data/golden_extract.json` was written by this module's `write_golden()` from the
code of main at commit 916aa84, before the speed work on the extractors began, and must only be
regenerated for a deliberate change of the extraction output (say so in the commit). It holds:

- the full extraction (Article fields, blocks with labels and reasons) of every page in
  `examples/` (text dumps, the HTML page, each record of the JSONL batch) and of the dump
  fixtures in `tests/extract/fixtures/`;
- a SHA-256 of the same extraction of each dev-split page of ../shared/data/extraction, by the
  dump path (rendered to lines) and by the HTML path (digests only: the pages are not ours to
  commit; those tests skip without the shared data).

Regenerate (only from code whose output is the reference):
    PYTHONPATH=src python tests/extract/test_extract_golden.py --write

Speed work checks all 643 pages (train sites too), not only the dev ones, with the same digests:
    PYTHONPATH=src python tests/extract/test_extract_golden.py --all /tmp/pages.json
writes them when the file does not exist (run it on the reference code first) and otherwise
compares and names every page whose dump- or HTML-path extraction changed (exit status 1).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from marsad.config import SETTINGS
from marsad.errors import ExtractError
from marsad.extract.dump import extract_dump, extract_lines
from marsad.extract.evaluate import load_gold, read_html, split_of
from marsad.extract.html import extract_html
from marsad.extract.render import render_lines
from marsad.model import Article, Page, Source
from marsad.read.decode import decode

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "data" / "golden_extract.json"
FIXTURES = HERE / "fixtures"
# Fields a run may not reproduce and that extraction does not decide.
_UNSTABLE = ("schema", "source")


def _view(article: Article) -> dict[str, Any]:
    d = article.to_dict()
    for key in _UNSTABLE:
        d.pop(key, None)
    return d


def _digest(view: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(view, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _text(path: Path) -> dict[str, Any]:
    page = Page(source=Source(path=path.name, format="text"), text=path.read_text(encoding="utf-8"))
    return _view(extract_dump(page, settings=SETTINGS))


def _html(html: str, url: str | None) -> dict[str, Any] | str:
    try:
        return _view(extract_html(Page(source=Source(url=url, format="html"), html=html), SETTINGS))
    except ExtractError as exc:  # a page with no article is an outcome too: it must stay one
        return f"ExtractError: {exc}"


def local_snapshot(examples: Path) -> dict[str, Any]:
    """Full extraction of the examples and the dump fixtures, keyed by file (and record)."""
    out: dict[str, Any] = {}
    for path in sorted(examples.glob("*.txt")) + sorted(FIXTURES.glob("*.txt")):
        out[f"{path.parent.name}/{path.name}"] = _text(path)
    for path in sorted(examples.glob("*.html")):
        out[f"examples/{path.name}"] = _html(decode(path.read_bytes())[0], None)
    for path in sorted(examples.glob("*.jsonl")):
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            rec = json.loads(line)
            key = f"examples/{path.name}#{k}"
            if rec.get("html"):
                out[key] = _html(rec["html"], rec.get("url"))
            else:
                page = Page(source=Source(url=rec.get("url"), format="text"), text=rec["text"])
                out[key] = _view(extract_dump(page, settings=SETTINGS))
    return out


def shared_snapshot(shared: Path, split: str = "dev") -> dict[str, dict[str, str]]:
    """Digests of the dump-path and HTML-path extraction of each page of `split` ("all": all)."""
    d = shared / "extraction"
    out: dict[str, dict[str, str]] = {}
    for p in load_gold(d / "pages", d / "gold.json"):
        if split not in ("all", split_of(p.url)):
            continue
        html = read_html(p.path)
        lines = render_lines(html)
        dump = _view(
            extract_lines(lines, Page(source=Source(format="text"), text="\n".join(lines)), settings=SETTINGS)
        )
        got = _html(html, p.url)
        out[p.file] = {"dump": _digest(dump), "html": got if isinstance(got, str) else _digest(got)}
    return out


def _golden() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return data


def test_examples_and_fixtures_extract_as_on_main(examples_dir: Path) -> None:
    want = _golden()["local"]
    got = local_snapshot(examples_dir)
    assert sorted(got) == sorted(want)
    for key in want:
        assert got[key] == want[key], key


@pytest.mark.shared
def test_dev_pages_extract_as_on_main(shared_data: Path) -> None:
    want = _golden()["shared_dev"]
    got = shared_snapshot(shared_data)
    assert len(want) >= 100
    assert sorted(got) == sorted(want)
    changed = {f: [k for k in ("dump", "html") if got[f][k] != want[f][k]] for f in want}
    assert not {f: ks for f, ks in changed.items() if ks}


def write_golden() -> None:
    from testpaths import EXAMPLES, SHARED_DATA

    data = {"local": local_snapshot(EXAMPLES), "shared_dev": shared_snapshot(SHARED_DATA)}
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def compare_all(path: Path) -> int:
    """Write the digests of every page of ../shared/data/extraction to `path`, or, when it
    exists, compare with them: 0 when all are the same, else 1 (the changed pages are printed)."""
    from testpaths import SHARED_DATA

    got = shared_snapshot(SHARED_DATA, "all")
    if not path.exists():
        path.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote the digests of {len(got)} pages to {path}")
        return 0
    want: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    changed = sorted(f for f in set(want) | set(got) if want.get(f) != got.get(f))
    for f in changed:
        print("changed:", f)
    print(f"{len(got)} pages, {len(changed)} changed")
    return 1 if changed else 0


if __name__ == "__main__":  # pragma: no cover - run by hand to write the reference
    sys.path.insert(0, str(HERE.parent))
    if sys.argv[1:] == ["--write"]:
        write_golden()
    elif len(sys.argv) == 3 and sys.argv[1] == "--all":
        sys.exit(compare_all(Path(sys.argv[2])))
    else:
        raise SystemExit("usage: test_extract_golden.py --write | --all FILE")
