"""``materialize_partition`` runs with the project's resources and asset graph when the project's
``Definitions`` is named (``--partwise-definitions``), as production does."""

from __future__ import annotations

import pandas  # noqa: F401  (loaded before pytester runs: numpy cannot load twice)
import pytest

BASE = ("-p", "no:cacheprovider", "--partitions-now", "2026-11-05")

PROJECT = """
import pandas as pd
import partwise as pw

hourly = pw.HourlyPartitionsDefinition(start_date="2026-11-01-00:00")
daily = pw.DailyPartitionsDefinition(start_date="2026-11-01")

@pw.asset(partitions_def=hourly)
def readings(context):
    hour = context.partition_time_window.start.hour
    return pd.DataFrame({"station": ["a", "b"], "value": [hour, 2 * hour]})

@pw.asset(partitions_def=daily)
def daily_stats(readings):
    return readings.groupby("station", as_index=False)["value"].sum()

defs = pw.Definitions(
    assets=[readings, daily_stats], resources={"io_manager": pw.PandasIOManager(file_format="pickle")}
)
"""

TESTS = """
import pytest
import pandas as pd
import partwise as pw
from project import daily, daily_stats, defs, readings

@pytest.mark.partitions(daily, keys=["2026-11-02"])
def test_daily_stats(materialize_partition, partition_key):
    for hour in range(24):
        materialize_partition(readings, partition_key=f"{partition_key}-{hour:02d}:00")
    result = materialize_partition(daily_stats)
    frame = result.output_for_node("daily_stats")
    assert isinstance(frame, pd.DataFrame)
    assert frame.set_index("station")["value"].to_dict() == {"a": 276, "b": 552}

@pytest.mark.partitions(daily, keys=["2026-11-02"])
def test_resources_still_override(materialize_partition, partition_key):
    memory = pw.InMemoryIOManager()
    for hour in range(24):
        key = f"{partition_key}-{hour:02d}:00"
        materialize_partition(readings, partition_key=key, resources={"io_manager": memory})
    result = materialize_partition(
        daily_stats, resources={"io_manager": memory}, raise_on_error=False
    )
    # the in-memory manager hands over the 24 hourly frames as a dict: the override took effect
    assert not result.success
    assert "'dict' object has no attribute 'groupby'" in result.get_step_failure_events()[0].message

def test_fixture_returns_the_project(partwise_definitions):
    assert partwise_definitions is defs
"""


def test_materialize_partition_uses_the_project_resources(pytester: pytest.Pytester) -> None:
    """24 hourly inputs arrive as one DataFrame, as under the project's PandasIOManager."""
    pytester.makepyfile(project=PROJECT, test_daily=TESTS)
    result = pytester.runpytest(*BASE, "--partwise-definitions", "project:defs")
    result.assert_outcomes(passed=5)  # and the two CI validation items


def test_ini_names_the_project_too(pytester: pytest.Pytester) -> None:
    """The ini value ``partwise_definitions`` works like the option."""
    pytester.makepyfile(project=PROJECT, test_daily=TESTS)
    pytester.makeini("[pytest]\npartwise_definitions = project:defs\n")
    result = pytester.runpytest(*BASE, "-k", "test_daily_stats or fixture")
    result.assert_outcomes(passed=2)


def test_without_a_project_inputs_stay_in_memory(pytester: pytest.Pytester) -> None:
    """Without a project the in-memory default applies (the multi-partition load is a dict),
    and the fixture asks for the option."""
    pytester.makepyfile(project=PROJECT)
    pytester.makepyfile(
        test_plain="""
import pytest
from project import daily, daily_stats, readings

@pytest.mark.partitions(daily, keys=["2026-11-02"])
def test_memory(materialize_partition, partition_key):
    for hour in range(24):
        materialize_partition(readings, partition_key=f"{partition_key}-{hour:02d}:00")
    result = materialize_partition(readings, daily_stats, selection=[daily_stats],
                                   raise_on_error=False)
    assert not result.success

def test_fixture(partwise_definitions):
    pass
"""
    )
    result = pytester.runpytest(*BASE)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*partwise_definitions fixture needs*--partwise-definitions*"])


MULTI_PROJECT = """
import partwise as pw

daily = pw.DailyPartitionsDefinition(start_date="2026-11-01")

@pw.multi_asset(outs={"orders": pw.AssetOut(), "refunds": pw.AssetOut()}, partitions_def=daily)
def split(context):
    return f"orders {context.partition_key}", f"refunds {context.partition_key}"

defs = pw.Definitions(assets=[split])
"""

MULTI_TESTS = """
import pytest
from multi_project import daily, split

@pytest.mark.partitions(daily, keys=["2026-11-02"])
def test_split(materialize_partition):
    result = materialize_partition(split)
    assert result.output_for_node("split", "refunds") == "refunds 2026-11-02"
"""


def test_a_project_multi_asset_runs_in_the_project_graph(pytester: pytest.Pytester) -> None:
    """A multi-asset of the project (several keys, no single one) runs with all its assets."""
    # module names of its own: in-process runs keep modules other tests imported
    pytester.makepyfile(multi_project=MULTI_PROJECT, test_split_orders=MULTI_TESTS)
    result = pytester.runpytest(*BASE, "--partwise-definitions", "multi_project:defs")
    result.assert_outcomes(passed=2)  # and the CI validation item
