"""``--partwise-as-dagster``: an unmodified Dagster test suite runs on partwise."""

from __future__ import annotations

import sys
import types

import pytest

DAGSTER_TEST = """
import dagster as dg
from dagster import DailyPartitionsDefinition, materialize

import partwise
from conftest import daily_rows


def test_runs_on_partwise():
    result = materialize([daily_rows], partition_key="2024-01-02")
    assert result.success
    assert result.output_for_node("daily_rows") == "rows of 2024-01-02"
    assert dg.asset is partwise.asset
    assert DailyPartitionsDefinition is partwise.DailyPartitionsDefinition
    assert "Definitions" in dir(dg)
"""

# the conftest imports dagster too: the alias must be in place before conftests load
CONFTEST = """
import dagster as dg

daily = dg.DailyPartitionsDefinition(start_date="2024-01-01")


@dg.asset(partitions_def=daily)
def daily_rows(context: dg.AssetExecutionContext) -> str:
    return f"rows of {context.partition_key}"
"""


@pytest.fixture
def dagster_suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_suite=DAGSTER_TEST)
    return pytester


def test_flag_makes_dagster_imports_resolve_to_partwise(dagster_suite: pytest.Pytester) -> None:
    result = dagster_suite.runpytest("-p", "no:cacheprovider", "--partwise-as-dagster")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["partwise: *dagster=partwise (--partwise-as-dagster)"])


def test_ini_value_does_the_same(dagster_suite: pytest.Pytester) -> None:
    dagster_suite.makeini("[pytest]\npartwise_as_dagster = true\n")
    result = dagster_suite.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_off_by_default(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import importlib.util

        def test_dagster_is_not_partwise():
            spec = importlib.util.find_spec("dagster")
            assert spec is None or spec.name == "dagster" and "partwise" not in repr(spec.loader)
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert "dagster=partwise" not in result.stdout.str()


def test_internal_module_fails_with_one_line_naming_it(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_internal="from dagster._core.test_utils import instance_for_test\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--partwise-as-dagster")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "E   ModuleNotFoundError: No module named 'dagster._core': under "
            "--partwise-as-dagster, dagster is partwise, which has only the top-level names *"
        ]
    )


def test_a_name_partwise_lacks_names_it_and_the_docs(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_missing="from dagster import AutomationCondition\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--partwise-as-dagster")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "E   partwise.errors.UnknownImportError: cannot import name 'AutomationCondition' "
            "from 'dagster': partwise (standing in for dagster) does not provide it "
            "(what it covers: docs/compatibility.md)"
        ]
    )


def test_alias_is_gone_after_the_session(dagster_suite: pytest.Pytester) -> None:
    dagster_suite.runpytest("-p", "no:cacheprovider", "--partwise-as-dagster")
    assert "dagster" not in sys.modules
    assert not [f for f in sys.meta_path if type(f).__module__ == "pytest_partwise._as_dagster"]


def test_an_already_imported_dagster_is_a_usage_error(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "dagster", types.ModuleType("dagster"))
    pytester.makepyfile("def test_nothing(): pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--partwise-as-dagster")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--partwise-as-dagster: dagster was imported before partwise*"])
