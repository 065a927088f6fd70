#!/usr/bin/env bash
# Install Marsad's core (no extras) from this checkout into a fresh venv and print the size of its
# site-packages, in total and per distribution (from each one's RECORD), largest first.
#
# Usage: scripts/core-install-size.sh [VENV_DIR]   (default: a new temporary folder; kept afterwards)
# Needs the package index (or pip's cache) for the dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${1:-$(mktemp -d)/venv}"
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q -U pip # pip 23 drops lxml's html_clean extra (NOTES.md)
"$VENV/bin/python" -m pip install -q .
site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
du -sh "$site"
"$VENV/bin/python" - <<'PY'
from importlib.metadata import distributions

sizes = []
for d in distributions():
    total = 0
    for f in d.files or []:
        p = d.locate_file(f)
        if p.is_file():
            total += p.stat().st_size
    sizes.append((total, d.metadata["Name"], d.version))
for total, name, version in sorted(sizes, reverse=True):
    print(f"{total / 1e6:8.1f} MB  {name} {version}")
print(f"{sum(s for s, _, _ in sizes) / 1e6:8.1f} MB  total of {len(sizes)} distributions")
PY
echo "venv: $VENV" >&2
