"""Partitions definitions and mappings are immutable values: eq and hash from their fields."""

from __future__ import annotations

import datetime as _dt
import pickle

import pytest

from partwise import (
    AllPartitionMapping,
    DailyPartitionsDefinition,
    DimensionPartitionMapping,
    DynamicPartitionsDefinition,
    HourlyPartitionsDefinition,
    IdentityPartitionMapping,
    ImmutableDefinitionError,
    LastPartitionMapping,
    MultiPartitionMapping,
    MultiPartitionsDefinition,
    MultiToSingleDimensionPartitionMapping,
    PartwiseError,
    SpecificPartitionsPartitionMapping,
    StaticPartitionMapping,
    StaticPartitionsDefinition,
    TimeWindowPartitionMapping,
    TimeWindowPartitionsDefinition,
)

VALUES = [
    DailyPartitionsDefinition("2023-01-01", timezone="US/Central"),
    TimeWindowPartitionsDefinition(start="2023-01-01", fmt="%Y-%m-%d", cron_schedule="0 0 * * 1"),
    StaticPartitionsDefinition(["a", "b"]),
    DynamicPartitionsDefinition(name="fruit"),
    MultiPartitionsDefinition(
        {"d": DailyPartitionsDefinition("2023-01-01"), "s": StaticPartitionsDefinition(["a"])}
    ),
    IdentityPartitionMapping(),
    AllPartitionMapping(),
    LastPartitionMapping(),
    TimeWindowPartitionMapping(start_offset=-1),
    StaticPartitionMapping({"a": ["x", "y"]}),
    SpecificPartitionsPartitionMapping(["a"]),
    MultiToSingleDimensionPartitionMapping("d"),
    MultiPartitionMapping({"d": DimensionPartitionMapping("d", IdentityPartitionMapping())}),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_assignment_and_deletion_raise(value: object) -> None:
    for name in ("timezone", "start", "fmt", "name", "start_offset", "brand_new"):
        with pytest.raises(ImmutableDefinitionError, match="immutable") as raised:
            setattr(value, name, "changed")
        assert isinstance(raised.value, AttributeError) and isinstance(raised.value, PartwiseError)
    with pytest.raises(AttributeError):
        delattr(value, "__doc__")


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_a_pickled_copy_is_an_equal_value(value: object) -> None:
    copy = pickle.loads(pickle.dumps(value))
    assert copy == value and hash(copy) == hash(value)
    assert len({copy, value}) == 1


def test_assigning_the_timezone_no_longer_desynchronises_the_definition() -> None:
    daily = DailyPartitionsDefinition("2023-01-01", timezone="US/Central")
    with pytest.raises(AttributeError):
        daily.timezone = "Europe/Paris"  # type: ignore[misc]
    assert daily.timezone == "US/Central"
    assert daily.time_window_for_partition_key("2023-01-02").start.utcoffset() == _dt.timedelta(
        hours=-6
    )


def test_equality_comes_from_the_fields() -> None:
    daily = DailyPartitionsDefinition("2023-01-01")
    generic = TimeWindowPartitionsDefinition(
        start="2023-01-01", fmt="%Y-%m-%d", cron_schedule="0 0 * * *"
    )
    assert daily == generic and hash(daily) == hash(generic)  # as in the reference
    assert daily != DailyPartitionsDefinition("2023-01-01", end_offset=1)
    assert daily != DailyPartitionsDefinition("2023-01-01", timezone="US/Central")
    assert StaticPartitionsDefinition(["a", "b"]) == StaticPartitionsDefinition(("a", "b"))
    assert StaticPartitionsDefinition(["a", "b"]) != StaticPartitionsDefinition(["b", "a"])
    assert DynamicPartitionsDefinition(name="x") != DynamicPartitionsDefinition(name="y")
    assert TimeWindowPartitionMapping(start_offset=-1) != TimeWindowPartitionMapping()
    assert daily != StaticPartitionsDefinition(["2023-01-01"])


def test_memoised_counts_still_follow_the_time() -> None:
    hourly = HourlyPartitionsDefinition("2023-01-01-00:00")
    at = _dt.datetime(2023, 1, 2, tzinfo=_dt.timezone.utc)
    counts = [hourly.get_num_partitions(at + _dt.timedelta(minutes=30 * i)) for i in range(5)]
    assert counts == [24, 24, 25, 25, 26]
    assert hourly == HourlyPartitionsDefinition("2023-01-01-00:00")  # the memo is not the value
