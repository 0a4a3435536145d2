"""The direction of dependencies between the project's apps (docs/architecture.md), checked over
the import graph: every import of every module, at module level and inside functions alike, so
that an import moved into a function to dodge a circle still counts."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["publishing", "articles", "indicators", "imports", "demo"]
PACKAGES = [*APPS, "newsroom"]
# What the shared app and the archive's content may never reach for: the apps built on them.
BUILT_ON_TOP = ["indicators", "imports", "demo"]
# Migrations run against historical models: Django, the history library their models use, the
# lunar calendar (a data migration fills in lunar dates), and their own frozen helpers
# (underscored modules beside them) — never today's project code.
MIGRATION_ALLOWED = {"django", "simple_history", "lunar_python"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            modules[module_name(path)] = path
    return modules


MODULES = project_modules()


def _base_package(name: str, path: Path) -> str:
    """The package relative imports in module `name` start from."""
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imports_of(name: str, path: Path) -> set[str]:
    """Every module `name` imports, anywhere in its body: project modules resolved to the most
    specific module (`from . import x` is the module x when there is one), others by name."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _base_package(name, path)
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.add(submodule if submodule in MODULES else source)
    return found


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def _top(module: str) -> str:
    return module.partition(".")[0]


def _is_migration(name: str) -> bool:
    return ".migrations." in f"{name}."


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_graph_sees_imports_inside_functions():
    # the checks below mean nothing if function-level imports went unseen
    assert "articles.models" in GRAPH["indicators.apps"] or any(
        _top(target) == "articles" for target in GRAPH["indicators.apps"]
    )
    assert "publishing.rule" in GRAPH["articles.apps"]


def test_no_import_circles():
    """No two modules import each other, directly or around a loop, even from inside functions
    (such an import only hides the circle until the order of imports changes)."""
    assert _cycles(GRAPH) == []


@pytest.mark.parametrize("app", ["publishing", "articles"])
def test_shared_and_content_apps_never_import_the_apps_built_on_them(app):
    offending = {
        f"{name} → {target}"
        for name, targets in GRAPH.items()
        if _top(name) == app
        for target in targets
        if _top(target) in BUILT_ON_TOP
    }
    assert offending == set()


def test_publishing_depends_on_no_other_app_of_the_project():
    offending = {
        f"{name} → {target}"
        for name, targets in GRAPH.items()
        if _top(name) == "publishing" and not _is_migration(name)
        for target in targets
        if _top(target) in PACKAGES and _top(target) != "publishing"
    }
    assert offending == set()


def test_no_app_imports_the_project_wiring():
    offending = {
        f"{name} → {target}"
        for name, targets in GRAPH.items()
        if _top(name) in APPS
        for target in targets
        if _top(target) == "newsroom"
    }
    assert offending == set()


def test_migrations_import_only_django_and_their_own_frozen_helpers():
    migrations = [name for name in GRAPH if _is_migration(name)]
    assert len(migrations) > 10
    offending = set()
    for name in migrations:
        package = name.rpartition(".")[0]
        for target in GRAPH[name]:
            own_helper = target.startswith(f"{package}._") and target.count(".") == name.count(".")
            if not own_helper and _top(target) not in MIGRATION_ALLOWED:
                offending.add(f"{name} → {target}")
    assert offending == set()


def test_every_import_of_the_project_names_a_module_that_exists():
    # a moved module leaves no import behind pointing at its old place
    missing = {
        f"{name} → {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if _top(target) in PACKAGES and target not in MODULES
    }
    assert missing == set()
