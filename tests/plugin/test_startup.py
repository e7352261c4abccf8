"""Start-up stays light: the entry module imports neither partwise nor heavy libraries."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("partwise", "hypothesis", "freezegun", "pandas", "rich", "pydantic")


def test_entry_module_imports_nothing_heavy() -> None:
    """Importing the plugin, its fixtures and the package loads none of the heavy modules."""
    code = (
        "import sys, pytest_partwise, pytest_partwise.plugin, pytest_partwise.fixtures\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_package_exports_load_lazily() -> None:
    """``pytest_partwise.assert_partition_mapping_laws`` is importable on demand."""
    import pytest_partwise

    assert callable(pytest_partwise.assert_partition_mapping_laws)
    assert "assert_partition_mapping_laws" in dir(pytest_partwise)
