"""Subsets of time-window definitions: chronological keys, ranges, set algebra, refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from partwise._partitions.context import partition_loading_context
from partwise._partitions.definitions.base import PartitionKeyRange
from partwise._partitions.definitions.cadences import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
)
from partwise._partitions.subsets.base import DefaultPartitionsSubset
from partwise._partitions.subsets.time_window import TimeWindowPartitionsSubset
from partwise.errors import InvalidInvocationError

UTC = dt.timezone.utc
NOW = dt.datetime(2022, 2, 1, tzinfo=UTC)


@pytest.fixture
def daily() -> DailyPartitionsDefinition:
    return DailyPartitionsDefinition("2022-01-01")


def test_subset_is_a_time_window_subset_in_chronological_order(
    daily: DailyPartitionsDefinition,
) -> None:
    """subset_with_partition_keys gives a TimeWindowPartitionsSubset listing keys by time."""
    subset = daily.subset_with_partition_keys(["2022-01-05", "2022-01-02", "2022-01-03"])
    assert isinstance(subset, TimeWindowPartitionsSubset)
    assert list(subset.get_partition_keys()) == ["2022-01-02", "2022-01-03", "2022-01-05"]


def test_ranges_collapse_contiguous_keys(daily: DailyPartitionsDefinition) -> None:
    """Contiguous keys collapse into inclusive ranges (spec §0.1's example)."""
    subset = daily.subset_with_partition_keys(["2022-01-02", "2022-01-03", "2022-01-05"])
    assert subset.get_partition_key_ranges(daily) == [
        PartitionKeyRange("2022-01-02", "2022-01-03"),
        PartitionKeyRange("2022-01-05", "2022-01-05"),
    ]


def test_len_contains_and_bool(daily: DailyPartitionsDefinition) -> None:
    """len counts keys; `in` is exact-key membership; an empty subset is falsy."""
    subset = daily.subset_with_partition_keys(["2022-01-02", "2022-01-03"])
    assert len(subset) == 2
    assert "2022-01-02" in subset
    assert "2022-1-2" not in subset and "2022-01-04" not in subset and 3 not in subset
    assert not daily.empty_subset() and daily.empty_subset().is_empty


def test_set_algebra(daily: DailyPartitionsDefinition) -> None:
    """| & - combine subsets of the same definition by key."""
    a = daily.subset_with_partition_keys([f"2022-01-0{d}" for d in (1, 2, 3, 4)])
    b = daily.subset_with_partition_keys([f"2022-01-0{d}" for d in (3, 4, 5, 6)])
    assert list((a | b).get_partition_keys()) == [f"2022-01-0{d}" for d in range(1, 7)]
    assert list((a & b).get_partition_keys()) == ["2022-01-03", "2022-01-04"]
    assert list((a - b).get_partition_keys()) == ["2022-01-01", "2022-01-02"]
    assert list((b - a).get_partition_keys()) == ["2022-01-05", "2022-01-06"]


def test_difference_splits_intervals(daily: DailyPartitionsDefinition) -> None:
    """Removing a middle key leaves two ranges."""
    whole = daily.subset_with_partition_keys([f"2022-01-0{d}" for d in range(1, 6)])
    middle = daily.subset_with_partition_keys(["2022-01-03"])
    assert (whole - middle).get_partition_key_ranges() == [
        ("2022-01-01", "2022-01-02"),
        ("2022-01-04", "2022-01-05"),
    ]


def test_with_partition_keys_adds(daily: DailyPartitionsDefinition) -> None:
    """with_partition_keys returns a new subset with the keys added."""
    subset = daily.subset_with_partition_keys(["2022-01-02"])
    grown = subset.with_partition_keys(["2022-01-01"])
    assert list(grown.get_partition_keys()) == ["2022-01-01", "2022-01-02"]
    assert list(subset.get_partition_keys()) == ["2022-01-02"]


def test_equality_and_hash(daily: DailyPartitionsDefinition) -> None:
    """Subsets with the same keys of equal definitions are equal and hash alike."""
    a = daily.subset_with_partition_keys(["2022-01-02", "2022-01-03"])
    b = DailyPartitionsDefinition("2022-01-01").subset_with_partition_keys(
        ["2022-01-03", "2022-01-02"]
    )
    assert a == b and hash(a) == hash(b)
    assert a != daily.subset_with_partition_keys(["2022-01-02"])


def test_repr_shows_ranges(daily: DailyPartitionsDefinition) -> None:
    """repr lists the subset's key ranges."""
    subset = daily.subset_with_partition_keys(["2022-01-02", "2022-01-03"])
    assert repr(subset) == (
        "TimeWindowPartitionsSubset([PartitionKeyRange(start='2022-01-02', end='2022-01-03')])"
    )


def test_a_key_that_is_not_a_window_start_is_refused(daily: DailyPartitionsDefinition) -> None:
    """A malformed or out-of-range key raises InvalidInvocationError naming nearby keys."""
    with partition_loading_context(NOW):
        with pytest.raises(InvalidInvocationError, match="'2022-1-2'") as info:
            daily.subset_with_partition_keys(["2022-1-2"])
        assert "2022-01-02" in str(info.value)
        with pytest.raises(InvalidInvocationError, match="'2021-12-31'"):
            daily.subset_with_partition_keys(["2021-12-31"])


def test_subsets_of_different_definitions_do_not_mix(daily: DailyPartitionsDefinition) -> None:
    """Set algebra across different definitions raises instead of guessing."""
    other = DailyPartitionsDefinition("2021-01-01")
    with pytest.raises(InvalidInvocationError, match="different partitions definitions"):
        _ = daily.subset_with_partition_keys(["2022-01-02"]) | other.subset_with_partition_keys(
            ["2022-01-02"]
        )


def test_combines_with_a_default_subset_of_the_same_definition(
    daily: DailyPartitionsDefinition,
) -> None:
    """A key-set subset of the same definition combines with a time-window subset."""
    window = daily.subset_with_partition_keys(["2022-01-02"])
    keyset = DefaultPartitionsSubset({"2022-01-03"}, daily)
    assert list((window | keyset).get_partition_keys()) == ["2022-01-02", "2022-01-03"]


def test_all_partitions_is_one_interval(daily: DailyPartitionsDefinition) -> None:
    """subset_with_all_partitions holds every existing key as one range."""
    subset = daily.subset_with_all_partitions(current_time=NOW)
    assert len(subset) == 31
    assert subset.get_partition_key_ranges() == [("2022-01-01", "2022-01-31")]


def test_a_huge_subset_costs_nothing_to_hold() -> None:
    """A century of hours is one interval: length and membership need no key list."""
    hourly = HourlyPartitionsDefinition("2000-01-01-00:00")
    subset = hourly.subset_with_all_partitions(current_time=dt.datetime(2100, 1, 1, tzinfo=UTC))
    assert isinstance(subset, TimeWindowPartitionsSubset)
    hours = (dt.date(2100, 1, 1) - dt.date(2000, 1, 1)).days * 24
    assert subset.intervals == ((0, hours),)
    assert len(subset) == hours
    assert "2050-06-01-13:00" in subset


def test_exclusions_are_left_out_of_keys_length_and_ranges() -> None:
    """Excluded windows are not keys of a subset, and ranges start and end on real keys."""
    weekdays = DailyPartitionsDefinition("2022-01-01", exclusions=["0 0 * * 6,0"])
    subset = weekdays.subset_with_all_partitions(current_time=dt.datetime(2022, 1, 12, tzinfo=UTC))
    assert len(subset) == 7
    assert "2022-01-08" not in subset
    assert subset.get_partition_key_ranges() == [("2022-01-03", "2022-01-11")]


def test_dst_keys_round_trip_through_subsets() -> None:
    """Both passes of a repeated hour are distinct members of a subset."""
    central = HourlyPartitionsDefinition("2023-11-04-00:00", timezone="US/Central")
    keys = ["2023-11-05-01:00-0600", "2023-11-05-01:00", "2023-11-05-02:00"]
    subset = central.subset_with_partition_keys(keys)
    assert list(subset.get_partition_keys()) == [keys[1], keys[0], keys[2]]
    assert subset.get_partition_key_ranges() == [("2023-11-05-01:00", "2023-11-05-02:00")]
