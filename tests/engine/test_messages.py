"""Messages a new user found unclear, each as it reads now."""

from __future__ import annotations

import pandas as pd
import pytest

import partwise as pw
from partwise.errors import MissingInputError

daily = pw.DailyPartitionsDefinition(start_date="2026-11-01", end_date="2026-11-10")
regions = pw.StaticPartitionsDefinition(["amer", "apac", "emea"])
by_region = pw.MultiPartitionsDefinition({"date": daily, "region": regions})


@pw.asset(partitions_def=regions)
def region_targets() -> int:
    return 1


@pw.asset(partitions_def=daily)
def result() -> str:
    return "not a frame"


@pw.asset(partitions_def=daily)
def upstream() -> int:
    return 1


@pw.asset(partitions_def=daily)
def downstream(upstream: int) -> int:
    return upstream


def test_materialize_without_a_key_names_the_assets_and_lists_static_keys() -> None:
    with pytest.raises(pw.InvalidInvocationError) as raised:
        pw.materialize([region_targets])
    text = str(raised.value)
    assert text.startswith("materialize([region_targets]) is partitioned")
    assert "__ephemeral" not in text and "latest" not in text
    assert "(keys: 'amer', 'apac', 'emea')" in text


def test_pandas_io_manager_names_the_asset_and_partition() -> None:
    resources = {"io_manager": pw.PandasIOManager(file_format="pickle")}
    with pytest.raises(pw.InvariantViolationError) as raised:
        pw.materialize([result], partition_key="2026-11-02", resources=resources)
    assert "but the output of asset 'result' (partition '2026-11-02') is a builtins.str" in str(
        raised.value
    )
    assert isinstance(pd.DataFrame(), pd.DataFrame)


def test_a_swapped_multi_key_names_the_dimension_order() -> None:
    with pytest.raises(pw.UnknownPartitionError) as raised:
        by_region.validate_partition_key("emea|2026-11-03")
    assert str(raised.value) == (
        "Could not find a partition with key `emea|2026-11-03`. Multi keys list the dimensions' "
        "keys in the order of the dimension names (date|region): did you mean '2026-11-03|emea'?"
    )
    assert by_region.unknown_key_hint("2026-11-03|mars") == ""


@pytest.mark.parametrize("manager", [pw.FilesystemIOManager, pw.InMemoryIOManager])
def test_a_never_materialized_input_is_one_error_naming_asset_and_partition(
    manager: type, tmp_path: pytest.TempPathFactory
) -> None:
    with pw.Instance.local(str(tmp_path)) as instance, pytest.raises(MissingInputError) as raised:
        pw.materialize(
            [upstream, downstream],
            selection=[downstream],
            partition_key="2026-11-02",
            instance=instance,
            resources={"io_manager": manager()},
        )
    assert str(raised.value).startswith(
        "No stored value for partition '2026-11-02' of asset upstream: it was never materialized"
    )
    # both built-in families still catch it
    assert isinstance(raised.value, FileNotFoundError)
    assert isinstance(raised.value, pw.InvariantViolationError)


def test_schedule_errors_name_the_schedule_not_its_repr() -> None:
    job = pw.define_asset_job("daily_job", selection=[upstream])  # partitions from its assets
    schedule = pw.build_schedule_from_partitioned_job(job)
    with pytest.raises(pw.InvalidInvocationError) as raised:
        pw.schedule_ticks(schedule, "2026-11-02", "2026-11-03")
    assert f"Cannot dry-run the schedule {schedule.name!r} without its definitions" in str(
        raised.value
    )
    assert "object at 0x" not in str(raised.value) and "Definition(" not in str(raised.value)
