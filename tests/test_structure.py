"""The package's shape: no import cycle among its modules, none over 700 lines."""

from __future__ import annotations

import ast
import importlib.resources
from collections.abc import Iterator

PACKAGE = importlib.resources.files("iomdata")
MODULES = {
    f"iomdata.{node.name.removesuffix('.py')}": node.read_text(encoding="utf-8")
    for node in PACKAGE.iterdir()
    if node.name.endswith(".py")
}
MODULES["iomdata"] = MODULES.pop("iomdata.__init__")


def _runtime_imports(tree: ast.AST) -> Iterator[str]:
    """Every iomdata module imported when the code runs (``TYPE_CHECKING`` blocks aside)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "iomdata":
                yield from (f"iomdata.{alias.name}" for alias in node.names)
            elif node.module.startswith("iomdata."):
                yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("iomdata."))


def _graph() -> dict[str, set[str]]:
    return {
        name: {target for target in _runtime_imports(ast.parse(text)) if target in MODULES}
        - {name}
        for name, text in MODULES.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle among the private modules (the package itself re-exports all)."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node] - {"iomdata"}):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = 2
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_no_import_cycle() -> None:
    """No private module imports, directly or through others, a module that imports it."""
    assert _cycle(_graph()) == []


def test_cycle_finder_finds_a_cycle() -> None:
    """The check can fail: a cycle planted in a copy of the graph is found."""
    graph = _graph()
    graph["iomdata._models"] = graph["iomdata._models"] | {"iomdata._api"}
    assert _cycle(graph)[0] == _cycle(graph)[-1]


def test_records_import_nothing_above_them() -> None:
    """The records module does no I/O: it imports neither the store nor the API."""
    assert _graph()["iomdata._models"] <= {"iomdata._errors", "iomdata._schemas"}


def test_no_module_over_700_lines() -> None:
    """Every module of the package stays readable: at most 700 lines."""
    assert {name: n for name, text in MODULES.items() if (n := text.count("\n")) > 700} == {}
