"""The layer rule of docs/architecture.md, read from the source: no import cycles among checker's
modules, and no module importing from a layer above its own.

read → normalise → parse → evidence → judge → score → view → render, with the checklist below them
all and the commands on top. Imports inside functions (lazy ones) count like any other: a lazy
import changes when a module is loaded, not what it depends on.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "checker"
# bottom to top; a module's layer is its top-level folder (or module) under checker/
LAYERS = ["models", "checklist", "read", "normalise", "parse", "evidence", "judge", "score", "pipeline", "view",
          "render", "commands"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, modules: dict[str, Path] = MODULES) -> list[tuple[str, int]]:
    """The checker modules `name` imports (a package's module when a name is one), with the line."""
    path = modules[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if base == "checker" or base.startswith("checker."):
                for alias in node.names:
                    module = f"{base}.{alias.name}"  # `from . import loading`: the module itself
                    found.append((module if module in modules else base, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.startswith("checker")]
    return found


def layer(name: str) -> int | None:
    """The module's layer; None for the package itself (checker/__init__.py, __main__.py)."""
    top = name.split(".")[1] if "." in name else ""
    return LAYERS.index(top) if top in LAYERS else None


GRAPH = {name: {target for target, _ in imports(name) if target in MODULES} for name in MODULES}


def test_every_module_has_a_layer():
    assert [name for name in MODULES if layer(name) is None] == ["checker", "checker.__main__"]


def test_no_module_imports_from_a_layer_above_its_own():
    upward = [
        f"{name}:{line} imports {target}"
        for name in MODULES
        for target, line in imports(name)
        if layer(name) is not None and layer(target) is not None and layer(target) > layer(name)
    ]
    assert upward == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """A cycle through each module that lies on one, reported from the smallest module in it."""
    found = []
    for start in sorted(graph):
        path = _back_to(start, graph)
        if path and min(path) == start:
            found.append(path)
    return found


def _back_to(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """A path of imports from `start` back to it, if there is one (depth first, each module once)."""
    seen: set[str] = set()
    todo = [[start]]
    while todo:
        path = todo.pop()
        for target in sorted(graph.get(path[-1], ())):
            if target == start:
                return path
            if target not in seen:
                seen.add(target)
                todo.append([*path, target])
    return None


def test_no_import_cycles():
    assert [" → ".join([*cycle, cycle[0]]) for cycle in cycles(GRAPH)] == []


def test_a_cycle_is_found_however_long():
    graph = {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": set(), "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c"], ["e"]]


@pytest.mark.parametrize(
    ("source", "found"),
    [("from .b import x", ["checker.read.b"]), ("from ..models import X", ["checker.models"]),
     ("def f():\n    from ..view import view", ["checker.view.view"])],
)
def test_the_graph_reads_relative_and_lazy_imports(tmp_path, source, found):
    """The reader of imports itself: a relative import resolves from the module's package, and an
    import inside a function counts."""
    module = tmp_path / "a.py"
    module.write_text(source + "\n", encoding="utf-8")
    fake = {"checker.read.a": module, "checker.read.b": module, "checker.models": module,
            "checker.view.view": module, "checker.view": module}
    assert [target for target, _ in imports("checker.read.a", fake)] == found
