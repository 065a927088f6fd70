"""The code's shape in figures (issue 14): run it before and after a reshaping and compare.

    .venv/bin/python scripts/shape_report.py [--src src/marsad] [--json]

Prints: the number of modules; the longest function (name and lines); the functions over 60
lines; module constants that tune behaviour (an UPPER_CASE module-level name bound to a number,
or to a tuple of numbers, or read from an environment variable, outside config.py: thresholds
belong to `Settings`), except facts: a constant annotated `Final` with a `# fact:` comment on
its line (a format's field size, a database's integer bound, a trained model's feature buckets),
listed apart so each stays visible; `duplicates`
pair counts over src/ and tests/; import cycles among the project's modules (every import,
function-level ones included, except those under `if TYPE_CHECKING:`); `except ImportError`
around project modules; modules with public names and no `__all__`; modules reading the global
`SETTINGS` (importing it from marsad.config, or `config.SETTINGS`): settings are passed down, and
only entry points may read the loaded value.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["Report", "build_report", "main", "reads_global_settings"]

ROOT = Path(__file__).resolve().parents[1]
LONG = 60  # the project's rule: a function longer than this is split into named pieces


@dataclass
class Report:
    modules: int = 0
    longest: tuple[str, int] = ("", 0)
    long_functions: list[tuple[str, int]] = field(default_factory=list)
    tuning_constants: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    duplicates: dict[str, int] = field(default_factory=dict)
    cycles: list[list[str]] = field(default_factory=list)
    import_error_fallbacks: list[str] = field(default_factory=list)
    missing_all: list[str] = field(default_factory=list)
    settings_readers: list[str] = field(default_factory=list)


def _module_name(path: Path, src: Path) -> str:
    rel = path.relative_to(src.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _walk_runtime(tree: ast.AST) -> list[ast.AST]:
    """Every node except those under `if TYPE_CHECKING:`."""
    out: list[ast.AST] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        out.append(node)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                stack.extend(child.orelse)
                continue
            stack.append(child)
    return out


def _resolve(module: str, node: ast.ImportFrom, is_pkg: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_pkg else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports(module: str, tree: ast.AST, is_pkg: bool, known: set[str]) -> set[str]:
    """The project modules `module` imports (a `from pkg import sub` names the submodule)."""
    out: set[str] = set()
    for node in _walk_runtime(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node, is_pkg)
            subs = {f"{target}.{a.name}" for a in node.names} & known
            out.update(subs or {target})
    return {m for m in out if m in known and m != module}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


_NUMBER = (int, float)


def _reads_env(value: ast.expr) -> bool:
    """`os.environ[...]`, `os.environ.get(...)` or `os.getenv(...)` anywhere in the value."""
    return any(
        isinstance(n, ast.Attribute) and n.attr in ("environ", "getenv") and isinstance(n.value, ast.Name)
        for n in ast.walk(value)
    )


def _is_tuning(value: ast.expr) -> bool:
    """A number, a negated number, a product of numbers (`32 << 20`) or a tuple of numbers."""
    if isinstance(value, ast.Constant):
        return isinstance(value.value, _NUMBER) and not isinstance(value.value, bool)
    if isinstance(value, ast.UnaryOp):
        return _is_tuning(value.operand)
    if isinstance(value, ast.BinOp):
        return _is_tuning(value.left) and _is_tuning(value.right)
    if isinstance(value, ast.Tuple):
        return bool(value.elts) and all(_is_tuning(e) for e in value.elts)
    return False


def _is_fact(node: ast.stmt, lines: list[str]) -> bool:
    """The stated rule for a constant that is a fact, not tuning: `NAME: Final = …` (or
    `Final[...]`) with a `# fact:` comment on one of the statement's lines."""
    if not isinstance(node, ast.AnnAssign):
        return False
    ann = node.annotation.value if isinstance(node.annotation, ast.Subscript) else node.annotation
    final = (isinstance(ann, ast.Name) and ann.id == "Final") or (
        isinstance(ann, ast.Attribute) and ann.attr == "Final"
    )
    span = lines[node.lineno - 1 : (node.end_lineno or node.lineno)]
    return final and any("# fact:" in line for line in span)


def _module_facts(name: str, tree: ast.Module, rep: Report, is_config: bool, lines: list[str]) -> None:
    has_all = False
    public = False
    for node in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for t in targets:
            if isinstance(t, ast.Name):
                has_all |= t.id == "__all__"
                public |= not t.id.startswith("_")
                upper = re.fullmatch(r"_?[A-Z][A-Z0-9_]*", t.id)
                tuning = upper and value is not None and (_is_tuning(value) or _reads_env(value))
                if tuning and not is_config:
                    bucket = rep.facts if _is_fact(node, lines) else rep.tuning_constants
                    bucket.append(f"{name}.{t.id}")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            public |= not node.name.startswith("_")
    if public and not has_all:
        rep.missing_all.append(name)


def _functions(name: str, tree: ast.Module, rep: Report) -> None:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            label = f"{name}.{node.name}"
            if length > rep.longest[1]:
                rep.longest = (label, length)
            if length > LONG:
                rep.long_functions.append((label, length))
    rep.long_functions.sort(key=lambda x: -x[1])


def _fallbacks(name: str, tree: ast.Module, rep: Report) -> None:
    """`try: import marsad.x … except ImportError` (a dead fallback around the project's own code)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        names = ("ImportError", "ModuleNotFoundError")
        caught = [h.type.elts if isinstance(h.type, ast.Tuple) else [h.type] for h in node.handlers if h.type]
        catches = any(isinstance(e, ast.Name) and e.id in names for group in caught for e in group)
        if not catches:
            continue
        for sub in node.body:
            for n in ast.walk(sub):
                mod = n.module if isinstance(n, ast.ImportFrom) else None
                mods = [a.name for a in n.names] if isinstance(n, ast.Import) else [mod or ""]
                project = any(m == "marsad" or m.startswith("marsad.") for m in mods)
                if project or (isinstance(n, ast.ImportFrom) and n.level):
                    rep.import_error_fallbacks.append(f"{name}:{node.lineno}")
                    break
            else:
                continue
            break


def _duplicates(folder: Path) -> int | None:
    tool = shutil.which("duplicates")
    if tool is None or not folder.is_dir():
        return None
    out = subprocess.run(
        [tool, "--repo", str(folder), "--seconds", "120"], capture_output=True, text=True, check=False
    )
    first = out.stdout.splitlines()[0] if out.stdout else ""
    if first.startswith("no duplicates"):
        return 0
    m = re.match(r"\D*(\d+)", first)
    return int(m.group(1)) if m else None


def reads_global_settings(tree: ast.AST) -> bool:
    """Does this module read the loaded `SETTINGS` (`from marsad.config import SETTINGS`, at any
    level, or `config.SETTINGS`) rather than a Settings value it was given?"""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "config":
            if any(a.name == "SETTINGS" for a in node.names):
                return True
        if isinstance(node, ast.Attribute) and node.attr == "SETTINGS":
            if isinstance(node.value, ast.Name) and node.value.id == "config":
                return True
    return False


def build_report(src: Path, *, with_duplicates: bool = True) -> Report:
    rep = Report()
    files = sorted(p for p in src.rglob("*.py") if "models" not in p.relative_to(src).parts[:1])
    texts = {_module_name(p, src): p.read_text(encoding="utf-8") for p in files}
    trees = {name: (p, ast.parse(texts[name])) for name, p in zip(texts, files, strict=True)}
    known = set(trees)
    graph: dict[str, set[str]] = {}
    for name, (path, tree) in trees.items():
        graph[name] = _imports(name, tree, path.name == "__init__.py", known)
        _module_facts(name, tree, rep, path.name == "config.py", texts[name].splitlines())
        _functions(name, tree, rep)
        _fallbacks(name, tree, rep)
        if path.name != "config.py" and reads_global_settings(tree):
            rep.settings_readers.append(name)
    rep.modules = len(trees)
    rep.cycles = _cycles(graph)
    if with_duplicates:
        for label, folder in (("src", src.parents[0]), ("tests", ROOT / "tests")):
            count = _duplicates(folder)
            if count is not None:
                rep.duplicates[label] = count
    return rep


def _print(rep: Report) -> None:
    print(f"modules: {rep.modules}")
    print(f"longest function: {rep.longest[0]} ({rep.longest[1]} lines)")
    print(f"functions over {LONG} lines: {len(rep.long_functions)}")
    for label, n in rep.long_functions:
        print(f"  {n:4d}  {label}")
    print(f"module constants that tune behaviour (outside config.py): {len(rep.tuning_constants)}")
    for c in rep.tuning_constants:
        print(f"  {c}")
    print(f"module constants that are facts (Final, # fact:): {len(rep.facts)}")
    for c in rep.facts:
        print(f"  {c}")
    print("duplicates pairs: " + ", ".join(f"{k} {v}" for k, v in rep.duplicates.items()))
    print(f"import cycles: {len(rep.cycles)}")
    for cycle in rep.cycles:
        print("  " + " <-> ".join(cycle))
    print(f"except ImportError around project modules: {len(rep.import_error_fallbacks)}")
    for f in rep.import_error_fallbacks:
        print(f"  {f}")
    print(f"modules reading the global SETTINGS (outside config.py): {len(rep.settings_readers)}")
    for m in rep.settings_readers:
        print(f"  {m}")
    print(f"modules with public names and no __all__: {len(rep.missing_all)}")
    for m in rep.missing_all:
        print(f"  {m}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--src", type=Path, default=ROOT / "src" / "marsad")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--no-duplicates", action="store_true", help="skip the (slow) duplicates runs")
    args = ap.parse_args(argv)
    rep = build_report(args.src.resolve(), with_duplicates=not args.no_duplicates)
    if args.json:
        print(json.dumps(asdict(rep), indent=1))
    else:
        _print(rep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
