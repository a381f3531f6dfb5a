"""The layering docs/architecture.md draws, checked on the source: no import
cycle (imports inside functions included), nothing imports the CLI, the
modules the stamp's fast path loads use the standard library only, and no
plugin keeps module-global state."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "careerkit"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _runs(node: ast.AST, parents: dict) -> bool:
    """False for an import under ``if TYPE_CHECKING:`` (it never runs)."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return False
    return True


def imports(name: str, top_only: bool = False) -> set[str]:
    """The careerkit modules ``name`` imports (at the top, or anywhere)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)) or not _runs(node, parents):
            continue
        if top_only and isinstance(parents.get(node), (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if top_only and any(isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)) for p in _ancestors(node, parents)):
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            targets = [f"{module}.{alias.name}" if f"{module}.{alias.name}" in MODULES else module for alias in node.names]
        found |= {t for t in targets if t in MODULES and t not in (name, "careerkit")}
    return found


def _ancestors(node, parents):
    while node in parents:
        node = parents[node]
        yield node


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]  # d only leads into it


def test_no_import_cycle_not_even_through_imports_inside_functions():
    graph = {name: imports(name) for name in MODULES}
    assert cycles(graph) == []


def test_nothing_imports_the_cli():
    """careerkit.commands.cli loads the command modules by name; they must not import it back."""
    assert sorted(name for name in MODULES if "careerkit.commands.cli" in imports(name)) == []


# The fast path of a build with nothing to do (cli → commands → pipeline →
# stamp) and the shared leaves: the standard library and each other only.
LIGHT = ["careerkit.commands.arguments", "careerkit.commands.cli", "careerkit.commands.core", "careerkit.errors",
         "careerkit.incremental.fingerprint", "careerkit.kept", "careerkit.models", "careerkit.pipeline",
         "careerkit.incremental.stamp"]


@pytest.mark.parametrize("name", LIGHT)
def test_the_fast_path_modules_use_the_standard_library_only(name):
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    outside = [
        alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names
        if alias.name.split(".")[0] not in sys.stdlib_module_names
    ] + [
        node.module for node in tree.body
        if isinstance(node, ast.ImportFrom) and not node.level and node.module.split(".")[0] not in sys.stdlib_module_names
        and node.module != "__future__"
    ]
    assert outside == []
    assert imports(name, top_only=True) <= set(LIGHT)


def test_no_plugin_keeps_module_global_state():
    """A plugin module outlives every build in a process (serve, tests): it
    keeps work between rebuilds in the ``kept`` the hook gets, never in a
    ``global``."""
    offenders = []
    for path in sorted((ROOT / "plugins").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Global):
                offenders.append(f"{path.name}:{node.lineno}: global {', '.join(node.names)}")
    assert offenders == []


def test_the_exit_codes_are_defined_once_and_documented():
    import re

    from careerkit import errors
    from careerkit.commands import cli

    codes = {name: value for name, value in vars(errors).items() if name.startswith("EXIT_")}
    assert sorted(codes.values()) == [0, 1, 2, 3, 4, 70, 130]  # seven distinct codes
    documented = re.findall(r"^\| (\d+) \|", (ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), re.M)
    assert sorted(map(int, documented)) == sorted(codes.values())
    assert all(getattr(cli, name, value) is value for name, value in codes.items())  # cli re-exports, never redefines
    classes = (errors.CareerkitError, errors.UsageError, errors.OutputError, errors.PluginError)
    assert [e.exit_code for e in classes] == [1, 2, 2, 3]


def test_build_check_serve_and_the_tests_all_go_through_the_one_pipeline(tmp_path, monkeypatch, run_cli):
    from argparse import Namespace

    from conftest import build_example_site, copy_example

    from careerkit import pipeline
    from careerkit.commands import serve

    calls = []
    real = pipeline.run

    def counting(request, *args, **kwargs):
        calls.append((request.out is not None, request.shortcut, request.analyze))
        return real(request, *args, **kwargs)

    monkeypatch.setattr(pipeline, "run", counting)
    root = copy_example(tmp_path)
    assert run_cli(["check", "--root", root])[0] == 0
    assert run_cli(["build", "--root", root, "--no-cache"])[0] == 0
    state = serve.State(tmp_path / "served")
    serve.rebuild(Namespace(root=root, as_of=None, public=False, plugins_dir=None, no_cache=True), state)
    assert state.errors == []
    build_example_site(tmp_path / "helper")
    # (writes a site?, skips when unchanged?, analyzes?) for check, build, serve, the tests' helper
    assert calls == [(False, False, False), (True, True, True), (True, False, True), (True, False, True)]


# The subpackages from the CLI edge down (docs/architecture.md, "What may
# import what"); the modules at the top of careerkit/ (and charts/) are the
# ground. A run-time import goes down, never up or sideways.
LAYERS = [("careerkit.commands",), ("careerkit.importers",), ("careerkit.editing",), ("careerkit.pipeline",),
          ("careerkit.records", "careerkit.site"), ("careerkit.incremental",)]


def layer(name: str) -> tuple[int, str]:
    """(height, package) of a module: the top modules are the ground (0)."""
    package = ".".join(name.split(".")[:2])
    for height, packages in enumerate(reversed(LAYERS), start=1):
        if package in packages:
            return height, package
    return 0, name


def test_the_layer_finder_places_modules():
    assert layer("careerkit.commands.cli") == (6, "careerkit.commands")
    assert layer("careerkit.site.render") == (2, "careerkit.site")
    assert layer("careerkit.charts.svg") == (0, "careerkit.charts.svg")  # the public charts API is ground


def test_imports_go_down_the_layers():
    wrong = []
    for name in MODULES:
        height, package = layer(name)
        for target in imports(name):
            target_height, target_package = layer(target)
            if target_package != package and target_height >= height and (height, target_height) != (0, 0):
                wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_every_subpackage_has_its_layer():
    packages = {".".join(name.split(".")[:2]) for name, path in MODULES.items() if path.name == "__init__.py"}
    placed = {p for group in LAYERS for p in group}
    assert packages - placed - {"careerkit", "careerkit.charts"} == set()


def test_no_module_is_over_400_lines():
    paths = sorted(PACKAGE.rglob("*.py")) + sorted((ROOT / "plugins").glob("*.py"))
    long = [f"{p.relative_to(ROOT)}: {n}" for p in paths if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert long == []


def test_at_most_15_modules_at_the_top_of_the_package():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 15, top
