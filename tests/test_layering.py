"""The layering rules, read from the source with ``ast`` so they cannot quietly regress.

A *package* is a directory of ``src/partwise`` (``_partitions``, ``_time``, ``_execution``, ...),
a top-level module of it, or the plugin ``pytest_partwise``. Across packages:

1. no import of a ``_private`` name (a private *module* such as ``partwise._clock`` is fine);
2. no access to a ``_private`` attribute that only another package defines;
3. ``isinstance`` on a partitions-definition kind only inside ``_partitions`` (other layers ask
   the positions protocol instead);

and anywhere: 4. no function-level import that closes an import cycle (lazy imports are for
speed, e.g. pandas, never to dodge a cycle).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "src", ROOT / "pytest_plugin")
KINDS = frozenset(
    {
        "TimeWindowPartitionsDefinition",
        "StaticPartitionsDefinition",
        "DynamicPartitionsDefinition",
        "MultiPartitionsDefinition",
        "HourlyPartitionsDefinition",
        "DailyPartitionsDefinition",
        "WeeklyPartitionsDefinition",
        "MonthlyPartitionsDefinition",
    }
)


@dataclass(frozen=True)
class Module:
    name: str  # dotted
    path: Path
    package: str

    @property
    def tree(self) -> ast.Module:
        return _parse(self.path)


@cache
def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), str(path))


def _module_name(base: Path, path: Path) -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package(name: str) -> str:
    parts = name.split(".")
    if parts[0] == "pytest_partwise":
        return "pytest_partwise"
    return parts[1] if len(parts) > 1 else "partwise"


@cache
def modules() -> dict[str, Module]:
    found = {}
    for base in SOURCES:
        for path in sorted(base.rglob("*.py")):
            name = _module_name(base, path)
            found[name] = Module(name, path, _package(name))
    return found


def _resolve(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.name.split(".")
    if module.path.name != "__init__.py":
        package.pop()
    package = package[: len(package) - node.level + 1]
    return ".".join([*package, *([node.module] if node.module else [])])


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    """ids of nodes inside ``if TYPE_CHECKING:`` blocks (they never run)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    return skipped


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    lazy: bool  # inside a function
    line: int


def _imports(module: Module) -> Iterator[tuple[ast.ImportFrom | ast.Import, bool]]:
    skipped = _type_checking_nodes(module.tree)

    def visit(node: ast.AST, lazy: bool) -> Iterator[tuple[ast.ImportFrom | ast.Import, bool]]:
        for child in ast.iter_child_nodes(node):
            if id(child) in skipped:
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child, lazy
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            yield from visit(child, inner)

    yield from visit(module.tree, False)


@cache
def edges() -> tuple[Edge, ...]:
    known = modules()
    found: list[Edge] = []
    for module in known.values():
        for node, lazy in _imports(module):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = _resolve(module, node)
                targets = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
                ]
            for target in targets:
                if target in known and target != module.name:
                    found.append(Edge(module.name, target, lazy, node.lineno))
    return tuple(found)


def _private_definitions() -> dict[str, set[str]]:
    """Private names each package defines (functions, classes, attributes, slots)."""
    defined: dict[str, set[str]] = {}
    for module in modules().values():
        names = defined.setdefault(module.package, set())
        for node in ast.walk(module.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.add(node.value)  # __slots__ entries, object.__setattr__(self, "_x", ...)
    return {package: {n for n in names if _private(n)} for package, names in defined.items()}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _is_self(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id in ("self", "cls")
    return isinstance(node, ast.Call) and ast.unparse(node.func) == "super"


def test_no_private_import_across_packages() -> None:
    known = modules()
    bad = []
    for module in known.values():
        for node, _ in _imports(module):
            if not isinstance(node, ast.ImportFrom):
                continue
            base = _resolve(module, node)
            if base not in known or known[base].package == module.package:
                continue
            for alias in node.names:
                if _private(alias.name) and f"{base}.{alias.name}" not in known:
                    bad.append(f"{module.name}:{node.lineno} imports {base}.{alias.name}")
    assert bad == []


def test_no_private_attribute_across_packages() -> None:
    defined = _private_definitions()
    everywhere = set().union(*defined.values())
    bad = []
    for module in modules().values():
        mine = defined[module.package]
        for node in ast.walk(module.tree):
            if not isinstance(node, ast.Attribute) or not _private(node.attr):
                continue
            if _is_self(node.value) or node.attr in mine or node.attr not in everywhere:
                continue
            bad.append(f"{module.name}:{node.lineno} reads {ast.unparse(node)}")
    assert bad == []


def test_definition_kinds_are_switched_on_only_inside_partitions() -> None:
    bad = []
    for module in modules().values():
        if module.package == "_partitions":
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "isinstance":
                named = {
                    n.id if isinstance(n, ast.Name) else n.attr
                    for n in ast.walk(node.args[1])
                    if isinstance(n, (ast.Name, ast.Attribute))
                }
                if named & KINDS:
                    bad.append(f"{module.name}:{node.lineno} {ast.unparse(node)}")
    assert bad == []


def _reaches(start: str, goal: str) -> bool:
    graph: dict[str, set[str]] = {}
    for edge in edges():
        graph.setdefault(edge.source, set()).add(edge.target)
    seen, todo = {start}, [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def test_no_function_level_import_holds_a_cycle_open() -> None:
    """A definition that runs itself (an asset or op called directly, ``job.execute_in_process``)
    imports the execution layer when called; nothing that layer imports leads back to it."""
    bad = [
        f"{e.source}:{e.line} imports {e.target} lazily, and {e.target} imports {e.source} back"
        for e in edges()
        if e.lazy and not e.source.startswith(f"{e.target}.") and _reaches(e.target, e.source)
    ]
    assert bad == []


def test_the_rules_see_the_code() -> None:
    """The scanners find what they look for (so an empty result means something)."""
    assert len(modules()) > 50
    assert any(e.lazy for e in edges()) and any(not e.lazy for e in edges())
    # the reachability the cycle rule relies on follows real chains of imports
    assert _reaches("partwise._execution.context", "partwise._definitions.asset_spec")
    assert not _reaches("partwise._definitions.asset_spec", "partwise._execution.context")
    assert "_partitions" in _private_definitions()
    assert {"_partitions", "_time", "_execution", "pytest_partwise"} <= {
        m.package for m in modules().values()
    }
