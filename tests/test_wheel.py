"""The built wheel carries its trained models and works installed, offline, away from the source tree.

The wheel is built from this checkout with the venv's own setuptools (`--no-build-isolation`,
`--no-index`: nothing is fetched), installed with `pip install --target`, and used from a
subprocess whose sys.path holds only that folder and the venv's site-packages (for the
dependencies), with `-S` so the editable install's .pth (which points at src/) is not read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import marsad

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "marsad"
MODELS = ("ner.crfsuite", "dump_labeller.crfsuite", "ner_clusters.tsv", "ner_metrics.json", "idf.tsv.gz")
PIP = [sys.executable, "-m", "pip"]
PAGE = REPO / "examples" / "al-ufuq-water-talks.txt"  # has people, places and organisations


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f"{' '.join(cmd)}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r


def _offline_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MARSAD_", "PYTHON", "PIP_"))}
    # Any attempt to reach the network fails fast instead of silently downloading.
    proxy = "http://127.0.0.1:9"
    env |= {"HTTP_PROXY": proxy, "HTTPS_PROXY": proxy, "http_proxy": proxy, "https_proxy": proxy}
    env |= {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INDEX": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return env | extra


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    # setuptools builds in-tree (build/, *.egg-info): send those to tmp so the checkout stays clean
    # and two test runs at once do not share a build folder.
    cfg = tmp / "build.cfg"
    cfg.write_text(
        f"[build]\nbuild_base = {tmp / 'build'}\n[egg_info]\negg_base = {tmp}\n"
        f"[bdist_wheel]\nbdist_dir = {tmp / 'bdist'}\n",
        encoding="utf-8",
    )
    dist = tmp / "dist"
    _run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(dist), str(REPO)],
        cwd=tmp,
        env=_offline_env(DIST_EXTRA_CONFIG=str(cfg)),
    )
    (whl,) = dist.glob("marsad-*.whl")
    return whl


def test_wheel_carries_the_models_and_data_files(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    for m in MODELS:
        assert f"marsad/models/{m}" in names, f"{m} missing from the wheel"
    # Every file of the package in the checkout (code, data, templates, models) is in the wheel.
    here = {
        "marsad/" + p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert not sorted(here - names), "files of src/marsad/ missing from the wheel"
    assert "marsad/py.typed" in names
    assert any(n.startswith("marsad/enrich/data/") for n in names)
    assert any(n.startswith("marsad/serve/templates/") for n in names)


_PROBE = r"""
import json, sys
from pathlib import Path
import marsad
from marsad import resources
from marsad.enrich.entities.tagger import find_model_dir
from marsad.extract.models import model_path

article = marsad.extract(Path(sys.argv[1]), enrich=True)
print(json.dumps({
    "marsad": marsad.__file__,
    "modules": sorted({m.__file__ for n, m in sys.modules.items()
                       if n.startswith("marsad") and getattr(m, "__file__", None)}),
    "sys_path": sys.path,
    "models": {n: str(resources.find_model(n)) for n in sys.argv[2:]},
    "labeller": str(model_path("dump_labeller.crfsuite")),
    "ner_dir": str(find_model_dir()),
    "entities": [e.to_dict() for e in article.entities],
}, ensure_ascii=False))
"""


def test_installed_wheel_runs_offline_with_its_own_models(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    _run(
        [*PIP, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
        cwd=tmp_path,
        env=_offline_env(),
    )
    deps = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    work = tmp_path / "cwd"
    work.mkdir()
    r = _run(
        # -S: no site-packages .pth files (the editable install's points at src/); -P: no cwd on sys.path.
        [sys.executable, "-S", "-P", "-c", _PROBE, str(PAGE), *MODELS],
        cwd=work,
        env=_offline_env(PYTHONPATH=os.pathsep.join([str(target), *deps])),
    )
    out = json.loads(r.stdout)
    tgt = target.resolve()
    src = (REPO / "src").resolve()

    def inside(p: str) -> bool:
        return Path(p).resolve().is_relative_to(tgt)

    assert inside(out["marsad"]), out["marsad"]
    assert all(inside(f) for f in out["modules"]), [f for f in out["modules"] if not inside(f)]
    assert not [p for p in out["sys_path"] if p and Path(p).resolve().is_relative_to(src)]
    assert all(inside(p) for p in out["models"].values()), out["models"]
    assert inside(out["labeller"]) and inside(out["ner_dir"])
    assert {"PERSON", "LOCATION", "ORGANIZATION"} <= {e["type"] for e in out["entities"]}, out["entities"]
    # The same models give the same entities as the source tree does.
    assert out["entities"] == [e.to_dict() for e in marsad.extract(PAGE, enrich=True).entities]
