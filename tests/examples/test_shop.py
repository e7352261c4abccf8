"""examples/shop: its tests pass on partwise, and unchanged but for the import line, as Dagster code.

The project imports the library once per module (``import partwise as dg``). Its tests run as
written, then with that line reading ``import dagster as dg`` under ``--partwise-as-dagster``.
``tests/reference/test_shop_on_reference.py`` runs the Dagster spelling on Dagster itself.
Each run is a separate process: the project's ``shop`` and ``tests`` packages must not meet the
modules an earlier test imported into this worker.
"""

from __future__ import annotations

import pytest

from .shop_project import TESTS, copy_project


def test_the_project_s_tests_pass_on_partwise(pytester: pytest.Pytester) -> None:
    copy_project(pytester.path)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=TESTS)


def test_the_dagster_spelling_passes_under_the_alias(pytester: pytest.Pytester) -> None:
    copy_project(pytester.path, as_dagster=True)
    modules = [*pytester.path.glob("shop/*.py"), *pytester.path.glob("tests/*.py")]
    lines = [line for m in modules for line in m.read_text(encoding="utf-8").splitlines()]
    assert "import dagster as dg" in lines and "import partwise as dg" not in lines
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--partwise-as-dagster")
    result.assert_outcomes(passed=TESTS)
