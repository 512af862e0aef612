"""The import graph of the project's own packages, read from the source with ``ast`` (imports at module level
and inside functions alike; nothing is imported to build it).

Two rules: the modules of the ``newsflow`` application import each other without cycles (``generated_site`` and
``sample_server`` once imported each other), and the service walls hold — ``newsflow_ingest``,
``newsflow_enrich``, ``newsflow_store`` and ``newsflow_api`` never import one another (they may import
``newsflow_shared``, ``newsflow_crawl`` and ``newsflow_ops``), ``newsflow_shared`` imports none of the project's
other packages, ``newsflow_ops`` (metrics) only ``newsflow_shared``, ``newsflow_crawl`` only those two, and only the
``newsflow`` application imports the application.
Imports built at run time (``importlib.import_module``) are not seen.

``python -m tests.unit.repo.test_import_graph`` prints every cycle, the service packages' included.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES: dict[str, Path] = {
    "newsflow_shared": ROOT / "shared" / "newsflow_shared",
    "newsflow_crawl": ROOT / "shared" / "newsflow_crawl",
    "newsflow_ops": ROOT / "shared" / "newsflow_ops",
    "newsflow_ingest": ROOT / "services" / "ingest" / "newsflow_ingest",
    "newsflow_enrich": ROOT / "services" / "enrich" / "newsflow_enrich",
    "newsflow_store": ROOT / "services" / "store" / "newsflow_store",
    "newsflow_api": ROOT / "services" / "api" / "newsflow_api",
    "newsflow": ROOT / "newsflow",
}
SERVICES = ("newsflow_ingest", "newsflow_enrich", "newsflow_store", "newsflow_api")
# Which of the project's packages each package may import (besides itself); the application may import all.
ALLOWED: dict[str, frozenset[str]] = {
    "newsflow_shared": frozenset(),
    "newsflow_ops": frozenset({"newsflow_shared"}),
    "newsflow_crawl": frozenset({"newsflow_shared", "newsflow_ops"}),
    **{service: frozenset({"newsflow_shared", "newsflow_crawl", "newsflow_ops"}) for service in SERVICES},
    "newsflow": frozenset(PACKAGES) - {"newsflow"},
}

Edge = tuple[str, str, int]  # importing module, imported module, line


def _modules() -> dict[str, Path]:
    """Every module of the project's packages: dotted name -> file (a package is its ``__init__.py``)."""
    found: dict[str, Path] = {}
    for package, directory in PACKAGES.items():
        for path in sorted(directory.rglob("*.py")):
            parts = path.relative_to(directory).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return found


def _package_of(module: str) -> str:
    return module.split(".")[0]


def _project_module(name: str, modules: dict[str, Path]) -> str | None:
    """The project module that importing ``name`` loads last: ``name`` itself or its nearest known parent."""
    if name.split(".")[0] not in PACKAGES:
        return None
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imported_names(module: str, path: Path, tree: ast.Module) -> Iterator[tuple[str, int]]:
    """Every dotted name ``module`` imports, with its line; ``from p import x`` yields ``p.x`` and ``p``."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the importing module's package
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            yield base, node.lineno
            for alias in node.names:
                if alias.name != "*":
                    yield f"{base}.{alias.name}", node.lineno


@cache
def import_edges() -> tuple[Edge, ...]:
    """(importer, imported, line) for every import of one project module by another (self-imports left out)."""
    modules = _modules()
    edges: set[Edge] = set()
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, line in _imported_names(module, path, tree):
            target = _project_module(name, modules)
            if target is not None and target != module:
                edges.add((module, target, line))
    return tuple(sorted(edges))


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The cycles of a directed graph: its strongly connected components of more than one node (Tarjan),
    each sorted, the list sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def cycles(package: str | None = None) -> list[list[str]]:
    """The import cycles among the modules of ``package`` (all the project's modules when None)."""
    graph: dict[str, set[str]] = {}
    for importer, imported, _ in import_edges():
        if package is None or _package_of(importer) == _package_of(imported) == package:
            graph.setdefault(importer, set()).add(imported)
    return find_cycles(graph)


def wall_violations() -> list[str]:
    """Imports across packages that ``ALLOWED`` forbids, as ``importer:line -> imported``."""
    found = []
    for importer, imported, line in import_edges():
        source, target = _package_of(importer), _package_of(imported)
        if source != target and target not in ALLOWED[source]:
            found.append(f"{importer}:{line} -> {imported}")
    return found


def test_the_graph_is_read() -> None:
    edges = {(importer, imported) for importer, imported, _ in import_edges()}
    # Known edges: at module level, inside a function (sample_server's main, cli's commands), across packages.
    assert ("newsflow.generated_site", "newsflow.site_files") in edges
    assert ("newsflow.sample_server", "newsflow.generated_site") in edges
    assert ("newsflow.cli", "newsflow.sample_server") in edges
    assert ("newsflow.capture_pipeline", "newsflow_store.articles") in edges
    assert {_package_of(importer) for importer, _ in edges} == set(PACKAGES)


def test_the_application_modules_import_each_other_without_cycles() -> None:
    assert cycles("newsflow") == []


def test_no_cycle_across_packages() -> None:
    across = [cycle for cycle in cycles() if len({_package_of(module) for module in cycle}) > 1]
    assert across == []


def test_service_walls() -> None:
    assert wall_violations() == []


def test_cycle_finder() -> None:
    graph = {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": {"e"}, "e": {"d"}, "f": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c"], ["d", "e"]]
    assert find_cycles({"a": {"b"}, "b": {"c"}}) == []


if __name__ == "__main__":
    print(f"{len(import_edges())} imports among {len(_modules())} modules")
    for package in PACKAGES:
        for cycle in cycles(package):
            print(f"{package}: cycle among {', '.join(cycle)}")
    for violation in wall_violations():
        print(f"wall: {violation}")
