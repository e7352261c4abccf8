"""Property tests over partitions: strategies draw keys by position; mapping laws.

Run: ``pytest docs/examples/tests/example_hypothesis.py``
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from pipeline import daily, weekly
from pytest_partwise import assert_partition_mapping_laws
from pytest_partwise.strategies import (
    multi_partition_keys,
    partition_key_ranges,
    partition_keys,
    partition_subsets,
    partitions_definitions,
    time_windows,
)

import partwise as pw

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc)
hourly_la = pw.HourlyPartitionsDefinition(
    start_date=dt.datetime(2015, 1, 1),
    end_date=dt.datetime(2026, 1, 1),
    timezone="America/Los_Angeles",
    fmt="%Y-%m-%d-%H:%M%z",  # the offset tells the two 01:00 hours of fall-back days apart
)


@given(partition_keys(hourly_la, current_time=NOW))  # ~96k keys, drawn by position
def test_key_window_key_round_trip(key: str) -> None:
    window = hourly_la.time_window_for_partition_key(key)
    assert hourly_la.get_partition_key_for_timestamp(window.start.timestamp()) == key
    assert window.end.timestamp() - window.start.timestamp() == 3600


@given(partition_key_ranges(daily, max_length=31))
def test_ranges_list_consecutive_days(key_range: pw.PartitionKeyRange) -> None:
    keys = daily.get_partition_keys_in_range(key_range)
    assert keys[0] == key_range.start and keys[-1] == key_range.end


@given(partition_subsets(daily, max_size=5))
def test_subsets_round_trip(subset: pw.PartitionsSubset) -> None:
    again = daily.subset_with_partition_keys(subset.get_partition_keys())
    assert again == subset


@given(time_windows(weekly, max_partitions=4))
def test_windows_span_whole_weeks(window: pw.TimeWindow) -> None:
    days = (window.end - window.start).days
    assert days % 7 == 0 and 7 <= days <= 28


@given(
    multi_partition_keys(
        pw.MultiPartitionsDefinition(
            {"date": daily, "region": pw.StaticPartitionsDefinition(["eu", "us"])}
        ),
        dimensions={"region": "eu"},
    )
)
def test_one_region(key: pw.MultiPartitionKey) -> None:
    assert key.keys_by_dimension["region"] == "eu"


@given(partitions_definitions(["daily", "hourly", "static", "multi"]))
def test_user_code_handles_any_partitioning(defn: pw.PartitionsDefinition) -> None:
    keys = defn.get_partition_keys()
    assert len(set(keys)) == len(keys)  # keys are unique, whatever the kind


def test_weekly_reads_daily_obeys_the_mapping_laws() -> None:
    assert_partition_mapping_laws(pw.TimeWindowPartitionMapping(), daily, weekly, current_time=NOW)


def test_previous_day_mapping_obeys_the_laws() -> None:
    mapping = pw.TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)
    assert_partition_mapping_laws(mapping, daily, daily, max_examples=50, current_time=NOW)
