"""Fixtures: partition parameters, the instance, materializing, run config, Hypothesis safety."""

from __future__ import annotations

import pytest

BASE = ("-p", "no:cacheprovider", "--partitions-now", "2025-06-01")
ASSETS = """
@pw.asset(partitions_def=daily)
def raw(context):
    return context.partition_key

@pw.asset(partitions_def=daily)
def clean(raw):
    return raw.upper()
"""


def run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(source)
    return pytester.runpytest(*BASE, *args)


def test_partition_parameters(pytester: pytest.Pytester, header: str) -> None:
    """``partition_key``, ``partitions_def`` and ``partition_time_window`` describe the key."""
    result = run(
        pytester,
        header
        + """
@pytest.mark.partitions(daily, last=2)
def test_p(partition_key, partitions_def, partition_time_window):
    assert partitions_def is daily
    assert partition_time_window.start.strftime("%Y-%m-%d") == partition_key
    assert partition_time_window.end - partition_time_window.start == dt.timedelta(days=1)
""",
    )
    result.assert_outcomes(passed=2)


def test_multi_key_and_its_time_window(pytester: pytest.Pytester, header: str) -> None:
    """Multi keys are ``MultiPartitionKey``; the window comes from the time dimension."""
    result = run(
        pytester,
        header
        + """
@pytest.mark.partitions(multi, keys=["blue|2024-02-29"])
def test_m(partition_key, partition_time_window):
    assert partition_key.keys_by_dimension == {"color": "blue", "date": "2024-02-29"}
    assert partition_time_window.start.day == 29
""",
    )
    result.assert_outcomes(passed=1)


def test_partwise_instance_is_fresh_per_test(pytester: pytest.Pytester, header: str) -> None:
    """Each test gets its own empty instance."""
    result = run(
        pytester,
        header
        + """
@pytest.mark.partitions(colors)
def test_i(partition_key, partwise_instance):
    assert partwise_instance.get_runs_count() == 0
    partwise_instance.add_dynamic_partitions("seen", [partition_key])
    assert partwise_instance.get_dynamic_partitions("seen") == [partition_key]

def test_unmarked_instance(partwise_instance):
    assert partwise_instance.is_ephemeral
""",
    )
    result.assert_outcomes(passed=3)


def test_materialize_partition_runs_assets_for_the_key(
    pytester: pytest.Pytester, header: str
) -> None:
    """``materialize_partition(*assets)`` materializes the test's key into the instance."""
    result = run(
        pytester,
        header
        + ASSETS
        + """
@pytest.mark.partitions(daily, range=("2024-01-01", "2024-01-03"))
def test_m(partition_key, materialize_partition, partwise_instance):
    result = materialize_partition(raw, clean)
    assert result.success
    assert result.output_for_node("clean") == partition_key.upper()
    assert materialize_partition.instance is partwise_instance
    assert partwise_instance.get_materialized_partitions(clean.key) == {partition_key}
""",
    )
    result.assert_outcomes(passed=3)


def test_materialize_partition_defaults_to_the_marker_asset(
    pytester: pytest.Pytester, header: str
) -> None:
    """With no assets, the marker's asset is materialized."""
    result = run(
        pytester,
        header
        + ASSETS
        + """
@pytest.mark.partitions(raw, last=1)
def test_a(materialize_partition):
    assert materialize_partition().output_for_node("raw") == "2024-12-31"
""",
    )
    result.assert_outcomes(passed=1)


def test_materialize_partition_runs_the_marker_job(pytester: pytest.Pytester, header: str) -> None:
    """With a job as source and no assets, the job runs for the key."""
    result = run(
        pytester,
        header
        + """
@pw.op
def stamp(context):
    return context.partition_key

@pw.job(partitions_def=daily)
def stamping():
    stamp()

@pytest.mark.partitions(stamping, keys=["2024-06-01"])
def test_j(materialize_partition):
    result = materialize_partition()
    assert result.success and result.output_for_node("stamp") == "2024-06-01"
""",
    )
    result.assert_outcomes(passed=1)


def test_materialize_partition_honours_partitions_now(pytester: pytest.Pytester) -> None:
    """Keys that exist only at ``--partitions-now`` (in the future) still materialize."""
    pytester.makepyfile(
        """
import pytest, partwise as pw
future = pw.DailyPartitionsDefinition(start_date="2090-01-01")

@pw.asset(partitions_def=future)
def later(): return 1

@pytest.mark.partitions(later, last=1)
def test_f(partition_key, materialize_partition):
    assert partition_key == "2090-01-09"
    assert materialize_partition().success
"""
    )
    pytester.runpytest("-p", "no:cacheprovider", "--partitions-now", "2090-01-10").assert_outcomes(
        passed=1
    )


def test_materialize_partition_without_key_says_how(pytester: pytest.Pytester, header: str) -> None:
    """Unmarked, it needs ``partition_key=``."""
    result = run(
        pytester,
        header
        + ASSETS
        + """
def test_u(materialize_partition):
    with pytest.raises(pw.InvalidInvocationError, match="pass partition_key="):
        materialize_partition(raw)
    assert materialize_partition(raw, partition_key="2024-01-01").success
""",
    )
    result.assert_outcomes(passed=1)


def test_run_config_for_partition(pytester: pytest.Pytester, header: str) -> None:
    """The run config of the key, from a PartitionedConfig or a job's partitioned config."""
    result = run(
        pytester,
        header
        + """
@pw.daily_partitioned_config(start_date="2024-01-01", end_offset=0)
def config(start, end):
    return {"ops": {"load": {"config": {"day": start.strftime("%Y-%m-%d")}}}}

@pw.op(config_schema={"day": str})
def load(context): pass

@pw.job(config=config)
def loading(): load()

@pytest.mark.partitions(config, keys=["2024-03-01"])
def test_c(run_config_for_partition):
    assert run_config_for_partition == {"ops": {"load": {"config": {"day": "2024-03-01"}}}}

@pytest.mark.partitions(loading, keys=["2024-03-02"])
def test_j(partition_key, run_config_for_partition):
    assert pw.validate_run_config(loading, run_config_for_partition)
    assert run_config_for_partition["ops"]["load"]["config"]["day"] == partition_key
""",
    )
    result.assert_outcomes(passed=2)


def test_run_config_for_partition_needs_a_config_source(
    pytester: pytest.Pytester, header: str
) -> None:
    """A plain definition has no run config: the setup error says what is needed."""
    result = run(
        pytester,
        header
        + "@pytest.mark.partitions(daily, last=1)\ndef test_n(run_config_for_partition): pass\n",
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*run_config_for_partition needs*PartitionedConfig*"])


def test_given_with_partition_parameters_passes_health_checks(
    pytester: pytest.Pytester, header: str
) -> None:
    """Partition parameters and the clock are not function-scoped fixtures for Hypothesis."""
    result = run(
        pytester,
        header
        + """
from hypothesis import given, strategies as st

@pytest.mark.partitions(daily, last=2)
@given(n=st.integers())
def test_g(partition_key, partitions_def, partition_time_window, partwise_clock, n):
    with partwise_clock.freeze(partition_time_window.end):
        assert pw.DailyPartitionsDefinition(start_date="2024-01-01").get_last_partition_key() == partition_key
""",
    )
    result.assert_outcomes(passed=2)
