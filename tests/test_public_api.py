"""The public surface is one table, and every view of it agrees with that table.

``partwise._EXPORTS`` maps each public name to its defining module. ``__all__`` and the lazy lookup
are built from it; the ``TYPE_CHECKING`` imports (what mypy and editors read) are written by hand, so
this test holds them equal to the table.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import partwise

HEAVY = ("pandas", "rich", "hypothesis", "pytest", "freezegun", "croniter", "pydantic")
INIT = Path(partwise.__file__)


def _type_checking_imports() -> dict[str, str]:
    """``name -> module`` for every import under ``if TYPE_CHECKING:`` in ``partwise/__init__.py``."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    blocks = [
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    ]
    assert len(blocks) == 1, "expected exactly one `if TYPE_CHECKING:` block"
    found: dict[str, str] = {}
    for stmt in blocks[0].body:
        assert isinstance(stmt, ast.ImportFrom) and stmt.module, ast.unparse(stmt)
        for alias in stmt.names:
            # `import X as X` is what marks a re-export for `mypy --strict` users.
            assert alias.asname == alias.name, f"write `{alias.name} as {alias.name}`"
            assert alias.name not in found, f"{alias.name} imported twice"
            found[alias.name] = stmt.module
    return found


def test_table_is_sorted_with_public_names_only() -> None:
    names = list(partwise._EXPORTS)
    assert names == sorted(names), "keep _EXPORTS sorted: one line per name, in order"
    assert not [n for n in names if n.startswith("_")]


def test_type_checking_imports_match_the_table_exactly() -> None:
    seen = _type_checking_imports()
    table = partwise._EXPORTS
    missing = {n: m for n, m in table.items() if seen.get(n) != m}
    extra = {n: m for n, m in seen.items() if table.get(n) != m}
    assert not missing, f"add under TYPE_CHECKING: {missing}"
    assert not extra, f"add to _EXPORTS (or drop the import): {extra}"


def test_all_is_the_table() -> None:
    assert partwise.__all__ == list(partwise._EXPORTS)
    assert set(partwise.__all__) <= set(dir(partwise))


def test_every_name_resolves_to_the_object_its_module_defines() -> None:
    """In a fresh interpreter, every exported name loads, and is the defining module's object."""
    code = (
        "import importlib, partwise\n"
        "bad = [n for n, m in partwise._EXPORTS.items()\n"
        "       if getattr(partwise, n) is not getattr(importlib.import_module(m), n)]\n"
        "from partwise import *\n"
        "print(bad, sorted(set(partwise.__all__) - set(globals())))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "[]"]


def test_import_partwise_loads_nothing_heavy() -> None:
    code = f"import sys, partwise\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
